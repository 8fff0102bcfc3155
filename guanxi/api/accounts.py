"""/api/v1/accounts: the portfolio, as each user may see it (guanxi.core.access)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.errors import HttpError

from guanxi.accounts.models import Account
from guanxi.accounts.selectors import account_list
from guanxi.accounts.services import account_create, account_delete, account_update
from guanxi.api.auth import api_user
from guanxi.api.pagination import page
from guanxi.api.schemas import AccountFilters, AccountIn, AccountOut, AccountPage, AccountPatch
from guanxi.core.access import (
    account_for_user,
    can_assign_owner,
    can_create_accounts,
    can_delete_account,
    can_edit_account,
)
from guanxi.users.models import User

router = Router(tags=["accounts"])


@router.get("", response=AccountPage, summary="List the accounts you can see")
def list_accounts(request: HttpRequest, filters: Query[AccountFilters]) -> dict[str, Any]:
    accounts = account_list(
        api_user(request),
        search=filters.search,
        owner_id=filters.owner,
        tier=filters.tier or "",
        industry=filters.industry or "",
        order=filters.order,
    )
    return page(request, accounts.prefetch_related("incumbent_competitors"), filters)


@router.get("/{int:account_id}", response=AccountOut, summary="One account")
def get_account(request: HttpRequest, account_id: int) -> Account:
    return account_for_user(api_user(request), account_id)


@router.post("", response={201: AccountOut}, summary="Create an account")
def create_account(request: HttpRequest, payload: AccountIn) -> Status[Account]:
    user = api_user(request)
    if not can_create_accounts(user):
        raise HttpError(403, _("Your role may not create accounts."))
    fields = payload.model_dump(exclude_unset=True)
    # A KAM owns what they create; managers and admins may create for someone else.
    fields["owner"] = _owner(user, fields.pop("owner", user.pk), unchanged=user.pk)
    if fields.get("parent") is not None:
        fields["parent"] = _parent(user, fields["parent"])
    return Status(201, account_create(actor=user, **fields))


@router.patch("/{int:account_id}", response=AccountOut, summary="Change some fields of an account")
def update_account(request: HttpRequest, account_id: int, payload: AccountPatch) -> Account:
    user = api_user(request)
    account = _editable_account(user, account_id)
    fields = payload.model_dump(exclude_unset=True)
    if "owner" in fields:
        fields["owner"] = _owner(user, fields["owner"], unchanged=account.owner_id)
    if fields.get("parent") is not None:
        fields["parent"] = _parent(user, fields["parent"])
    return account_update(actor=user, account=account, **fields)


@router.delete("/{int:account_id}", response={204: None}, summary="Delete an account")
def delete_account(request: HttpRequest, account_id: int) -> Status[None]:
    user = api_user(request)
    account = _editable_account(user, account_id)
    if not can_delete_account(user, account):
        raise HttpError(403, _("Only the owner, a manager or an admin may delete an account."))
    account_delete(actor=user, account=account)
    return Status(204, None)


def _editable_account(user: User, account_id: int) -> Account:
    account = account_for_user(user, account_id)
    if not can_edit_account(user, account):
        raise HttpError(403, _("You may read this account but not change it."))
    return account


def _owner(user: User, owner_id: int | None, *, unchanged: int | None) -> User | None:
    if owner_id != unchanged and not can_assign_owner(user):
        raise HttpError(403, _("Only managers and admins give accounts to someone else."))
    if owner_id is None:
        return None
    owner = User.objects.filter(pk=owner_id, is_active=True).first()
    if owner is None:
        raise ValidationError({"owner": _("There is no active user with this id.")})
    return owner


def _parent(user: User, parent_id: int) -> Account:
    try:
        return account_for_user(user, parent_id)
    except Http404:
        raise ValidationError({"parent": _("There is no such account.")}) from None
