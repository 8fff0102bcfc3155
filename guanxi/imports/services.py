"""`sales_import`: read, check, then write a sales file in one transaction (DESIGN.md §6).

Nothing touches the database until the whole file has been read and checked. The writes
(new accounts, lines, their SalesMonth sums) then happen in one transaction, so a crash
or a kill leaves the database as it was; a dry run takes the same path and rolls back.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import NamedTuple, Protocol

from django.db import transaction

from guanxi.accounts import sales_months
from guanxi.imports import writing
from guanxi.imports.columns import HeaderMatch, match_headers
from guanxi.imports.pinyin_worker import PinyinJob
from guanxi.imports.rejects import write_rejects
from guanxi.imports.sources import EncodingRetry, SalesSource, open_csv, open_source
from guanxi.imports.staging import Problem, Staging

PROBLEMS_KEPT = 1000
logger = logging.getLogger(__name__)


class _Clock:
    """Where the time goes, phase by phase (logged at INFO: GUANXI_LOG_LEVEL=INFO)."""

    def __init__(self) -> None:
        self.phases: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        self.phases[phase] = self.phases.get(phase, 0.0) + now - self._last
        logger.info("sales import: %s %.2f s", phase, now - self._last)
        self._last = now


class ImportProgress(Protocol):
    """What a front door shows while an import runs; phases: reading, validating, writing."""

    def update(self, phase: str, completed: int, total: int | None) -> None: ...


class _Silent:
    def update(self, phase: str, completed: int, total: int | None) -> None:
        pass


@dataclass(frozen=True)
class SalesImportReport:
    path: Path
    kind: str
    encoding: str | None
    ignored_headers: tuple[str, ...]
    rows_read: int
    rows_rejected: int
    problem_count: int
    problems: list[Problem]  # the first PROBLEMS_KEPT, by line
    dry_run: bool
    skip_invalid: bool
    written: bool = False  # False when the file was rejected, and on a dry run
    customers_created: int = 0
    customers_matched: int = 0
    lines_inserted: int = 0
    lines_updated: int = 0
    lines_unchanged: int = 0
    rejects_path: Path | None = None
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)

    @property
    def rejected(self) -> bool:
        """The file had bad rows and the import did not go on without them."""
        return self.rows_rejected > 0 and not self.skip_invalid


class _Counts(NamedTuple):
    customers_created: int
    customers_matched: int
    lines_inserted: int
    lines_updated: int
    lines_unchanged: int


class _DryRunDone(Exception):
    def __init__(self, report: SalesImportReport) -> None:
        self.report = report


def sales_import(
    *,
    path: Path,
    mapping: Mapping[str, str] | None = None,
    encoding: str | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    progress: ImportProgress | None = None,
) -> SalesImportReport:
    """Import a sales file. Raises SourceError / HeaderError when it cannot be read at all;
    bad rows come back in the report (and nothing is written unless skip_invalid)."""
    started = time.perf_counter()
    clock = _Clock()
    progress = progress or _Silent()
    source = open_source(path, encoding)
    match = match_headers(source.headers, mapping or {})
    with tempfile.TemporaryDirectory(prefix="guanxi-import-") as directory:
        staging, source, match = _read(Path(directory), source, match, mapping or {}, progress)
        clock.lap("read")
        try:
            report = _check(staging, source, match, progress)
            report = replace(report, dry_run=dry_run, skip_invalid=skip_invalid)
            clock.lap("check")
            if report.rows_rejected and skip_invalid and not dry_run:
                report = replace(report, rejects_path=write_rejects(source, staging))
                clock.lap("rejects")
            if not report.rows_rejected or skip_invalid:
                try:
                    report = _write(staging, report, dry_run, progress, clock)
                except _DryRunDone as done:
                    report = done.report
        finally:
            staging.close()
    return replace(report, seconds=time.perf_counter() - started, phases=clock.phases)


def _read(
    directory: Path,
    source: SalesSource,
    match: HeaderMatch,
    mapping: Mapping[str, str],
    progress: ImportProgress,
) -> tuple[Staging, SalesSource, HeaderMatch]:
    """Load every batch into staging; a file guessed as UTF-8 that is not is read again."""
    for attempt in ("first", "gb18030"):
        staging = Staging(directory / attempt, match)
        try:
            for batch in source.batches(partial(progress.update, "reading", total=source.size)):
                staging.load(batch)
            return staging, source, match
        except EncodingRetry:
            staging.close()
            source = open_csv(source.path, None, guessed_wrong=True)
            match = match_headers(source.headers, mapping)
        except BaseException:
            staging.close()
            raise
    raise AssertionError("unreachable: the second attempt never retries")


def _check(
    staging: Staging,
    source: SalesSource,
    match: HeaderMatch,
    progress: ImportProgress,
) -> SalesImportReport:
    progress.update("validating", 0, 1)
    staging.check()
    rows_read, rows_rejected = staging.counts()
    progress.update("validating", 1, 1)
    return SalesImportReport(
        path=source.path,
        kind=source.kind,
        encoding=source.encoding,
        ignored_headers=match.ignored,
        rows_read=rows_read,
        rows_rejected=rows_rejected,
        problem_count=staging.problem_count(),
        problems=staging.problems(PROBLEMS_KEPT),
        dry_run=False,
        skip_invalid=False,
    )


def _write(
    staging: Staging,
    report: SalesImportReport,
    dry_run: bool,
    progress: ImportProgress,
    clock: _Clock,
) -> SalesImportReport:
    valid = staging.valid_count()
    written = 0

    def advance(rows: int) -> None:
        nonlocal written
        written += rows
        progress.update("writing", written, valid)

    progress.update("writing", 0, valid)
    with transaction.atomic():
        counts = _write_all(staging, valid, advance, clock)
        report = replace(report, written=not dry_run, **counts._asdict())
        if dry_run:
            raise _DryRunDone(report)  # rolls the transaction back
    clock.lap("commit")
    return report


def _write_all(staging: Staging, valid: int, advance: writing.Advance, clock: _Clock) -> _Counts:
    """Accounts, lines, months and search keys, inside the caller's transaction."""
    customers = staging.customers()
    existing = writing.match_accounts([code for code, _ in customers])
    new = [(code, name or code) for code, name in customers if code not in existing]
    search_keys = PinyinJob(name for _, name in new)  # in a child process, meanwhile
    try:
        created = writing.create_accounts(new)
        accounts = existing | created
        staging.set_accounts(list(accounts), list(accounts.values()))
        sales_months.create_touched_table()
        sales_months.add_touched(accounts.values())
        previous_as_of = sales_months.latest_invoice_date()
        before = writing.lines_in_touched_accounts()
        clock.lap("accounts")
        changed = writing.write_lines(staging, valid, advance)
        clock.lap("lines")
        inserted = writing.lines_in_touched_accounts() - before
        as_of = sales_months.latest_invoice_date()
        sales_months.add_newly_overdue(previous_as_of, as_of)
        sales_months.rebuild_touched(as_of)
        clock.lap("sales_months")
        names = {created[code]: name for code, name in new}
        writing.save_search_keys(names, search_keys.result())
        clock.lap("search_keys")
    finally:
        search_keys.cancel()
    return _Counts(len(created), len(existing), inserted, changed - inserted, valid - changed)
