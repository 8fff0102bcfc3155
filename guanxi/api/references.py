"""Ids in a request body, turned into records the caller may see; and the right to write.

An id the caller may not see is an invalid value of its field (422), never a 404 that would
say the request's own address is wrong, nor a sign that the record exists.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja.errors import HttpError

from guanxi.accounts.models import Account
from guanxi.core.access import account_for_user, can_edit_account, contact_for_user
from guanxi.stakeholders.models import Contact
from guanxi.users.models import User


def account_field(user: User, account_id: int, field: str = "account") -> Account:
    try:
        return account_for_user(user, account_id)
    except Http404:
        raise ValidationError({field: _("There is no such account.")}) from None


def contact_field(user: User, contact_id: int, field: str) -> Contact:
    try:
        return contact_for_user(user, contact_id)
    except Http404:
        raise ValidationError({field: _("There is no such contact.")}) from None


def active_user_field(user_id: int, field: str) -> User:
    found = User.objects.filter(pk=user_id, is_active=True).first()
    if found is None:
        raise ValidationError({field: _("There is no active user with this id.")})
    return found


def require_edit(user: User, account: Account) -> None:
    if not can_edit_account(user, account):
        raise HttpError(403, _("You may read this account but not change it."))
