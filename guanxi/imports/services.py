"""`sales_import`: read, check, then write a sales file in one transaction (DESIGN.md §6).

Nothing touches the database until the whole file has been read and checked. The writes
(new accounts, and the lines with their monthly sums into the sales store) then happen in
one transaction, so a crash or a kill leaves the database as it was; a dry run takes the
same path and rolls back. On SQLite the lines are merged and summed before that
transaction, which then holds the one write lock only to check and save (`_Ahead`).
Pinyin search keys of many new accounts are filled in afterwards by a background task
(pypinyin needs ≈0.5 ms a name).
"""

from __future__ import annotations

import logging
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import NamedTuple

from django.db import connection, transaction

from guanxi.accounts import sales_store
from guanxi.accounts.tasks import account_search_keys_task, search_keys
from guanxi.imports import writing
from guanxi.imports.columns import HeaderMatch, match_headers
from guanxi.imports.progress import ImportProgress, Silent
from guanxi.imports.rejects import write_rejects
from guanxi.imports.report import PROBLEMS_KEPT, ImportReport
from guanxi.imports.sources import EncodingRetry, SalesSource, open_csv, open_source
from guanxi.imports.staging import Staging

SEARCH_KEYS_INLINE = 2000  # more new accounts than this get their pinyin keys in the background
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


@dataclass(frozen=True)
class SalesImportReport(ImportReport):
    customers_created: int = 0
    customers_matched: int = 0
    lines_inserted: int = 0
    lines_updated: int = 0
    lines_unchanged: int = 0
    phases: dict[str, float] = field(default_factory=dict)


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
    progress = progress or Silent()
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
    """Load the file into staging: a clean CSV in one typed pass, any other file batch by
    batch; a file guessed as UTF-8 that is not is read again."""
    progress.update("reading", 0, source.size)
    staging = Staging(directory / "clean", match)
    if staging.load_clean(source, partial(progress.update, "reading", total=source.size)):
        progress.update("reading", source.size, source.size)
        return staging, source, match
    staging.close()
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
    # SQLite has one writer at a time: an import that held the lock while DuckDB merges
    # and sums would stop every other user's save for as long (30 s for 100 k lines into
    # a store of 10 M), and past the busy timeout fail it. So the lines are made ready
    # first, and the transaction only checks that nothing they rest on changed meanwhile.
    ahead = _ready_ahead(staging, clock) if connection.vendor == "sqlite" else None
    with transaction.atomic():
        if ahead is not None and not ahead.still_holds():
            ahead.discard()
            ahead = None
            logger.info("sales import: the accounts or the store changed meanwhile: again")
        counts = ahead.finish(advance, clock) if ahead else _write_all(staging, advance, clock)
        report = replace(report, written=not dry_run, **counts._asdict())
        if dry_run:
            raise _DryRunDone(report)  # rolls the transaction back
    clock.lap("commit")
    return report


@dataclass
class _Plan:
    """What an import will write: its accounts (matched, new with their ids) and the
    lines' write to the store, prepared from one reading of the database."""

    codes: list[str]
    existing: dict[str, int]
    new: list[tuple[str, str]]
    ids: list[int]
    write: sales_store.SalesWrite
    store: list[tuple[int, datetime]]  # the store as it was read: each bucket when written

    def create_accounts(self) -> None:
        inline = len(self.new) <= SEARCH_KEYS_INLINE
        writing.create_accounts(
            [
                (code, name, *search_keys(name)) if inline else (code, name, "", "")
                for code, name in self.new
            ],
            self.ids,
        )
        if not inline:
            transaction.on_commit(account_search_keys_task.enqueue)

    def counts(self, written: sales_store.WriteCounts) -> _Counts:
        return _Counts(
            len(self.new), len(self.existing), written.inserted, written.updated, written.unchanged
        )


def _plan(staging: Staging) -> _Plan:
    store = sales_store.state()  # first: a write after it shows as a change
    customers = staging.customers()
    codes = [code for code, _ in customers]
    existing = writing.match_accounts(codes)
    new = [(code, name or code) for code, name in customers if code not in existing]
    ids = writing.reserve_account_ids(len(new))
    accounts = existing | {code: pk for (code, _), pk in zip(new, ids, strict=True)}
    staging.set_accounts(list(accounts), list(accounts.values()))
    write = sales_store.SalesWrite(staging.db, staging.create_lines_view())
    return _Plan(codes, existing, new, ids, write, store)


@dataclass
class _Ahead:
    """An import's lines merged and summed before its transaction (SQLite)."""

    plan: _Plan

    def still_holds(self) -> bool:
        """Inside the transaction, which holds the write lock: the store, the accounts of
        the file's customers and the next free ids are as they were read."""
        plan = self.plan
        return (
            sales_store.state() == plan.store
            and writing.match_accounts(plan.codes) == plan.existing
            and writing.reserve_account_ids(len(plan.new)) == plan.ids
        )

    def finish(self, advance: sales_store.Advance, clock: _Clock) -> _Counts:
        try:
            self.plan.create_accounts()
        except BaseException:
            self.discard()  # save() would have; the transaction rolls back
            raise
        clock.lap("accounts")
        written = self.plan.write.save(advance)
        clock.lap("store")
        return self.plan.counts(written)

    def discard(self) -> None:
        self.plan.write.discard()


def _ready_ahead(staging: Staging, clock: _Clock) -> _Ahead:
    plan = _plan(staging)
    clock.lap("prepare")
    try:
        plan.write.compute()
    except BaseException:
        plan.write.discard()
        raise
    clock.lap("lines")
    return _Ahead(plan)


def _write_all(staging: Staging, advance: sales_store.Advance, clock: _Clock) -> _Counts:
    """Accounts, then lines and months, inside the caller's transaction. The new accounts'
    ids are reserved first, so DuckDB prepares the lines (in a thread) while the accounts
    are written."""
    plan = _plan(staging)
    clock.lap("prepare")
    preparing = _Background(plan.write.compute)
    try:
        plan.create_accounts()
        clock.lap("accounts")
    finally:
        preparing.wait()  # DuckDB's thread is done before anything else happens
    preparing.join()
    clock.lap("lines")
    written = plan.write.save(advance)
    clock.lap("store")
    return plan.counts(written)


class _Background:
    """A function run in a thread; `join()` waits and raises what it raised."""

    def __init__(self, work: Callable[[], None]) -> None:
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(work,), name="sales-store")
        self._thread.start()

    def _run(self, work: Callable[[], None]) -> None:
        try:
            work()
        except BaseException as error:  # handed to join()
            self._error = error

    def wait(self) -> None:
        self._thread.join()

    def join(self) -> None:
        self._thread.join()
        if self._error is not None:
            raise self._error
