"""The one place that decides who sees what (DESIGN.md §8).

Every door — web pages, the API, exports and the CLI's `--user` views — fetches
accounts and what hangs off them through these helpers. A record the user may
not see does not exist for them: the helpers raise Http404, never 403.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from guanxi.accounts.models import Account, AccountTeamMember
from guanxi.stakeholders.models import Contact
from guanxi.users.models import Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from guanxi.users.models import User


def _sees_everything(user: User) -> bool:
    return user.role in (Role.EXECUTIVE, Role.ADMIN) or user.is_superuser


def _account_scope(user: User) -> Q:
    """The accounts a user may see, as one condition on Account."""
    if _sees_everything(user):
        return Q()
    if user.role == Role.MANAGER and user.team_id is not None:
        team_member_accounts = AccountTeamMember.objects.filter(user__team_id=user.team_id)
        return (
            Q(owner__team_id=user.team_id)
            | Q(owner=user)
            | Q(pk__in=team_member_accounts.values("account_id"))
        )
    own_memberships = AccountTeamMember.objects.filter(user=user)
    return Q(owner=user) | Q(pk__in=own_memberships.values("account_id"))


def visible_accounts(user: User | AnonymousUser) -> QuerySet[Account]:
    if not user.is_authenticated or not user.is_active:
        return Account.objects.none()
    return Account.objects.filter(_account_scope(user))  # type: ignore[arg-type]


def account_for_user(user: User | AnonymousUser, account_id: int) -> Account:
    account = visible_accounts(user).filter(pk=account_id).first()
    if account is None:
        raise Http404
    return account


def account_by_code_for_user(user: User | AnonymousUser, customer_code: str) -> Account:
    account = visible_accounts(user).filter(customer_code=customer_code).first()
    if account is None:
        raise Http404
    return account


def visible_contacts(user: User | AnonymousUser) -> QuerySet[Contact]:
    return Contact.objects.filter(account__in=visible_accounts(user))


def contact_for_user(user: User | AnonymousUser, contact_id: int) -> Contact:
    contact = visible_contacts(user).select_related("account").filter(pk=contact_id).first()
    if contact is None:
        raise Http404
    return contact


def can_see_sensitive(user: User | AnonymousUser, account: Account) -> bool:
    """Vested interests and personal notes: the account team, their managers, executives.

    Sales operations (admin) see every account but not these, unless they are on the team.
    """
    if not user.is_authenticated:
        return False
    if user.role == Role.EXECUTIVE:
        return True
    if account.owner_id == user.pk:
        return True
    if AccountTeamMember.objects.filter(account=account, user=user).exists():
        return True
    if user.role == Role.MANAGER and user.team_id is not None:
        return _team_touches_account(user.team_id, account)
    return False


def sensitive_account_ids(user: User | AnonymousUser, account_ids: Collection[int]) -> set[int]:
    """`can_see_sensitive` for many accounts in one query, so lists need no check per row."""
    if not user.is_authenticated or not account_ids:
        return set()
    if user.role == Role.EXECUTIVE:
        return set(account_ids)
    own_memberships = AccountTeamMember.objects.filter(user=user)
    scope = Q(owner=user) | Q(pk__in=own_memberships.values("account_id"))
    if user.role == Role.MANAGER and user.team_id is not None:
        team_members = AccountTeamMember.objects.filter(user__team_id=user.team_id)
        scope |= Q(owner__team_id=user.team_id) | Q(pk__in=team_members.values("account_id"))
    accounts = Account.objects.filter(scope, pk__in=account_ids)
    return set(accounts.values_list("pk", flat=True))


def _team_touches_account(team_id: int, account: Account) -> bool:
    if account.owner is not None and account.owner.team_id == team_id:
        return True
    return AccountTeamMember.objects.filter(account=account, user__team_id=team_id).exists()


def can_edit_account(user: User | AnonymousUser, account: Account) -> bool:
    """Anyone who sees an account may work on it, except executives, who read."""
    if not user.is_authenticated:
        return False
    return user.role != Role.EXECUTIVE and visible_accounts(user).filter(pk=account.pk).exists()


def can_create_accounts(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and user.role in (Role.ADMIN, Role.MANAGER, Role.KAM)


def can_assign_owner(user: User | AnonymousUser) -> bool:
    """Giving an account to someone else is for managers and admins; a KAM owns what they create."""
    return user.is_authenticated and (user.role in (Role.ADMIN, Role.MANAGER) or user.is_superuser)


def is_admin(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and (user.role == Role.ADMIN or user.is_superuser)
