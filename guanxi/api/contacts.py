"""/api/v1/contacts: the people inside the accounts; personal notes only for those allowed."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.errors import HttpError

from guanxi.accounts.models import Account
from guanxi.api.auth import api_user
from guanxi.api.pagination import page_of
from guanxi.api.schemas import ContactFilters, ContactIn, ContactOut, ContactPage, ContactPatch
from guanxi.core.access import (
    account_for_user,
    can_edit_account,
    can_see_sensitive,
    contact_for_user,
    sensitive_account_ids,
)
from guanxi.stakeholders.models import Contact
from guanxi.stakeholders.selectors import contact_list
from guanxi.stakeholders.services import contact_create, contact_delete, contact_update
from guanxi.users.models import User

router = Router(tags=["contacts"])


@router.get("", response=ContactPage, summary="List the contacts you can see")
def list_contacts(request: HttpRequest, filters: Query[ContactFilters]) -> ContactPage:
    user = api_user(request)
    contacts = contact_list(
        user, account_id=filters.account, search=filters.search, status=filters.status or ""
    )
    rows, next_url = page_of(request, contacts, filters)
    # The items are validated already, with the caller's right to personal notes.
    return ContactPage.model_construct(
        items=_out(user, rows), limit=filters.limit, offset=filters.offset, next=next_url
    )


@router.get("/{int:contact_id}", response=ContactOut, summary="One contact")
def get_contact(request: HttpRequest, contact_id: int) -> ContactOut:
    user = api_user(request)
    return _out(user, [contact_for_user(user, contact_id)])[0]


@router.post("", response={201: ContactOut}, summary="Add a contact to an account")
def create_contact(request: HttpRequest, payload: ContactIn) -> Status[ContactOut]:
    user = api_user(request)
    fields = payload.model_dump(exclude_unset=True)
    account = _account(user, fields.pop("account"))
    _check_may_write(user, account, fields)
    if fields.get("reports_to") is not None:
        fields["reports_to"] = _reports_to(user, fields["reports_to"])
    contact = contact_create(actor=user, account=account, **fields)
    return Status(201, _out(user, [contact])[0])


@router.patch("/{int:contact_id}", response=ContactOut, summary="Change some fields of a contact")
def update_contact(request: HttpRequest, contact_id: int, payload: ContactPatch) -> ContactOut:
    user = api_user(request)
    contact = contact_for_user(user, contact_id)
    fields = payload.model_dump(exclude_unset=True)
    _check_may_write(user, contact.account, fields)
    if fields.get("reports_to") is not None:
        fields["reports_to"] = _reports_to(user, fields["reports_to"])
    return _out(user, [contact_update(actor=user, contact=contact, **fields)])[0]


@router.delete("/{int:contact_id}", response={204: None}, summary="Delete a contact")
def delete_contact(request: HttpRequest, contact_id: int) -> Status[None]:
    user = api_user(request)
    contact = contact_for_user(user, contact_id)
    _check_may_write(user, contact.account, {})
    contact_delete(actor=user, contact=contact)
    return Status(204, None)


def _out(user: User, contacts: list[Contact]) -> list[ContactOut]:
    shown = sensitive_account_ids(user, {contact.account_id for contact in contacts})
    context = {"sensitive_account_ids": shown}
    return [ContactOut.model_validate(contact, context=context) for contact in contacts]


def _check_may_write(user: User, account: Account, fields: dict[str, Any]) -> None:
    if not can_edit_account(user, account):
        raise HttpError(403, _("You may read this account but not change it."))
    if "personal_notes" in fields and not can_see_sensitive(user, account):
        raise HttpError(403, _("Personal notes are for the account team and their managers."))


def _account(user: User, account_id: int) -> Account:
    try:
        return account_for_user(user, account_id)
    except Http404:
        raise ValidationError({"account": _("There is no such account.")}) from None


def _reports_to(user: User, contact_id: int) -> Contact:
    try:
        return contact_for_user(user, contact_id)
    except Http404:
        raise ValidationError({"reports_to": _("There is no such contact.")}) from None
