"""Plain SQL for the hottest reads, written with the models' own names.

The ORM's building of a query and its converting of each value cost more than running
it when a page reads a thousand rows; these few reads say their SQL once instead.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Model, QuerySet

T = TypeVar("T")


def columns(model: type[Model]) -> dict[str, str]:
    """A model's quoted table (under '') and column names, by field name."""
    quote = connection.ops.quote_name
    names = {field.name: quote(field.column) for field in model._meta.concrete_fields}
    return names | {"": quote(model._meta.db_table)}


def subquery(queryset: QuerySet[Any, Any]) -> tuple[str, tuple[Any, ...]]:
    """A queryset of one column as SQL and parameters, to put after `IN`."""
    sql, params = queryset.query.sql_with_params()
    return f"({sql})", tuple(params)


def fetch(sql: str, params: Any) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
    return rows


def json_list(value: Any) -> list[Any]:
    """A JSONField's list as the cursor gives it: text (SQLite, and Django's loader on
    PostgreSQL) or already decoded."""
    decoded = json.loads(value) if isinstance(value, str) else value
    return list(decoded or ())


def json_lists(convert: Callable[[list[Any]], T]) -> Callable[[Any], T]:
    """`json_list`, then `convert`, for a read of many rows whose lists repeat (the same few
    sets of buying roles): each distinct value is decoded once per read."""
    decoded: dict[object, T] = {}

    def decode(value: Any) -> T:
        key = value if isinstance(value, str) else repr(value)
        if key not in decoded:
            decoded[key] = convert(json_list(value))
        return decoded[key]

    return decode
