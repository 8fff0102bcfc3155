"""Limit/offset pages without COUNT(*): one row more than asked says whether there is a next."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest

from guanxi.api.schemas import PageParams

RowT = TypeVar("RowT", bound=Model)


def page_of(
    request: HttpRequest, rows: QuerySet[RowT], params: PageParams
) -> tuple[list[RowT], str | None]:
    """The rows of the asked page, and the URL of the next page (None on the last)."""
    window = list(rows[params.offset : params.offset + params.limit + 1])
    if len(window) <= params.limit:
        return window, None
    query = request.GET.copy()
    query["limit"] = str(params.limit)
    query["offset"] = str(params.offset + params.limit)
    return window[: params.limit], request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
