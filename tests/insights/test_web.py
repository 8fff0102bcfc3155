"""The "My insights" page: the owner and a teammate see their accounts' insights, an outsider none."""

from __future__ import annotations

import pytest
from django.test import Client

from guanxi.stakeholders.models import Contact
from tests.conftest import World
from tests.factories import AccountFactory
from tests.insights.conftest import mapped_account


def page(client: Client, user: object, **params: str) -> str:
    client.force_login(user)  # type: ignore[arg-type]
    response = client.get("/insights/", params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("persona", ["owner", "teammate"])
def test_the_account_team_sees_the_insights_and_the_vested_interest(
    world: World, mapped: dict[str, Contact], client: Client, persona: str
) -> None:
    html = page(client, getattr(world, persona))
    assert "My insights" in html
    assert world.account.name in html
    assert "设计部" in html  # a need owned where we know nobody
    assert "has a vested interest" in html
    assert 'id="strength-list"' in html
    assert f'href="/accounts/{world.account.pk}/"' in html


def test_an_outsider_and_an_admin_see_no_insight_of_the_account(
    world: World, mapped: dict[str, Contact], client: Client
) -> None:
    for user in (world.outsider, world.admin):
        html = page(client, user)
        assert world.account.name not in html
        assert "nothing in the map needs doing" in html


def test_the_severity_tabs_filter(world: World, mapped: dict[str, Contact], client: Client) -> None:
    high = page(client, world.owner, severity="high")
    low = page(client, world.owner, severity="low")
    assert "has a vested interest" in high
    assert "has a vested interest" not in low
    assert 'aria-current="page" href="?severity=high"' in high
    items = 'class="list-group-item"'
    assert page(client, world.owner, severity="dire").count(items) == page(
        client, world.owner
    ).count(items)


def test_the_navbar_links_to_the_page(world: World, client: Client) -> None:
    client.force_login(world.owner)
    assert 'id="insights-link"' in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_the_page_costs_a_bounded_number_of_queries(
    world: World, mapped: dict[str, Contact], client: Client, django_assert_max_num_queries
) -> None:
    for _ in range(10):
        mapped_account(AccountFactory(owner=world.owner), world.owner)
    client.force_login(world.owner)
    with django_assert_max_num_queries(14):
        assert client.get("/insights/").status_code == 200
