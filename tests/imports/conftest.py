"""Helpers for import tests: real files written in tmp_path, the CLI run in-process."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from django.utils import translation

from guanxi.accounts.models import SalesLine, SalesMonth
from guanxi.cli.main import cli

HEADERS = ["customer_id", "customer_name", "invoice_id", "line_no", "invoice_date", "amount",
           "cost", "quantity", "due_date", "paid_date"]  # fmt: skip


@pytest.fixture(autouse=True)
def _forget_the_cli_language() -> Iterator[None]:
    yield
    translation.deactivate()  # the CLI activates the terminal's language for the process


def run(*args: str | Path) -> Result:
    """`guanxi import sales …` in English, whatever the machine's locale."""
    return CliRunner().invoke(
        cli, ["import", "sales", *map(str, args)], env={"GUANXI_LANGUAGE": "en"}
    )


def write_csv(
    path: Path, rows: Sequence[Sequence[object]], headers: Sequence[str] = HEADERS,
    encoding: str = "utf-8",
) -> Path:  # fmt: skip
    with path.open("w", encoding=encoding, newline="") as out:
        writer = csv.writer(out)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


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
    """SalesMonth as computed afresh from SalesLine, in Python (the definition in
    guanxi/accounts/sales_months.py), keyed by customer code and month."""
    lines = list(SalesLine.objects.select_related("account"))
    as_of = max((line.invoice_date for line in lines), default=None)
    invoices: dict[tuple[str, str], list[SalesLine]] = defaultdict(list)
    for line in lines:
        invoices[(line.account.customer_code, line.invoice_id)].append(line)
    months: dict[tuple[str, date], list[list[SalesLine]]] = defaultdict(list)
    for (code, _), invoice in invoices.items():
        first = min(line.invoice_date for line in invoice)
        months[(code, first.replace(day=1))].append(invoice)
    return {key: _month(invoices_of_month, as_of) for key, invoices_of_month in months.items()}


def _month(invoices: list[list[SalesLine]], as_of: date | None) -> Month:
    lines = [line for invoice in invoices for line in invoice]
    costed = [line for line in lines if line.cost is not None]
    paid = due = late = days = 0
    for invoice in invoices:
        start = min(line.invoice_date for line in invoice)
        due_dates = [line.due_date for line in invoice if line.due_date]
        due_date = max(due_dates) if due_dates else None
        paid_dates = [line.paid_date for line in invoice]
        paid_date = max(paid_dates) if all(paid_dates) else None  # type: ignore[type-var]
        if paid_date:
            paid += 1
            days += (paid_date - start).days
        if due_date:
            due += 1
            overdue = paid_date is None and as_of is not None and due_date < as_of
            late += bool((paid_date and paid_date > due_date) or overdue)
    return Month(
        revenue=sum((line.amount for line in lines), Decimal(0)),
        cost=sum((line.cost for line in costed), Decimal(0)) if costed else None,  # type: ignore[misc]
        costed_revenue=sum((line.amount for line in costed), Decimal(0)),
        invoice_count=len(invoices),
        line_count=len(lines),
        paid_count=paid,
        days_to_pay_sum=days,
        late_count=late,
        due_count=due,
    )


def stored_months() -> dict[tuple[str, date], Month]:
    return {
        (row.account.customer_code, row.month): Month(
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
        for row in SalesMonth.objects.select_related("account")
    }


def assert_months_match_lines() -> None:
    assert stored_months() == months_from_lines()
