"""/api/v1/accounts: the same accounts as the web, with the same permissions."""

from __future__ import annotations

from datetime import date

import pytest

from guanxi.accounts.models import Account
from tests.api.conftest import assert_problem
from tests.conftest import World
from tests.factories import AccountFactory, AccountTeamMemberFactory, UserFactory


def ids(response: object) -> list[int]:
    return [item["id"] for item in response.json()["items"]]  # type: ignore[attr-defined]


# ---- reading -----------------------------------------------------------------------------


def test_owner_and_teammate_list_and_open_the_account(world: World, api_as) -> None:
    for user in (world.owner, world.teammate):
        api = api_as(user)
        listed = api.get("accounts")
        assert listed.status_code == 200
        assert ids(listed) == [world.account.pk]
        detail = api.get(f"accounts/{world.account.pk}").json()
        assert detail["name"] == "广州美家家具有限公司"
        assert detail["customer_code"] == "GZ0001"
        assert detail["owner"] == world.owner.pk
        assert detail["owner_username"] == "owner"


def test_outsider_never_sees_the_account(world: World, api_as) -> None:
    api = api_as(world.outsider)
    assert ids(api.get("accounts")) == []
    assert ids(api.get("accounts", search="美家")) == []
    assert ids(api.get("accounts", search="GZ0001")) == []
    assert_problem(api.get(f"accounts/{world.account.pk}"), 404)


def test_an_unknown_account_and_another_teams_account_answer_the_same(world: World, api_as) -> None:
    api = api_as(world.outsider)
    hidden = api.get(f"accounts/{world.account.pk}").json()
    missing = api.get("accounts/999999").json()
    assert hidden["detail"] == missing["detail"]


def test_managers_see_their_teams_accounts_executives_and_admins_see_all(
    world: World, api_as
) -> None:
    northern = AccountFactory(name="北京远方装饰工程公司", owner=world.outsider)
    assert ids(api_as(world.manager).get("accounts")) == [world.account.pk]
    assert ids(api_as(world.other_manager).get("accounts")) == [northern.pk]
    assert_problem(api_as(world.other_manager).get(f"accounts/{world.account.pk}"), 404)
    for user in (world.executive, world.admin):
        assert set(ids(api_as(user).get("accounts"))) == {world.account.pk, northern.pk}


def test_the_account_shows_tier_effective_tier_stage_horizon_scores_and_parent(
    world: World, api_as
) -> None:
    group = AccountFactory(name="美家集团", owner=world.owner)
    Account.objects.filter(pk=world.account.pk).update(
        parent=group,
        tier="B",
        tier_override="A",
        tier_override_reason="集团战略客户",
        stage="cooperative",
        results_horizon=6,
        access_to_goals=4,
        openness_to_ideas=2,
    )
    account = api_as(world.owner).get(f"accounts/{world.account.pk}").json()
    assert account["parent"] == group.pk
    assert (account["tier"], account["tier_override"], account["effective_tier"]) == (
        "B",
        "A",
        "A",
    )
    assert account["stage"] == "cooperative"
    assert account["results_horizon"] == 6
    assert (account["access_to_goals"], account["openness_to_ideas"]) == (4, 2)


@pytest.mark.parametrize(
    "query", ["美家", "guangzhoumeijia", "GuangZhou", "gzmj", "GZ0001", "gz00"]
)
def test_search_finds_the_account_by_chinese_pinyin_initials_and_customer_code(
    world: World, api_as, query: str
) -> None:
    AccountFactory(name="上海恒通门窗有限公司", customer_code="SH0002", owner=world.owner)
    assert ids(api_as(world.owner).get("accounts", search=query)) == [world.account.pk]


def test_filters_by_owner_tier_and_industry_and_orders(world: World, api_as) -> None:
    colleague = UserFactory(username="colleague", team=world.owner.team)
    doors = AccountFactory(name="上海恒通门窗", owner=colleague, tier="A", industry="doors_windows")
    Account.objects.filter(pk=world.account.pk).update(tier="C", industry="furniture")
    api = api_as(world.manager)
    assert ids(api.get("accounts", owner=colleague.pk)) == [doors.pk]
    assert ids(api.get("accounts", tier="A")) == [doors.pk]
    assert ids(api.get("accounts", industry="furniture")) == [world.account.pk]
    assert ids(api.get("accounts", order="tier")) == [doors.pk, world.account.pk]
    assert ids(api.get("accounts", order="-tier")) == [world.account.pk, doors.pk]


def test_pages_follow_next_links_without_repeating_or_skipping(world: World, api_as) -> None:
    for n in range(7):
        AccountFactory(name=f"客户{n}", owner=world.owner)
    api = api_as(world.owner)
    seen: list[int] = []
    url: str | None = "/api/v1/accounts?limit=3&search="
    pages = 0
    while url:
        page = api.get(url).json()
        assert page["limit"] == 3
        seen += [item["id"] for item in page["items"]]
        url = page["next"]
        pages += 1
    assert pages == 3
    assert len(seen) == len(set(seen)) == 8
    assert seen == [a.pk for a in Account.objects.order_by("name_pinyin", "pk")]


def test_the_last_page_has_no_next_and_the_limit_is_capped(world: World, api_as) -> None:
    api = api_as(world.owner)
    page = api.get("accounts", limit=1).json()
    assert page == {**page, "limit": 1, "offset": 0, "next": None}
    problem = assert_problem(api.get("accounts", limit=201), 422)
    assert problem["errors"][0]["field"] == "limit"
    assert api.get("accounts").json()["limit"] == 50


def test_the_list_takes_the_same_few_queries_for_fifty_rows(
    world: World, api_as, django_assert_max_num_queries
) -> None:
    api = api_as(world.owner)
    # session, user, accounts, competitors
    with django_assert_max_num_queries(4):
        assert len(api.get("accounts").json()["items"]) == 1
    for n in range(60):
        owned = n % 2 == 0
        account = AccountFactory(name=f"客户{n}", owner=world.owner if owned else world.teammate)
        if not owned:
            AccountTeamMemberFactory(account=account, user=world.owner)
    with django_assert_max_num_queries(4):
        page = api.get("accounts").json()
    assert len(page["items"]) == 50
    assert page["next"] is not None


# ---- writing -----------------------------------------------------------------------------


def test_a_kam_creates_an_account_they_own_and_history_records_them(world: World, api_as) -> None:
    response = api_as(world.owner).post(
        "accounts", {"name": "深圳新安五金", "customer_code": "SZ0100", "industry": "distributor"}
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["owner"] == world.owner.pk
    assert created["name_pinyin"] == "shenzhenxinanwujin"
    account = Account.objects.get(pk=created["id"])
    assert account.history.get().history_user == world.owner
    assert account.history.get().history_type == "+"


def test_a_kam_may_not_give_a_new_account_to_someone_else(world: World, api_as) -> None:
    response = api_as(world.owner).post("accounts", {"name": "新客户", "owner": world.teammate.pk})
    assert_problem(response, 403)
    assert not Account.objects.filter(name="新客户").exists()


def test_a_manager_creates_an_account_for_a_kam(world: World, api_as) -> None:
    response = api_as(world.manager).post("accounts", {"name": "新客户", "owner": world.owner.pk})
    assert response.status_code == 201
    assert response.json()["owner"] == world.owner.pk


def test_executives_may_not_create_or_change_accounts(world: World, api_as) -> None:
    api = api_as(world.executive)
    assert_problem(api.post("accounts", {"name": "新客户"}), 403)
    assert_problem(api.patch(f"accounts/{world.account.pk}", {"stage": "basic"}), 403)
    assert_problem(api.delete(f"accounts/{world.account.pk}"), 403)
    world.account.refresh_from_db()
    assert world.account.stage == "exploratory"


def test_the_teammate_updates_some_fields_and_leaves_the_rest(world: World, api_as) -> None:
    response = api_as(world.teammate).patch(
        f"accounts/{world.account.pk}",
        {"stage": "cooperative", "access_to_goals": 4, "results_horizon": 12},
    )
    assert response.status_code == 200, response.content
    world.account.refresh_from_db()
    assert (world.account.stage, world.account.access_to_goals) == ("cooperative", 4)
    assert world.account.results_horizon == 12
    assert world.account.name == "广州美家家具有限公司"
    latest = world.account.history.latest()
    assert latest.history_user == world.teammate
    assert latest.prev_record.stage == "exploratory"


def test_renaming_refreshes_the_search_keys(world: World, api_as) -> None:
    api = api_as(world.owner)
    api.patch(f"accounts/{world.account.pk}", {"name": "佛山顺德家具厂"})
    assert ids(api.get("accounts", search="fssd")) == [world.account.pk]


def test_a_teammate_may_not_take_the_account_over_a_manager_may_reassign(
    world: World, api_as
) -> None:
    taken = api_as(world.teammate).patch(
        f"accounts/{world.account.pk}", {"owner": world.teammate.pk}
    )
    assert_problem(taken, 403)
    reassigned = api_as(world.manager).patch(
        f"accounts/{world.account.pk}", {"owner": world.teammate.pk}
    )
    assert reassigned.json()["owner"] == world.teammate.pk


def test_the_outsider_can_neither_change_nor_delete_the_account(world: World, api_as) -> None:
    api = api_as(world.outsider)
    assert_problem(api.patch(f"accounts/{world.account.pk}", {"name": "改名"}), 404)
    assert_problem(api.delete(f"accounts/{world.account.pk}"), 404)
    world.account.refresh_from_db()
    assert world.account.name == "广州美家家具有限公司"


def test_a_teammate_works_on_the_account_but_may_not_delete_it(world: World, api_as) -> None:
    assert_problem(api_as(world.teammate).delete(f"accounts/{world.account.pk}"), 403)
    assert Account.objects.filter(pk=world.account.pk).exists()


def test_a_parent_must_be_an_account_you_can_see(world: World, api_as) -> None:
    northern = AccountFactory(owner=world.outsider)
    problem = assert_problem(
        api_as(world.owner).patch(f"accounts/{world.account.pk}", {"parent": northern.pk}), 422
    )
    assert problem["errors"] == [
        {"field": "parent", "message": problem["errors"][0]["message"], "code": "invalid"}
    ]
    group = AccountFactory(owner=world.owner)
    response = api_as(world.owner).patch(f"accounts/{world.account.pk}", {"parent": group.pk})
    assert response.json()["parent"] == group.pk


def test_read_only_and_unknown_fields_are_refused_not_ignored(world: World, api_as) -> None:
    problem = assert_problem(
        api_as(world.owner).patch(f"accounts/{world.account.pk}", {"tier": "A", "nmae": "x"}), 422
    )
    assert {e["field"] for e in problem["errors"]} == {"tier", "nmae"}


def test_null_is_refused_for_fields_that_cannot_be_empty(world: World, api_as) -> None:
    problem = assert_problem(
        api_as(world.owner).patch(f"accounts/{world.account.pk}", {"name": None}), 422
    )
    assert problem["errors"][0]["field"] == "name"


def test_the_services_rules_come_back_as_validation_problems(world: World, api_as) -> None:
    api = api_as(world.owner)
    duplicate = assert_problem(
        api.post("accounts", {"name": "重复", "customer_code": "GZ0001"}), 422
    )
    assert duplicate["errors"]
    override = assert_problem(
        api.patch(f"accounts/{world.account.pk}", {"tier_override": "A"}), 422
    )
    assert override["errors"]


def test_the_owner_deletes_the_account_and_history_keeps_who(world: World, api_as) -> None:
    pk = world.account.pk
    response = api_as(world.owner).delete(f"accounts/{pk}")
    assert response.status_code == 204
    assert response.content == b""
    assert not Account.objects.filter(pk=pk).exists()
    deletion = Account.history.filter(id=pk).latest()
    assert (deletion.history_type, deletion.history_user) == ("-", world.owner)


def test_a_deleted_account_leaves_no_sales_behind(world: World, api_as) -> None:
    from guanxi.accounts import sales_store
    from tests import sales

    sales.add_lines([sales.line(world.account, date(2024, 3, 5), amount="99.00")])
    assert sales_store.lines([world.account.pk]).num_rows == 1
    assert api_as(world.owner).delete(f"accounts/{world.account.pk}").status_code == 204
    assert sales_store.lines().num_rows == 0
    assert sales_store.months().num_rows == 0
