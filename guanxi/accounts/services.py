"""Writes to accounts: the one home of each change (history is kept by simple-history)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from guanxi.accounts.models import Account, AccountTeamMember, Competitor
from guanxi.domain.names import pinyin_full, pinyin_initials
from guanxi.users.models import User


def set_account_search_keys(account: Account) -> None:
    account.name_pinyin = pinyin_full(account.name)
    account.name_initials = pinyin_initials(account.name)


@transaction.atomic
def account_create(*, actor: User | None, **fields: Any) -> Account:
    account = Account(**fields)
    set_account_search_keys(account)
    account._history_user = actor  # type: ignore[attr-defined]
    account.full_clean()
    account.save()
    return account


@transaction.atomic
def account_update(*, actor: User | None, account: Account, **fields: Any) -> Account:
    for name, value in fields.items():
        setattr(account, name, value)
    set_account_search_keys(account)
    account._history_user = actor  # type: ignore[attr-defined]
    account.full_clean()
    account.save()
    return account


@transaction.atomic
def account_delete(*, actor: User | None, account: Account) -> None:
    account._history_user = actor  # type: ignore[attr-defined]
    account.delete()


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
