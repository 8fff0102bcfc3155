"""The one place where stored rows become the qualification domain's data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
from django.db import connection
from django.db.models import FloatField, Func, IntegerField, Max, Min, QuerySet
from django.db.models.functions import Cast

from guanxi.accounts.models import Account, SalesLine, SalesMonth
from guanxi.domain.qualification.metrics import FloatArray, Metric, MonthFigures, MonthTable
from guanxi.domain.qualification.periods import LOOKBACK_MONTHS, month_index, month_start
from guanxi.domain.qualification.scoring import Judged, judged_columns

_MONTH_FIELDS = (
    "month",
    "revenue",
    "cost",
    "costed_revenue",
    "invoice_count",
    "paid_count",
    "days_to_pay_sum",
    "late_count",
    "due_count",
)


@dataclass(frozen=True)
class Portfolio:
    """The accounts of a run, in the domain's terms; positions follow `account_ids`."""

    account_ids: list[int]
    current_tiers: list[str]
    months: MonthTable
    category_spend: FloatArray
    payment_terms_days: FloatArray
    judged: dict[Metric, FloatArray]
    history_start: date | None


def latest_sales_date() -> date | None:
    """The latest invoice date in the data: the default as-of date (DESIGN.md §7)."""
    latest_month = SalesMonth.objects.aggregate(latest=Max("month"))["latest"]
    if latest_month is None:
        return None
    lines = SalesLine.objects.filter(invoice_date__gte=latest_month)
    latest_day: date | None = lines.aggregate(latest=Max("invoice_date"))["latest"]
    return latest_day or latest_month


def history_start() -> date | None:
    """The first month any sales data covers."""
    first: date | None = SalesMonth.objects.aggregate(first=Min("month"))["first"]
    return first


def _window(as_of: date) -> tuple[date, date]:
    last = month_index(as_of)
    return month_start(last - LOOKBACK_MONTHS + 1), month_start(last)


class MonthIndex(Func):
    """A date's month as year × 12 + month − 1, computed by the database."""

    output_field = IntegerField()
    template = "(EXTRACT(YEAR FROM %(expressions)s) * 12 + EXTRACT(MONTH FROM %(expressions)s) - 1)"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # Dates are ISO text in SQLite; substr is many times faster than strftime.
        year, month = (
            "CAST(substr(%(expressions)s, 1, 4) AS INTEGER)",
            "CAST(substr(%(expressions)s, 6, 2) AS INTEGER)",
        )
        return self.as_sql(compiler, connection, template=f"({year} * 12 + {month} - 1)", **extra)


def _numbers(rows: QuerySet[Any], columns: int) -> npt.NDArray[np.float64]:
    """A values_list of numbers as one float matrix, NULL as NaN, straight from the driver:
    Django's per-value converters would cost more than the whole qualification."""
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return np.array(cursor.fetchall(), dtype=np.float64).reshape(-1, columns)


def portfolio_for(accounts: QuerySet[Account], as_of: date) -> Portfolio:
    """Two queries: the accounts' facts and judgements, and their months in the window."""
    rows = list(
        accounts.order_by("pk").values_list(
            "pk",
            "tier",
            "estimated_category_spend",
            "payment_terms_days",
            "credit_rating",
            "access_to_goals",
            "openness_to_ideas",
        )
    )
    first, last = _window(as_of)
    as_float = {f"{name}_float": Cast(name, FloatField()) for name in _MONTH_FIELDS[1:]}
    months = _numbers(
        SalesMonth.objects.filter(
            account__in=accounts.values("pk"), month__gte=first, month__lte=last
        )
        .annotate(month_index=MonthIndex("month"), **as_float)
        .values_list("account_id", "month_index", *as_float),
        columns=2 + len(as_float),
    )
    account_ids = np.array([row[0] for row in rows], dtype=np.int64)
    table = MonthTable(
        np.searchsorted(account_ids, months[:, 0].astype(np.int64)),
        months[:, 1].astype(np.int64),
        *(months[:, column] for column in range(2, months.shape[1])),
    )
    return Portfolio(
        account_ids=[row[0] for row in rows],
        current_tiers=[row[1] for row in rows],
        months=table,
        category_spend=np.array([row[2] for row in rows], dtype=np.float64),
        payment_terms_days=np.array([row[3] for row in rows], dtype=np.float64),
        judged=judged_columns([Judged(row[5], row[6], row[4] or None) for row in rows]),
        history_start=history_start(),
    )


def month_figures(account: Account, as_of: date) -> list[MonthFigures]:
    """One account's months in the window, oldest first (for its period series)."""
    first, last = _window(as_of)
    rows = SalesMonth.objects.filter(account=account, month__gte=first, month__lte=last)
    return [
        MonthFigures(
            month=month,
            revenue=float(revenue),
            cost=None if cost is None else float(cost),
            costed_revenue=float(costed_revenue),
            invoice_count=invoices,
            paid_count=paid,
            days_to_pay_sum=days,
            late_count=late,
            due_count=due,
        )
        for month, revenue, cost, costed_revenue, invoices, paid, days, late, due in rows.order_by(
            "month"
        ).values_list(*_MONTH_FIELDS)
    ]
