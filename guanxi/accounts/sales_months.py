"""SalesMonth: derived from SalesLine, rebuilt for the accounts that changed, never edited.

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
  default as-of), so that rebuilding is deterministic.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Max

from guanxi.accounts.models import SalesLine, SalesMonth

TOUCHED = "gx_touched_accounts"

_MONTH = {
    "sqlite": "substr({d}, 1, 8) || '01'",
    "postgresql": "CAST(date_trunc('month', {d}) AS date)",
}
_DAYS = {
    "sqlite": "CAST(julianday({b}) - julianday({a}) AS INTEGER)",
    "postgresql": "({b} - {a})",
}


def _rebuild_sql() -> tuple[str, str]:
    vendor = connection.vendor
    lines, months = SalesLine._meta.db_table, SalesMonth._meta.db_table
    month = _MONTH[vendor].format(d="invoice_date")
    days = _DAYS[vendor].format(a="invoice_date", b="paid_date")
    delete = f"DELETE FROM {months} WHERE account_id IN (SELECT account_id FROM {TOUCHED})"
    insert = f"""
        INSERT INTO {months} (account_id, month, revenue, cost, costed_revenue, invoice_count,
                              line_count, paid_count, days_to_pay_sum, late_count, due_count)
        WITH invoice AS (
          SELECT account_id, invoice_id, MIN(invoice_date) AS invoice_date,
                 MAX(due_date) AS due_date,
                 CASE WHEN COUNT(paid_date) = COUNT(*) THEN MAX(paid_date) END AS paid_date,
                 SUM(amount) AS revenue, SUM(cost) AS cost,
                 SUM(CASE WHEN cost IS NOT NULL THEN amount END) AS costed_revenue,
                 COUNT(*) AS line_count
          FROM {lines} WHERE account_id IN (SELECT account_id FROM {TOUCHED})
          GROUP BY account_id, invoice_id)
        SELECT account_id, {month}, SUM(revenue), SUM(cost), COALESCE(SUM(costed_revenue), 0),
               COUNT(*), SUM(line_count), COUNT(paid_date), COALESCE(SUM({days}), 0),
               SUM(CASE WHEN due_date IS NOT NULL AND (paid_date > due_date
                        OR (paid_date IS NULL AND due_date < %s)) THEN 1 ELSE 0 END),
               COUNT(due_date)
        FROM invoice GROUP BY account_id, {month}"""
    return delete, insert


def create_touched_table() -> None:
    """A temporary table of account ids whose months are to be rebuilt (dropped at commit
    on PostgreSQL; emptied here on SQLite, where temporary tables live per connection)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS {TOUCHED} (account_id bigint PRIMARY KEY) "
                "ON COMMIT DROP"
            )
        else:
            cursor.execute(
                f"CREATE TEMP TABLE IF NOT EXISTS {TOUCHED} (account_id INTEGER PRIMARY KEY)"
            )
        cursor.execute(f"DELETE FROM {TOUCHED}")


def add_touched(account_ids: Iterable[int]) -> None:
    """One array on PostgreSQL, multi-row inserts on SQLite (an executemany would wait on
    PostgreSQL for each id; thousands of placeholders are slow to bind there)."""
    ids = list(account_ids)
    conflict = " ON CONFLICT DO NOTHING"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            insert = f"INSERT INTO {TOUCHED} (account_id) SELECT unnest(%s::bigint[])"
            cursor.execute(insert + conflict, [ids])
            return
        for start in range(0, len(ids), 5000):
            chunk = ids[start : start + 5000]
            values = ", ".join(["(%s)"] * len(chunk))
            cursor.execute(f"INSERT INTO {TOUCHED} (account_id) VALUES {values}{conflict}", chunk)


def latest_invoice_date() -> datetime.date | None:
    latest: datetime.date | None = SalesLine.objects.aggregate(latest=Max("invoice_date"))["latest"]
    return latest


def add_newly_overdue(previous: datetime.date | None, as_of: datetime.date | None) -> None:
    """When the as-of date moves on, invoices left unpaid fall due: their months change too."""
    if previous is None or as_of is None or as_of <= previous:
        return
    lines = SalesLine._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TOUCHED} (account_id) SELECT DISTINCT account_id FROM {lines} "
            "WHERE paid_date IS NULL AND due_date >= %s AND due_date < %s "
            "ON CONFLICT DO NOTHING",
            [_date(previous), _date(as_of)],
        )


def rebuild_touched(as_of: datetime.date | None) -> None:
    """Rebuild the months of the accounts in the touched table (inside the caller's transaction)."""
    delete, insert = _rebuild_sql()
    with connection.cursor() as cursor:
        cursor.execute(delete)
        cursor.execute(insert, [_date(as_of or datetime.date.max)])


def _date(value: datetime.date) -> str | datetime.date:
    return value if connection.vendor == "postgresql" else value.isoformat()


@transaction.atomic
def sales_months_rebuild(*, account_ids: Iterable[int] | None = None) -> None:
    """Rebuild SalesMonth from SalesLine for these accounts (all accounts when None)."""
    create_touched_table()
    if account_ids is not None:
        add_touched(account_ids)
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {TOUCHED} (account_id) SELECT account_id FROM "
                f"{SalesLine._meta.db_table} UNION SELECT account_id FROM "
                f"{SalesMonth._meta.db_table}"
            )
    rebuild_touched(latest_invoice_date())
