"""Sales months for qualification tests, written as lines through the sales store (the
import writes them in real life)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from guanxi.accounts.models import Account
from tests import sales

# What one month of sales_history holds besides its revenue and cost (tests/sales.month_line):
# 4 invoices of 2 lines, all due and paid, 40 days after their invoice date each.
MONTH = {"invoice_count": 4, "line_count": 8, "paid_count": 4, "days_to_pay_sum": 160,
         "due_count": 4}  # fmt: skip


def sales_history(
    account: Account,
    *,
    monthly: float = 100_000,
    margin: float = 0.25,
    late: int = 0,
    through: date = date(2024, 12, 1),
    months: int = 36,
    growth_per_year: float = 0.0,
) -> None:
    """`months` months of sales up to `through`, growing by `growth_per_year`; each month
    with the sums of MONTH, `late` of its 4 invoices paid late. One write to the store."""
    last = through.year * 12 + through.month - 1
    lines = []
    for back in range(months):
        index = last - back
        revenue = Decimal(str(round(monthly * (1 + growth_per_year) ** (-back / 12), 2)))
        cost = (revenue * Decimal(str(1 - margin))).quantize(Decimal("0.01"))
        month = date(index // 12, index % 12 + 1, 1)
        lines += sales.month_line(account, month, revenue, cost, late=late)
    sales.add_lines(lines)
