"""Rolling periods counted back from an as-of date: months, quarters and years.

Periods end with the month that contains the as-of date (sales are summed by month, so a
month counts as soon as the as-of date falls in it). A quarter is three months and a year
twelve, rolling back from that month: year 0 is the trailing twelve months.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Granularity(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


MONTHS_IN: dict[Granularity, int] = {
    Granularity.MONTH: 1,
    Granularity.QUARTER: 3,
    Granularity.YEAR: 12,
}

# How far back the qualification looks: three years, so that eight quarters can each be
# compared with the same quarter a year before.
LOOKBACK_MONTHS = 36


def month_index(day: date) -> int:
    """A month as one integer (year × 12 + month − 1), so that months subtract."""
    return day.year * 12 + day.month - 1


def month_start(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True, slots=True)
class Period:
    """Months `first_month` … `last_month` (first days of the months), oldest first."""

    granularity: Granularity
    first_month: date
    last_month: date
    covered: bool  # False when the data starts after the period's first month


def periods_back(
    as_of: date, granularity: Granularity, count: int, history_start: date | None = None
) -> tuple[Period, ...]:
    """The `count` latest periods of a granularity, oldest first."""
    size = MONTHS_IN[granularity]
    last = month_index(as_of)
    first_known = month_index(history_start) if history_start is not None else None
    result = []
    for back in range(count - 1, -1, -1):
        end = last - back * size
        start = end - size + 1
        covered = first_known is None or start >= first_known
        result.append(Period(granularity, month_start(start), month_start(end), covered))
    return tuple(result)
