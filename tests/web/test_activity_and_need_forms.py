"""Logging activities and recording needs through the web."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone

from guanxi.activities.models import Activity
from guanxi.needs.models import Need
from guanxi.stakeholders.models import Relationship
from tests.factories import ContactFactory
from tests.web.conftest import Filled, client_for


def activity_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "date": timezone.localdate().isoformat(),
        "kind": "meal",
        "status": "done",
        "hours": "3",
        "subject": "与设计部晚餐",
    }
    return data | overrides


def test_the_owner_logs_a_visit_and_the_relationships_are_touched(filled: Filled) -> None:
    world = filled.world
    client = client_for(world.owner)
    url = reverse("activity-create", args=[world.account.pk])
    form = client.get(url).content.decode()
    assert f'value="{world.owner.pk}" class="form-check-input" id="id_participants_' in form
    data = activity_data(
        participants=[world.owner.pk], contacts_met=[filled.engineer.pk, filled.boss.pk]
    )
    response = client.post(url, data, follow=True)
    assert response.redirect_chain[-1][0] == reverse("account-activities", args=[world.account.pk])
    assert "Activity saved." in response.content.decode()
    activity = Activity.objects.get(subject="与设计部晚餐")
    assert activity.created_by == world.owner
    assert set(activity.contacts_met.all()) == {filled.engineer, filled.boss}
    touched = Relationship.objects.get(user=world.owner, contact=filled.engineer)
    assert touched.last_touch == timezone.localdate()
    assert (
        Relationship.objects.get(user=world.owner, contact=filled.boss).last_touch
        == timezone.localdate()
    )


def test_contacts_met_are_limited_to_the_account(filled: Filled) -> None:
    world = filled.world
    stranger = ContactFactory(name="外人乙")
    client = client_for(world.owner)
    url = reverse("activity-create", args=[world.account.pk])
    assert "外人乙" not in client.get(url).content.decode()
    response = client.post(url, activity_data(contacts_met=[stranger.pk]))
    assert 'id="id_contacts_met_errors"' in response.content.decode()
    assert not Activity.objects.filter(subject="与设计部晚餐").exists()


def test_an_invalid_activity_shows_errors_and_writes_nothing(filled: Filled) -> None:
    world = filled.world
    before = Activity.objects.count()
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    url = reverse("activity-create", args=[world.account.pk])
    client = client_for(world.owner)
    body = client.post(url, activity_data(kind="", hours="30")).content.decode()
    assert 'id="id_kind_errors"' in body and 'id="id_hours_errors"' in body
    body = client.post(url, activity_data(date=tomorrow)).content.decode()
    assert 'id="id_date_errors"' in body  # done, yet in the future
    assert Activity.objects.count() == before


def test_the_teammate_edits_an_activity(filled: Filled) -> None:
    world = filled.world
    url = reverse("activity-edit", args=[filled.activity.pk])
    client = client_for(world.teammate)
    assert "工厂参观" in client.get(url).content.decode()
    data = activity_data(
        subject="工厂参观（改）", participants=[world.teammate.pk], contacts_met=[filled.buyer.pk]
    )
    assert client.post(url, data).status_code == 302
    filled.activity.refresh_from_db()
    assert filled.activity.subject == "工厂参观（改）"
    assert list(filled.activity.participants.all()) == [world.teammate]


def test_activity_forms_403_for_executives_404_for_outsiders(filled: Filled) -> None:
    world = filled.world
    for url in (
        reverse("activity-create", args=[world.account.pk]),
        reverse("activity-edit", args=[filled.activity.pk]),
    ):
        assert client_for(world.executive).post(url, activity_data()).status_code == 403
        response = client_for(world.outsider).get(url)
        assert response.status_code == 404
        assert world.account.name not in response.content.decode()
    assert not Activity.objects.filter(subject="与设计部晚餐").exists()


def need_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "description": "升级到高端铰链",
        "horizon": "long",
        "category": "innovation",
        "importance": "5",
        "status": "identified",
        "owning_department": "设计部",
    }
    return data | overrides


def test_the_owner_records_a_long_term_need(filled: Filled) -> None:
    world = filled.world
    client = client_for(world.owner)
    url = reverse("need-create", args=[world.account.pk])
    form = client.get(url).content.decode()
    assert 'type="radio" name="horizon" value="long"' in form
    assert (
        'value=""'
        not in form[form.index('name="horizon"') - 200 : form.index('name="horizon"') + 100]
    )
    response = client.post(url, need_data(source_contact=filled.engineer.pk), follow=True)
    assert response.redirect_chain[-1][0] == reverse("account-needs", args=[world.account.pk])
    need = Need.objects.get(description="升级到高端铰链")
    assert need.source_contact == filled.engineer
    assert need.history.first().history_user == world.owner


def test_an_invalid_need_shows_errors_and_writes_nothing(filled: Filled) -> None:
    world = filled.world
    stranger = ContactFactory()
    before = Need.objects.count()
    data = need_data(
        description="", horizon="", source_contact=stranger.pk, confirmed_by=filled.boss.pk
    )
    body = (
        client_for(world.owner)
        .post(reverse("need-create", args=[world.account.pk]), data)
        .content.decode()
    )
    for field in ("description", "horizon", "source_contact", "confirmed_on"):
        assert f'id="id_{field}_errors"' in body, field
    assert Need.objects.count() == before


def test_the_teammate_edits_a_need_and_outsiders_cannot(filled: Filled) -> None:
    world = filled.world
    url = reverse("need-edit", args=[filled.need.pk])
    assert client_for(world.teammate).post(url, need_data(status="addressing")).status_code == 302
    filled.need.refresh_from_db()
    assert filled.need.status == "addressing"
    assert client_for(world.executive).post(url, need_data()).status_code == 403
    response = client_for(world.outsider).post(url, need_data(status="dropped"))
    assert response.status_code == 404
    filled.need.refresh_from_db()
    assert filled.need.status == "addressing"
