"""SalesMonth rows for qualification tests (the import fills them in real life)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory

from guanxi.accounts.models import Account, SalesMonth
from tests.factories import AccountFactory


class SalesMonthFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SalesMonth

    account = factory.SubFactory(AccountFactory)
    month = date(2024, 12, 1)
    revenue = Decimal("100000.00")
    cost = Decimal("75000.00")
    costed_revenue = factory.SelfAttribute("revenue")
    invoice_count = 4
    line_count = 8
    paid_count = 4
    days_to_pay_sum = 160
    late_count = 0
    due_count = 4


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
    """`months` months of sales up to `through`, growing by `growth_per_year`."""
    last = through.year * 12 + through.month - 1
    for back in range(months):
        index = last - back
        revenue = Decimal(str(round(monthly * (1 + growth_per_year) ** (-back / 12), 2)))
        SalesMonthFactory(
            account=account,
            month=date(index // 12, index % 12 + 1, 1),
            revenue=revenue,
            cost=(revenue * Decimal(str(1 - margin))).quantize(Decimal("0.01")),
            late_count=late,
        )
