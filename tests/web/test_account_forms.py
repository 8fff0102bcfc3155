"""Creating and editing accounts through the web."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from guanxi.accounts.models import Account, Competitor
from tests.conftest import World
from tests.factories import AccountFactory
from tests.web.conftest import client_for


def account_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "name": "佛山顺德家具厂",
        "name_latin": "Shunde Furniture",
        "customer_code": "FS0001",
        "industry": "furniture",
        "region": "佛山",
        "stage": "basic",
        "competitor_threat": "medium",
        "results_horizon": "6",
        "access_to_goals": "4",
        "credit_rating": "A",
        "payment_terms_days": "60",
    }
    return data | overrides


def test_a_kam_creates_an_account_they_own(world: World) -> None:
    rival = Competitor.objects.create(name="汇泰五金")
    client = client_for(world.owner)
    form = client.get(reverse("account-create")).content.decode()
    assert 'name="owner"' not in form
    data = account_data(owner=world.teammate.pk, incumbent_competitors=[rival.pk])
    response = client.post(reverse("account-create"), data, follow=True)
    account = Account.objects.get(customer_code="FS0001")
    assert response.redirect_chain[-1][0] == reverse("account", args=[account.pk])
    assert "Account saved." in response.content.decode()
    assert account.owner == world.owner
    assert account.name_initials == "fssdjjc"
    assert account.access_to_goals == 4
    assert list(account.incumbent_competitors.all()) == [rival]
    assert account.history.first().history_user == world.owner


def test_a_manager_gives_a_new_account_to_a_kam(world: World) -> None:
    client = client_for(world.manager)
    form = client.get(reverse("account-create")).content.decode()
    assert f'<option value="{world.manager.pk}" selected>' in form  # defaults to me
    response = client.post(reverse("account-create"), account_data(owner=world.teammate.pk))
    assert response.status_code == 302
    assert Account.objects.get(customer_code="FS0001").owner == world.teammate


def test_an_invalid_account_shows_errors_and_writes_nothing(world: World) -> None:
    before = Account.objects.count()
    data = account_data(name="", access_to_goals="9", tier_override="A")
    response = client_for(world.owner).post(reverse("account-create"), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="form-errors"' in body
    assert 'class="form-control is-invalid"' in body
    assert 'id="id_name_errors"' in body
    assert 'id="id_tier_override_reason_errors"' in body
    assert 'id="id_access_to_goals_errors"' in body
    assert Account.objects.count() == before


def test_customer_codes_stay_unique(world: World) -> None:
    response = client_for(world.owner).post(
        reverse("account-create"), account_data(customer_code="GZ0001")
    )
    assert 'id="id_customer_code_errors"' in response.content.decode()
    assert Account.objects.filter(customer_code="GZ0001").count() == 1


def test_the_parent_is_named_by_a_visible_customer_code(world: World) -> None:
    group = AccountFactory(name="美家集团", customer_code="GRP1", owner=world.owner)
    AccountFactory(name="别人的集团", customer_code="GRP2", owner=world.outsider)
    client = client_for(world.owner)
    url = reverse("account-edit", args=[world.account.pk])
    response = client.post(
        url, account_data(name=world.account.name, customer_code="GZ0001", parent_code="GRP2")
    )
    assert 'id="id_parent_code_errors"' in response.content.decode()
    client.post(
        url, account_data(name=world.account.name, customer_code="GZ0001", parent_code="GRP1")
    )
    world.account.refresh_from_db()
    assert world.account.parent == group
    response = client.post(
        reverse("account-edit", args=[group.pk]),
        account_data(name=group.name, customer_code="GRP1", parent_code="GZ0001"),
    )
    assert 'id="id_parent_code_errors"' in response.content.decode()  # no loops


def test_the_teammate_edits_the_account(world: World) -> None:
    client = client_for(world.teammate)
    url = reverse("account-edit", args=[world.account.pk])
    form = client.get(url).content.decode()
    assert world.account.name in form
    response = client.post(
        url,
        account_data(
            name=world.account.name,
            customer_code="GZ0001",
            owner=world.teammate.pk,
            tier_override="B",
            tier_override_reason="战略客户",
        ),
    )
    assert response.status_code == 302
    world.account.refresh_from_db()
    assert world.account.tier_override == "B"
    assert world.account.owner == world.owner  # a KAM cannot hand it over
    assert world.account.history.first().history_user == world.teammate


def test_executives_may_not_edit_and_outsiders_do_not_see(world: World) -> None:
    url = reverse("account-edit", args=[world.account.pk])
    data = account_data(name="改名", customer_code="GZ0001")
    assert client_for(world.executive).get(url).status_code == 403
    assert client_for(world.executive).post(url, data).status_code == 403
    response = client_for(world.outsider).post(url, data)
    assert response.status_code == 404
    assert world.account.name not in response.content.decode()
    world.account.refresh_from_db()
    assert world.account.name == "广州美家家具有限公司"


def test_executives_may_not_create_accounts(world: World) -> None:
    client = client_for(world.executive)
    assert client.get(reverse("account-create")).status_code == 403
    assert client.post(reverse("account-create"), account_data()).status_code == 403
    assert not Account.objects.filter(customer_code="FS0001").exists()
