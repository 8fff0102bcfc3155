"""Writes to accounts: the one home of each change (history is kept by simple-history)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from guanxi.accounts import sales_store
from guanxi.accounts.models import Account, AccountTeamMember, Competitor
from guanxi.domain.names import pinyin_full, pinyin_initials
from guanxi.stakeholders import drawings
from guanxi.users.models import User


def set_account_search_keys(account: Account) -> None:
    account.name_pinyin = pinyin_full(account.name)
    account.name_initials = pinyin_initials(account.name)


def _check_parent(account: Account) -> None:
    """A group may own subsidiaries, but never itself, directly or through them."""
    parent = account.parent
    seen = {account.pk} if account.pk else set()
    while parent is not None:
        if parent.pk in seen:
            raise ValidationError({"parent": _("This would make the account its own parent.")})
        seen.add(parent.pk)
        parent = parent.parent


def _save(account: Account, actor: User | None) -> Account:
    set_account_search_keys(account)
    _check_parent(account)
    account._history_user = actor  # type: ignore[attr-defined]
    account.full_clean()
    account.save()
    return account


@transaction.atomic
def account_create(*, actor: User | None, **fields: Any) -> Account:
    return _save(Account(**fields), actor)


@transaction.atomic
def account_update(*, actor: User | None, account: Account, **fields: Any) -> Account:
    for name, value in fields.items():
        setattr(account, name, value)
    return _save(account, actor)


@transaction.atomic
def account_delete(*, actor: User | None, account: Account) -> None:
    """The account and all that hangs off it, its sales in the store included."""
    accounts_delete(actor=actor, accounts=[account])


@transaction.atomic
def accounts_delete(*, actor: User | None, accounts: Iterable[Account]) -> None:
    accounts = list(accounts)
    ids = [account.pk for account in accounts]
    sales_store.forget(ids)
    for account in accounts:
        account._history_user = actor  # type: ignore[attr-defined]
        account.delete()
    transaction.on_commit(lambda: _forget_drawings(ids))


def _forget_drawings(account_ids: list[int]) -> None:
    for account_id in account_ids:
        drawings.forget(account_id)


def account_team_add(*, account: Account, user: User, role: str) -> AccountTeamMember:
    member, _ = AccountTeamMember.objects.update_or_create(
        account=account, user=user, defaults={"role": role}
    )
    return member


@transaction.atomic
def account_competitors_set(
    *, actor: User | None, account: Account, competitors: Iterable[Competitor]
) -> None:
    account.incumbent_competitors.set(competitors)
