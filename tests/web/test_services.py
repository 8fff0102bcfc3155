"""The activity and need services the web writes through."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from guanxi.activities.models import Activity
from guanxi.activities.services import activity_create, activity_update
from guanxi.needs.models import Need
from guanxi.needs.services import need_create, need_update
from guanxi.stakeholders.models import Relationship, RelationshipLevel
from tests.factories import ContactFactory, RelationshipFactory
from tests.web.conftest import Filled

TODAY = timezone.localdate()


def test_a_done_activity_moves_last_touch_forward_for_every_pair(filled: Filled) -> None:
    world = filled.world
    old = RelationshipFactory(
        user=world.owner, contact=filled.engineer, last_touch=TODAY - datetime.timedelta(days=30)
    )
    activity_create(
        actor=world.owner,
        account=world.account,
        date=TODAY - datetime.timedelta(days=2),
        kind="visit",
        participants=[world.owner, world.teammate],
        contacts_met=[filled.engineer],
    )
    old.refresh_from_db()
    assert old.last_touch == TODAY - datetime.timedelta(days=2)
    new = Relationship.objects.get(user=world.teammate, contact=filled.engineer)
    assert new.current_level == RelationshipLevel.ACQUAINTED
    assert new.last_touch == TODAY - datetime.timedelta(days=2)


def test_an_older_activity_never_moves_last_touch_back(filled: Filled) -> None:
    world = filled.world
    recent = RelationshipFactory(user=world.owner, contact=filled.engineer, last_touch=TODAY)
    activity_create(
        actor=world.owner,
        account=world.account,
        date=TODAY - datetime.timedelta(days=90),
        kind="call",
        participants=[world.owner],
        contacts_met=[filled.engineer],
    )
    recent.refresh_from_db()
    assert recent.last_touch == TODAY


def test_a_planned_activity_touches_nobody_until_it_is_done(filled: Filled) -> None:
    world = filled.world
    activity = activity_create(
        actor=world.owner,
        account=world.account,
        date=TODAY + datetime.timedelta(days=3),
        kind="executive_visit",
        status="planned",
        participants=[world.executive],
        contacts_met=[filled.boss],
    )
    assert not Relationship.objects.filter(user=world.executive).exists()
    activity_update(actor=world.owner, activity=activity, status="done", date=TODAY)
    assert Relationship.objects.get(user=world.executive, contact=filled.boss).last_touch == TODAY


def test_activities_refuse_contacts_of_other_accounts_and_done_in_the_future(
    filled: Filled,
) -> None:
    world = filled.world
    before = Activity.objects.count()
    with pytest.raises(ValidationError):
        activity_create(
            actor=world.owner,
            account=world.account,
            date=TODAY,
            kind="call",
            contacts_met=[ContactFactory()],
        )
    with pytest.raises(ValidationError):
        activity_create(
            actor=world.owner,
            account=world.account,
            date=TODAY + datetime.timedelta(days=1),
            kind="call",
        )
    assert Activity.objects.count() == before


def test_needs_refuse_people_of_other_accounts(filled: Filled) -> None:
    world = filled.world
    with pytest.raises(ValidationError) as error:
        need_create(
            actor=world.owner,
            account=world.account,
            description="x",
            horizon="short",
            source_contact=ContactFactory(),
        )
    assert "source_contact" in error.value.message_dict
    need = need_create(actor=world.owner, account=world.account, description="y", horizon="long")
    need_update(actor=world.teammate, need=need, status="confirmed", confirmed_by=filled.boss)
    assert Need.objects.get(pk=need.pk).confirmed_by == filled.boss
    assert need.history.first().history_user == world.teammate
