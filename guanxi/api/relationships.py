"""/api/v1/relationships: how well one of our people knows one of theirs, and aims to."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from guanxi.api.auth import api_user
from guanxi.api.pagination import page
from guanxi.api.references import active_user_field, contact_field, require_edit
from guanxi.api.stakeholder_schemas import (
    RelationshipFilters,
    RelationshipIn,
    RelationshipOut,
    RelationshipPage,
    RelationshipPatch,
)
from guanxi.core.access import relationship_for_user
from guanxi.stakeholders.models import Relationship
from guanxi.stakeholders.selectors import relationship_list
from guanxi.stakeholders.services import relationship_delete, relationship_set

router = Router(tags=["relationships"])


@router.get(
    "",
    response=RelationshipPage,
    summary="List our relationships with the people you can see",
    description="One row per pair of our user and their contact; `search` matches the "
    "contact's name.",
)
def list_relationships(request: HttpRequest, filters: Query[RelationshipFilters]) -> dict[str, Any]:
    relationships = relationship_list(
        api_user(request),
        account_id=filters.account,
        contact_id=filters.contact,
        user_id=filters.user,
        search=filters.search,
    )
    return page(request, relationships, filters)


@router.get(
    "/{int:relationship_id}",
    response=RelationshipOut,
    summary="One relationship",
    description="404 if the contact's account is not yours to see.",
)
def get_relationship(request: HttpRequest, relationship_id: int) -> Relationship:
    return relationship_for_user(api_user(request), relationship_id)


@router.post(
    "",
    response={201: RelationshipOut},
    summary="Record how well one of us knows a contact",
    description="One relationship per pair of our user and their contact: recording the same "
    "pair again is refused (422); change its levels with PATCH. The target is at least the "
    "current level.",
)
def create_relationship(request: HttpRequest, payload: RelationshipIn) -> Status[Relationship]:
    user = api_user(request)
    contact = contact_field(user, payload.contact, "contact")
    require_edit(user, contact.account)
    ours = active_user_field(payload.user, "user") if payload.user is not None else user
    if Relationship.objects.filter(contact=contact, user=ours).exists():
        raise ValidationError(
            {"user": _("This relationship is already recorded: change its levels instead.")}
        )
    relationship = relationship_set(
        actor=user,
        contact=contact,
        user=ours,
        current_level=payload.current_level,
        target_level=payload.target_level,
    )
    return Status(201, relationship)


@router.patch(
    "/{int:relationship_id}",
    response=RelationshipOut,
    summary="Change the current or target level",
    description="The pair stays as it is; to move a relationship, delete it and record "
    "another. The target is at least the current level.",
)
def update_relationship(
    request: HttpRequest, relationship_id: int, payload: RelationshipPatch
) -> Relationship:
    user = api_user(request)
    relationship = relationship_for_user(user, relationship_id)
    require_edit(user, relationship.contact.account)
    levels = payload.model_dump(exclude_unset=True)
    return relationship_set(
        actor=user,
        contact=relationship.contact,
        user=relationship.user,
        current_level=levels.get("current_level", relationship.current_level),
        target_level=levels.get("target_level", relationship.target_level),
    )


@router.delete(
    "/{int:relationship_id}",
    response={204: None},
    summary="Remove a relationship",
    description="Its history is kept.",
)
def delete_relationship(request: HttpRequest, relationship_id: int) -> Status[None]:
    user = api_user(request)
    relationship = relationship_for_user(user, relationship_id)
    require_edit(user, relationship.contact.account)
    relationship_delete(actor=user, relationship=relationship)
    return Status(204, None)
