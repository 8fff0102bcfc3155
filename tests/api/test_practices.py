"""/api/v1/practices: how the customer habitually buys or works (R2.7)."""

from __future__ import annotations

import pytest

from guanxi.stakeholders.models import EntrenchedPractice
from tests.api.conftest import assert_problem
from tests.conftest import World
from tests.factories import AccountFactory, EntrenchedPracticeFactory

TRAINING = "只接受两到三天的标准培训"


def ids(response: object) -> list[int]:
    return [item["id"] for item in response.json()["items"]]  # type: ignore[attr-defined]


@pytest.fixture
def practice(world: World) -> EntrenchedPractice:
    return EntrenchedPracticeFactory(
        account=world.account, description=TRAINING, blocks_us=True, how_we_work_with_it="分期培训"
    )


# ---- reading -----------------------------------------------------------------------------


def test_owner_and_teammate_list_and_read_the_practice(
    world: World, practice: EntrenchedPractice, api_as
) -> None:
    for user in (world.owner, world.teammate):
        api = api_as(user)
        assert ids(api.get("practices")) == [practice.pk]
        read = api.get(f"practices/{practice.pk}").json()
        assert (read["account"], read["description"], read["blocks_us"]) == (
            world.account.pk,
            TRAINING,
            True,
        )
        assert read["how_we_work_with_it"] == "分期培训"
        assert {"created_at", "updated_at"} <= read.keys()


def test_filters_by_account_and_whether_it_blocks_us(
    world: World, practice: EntrenchedPractice, api_as
) -> None:
    habit = EntrenchedPracticeFactory(account=world.account, description="年底集中采购")
    second = AccountFactory(owner=world.owner)
    far = EntrenchedPracticeFactory(account=second)
    api = api_as(world.owner)
    assert ids(api.get("practices", account=world.account.pk)) == [practice.pk, habit.pk]
    assert ids(api.get("practices", account=second.pk)) == [far.pk]
    assert ids(api.get("practices", blocks_us=True)) == [practice.pk]
    assert set(ids(api.get("practices", blocks_us=False))) == {habit.pk, far.pk}


def test_the_outsider_never_sees_the_practice(
    world: World, practice: EntrenchedPractice, api_as
) -> None:
    api = api_as(world.outsider)
    assert ids(api.get("practices")) == []
    assert ids(api.get("practices", account=world.account.pk)) == []
    assert_problem(api.get(f"practices/{practice.pk}"), 404)
    assert_problem(api.patch(f"practices/{practice.pk}", {"blocks_us": False}), 404)
    assert_problem(api.delete(f"practices/{practice.pk}"), 404)
    refused = assert_problem(
        api.post("practices", {"account": world.account.pk, "description": "x"}), 422
    )
    assert refused["errors"][0]["field"] == "account"
    assert EntrenchedPractice.objects.count() == 1


def test_managers_executives_and_admins_read_the_practice(
    world: World, practice: EntrenchedPractice, api_as
) -> None:
    for user in (world.manager, world.executive, world.admin):
        assert ids(api_as(user).get("practices")) == [practice.pk]
    assert ids(api_as(world.other_manager).get("practices")) == []


def test_executives_read_but_do_not_change_practices(
    world: World, practice: EntrenchedPractice, api_as
) -> None:
    api = api_as(world.executive)
    assert_problem(api.post("practices", {"account": world.account.pk, "description": "x"}), 403)
    assert_problem(api.patch(f"practices/{practice.pk}", {"blocks_us": False}), 403)
    assert_problem(api.delete(f"practices/{practice.pk}"), 403)
    assert EntrenchedPractice.objects.filter(pk=practice.pk, blocks_us=True).exists()


# ---- writing -----------------------------------------------------------------------------


def test_the_teammate_records_a_practice_and_history_records_them(world: World, api_as) -> None:
    response = api_as(world.teammate).post(
        "practices",
        {"account": world.account.pk, "description": "供应商须先进入集团短名单", "blocks_us": True},
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["blocks_us"], created["how_we_work_with_it"]) == (True, "")
    practice = EntrenchedPractice.objects.get(pk=created["id"])
    assert practice.account == world.account
    assert practice.history.get().history_user == world.teammate


def test_an_admin_records_a_practice(world: World, api_as) -> None:
    body = {"account": world.account.pk, "description": "年底集中采购"}
    assert api_as(world.admin).post("practices", body).status_code == 201


def test_a_practice_needs_words_and_known_fields(
    world: World, practice: EntrenchedPractice, api_as
) -> None:
    api = api_as(world.owner)
    problem = assert_problem(api.post("practices", {"account": world.account.pk}), 422)
    assert [e["field"] for e in problem["errors"]] == ["description"]
    problem = assert_problem(
        api.post("practices", {"account": world.account.pk, "description": "", "x": 1}), 422
    )
    assert {e["field"] for e in problem["errors"]} == {"description", "x"}
    assert_problem(api.patch(f"practices/{practice.pk}", {"description": None}), 422)
    assert_problem(api.patch(f"practices/{practice.pk}", {"account": 1}), 422)


def test_the_owner_says_how_we_work_with_it_and_leaves_the_rest(
    world: World, practice: EntrenchedPractice, api_as
) -> None:
    response = api_as(world.owner).patch(
        f"practices/{practice.pk}", {"how_we_work_with_it": "拆成三次短培训", "blocks_us": False}
    )
    assert response.status_code == 200, response.content
    practice.refresh_from_db()
    assert (practice.description, practice.blocks_us) == (TRAINING, False)
    assert practice.how_we_work_with_it == "拆成三次短培训"
    latest = practice.history.latest()
    assert (latest.history_user, latest.prev_record.blocks_us) == (world.owner, True)


def test_the_teammate_removes_a_practice_and_history_keeps_who(
    world: World, practice: EntrenchedPractice, api_as
) -> None:
    practice_id = practice.pk
    assert api_as(world.teammate).delete(f"practices/{practice_id}").status_code == 204
    assert not EntrenchedPractice.objects.filter(pk=practice_id).exists()
    removal = EntrenchedPractice.history.filter(id=practice_id).latest("history_date")
    assert (removal.history_type, removal.history_user) == ("-", world.teammate)


# ---- pages -------------------------------------------------------------------------------


def test_pages_follow_next_links_in_few_queries(
    world: World, practice: EntrenchedPractice, api_as, django_assert_max_num_queries
) -> None:
    for n in range(60):
        EntrenchedPracticeFactory(account=world.account, description=f"惯例{n}")
    api = api_as(world.manager)
    seen: list[int] = []
    url = "/api/v1/practices?limit=25"
    while url:
        with django_assert_max_num_queries(3):  # session, user, the practices
            page = api.get(url).json()
        seen += [item["id"] for item in page["items"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == 61
    assert seen[0] == practice.pk  # the one that blocks us first
