"""Limit/offset pages without COUNT(*): one row more than asked says whether there is a next."""

from __future__ import annotations

from typing import Any, TypeVar

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
    return window[: params.limit], next_page_url(request, params)


def page(request: HttpRequest, rows: QuerySet[RowT], params: PageParams) -> dict[str, Any]:
    """The asked page in the API's envelope: items, limit, offset and the next page's URL."""
    items, next_url = page_of(request, rows, params)
    return {"items": items, "limit": params.limit, "offset": params.offset, "next": next_url}


def next_page_url(request: HttpRequest, params: PageParams) -> str:
    """The same request for the page after this one."""
    query = request.GET.copy()
    query["limit"] = str(params.limit)
    query["offset"] = str(params.offset + params.limit)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
