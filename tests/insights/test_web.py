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
    for user, empty in (
        (world.outsider, "nothing in the map needs doing"),
        (world.admin, "You own no accounts and are on no account team."),  # and may ask for all
    ):
        html = page(client, user)
        assert world.account.name not in html
        assert empty in html


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
    client.force_login(world.manager)  # every account of the team: the same reads
    with django_assert_max_num_queries(14):
        assert client.get("/insights/", {"scope": "all"}).status_code == 200


def test_the_insights_come_a_page_at_a_time_and_only_the_page_is_put_in_words(
    world: World, mapped: dict[str, Contact], client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from guanxi.insights.selectors import InsightReport
    from guanxi.web.views import insights

    for _ in range(2):
        mapped_account(AccountFactory(owner=world.owner), world.owner)
    monkeypatch.setattr(insights, "INSIGHTS_PER_PAGE", 4)
    monkeypatch.setattr(insights, "STRENGTHS_SHOWN", 2)
    worded = []
    row = InsightReport._row
    monkeypatch.setattr(InsightReport, "_row", lambda self, i: worded.append(i) or row(self, i))

    first = page(client, world.owner)
    items = 'class="list-group-item"'
    assert first.count(items) == 4
    assert len(worded) == 4
    assert 'id="insight-1"' in first and 'id="insight-5"' not in first
    assert 'rel="next" id="page-next" href="?page=2"' in first
    # The weakest two accounts, and how many stronger ones are left out.
    assert first.count("<meter") == 2
    assert "And 1 stronger account." in first

    second = page(client, world.owner, page="2")
    assert 'id="insight-5"' in second and 'start="5"' in second
    assert 'rel="prev"' in second
    # The severity chosen stays with the pages.
    monkeypatch.setattr(insights, "INSIGHTS_PER_PAGE", 1)
    high = page(client, world.owner, severity="high")
    assert 'id="page-next" href="?severity=high&amp;page=2"' in high
    # Past the last page: nothing, and the way back.
    past = page(client, world.owner, page="999")
    assert past.count(items) == 0
    assert "No more insights" in past


def test_a_manager_without_accounts_of_their_own_sees_their_teams_on_asking(
    world: World, mapped: dict[str, Contact], client: Client
) -> None:
    mine = page(client, world.manager)
    assert world.account.name not in mine
    assert 'id="insights-none-mine"' in mine
    assert 'id="scope-all" href="?scope=all"' in mine and "My team&#x27;s accounts" in mine
    team = page(client, world.manager, scope="all")
    assert world.account.name in team
    assert "for every account you can see" in team
    assert "has a vested interest" in team  # managers see the team's sensitive insights
    assert 'aria-current="page" id="scope-all"' in team
    # The severity tabs and the pager keep the scope.
    assert 'href="?scope=all&amp;severity=high"' in team


def test_an_executive_sees_every_account_and_a_kam_has_no_scope_to_choose(
    world: World, mapped: dict[str, Contact], client: Client
) -> None:
    every = page(client, world.executive, scope="all")
    assert world.account.name in every and "Every account" in every
    for kam in (world.owner, world.outsider):
        html = page(client, kam, scope="all")  # asked for, not given
        assert 'id="scope-tabs"' not in html
        assert "for the accounts you own or work on" in html
    assert world.account.name not in page(client, world.outsider, scope="all")


def test_the_admin_asking_for_every_account_sees_no_vested_interest(
    world: World, mapped: dict[str, Contact], client: Client
) -> None:
    html = page(client, world.admin, scope="all")
    assert world.account.name in html
    assert "has a vested interest" not in html
