"""/api/v1/practices: how a customer habitually buys or works, and how we live with it (R2.7)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from guanxi.api.auth import api_user
from guanxi.api.pagination import page
from guanxi.api.references import account_field, require_edit
from guanxi.api.stakeholder_schemas import (
    PracticeFilters,
    PracticeIn,
    PracticeOut,
    PracticePage,
    PracticePatch,
)
from guanxi.core.access import practice_for_user
from guanxi.stakeholders.models import EntrenchedPractice
from guanxi.stakeholders.selectors import entrenched_practice_list
from guanxi.stakeholders.services import (
    entrenched_practice_create,
    entrenched_practice_delete,
    entrenched_practice_update,
)

router = Router(tags=["practices"])


@router.get(
    "",
    response=PracticePage,
    summary="List the entrenched practices of the accounts you can see",
    description="Those that block us first, within each account.",
)
def list_practices(request: HttpRequest, filters: Query[PracticeFilters]) -> dict[str, Any]:
    practices = entrenched_practice_list(
        api_user(request), account_id=filters.account, blocks_us=filters.blocks_us
    )
    return page(request, practices, filters)


@router.get(
    "/{int:practice_id}",
    response=PracticeOut,
    summary="One entrenched practice",
    description="404 if its account is not yours to see.",
)
def get_practice(request: HttpRequest, practice_id: int) -> EntrenchedPractice:
    return practice_for_user(api_user(request), practice_id)


@router.post(
    "",
    response={201: PracticeOut},
    summary="Record an entrenched practice",
    description="An account you cannot see is an invalid `account` (422).",
)
def create_practice(request: HttpRequest, payload: PracticeIn) -> Status[EntrenchedPractice]:
    user = api_user(request)
    fields = payload.model_dump()
    account = account_field(user, fields.pop("account"))
    require_edit(user, account)
    return Status(201, entrenched_practice_create(actor=user, account=account, **fields))


@router.patch(
    "/{int:practice_id}",
    response=PracticeOut,
    summary="Change some fields of an entrenched practice",
    description="The account stays as it is.",
)
def update_practice(
    request: HttpRequest, practice_id: int, payload: PracticePatch
) -> EntrenchedPractice:
    user = api_user(request)
    practice = practice_for_user(user, practice_id)
    require_edit(user, practice.account)
    fields = payload.model_dump(exclude_unset=True)
    return entrenched_practice_update(actor=user, practice=practice, **fields)


@router.delete(
    "/{int:practice_id}",
    response={204: None},
    summary="Remove an entrenched practice",
    description="Its history is kept.",
)
def delete_practice(request: HttpRequest, practice_id: int) -> Status[None]:
    user = api_user(request)
    practice = practice_for_user(user, practice_id)
    require_edit(user, practice.account)
    entrenched_practice_delete(actor=user, practice=practice)
    return Status(204, None)
