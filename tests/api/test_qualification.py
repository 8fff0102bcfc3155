"""/api/v1/qualification as the owner, a teammate, an outsider, a manager and an admin."""

from __future__ import annotations

from datetime import date

import pytest

from guanxi.accounts.models import Account
from guanxi.domain.qualification.policy import default_policy, to_dict
from guanxi.planning.models import QualificationPolicy, QualificationRun
from guanxi.planning.services import qualification_policy_default, qualification_run
from tests.api.conftest import assert_problem
from tests.conftest import World
from tests.factories import AccountFactory
from tests.qualification.factories import sales_history


@pytest.fixture
def qualified(world: World) -> dict[str, Account]:
    Account.objects.filter(pk=world.account.pk).update(estimated_category_spend=9_000_000)
    sales_history(world.account, monthly=300_000, margin=0.3, growth_per_year=0.1)
    squeezer = AccountFactory(name="深圳压价集团", customer_code="SZ0001", owner=world.owner)
    sales_history(squeezer, monthly=2_000_000, margin=0.02, late=3)
    hidden = AccountFactory(
        name="北京远方装饰工程公司", customer_code="BJ0001", owner=world.outsider
    )
    sales_history(hidden, monthly=50_000)
    qualification_run(actor=None, policy=qualification_policy_default(), as_of=date(2024, 12, 31))
    return {"model": world.account, "squeezer": squeezer, "hidden": hidden}


def codes(response: object) -> list[str]:
    return [item["customer_code"] for item in response.json()["items"]]  # type: ignore[attr-defined]


def test_owner_and_teammate_see_their_accounts_results_best_first(
    qualified: dict[str, Account], world: World, api_as
) -> None:
    assert codes(api_as(world.owner).get("qualification")) == ["GZ0001", "SZ0001"]
    assert codes(api_as(world.teammate).get("qualification")) == ["GZ0001"]
    item = api_as(world.owner).get("qualification").json()["items"][1]
    assert item["policy"] == "default" and item["as_of"] == "2024-12-31"
    assert "price_squeezer" in item["flags"]
    assert item["metrics"]["gross_margin_pct"] == pytest.approx(2.0)


def test_the_outsider_sees_only_their_own_and_gets_404_for_the_rest(
    qualified: dict[str, Account], world: World, api_as
) -> None:
    api = api_as(world.outsider)
    assert codes(api.get("qualification")) == ["BJ0001"]
    assert_problem(api.get(f"qualification/{qualified['model'].pk}"), 404)


def test_filters_and_pages(qualified: dict[str, Account], world: World, api_as) -> None:
    api = api_as(world.executive)
    assert codes(api.get("qualification", flag="price_squeezer")) == ["SZ0001"]
    assert codes(api.get("qualification", tier="A")) == ["GZ0001"]
    assert codes(api.get("qualification", min_score=100)) == []
    first = api.get("qualification", limit=2).json()
    assert len(first["items"]) == 2 and first["next"]
    assert len(api.get(first["next"]).json()["items"]) == 1
    assert_problem(api.get("qualification", flag="rich"), 422)
    assert_problem(api.get("qualification", min_score=101), 422)


def test_one_result_explains_itself_in_the_callers_language(
    qualified: dict[str, Account], world: World, api_as
) -> None:
    api = api_as(world.teammate)
    url = f"/api/v1/qualification/{qualified['model'].pk}"
    result = api.client.get(url, headers={"Accept-Language": "en"}).json()
    assert result["tier"] == "A"
    margin = next(c for c in result["contributions"] if c["criterion"] == "margin")
    assert margin["reason"] == "margin.high"
    assert margin["measures"][0]["metric"] == "gross_margin_pct"
    assert margin["measures"][0]["value"] == pytest.approx(30.0)
    assert margin["reason_text"] == "Margin: strong"
    squeezer = api_as(world.owner).get(f"qualification/{qualified['squeezer'].pk}").json()
    assert set(squeezer["flag_texts"]) == set(squeezer["flags"])


def test_an_account_never_qualified_answers_404(world: World, api_as) -> None:
    assert_problem(api_as(world.owner).get(f"qualification/{world.account.pk}"), 404)


def test_managers_and_admins_run_a_qualification_kams_may_not(
    qualified: dict[str, Account], world: World, api_as
) -> None:
    assert_problem(api_as(world.owner).post("qualification/runs", {}), 403)
    response = api_as(world.manager).post("qualification/runs", {"as_of": "2024-06-30"})
    assert response.status_code == 201, response.content
    run = response.json()
    assert (run["policy"], run["as_of"], run["account_count"]) == ("default", "2024-06-30", 2)
    assert QualificationRun.objects.get(pk=run["id"]).created_by == world.manager
    assert api_as(world.admin).post("qualification/runs", {}).json()["account_count"] == 3
    assert_problem(api_as(world.admin).post("qualification/runs", {"policy": "nope"}), 404)
    assert_problem(api_as(world.admin).post("qualification/runs", {"when": "now"}), 422)


def test_everyone_lists_policies_only_admins_change_them(world: World, api_as) -> None:
    listed = api_as(world.owner).get("qualification/policies").json()
    assert [(p["name"], p["version"], p["is_default"]) for p in listed] == [("default", 1, True)]
    definition = to_dict(default_policy())
    assert_problem(
        api_as(world.manager).post(
            "qualification/policies", {"name": "x", "definition": definition}
        ),
        403,
    )

    admin = api_as(world.admin)
    created = admin.post("qualification/policies", {"name": "strict", "definition": definition})
    assert created.status_code == 201, created.content
    assert (created.json()["version"], created.json()["created_by"]) == (1, "admin")
    definition["tier_cutoffs"]["A"] = 85
    changed = admin.client.put(
        "/api/v1/qualification/policies/strict",
        {"definition": definition, "is_default": True},
        content_type="application/json",
    )
    assert changed.status_code == 200, changed.content
    assert (changed.json()["version"], changed.json()["is_default"]) == (2, True)
    assert QualificationPolicy.objects.filter(name="strict").count() == 2
    missing = admin.client.put(
        "/api/v1/qualification/policies/nope",
        {"definition": definition},
        content_type="application/json",
    )
    assert_problem(missing, 404)


def test_an_invalid_policy_answers_422_with_every_problem(world: World, api_as) -> None:
    definition = to_dict(default_policy())
    definition["criteria"][1]["measures"][0]["curve"] = [[0, 100], [40, 0]]
    definition["tier_cutoffs"] = {"A": 30, "B": 50, "C": 70}
    problem = assert_problem(
        api_as(world.admin).post(
            "qualification/policies", {"name": "bad", "definition": definition}
        ),
        422,
    )
    found = {(e["field"], e["code"]) for e in problem["errors"]}
    assert ("definition.criteria.margin.gross_margin_pct.curve", "curve_wrong_direction") in found
    assert ("definition.tier_cutoffs", "cutoffs_not_ordered") in found
    assert not QualificationPolicy.objects.filter(name="bad").exists()
