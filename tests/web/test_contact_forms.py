"""Creating and editing contacts through the web."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from guanxi.stakeholders.models import Contact
from tests.conftest import World
from tests.factories import ContactFactory
from tests.web.conftest import SENSITIVE_NOTE, Filled, client_for


def contact_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "name": "刘洋",
        "title": "设计总监",
        "department": "设计部",
        "influence": "4",
        "stance": "1",
        "status": "active",
        "buying_roles": ["technical_buyer", "coach"],
    }
    return data | overrides


def test_the_owner_adds_a_contact_with_buying_roles(filled: Filled) -> None:
    world = filled.world
    client = client_for(world.owner)
    url = reverse("contact-create", args=[world.account.pk])
    form = client.get(url).content.decode()
    assert 'type="checkbox" name="buying_roles" value="decision_maker"' in form
    assert 'name="personal_notes"' in form
    data = contact_data(reports_to=filled.boss.pk, personal_notes="喜欢打高尔夫")
    response = client.post(url, data, follow=True)
    contact = Contact.objects.get(name="刘洋")
    assert response.redirect_chain[-1][0] == reverse("contact", args=[contact.pk])
    assert "Contact saved." in response.content.decode()
    assert contact.account == world.account
    assert contact.buying_roles == ["technical_buyer", "coach"]
    assert contact.reports_to == filled.boss
    assert contact.name_pinyin == "liuyang"
    assert contact.personal_notes == "喜欢打高尔夫"


def test_reports_to_offers_only_people_of_the_same_account(filled: Filled) -> None:
    world = filled.world
    stranger = ContactFactory(name="外人甲")
    client = client_for(world.owner)
    url = reverse("contact-create", args=[world.account.pk])
    assert "外人甲" not in client.get(url).content.decode()
    response = client.post(url, contact_data(reports_to=stranger.pk))
    assert 'id="id_reports_to_errors"' in response.content.decode()
    assert not Contact.objects.filter(name="刘洋").exists()


def test_an_invalid_contact_shows_errors_and_writes_nothing(filled: Filled) -> None:
    world = filled.world
    before = Contact.objects.count()
    data = contact_data(name="", email="not-an-email", status="left", influence="7")
    response = client_for(world.owner).post(
        reverse("contact-create", args=[world.account.pk]), data
    )
    body = response.content.decode()
    assert 'id="form-errors"' in body
    for field in ("name", "email", "left_on", "influence"):
        assert f'id="id_{field}_errors"' in body, field
    assert "is-invalid" in body
    assert Contact.objects.count() == before


def test_a_placeholder_needs_no_name(filled: Filled) -> None:
    world = filled.world
    data = contact_data(name="", title="财务经理", is_placeholder="on", buying_roles=[])
    response = client_for(world.owner).post(
        reverse("contact-create", args=[world.account.pk]), data
    )
    assert response.status_code == 302
    assert Contact.objects.filter(title="财务经理", is_placeholder=True).exists()


def test_the_teammate_edits_a_contact_without_losing_the_notes(filled: Filled) -> None:
    world = filled.world
    client = client_for(world.teammate)
    url = reverse("contact-edit", args=[filled.buyer.pk])
    form = client.get(url).content.decode()
    assert SENSITIVE_NOTE in form
    reports_to = form[
        form.index('name="reports_to"') : form.index("</select>", form.index('name="reports_to"'))
    ]
    assert f'<option value="{filled.boss.pk}"' in reports_to
    assert f'<option value="{filled.buyer.pk}"' not in reports_to  # not their own boss
    data = contact_data(name=filled.buyer.name, stance="-1", personal_notes=SENSITIVE_NOTE)
    assert client.post(url, data).status_code == 302
    filled.buyer.refresh_from_db()
    assert filled.buyer.stance == -1
    assert filled.buyer.history.first().history_user == world.teammate


def test_an_admin_edits_without_seeing_or_touching_personal_notes(filled: Filled) -> None:
    world = filled.world
    client = client_for(world.admin)
    url = reverse("contact-edit", args=[filled.buyer.pk])
    form = client.get(url).content.decode()
    assert SENSITIVE_NOTE not in form
    assert 'name="personal_notes"' not in form
    data = contact_data(name=filled.buyer.name, personal_notes="overwritten")
    assert client.post(url, data).status_code == 302
    filled.buyer.refresh_from_db()
    assert filled.buyer.personal_notes == SENSITIVE_NOTE


def test_a_reporting_loop_is_refused(filled: Filled) -> None:
    world = filled.world
    url = reverse("contact-edit", args=[filled.boss.pk])
    data = contact_data(name=filled.boss.name, reports_to=filled.buyer.pk)
    response = client_for(world.owner).post(url, data)
    assert 'id="form-errors"' in response.content.decode()
    filled.boss.refresh_from_db()
    assert filled.boss.reports_to is None


def test_executives_get_403_and_outsiders_404(world: World) -> None:
    contact = world.account.contacts.get()
    for url in (
        reverse("contact-create", args=[world.account.pk]),
        reverse("contact-edit", args=[contact.pk]),
    ):
        assert client_for(world.executive).get(url).status_code == 403
        assert client_for(world.executive).post(url, contact_data()).status_code == 403
        response = client_for(world.outsider).post(url, contact_data())
        assert response.status_code == 404
        assert world.account.name not in response.content.decode()
    assert not Contact.objects.filter(name="刘洋").exists()
