"""The one place where stored rows become the qualification domain's data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
from django.db.models import QuerySet

from guanxi.accounts import sales_store
from guanxi.accounts.models import Account
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
    return sales_store.span().last_invoice_date


def history_start() -> date | None:
    """The first month any sales data covers."""
    return sales_store.span().first_month


def _window(as_of: date) -> tuple[date, date]:
    last = month_index(as_of)
    return month_start(last - LOOKBACK_MONTHS + 1), month_start(last)


def _floats(table: pa.Table, column: str) -> npt.NDArray[np.float64]:
    """A column as floats, NULL as NaN."""
    values = pc.cast(table[column], pa.float64())
    return np.asarray(values.to_numpy(zero_copy_only=False), dtype=np.float64)


def portfolio_for(accounts: QuerySet[Account], as_of: date) -> Portfolio:
    """The accounts' facts and judgements (one query), and their months in the window."""
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
    account_ids = np.array([row[0] for row in rows], dtype=np.int64)
    months = sales_store.months([row[0] for row in rows], first, last, ordered=False)
    month_of = pc.add(
        pc.multiply(pc.year(months["month"]), 12), pc.subtract(pc.month(months["month"]), 1)
    )
    table = MonthTable(
        np.searchsorted(account_ids, months["account_id"].to_numpy()),
        np.asarray(month_of.to_numpy(zero_copy_only=False), dtype=np.int64),
        *(_floats(months, name) for name in _MONTH_FIELDS[1:]),
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
    months = sales_store.months([account.pk], first, last).to_pylist()
    return [
        MonthFigures(
            month=row["month"],
            revenue=float(row["revenue"]),
            cost=None if row["cost"] is None else float(row["cost"]),
            costed_revenue=float(row["costed_revenue"]),
            invoice_count=row["invoice_count"],
            paid_count=row["paid_count"],
            days_to_pay_sum=row["days_to_pay_sum"],
            late_count=row["late_count"],
            due_count=row["due_count"],
        )
        for row in months
    ]
