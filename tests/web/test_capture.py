"""Capturing the map on the Contacts tab: small htmx forms, every write through a service,
each tried as owner, teammate, outsider (404), executive (403) and admin (no sensitive data)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from guanxi.stakeholders.models import (
    Contact,
    ContactLink,
    ContactStatus,
    EntrenchedPractice,
    Mitigation,
    Relationship,
    VestedInterest,
)
from tests.factories import EntrenchedPracticeFactory
from tests.web.conftest import INTEREST_TEXT, Filled, client_for, has_inline_style

HTMX = {"HX-Request": "true"}


def post(client: Client, url: str, data: dict[str, Any], htmx: bool = True) -> tuple[int, str]:
    response = client.post(url, data, headers=HTMX if htmx else {})
    return response.status_code, response.content.decode()


def person(**overrides: Any) -> dict[str, Any]:
    return {"name": "刘洋", "title": "设计总监", "department": "设计部", "influence": "4",
            "stance": "1", "buying_roles": ["technical_buyer"]} | overrides  # fmt: skip


# --- people --------------------------------------------------------------------------


def test_a_person_is_added_inline_and_the_list_comes_back(filled: Filled) -> None:
    world = filled.world
    client = client_for(world.owner)
    url = reverse("contact-quick-create", args=[world.account.pk])
    form = client.get(url, headers=HTMX).content.decode()
    assert "<html" not in form and 'hx-post="' + url in form
    assert 'id="contact_reports_to"' in form and filled.boss.name in form
    assert not has_inline_style(form)
    status, body = post(client, url, person(reports_to=filled.boss.pk))
    assert status == 200
    assert body.startswith('<section id="contacts-section"')
    assert "刘洋" in body and "Contact saved." in body
    added = Contact.objects.get(name="刘洋")
    assert added.reports_to == filled.boss and added.account == world.account
    assert added.history.first().history_user == world.owner


def test_a_person_with_errors_comes_back_into_the_slot_and_nothing_is_written(
    filled: Filled,
) -> None:
    world = filled.world
    before = Contact.objects.count()
    response = client_for(world.teammate).post(
        reverse("contact-quick-create", args=[world.account.pk]),
        person(name="", influence="9"),
        headers=HTMX,
    )
    body = response.content.decode()
    assert response["HX-Retarget"] == "#contacts-form-slot"
    assert response["HX-Reswap"] == "innerHTML"
    assert 'id="contacts-form-errors"' in body
    assert 'id="contact_name_errors"' in body and 'id="contact_influence_errors"' in body
    assert "is-invalid" in body
    assert Contact.objects.count() == before


def test_without_javascript_the_form_is_a_page_and_saving_goes_back_to_the_tab(
    filled: Filled,
) -> None:
    world = filled.world
    client = client_for(world.owner)
    url = reverse("contact-quick-create", args=[world.account.pk])
    page = client.get(url).content.decode()
    assert "<html" in page and 'id="contact_name"' in page
    response = client.post(url, person())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account-contacts", args=[world.account.pk]))


def test_a_known_role_is_added_as_a_placeholder_without_a_name(filled: Filled) -> None:
    world = filled.world
    url = reverse("contact-quick-create", args=[world.account.pk])
    client = client_for(world.owner)
    form = client.get(url + "?placeholder=1", headers=HTMX).content.decode()
    assert 'id="contact_is_placeholder" checked' in form
    status, body = post(client, url, person(name="", title="财务经理", is_placeholder="on"))
    assert status == 200
    assert Contact.objects.filter(title="财务经理", is_placeholder=True, name="").exists()
    status, body = post(client, url, person(name="", title="", is_placeholder="on"))
    assert 'id="contact_title_errors"' in body


def test_quick_edit_refuses_a_reporting_loop(filled: Filled) -> None:
    world = filled.world
    url = reverse("contact-quick-edit", args=[filled.boss.pk])
    client = client_for(world.owner)
    form = client.get(url, headers=HTMX).content.decode()
    bosses = form[form.index('name="reports_to"') :]
    bosses = bosses[: bosses.index("</select>")]
    assert f'<option value="{filled.buyer.pk}"' in bosses
    assert f'<option value="{filled.boss.pk}"' not in bosses  # not their own boss
    status, body = post(client, url, person(name="陈总", reports_to=filled.buyer.pk))
    assert "reporting loop" in body
    filled.boss.refresh_from_db()
    assert filled.boss.reports_to is None
    status, body = post(client, url, person(name="陈总", stance="-1"))
    filled.boss.refresh_from_db()
    assert filled.boss.stance == -1 and filled.boss.title == "设计总监"


def test_someone_who_left_is_marked_with_the_date_and_where_to(filled: Filled) -> None:
    world = filled.world
    url = reverse("contact-left", args=[filled.engineer.pk])
    client = client_for(world.owner)
    status, body = post(client, url, {"left_on": "", "left_to": ""})
    assert 'id="left_left_on_errors"' in body
    status, body = post(client, url, {"left_on": "2026-03-01", "left_to": "锐锋五金"})
    assert "Marked as left." in body
    filled.engineer.refresh_from_db()
    assert filled.engineer.status == ContactStatus.LEFT
    assert filled.engineer.left_to == "锐锋五金"


# --- links, relationships, practices -------------------------------------------------


def test_two_people_are_linked_and_unlinked(filled: Filled) -> None:
    world = filled.world
    client = client_for(world.teammate)
    url = reverse("link-create", args=[world.account.pk])
    form = client.get(url, headers=HTMX).content.decode()
    assert 'value="alumni"' in form and 'value="hometown"' in form
    data = {"from_contact": filled.engineer.pk, "kind": "alumni",
            "to_contact": filled.buyer.pk, "strength": "4", "note": "华南理工大学校友"}  # fmt: skip
    status, body = post(client, url, data)
    assert body.startswith('<section id="links-section"') and "华南理工大学校友" in body
    link = ContactLink.objects.get(from_contact=filled.engineer, kind="alumni")
    assert link.strength == 4 and link.account == world.account
    status, body = post(client, url, data)
    assert 'id="link_kind_errors"' in body  # already linked this way
    status, body = post(client, url, data | {"to_contact": filled.engineer.pk})
    assert 'id="link_to_contact_errors"' in body
    status, body = post(client, reverse("link-delete", args=[link.pk]), {})
    assert status == 200 and "华南理工大学校友" not in body
    assert not ContactLink.objects.filter(pk=link.pk).exists()


def test_our_relationship_is_recorded_and_updated_in_place(filled: Filled) -> None:
    world = filled.world
    client = client_for(world.owner)
    url = reverse("relationship-create", args=[world.account.pk])
    data = {"contact": filled.engineer.pk, "user": world.teammate.pk,
            "current_level": "1", "target_level": "3"}  # fmt: skip
    post(client, url, data)
    status, body = post(client, url, data | {"current_level": "2", "target_level": "4"})
    assert body.startswith('<section id="relationships-section"')
    relationship = Relationship.objects.get(contact=filled.engineer, user=world.teammate)
    assert (relationship.current_level, relationship.target_level) == (2, 4)
    status, body = post(client, url, data | {"current_level": "4", "target_level": "2"})
    assert 'id="relationship_target_level_errors"' in body
    post(client, reverse("relationship-delete", args=[relationship.pk]), {})
    assert not Relationship.objects.filter(pk=relationship.pk).exists()


def test_practices_are_added_edited_and_removed(filled: Filled) -> None:
    world = filled.world
    client = client_for(world.owner)
    data = {"description": "坚持两到三天的标准培训", "blocks_us": "on", "how_we_work_with_it": ""}
    status, body = post(client, reverse("practice-create", args=[world.account.pk]), data)
    assert body.startswith('<section id="practices-section"') and "坚持两到三天" in body
    practice = EntrenchedPractice.objects.get(account=world.account)
    status, body = post(
        client,
        reverse("practice-edit", args=[practice.pk]),
        data | {"how_we_work_with_it": "把辅导拆成两天培训加线上跟进"},
    )
    assert "把辅导拆成两天培训" in body
    post(client, reverse("practice-delete", args=[practice.pk]), {})
    assert not EntrenchedPractice.objects.exists()


# --- vested interests: the sensitive circle only -------------------------------------


def interest_data(filled: Filled, **overrides: Any) -> dict[str, Any]:
    return {"contact": filled.engineer.pk, "kind": "role_devalued", "severity": "2",
            "status": "open", "description": "担心新系统让他的岗位不再重要",
            "mitigation": "", "ally": "", "owner": ""} | overrides  # fmt: skip


def test_an_interest_with_an_ally_must_name_the_ally(filled: Filled) -> None:
    world = filled.world
    client = client_for(world.owner)
    url = reverse("interest-create", args=[world.account.pk])
    status, body = post(client, url, interest_data(filled, mitigation=Mitigation.ALLY_SPEAKS))
    assert 'id="interest_ally_errors"' in body and "Name the ally" in body
    assert not VestedInterest.objects.filter(contact=filled.engineer).exists()
    status, body = post(
        client, url, interest_data(filled, mitigation=Mitigation.ALLY_SPEAKS, ally=filled.boss.pk)
    )
    assert body.startswith('<section id="interests-section"')
    interest = VestedInterest.objects.get(contact=filled.engineer)
    assert interest.ally == filled.boss and interest.account == world.account
    status, body = post(
        client,
        reverse("interest-edit", args=[interest.pk]),
        interest_data(filled, mitigation=Mitigation.WIN_TRUST, status="mitigating"),
    )
    interest.refresh_from_db()
    assert interest.mitigation == Mitigation.WIN_TRUST


@pytest.mark.parametrize("persona", ["admin", "outsider"])
def test_outside_the_circle_interests_do_not_exist(filled: Filled, persona: str) -> None:
    world = filled.world
    client = client_for(getattr(world, persona))
    interest = VestedInterest.objects.get(contact=filled.buyer)
    for url in (
        reverse("interest-create", args=[world.account.pk]),
        reverse("interest-edit", args=[interest.pk]),
    ):
        assert client.get(url, headers=HTMX).status_code == 404, url
        assert client.post(url, interest_data(filled)).status_code == 404, url
    assert client.post(reverse("interest-delete", args=[interest.pk])).status_code == 404
    assert VestedInterest.objects.filter(pk=interest.pk).exists()


def test_the_admin_sees_the_contacts_tab_without_interests_forms_or_counts(filled: Filled) -> None:
    world = filled.world
    body = client_for(world.admin).get(reverse("account-contacts", args=[world.account.pk]))
    text = body.content.decode()
    assert body.status_code == 200
    assert 'id="interests-section"' not in text and "interest-create" not in text
    assert "Vested interests" not in text and INTEREST_TEXT not in text
    assert 'id="link-create"' in text  # the rest of the map is theirs to keep up
    text = client_for(world.owner).get(reverse("account-contacts", args=[world.account.pk]))
    assert 'id="interests-section"' in text.content.decode()


# --- every write, every persona ------------------------------------------------------


@dataclass(frozen=True)
class Write:
    name: str
    url: Callable[[Filled], str]
    data: Callable[[Filled], dict[str, Any]]
    sensitive: bool = False


WRITES = [
    Write("quick create", lambda f: reverse("contact-quick-create", args=[f.world.account.pk]),
          lambda f: person(name="新人")),
    Write("quick edit", lambda f: reverse("contact-quick-edit", args=[f.engineer.pk]),
          lambda f: person(name="王工")),
    Write("left", lambda f: reverse("contact-left", args=[f.engineer.pk]),
          lambda f: {"left_on": "2026-01-02"}),
    Write("link", lambda f: reverse("link-create", args=[f.world.account.pk]),
          lambda f: {"from_contact": f.engineer.pk, "kind": "friend", "to_contact": f.boss.pk,
                     "strength": "3"}),
    Write("unlink", lambda f: reverse("link-delete", args=[ContactLink.objects.get().pk]),
          lambda f: {}),
    Write("relationship",
          lambda f: reverse("relationship-create", args=[f.world.account.pk]),
          lambda f: {"contact": f.engineer.pk, "user": f.world.owner.pk, "current_level": "1",
                     "target_level": "2"}),
    Write("drop relationship",
          lambda f: reverse("relationship-delete", args=[Relationship.objects.get().pk]),
          lambda f: {}),
    Write("interest", lambda f: reverse("interest-create", args=[f.world.account.pk]),
          lambda f: interest_data(f), sensitive=True),
    Write("edit interest",
          lambda f: reverse("interest-edit", args=[VestedInterest.objects.get().pk]),
          lambda f: interest_data(f, contact=f.buyer.pk), sensitive=True),
    Write("drop interest",
          lambda f: reverse("interest-delete", args=[VestedInterest.objects.get().pk]),
          lambda f: {}, sensitive=True),
    Write("practice", lambda f: reverse("practice-create", args=[f.world.account.pk]),
          lambda f: {"description": "只接受标准培训"}),
    Write("edit practice",
          lambda f: reverse("practice-edit", args=[EntrenchedPractice.objects.get().pk]),
          lambda f: {"description": "只接受两天的标准培训"}),
    Write("drop practice",
          lambda f: reverse("practice-delete", args=[EntrenchedPractice.objects.get().pk]),
          lambda f: {}),
]  # fmt: skip


@pytest.fixture
def full(filled: Filled) -> Filled:
    """`filled` has a link, a relationship and an interest; give it a practice too."""
    EntrenchedPracticeFactory(account=filled.world.account)
    assert ContactLink.objects.count() == Relationship.objects.count() == 1
    return filled


@pytest.mark.parametrize("write", WRITES, ids=[w.name for w in WRITES])
@pytest.mark.parametrize(
    ("persona", "expected"),
    [("owner", 200), ("teammate", 200), ("outsider", 404), ("other_manager", 404),
     ("executive", 403), ("admin", 200)],
)  # fmt: skip
def test_who_may_write_what(full: Filled, write: Write, persona: str, expected: int) -> None:
    if persona == "admin" and write.sensitive:
        expected = 404  # sees the account, never its vested interests
    client = client_for(getattr(full.world, persona))
    url = write.url(full)
    response = client.post(url, write.data(full), headers=HTMX)
    assert response.status_code == expected, response.content.decode()[:300]
    if expected == 200:
        assert "errors" not in response.content.decode().split("</h3>")[0], write.name


def test_every_form_opens_for_the_owner_and_never_for_the_executive(full: Filled) -> None:
    world = full.world
    for write in WRITES:
        if "drop" in write.name or write.name == "unlink":
            continue
        url = write.url(full)
        assert client_for(world.owner).get(url, headers=HTMX).status_code == 200, write.name
        assert client_for(world.executive).get(url, headers=HTMX).status_code == 403, write.name
