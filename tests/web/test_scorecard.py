"""The Qualification tab: a scorecard that explains itself, the sales trend, the tier override."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from guanxi.accounts.models import Account
from guanxi.planning.services import qualification_policy_default, qualification_run
from tests import sales
from tests.conftest import World
from tests.factories import AccountFactory
from tests.qualification.factories import sales_history
from tests.web.conftest import client_for, has_inline_style
from tests.web.qualification_data import AS_OF, Qualified, qualify_world


@pytest.fixture
def qualified(world: World) -> Qualified:
    return qualify_world(world)


def scorecard(client: Client, account: Account, **headers: str) -> tuple[int, str]:
    response = client.get(reverse("account-qualification", args=[account.pk]), headers=headers)
    return response.status_code, response.content.decode()


def section(body: str, element_id: str, length: int = 4000) -> str:
    start = body.index(f'id="{element_id}"')
    return body[start : start + length]


def trend(body: str) -> dict[str, Any]:
    found = re.search(r'<script id="trend-data" type="application/json">(.*?)</script>', body)
    assert found, "no trend data on the page"
    return json.loads(found.group(1))


def test_the_account_team_and_those_above_see_the_scorecard(qualified: Qualified) -> None:
    world = qualified.world
    for user in (world.owner, world.teammate, world.manager, world.executive, world.admin):
        status, body = scorecard(client_for(user), qualified.model)
        assert status == 200, user.username
        assert 'id="scorecard-score"' in body, user.username


def test_outsiders_get_404_and_nothing_of_the_account(qualified: Qualified) -> None:
    world = qualified.world
    for user in (world.outsider, world.other_manager):
        status, body = scorecard(client_for(user), qualified.model)
        assert status == 404, user.username
        assert qualified.model.name not in body


def test_the_qualification_tab_sits_beside_the_others(qualified: Qualified) -> None:
    _, body = scorecard(client_for(qualified.world.owner), qualified.model)
    assert 'aria-current="page" id="tab-qualification"' in body
    overview = client_for(qualified.world.owner).get(reverse("account", args=[qualified.model.pk]))
    assert reverse("account-qualification", args=[qualified.model.pk]) in overview.content.decode()
    assert not has_inline_style(body)


def test_htmx_swaps_only_the_tab(qualified: Qualified) -> None:
    status, body = scorecard(
        client_for(qualified.world.owner), qualified.model, **{"HX-Request": "true"}
    )
    assert status == 200
    assert "<html" not in body and 'id="scorecard"' in body
    assert 'id="trend-data"' in body  # charts.js draws it when htmx loads the tab


def test_the_r1_9_story_a_big_low_margin_late_payer_is_recognised(world: World) -> None:
    """R1.9: the biggest buyer, squeezing the price and paying late, is no key account by volume."""
    buyer = AccountFactory(name="佛山巨量采购集团有限公司", customer_code="FS9999",
                           owner=world.owner, credit_rating="AA", access_to_goals=5,
                           openness_to_ideas=5, estimated_category_spend=50_000_000,
                           payment_terms_days=30)  # fmt: skip
    sales.add_lines(
        line
        for year in (2023, 2024)
        for month in range(1, 13)
        for line in sales.month_line(
            buyer,
            date(year, month, 1),
            revenue=Decimal(4_000_000),
            cost=Decimal(3_920_000),  # 2 % margin
            invoices=10,  # all 10 paid and due: days_to_pay_sum 10 × 95
            days_to_pay=95,  # 95 days on 30-day terms
            late=8,
        )
    )
    stored = {(m.revenue, m.cost, m.invoice_count, m.paid_count, m.days_to_pay_sum,
               m.late_count, m.due_count) for m in sales.months(buyer)}  # fmt: skip
    assert stored == {(Decimal(4_000_000), Decimal(3_920_000), 10, 10, 950, 8, 10)}
    qualification_run(actor=world.admin, policy=qualification_policy_default(), as_of=AS_OF)
    status, body = scorecard(client_for(world.owner), buyer)
    assert status == 200
    flags = section(body, "scorecard-flags", 1500)
    assert "Price squeezer" in flags
    assert "The margin is below the policy&#x27;s floor: never tier A." in flags
    assert "Late payer" in flags
    assert "Pays late too often or too long after the terms: never tier A." in flags
    recommended = section(body, "scorecard-recommended", 200)
    assert re.search(r'tier-badge tier-[bcd]">[BCD]<', recommended), recommended
    assert "¥48,000,000" in body  # its volume, the largest there is
    criteria = section(body, "criteria", 12000)
    assert "+25.0 points" in criteria  # volume: full marks on its weight of 25
    assert "Margin" in criteria and "2.0%" in criteria


def test_every_criterion_shows_weight_curve_score_points_inputs_and_reason(
    qualified: Qualified,
) -> None:
    _, body = scorecard(client_for(qualified.world.owner), qualified.model)
    criteria = section(body, "criteria", 20000)
    for label in ("Sales volume", "Margin", "Growth", "Business potential", "Credit and payment",
                  "Access to goals", "Openness to ideas"):  # fmt: skip
        assert label in criteria, label
    assert "weight 25 · 25% of the score" in criteria
    assert 'revenue, last 12 months: <span class="text-body">¥' in criteria
    assert 'gross margin %: <span class="text-body">30.0%</span>' in criteria
    assert "curve score" in criteria
    assert re.search(r"\+\d+\.\d points", criteria)
    assert "strong" in criteria  # the band in words
    assert '<svg class="criterion-bar"' in criteria


def test_the_score_card_says_score_confidence_tiers_policy_and_periods(
    qualified: Qualified,
) -> None:
    _, body = scorecard(client_for(qualified.world.owner), qualified.model)
    assert re.search(r'<span class="scorecard-number">\d+</span>', body)
    assert "100%" in section(body, "scorecard-confidence", 200)
    assert ">A<" in section(body, "scorecard-recommended", 200)
    assert "Policy default v1" in section(body, "scorecard-run", 400)
    periods = section(body, "scorecard-periods", 1500)
    assert "2024-01 … 2024-12" in periods  # the last 12 months
    assert "2023-01 … 2023-12" in periods  # the year before
    assert "No flags" in section(body, "scorecard-flags", 300)


def test_the_trend_chart_has_months_quarters_and_years(qualified: Qualified) -> None:
    _, body = scorecard(client_for(qualified.world.owner), qualified.model)
    data = trend(body)
    assert data["default"] == "quarter"
    assert len(data["periods"]["month"]["labels"]) == 36
    assert len(data["periods"]["quarter"]["labels"]) == 12
    assert data["periods"]["year"]["labels"][-1] == "2024-01 … 2024-12"
    assert data["periods"]["year"]["ends"][-1] == "2024-12"  # the axis names it by its last month
    assert data["periods"]["quarter"]["ends"][-2:] == ["2024-09", "2024-12"]
    assert data["periods"]["year"]["margin"] == [30.0, 30.0, 30.0]
    assert data["periods"]["month"]["labels"][-1] == "2024-12"
    assert 'data-chart-period data-chart-target="trend-chart"' in body
    assert "2024-10 … 2024-12" in section(body, "trend-figures", 3000)


def test_an_account_not_yet_qualified_says_so_and_invites_to_run(world: World) -> None:
    status, body = scorecard(client_for(world.owner), world.account)
    assert status == 200
    assert "This account has not been qualified yet." in body
    assert "Ask your sales manager or an admin to run the qualification." in body
    assert 'id="run-qualification"' not in body
    assert "No sales of this account in the last three years." in body
    _, body = scorecard(client_for(world.manager), world.account)
    assert 'id="run-qualification"' in body


def test_scorecard_queries_are_bounded(qualified: Qualified) -> None:
    client = client_for(qualified.world.owner)
    with CaptureQueriesContext(connection) as queries:
        status, _ = scorecard(client, qualified.squeezer)
    assert status == 200
    assert len(queries) <= 12, [q["sql"][:80] for q in queries.captured_queries]


# ---- the tier override -------------------------------------------------------------------


def override(client: Client, account: Account, tier: str, reason: str) -> Any:
    return client.post(
        reverse("account-tier-override", args=[account.pk]),
        {"tier_override": tier, "tier_override_reason": reason},
    )


def test_the_owner_overrides_the_tier_with_a_reason_kept_in_history(qualified: Qualified) -> None:
    world = qualified.world
    client = client_for(world.owner)
    response = override(client, qualified.squeezer, "A", "集团总部战略合作")
    assert response.status_code == 302
    qualified.squeezer.refresh_from_db()
    assert qualified.squeezer.tier_override == "A"
    assert qualified.squeezer.history.first().history_user == world.owner
    _, body = scorecard(client, qualified.squeezer)
    assert "Tier saved." in body
    assert "集团总部战略合作" in section(body, "override-current", 400)
    history = section(body, "override-history", 800)
    assert str(world.owner) in history and "set tier A:" in history
    assert "overridden" in section(body, "scorecard-tier", 400)

    assert override(client_for(world.manager), qualified.squeezer, "", "").status_code == 302
    _, body = scorecard(client, qualified.squeezer)
    history = section(body, "override-history", 1200)
    assert "removed the override" in history
    assert history.index("removed the override") < history.index("set tier A:")


def test_an_override_without_a_reason_is_refused_on_the_field(qualified: Qualified) -> None:
    response = override(client_for(qualified.world.owner), qualified.model, "C", "  ")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Say why the tier is overridden." in body
    assert 'id="id_tier_override_reason_errors"' in body
    qualified.model.refresh_from_db()
    assert qualified.model.tier_override == ""


def test_readers_and_strangers_cannot_override(qualified: Qualified) -> None:
    world = qualified.world
    assert override(client_for(world.executive), qualified.model, "A", "x").status_code == 403
    assert override(client_for(world.outsider), qualified.model, "A", "x").status_code == 404
    _, body = scorecard(client_for(world.executive), qualified.model)
    assert 'id="override-form"' not in body
    qualified.model.refresh_from_db()
    assert qualified.model.tier_override == ""


def test_the_override_needs_a_post(qualified: Qualified) -> None:
    url = reverse("account-tier-override", args=[qualified.model.pk])
    assert client_for(qualified.world.owner).get(url).status_code == 405


def test_the_scorecard_says_when_flags_hold_the_tier_down(qualified: Qualified) -> None:
    world = qualified.world
    below_cost = AccountFactory(name="东莞亏本贸易有限公司", owner=world.owner, access_to_goals=5,
                                openness_to_ideas=5, credit_rating="AAA",
                                estimated_category_spend=40_000_000)  # fmt: skip
    sales_history(below_cost, monthly=5_000_000, margin=-0.02, growth_per_year=0.3)
    qualification_run(actor=world.admin, policy=qualification_policy_default(), as_of=AS_OF)
    _, body = scorecard(client_for(world.owner), below_cost)
    assert "The score alone would give tier A; its flags hold it at tier C." in body
    _, body = scorecard(client_for(world.owner), qualified.model)
    assert 'id="scorecard-capped"' not in body
