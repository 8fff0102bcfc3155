"""/api/v1/interests: vested interests our sale threatens (R2.5–R2.6). Sensitive.

Only the account team, their managers and executives see them (DESIGN.md §3, §8): for
anyone else an interest does not exist (404) and is never listed, even where they may see
the account itself, as sales operations do.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.errors import HttpError

from guanxi.api.auth import api_user
from guanxi.api.pagination import page
from guanxi.api.references import active_user_field, contact_field, require_edit
from guanxi.api.stakeholder_schemas import (
    InterestFilters,
    InterestIn,
    InterestOut,
    InterestPage,
    InterestPatch,
)
from guanxi.core.access import can_see_sensitive, interest_for_user
from guanxi.stakeholders.models import VestedInterest
from guanxi.stakeholders.selectors import vested_interest_list
from guanxi.stakeholders.services import (
    vested_interest_create,
    vested_interest_delete,
    vested_interest_update,
)
from guanxi.users.models import User

router = Router(tags=["interests"])

CIRCLE = (
    "Sensitive: only for the account team, their managers and executives; for anyone else "
    "an interest does not exist (404)."
)
ALLY = "The ally, needed when an ally speaks for us, is someone else in the same account (422)."


@router.get(
    "",
    response=InterestPage,
    summary="List the vested interests you may see",
    description=f"{CIRCLE} `search` matches the holder's name.",
)
def list_interests(request: HttpRequest, filters: Query[InterestFilters]) -> dict[str, Any]:
    interests = vested_interest_list(
        api_user(request),
        account_id=filters.account,
        contact_id=filters.contact,
        ally_id=filters.ally,
        status=filters.status or "",
        search=filters.search,
    )
    return page(request, interests, filters)


@router.get(
    "/{int:interest_id}", response=InterestOut, summary="One vested interest", description=CIRCLE
)
def get_interest(request: HttpRequest, interest_id: int) -> VestedInterest:
    return interest_for_user(api_user(request), interest_id)


@router.post(
    "",
    response={201: InterestOut},
    summary="Record a vested interest",
    description=f"It belongs to the holder's account. {ALLY} The owner is you unless given. "
    "Outside the sensitive circle this is refused (403).",
)
def create_interest(request: HttpRequest, payload: InterestIn) -> Status[VestedInterest]:
    user = api_user(request)
    fields = payload.model_dump(exclude_unset=True)
    holder = contact_field(user, fields.pop("contact"), "contact")
    if not can_see_sensitive(user, holder.account):
        raise HttpError(403, _("Vested interests are for the account team and their managers."))
    require_edit(user, holder.account)
    fields.setdefault("owner", user.pk)
    interest = vested_interest_create(
        actor=user, account=holder.account, contact=holder, **_records(user, fields)
    )
    return Status(201, interest)


@router.patch(
    "/{int:interest_id}",
    response=InterestOut,
    summary="Change some fields of a vested interest",
    description=f"{CIRCLE} {ALLY} A new holder must be in the same account.",
)
def update_interest(
    request: HttpRequest, interest_id: int, payload: InterestPatch
) -> VestedInterest:
    user = api_user(request)
    interest = interest_for_user(user, interest_id)
    require_edit(user, interest.account)
    fields = _records(user, payload.model_dump(exclude_unset=True))
    return vested_interest_update(actor=user, interest=interest, **fields)


@router.delete(
    "/{int:interest_id}",
    response={204: None},
    summary="Remove a vested interest",
    description=f"{CIRCLE} Its history is kept.",
)
def delete_interest(request: HttpRequest, interest_id: int) -> Status[None]:
    user = api_user(request)
    interest = interest_for_user(user, interest_id)
    require_edit(user, interest.account)
    vested_interest_delete(actor=user, interest=interest)
    return Status(204, None)


def _records(user: User, fields: dict[str, Any]) -> dict[str, Any]:
    """The ids of the holder, the ally and the owner, as records the caller may see."""
    for name in ("contact", "ally"):
        if fields.get(name) is not None:
            fields[name] = contact_field(user, fields[name], name)
    if fields.get("owner") is not None:
        fields["owner"] = active_user_field(fields["owner"], "owner")
    return fields
