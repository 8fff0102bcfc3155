"""The contact page: everything about a person, the sensitive part for the circle only."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from guanxi.users.models import User
from tests.factories import ActivityFactory, ContactFactory
from tests.web.conftest import INTEREST_TEXT, SENSITIVE_NOTE, Filled, client_for


def contact_body(user: User, contact_id: int) -> tuple[int, str]:
    response = client_for(user).get(reverse("contact", args=[contact_id]))
    return response.status_code, response.content.decode()


def test_the_owner_sees_the_whole_person(filled: Filled) -> None:
    status, body = contact_body(filled.world.owner, filled.buyer.pk)
    assert status == 200
    assert f'<h1 class="h3 mb-1">{filled.buyer.name}' in body
    assert filled.buyer.title in body
    assert "Gatekeeper" in body and "Opponent" in body
    assert reverse("contact", args=[filled.boss.pk]) in body  # reports to
    assert "工厂参观" in body  # met in
    assert SENSITIVE_NOTE in body
    assert INTEREST_TEXT in body
    assert 'id="contact-edit"' in body


def test_the_boss_page_shows_direct_reports_links_and_our_relationships(filled: Filled) -> None:
    status, body = contact_body(filled.world.teammate, filled.boss.pk)
    assert status == 200
    assert reverse("contact", args=[filled.buyer.pk]) in body  # direct report and link
    assert "Alumni" in body
    assert str(filled.world.owner) in body
    assert "Credible source" in body


@pytest.mark.parametrize(
    ("persona", "sees"),
    [("owner", True), ("teammate", True), ("manager", True), ("executive", True), ("admin", False)],
)
def test_sensitive_notes_and_interests_only_for_the_circle(
    filled: Filled, persona: str, sees: bool
) -> None:
    status, body = contact_body(getattr(filled.world, persona), filled.buyer.pk)
    assert status == 200
    assert (SENSITIVE_NOTE in body) is sees
    assert (INTEREST_TEXT in body) is sees
    assert ('id="vested-interests"' in body) is sees


@pytest.mark.parametrize("persona", ["outsider", "other_manager"])
def test_outsiders_get_404_and_never_the_person(filled: Filled, persona: str) -> None:
    status, body = contact_body(getattr(filled.world, persona), filled.buyer.pk)
    assert status == 404
    assert filled.buyer.title not in body
    assert filled.world.account.name not in body


def test_executives_read_but_get_no_edit_button(filled: Filled) -> None:
    _, body = contact_body(filled.world.executive, filled.buyer.pk)
    assert 'id="contact-edit"' not in body


def test_the_contact_page_costs_a_bounded_number_of_queries(filled: Filled) -> None:
    client = client_for(filled.world.owner)
    counts = []
    for n in (1, 15):
        for contact in ContactFactory.create_batch(n, account=filled.world.account):
            contact.reports_to = filled.buyer
            contact.save()
        for _ in range(n):
            ActivityFactory(account=filled.world.account).contacts_met.add(filled.buyer)
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("contact", args=[filled.buyer.pk]))
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 16, counts
