"""Reads of contacts, always through the one access rule."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from guanxi.core.access import visible_contacts
from guanxi.core.search import name_search
from guanxi.stakeholders.models import Contact

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from guanxi.users.models import User


def contact_list(
    user: User | AnonymousUser,
    *,
    account_id: int | None = None,
    search: str = "",
    status: str = "",
) -> QuerySet[Contact]:
    contacts = visible_contacts(user)
    if account_id is not None:
        contacts = contacts.filter(account_id=account_id)
    if search:
        contacts = contacts.filter(name_search(search))
    if status:
        contacts = contacts.filter(status=status)
    return contacts.select_related("account", "reports_to").order_by(
        "account_id", "-influence", "name_pinyin", "pk"
    )
