"""`contact_import`: read, check, then write a contact file in one transaction (DESIGN.md §6).

The stored contacts are read, matched and written inside one transaction, so what was
checked is what gets written, and a crash or a kill leaves the database as it was.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from django.db import transaction

from guanxi.accounts.models import Account
from guanxi.imports.contacts.checking import Checked, check_rows
from guanxi.imports.contacts.messages import contact_problem_reason
from guanxi.imports.contacts.planning import Plan, plan_contacts
from guanxi.imports.contacts.rows import ContactRow, read_table
from guanxi.imports.contacts.values import Words
from guanxi.imports.contacts.vcard import SUFFIXES, read_vcard_file, write_rejected_cards
from guanxi.imports.contacts.writing import SearchKeys, write_plan
from guanxi.imports.pinyin_worker import PinyinJob
from guanxi.imports.progress import ImportProgress, Silent
from guanxi.imports.rejects import write_rejected_rows
from guanxi.imports.report import PROBLEMS_KEPT, ImportReport
from guanxi.imports.sources import SalesSource
from guanxi.imports.staging import Problem
from guanxi.users.models import User


@dataclass(frozen=True)
class ContactImportReport(ImportReport):  # kind may also be "vcard"
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    notes_withheld: int = 0  # personal notes not written: the user is not on the account team


@dataclass(frozen=True)
class _File:
    path: Path
    kind: str
    encoding: str | None
    ignored_headers: tuple[str, ...]
    rows: list[ContactRow]
    table: SalesSource | None  # for the rejects file of a CSV or XLSX


def contact_import(
    *,
    path: Path,
    mapping: Mapping[str, str] | None = None,
    encoding: str | None = None,
    account: Account | None = None,
    user: User | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    progress: ImportProgress | None = None,
) -> ContactImportReport:
    """Import a contact file into `account` (else each row's customer code, or a vCard's
    organisation), only into accounts `user` may edit when given; the caller checks that
    `user` may edit `account`. Raises SourceError / HeaderError when the file cannot be read
    at all; bad rows come back in the report (nothing is written unless skip_invalid)."""
    started = time.perf_counter()
    progress = progress or Silent()
    file = _read(path, mapping or {}, encoding, account is not None, progress)
    progress.update("validating", 0, 1)
    words = Words.build()
    with transaction.atomic():
        checked = check_rows(file.rows, account=account, user=user, words=words)
        search_keys = PinyinJob(draft.name for draft in checked.drafts)  # meanwhile
        try:
            report, plan, problems = _plan(file, checked, dry_run, skip_invalid, progress)
            if report.rejected or dry_run:
                return replace(report, seconds=time.perf_counter() - started)
            _write(plan, user, search_keys.result(), progress)
        finally:
            search_keys.cancel()
    if problems:
        report = replace(report, rejects_path=_write_rejects(file, problems))
    return replace(report, written=True, seconds=time.perf_counter() - started)


def _plan(
    file: _File,
    checked: Checked,
    dry_run: bool,
    skip_invalid: bool,
    progress: ImportProgress,
) -> tuple[ContactImportReport, Plan, list[Problem]]:
    """What the import would do, and the report that says so."""
    plan = plan_contacts(checked)
    problems = sorted(checked.problems + plan.problems, key=lambda problem: problem.line)
    progress.update("validating", 1, 1)
    rejected_lines = {problem.line for problem in problems}
    report = ContactImportReport(
        path=file.path,
        kind=file.kind,
        encoding=file.encoding,
        ignored_headers=file.ignored_headers,
        rows_read=len(file.rows),
        rows_rejected=len(rejected_lines),
        problem_count=len(problems),
        problems=problems[:PROBLEMS_KEPT],
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        created=len(plan.creates),
        updated=len(plan.updates),
        unchanged=plan.unchanged,
        notes_withheld=checked.notes_withheld,
    )
    return report, plan, problems


def _read(
    path: Path,
    mapping: Mapping[str, str],
    encoding: str | None,
    account_given: bool,
    progress: ImportProgress,
) -> _File:
    if path.suffix.lower() in SUFFIXES:
        progress.update("reading", 0, 1)
        vcard = read_vcard_file(path, encoding)
        progress.update("reading", 1, 1)
        return _File(path, "vcard", vcard.encoding, (), vcard.rows, None)

    def reading(done: int, total: int) -> None:
        progress.update("reading", done, total)

    table = read_table(path, mapping, encoding, account_given, reading)
    source = table.source
    return _File(path, source.kind, source.encoding, table.match.ignored, table.rows, source)


def _write(plan: Plan, user: User | None, keys: SearchKeys, progress: ImportProgress) -> None:
    total = len(plan.creates) + len(plan.updates)
    written = 0

    def advance(contacts: int) -> None:
        nonlocal written
        written += contacts
        progress.update("writing", written, total)

    progress.update("writing", 0, total)
    write_plan(plan, user, keys, advance)


def _write_rejects(file: _File, problems: list[Problem]) -> Path:
    """The rejected rows as they were, with their reasons."""
    reasons: dict[int, list[str]] = defaultdict(list)
    for problem in problems:
        reasons[problem.line].append(f"{problem.column}: {contact_problem_reason(problem)}")
    rejected = [(row, "; ".join(reasons[row.line])) for row in file.rows if row.line in reasons]
    if file.table is None:
        return write_rejected_cards(file.path, file.encoding or "utf-8", rejected)
    return write_rejected_rows(file.table, [(row.cells, reason) for row, reason in rejected])
