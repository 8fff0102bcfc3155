"""The account page and its tabs: who sees what, fragments for htmx, bounded queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from guanxi.stakeholders import drawings, kept
from guanxi.users.models import User
from tests.conftest import World
from tests.factories import AccountFactory, ActivityFactory, ContactFactory, NeedFactory
from tests.web.conftest import INTEREST_TEXT, SENSITIVE_NOTE, Filled, client_for
from tests.web.map_world import grow_map

TABS = ["account", "account-map", "account-contacts", "account-activities", "account-needs"]


def get(client: Client, name: str, account_id: int, **headers: str) -> tuple[int, str]:
    response = client.get(reverse(name, args=[account_id]), headers=headers)
    return response.status_code, response.content.decode()


@pytest.mark.parametrize("tab", TABS)
def test_the_account_team_and_readers_above_them_see_every_tab(filled: Filled, tab: str) -> None:
    world = filled.world
    for user in (world.owner, world.teammate, world.manager, world.executive, world.admin):
        status, body = get(client_for(user), tab, world.account.pk)
        assert status == 200, user.username
        assert f'<h1 class="h3 mb-1">{world.account.name}</h1>' in body, user.username


@pytest.mark.parametrize("tab", TABS)
def test_outsiders_get_404_and_never_the_data(filled: Filled, tab: str) -> None:
    world = filled.world
    for user in (world.outsider, world.other_manager):
        status, body = get(client_for(user), tab, world.account.pk)
        assert status == 404, user.username
        assert world.account.name not in body
        assert filled.boss.name not in body


@pytest.mark.parametrize("tab", TABS)
def test_htmx_swaps_only_the_tab(filled: Filled, tab: str) -> None:
    world = filled.world
    status, body = get(client_for(world.owner), tab, world.account.pk, **{"HX-Request": "true"})
    assert status == 200
    assert "<html" not in body
    assert 'class="account-tabs' in body
    assert 'aria-current="page"' in body
    assert 'hx-swap-oob="true"' in body  # the breadcrumbs follow the tab


def test_the_active_tab_is_marked(filled: Filled) -> None:
    world = filled.world
    _, body = get(client_for(world.owner), "account-needs", world.account.pk)
    assert 'class="nav-link text-nowrap active" aria-current="page" id="tab-needs"' in body


def test_edit_buttons_for_editors_only(filled: Filled) -> None:
    world = filled.world
    for user in (world.owner, world.teammate, world.manager, world.admin):
        _, body = get(client_for(user), "account", world.account.pk)
        assert 'id="account-edit"' in body, user.username
    _, body = get(client_for(world.executive), "account", world.account.pk)
    assert 'id="account-edit"' not in body
    for tab, button in [
        ("account-contacts", "contact-create"),
        ("account-activities", "activity-create"),
        ("account-needs", "need-create"),
    ]:
        _, body = get(client_for(world.executive), tab, world.account.pk)
        assert f'id="{button}"' not in body
        _, body = get(client_for(world.owner), tab, world.account.pk)
        assert f'id="{button}"' in body


def test_overview_shows_the_key_facts_and_the_team(filled: Filled) -> None:
    world = filled.world
    account = world.account
    account.region = "广州"
    account.estimated_category_spend = 1234567
    account.payment_terms_days = 60
    account.save()
    _, body = get(client_for(world.owner), "account", account.pk)
    for text in ("GZ0001", "广州", "¥1,234,567", str(world.owner), str(world.teammate)):
        assert text in body
    assert "Technical support" in body


def test_overview_links_visible_parents_and_subsidiaries_only(filled: Filled) -> None:
    world = filled.world
    account = world.account
    hidden_parent = AccountFactory(name="看不见的集团", owner=world.outsider)
    account.parent = hidden_parent
    account.save()
    AccountFactory(name="美家东莞分厂", owner=world.owner, parent=account)
    AccountFactory(name="别人的分厂", owner=world.outsider, parent=account)
    _, body = get(client_for(world.owner), "account", account.pk)
    assert "看不见的集团" not in body
    assert "美家东莞分厂" in body
    assert "别人的分厂" not in body
    _, body = get(client_for(world.executive), "account", account.pk)
    assert "看不见的集团" in body


def test_contacts_tab_shows_stance_in_words_and_roles(filled: Filled) -> None:
    world = filled.world
    _, body = get(client_for(world.owner), "account-contacts", world.account.pk)
    assert "stance-opponent" in body and "Opponent" in body
    assert "stance-champion" in body and "Champion" in body
    assert "Gatekeeper" in body and "Economic buyer" in body
    assert filled.boss.name in body  # as the buyer's boss


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("owner", True),
        ("teammate", True),
        ("manager", True),
        ("executive", True),
        ("admin", False),
    ],
)
def test_personal_notes_only_for_the_sensitive_circle(
    filled: Filled, persona: str, sees: bool
) -> None:
    user: User = getattr(filled.world, persona)
    _, body = get(client_for(user), "account-contacts", filled.world.account.pk)
    assert (SENSITIVE_NOTE in body) is sees


def test_activities_tab_lists_who_met_whom(filled: Filled) -> None:
    world = filled.world
    _, body = get(client_for(world.owner), "account-activities", world.account.pk)
    assert "工厂参观" in body
    assert str(world.teammate) in body
    assert filled.boss.name in body


def test_needs_tab_groups_short_and_long_term(filled: Filled) -> None:
    world = filled.world
    _, body = get(client_for(world.owner), "account-needs", world.account.pk)
    assert body.index("Short-term") < body.index("降低五金采购成本")
    assert body.index("Long-term") < body.index("向高端市场转型")
    assert body.index("降低五金采购成本") < body.index("Long-term")


def test_activities_page_without_counting(filled: Filled) -> None:
    world = filled.world
    ActivityFactory.create_batch(35, account=world.account)
    client = client_for(world.owner)
    with CaptureQueriesContext(connection) as queries:
        _, body = get(client, "account-activities", world.account.pk)
    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
    assert 'id="page-next"' in body
    response = client.get(reverse("account-activities", args=[world.account.pk]), {"page": 2})
    assert 'id="page-previous"' in response.content.decode()


def _grow(filled: Filled, n: int) -> None:
    world = filled.world
    contacts = ContactFactory.create_batch(n, account=world.account)
    for contact in contacts:
        contact.reports_to = filled.boss
        contact.save()
    for _ in range(n):
        activity = ActivityFactory(account=world.account)
        activity.participants.set([world.owner, world.teammate])
        activity.contacts_met.set(contacts[:3])
        NeedFactory(account=world.account)
    AccountFactory(owner=world.owner, parent=world.account)


@pytest.mark.parametrize(
    ("tab", "ceiling"),
    [
        ("account", 14),
        ("account-contacts", 11),  # the people, and the links, relationships, interests, practices
        ("account-activities", 10),
        ("account-needs", 8),
    ],
)
def test_each_tab_costs_a_bounded_number_of_queries(filled: Filled, tab: str, ceiling: int) -> None:
    client = client_for(filled.world.owner)
    counts = []
    for n in (1, 20):
        _grow(filled, n)
        with CaptureQueriesContext(connection) as queries:
            status, _ = get(client, tab, filled.world.account.pk)
        assert status == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[1] <= ceiling, counts


def test_interest_text_is_only_on_the_contacts_tab_and_only_for_the_circle(
    filled: Filled,
) -> None:
    world = filled.world
    for tab in TABS:
        _, body = get(client_for(world.owner), tab, world.account.pk)
        assert (INTEREST_TEXT in body) is (tab == "account-contacts"), tab
        _, body = get(client_for(world.admin), tab, world.account.pk)
        assert INTEREST_TEXT not in body, tab


@pytest.mark.parametrize(
    ("tab", "params", "ceiling"),
    [
        ("account", {}, 11),
        ("account-map", {}, 10),
        ("account-map", {"view": "table"}, 10),
        ("account-contacts", {}, 11),
        ("account-qualification", {}, 9),
        ("account-activities", {}, 6),
        ("account-needs", {}, 6),
    ],
)
def test_each_tab_costs_the_same_queries_for_five_people_as_for_two_hundred(
    world: World, tab: str, params: dict[str, str], ceiling: int
) -> None:
    """With 1,000 links, relationships and vested interests; the map drawn afresh."""
    client = client_for(world.owner)
    counts = []
    for people, links in ((5, 8), (200, 1000)):
        account = AccountFactory(owner=world.owner)
        grow_map(account, people=people, links=links, ours=world.owner)
        url = reverse(tab, args=[account.pk])
        assert client.get(url, params).status_code == 200
        kept.clear()  # nothing kept: the map and its table made afresh
        drawings.forget_all()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, params)
        assert response.status_code == 200
        assert response.content.count(b'class="contact-link"') in {0, people}
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[1] <= ceiling, counts
