"""How an import looks in the terminal: progress bars while it runs, then what it did."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Protocol

import click
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from guanxi.imports.contacts.services import ContactImportReport
from guanxi.imports.messages import problem_line
from guanxi.imports.services import SalesImportReport
from guanxi.imports.staging import Problem

ENCODING_NAMES = {"utf-8-sig": "utf-8 (BOM)", "utf-16": "utf-16 (BOM)"}


class RichProgress:
    """One bar per phase (reading, validating, writing), on stderr, only on a terminal."""

    def __init__(self) -> None:
        console = Console(stderr=True)
        self._progress = Progress(
            TextColumn("{task.description:<12}"),
            BarColumn(),
            TextColumn("{task.percentage:>3.0f}%"),
            TimeElapsedColumn(),
            console=console,
            disable=not console.is_terminal,
            transient=False,
        )
        self._tasks: dict[str, TaskID] = {}
        self._labels = {
            "reading": _("Reading"),
            "validating": _("Validating"),
            "writing": _("Writing"),
        }

    def __enter__(self) -> RichProgress:
        self._progress.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._progress.stop()

    def update(self, phase: str, completed: int, total: int | None) -> None:
        if phase not in self._tasks:
            for task in self._tasks.values():  # a new phase means the previous ones are done
                self._progress.update(task, completed=self._progress.tasks[task].total or 1)
            self._tasks[phase] = self._progress.add_task(
                self._labels.get(phase, phase), total=total
            )
        self._progress.update(self._tasks[phase], completed=completed, total=total)


class _Problems(Protocol):
    @property
    def problems(self) -> Sequence[Problem]: ...
    @property
    def problem_count(self) -> int: ...


def print_problems(
    report: _Problems, shown: int, describe: Callable[[Problem], str] = problem_line
) -> None:
    if not report.problem_count:
        return
    for problem in report.problems[:shown]:
        click.echo(describe(problem), err=True)
    if report.problem_count > shown:
        click.echo(
            _("… and %(count)s more problems.") % {"count": f"{report.problem_count - shown:,}"},
            err=True,
        )


class _Summary(Protocol):
    @property
    def path(self) -> Path: ...
    @property
    def kind(self) -> str: ...
    @property
    def encoding(self) -> str | None: ...
    @property
    def ignored_headers(self) -> tuple[str, ...]: ...
    @property
    def rows_rejected(self) -> int: ...
    @property
    def rejects_path(self) -> Path | None: ...
    @property
    def seconds(self) -> float: ...
    @property
    def dry_run(self) -> bool: ...


def _print_summary(report: _Summary, rows_read: str, changes: list[str]) -> None:
    """What every import says: the file and its encoding, what it did, what it left out."""
    encoding = ENCODING_NAMES.get(report.encoding or "", report.encoding) or report.kind.upper()
    lines = [_("File: %(path)s (%(encoding)s)") % {"path": report.path, "encoding": encoding}]
    lines.append(rows_read)
    if report.ignored_headers:
        lines.append(
            _("Columns ignored: %(headers)s") % {"headers": ", ".join(report.ignored_headers)}
        )
    lines += changes
    lines.append(_("Rows rejected: %(count)s") % {"count": f"{report.rows_rejected:,}"})
    if report.rejects_path is not None:
        lines.append(_("Rejected rows written to: %(path)s") % {"path": report.rejects_path})
    lines.append(_("Time: %(seconds).1f s") % {"seconds": report.seconds})
    if report.dry_run:
        lines.insert(0, _("Dry run: nothing was written. The import would do this:"))
    click.echo("\n".join(lines))


def print_summary(report: SalesImportReport) -> None:
    changes = []
    if report.written or report.dry_run:
        changes = [
            _("Customers: %(created)s created, %(matched)s matched")
            % {
                "created": f"{report.customers_created:,}",
                "matched": f"{report.customers_matched:,}",
            },
            _("Lines: %(inserted)s inserted, %(updated)s updated, %(unchanged)s unchanged")
            % {
                "inserted": f"{report.lines_inserted:,}",
                "updated": f"{report.lines_updated:,}",
                "unchanged": f"{report.lines_unchanged:,}",
            },
        ]
    rows_read = _("Rows read: %(count)s") % {"count": f"{report.rows_read:,}"}
    _print_summary(report, rows_read, changes)


def print_contact_summary(report: ContactImportReport) -> None:
    read = _("Cards read: %(count)s") if report.kind == "vcard" else _("Rows read: %(count)s")
    changes = []
    if report.written or (report.dry_run and not report.rejected):
        changes.append(
            _("Contacts: %(created)s created, %(updated)s updated, %(unchanged)s unchanged")
            % {
                "created": f"{report.created:,}",
                "updated": f"{report.updated:,}",
                "unchanged": f"{report.unchanged:,}",
            }
        )
        if report.notes_withheld:
            changes.append(
                ngettext(
                    "Personal notes left out for %(count)s contact: "
                    "only the account team writes them.",
                    "Personal notes left out for %(count)s contacts: "
                    "only the account team writes them.",
                    report.notes_withheld,
                )
                % {"count": f"{report.notes_withheld:,}"}
            )
    _print_summary(report, read % {"count": f"{report.rows_read:,}"}, changes)
