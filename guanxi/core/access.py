"""The one place that decides who sees what (DESIGN.md §8).

Every door — web pages, the API, exports and the CLI's `--user` views — fetches
accounts and what hangs off them through these helpers. A record the user may
not see does not exist for them: the helpers raise Http404, never 403.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import TYPE_CHECKING, TypeVar

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from guanxi.accounts.models import Account, AccountTeamMember
from guanxi.activities.models import Activity
from guanxi.needs.models import Need
from guanxi.stakeholders.models import (
    Contact,
    ContactLink,
    EntrenchedPractice,
    Relationship,
    VestedInterest,
)
from guanxi.users.models import Role

RecordT = TypeVar("RecordT", bound=Model)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from guanxi.users.models import User


def _sees_everything(user: User) -> bool:
    return user.role in (Role.EXECUTIVE, Role.ADMIN) or user.is_superuser


def _own_scope(user: User) -> Q:
    """Accounts the user owns or is on the account team of."""
    return _ids_in(Account.objects.filter(owner=user), AccountTeamMember.objects.filter(user=user))


def _team_scope(user: User) -> Q:
    """The user's own accounts, and those owned by, or staffed with, someone of their team."""
    team_id = user.team_id
    assert team_id is not None  # _is_team_manager
    return _ids_in(
        Account.objects.filter(owner=user),
        AccountTeamMember.objects.filter(user=user),
        Account.objects.filter(owner__team_id=team_id),
        AccountTeamMember.objects.filter(user__team_id=team_id),
    )


def _ids_in(*sources: QuerySet[Account] | QuerySet[AccountTeamMember]) -> Q:
    """Accounts whose id is among the accounts' (or the memberships' account ids) of each
    source, as one subquery of their UNION: "owner = me OR id IN (…)" made PostgreSQL
    read every contact of the workspace (it cannot use an index for such an OR)."""
    ids = [
        source.order_by().values("pk" if source.model is Account else "account_id")
        for source in sources
    ]
    return Q(pk__in=ids[0].union(*ids[1:]))


def _is_team_manager(user: User) -> bool:
    return user.role == Role.MANAGER and user.team_id is not None


def _account_scope(user: User) -> Q:
    """The accounts a user may see, as one condition on Account."""
    if _sees_everything(user):
        return Q()
    if _is_team_manager(user):
        return _team_scope(user)
    return _own_scope(user)


def _sensitive_scope(user: User) -> Q:
    """The accounts whose sensitive data the user may see: stricter than `_account_scope`.

    Sales operations (admin) see every account but the sensitive data only of their own.
    """
    if user.role == Role.EXECUTIVE:
        return Q()
    if _is_team_manager(user):
        return _team_scope(user)
    return _own_scope(user)


def visible_accounts(user: User | AnonymousUser) -> QuerySet[Account]:
    if not user.is_authenticated or not user.is_active:
        return Account.objects.none()
    return Account.objects.filter(_account_scope(user))  # type: ignore[arg-type]


def own_accounts(user: User | AnonymousUser) -> QuerySet[Account]:
    """The accounts the user owns or is on the account team of: a part of what every role
    sees (`_account_scope` starts from them), as the same UNION, never an OR."""
    if not user.is_authenticated or not user.is_active:
        return Account.objects.none()
    return Account.objects.filter(_own_scope(user))  # type: ignore[arg-type]


def account_for_user(user: User | AnonymousUser, account_id: int) -> Account:
    """One account, with its owner (every account page names them).

    Read by its key alone, then checked against the rule: its owner is in every scope, so
    only someone else costs a second query (`visible_accounts`). The query with the scope
    inside cost more to build than both together."""
    account = Account.objects.select_related("owner").filter(pk=account_id).first()
    if account is None or not _sees(user, account):
        raise Http404
    return account


def _sees(user: User | AnonymousUser, account: Account) -> bool:
    """Whether `account` is among `visible_accounts(user)`; once found, remembered on the
    account for this user, so that a page which read it through `account_for_user` and
    then asks `can_edit_account` does not run the same query twice."""
    if _owns(user, account) or account.__dict__.get(_SEEN_BY) == user.pk:
        return True
    seen = visible_accounts(user).filter(pk=account.pk).exists()
    if seen:
        account.__dict__[_SEEN_BY] = user.pk
    return seen


_SEEN_BY = "_guanxi_seen_by"  # who `_sees` found may see this account (a user's id)


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


def _record_of_visible_account(
    model: type[RecordT], user: User | AnonymousUser, pk: int
) -> RecordT:
    """A record that hangs off an account (activity, need …), or 404 if the account is hidden."""
    record = (
        model._default_manager.filter(account__in=visible_accounts(user), pk=pk)
        .select_related("account")
        .first()
    )
    if record is None:
        raise Http404
    return record


def activity_for_user(user: User | AnonymousUser, activity_id: int) -> Activity:
    return _record_of_visible_account(Activity, user, activity_id)


def need_for_user(user: User | AnonymousUser, need_id: int) -> Need:
    return _record_of_visible_account(Need, user, need_id)


def contact_link_for_user(user: User | AnonymousUser, link_id: int) -> ContactLink:
    return _record_of_visible_account(ContactLink, user, link_id)


def practice_for_user(user: User | AnonymousUser, practice_id: int) -> EntrenchedPractice:
    return _record_of_visible_account(EntrenchedPractice, user, practice_id)


def interest_for_user(user: User | AnonymousUser, interest_id: int) -> VestedInterest:
    """A vested interest is sensitive: outside the stricter circle it does not exist."""
    interest = _record_of_visible_account(VestedInterest, user, interest_id)
    if not can_see_sensitive(user, interest.account):
        raise Http404
    return interest


def visible_contact_links(user: User | AnonymousUser) -> QuerySet[ContactLink]:
    return ContactLink.objects.filter(account__in=visible_accounts(user))


def visible_practices(user: User | AnonymousUser) -> QuerySet[EntrenchedPractice]:
    return EntrenchedPractice.objects.filter(account__in=visible_accounts(user))


def visible_relationships(user: User | AnonymousUser) -> QuerySet[Relationship]:
    return Relationship.objects.filter(contact__account__in=visible_accounts(user))


def visible_interests(user: User | AnonymousUser) -> QuerySet[VestedInterest]:
    """Vested interests of the accounts whose sensitive data the user may see; no others."""
    if not user.is_authenticated or not user.is_active:
        return VestedInterest.objects.none()
    circle = visible_accounts(user).filter(_sensitive_scope(user))  # type: ignore[arg-type]
    return VestedInterest.objects.filter(account__in=circle)


def relationship_for_user(user: User | AnonymousUser, relationship_id: int) -> Relationship:
    relationship = (
        Relationship.objects.filter(contact__account__in=visible_accounts(user), pk=relationship_id)
        .select_related("contact__account", "user")
        .first()
    )
    if relationship is None:
        raise Http404
    return relationship


def can_see_sensitive(user: User | AnonymousUser, account: Account) -> bool:
    """Vested interests and personal notes: the account team, their managers, executives."""
    if _owns(user, account):  # in every circle: no query needed
        return True
    return account.pk in sensitive_account_ids(user, [account.pk])


def _owns(user: User | AnonymousUser, account: Account) -> bool:
    return user.is_authenticated and user.is_active and account.owner_id == user.pk


def sensitive_account_ids(
    user: User | AnonymousUser,
    account_ids: Collection[int],
    owners: Mapping[int, int | None] | None = None,
) -> set[int]:
    """`can_see_sensitive` for many accounts in one query, so lists need no check per row.

    With the accounts' `owners` (owner id by account id) already read, the user's own
    accounts need no query: when they are all there is, none is made."""
    if not user.is_authenticated or not user.is_active or not account_ids:
        return set()
    if user.role == Role.EXECUTIVE:
        return set(account_ids)
    owners = owners or {}
    owned = {pk for pk in account_ids if owners.get(pk) == user.pk}
    rest = [pk for pk in account_ids if pk not in owned]
    if not rest:
        return owned
    accounts = Account.objects.filter(_sensitive_scope(user), pk__in=rest)  # type: ignore[arg-type]
    return owned | set(accounts.values_list("pk", flat=True))


def can_edit_account(user: User | AnonymousUser, account: Account) -> bool:
    """Anyone who sees an account may work on it, except executives, who read."""
    if not user.is_authenticated or user.role == Role.EXECUTIVE:
        return False
    return _sees(user, account)


def can_delete_account(user: User | AnonymousUser, account: Account) -> bool:
    """Deleting an account takes its whole history of work with it: the owner, managers, admins."""
    if not user.is_authenticated or not can_edit_account(user, account):
        return False
    return account.owner_id == user.pk or user.role in (Role.MANAGER, Role.ADMIN)


def can_create_accounts(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and user.role in (Role.ADMIN, Role.MANAGER, Role.KAM)


def can_assign_owner(user: User | AnonymousUser) -> bool:
    """Giving an account to someone else is for managers and admins; a KAM owns what they create."""
    return user.is_authenticated and (user.role in (Role.ADMIN, Role.MANAGER) or user.is_superuser)


def is_admin(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and (user.role == Role.ADMIN or user.is_superuser)


def can_run_qualification(user: User | AnonymousUser) -> bool:
    """Qualifying sets tiers: managers for their team's accounts, admins for all."""
    return user.is_authenticated and (user.role in (Role.ADMIN, Role.MANAGER) or user.is_superuser)
