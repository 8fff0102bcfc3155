"""Writing staged sales lines into the database, the fastest honest way for each backend.

SQLite: executemany of plain tuples, in key order, straight into an INSERT … ON CONFLICT
DO UPDATE (a staging table would copy every row twice and gains nothing on SQLite).
PostgreSQL: COPY of DuckDB's CSV into a temporary table, then one INSERT … ON CONFLICT.
Either way a line that is already there with the same values is left alone (not counted
as updated), and everything runs inside the caller's transaction.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from guanxi.accounts.models import Account, SalesLine
from guanxi.accounts.sales_months import TOUCHED
from guanxi.imports.staging import LINE_COLUMNS, Staging

WRITE_BATCH_ROWS = 50_000
ROWS_PER_INSERT = 1000
COPY_CHUNK_BYTES = 1 << 20
_KEY = ("account_id", "invoice_id", "line_no")

Advance = Callable[[int], None]  # rows (or bytes, for COPY) written since the last call


def match_accounts(codes: list[str]) -> dict[str, int]:
    """Existing accounts by customer code, for the codes of the file."""
    with_code = Account.objects.exclude(customer_code="")
    if len(codes) > 2000:  # one pass over all codes beats thousands of parameters
        wanted = set(codes)
        everything = with_code.values_list("customer_code", "id").iterator(chunk_size=20_000)
        return {code: pk for code, pk in everything if code in wanted}
    return dict(with_code.filter(customer_code__in=codes).values_list("customer_code", "id"))


def create_accounts(customers: list[tuple[str, str]]) -> dict[str, int]:
    """New accounts (no owner yet) and their first history record, as plain multi-row
    inserts: the ORM's bulk_create with history needs ≈0.3 ms an account. Every other
    field takes the model's default; search keys are set later (pinyin_worker.py)."""
    if not customers:
        return {}
    now = timezone.now()
    defaults: dict[str, Any] = {"created_at": now, "updated_at": now, "id": None}
    defaults |= {"history_date": now, "history_type": "+", "history_change_reason": "sales import"}
    accounts = _table_rows(
        Account, defaults, [(None, code, name[:200]) for code, name in customers]
    )
    _insert_many(*accounts)
    ids = match_accounts([code for code, _ in customers])
    history = Account.history.model  # type: ignore[attr-defined]
    records: list[tuple[int | None, str, str]] = [
        (ids[code], code, name[:200]) for code, name in customers
    ]
    _insert_many(*_table_rows(history, defaults, records))
    return ids


def _table_rows(
    model: type[Model], defaults: dict[str, Any], rows: list[tuple[int | None, str, str]]
) -> tuple[str, list[str], list[list[Any]]]:
    """Rows of (id, customer code, name) with every other column at the model's default."""
    template = model(**{f.attname: defaults.get(f.attname) for f in model._meta.concrete_fields
                        if f.attname in defaults})  # fmt: skip
    fields = [f for f in model._meta.concrete_fields if f.attname != "history_id"]
    if rows[0][0] is None:
        fields = [f for f in fields if not f.primary_key]
    base = [f.get_db_prep_save(getattr(template, f.attname), connection) for f in fields]
    names = [f.attname for f in fields]
    slots = [
        names.index(name) if name in names else None for name in ("id", "customer_code", "name")
    ]
    table: list[list[Any]] = []
    for row in rows:
        values = list(base)
        for slot, value in zip(slots, row, strict=True):
            if slot is not None:
                values[slot] = value
        table.append(values)
    return model._meta.db_table, [f.column for f in fields], table


def _insert_many(table: str, columns: list[str], rows: Sequence[Sequence[Any]]) -> None:
    """COPY on PostgreSQL; on SQLite, multi-row INSERTs of up to ROWS_PER_INSERT rows."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        per_statement = max(1, min(ROWS_PER_INSERT, 30_000 // len(columns)))  # variables
        row_marks = "(" + ", ".join(["%s"] * len(columns)) + ")"
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
                + ", ".join([row_marks] * len(chunk)),
                [value for row in chunk for value in row],
            )


def save_search_keys(names: dict[int, str], keys: dict[str, tuple[str, str]]) -> None:
    """Set the pinyin keys of the new accounts: through a temporary table, one UPDATE."""
    table = Account._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS gx_search_keys "
            "(id bigint PRIMARY KEY, name_pinyin varchar(400), name_initials varchar(100))"
        )
        cursor.execute("DELETE FROM gx_search_keys")
    rows = [(account_id, *keys[name]) for account_id, name in names.items()]
    _insert_many("gx_search_keys", ["id", "name_pinyin", "name_initials"], rows)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET name_pinyin = k.name_pinyin, name_initials = k.name_initials "
            f"FROM gx_search_keys k WHERE {table}.id = k.id"
        )


def lines_in_touched_accounts() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {SalesLine._meta.db_table} "
            f"WHERE account_id IN (SELECT account_id FROM {TOUCHED})"
        )
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def _upsert_sql(source: str) -> str:
    table = SalesLine._meta.db_table
    columns = ", ".join(LINE_COLUMNS)
    changing = [column for column in LINE_COLUMNS if column not in _KEY]
    assignments = ", ".join(f"{column} = excluded.{column}" for column in changing)
    differs = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    changed = " OR ".join(f"{table}.{column} {differs} excluded.{column}" for column in changing)
    return (
        f"INSERT INTO {table} ({columns}) {source} "
        f"ON CONFLICT ({', '.join(_KEY)}) DO UPDATE SET {assignments} WHERE {changed}"
    )


def write_lines(staging: Staging, rows: int, advance: Advance) -> int:
    """Upsert the staged lines; returns how many rows were inserted or really changed."""
    if connection.vendor == "postgresql":
        return _write_lines_postgresql(staging, rows, advance)
    return _write_lines_sqlite(staging, advance)


def _write_lines_sqlite(staging: Staging, advance: Advance) -> int:
    placeholders = ", ".join(["%s"] * len(LINE_COLUMNS))
    sql = _upsert_sql(f"VALUES ({placeholders})")
    changed = 0
    with connection.cursor() as cursor:
        for batch in staging.sorted_lines(WRITE_BATCH_ROWS):
            rows = list(zip(*(column.to_pylist() for column in batch.columns), strict=True))
            cursor.executemany(sql, rows)
            changed += max(cursor.rowcount, 0)
            advance(len(rows))
    return changed


def _write_lines_postgresql(staging: Staging, rows: int, advance: Advance) -> int:
    columns = ", ".join(LINE_COLUMNS)
    with tempfile.TemporaryDirectory(prefix="guanxi-copy-") as directory:
        csv_path = Path(directory) / "lines.csv"
        staging.write_lines_csv(csv_path)
        rows_per_byte = rows / max(csv_path.stat().st_size, 1)
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMP TABLE IF NOT EXISTS gx_sales_lines (account_id bigint, invoice_id varchar(64), "
                "line_no integer, invoice_date date, amount numeric(14,2), cost numeric(14,2), "
                "quantity numeric(14,3), product_id varchar(64), category varchar(100), "
                "due_date date, paid_date date, currency varchar(3)) ON COMMIT DROP"
            )
            cursor.execute("TRUNCATE gx_sales_lines")
            with (
                cursor.cursor.copy(
                    f"COPY gx_sales_lines ({columns}) FROM STDIN (FORMAT csv)"
                ) as copy,
                csv_path.open("rb") as lines,
            ):
                while chunk := lines.read(COPY_CHUNK_BYTES):
                    copy.write(chunk)
                    advance(round(len(chunk) * rows_per_byte))
            cursor.execute(_upsert_sql(f"SELECT {columns} FROM gx_sales_lines WHERE true"))
            return max(int(cursor.rowcount), 0)
