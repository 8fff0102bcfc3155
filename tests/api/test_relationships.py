"""/api/v1/relationships: how well our people know theirs, one row per pair."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from guanxi.stakeholders.models import Contact, Relationship
from tests.api.conftest import assert_problem
from tests.conftest import World
from tests.factories import AccountFactory, ContactFactory, RelationshipFactory, UserFactory


def ids(response: object) -> list[int]:
    return [item["id"] for item in response.json()["items"]]  # type: ignore[attr-defined]


@dataclass
class Known:
    zhang: Contact
    wang: Contact
    relationship: Relationship  # the owner knows 张伟: vendor, aiming at problem solver


@pytest.fixture
def known(world: World) -> Known:
    zhang = world.account.contacts.get()
    wang = ContactFactory(account=world.account, name="王芳", title="总经理", influence=5)
    relationship = RelationshipFactory(
        contact=zhang, user=world.owner, current_level=2, target_level=4
    )
    return Known(zhang, wang, relationship)


# ---- reading -----------------------------------------------------------------------------


def test_owner_and_teammate_list_and_read_the_relationship(
    world: World, known: Known, api_as
) -> None:
    for user in (world.owner, world.teammate):
        api = api_as(user)
        assert ids(api.get("relationships")) == [known.relationship.pk]
        relationship = api.get(f"relationships/{known.relationship.pk}").json()
        assert relationship == {
            "id": known.relationship.pk,
            "account": world.account.pk,
            "contact": known.zhang.pk,
            "contact_name": "张伟",
            "user": world.owner.pk,
            "user_name": str(world.owner),
            "current_level": 2,
            "target_level": 4,
            "last_touch": None,
        }


def test_filters_by_account_contact_and_our_person(world: World, known: Known, api_as) -> None:
    theirs = RelationshipFactory(contact=known.wang, user=world.teammate, current_level=1)
    second = AccountFactory(owner=world.owner)
    far = RelationshipFactory(contact=ContactFactory(account=second), user=world.owner)
    api = api_as(world.owner)
    assert ids(api.get("relationships", account=second.pk)) == [far.pk]
    assert ids(api.get("relationships", contact=known.wang.pk)) == [theirs.pk]
    assert set(ids(api.get("relationships", user=world.owner.pk))) == {
        known.relationship.pk,
        far.pk,
    }
    # Within an account, the more influential contact first.
    assert ids(api.get("relationships", account=world.account.pk)) == [
        theirs.pk,
        known.relationship.pk,
    ]


@pytest.mark.parametrize("query", ["张伟", "伟", "zhangwei", "ZHANGWEI", "zw"])
def test_search_finds_the_relationship_by_the_contacts_name(
    world: World, known: Known, api_as, query: str
) -> None:
    RelationshipFactory(contact=known.wang, user=world.owner)
    assert ids(api_as(world.owner).get("relationships", search=query)) == [known.relationship.pk]


def test_the_outsider_never_sees_the_relationship(world: World, known: Known, api_as) -> None:
    api = api_as(world.outsider)
    assert ids(api.get("relationships")) == []
    assert ids(api.get("relationships", search="张伟")) == []
    assert ids(api.get("relationships", user=world.owner.pk)) == []
    assert_problem(api.get(f"relationships/{known.relationship.pk}"), 404)
    assert_problem(api.patch(f"relationships/{known.relationship.pk}", {"target_level": 5}), 404)
    assert_problem(api.delete(f"relationships/{known.relationship.pk}"), 404)
    refused = assert_problem(api.post("relationships", {"contact": known.wang.pk}), 422)
    assert refused["errors"][0]["field"] == "contact"
    assert Relationship.objects.count() == 1


def test_managers_executives_and_admins_read_the_relationship(
    world: World, known: Known, api_as
) -> None:
    for user in (world.manager, world.executive, world.admin):
        assert ids(api_as(user).get("relationships")) == [known.relationship.pk]
    assert ids(api_as(world.other_manager).get("relationships")) == []


def test_executives_read_but_do_not_change_relationships(
    world: World, known: Known, api_as
) -> None:
    api = api_as(world.executive)
    assert api.get(f"relationships/{known.relationship.pk}").status_code == 200
    assert_problem(api.post("relationships", {"contact": known.wang.pk}), 403)
    assert_problem(api.patch(f"relationships/{known.relationship.pk}", {"target_level": 5}), 403)
    assert_problem(api.delete(f"relationships/{known.relationship.pk}"), 403)
    known.relationship.refresh_from_db()
    assert known.relationship.target_level == 4


# ---- writing -----------------------------------------------------------------------------


def test_the_teammate_records_their_own_relationship_by_default(
    world: World, known: Known, api_as
) -> None:
    response = api_as(world.teammate).post(
        "relationships", {"contact": known.wang.pk, "current_level": 1, "target_level": 3}
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert (created["user"], created["contact_name"]) == (world.teammate.pk, "王芳")
    relationship = Relationship.objects.get(pk=created["id"])
    assert relationship.history.get().history_user == world.teammate


def test_an_admin_records_someone_elses_relationship(world: World, known: Known, api_as) -> None:
    response = api_as(world.admin).post(
        "relationships", {"contact": known.wang.pk, "user": world.owner.pk}
    )
    assert response.status_code == 201, response.content
    assert (response.json()["user"], response.json()["current_level"]) == (world.owner.pk, 0)
    assert response.json()["target_level"] == 2


def test_one_pair_one_relationship_and_levels_in_order(world: World, known: Known, api_as) -> None:
    api = api_as(world.owner)
    twice = assert_problem(api.post("relationships", {"contact": known.zhang.pk}), 422)
    assert twice["errors"][0]["field"] == "user"
    backwards = {"contact": known.wang.pk, "current_level": 4, "target_level": 2}
    problem = assert_problem(api.post("relationships", backwards), 422)
    assert problem["errors"][0]["field"] == "target_level"
    out_of_range = {"contact": known.wang.pk, "current_level": 6, "target_level": -1}
    problem = assert_problem(api.post("relationships", out_of_range), 422)
    assert {e["field"] for e in problem["errors"]} == {"current_level", "target_level"}
    gone = UserFactory(username="gone", is_active=False)
    problem = assert_problem(
        api.post("relationships", {"contact": known.wang.pk, "user": gone.pk}), 422
    )
    assert problem["errors"][0]["field"] == "user"
    elsewhere = ContactFactory(account=AccountFactory(owner=world.outsider))
    problem = assert_problem(api.post("relationships", {"contact": elsewhere.pk}), 422)
    assert problem["errors"][0]["field"] == "contact"
    assert Relationship.objects.count() == 1


def test_the_owner_raises_the_current_level_and_keeps_the_target(
    world: World, known: Known, api_as
) -> None:
    api = api_as(world.owner)
    response = api.patch(f"relationships/{known.relationship.pk}", {"current_level": 3})
    assert response.status_code == 200, response.content
    assert (response.json()["current_level"], response.json()["target_level"]) == (3, 4)
    assert_problem(api.patch(f"relationships/{known.relationship.pk}", {"current_level": 5}), 422)
    assert_problem(api.patch(f"relationships/{known.relationship.pk}", {"contact": 1}), 422)
    assert_problem(
        api.patch(f"relationships/{known.relationship.pk}", {"current_level": None}), 422
    )
    known.relationship.refresh_from_db()
    assert (known.relationship.current_level, known.relationship.target_level) == (3, 4)
    latest = known.relationship.history.latest()
    assert (latest.history_user, latest.prev_record.current_level) == (world.owner, 2)


def test_the_teammate_removes_a_relationship_and_history_keeps_who(
    world: World, known: Known, api_as
) -> None:
    relationship_id = known.relationship.pk
    assert api_as(world.teammate).delete(f"relationships/{relationship_id}").status_code == 204
    assert not Relationship.objects.filter(pk=relationship_id).exists()
    removal = Relationship.history.filter(id=relationship_id).latest("history_date")
    assert (removal.history_type, removal.history_user) == ("-", world.teammate)


# ---- pages -------------------------------------------------------------------------------


def test_pages_follow_next_links_in_few_queries(
    world: World, known: Known, api_as, django_assert_max_num_queries
) -> None:
    for n in range(60):
        RelationshipFactory(
            contact=ContactFactory(account=world.account, name=f"同事{n}"), user=world.teammate
        )
    api = api_as(world.manager)
    seen: list[int] = []
    url = "/api/v1/relationships?limit=25"
    while url:
        # session, user, the relationships with their contacts and our people
        with django_assert_max_num_queries(3):
            page = api.get(url).json()
        seen += [item["id"] for item in page["items"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == 61
