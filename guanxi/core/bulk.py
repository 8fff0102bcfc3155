"""Many rows into one table, the fastest honest way for each backend, for the few places
that write tens of thousands of rows at once (an import's accounts, a qualification's
results): the ORM's bulk_create spends most of its time preparing each value."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection


def insert_rows(table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """COPY on PostgreSQL; sqlite3's own executemany on SQLite (no SQL rewriting per call).
    Values must already be what the database stores (JSON as text, dates as dates)."""
    names = ", ".join(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["?"] * len(columns))
        cursor.cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608 (names from models)
