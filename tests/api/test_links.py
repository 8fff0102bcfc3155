"""/api/v1/contact-links: influence, conflict and personal ties between people of one account."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from guanxi.stakeholders.models import Contact, ContactLink
from tests.api.conftest import assert_problem
from tests.conftest import World
from tests.factories import AccountFactory, ContactFactory, ContactLinkFactory


def ids(response: object) -> list[int]:
    return [item["id"] for item in response.json()["items"]]  # type: ignore[attr-defined]


@dataclass
class People:
    zhang: Contact  # 张伟, 采购总监
    wang: Contact
    li: Contact
    link: ContactLink  # 王芳 influences 张伟


@pytest.fixture
def people(world: World) -> People:
    zhang = world.account.contacts.get()
    wang = ContactFactory(account=world.account, name="王芳", title="总经理", influence=5)
    li = ContactFactory(account=world.account, name="李娜", title="技术经理")
    link = ContactLinkFactory(from_contact=wang, to_contact=zhang, kind="influence", strength=4)
    return People(zhang, wang, li, link)


# ---- reading -----------------------------------------------------------------------------


def test_owner_and_teammate_list_and_read_the_link(world: World, people: People, api_as) -> None:
    for user in (world.owner, world.teammate):
        api = api_as(user)
        assert ids(api.get("contact-links")) == [people.link.pk]
        link = api.get(f"contact-links/{people.link.pk}").json()
        assert link == {
            "id": people.link.pk,
            "account": world.account.pk,
            "from_contact": people.wang.pk,
            "from_name": "王芳",
            "to_contact": people.zhang.pk,
            "to_name": "张伟",
            "kind": "influence",
            "directed": True,
            "strength": 4,
            "note": "",
        }


def test_the_filters_find_a_link_from_either_end(world: World, people: People, api_as) -> None:
    tie = ContactLinkFactory(from_contact=people.li, to_contact=people.wang, kind="alumni")
    elsewhere = ContactLinkFactory(
        from_contact=ContactFactory(account=AccountFactory(owner=world.owner))
    )
    api = api_as(world.owner)
    assert ids(api.get("contact-links", contact=people.zhang.pk)) == [people.link.pk]
    assert set(ids(api.get("contact-links", contact=people.wang.pk))) == {people.link.pk, tie.pk}
    assert ids(api.get("contact-links", kind="alumni")) == [tie.pk]
    assert set(ids(api.get("contact-links", account=world.account.pk))) == {people.link.pk, tie.pk}
    assert ids(api.get("contact-links", account=elsewhere.account_id)) == [elsewhere.pk]
    assert api.get(f"contact-links/{tie.pk}").json()["directed"] is False


@pytest.mark.parametrize("query", ["张伟", "张", "zhangwei", "ZhangWei", "zw"])
def test_search_finds_the_link_by_either_persons_name(
    world: World, people: People, api_as, query: str
) -> None:
    # 张伟 is at the `to` end of one link and the `from` end of another.
    back = ContactLinkFactory(from_contact=people.zhang, to_contact=people.li, kind="hometown")
    ContactLinkFactory(from_contact=people.wang, to_contact=people.li, kind="friend")
    found = ids(api_as(world.owner).get("contact-links", search=query))
    assert set(found) == {people.link.pk, back.pk}


def test_the_outsider_never_sees_the_link(world: World, people: People, api_as) -> None:
    api = api_as(world.outsider)
    assert ids(api.get("contact-links")) == []
    assert ids(api.get("contact-links", search="张伟")) == []
    assert ids(api.get("contact-links", account=world.account.pk)) == []
    assert_problem(api.get(f"contact-links/{people.link.pk}"), 404)
    assert_problem(api.patch(f"contact-links/{people.link.pk}", {"strength": 1}), 404)
    assert_problem(api.delete(f"contact-links/{people.link.pk}"), 404)
    refused = assert_problem(
        api.post(
            "contact-links",
            {"from_contact": people.li.pk, "to_contact": people.zhang.pk, "kind": "friend"},
        ),
        422,
    )
    assert refused["errors"][0]["field"] == "from_contact"
    assert ContactLink.objects.count() == 1


def test_managers_executives_and_admins_read_the_link(world: World, people: People, api_as) -> None:
    for user in (world.manager, world.executive, world.admin):
        api = api_as(user)
        assert ids(api.get("contact-links")) == [people.link.pk]
        assert api.get(f"contact-links/{people.link.pk}").status_code == 200
    assert ids(api_as(world.other_manager).get("contact-links")) == []


def test_executives_read_but_do_not_change_links(world: World, people: People, api_as) -> None:
    api = api_as(world.executive)
    body = {"from_contact": people.li.pk, "to_contact": people.zhang.pk, "kind": "friend"}
    assert_problem(api.post("contact-links", body), 403)
    assert_problem(api.patch(f"contact-links/{people.link.pk}", {"strength": 1}), 403)
    assert_problem(api.delete(f"contact-links/{people.link.pk}"), 403)
    people.link.refresh_from_db()
    assert (ContactLink.objects.count(), people.link.strength) == (1, 4)


def test_an_admin_may_work_on_links_as_on_the_rest_of_the_account(
    world: World, people: People, api_as
) -> None:
    response = api_as(world.admin).patch(f"contact-links/{people.link.pk}", {"note": "老部下"})
    assert response.status_code == 200, response.content
    assert response.json()["note"] == "老部下"


def test_a_token_script_reads_links_like_the_browser(
    world: World, people: People, api_with_token
) -> None:
    assert ids(api_with_token(world.teammate).get("contact-links")) == [people.link.pk]
    assert ids(api_with_token(world.outsider).get("contact-links")) == []


# ---- writing -----------------------------------------------------------------------------


def test_the_teammate_links_two_people_and_history_records_them(
    world: World, people: People, api_as
) -> None:
    response = api_as(world.teammate).post(
        "contact-links",
        {
            "from_contact": people.li.pk,
            "to_contact": people.zhang.pk,
            "kind": "alumni",
            "strength": 5,
            "note": "华南理工大学校友",
        },
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["from_name"], created["to_name"], created["kind"]) == ("李娜", "张伟", "alumni")
    assert (created["strength"], created["note"], created["directed"]) == (
        5,
        "华南理工大学校友",
        False,
    )
    link = ContactLink.objects.get(pk=created["id"])
    assert link.account == world.account
    assert link.history.get().history_user == world.teammate


def test_a_link_across_two_accounts_is_refused(world: World, people: People, api_as) -> None:
    elsewhere = ContactFactory(account=AccountFactory(owner=world.owner), name="陈静")
    api = api_as(world.owner)
    body = {"from_contact": people.zhang.pk, "to_contact": elsewhere.pk, "kind": "friend"}
    problem = assert_problem(api.post("contact-links", body), 422)
    assert problem["type"] == "urn:guanxi:problem:validation"
    assert [e["field"] for e in problem["errors"]] == ["to_contact"]
    problem = assert_problem(
        api.patch(f"contact-links/{people.link.pk}", {"to_contact": elsewhere.pk}), 422
    )
    assert [e["field"] for e in problem["errors"]] == ["to_contact"]
    hidden = ContactFactory(account=AccountFactory(owner=world.outsider))
    body = {"from_contact": people.zhang.pk, "to_contact": hidden.pk, "kind": "friend"}
    problem = assert_problem(api.post("contact-links", body), 422)
    assert [e["field"] for e in problem["errors"]] == ["to_contact"]
    assert ContactLink.objects.count() == 1


def test_self_links_twins_and_bad_values_are_refused(world: World, people: People, api_as) -> None:
    api = api_as(world.owner)
    same = {"from_contact": people.zhang.pk, "to_contact": people.zhang.pk, "kind": "friend"}
    assert (
        assert_problem(api.post("contact-links", same), 422)["errors"][0]["field"] == "to_contact"
    )
    twin = {"from_contact": people.wang.pk, "to_contact": people.zhang.pk, "kind": "influence"}
    assert assert_problem(api.post("contact-links", twin), 422)["errors"][0]["field"] is None
    bad = {**twin, "kind": "rival", "strength": 7, "colour": "red"}
    problem = assert_problem(api.post("contact-links", bad), 422)
    assert {e["field"] for e in problem["errors"]} == {"kind", "strength", "colour"}
    assert_problem(api.patch(f"contact-links/{people.link.pk}", {"strength": None}), 422)
    # The other direction is another link.
    back = {"from_contact": people.zhang.pk, "to_contact": people.wang.pk, "kind": "influence"}
    assert api.post("contact-links", back).status_code == 201


def test_the_owner_reverses_a_link_and_changes_its_strength(
    world: World, people: People, api_as
) -> None:
    response = api_as(world.owner).patch(
        f"contact-links/{people.link.pk}",
        {"from_contact": people.zhang.pk, "to_contact": people.wang.pk, "strength": 2},
    )
    assert response.status_code == 200, response.content
    people.link.refresh_from_db()
    assert (people.link.from_contact, people.link.to_contact) == (people.zhang, people.wang)
    assert (people.link.strength, people.link.kind) == (2, "influence")
    latest = people.link.history.latest()
    assert (latest.history_user, latest.prev_record.strength) == (world.owner, 4)


def test_the_teammate_removes_a_link_and_history_keeps_who(
    world: World, people: People, api_as
) -> None:
    link_id = people.link.pk
    response = api_as(world.teammate).delete(f"contact-links/{link_id}")
    assert response.status_code == 204
    assert not ContactLink.objects.filter(pk=link_id).exists()
    removal = ContactLink.history.filter(id=link_id).latest("history_date")
    assert (removal.history_type, removal.history_user) == ("-", world.teammate)


# ---- pages -------------------------------------------------------------------------------


def test_pages_follow_next_links_in_few_queries(
    world: World, people: People, api_as, django_assert_max_num_queries
) -> None:
    others = [ContactFactory(account=world.account, name=f"同事{n}") for n in range(60)]
    for other in others:
        ContactLinkFactory(from_contact=other, to_contact=people.zhang, kind="former_colleague")
    api = api_as(world.manager)
    seen: list[int] = []
    url = "/api/v1/contact-links?limit=25"
    while url:
        # session, user, the links with both people
        with django_assert_max_num_queries(3):
            page = api.get(url).json()
        seen += [item["id"] for item in page["items"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == 61
