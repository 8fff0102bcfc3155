"""The portfolio page: the matrix and table of what you may see, bounded queries, runs as a task."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks import TaskResultStatus, default_task_backend

from guanxi.planning.models import QualificationResult, QualificationRun
from guanxi.planning.services import qualification_policy_default, qualification_run
from guanxi.planning.tasks import qualification_run_task
from tests.conftest import World
from tests.factories import AccountFactory
from tests.qualification.factories import sales_history
from tests.web.conftest import client_for, has_inline_style
from tests.web.qualification_data import AS_OF, Qualified, grow, qualify_world

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def qualified(world: World) -> Qualified:
    return qualify_world(world)


def portfolio(client: Client, **params: str) -> str:
    response = client.get(reverse("portfolio"), params)
    assert response.status_code == 200
    return response.content.decode()


def chart(body: str) -> dict[str, Any]:
    found = re.search(r'<script id="portfolio-data" type="application/json">(.*?)</script>', body)
    assert found, "no chart data on the page"
    return json.loads(found.group(1))


def names_in_chart(body: str) -> set[str]:
    return {point["name"] for point in chart(body)["points"]}


def test_the_account_team_and_those_above_see_the_account(qualified: Qualified) -> None:
    world = qualified.world
    for user in (world.owner, world.teammate, world.manager, world.executive, world.admin):
        body = portfolio(client_for(user))
        assert qualified.model.name in names_in_chart(body), user.username
        assert f'id="portfolio-account-{qualified.model.pk}"' in body, user.username


def test_outsiders_never_see_the_account_nor_its_figures(qualified: Qualified) -> None:
    world = qualified.world
    for user in (world.outsider, world.other_manager):
        body = portfolio(client_for(user))
        assert qualified.model.name not in body, user.username
        assert qualified.squeezer.name not in body, user.username
    assert names_in_chart(portfolio(client_for(world.outsider))) == {qualified.foreign.name}


def test_a_bubble_and_a_row_open_the_accounts_scorecard(qualified: Qualified) -> None:
    body = portfolio(client_for(qualified.world.owner))
    url = reverse("account-qualification", args=[qualified.model.pk])
    point = next(p for p in chart(body)["points"] if p["name"] == qualified.model.name)
    assert point["url"] == url
    assert f'id="portfolio-account-{qualified.model.pk}" href="{url}"' in body


def test_the_chart_places_each_account_and_says_what_it_shows(qualified: Qualified) -> None:
    data = chart(portfolio(client_for(qualified.world.owner)))
    model = next(p for p in data["points"] if p["name"] == qualified.model.name)
    result = QualificationResult.objects.get(account=qualified.model, is_latest=True)
    assert model["y"] == pytest.approx(result.score, abs=0.05)
    assert 0 <= model["x"] <= 100
    assert model["tier"] == "A" and model["revenue"] > 0
    assert data["lines"] == {"y": 55.0, "x": 50.0}
    assert set(data["quadrants"]) == {"invest", "develop", "maintain", "streamline"}
    assert data["quadrants"]["invest"] == "Invest"
    assert [s["tier"] for s in data["series"]] == ["A", "B", "C", "D", ""]


def test_the_squeezer_shows_its_flags_and_is_not_tier_a_whatever_its_volume(
    qualified: Qualified,
) -> None:
    data = chart(portfolio(client_for(qualified.world.owner)))
    squeezer = next(p for p in data["points"] if p["name"] == qualified.squeezer.name)
    model = next(p for p in data["points"] if p["name"] == qualified.model.name)
    assert squeezer["flags"] == ["Price squeezer", "Late payer"]
    assert squeezer["tier"] != "A"
    assert squeezer["revenue"] > 5 * model["revenue"]


def test_an_account_sold_below_cost_sits_below_the_key_account_line(
    qualified: Qualified,
) -> None:
    world = qualified.world
    below_cost = AccountFactory(name="东莞亏本贸易有限公司", owner=world.owner, access_to_goals=5,
                                openness_to_ideas=5, credit_rating="AAA",
                                estimated_category_spend=40_000_000)  # fmt: skip
    sales_history(below_cost, monthly=5_000_000, margin=-0.02, growth_per_year=0.3)
    qualification_run(actor=world.admin, policy=qualification_policy_default(), as_of=AS_OF)
    result = QualificationResult.objects.get(account=below_cost, is_latest=True)
    assert result.tier == "C" and result.score >= 55  # the score alone would make it a key account
    point = next(
        p
        for p in chart(portfolio(client_for(world.owner)))["points"]
        if p["name"] == below_cost.name
    )
    assert point["held"] is True
    assert point["y"] == pytest.approx(54.9)
    assert point["quadrant"] in ("Maintain", "Streamline")
    assert point["score"] == f"{result.score:.0f}"


def test_strength_comes_from_the_relationship_map_and_says_so(qualified: Qualified) -> None:
    body = portfolio(client_for(qualified.world.owner))
    squeezer = next(p for p in chart(body)["points"] if p["name"] == qualified.squeezer.name)
    assert float(squeezer["strength"]) > 0  # a decision maker we know well
    assert "from the relationship map" in body


def test_the_table_shows_figures_flags_with_reasons_and_overrides(qualified: Qualified) -> None:
    qualified.squeezer.tier_override = "B"
    qualified.squeezer.tier_override_reason = "集团战略客户"
    qualified.squeezer.save()
    body = portfolio(client_for(qualified.world.owner))
    assert "¥36,000,000" in body  # the squeezer's revenue, last 12 months
    assert "3.0%" in body  # its margin
    assert 'title="The margin is below the policy&#x27;s floor: never tier A."' in body
    assert "Overridden; the qualification recommends" in body
    assert not has_inline_style(body)


@pytest.mark.parametrize(
    ("sort", "first"),
    [("-revenue", "squeezer"), ("revenue", "model"), ("-score", "model"), ("margin", "squeezer")],
)
def test_the_table_sorts_by_its_columns(qualified: Qualified, sort: str, first: str) -> None:
    body = portfolio(client_for(qualified.world.owner), sort=sort)
    rows = re.findall(r'id="portfolio-account-(\d+)"', body)
    assert rows[0] == str(getattr(qualified, first).pk)


def test_every_column_sorts_both_ways_and_nonsense_falls_back(qualified: Qualified) -> None:
    client = client_for(qualified.world.manager)
    for key in ("name", "code", "owner", "growth", "days", "confidence", "strength", "tier"):
        for sort in (key, f"-{key}"):
            assert 'aria-sort="' in portfolio(client, sort=sort), sort
    assert 'id="portfolio-results"' in portfolio(client, sort="drop table", page="x")


def test_filters_by_owner_tier_flag_and_quadrant(qualified: Qualified) -> None:
    world = qualified.world
    client = client_for(world.manager)
    other = AccountFactory(name="佛山队友客户", owner=world.teammate)
    sales_history(other, monthly=60_000)
    qualification_run(actor=world.manager, policy=qualification_policy_default(), as_of=AS_OF)
    assert names_in_chart(portfolio(client, owner=str(world.teammate.pk))) == {other.name}
    assert names_in_chart(portfolio(client, tier="A")) == {qualified.model.name}
    assert names_in_chart(portfolio(client, flag="price_squeezer")) == {qualified.squeezer.name}
    body = portfolio(client, flag="declining")
    assert 'id="portfolio-data"' not in body
    assert "No qualified account matches these filters." in body
    placed: list[str] = []
    for quadrant in ("invest", "develop", "maintain", "streamline"):
        body = portfolio(client, quadrant=quadrant)
        placed += sorted(names_in_chart(body)) if 'id="portfolio-data"' in body else []
    assert sorted(placed) == sorted([qualified.model.name, qualified.squeezer.name, other.name])


def test_filters_list_only_visible_owners(qualified: Qualified) -> None:
    body = portfolio(client_for(qualified.world.owner))
    options = body[body.index('id="portfolio-owner"') : body.index("</select>", body.index('id="portfolio-owner"'))]  # fmt: skip
    assert str(qualified.world.owner) in options
    assert str(qualified.world.outsider) not in options


def test_htmx_filters_swap_chart_and_table_sorting_only_the_table(qualified: Qualified) -> None:
    client = client_for(qualified.world.owner)
    response = client.get(reverse("portfolio"), {"tier": "A"}, headers={"HX-Request": "true", "HX-Target": "portfolio-results"})  # fmt: skip
    body = response.content.decode()
    assert "<html" not in body and 'id="portfolio-data"' in body and "portfolio-table" in body
    assert 'id="portfolio-filters"' not in body
    response = client.get(reverse("portfolio"), {"sort": "name"}, headers={"HX-Request": "true", "HX-Target": "portfolio-table"})  # fmt: skip
    body = response.content.decode()
    assert 'id="portfolio-data"' not in body and 'aria-sort="ascending"' in body
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize("user_key", ["owner", "manager", "executive"])
def test_queries_stay_the_same_however_large_the_portfolio(
    qualified: Qualified, user_key: str
) -> None:
    client = client_for(getattr(qualified.world, user_key))
    counts = []
    for n in (1, 12):
        grow(qualified.world, n)
        with CaptureQueriesContext(connection) as queries:
            portfolio(client)
        counts.append(len(queries))
        assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
    assert counts[0] == counts[1], counts
    assert counts[1] <= 20, counts


def test_large_portfolios_show_the_largest_and_say_so(
    qualified: Qualified, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("guanxi.web.views.portfolio.LIMIT", 1)
    body = portfolio(client_for(qualified.world.owner))
    assert names_in_chart(body) == {qualified.squeezer.name}
    assert 'id="portfolio-truncated"' in body


def test_the_page_says_when_and_under_which_policy_the_latest_run_was(
    qualified: Qualified,
) -> None:
    body = portfolio(client_for(qualified.world.owner))
    latest = body[body.index('id="latest-run"') : body.index("</p>", body.index('id="latest-run"'))]
    assert "under policy default v1" in latest
    assert "from sales up to 2024-12-31" in latest
    assert str(qualified.world.admin) in latest


def test_before_any_run_it_says_so_and_invites_to_run(world: World) -> None:
    kam_body = portfolio(client_for(world.owner))
    assert "No qualification has been run for your accounts yet." in kam_body
    assert "1 of your accounts has no qualification yet." in kam_body
    assert "Ask your sales manager or an admin to run the qualification." in kam_body
    assert 'id="run-qualification"' not in kam_body
    manager_body = portfolio(client_for(world.manager))
    assert 'id="run-qualification"' in manager_body
    assert "Run the qualification to score them from their sales." in manager_body


def test_an_account_added_after_the_run_is_pointed_out(qualified: Qualified) -> None:
    AccountFactory(name="新客户有限公司", owner=qualified.world.owner)
    body = portfolio(client_for(qualified.world.owner))
    assert 'id="unqualified-note"' in body
    assert "1 of your accounts has no qualification yet." in body


def test_the_navbar_links_the_portfolio(world: World) -> None:
    body = client_for(world.owner).get(reverse("accounts")).content.decode()
    assert f'href="{reverse("portfolio")}" id="portfolio-link"' in body


# ---- running the qualification as a background task ----------------------------------


def run(client: Client, **headers: str) -> Any:
    return client.post(
        reverse("qualification-run"), {"next": reverse("portfolio")}, headers=headers
    )


def test_kams_may_not_run_the_qualification(world: World) -> None:
    assert run(client_for(world.owner)).status_code == 403
    assert run(client_for(world.executive)).status_code == 403
    assert not QualificationRun.objects.exists()


def test_a_manager_runs_it_for_the_teams_accounts_at_once_with_an_immediate_backend(
    qualified: Qualified,
) -> None:
    world = qualified.world
    client = client_for(world.manager)
    response = run(client, **{"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Refresh"] == "true"
    newest = QualificationRun.objects.order_by("-pk").first()
    assert newest is not None and newest.created_by == world.manager
    assert newest.account_count == 2  # the team's: not the stranger's
    body = portfolio(client)
    assert "Qualification done: 2 accounts scored." in body
    assert str(world.manager) in body[body.index('id="latest-run"') :][:400]


def test_without_htmx_the_run_comes_back_to_the_page(world: World) -> None:
    response = run(client_for(world.admin))
    assert response.status_code == 302
    assert response["Location"] == reverse("portfolio")
    assert QualificationRun.objects.get().account_count == 1


@override_settings(TASKS=DUMMY_TASKS)
def test_with_a_worker_the_page_polls_every_two_seconds_until_done(world: World) -> None:
    client = client_for(world.manager)
    response = run(client, **{"HX-Request": "true"})
    body = response.content.decode()
    assert 'hx-trigger="every 2s"' in body
    assert "Waiting for a worker to start the qualification…" in body
    task_id = client.session["qualification_task"]
    status_url = reverse("qualification-run-status", args=[task_id])
    assert status_url in body

    # Reloading the page shows the run in progress instead of the button.
    page = portfolio(client)
    assert 'hx-trigger="every 2s"' in page and 'id="run-qualification"' not in page

    result = default_task_backend.get_result(task_id)
    object.__setattr__(result, "status", TaskResultStatus.RUNNING)
    polled = client.get(status_url, headers={"HX-Request": "true"}).content.decode()
    assert "Qualifying the accounts…" in polled and 'hx-trigger="every 2s"' in polled

    object.__setattr__(result, "status", TaskResultStatus.SUCCESSFUL)
    object.__setattr__(result, "_return_value", {"run_id": 1, "account_count": 7})
    done = client.get(status_url, headers={"HX-Request": "true"})
    assert done["HX-Refresh"] == "true"
    assert "qualification_task" not in client.session
    assert "Qualification done: 7 accounts scored." in portfolio(client)


@override_settings(TASKS=DUMMY_TASKS)
def test_a_failed_run_says_so(world: World) -> None:
    client = client_for(world.manager)
    run(client, **{"HX-Request": "true"})
    task_id = client.session["qualification_task"]
    result = default_task_backend.get_result(task_id)
    object.__setattr__(result, "status", TaskResultStatus.FAILED)
    response = client.get(reverse("qualification-run-status", args=[task_id]))
    assert response.status_code == 302
    assert "The qualification did not finish." in portfolio(client)


@override_settings(TASKS=DUMMY_TASKS)
def test_nobody_else_can_watch_someone_elses_run(world: World) -> None:
    client = client_for(world.manager)
    run(client, **{"HX-Request": "true"})
    status_url = reverse("qualification-run-status", args=[client.session["qualification_task"]])
    for user in (world.other_manager, world.admin, world.owner):
        assert client_for(user).get(status_url).status_code == 404, user.username
    assert client.get(reverse("qualification-run-status", args=["nope"])).status_code == 404


def test_the_task_checks_the_right_to_run_again(world: World) -> None:
    result = qualification_run_task.enqueue(user_id=world.owner.pk)
    assert result.status == TaskResultStatus.FAILED
    assert not QualificationRun.objects.exists()


def test_run_and_status_need_the_right_methods(world: World) -> None:
    client = client_for(world.manager)
    assert client.get(reverse("qualification-run")).status_code == 405
    assert client.post(reverse("portfolio")).status_code == 405


def test_anonymous_visitors_are_sent_to_log_in(world: World) -> None:
    response = Client().get(reverse("portfolio"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
