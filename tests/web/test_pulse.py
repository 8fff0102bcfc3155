"""The pulse (R2.9): a person's changes on their page, the map's last 90 days on the Map tab."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from guanxi.stakeholders.pulse import account_pulse, contact_pulse
from guanxi.stakeholders.services import (
    contact_create,
    contact_link_create,
    contact_mark_left,
    contact_update,
)
from guanxi.users.models import User
from tests.web.conftest import SENSITIVE_NOTE, Filled, client_for

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def cool_down(filled: Filled) -> None:
    """The boss turns sceptical and less influential; their notes change too."""
    contact_update(actor=filled.world.teammate, contact=filled.boss, stance=-1, influence=4)
    contact_update(
        actor=filled.world.owner,
        contact=filled.boss,
        preferences="改喝普洱茶",
        personal_notes="女儿在英国留学",
    )


def test_a_contacts_pulse_says_who_changed_what_before_and_after(filled: Filled) -> None:
    cool_down(filled)
    pulse = contact_pulse(filled.boss, sensitive=True)
    latest, stance_change, created = pulse.entries[0], pulse.entries[1], pulse.entries[-1]
    assert created.created
    assert latest.who == str(filled.world.owner)
    assert {c.field for c in latest.changes} == {"preferences", "personal_notes"}
    changes = {c.field: (c.before, c.after) for c in stance_change.changes}
    assert changes["stance"] == ("Champion", "Sceptic")
    assert changes["influence"] == ("5 of 5", "4 of 5")
    assert stance_change.who == str(filled.world.teammate)
    assert [p.stance for p in pulse.stance] == [2, -1]


def test_personal_notes_never_reach_the_pulse_outside_the_circle(filled: Filled) -> None:
    cool_down(filled)
    pulse = contact_pulse(filled.boss, sensitive=False)
    fields = {c.field for entry in pulse.entries for c in entry.changes}
    assert "personal_notes" not in fields and "preferences" in fields


@pytest.mark.parametrize(("persona", "sees"), [("owner", True), ("admin", False)])
def test_the_contact_page_shows_the_pulse_with_a_stance_line(
    filled: Filled, persona: str, sees: bool
) -> None:
    contact_update(actor=filled.world.owner, contact=filled.buyer, personal_notes="换了新车")
    contact_update(actor=filled.world.owner, contact=filled.buyer, stance=0)
    user: User = getattr(filled.world, persona)
    body = client_for(user).get(reverse("contact", args=[filled.buyer.pk])).content.decode()
    assert 'id="contact-pulse"' in body
    assert 'class="stance-sparkline"' in body and "Stance over time: " in body
    assert "Opponent" in body and "Neutral" in body
    assert ("换了新车" in body) is sees
    assert (SENSITIVE_NOTE in body) is sees


def test_the_map_tab_tells_how_the_map_changed(filled: Filled) -> None:
    world = filled.world
    newcomer = contact_create(
        actor=world.owner, account=world.account, name="罗嘉欣", title="市场总监", influence=4
    )
    contact_link_create(
        actor=world.owner,
        account=world.account,
        from_contact=newcomer,
        to_contact=filled.boss,
        kind="hometown",
    )
    contact_update(actor=world.owner, contact=filled.engineer, stance=-1)
    contact_mark_left(actor=world.owner, contact=filled.buyer, left_on=TODAY)
    client = client_for(world.teammate)
    tab = client.get(reverse("account-map", args=[world.account.pk])).content.decode()
    url = reverse("account-map-pulse", args=[world.account.pk])
    assert f'hx-get="{url}"' in tab  # the tab fetches the pulse after the map
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment
    page = client.get(url).content.decode()  # without htmx: a page of its own
    assert "<html" in page and 'id="map-pulse"' in page
    pulse = fragment[fragment.index('id="map-pulse"') :]
    assert "How the map changed in the last 90 days" in pulse
    assert "罗嘉欣 added to the map" in pulse
    assert "王工: stance Neutral → Sceptic" in pulse
    assert f"{filled.buyer.name} left the company" in pulse
    assert "New link: 罗嘉欣 – 陈总 (Same hometown (老乡))" in pulse


def test_the_account_pulse_looks_back_ninety_days_only(filled: Filled) -> None:
    world = filled.world
    contact_update(actor=world.owner, contact=filled.engineer, stance=1)
    history = filled.engineer.history.model.objects
    history.update(history_date=timezone.now() - datetime.timedelta(days=120))
    contact_update(actor=world.owner, contact=filled.engineer, stance=-2)
    pulse = account_pulse(world.account, TODAY, names={}, days=90)
    stance = [c for c in pulse.changes if c.kind == "stance"]
    assert [(c.before, c.after) for c in stance] == [("Supporter", "Opponent")]
    assert pulse.counts.get("added", 0) == 0  # everyone was added long ago


def test_the_account_pulse_costs_two_queries(filled: Filled) -> None:
    cool_down(filled)
    with CaptureQueriesContext(connection) as queries:
        account_pulse(filled.world.account, TODAY, names={}, days=90)
    assert len(queries) == 2
