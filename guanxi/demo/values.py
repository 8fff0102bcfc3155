"""Dates and amounts in the text form every database casts from (ISO dates, "1234.50").

The demo writes tens of millions of values; handing the driver text instead of date and
Decimal objects spares an adapter call for each, and it is exactly what Django stores
on SQLite. PostgreSQL casts the same text to date and numeric.
"""

from __future__ import annotations

from datetime import date

_DAYS: dict[int, str] = {}


def day_text(ordinal: int) -> str:
    text = _DAYS.get(ordinal)
    if text is None:
        text = _DAYS[ordinal] = date.fromordinal(ordinal).isoformat()
    return text


def cents_text(cents: int) -> str:
    # Exact: a double holds cents / 100 to far better than half a cent below 10**13 yuan.
    return f"{cents / 100:.2f}"
