"""Pages without COUNT(*): fetch one row more than shown to know whether there is a next page."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Generic, TypeVar

from django.db.models import QuerySet

RowT = TypeVar("RowT")
OtherT = TypeVar("OtherT")

MAX_PAGE = 10_000


@dataclass(frozen=True)
class Page(Generic[RowT]):
    rows: list[RowT]
    number: int
    has_next: bool

    def map(self, rows: Callable[[list[RowT]], list[OtherT]]) -> Page[OtherT]:
        """The same page, its rows turned into something else (in one go, not row by row)."""
        return replace(self, rows=rows(self.rows))  # type: ignore[arg-type, return-value]

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def next_number(self) -> int:
        return self.number + 1

    @property
    def previous_number(self) -> int:
        return self.number - 1


def page_number(raw: str | None) -> int:
    try:
        number = int(raw or 1)
    except ValueError:
        return 1
    return min(max(number, 1), MAX_PAGE)


def page_of(
    rows_in_order: QuerySet[Any, RowT] | Sequence[RowT], raw_number: str | None, per_page: int
) -> Page[RowT]:
    number = page_number(raw_number)
    start = (number - 1) * per_page
    rows = list(rows_in_order[start : start + per_page + 1])
    return Page(rows=rows[:per_page], number=number, has_next=len(rows) > per_page)
