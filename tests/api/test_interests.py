"""/api/v1/interests: vested interests, only inside the sensitive circle (DESIGN.md §3, §8)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from guanxi.core.access import can_see_sensitive, visible_interests
from guanxi.stakeholders.models import Contact, VestedInterest
from tests.api.conftest import assert_problem
from tests.conftest import World
from tests.factories import (
    AccountFactory,
    AccountTeamMemberFactory,
    ContactFactory,
    UserFactory,
    VestedInterestFactory,
)

KICKBACK = "现供应商给回扣"


def ids(response: object) -> list[int]:
    return [item["id"] for item in response.json()["items"]]  # type: ignore[attr-defined]


@dataclass
class Threat:
    zhang: Contact  # holds the interest
    wang: Contact  # could speak for us
    interest: VestedInterest


@pytest.fixture
def threat(world: World) -> Threat:
    zhang = world.account.contacts.get()
    wang = ContactFactory(account=world.account, name="王芳", title="总经理", influence=5)
    interest = VestedInterestFactory(
        contact=zhang, description=KICKBACK, severity=3, owner=world.owner
    )
    return Threat(zhang, wang, interest)


# ---- who sees them -----------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["owner", "teammate", "manager", "executive"])
def test_the_sensitive_circle_lists_and_reads_the_interest(
    world: World, threat: Threat, api_as, persona: str
) -> None:
    api = api_as(getattr(world, persona))
    assert ids(api.get("interests")) == [threat.interest.pk]
    interest = api.get(f"interests/{threat.interest.pk}").json()
    assert {key: interest[key] for key in interest if key not in ("created_at", "updated_at")} == {
        "id": threat.interest.pk,
        "account": world.account.pk,
        "contact": threat.zhang.pk,
        "contact_name": "张伟",
        "kind": "kickback",
        "description": KICKBACK,
        "severity": 3,
        "mitigation": "",
        "ally": None,
        "ally_name": None,
        "owner": world.owner.pk,
        "owner_username": "owner",
        "status": "open",
    }


@pytest.mark.parametrize("persona", ["outsider", "other_manager", "admin"])
def test_outside_the_circle_the_interest_does_not_exist(
    world: World, threat: Threat, api_as, persona: str
) -> None:
    """Sales operations (admin) see the account and its people, but not this."""
    api = api_as(getattr(world, persona))
    assert ids(api.get("interests")) == []
    assert ids(api.get("interests", search="张伟")) == []
    assert ids(api.get("interests", account=world.account.pk)) == []
    assert ids(api.get("interests", contact=threat.zhang.pk)) == []
    missing = api.get("interests/999999").json()
    hidden = assert_problem(api.get(f"interests/{threat.interest.pk}"), 404)
    assert hidden["detail"] == missing["detail"]
    assert_problem(api.patch(f"interests/{threat.interest.pk}", {"status": "resolved"}), 404)
    assert_problem(api.delete(f"interests/{threat.interest.pk}"), 404)
    assert KICKBACK not in api.get("interests").content.decode()
    threat.interest.refresh_from_db()
    assert threat.interest.status == "open"


def test_an_admin_sees_the_interests_of_an_account_they_work_on_and_no_other(
    world: World, threat: Threat, api_as
) -> None:
    own = AccountFactory(owner=world.outsider)
    AccountTeamMemberFactory(account=own, user=world.admin)
    theirs = VestedInterestFactory(contact=ContactFactory(account=own, name="李娜"))
    api = api_as(world.admin)
    assert ids(api.get("interests")) == [theirs.pk]
    assert api.get(f"interests/{theirs.pk}").status_code == 200
    assert_problem(api.get(f"interests/{threat.interest.pk}"), 404)


def test_the_list_rule_agrees_with_can_see_sensitive_for_every_persona(
    world: World, threat: Threat
) -> None:
    northern = VestedInterestFactory(
        contact=ContactFactory(account=AccountFactory(owner=world.outsider))
    )
    superuser = UserFactory(username="root", is_superuser=True, team=None)
    inactive = UserFactory(username="gone", team=world.owner.team, is_active=False)
    personas = [
        world.owner, world.teammate, world.outsider, world.manager, world.other_manager,
        world.executive, world.admin, superuser, inactive,
    ]  # fmt: skip
    for user in personas:
        expected = {
            i.pk
            for i in (threat.interest, northern)
            if user.is_active and can_see_sensitive(user, i.account)
        }
        assert set(visible_interests(user).values_list("pk", flat=True)) == expected, user


@pytest.mark.parametrize("query", ["张伟", "张", "zhangwei", "ZhangWei", "zw"])
def test_search_finds_the_interest_by_the_holders_name(
    world: World, threat: Threat, api_as, query: str
) -> None:
    # 王芳 holds another; 张伟 is only that one's ally, which search does not count.
    VestedInterestFactory(contact=threat.wang, mitigation="ally_speaks", ally=threat.zhang)
    assert ids(api_as(world.owner).get("interests", search=query)) == [threat.interest.pk]


def test_filters_by_account_holder_ally_and_status(world: World, threat: Threat, api_as) -> None:
    spoken = VestedInterestFactory(
        contact=threat.wang, mitigation="ally_speaks", ally=threat.zhang, status="mitigating"
    )
    second = AccountFactory(owner=world.owner)
    far = VestedInterestFactory(contact=ContactFactory(account=second))
    api = api_as(world.owner)
    assert ids(api.get("interests", account=second.pk)) == [far.pk]
    assert ids(api.get("interests", contact=threat.wang.pk)) == [spoken.pk]
    assert ids(api.get("interests", ally=threat.zhang.pk)) == [spoken.pk]
    assert ids(api.get("interests", status="mitigating")) == [spoken.pk]
    assert_problem(api.get("interests", status="forgotten"), 422)


# ---- writing -----------------------------------------------------------------------------


def test_the_teammate_records_an_interest_with_an_ally_who_speaks_for_us(
    world: World, threat: Threat, api_as
) -> None:
    response = api_as(world.teammate).post(
        "interests",
        {
            "contact": threat.zhang.pk,
            "kind": "role_devalued",
            "description": "新系统上线后采购部话语权下降",
            "severity": 2,
            "mitigation": "ally_speaks",
            "ally": threat.wang.pk,
        },
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["account"], created["ally"], created["ally_name"]) == (
        world.account.pk,
        threat.wang.pk,
        "王芳",
    )
    assert (created["owner"], created["mitigation"], created["status"]) == (
        world.teammate.pk,
        "ally_speaks",
        "open",
    )
    interest = VestedInterest.objects.get(pk=created["id"])
    assert interest.history.get().history_user == world.teammate


@pytest.mark.parametrize("mitigation", ["go_around", "win_trust", "wait_departure", "other", ""])
def test_every_mitigation_strategy_is_accepted(
    world: World, threat: Threat, api_as, mitigation: str
) -> None:
    body = {"contact": threat.zhang.pk, "kind": "budget_loss", "mitigation": mitigation}
    response = api_as(world.owner).post("interests", body)
    assert response.status_code == 201, response.content
    assert response.json()["mitigation"] == mitigation


def test_the_ally_must_be_named_be_someone_else_and_be_in_the_same_account(
    world: World, threat: Threat, api_as
) -> None:
    api = api_as(world.owner)
    base = {"contact": threat.zhang.pk, "kind": "kickback", "mitigation": "ally_speaks"}
    elsewhere = ContactFactory(account=AccountFactory(owner=world.owner), name="陈静")
    hidden = ContactFactory(account=AccountFactory(owner=world.outsider), name="杨磊")
    for ally in (None, threat.zhang.pk, elsewhere.pk, hidden.pk):
        problem = assert_problem(api.post("interests", {**base, "ally": ally}), 422)
        assert problem["type"] == "urn:guanxi:problem:validation"
        assert [e["field"] for e in problem["errors"]] == ["ally"], ally
    problem = assert_problem(
        api.patch(f"interests/{threat.interest.pk}", {"mitigation": "ally_speaks"}), 422
    )
    assert [e["field"] for e in problem["errors"]] == ["ally"]
    problem = assert_problem(
        api.patch(f"interests/{threat.interest.pk}", {"ally": elsewhere.pk}), 422
    )
    assert [e["field"] for e in problem["errors"]] == ["ally"]
    assert VestedInterest.objects.count() == 1


def test_bad_values_are_refused_field_by_field(world: World, threat: Threat, api_as) -> None:
    body = {
        "contact": threat.zhang.pk,
        "kind": "bribe",
        "severity": 4,
        "mitigation": "threaten",
        "status": "done",
        "secret": True,
    }
    problem = assert_problem(api_as(world.owner).post("interests", body), 422)
    assert {e["field"] for e in problem["errors"]} == {
        "kind", "severity", "mitigation", "status", "secret",
    }  # fmt: skip


def test_outside_the_circle_no_interest_can_be_recorded(
    world: World, threat: Threat, api_as
) -> None:
    body = {"contact": threat.zhang.pk, "kind": "kickback"}
    assert_problem(api_as(world.admin).post("interests", body), 403)
    assert_problem(api_as(world.executive).post("interests", body), 403)
    refused = assert_problem(api_as(world.outsider).post("interests", body), 422)
    assert refused["errors"][0]["field"] == "contact"
    assert VestedInterest.objects.count() == 1


def test_executives_read_but_do_not_change_interests(world: World, threat: Threat, api_as) -> None:
    api = api_as(world.executive)
    assert_problem(api.patch(f"interests/{threat.interest.pk}", {"status": "resolved"}), 403)
    assert_problem(api.delete(f"interests/{threat.interest.pk}"), 403)
    assert VestedInterest.objects.filter(pk=threat.interest.pk, status="open").exists()


def test_the_owner_plans_the_mitigation_and_history_keeps_the_step(
    world: World, threat: Threat, api_as
) -> None:
    response = api_as(world.owner).patch(
        f"interests/{threat.interest.pk}",
        {"mitigation": "ally_speaks", "ally": threat.wang.pk, "status": "mitigating"},
    )
    assert response.status_code == 200, response.content
    threat.interest.refresh_from_db()
    assert (threat.interest.ally, threat.interest.status) == (threat.wang, "mitigating")
    assert threat.interest.description == KICKBACK
    latest = threat.interest.history.latest()
    assert (latest.history_user, latest.prev_record.mitigation) == (world.owner, "")
    # Waiting for departure needs no ally: it may be cleared with null.
    response = api_as(world.owner).patch(
        f"interests/{threat.interest.pk}", {"mitigation": "wait_departure", "ally": None}
    )
    assert (response.json()["mitigation"], response.json()["ally"]) == ("wait_departure", None)


def test_a_new_holder_must_be_in_the_same_account(world: World, threat: Threat, api_as) -> None:
    elsewhere = ContactFactory(account=AccountFactory(owner=world.owner), name="陈静")
    api = api_as(world.owner)
    problem = assert_problem(
        api.patch(f"interests/{threat.interest.pk}", {"contact": elsewhere.pk}), 422
    )
    assert [e["field"] for e in problem["errors"]] == ["contact"]
    moved = api.patch(f"interests/{threat.interest.pk}", {"contact": threat.wang.pk})
    assert moved.json()["contact_name"] == "王芳"


def test_the_teammate_removes_an_interest_and_history_keeps_who(
    world: World, threat: Threat, api_as
) -> None:
    interest_id = threat.interest.pk
    assert api_as(world.teammate).delete(f"interests/{interest_id}").status_code == 204
    assert not VestedInterest.objects.filter(pk=interest_id).exists()
    removal = VestedInterest.history.filter(id=interest_id).latest("history_date")
    assert (removal.history_type, removal.history_user) == ("-", world.teammate)


# ---- pages -------------------------------------------------------------------------------


def test_pages_follow_next_links_in_few_queries(
    world: World, threat: Threat, api_as, django_assert_max_num_queries
) -> None:
    for n in range(60):
        holder = ContactFactory(account=world.account, name=f"同事{n}")
        VestedInterestFactory(
            contact=holder, mitigation="ally_speaks", ally=threat.wang, owner=world.teammate
        )
    api = api_as(world.manager)
    seen: list[int] = []
    url = "/api/v1/interests?limit=25"
    while url:
        # session, user, the interests with holder, ally and owner
        with django_assert_max_num_queries(3):
            page = api.get(url).json()
        seen += [item["id"] for item in page["items"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == 61
