"""/api/v1/contact-links: who influences, opposes or is tied to whom inside an account."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from guanxi.api.auth import api_user
from guanxi.api.pagination import page
from guanxi.api.references import contact_field, require_edit
from guanxi.api.stakeholder_schemas import LinkFilters, LinkIn, LinkOut, LinkPage, LinkPatch
from guanxi.core.access import contact_link_for_user
from guanxi.stakeholders.models import ContactLink
from guanxi.stakeholders.selectors import contact_link_list
from guanxi.stakeholders.services import (
    contact_link_create,
    contact_link_delete,
    contact_link_update,
)

router = Router(tags=["contact-links"])

ENDS = "Both people must belong to the same account (422 otherwise)."


@router.get(
    "",
    response=LinkPage,
    summary="List the links between people you can see",
    description="Links of every account you can see, or of one; `contact` and `search` "
    "match either end of a link.",
)
def list_links(request: HttpRequest, filters: Query[LinkFilters]) -> dict[str, Any]:
    links = contact_link_list(
        api_user(request),
        account_id=filters.account,
        contact_id=filters.contact,
        kind=filters.kind or "",
        search=filters.search,
    )
    return page(request, links, filters)


@router.get(
    "/{int:link_id}",
    response=LinkOut,
    summary="One link",
    description="404 if its account is not yours to see.",
)
def get_link(request: HttpRequest, link_id: int) -> ContactLink:
    return contact_link_for_user(api_user(request), link_id)


@router.post(
    "",
    response={201: LinkOut},
    summary="Link two people",
    description=f"{ENDS} Two people are linked at most once per kind and direction.",
)
def create_link(request: HttpRequest, payload: LinkIn) -> Status[ContactLink]:
    user = api_user(request)
    fields = payload.model_dump()
    from_contact = contact_field(user, fields.pop("from_contact"), "from_contact")
    to_contact = contact_field(user, fields.pop("to_contact"), "to_contact")
    require_edit(user, from_contact.account)
    link = contact_link_create(
        actor=user,
        account=from_contact.account,
        from_contact=from_contact,
        to_contact=to_contact,
        **fields,
    )
    return Status(201, link)


@router.patch(
    "/{int:link_id}",
    response=LinkOut,
    summary="Change some fields of a link",
    description=f"Its kind, strength, note, or either end (which reverses or moves it). {ENDS}",
)
def update_link(request: HttpRequest, link_id: int, payload: LinkPatch) -> ContactLink:
    user = api_user(request)
    link = contact_link_for_user(user, link_id)
    require_edit(user, link.account)
    fields = payload.model_dump(exclude_unset=True)
    for end in ("from_contact", "to_contact"):
        if end in fields:
            fields[end] = contact_field(user, fields[end], end)
    return contact_link_update(actor=user, link=link, **fields)


@router.delete(
    "/{int:link_id}",
    response={204: None},
    summary="Remove a link",
    description="Its history is kept.",
)
def delete_link(request: HttpRequest, link_id: int) -> Status[None]:
    user = api_user(request)
    link = contact_link_for_user(user, link_id)
    require_edit(user, link.account)
    contact_link_delete(actor=user, link=link)
    return Status(204, None)
