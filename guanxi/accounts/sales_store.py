"""The sales store: invoice lines and their monthly sums, kept columnar inside the database.

Sales data is written in bulk (an import, the demo) and read in bulk (the qualification of
a portfolio), or one account at a time (a scorecard). Rows in a B-tree are the wrong shape
for both: ten million lines cost minutes to insert (docs/decisions/0001). So the lines and
the months live in `SalesChunk` rows, one per bucket of accounts (`account_id % BUCKETS`),
each holding its accounts' lines and months as Parquet. A write rewrites only the buckets
it touches, in the caller's transaction: a crash or a kill leaves the store as it was, and
SQLite and PostgreSQL behave the same. DuckDB does the set work (merge, sums).

Lines are keyed by account, invoice and line: a line written again replaces the stored one,
so re-importing the same or an overlapping file never double-counts.

What a month holds (the qualification reads these sums):

- revenue, line_count: every line whose invoice falls in the month (credit notes are
  negative lines and reduce it); cost and costed_revenue only over lines with a cost, so
  the margin is computed on like for like (cost is NULL when no line had one);
- invoice_count and the payment figures count invoices (an invoice's lines share one key:
  account and invoice id); an invoice belongs to the month of its earliest line, is due on
  its latest due date and paid when every line has a paid date (on the latest one);
- days_to_pay_sum adds up paid − invoice date over the paid invoices;
- late_count: invoices with a due date that were paid after it, or are unpaid and were
  due before the *as-of* date, the latest invoice date in all the sales data (DESIGN §7's
  default as-of), so that the sums are deterministic. When a write moves the as-of date
  past an unpaid invoice's due date, that bucket's months are summed again
  (`months_valid_until` says when).
"""

from __future__ import annotations

import datetime
import tempfile
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from django.db import connection
from django.db.models import Max, Min
from django.utils import timezone

from guanxi.accounts.models import SalesChunk

BUCKETS = 64
STORE_LOCK = 0x6775616E78  # "guanx": the advisory lock of writes to the store (PostgreSQL)

LINE_TYPES: dict[str, str] = {
    "account_id": "BIGINT",
    "invoice_id": "VARCHAR",
    "line_no": "BIGINT",
    "invoice_date": "DATE",
    "amount": "DECIMAL(18,2)",
    "cost": "DECIMAL(18,2)",
    "quantity": "DECIMAL(18,3)",
    "product_id": "VARCHAR",
    "category": "VARCHAR",
    "due_date": "DATE",
    "paid_date": "DATE",
    "currency": "VARCHAR",
}
LINE_COLUMNS = tuple(LINE_TYPES)
MONTH_COLUMNS = (
    "account_id",
    "month",
    "revenue",
    "cost",
    "costed_revenue",
    "invoice_count",
    "line_count",
    "paid_count",
    "days_to_pay_sum",
    "late_count",
    "due_count",
)
_KEY = ("account_id", "invoice_id", "line_no")

Advance = Callable[[int], None]  # lines written since the last call


@dataclass(frozen=True)
class WriteCounts:
    inserted: int
    updated: int  # the key was there with other values
    unchanged: int  # the key was there with the same values

    @property
    def total(self) -> int:
        return self.inserted + self.updated + self.unchanged


def lines_table_sql(name: str) -> str:
    columns = ", ".join(f"{column} {kind}" for column, kind in LINE_TYPES.items())
    return f"CREATE TABLE {name} ({columns})"


def typed_lines_sql(source: str) -> str:
    """The lines of a DuckDB relation with LINE_COLUMNS of any type (text dates, numbers
    as text), cast to the store's types."""
    casts = ", ".join(f"CAST({name} AS {kind}) AS {name}" for name, kind in LINE_TYPES.items())
    return f"SELECT {casts} FROM {source}"


def write_lines(
    db: duckdb.DuckDBPyConnection, new: str, advance: Advance | None = None
) -> WriteCounts:
    """Merge the lines of DuckDB table or view `new` (LINE_COLUMNS, unique keys) into the
    store, inside the caller's database transaction."""
    write = SalesWrite(db, new)
    write.compute()
    return write.save(advance)


def forget(account_ids: Collection[int]) -> int:
    """Drop every line and month of these accounts (being deleted), inside the caller's
    transaction; how many lines went. The buckets they were in are written again without
    them; if the as-of date moves back (they had the latest invoice), other buckets' months
    are summed again where that changes which invoices were late."""
    ids = sorted({int(account_id) for account_id in account_ids})
    buckets = SalesChunk.objects.filter(bucket__in=_buckets_of(ids) or [])
    stored = set(buckets.values_list("bucket", flat=True))
    if not stored:
        return 0
    _lock()
    db = duckdb.connect()
    try:
        db.execute(_temp_lines_table("gx_kept"))
        for bucket in sorted(stored):
            _load(db, "gx_kept", _blob(bucket, "lines"))
        db.register("gx_gone", pa.table({"account_id": pa.array(ids, pa.int64())}))
        row = db.execute(
            "SELECT count(*) FROM gx_kept WHERE account_id IN (SELECT account_id FROM gx_gone)"
        ).fetchone()
        dropped = int(row[0]) if row else 0
        if dropped:
            db.execute("DELETE FROM gx_kept WHERE account_id IN (SELECT account_id FROM gx_gone)")
            kept = db.execute(
                f"SELECT DISTINCT CAST(account_id % {BUCKETS} AS INTEGER) FROM gx_kept"
            ).fetchall()
            SalesChunk.objects.filter(bucket__in=stored - {int(b) for (b,) in kept}).delete()
            write = SalesWrite(db, "gx_kept", replace=True)
            write.compute()
            write.save()
    finally:
        db.close()
    return dropped


def sum_again(db: duckdb.DuckDBPyConnection | None = None) -> None:
    """Sum every bucket's months afresh from its lines (inside the caller's transaction)."""
    own = db is None
    db = db or duckdb.connect()
    db.execute(_temp_lines_table("gx_nothing"))
    write = SalesWrite(db, "gx_nothing", resum_all=True)
    write.compute()
    write.save()
    db.execute("DROP TABLE gx_nothing")
    if own:
        db.close()


class SalesWrite:
    """One write to the store in three steps, so that a caller can do other database work
    while DuckDB does its part:

    1. `SalesWrite(db, new)` reads what it needs from the database (which buckets hold
       data, their stored lines where new lines will merge in);
    2. `compute()` is DuckDB alone (no Django database access: it may run in a thread):
       merges, sums the months, writes each bucket's Parquet to a temporary folder;
    3. `save()` writes the buckets' rows, in the caller's transaction.

    Buckets with nothing stored yet (a first import) take the short way: the new lines go
    straight to Parquet, never copied into another table.
    """

    def __init__(
        self,
        db: duckdb.DuckDBPyConnection,
        new: str,
        *,
        resum_all: bool = False,
        replace: bool = False,
    ) -> None:
        _lock()
        self.db = db
        db.execute("SET enable_progress_bar = false")  # DuckDB's own, printed to stdout
        self._folder = tempfile.TemporaryDirectory(prefix="guanxi-sales-")
        columns = ", ".join(LINE_COLUMNS)
        db.execute(
            f"CREATE OR REPLACE TEMP VIEW gx_new AS SELECT {columns}, "
            f"CAST(account_id % {BUCKETS} AS INTEGER) AS bucket FROM {new}"
        )
        row = db.execute(
            "SELECT list(DISTINCT bucket ORDER BY bucket), max(invoice_date), count(*) FROM gx_new"
        ).fetchone()
        assert row is not None
        self.buckets: list[int] = [int(b) for b in row[0] or []]
        self.total = int(row[2])
        self.stored = {
            chunk.bucket: chunk
            for chunk in SalesChunk.objects.only(
                "bucket", "last_invoice_date", "months_valid_from", "months_valid_until"
            )
        }
        # With `replace`, `new` holds the whole of each bucket it touches: nothing to merge.
        self.merging = [] if replace else [b for b in self.buckets if b in self.stored]
        newest = row[1]
        if self.merging:
            db.execute(_temp_lines_table("gx_old"))
            for bucket in self.merging:
                _load(db, "gx_old", _blob(bucket, "lines"))
            kept = db.execute(  # the stored lines that stay: a corrected date may go back
                f"SELECT max(invoice_date) FROM gx_old ANTI JOIN gx_new USING ({', '.join(_KEY)})"
            ).fetchone()
            newest = max((d for d in (newest, kept[0] if kept else None) if d), default=None)
        untouched = [c.last_invoice_date for b, c in self.stored.items() if b not in self.buckets]
        # The as-of date: the latest invoice date once this write is done.
        self.as_of = max(d for d in (*untouched, newest, datetime.date.min) if d)
        # Buckets left alone whose months change: the as-of date moved past an unpaid
        # invoice's due date (or every bucket, when asked to sum again).
        self.stale = [
            bucket
            for bucket, chunk in self.stored.items()
            if bucket not in self.buckets and (resum_all or not _valid(chunk, self.as_of))
        ]
        if self.stale:
            db.execute(_temp_lines_table("gx_stale"))
            for bucket in self.stale:
                _load(db, "gx_stale", _blob(bucket, "lines"))
        self.counts = WriteCounts(self.total, 0, 0)
        self._stats: dict[int, list[Any]] = {}

    def compute(self) -> None:
        db, folder = self.db, Path(self._folder.name)
        lines = "gx_new"
        if self.merging:
            self.counts = self._merge()
            lines = "gx_merged"
        if self.buckets:
            self._stats |= _sum_and_write(db, lines, self.as_of, folder / "new", with_lines=True)
        if self.stale:
            db.execute(
                f"CREATE OR REPLACE TEMP VIEW gx_stale_b AS "
                f"SELECT *, CAST(account_id % {BUCKETS} AS INTEGER) AS bucket FROM gx_stale"
            )
            self._stats |= _sum_and_write(db, "gx_stale_b", self.as_of, folder / "stale")
            db.execute("DROP VIEW gx_stale_b")
        for table in ("gx_old", "gx_merged", "gx_stale"):
            db.execute(f"DROP TABLE IF EXISTS {table}")
        db.execute("DROP VIEW IF EXISTS gx_new")

    def _merge(self) -> WriteCounts:
        """Stored and new lines as table gx_merged, a new line replacing the stored line of
        the same key; how many lines were new, changed, the same."""
        values = [column for column in LINE_COLUMNS if column not in _KEY]
        differs = " OR ".join(f"n.{c} IS DISTINCT FROM o.{c}" for c in values)
        key = ", ".join(_KEY)
        row = self.db.execute(f"""
            SELECT count(*) FILTER (WHERE o.account_id IS NULL),
                   count(*) FILTER (WHERE o.account_id IS NOT NULL AND ({differs})),
                   count(*)
            FROM gx_new n LEFT JOIN gx_old o USING ({key})""").fetchone()
        assert row is not None
        inserted, updated, total = (int(value) for value in row)
        columns = ", ".join(LINE_COLUMNS)
        self.db.execute(f"""
            CREATE OR REPLACE TEMP TABLE gx_merged AS
            SELECT {columns}, bucket FROM gx_new
            UNION ALL
            SELECT {columns}, CAST(account_id % {BUCKETS} AS INTEGER)
            FROM gx_old ANTI JOIN gx_new USING ({key})""")
        return WriteCounts(inserted, updated, total - inserted - updated)

    def discard(self) -> None:
        """Forget what `compute` made: the store has changed since this write read it."""
        self._folder.cleanup()

    def save(self, advance: Advance | None = None) -> WriteCounts:
        folder = Path(self._folder.name)
        try:
            for bucket in self.buckets:
                self._save(bucket, folder / "new", with_lines=True)
                if advance is not None:
                    advance(int(self._stats[bucket][3]))
            for bucket in self.stale:
                self._save(bucket, folder / "stale", with_lines=False)
        finally:
            self._folder.cleanup()
        return self.counts

    def _save(self, bucket: int, folder: Path, *, with_lines: bool) -> None:
        month_count, first_month, valid_until, line_count, last_invoice, valid_from = self._stats[
            bucket
        ]
        fields: dict[str, Any] = {
            "months": _read_partition(folder / "months", bucket),
            "month_count": month_count,
            "first_month": first_month,
            "last_invoice_date": last_invoice,
            "months_valid_from": valid_from,
            "months_valid_until": valid_until,
        }
        if with_lines:
            fields |= {"lines": _read_partition(folder / "lines", bucket), "line_count": line_count}
        if bucket in self.stored:  # update() leaves auto_now alone: `state()` reads it
            SalesChunk.objects.filter(bucket=bucket).update(**fields, updated_at=timezone.now())
        else:
            SalesChunk.objects.create(bucket=bucket, **fields)


def state() -> list[tuple[int, datetime.datetime]]:
    """Each bucket, with when it was last written: a write prepared outside its
    transaction (an import on SQLite) is saved only if the store is still as it read it."""
    return list(SalesChunk.objects.order_by("bucket").values_list("bucket", "updated_at"))


def _valid(chunk: SalesChunk, as_of: datetime.date) -> bool:
    """Whether a bucket's months still hold at this as-of date: no unpaid invoice's due
    date lies between the as-of date they were summed at and this one."""
    after = chunk.months_valid_from is None or as_of > chunk.months_valid_from
    before = chunk.months_valid_until is None or as_of <= chunk.months_valid_until
    return after and before


def _lock() -> None:
    """One write to the store at a time. SQLite's transactions already take the write lock
    when they begin (IMMEDIATE); on PostgreSQL two writes to one bucket would otherwise
    each read it, and the later commit would drop the earlier one's lines."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [STORE_LOCK])


def _temp_lines_table(name: str) -> str:
    return lines_table_sql(name).replace("CREATE TABLE", "CREATE OR REPLACE TEMP TABLE")


def _months_sql(lines: str, as_of: datetime.date) -> str:
    day = f"DATE '{as_of.isoformat()}'"
    return f"""
        WITH invoice AS (
          SELECT account_id, any_value(bucket) AS bucket, invoice_id,
                 min(invoice_date) AS invoice_date, max(invoice_date) AS latest_line,
                 max(due_date) AS due_date,
                 CASE WHEN count(paid_date) = count(*) THEN max(paid_date) END AS paid_date,
                 sum(amount) AS revenue, sum(cost) AS cost,
                 sum(amount) FILTER (WHERE cost IS NOT NULL) AS costed_revenue,
                 count(*) AS line_count
          FROM {lines} GROUP BY account_id, invoice_id)
        SELECT account_id, CAST(date_trunc('month', invoice_date) AS DATE) AS month,
               CAST(sum(revenue) AS DECIMAL(18,2)) AS revenue,
               CAST(sum(cost) AS DECIMAL(18,2)) AS cost,
               CAST(coalesce(sum(costed_revenue), 0) AS DECIMAL(18,2)) AS costed_revenue,
               count(*) AS invoice_count, CAST(sum(line_count) AS BIGINT) AS line_count,
               count(paid_date) AS paid_count,
               CAST(coalesce(sum(paid_date - invoice_date), 0) AS BIGINT) AS days_to_pay_sum,
               count(*) FILTER (WHERE due_date IS NOT NULL AND (paid_date > due_date
                   OR (paid_date IS NULL AND due_date < {day}))) AS late_count,
               count(due_date) AS due_count,
               any_value(bucket) AS bucket, max(latest_line) AS latest_line,
               min(due_date) FILTER (WHERE paid_date IS NULL AND due_date >= {day}) AS next_due,
               max(due_date) FILTER (WHERE paid_date IS NULL AND due_date < {day}) AS last_overdue
        FROM invoice GROUP BY account_id, month"""


def _sum_and_write(
    db: duckdb.DuckDBPyConnection,
    lines: str,
    as_of: datetime.date,
    folder: Path,
    *,
    with_lines: bool = False,
) -> dict[int, list[Any]]:
    """Sum the months of `lines` and write them (and the lines) as Parquet, one folder per
    bucket, in one parallel pass each; returns each bucket's figures."""
    folder.mkdir(parents=True, exist_ok=True)
    db.execute(f"CREATE OR REPLACE TEMP TABLE gx_months AS {_months_sql(lines, as_of)}")
    stats = {
        int(bucket): rest
        for bucket, *rest in db.execute("""
            SELECT bucket, count(*), min(month), min(next_due), sum(line_count), max(latest_line),
                   max(last_overdue)
            FROM gx_months GROUP BY bucket""").fetchall()
    }
    db.execute(
        f"COPY (SELECT {', '.join(MONTH_COLUMNS)}, bucket FROM gx_months "
        f"ORDER BY account_id, month) TO '{folder / 'months'}' "
        "(FORMAT parquet, PARTITION_BY (bucket), COMPRESSION zstd)"
    )
    if with_lines:
        db.execute(
            f"COPY (SELECT {', '.join(LINE_COLUMNS)}, bucket FROM {lines}) "
            f"TO '{folder / 'lines'}' (FORMAT parquet, PARTITION_BY (bucket), "
            "COMPRESSION zstd, ROW_GROUP_SIZE 100000)"
        )
    db.execute("DROP TABLE gx_months")
    return stats


def _read_partition(folder: Path, bucket: int) -> bytes:
    """One bucket's Parquet bytes (DuckDB may have written it as several files)."""
    files = sorted((folder / f"bucket={bucket}").glob("*.parquet"))
    if len(files) == 1:
        return files[0].read_bytes()
    table = pa.concat_tables([pq.ParquetFile(file).read() for file in files])
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return bytes(sink.getvalue().to_pybytes())


def _blob(bucket: int, field: str) -> bytes | memoryview:
    value: bytes | memoryview = SalesChunk.objects.values_list(field, flat=True).get(bucket=bucket)
    return value


def _table(blob: bytes | memoryview | None) -> pa.Table | None:
    if not blob:
        return None
    return pq.ParquetFile(pa.BufferReader(pa.py_buffer(blob))).read()


def _load(db: duckdb.DuckDBPyConnection, table: str, blob: bytes | memoryview) -> None:
    data = _table(blob)
    if data is None:
        return
    db.register("gx_blob", data)
    db.execute(f"INSERT INTO {table} SELECT {', '.join(LINE_COLUMNS)} FROM gx_blob")
    db.unregister("gx_blob")


# --- reading -----------------------------------------------------------------------------


def _buckets_of(account_ids: Iterable[int] | None) -> list[int] | None:
    if account_ids is None:
        return None
    return sorted({int(account_id) % BUCKETS for account_id in account_ids})


def _tables(field: str, account_ids: Sequence[int] | None) -> pa.Table | None:
    chunks = SalesChunk.objects.order_by("bucket")
    buckets = _buckets_of(account_ids)
    if buckets is not None:
        chunks = chunks.filter(bucket__in=buckets)
    tables = [t for t in (_table(blob) for blob in chunks.values_list(field, flat=True)) if t]
    if not tables:
        return None
    table = pa.concat_tables(tables)
    if account_ids is not None:
        wanted = pa.array(sorted({int(a) for a in account_ids}), pa.int64())
        table = table.filter(pc.is_in(table["account_id"], value_set=wanted))
    return table


def months(
    account_ids: Sequence[int] | None = None,
    first: datetime.date | None = None,
    last: datetime.date | None = None,
    *,
    ordered: bool = True,
) -> pa.Table:
    """The months of these accounts (all when None) from `first` to `last` month, as an
    Arrow table of MONTH_COLUMNS (money as decimals), ordered by account and month unless
    `ordered` is False."""
    table = _tables("months", account_ids)
    if table is None:
        return _empty_months()
    if first is not None:
        table = table.filter(pc.greater_equal(table["month"], pa.scalar(first, pa.date32())))
    if last is not None:
        table = table.filter(pc.less_equal(table["month"], pa.scalar(last, pa.date32())))
    if not ordered:
        return table
    return table.sort_by([("account_id", "ascending"), ("month", "ascending")])


def lines(account_ids: Sequence[int] | None = None) -> pa.Table:
    """The stored lines of these accounts (all when None), ordered by their key."""
    table = _tables("lines", account_ids)
    if table is None:
        return _empty("SELECT * FROM gx_lines")
    return table.sort_by([(column, "ascending") for column in _KEY])


def _empty_months() -> pa.Table:
    months = _months_sql("(SELECT *, 0 AS bucket FROM gx_lines)", datetime.date.min)
    return _empty(f"SELECT {', '.join(MONTH_COLUMNS)} FROM ({months})")


def _empty(sql: str) -> pa.Table:
    """What `sql` gives over an empty lines table gx_lines: the columns and their types."""
    db = duckdb.connect()
    try:
        db.execute(lines_table_sql("gx_lines"))
        return db.sql(sql).to_arrow_table()
    finally:
        db.close()


@dataclass(frozen=True)
class Span:
    first_month: datetime.date | None  # the first month any sales data covers
    last_invoice_date: datetime.date | None  # the latest invoice date: the default as-of


def span() -> Span:
    row = SalesChunk.objects.aggregate(first=Min("first_month"), last=Max("last_invoice_date"))
    return Span(row["first"], row["last"])


def clear() -> None:
    """Forget every stored line and month (inside the caller's transaction)."""
    SalesChunk.objects.all().delete()
