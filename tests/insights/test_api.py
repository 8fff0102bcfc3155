"""/api/v1/insights and /api/v1/accounts/{id}/strength: the web's visibility, 404 outside it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from guanxi.stakeholders.models import Contact
from tests.api.conftest import assert_problem
from tests.conftest import World
from tests.factories import AccountFactory
from tests.insights.conftest import TODAY, mapped_account

AS_OF = TODAY.isoformat()


def codes(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["code"] for item in response.json()["items"]]


def opponents(response: Any) -> list[dict[str, Any]]:
    return [i for i in response.json()["items"] if i["code"] == "influential_opponent"]


@pytest.mark.parametrize("persona", ["owner", "teammate", "manager", "executive"])
def test_the_account_team_and_above_see_the_vested_interest(
    world: World, mapped: dict[str, Contact], api_as, persona: str
) -> None:
    api = api_as(getattr(world, persona))
    response = api.get("insights", as_of=AS_OF)
    assert "need_department_unknown" in codes(response)
    [opponent] = opponents(response)
    assert opponent["sensitive"] is True
    assert opponent["next_step"]["code"] == "plan_mitigation"
    assert opponent["account"] == {
        "id": world.account.pk,
        "customer_code": "GZ0001",
        "name": world.account.name,
    }
    assert opponent["contacts"][0]["name"] == "梁志强"
    strength = api.get(f"accounts/{world.account.pk}/strength", as_of=AS_OF).json()
    assert strength["threats_withheld"] is False
    assert strength["as_of"] == AS_OF
    assert [p["part"] for p in strength["parts"]] == [
        "known_contacts", "role_coverage", "stance", "decision_makers", "freshness", "threats"
    ]  # fmt: skip


def test_the_admin_sees_the_account_without_its_vested_interests(
    world: World, mapped: dict[str, Contact], api_as
) -> None:
    api = api_as(world.admin)
    response = api.get("insights", as_of=AS_OF)
    assert [o["sensitive"] for o in opponents(response)] == [False]
    assert not any(item["sensitive"] for item in response.json()["items"])
    strength = api.get(f"accounts/{world.account.pk}/strength").json()
    assert strength["threats_withheld"] is True
    assert strength["parts"][-1]["reason"] == "threats.withheld"


def test_an_outsider_sees_nothing_and_gets_404_for_the_account(
    world: World, mapped: dict[str, Contact], api_as
) -> None:
    api = api_as(world.outsider)
    assert codes(api.get("insights")) == []
    assert_problem(api.get("insights", account=world.account.pk), 404)
    assert_problem(api.get(f"accounts/{world.account.pk}/strength"), 404)
    assert_problem(api.get("accounts/999999/strength"), 404)


def test_filters_and_pages(world: World, mapped: dict[str, Contact], api_as) -> None:
    other = AccountFactory(owner=world.owner)
    mapped_account(other, world.owner)
    api = api_as(world.owner)
    everything = api.get("insights", as_of=AS_OF).json()["items"]
    assert {i["account"]["id"] for i in everything} == {world.account.pk, other.pk}
    one = api.get("insights", account=other.pk, as_of=AS_OF).json()["items"]
    assert one and {i["account"]["id"] for i in one} == {other.pk}
    high = api.get("insights", severity="high", as_of=AS_OF).json()["items"]
    assert high and {i["severity"] for i in high} == {"high"}
    assert set(codes(api.get("insights", code="need_department_unknown"))) == {
        "need_department_unknown"
    }
    first = api.get("insights", limit=2, as_of=AS_OF).json()
    assert len(first["items"]) == 2
    second = api.get(first["next"]).json()
    assert second["offset"] == 2
    assert [i["code"] for i in first["items"] + second["items"]] == [
        i["code"] for i in everything[:4]
    ]
    assert api.get("insights", offset=len(everything), as_of=AS_OF).json() == {
        "items": [], "limit": 50, "offset": len(everything), "next": None
    }  # fmt: skip


def test_bad_filters_are_refused_and_strangers_must_log_in(
    world: World, mapped: dict[str, Contact], api_as
) -> None:
    assert_problem(api_as(world.owner).get("insights", severity="dire"), 422)
    assert_problem(api_as(world.owner).get("insights", code="gossip"), 422)
    assert_problem(Client().get("/api/v1/insights"), 401)


def test_a_personal_token_reads_the_same(
    world: World, mapped: dict[str, Contact], api_with_token
) -> None:
    assert "influential_opponent" in codes(api_with_token(world.owner).get("insights", as_of=AS_OF))


def test_the_list_costs_a_bounded_number_of_queries(
    world: World, mapped: dict[str, Contact], api_as, django_assert_max_num_queries
) -> None:
    for _ in range(10):
        mapped_account(AccountFactory(owner=world.owner), world.owner)
    api = api_as(world.owner)
    with django_assert_max_num_queries(12):
        assert codes(api.get("insights", as_of=AS_OF))
