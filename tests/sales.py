"""Sales data for tests: lines written through the sales store, lines and months read back
as rows with attributes (what the ORM gave when they were tables), and the months computed
afresh from the lines in plain Python (the definition in guanxi/accounts/sales_store.py)."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import duckdb
import pyarrow as pa
from django.db import transaction

from guanxi.accounts import sales_store
from guanxi.accounts.models import Account

_MONEY = ("amount", "cost", "quantity")
_invoice_numbers = itertools.count(1)


def add_lines(lines: Iterable[dict[str, Any]]) -> sales_store.WriteCounts:
    """Write lines given as dicts (account or account_id, invoice_id, invoice_date, amount,
    and any other LINE_COLUMNS; line_no defaults to 1, currency to CNY) in one write."""
    rows = []
    for line in lines:
        row = dict(line)
        account = row.pop("account", None)
        if account is not None:
            row["account_id"] = account.pk
        unknown = set(row) - set(sales_store.LINE_COLUMNS)
        assert not unknown, f"not a line column: {unknown}"
        for column in _MONEY:  # exact text, whatever number type the test gave
            if row.get(column) is not None:
                row[column] = str(Decimal(str(row[column])))
        rows.append({"line_no": 1, "currency": "CNY"} | row)
    table = pa.table(
        {column: [row.get(column) for row in rows] for column in sales_store.LINE_COLUMNS}
    )
    db = duckdb.connect()
    try:
        db.register("given", table)
        db.execute(f"CREATE TABLE lines AS {sales_store.typed_lines_sql('given')}")
        with transaction.atomic():
            return sales_store.write_lines(db, "lines")
    finally:
        db.close()


def line(account: Account, invoice_date: date, **fields: Any) -> dict[str, Any]:
    """One line of its own invoice, 10 000 at a cost of 7 000 unless `fields` say otherwise."""
    return {
        "account": account,
        "invoice_id": f"INV{next(_invoice_numbers):06d}",
        "invoice_date": invoice_date,
        "amount": Decimal(10000),
        "cost": Decimal(7000),
    } | fields


def _rows(table: pa.Table) -> list[SimpleNamespace]:
    codes = dict(Account.objects.values_list("pk", "customer_code"))
    return [
        SimpleNamespace(**row, customer_code=codes.get(row["account_id"]))
        for row in table.to_pylist()
    ]


def lines(
    account: Account | None = None, customer_code: str | None = None
) -> list[SimpleNamespace]:
    """Stored lines (of one account, if given), ordered by account, invoice and line."""
    ids = _ids(account, customer_code)
    return _rows(sales_store.lines(ids))


def months(
    account: Account | None = None, customer_code: str | None = None
) -> list[SimpleNamespace]:
    """Stored months (of one account, if given), ordered by account and month."""
    ids = _ids(account, customer_code)
    return _rows(sales_store.months(ids))


def _ids(account: Account | None, customer_code: str | None) -> Sequence[int] | None:
    if account is not None:
        return [account.pk]
    if customer_code is not None:
        return [Account.objects.get(customer_code=customer_code).pk]
    return None


def month_line(
    account: Account,
    month: date,
    revenue: Decimal | float | str,
    cost: Decimal | float | str | None,
    *,
    invoices: int = 4,
    late: int = 0,
    days_to_pay: int = 40,
) -> list[dict[str, Any]]:
    """Lines giving one month these sums: `invoices` invoices of two lines each (line_count
    2 × invoices), all with a due date and paid `days_to_pay` days after their invoice date
    (invoice_count = paid_count = due_count = invoices, days_to_pay_sum = invoices ×
    days_to_pay), `late` of them paid a day after their due date, the others 20 days before;
    revenue and cost (costed_revenue = revenue) to the cent."""
    assert 0 <= late <= invoices <= 28 and days_to_pay >= 1
    cents = _cents(revenue)
    cost_cents = None if cost is None else _cents(cost)
    parts = invoices * 2
    out: list[dict[str, Any]] = []
    for part in range(parts):
        invoice = part // 2
        day = date(month.year, month.month, 1 + invoice)
        due = days_to_pay - 1 if invoice < late else days_to_pay + 20
        out.append({
            "account": account,
            "invoice_id": f"T-{account.pk}-{month:%Y%m}-{invoice}",
            "line_no": part % 2 + 1,
            "invoice_date": day,
            "amount": _share(cents, parts, part),
            "cost": None if cost_cents is None else _share(cost_cents, parts, part),
            "due_date": day + timedelta(days=due),
            "paid_date": day + timedelta(days=days_to_pay),
        })  # fmt: skip
    return out


def _cents(value: Decimal | float | str) -> int:
    cents = Decimal(str(value)) * 100
    assert cents == cents.to_integral_value(), f"{value} is not to the cent"
    return int(cents)


def _share(cents: int, parts: int, part: int) -> Decimal:
    """Part `part` of `cents` split in `parts`, the last one taking the remainder."""
    share = cents // parts + (cents % parts if part == parts - 1 else 0)
    return Decimal(share) / 100


# --- the months as the store defines them, computed afresh in Python -----------------------


@dataclass(frozen=True)
class Month:
    revenue: Decimal
    cost: Decimal | None
    costed_revenue: Decimal
    invoice_count: int
    line_count: int
    paid_count: int
    days_to_pay_sum: int
    late_count: int
    due_count: int


def months_from_lines() -> dict[tuple[str, date], Month]:
    """Every stored month as computed afresh from the stored lines, in Python, keyed by
    customer code and month; the as-of date is the latest invoice date of all lines."""
    stored = lines()
    as_of = max((row.invoice_date for row in stored), default=None)
    invoices: dict[tuple[str, str], list[SimpleNamespace]] = defaultdict(list)
    for row in stored:
        invoices[(row.customer_code, row.invoice_id)].append(row)
    by_month: dict[tuple[str, date], list[list[SimpleNamespace]]] = defaultdict(list)
    for (code, _), invoice in invoices.items():
        first = min(row.invoice_date for row in invoice)
        by_month[(code, first.replace(day=1))].append(invoice)
    return {key: _month(of_month, as_of) for key, of_month in by_month.items()}


def _month(invoices: list[list[SimpleNamespace]], as_of: date | None) -> Month:
    rows = [row for invoice in invoices for row in invoice]
    costed = [row for row in rows if row.cost is not None]
    paid = due = late = days = 0
    for invoice in invoices:
        start = min(row.invoice_date for row in invoice)
        due_dates = [row.due_date for row in invoice if row.due_date]
        due_date = max(due_dates) if due_dates else None
        paid_dates = [row.paid_date for row in invoice]
        paid_date = max(paid_dates) if all(paid_dates) else None
        if paid_date:
            paid += 1
            days += (paid_date - start).days
        if due_date:
            due += 1
            overdue = paid_date is None and as_of is not None and due_date < as_of
            late += bool((paid_date and paid_date > due_date) or overdue)
    return Month(
        revenue=sum((row.amount for row in rows), Decimal(0)),
        cost=sum((row.cost for row in costed), Decimal(0)) if costed else None,
        costed_revenue=sum((row.amount for row in costed), Decimal(0)),
        invoice_count=len(invoices),
        line_count=len(rows),
        paid_count=paid,
        days_to_pay_sum=days,
        late_count=late,
        due_count=due,
    )


def stored_months() -> dict[tuple[str, date], Month]:
    """Every stored month, keyed by customer code and month."""
    return {
        (row.customer_code, row.month): Month(
            revenue=row.revenue,
            cost=row.cost,
            costed_revenue=row.costed_revenue,
            invoice_count=row.invoice_count,
            line_count=row.line_count,
            paid_count=row.paid_count,
            days_to_pay_sum=row.days_to_pay_sum,
            late_count=row.late_count,
            due_count=row.due_count,
        )
        for row in months()
    }


def assert_months_match_lines() -> None:
    assert stored_months() == months_from_lines()
