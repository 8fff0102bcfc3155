"""Writes to activities; a done activity also refreshes the relationships it touched."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guanxi.activities.models import Activity, ActivityStatus
from guanxi.stakeholders.models import Contact, Relationship, RelationshipLevel
from guanxi.users.models import User


def _check_contacts_met(activity: Activity, contacts_met: list[Contact]) -> None:
    if any(contact.account_id != activity.account_id for contact in contacts_met):
        raise ValidationError({"contacts_met": _("Pick people of this account.")})


def _check_not_done_in_future(activity: Activity) -> None:
    if activity.status == ActivityStatus.DONE and activity.date > timezone.localdate():
        raise ValidationError({"date": _("A done activity cannot be dated in the future.")})


def record_touches(
    *,
    actor: User | None,
    participants: Iterable[User],
    contacts_met: Iterable[Contact],
    on: datetime.date,
) -> None:
    """Move `last_touch` forward for every pair of our participant × contact met.

    Meeting someone makes us at least acquainted, so a missing relationship is created.
    """
    people = list(participants)
    contacts = list(contacts_met)
    if not people or not contacts:
        return
    existing = {
        (r.user_id, r.contact_id): r
        for r in Relationship.objects.filter(user__in=people, contact__in=contacts)
    }
    for user in people:
        for contact in contacts:
            relationship = existing.get((user.pk, contact.pk))
            if relationship is None:
                relationship = Relationship(
                    user=user, contact=contact, current_level=RelationshipLevel.ACQUAINTED
                )
            elif relationship.last_touch is not None and relationship.last_touch >= on:
                continue
            relationship.last_touch = on
            relationship._history_user = actor  # type: ignore[attr-defined]
            relationship.save()


def _save(
    activity: Activity,
    *,
    actor: User | None,
    participants: Iterable[User] | None,
    contacts_met: Iterable[Contact] | None,
) -> Activity:
    activity.full_clean()
    _check_not_done_in_future(activity)
    met = list(contacts_met) if contacts_met is not None else None
    if met is not None:
        _check_contacts_met(activity, met)
    activity.save()
    if participants is not None:
        activity.participants.set(participants)
    if met is not None:
        activity.contacts_met.set(met)
    if activity.status == ActivityStatus.DONE:
        record_touches(
            actor=actor,
            participants=activity.participants.all(),
            contacts_met=activity.contacts_met.all(),
            on=activity.date,
        )
    return activity


@transaction.atomic
def activity_create(
    *,
    actor: User | None,
    participants: Iterable[User] = (),
    contacts_met: Iterable[Contact] = (),
    **fields: Any,
) -> Activity:
    activity = Activity(created_by=actor, **fields)
    return _save(activity, actor=actor, participants=participants, contacts_met=contacts_met)


@transaction.atomic
def activity_update(
    *,
    actor: User | None,
    activity: Activity,
    participants: Iterable[User] | None = None,
    contacts_met: Iterable[Contact] | None = None,
    **fields: Any,
) -> Activity:
    for name, value in fields.items():
        setattr(activity, name, value)
    return _save(activity, actor=actor, participants=participants, contacts_met=contacts_met)
