"""Writing an import's new accounts: plain multi-row inserts (COPY on PostgreSQL).

The lines themselves go to the sales store (guanxi.accounts.sales_store). Everything runs
inside the caller's transaction.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from guanxi.accounts.models import Account
from guanxi.core.bulk import insert_rows


def match_accounts(codes: list[str]) -> dict[str, int]:
    """Existing accounts by customer code, for the codes of the file."""
    with_code = Account.objects.exclude(customer_code="")
    if len(codes) > 2000:  # one pass over all codes beats thousands of parameters
        wanted = set(codes)
        everything = with_code.values_list("customer_code", "id").iterator(chunk_size=20_000)
        return {code: pk for code, pk in everything if code in wanted}
    return dict(with_code.filter(customer_code__in=codes).values_list("customer_code", "id"))


NewAccount = tuple[str, str, str, str]  # customer code, name, pinyin, initials
_GIVEN = ("id", "customer_code", "name", "name_pinyin", "name_initials")


def reserve_account_ids(count: int) -> list[int]:
    """Ids for `count` new accounts, known before they are written (so the lines can be
    prepared meanwhile). Inside the import's transaction: on SQLite it holds the write
    lock (BEGIN IMMEDIATE), so the next ids are free; PostgreSQL hands them out."""
    if count == 0:
        return []
    table = Account._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [int(pk) for (pk,) in cursor.fetchall()]
        cursor.execute(
            f"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "
            f"coalesce((SELECT max(id) FROM {table}), 0))",
            [table],
        )
        row = cursor.fetchone()
    start = int(row[0]) + 1 if row else 1
    return list(range(start, start + count))


def create_accounts(customers: list[NewAccount], ids: list[int]) -> dict[str, int]:
    """New accounts (no owner yet) with the given ids and their first history record, as
    plain inserts: the ORM's bulk_create with history needs ≈0.3 ms an account. Every
    other field takes the model's default; empty search keys are filled in later."""
    if not customers:
        return {}
    now = timezone.now()
    defaults: dict[str, Any] = {"created_at": now, "updated_at": now}
    defaults |= {"history_date": now, "history_type": "+", "history_change_reason": "sales import"}
    rows = [
        (pk, code, name[:200], *keys)
        for pk, (code, name, *keys) in zip(ids, customers, strict=True)
    ]
    insert_rows(*_table_rows(Account, defaults, rows))
    history = Account.history.model  # type: ignore[attr-defined]
    insert_rows(*_table_rows(history, defaults, rows))
    return {code: pk for pk, (code, *_) in zip(ids, customers, strict=True)}


def _table_rows(
    model: type[Model], defaults: dict[str, Any], rows: list[tuple[Any, ...]]
) -> tuple[str, list[str], list[list[Any]]]:
    """Rows of (id, code, name, pinyin, initials) with every other column at its default."""
    template = model(**{f.attname: defaults.get(f.attname) for f in model._meta.concrete_fields
                        if f.attname in defaults})  # fmt: skip
    fields = [f for f in model._meta.concrete_fields if f.attname != "history_id"]
    if rows[0][0] is None:
        fields = [f for f in fields if not f.primary_key]
    base = [f.get_db_prep_save(getattr(template, f.attname), connection) for f in fields]
    names = [f.attname for f in fields]
    slots = [names.index(name) if name in names else None for name in _GIVEN]
    table: list[list[Any]] = []
    for row in rows:
        values = list(base)
        for slot, value in zip(slots, row, strict=True):
            if slot is not None:
                values[slot] = value
        table.append(values)
    return model._meta.db_table, [f.column for f in fields], table
