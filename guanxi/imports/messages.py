"""The words for what the import found: the domain of the import speaks in codes, this module
turns them into the user's language (the CLI and, later, the web upload share it)."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from guanxi.imports.columns import HeaderError
from guanxi.imports.parsing import TEXT_LIMITS
from guanxi.imports.sources import SourceError
from guanxi.imports.staging import Problem


def problem_reason(problem: Problem) -> str:
    value = shorten(problem.value)
    match problem.code:
        case "missing":
            return _("required but empty")
        case "too_long":
            return _("longer than %(limit)s characters") % {
                "limit": TEXT_LIMITS.get(problem.column, 0)
            }
        case "bad_date":
            return _("not a date: %(value)s") % {"value": value}
        case "bad_number":
            return _("not a number: %(value)s") % {"value": value}
        case "out_of_range":
            return _("out of range: %(value)s") % {"value": value}
        case "bad_integer":
            return _("not a whole number: %(value)s") % {"value": value}
        case "bad_currency":
            return _("not a three-letter currency code: %(value)s") % {"value": value}
        case "duplicate":
            return _("repeats line %(line)s (same customer, invoice and line)") % {
                "line": problem.value
            }
    return problem.code


def problem_line(problem: Problem, reason: Callable[[Problem], str] = problem_reason) -> str:
    return _("line %(line)s, %(column)s: %(reason)s") % {
        "line": problem.line,
        "column": problem.column,
        "reason": reason(problem),
    }


def header_error(error: HeaderError) -> str:
    found = ", ".join(error.headers)
    columns = ", ".join(error.columns)
    if error.code == "unknown_header":
        return _("The file has no column %(columns)s; its columns are: %(found)s.") % {
            "columns": columns,
            "found": found,
        }
    if error.code == "duplicate_column":
        return _("Two columns of the file both mean %(columns)s; choose one with a map.") % {
            "columns": columns
        }
    return _(
        "Required columns are missing: %(columns)s. The file's columns are: %(found)s. "
        "Map them with canonical=Header."
    ) % {"columns": columns, "found": found}


def source_error(error: SourceError) -> str:
    if error.code == "empty":
        return _("The file is empty.")
    if error.code == "unsupported_format":
        return _("Unsupported file type %(suffix)s: use CSV, XLSX or Parquet.") % {
            "suffix": error.detail
        }
    return _("The file cannot be read: %(detail)s") % {"detail": error.detail}


def shorten(value: str | None) -> str:
    if value is None:
        return "''"
    return repr(value if len(value) <= 40 else value[:39] + "…")
