"""/api/v1/contacts: people inside the accounts; personal notes only for those allowed."""

from __future__ import annotations

import pytest

from guanxi.stakeholders.models import Contact
from tests.api.conftest import assert_problem
from tests.conftest import World
from tests.factories import AccountFactory, AccountTeamMemberFactory, ContactFactory


@pytest.fixture
def zhang_wei(world: World) -> Contact:
    contact = world.account.contacts.get()
    contact.personal_notes = "女儿明年高考"
    contact.buying_roles = ["decision_maker", "economic_buyer"]
    contact.influence = 5
    contact.stance = 1
    contact.save()
    return contact


def ids(response: object) -> list[int]:
    return [item["id"] for item in response.json()["items"]]  # type: ignore[attr-defined]


# ---- reading -----------------------------------------------------------------------------


def test_owner_and_teammate_see_the_contact_with_its_personal_notes(
    world: World, zhang_wei: Contact, api_as
) -> None:
    for user in (world.owner, world.teammate):
        api = api_as(user)
        assert ids(api.get("contacts")) == [zhang_wei.pk]
        contact = api.get(f"contacts/{zhang_wei.pk}").json()
        assert contact["name"] == "张伟"
        assert contact["account"] == world.account.pk
        assert contact["account_name"] == "广州美家家具有限公司"
        assert contact["buying_roles"] == ["decision_maker", "economic_buyer"]
        assert (contact["influence"], contact["stance"]) == (5, 1)
        assert contact["personal_notes"] == "女儿明年高考"


def test_outsider_never_sees_the_contact(world: World, zhang_wei: Contact, api_as) -> None:
    api = api_as(world.outsider)
    assert ids(api.get("contacts")) == []
    assert ids(api.get("contacts", search="张伟")) == []
    assert ids(api.get("contacts", account=world.account.pk)) == []
    assert_problem(api.get(f"contacts/{zhang_wei.pk}"), 404)


@pytest.mark.parametrize(
    ("persona", "sees_notes"),
    [("manager", True), ("executive", True), ("admin", False)],
)
def test_personal_notes_are_hidden_from_those_without_the_right(
    world: World, zhang_wei: Contact, api_as, persona: str, sees_notes: bool
) -> None:
    api = api_as(getattr(world, persona))
    detail = api.get(f"contacts/{zhang_wei.pk}").json()
    listed = api.get("contacts").json()["items"][0]
    expected = "女儿明年高考" if sees_notes else None
    assert detail["personal_notes"] == listed["personal_notes"] == expected
    assert detail["name"] == "张伟"


def test_notes_are_shown_account_by_account_in_one_list(world: World, api_as) -> None:
    """An admin on one account's team sees that account's notes and no other's."""
    other = AccountFactory(owner=world.outsider)
    ContactFactory(account=other, name="李娜", personal_notes="爱打高尔夫")
    world.account.contacts.update(personal_notes="女儿明年高考")
    AccountTeamMemberFactory(account=other, user=world.admin)
    notes = {
        item["name"]: item["personal_notes"]
        for item in api_as(world.admin).get("contacts").json()["items"]
    }
    assert notes == {"张伟": None, "李娜": "爱打高尔夫"}


@pytest.mark.parametrize("query", ["张伟", "张", "zhangwei", "ZhangWei", "zw", "zhang"])
def test_search_finds_the_contact_by_chinese_full_pinyin_and_initials(
    world: World, api_as, query: str
) -> None:
    ContactFactory(account=world.account, name="王芳")
    assert [
        c["name"] for c in api_as(world.owner).get("contacts", search=query).json()["items"]
    ] == ["张伟"]


def test_filters_by_account_and_status(world: World, api_as) -> None:
    second = AccountFactory(owner=world.owner)
    left = ContactFactory(account=second, name="刘洋", status="left", left_on="2024-05-01")
    api = api_as(world.owner)
    assert ids(api.get("contacts", account=second.pk)) == [left.pk]
    assert ids(api.get("contacts", status="left")) == [left.pk]
    assert len(ids(api.get("contacts", status="active"))) == 1


def test_pages_follow_next_links_without_repeating(world: World, api_as) -> None:
    for name in ["王芳", "李娜", "刘洋", "陈静"]:
        ContactFactory(account=world.account, name=name)
    api = api_as(world.owner)
    seen: list[int] = []
    url = "/api/v1/contacts?limit=2"
    while url:
        page = api.get(url).json()
        seen += [item["id"] for item in page["items"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == 5


def test_the_list_takes_the_same_few_queries_for_fifty_rows_across_accounts(
    world: World, api_as, django_assert_max_num_queries
) -> None:
    api = api_as(world.manager)
    # session, user, contacts with their accounts, the accounts whose notes may be shown
    with django_assert_max_num_queries(4):
        assert len(api.get("contacts").json()["items"]) == 1
    for n in range(60):
        account = AccountFactory(owner=world.owner if n % 3 else world.teammate)
        boss = ContactFactory(account=account, name=f"老板{n}", personal_notes="喜欢喝茶")
        ContactFactory(account=account, reports_to=boss)
    with django_assert_max_num_queries(4):
        page = api.get("contacts").json()
    assert len(page["items"]) == 50
    assert all(item["personal_notes"] is not None for item in page["items"])


# ---- writing -----------------------------------------------------------------------------


def test_the_teammate_adds_a_contact_and_history_records_them(
    world: World, zhang_wei: Contact, api_as
) -> None:
    response = api_as(world.teammate).post(
        "contacts",
        {
            "account": world.account.pk,
            "name": "王芳",
            "title": "技术经理",
            "reports_to": zhang_wei.pk,
            "buying_roles": ["technical_buyer"],
            "influence": 4,
            "stance": -1,
            "personal_notes": "不喜欢应酬",
            "mobile": "139 0013 9000",
            "phone": "020-8888 1234",
        },
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["mobile"], created["phone"]) == ("139 0013 9000", "020-8888 1234")
    assert created["reports_to"] == zhang_wei.pk
    assert created["name_pinyin"] == "wangfang"
    assert created["personal_notes"] == "不喜欢应酬"
    contact = Contact.objects.get(pk=created["id"])
    assert contact.history.get().history_user == world.teammate


def test_adding_a_contact_needs_edit_rights_on_its_account(world: World, api_as) -> None:
    body = {"account": world.account.pk, "name": "王芳"}
    assert_problem(api_as(world.executive).post("contacts", body), 403)
    refused = assert_problem(api_as(world.outsider).post("contacts", body), 422)
    assert refused["errors"][0]["field"] == "account"
    assert world.account.contacts.count() == 1


def test_personal_notes_cannot_be_written_without_the_right(
    world: World, zhang_wei: Contact, api_as
) -> None:
    api = api_as(world.admin)
    assert_problem(api.patch(f"contacts/{zhang_wei.pk}", {"personal_notes": "改写"}), 403)
    assert_problem(
        api.post("contacts", {"account": world.account.pk, "name": "王芳", "personal_notes": "x"}),
        403,
    )
    # The admin may still change the rest, and gets the contact back without the notes.
    changed = api.patch(f"contacts/{zhang_wei.pk}", {"title": "副总经理"})
    assert changed.status_code == 200
    assert changed.json()["personal_notes"] is None
    zhang_wei.refresh_from_db()
    assert (zhang_wei.title, zhang_wei.personal_notes) == ("副总经理", "女儿明年高考")


def test_the_owner_updates_some_fields_and_leaves_the_rest(
    world: World, zhang_wei: Contact, api_as
) -> None:
    response = api_as(world.owner).patch(
        f"contacts/{zhang_wei.pk}", {"stance": 2, "buying_roles": ["coach"]}
    )
    assert response.status_code == 200, response.content
    zhang_wei.refresh_from_db()
    assert (zhang_wei.stance, zhang_wei.buying_roles) == (2, ["coach"])
    assert zhang_wei.personal_notes == "女儿明年高考"
    latest = zhang_wei.history.latest()
    assert (latest.history_user, latest.prev_record.stance) == (world.owner, 1)


def test_unknown_buying_roles_and_out_of_range_scores_are_refused(
    world: World, zhang_wei: Contact, api_as
) -> None:
    problem = assert_problem(
        api_as(world.owner).patch(
            f"contacts/{zhang_wei.pk}", {"buying_roles": ["boss"], "influence": 7, "stance": 3}
        ),
        422,
    )
    assert {e["field"] for e in problem["errors"]} == {"buying_roles.0", "influence", "stance"}


def test_reports_to_must_be_in_the_same_account(world: World, zhang_wei: Contact, api_as) -> None:
    elsewhere = ContactFactory(account=AccountFactory(owner=world.owner), name="陈静")
    problem = assert_problem(
        api_as(world.owner).patch(f"contacts/{zhang_wei.pk}", {"reports_to": elsewhere.pk}), 422
    )
    assert problem["errors"][0]["field"] == "reports_to"
    hidden = ContactFactory(account=AccountFactory(owner=world.outsider))
    problem = assert_problem(
        api_as(world.owner).patch(f"contacts/{zhang_wei.pk}", {"reports_to": hidden.pk}), 422
    )
    assert problem["errors"][0]["field"] == "reports_to"


def test_a_contact_who_left_needs_the_date(world: World, zhang_wei: Contact, api_as) -> None:
    api = api_as(world.owner)
    assert_problem(api.patch(f"contacts/{zhang_wei.pk}", {"status": "left"}), 422)
    response = api.patch(
        f"contacts/{zhang_wei.pk}", {"status": "left", "left_on": "2025-03-01", "left_to": "欧派"}
    )
    assert response.json()["left_on"] == "2025-03-01"


def test_the_outsider_can_neither_change_nor_delete_the_contact(
    world: World, zhang_wei: Contact, api_as
) -> None:
    api = api_as(world.outsider)
    assert_problem(api.patch(f"contacts/{zhang_wei.pk}", {"title": "x"}), 404)
    assert_problem(api.delete(f"contacts/{zhang_wei.pk}"), 404)
    assert Contact.objects.filter(pk=zhang_wei.pk, title="采购总监").exists()


def test_executives_read_but_do_not_change_contacts(
    world: World, zhang_wei: Contact, api_as
) -> None:
    api = api_as(world.executive)
    assert api.get(f"contacts/{zhang_wei.pk}").status_code == 200
    assert_problem(api.patch(f"contacts/{zhang_wei.pk}", {"title": "x"}), 403)
    assert_problem(api.delete(f"contacts/{zhang_wei.pk}"), 403)


def test_the_teammate_deletes_the_contact_and_history_keeps_who(
    world: World, zhang_wei: Contact, api_as
) -> None:
    response = api_as(world.teammate).delete(f"contacts/{zhang_wei.pk}")
    assert response.status_code == 204
    assert not Contact.objects.filter(pk=zhang_wei.pk).exists()
    deletion = Contact.history.filter(id=zhang_wei.pk).latest()
    assert (deletion.history_type, deletion.history_user) == ("-", world.teammate)
