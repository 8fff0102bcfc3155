"""Reads of accounts, always through the one access rule."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from guanxi.accounts.models import Account
from guanxi.core.access import visible_accounts
from guanxi.core.search import name_search

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from guanxi.users.models import User

# Sort keys offered to users, mapped to a deterministic ordering (the pk breaks ties,
# so pages never repeat or skip rows).
ACCOUNT_ORDERINGS: dict[str, tuple[str, ...]] = {
    "name": ("name_pinyin", "pk"),
    "-name": ("-name_pinyin", "-pk"),
    "code": ("customer_code", "pk"),
    "-code": ("-customer_code", "-pk"),
    "tier": ("tier", "name_pinyin", "pk"),
    "-tier": ("-tier", "name_pinyin", "pk"),
    "updated": ("updated_at", "pk"),
    "-updated": ("-updated_at", "-pk"),
}


def account_list(
    user: User | AnonymousUser,
    *,
    search: str = "",
    owner_id: int | None = None,
    tier: str = "",
    industry: str = "",
    order: str = "name",
) -> QuerySet[Account]:
    accounts = visible_accounts(user)
    if search:
        accounts = accounts.filter(name_search(search, extra_exact=("customer_code",)))
    if owner_id is not None:
        accounts = accounts.filter(owner_id=owner_id)
    if tier:
        accounts = accounts.filter(tier=tier)
    if industry:
        accounts = accounts.filter(industry=industry)
    ordering = ACCOUNT_ORDERINGS.get(order, ACCOUNT_ORDERINGS["name"])
    return accounts.select_related("owner", "parent").order_by(*ordering)
