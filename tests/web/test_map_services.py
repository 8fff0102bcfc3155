"""The writes behind the map: each joins only people of one account, and history knows who."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from guanxi.stakeholders.models import (
    ContactLink,
    ContactStatus,
    EntrenchedPractice,
    Mitigation,
    Relationship,
    VestedInterest,
)
from guanxi.stakeholders.services import (
    contact_link_create,
    contact_link_delete,
    contact_mark_left,
    entrenched_practice_create,
    entrenched_practice_delete,
    entrenched_practice_update,
    relationship_delete,
    relationship_set,
    vested_interest_create,
    vested_interest_update,
)
from tests.factories import ContactFactory
from tests.web.conftest import Filled


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def test_a_link_joins_two_people_of_the_account_once(filled: Filled) -> None:
    world = filled.world
    link = contact_link_create(
        actor=world.owner,
        account=world.account,
        from_contact=filled.engineer,
        to_contact=filled.boss,
        kind="hometown",
        strength=4,
        note="都是潮汕人",
    )
    assert link.history.first().history_user == world.owner
    with pytest.raises(ValidationError, match="already linked"):
        contact_link_create(
            actor=world.owner,
            account=world.account,
            from_contact=filled.engineer,
            to_contact=filled.boss,
            kind="hometown",
        )
    with pytest.raises(ValidationError) as refused:
        contact_link_create(
            actor=world.owner,
            account=world.account,
            from_contact=filled.engineer,
            to_contact=filled.engineer,
            kind="friend",
        )
    assert "to_contact" in refused.value.message_dict
    stranger = ContactFactory(name="外人")
    with pytest.raises(ValidationError) as refused:
        contact_link_create(
            actor=world.owner,
            account=world.account,
            from_contact=filled.engineer,
            to_contact=stranger,
            kind="friend",
        )
    assert "to_contact" in refused.value.message_dict
    with pytest.raises(ValidationError):
        contact_link_create(
            actor=world.owner,
            account=world.account,
            from_contact=filled.engineer,
            to_contact=filled.buyer,
            kind="friend",
            strength=9,
        )
    link_id = link.pk
    contact_link_delete(actor=world.teammate, link=link)
    assert not ContactLink.objects.filter(pk=link_id).exists()
    removal = ContactLink.history.filter(id=link_id).latest("history_date")
    assert (removal.history_type, removal.history_user) == ("-", world.teammate)


def test_a_relationship_is_one_row_per_pair_and_saving_again_updates_it(filled: Filled) -> None:
    world = filled.world
    first = relationship_set(
        actor=world.owner, contact=filled.engineer, user=world.teammate, current_level=1,
        target_level=3,
    )  # fmt: skip
    again = relationship_set(
        actor=world.owner, contact=filled.engineer, user=world.teammate, current_level=2,
        target_level=4,
    )  # fmt: skip
    assert first.pk == again.pk
    assert Relationship.objects.filter(contact=filled.engineer).count() == 1
    assert (again.current_level, again.target_level) == (2, 4)
    with pytest.raises(ValidationError):
        relationship_set(
            actor=world.owner, contact=filled.engineer, user=world.owner, current_level=7,
            target_level=7,
        )  # fmt: skip
    relationship_id = again.pk
    relationship_delete(actor=world.owner, relationship=again)
    assert not Relationship.objects.filter(pk=relationship_id).exists()


def test_an_ally_who_speaks_for_us_must_be_named_and_be_someone_else(filled: Filled) -> None:
    world = filled.world

    def create(**fields: object) -> VestedInterest:
        return vested_interest_create(
            actor=world.owner, account=world.account, contact=filled.buyer, kind="kickback",
            severity=3, **fields,
        )  # fmt: skip

    with pytest.raises(ValidationError) as refused:
        create(mitigation=Mitigation.ALLY_SPEAKS)
    assert "ally" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        create(mitigation=Mitigation.ALLY_SPEAKS, ally=filled.buyer)
    assert "ally" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        create(mitigation=Mitigation.ALLY_SPEAKS, ally=ContactFactory(name="别家的人"))
    assert "ally" in refused.value.message_dict
    interest = create(mitigation=Mitigation.ALLY_SPEAKS, ally=filled.boss, owner=world.owner)
    assert interest.history.first().history_user == world.owner
    with pytest.raises(ValidationError):
        vested_interest_update(actor=world.owner, interest=interest, ally=None)
    vested_interest_update(
        actor=world.owner, interest=interest, mitigation=Mitigation.WAIT_DEPARTURE, ally=None
    )
    interest.refresh_from_db()
    assert interest.mitigation == Mitigation.WAIT_DEPARTURE


def test_practices_are_written_updated_and_removed_with_history(filled: Filled) -> None:
    world = filled.world
    practice = entrenched_practice_create(
        actor=world.owner, account=world.account, description="只认本行业的顾问", blocks_us=True
    )
    entrenched_practice_update(
        actor=world.teammate, practice=practice, how_we_work_with_it="请同行业客户做推荐"
    )
    assert practice.history.first().history_user == world.teammate
    with pytest.raises(ValidationError):
        entrenched_practice_update(actor=world.owner, practice=practice, description="")
    practice_id = practice.pk
    entrenched_practice_delete(actor=world.owner, practice=practice)
    assert not EntrenchedPractice.objects.filter(pk=practice_id).exists()


def test_someone_who_left_stays_on_the_map_with_where_they_went(filled: Filled) -> None:
    world = filled.world
    on = datetime.date(2026, 3, 1)
    contact_mark_left(actor=world.owner, contact=filled.buyer, left_on=on, left_to="锐锋五金")
    filled.buyer.refresh_from_db()
    assert filled.buyer.status == ContactStatus.LEFT
    assert (filled.buyer.left_on, filled.buyer.left_to) == (on, "锐锋五金")
    assert filled.buyer.history.first().history_user == world.owner
