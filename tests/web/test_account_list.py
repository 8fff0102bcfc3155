"""The account list: only what you may see, found by Chinese, pinyin, initials or code."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from guanxi.users.models import User
from tests.conftest import World
from tests.factories import AccountFactory
from tests.web.conftest import client_for


def list_body(client: Client, **params: str) -> str:
    response = client.get(reverse("accounts"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_owner_and_teammate_see_their_account(world: World) -> None:
    for user in (world.owner, world.teammate, world.manager, world.executive, world.admin):
        assert world.account.name in list_body(client_for(user)), user.username


def test_outsider_and_other_managers_do_not(world: World) -> None:
    for user in (world.outsider, world.other_manager):
        assert world.account.name not in list_body(client_for(user)), user.username


def test_each_account_links_to_its_page(world: World) -> None:
    body = list_body(client_for(world.owner))
    assert (
        f'id="account-{world.account.pk}" href="{reverse("account", args=[world.account.pk])}"'
        in body
    )


def test_search_matches_chinese_full_pinyin_initials_and_customer_code(world: World) -> None:
    AccountFactory(name="张伟建材商行", customer_code="HB0042", owner=world.owner)
    client = client_for(world.owner)
    for query in ("张伟", "zhangwei", "ZhangWei", "zw", "HB0042", "hb00"):
        body = list_body(client, q=query)
        assert "张伟建材商行" in body, query
        assert world.account.name not in body, query
    assert "张伟建材商行" not in list_body(client, q="GZ0001")


def test_search_never_reaches_outside_what_the_user_sees(world: World) -> None:
    AccountFactory(name="张伟建材商行", customer_code="HB0042", owner=world.outsider)
    assert "张伟建材商行" not in list_body(client_for(world.owner), q="zw")


def test_live_search_gets_only_the_results_fragment(world: World) -> None:
    response = client_for(world.owner).get(
        reverse("accounts"), {"q": "gzmj"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert world.account.name in body
    assert "<html" not in body
    assert 'id="account-search"' not in body
    assert "HX-Request" in response["Vary"]


def test_the_search_box_is_wired_for_live_search(world: World) -> None:
    body = list_body(client_for(world.owner))
    search = body[body.index('id="account-search"') - 600 : body.index('id="account-search"') + 300]
    assert 'name="q"' in search
    assert 'hx-trigger="input changed delay:300ms, search"' in search
    assert 'hx-push-url="true"' in body


def test_filters_by_tier_industry_and_owner(world: World) -> None:
    AccountFactory(name="甲级客户", owner=world.owner, tier="A", industry="hotel")
    AccountFactory(name="乙级客户", owner=world.teammate, tier="B", industry="hotel")
    client = client_for(world.manager)
    body = list_body(client, tier="A")
    assert "甲级客户" in body and "乙级客户" not in body
    body = list_body(client, industry="hotel")
    assert "甲级客户" in body and "乙级客户" in body and world.account.name not in body
    body = list_body(client, owner=str(world.teammate.pk))
    assert "乙级客户" in body and "甲级客户" not in body
    assert "甲级客户" in list_body(client, owner="garbage")


def test_the_owner_filter_offers_visible_owners_only(world: World) -> None:
    AccountFactory(owner=world.outsider)
    stranger = User.objects.get(pk=world.outsider.pk)
    body = list_body(client_for(world.owner))
    assert f'<option value="{world.owner.pk}">' in body
    assert f'<option value="{stranger.pk}">' not in body


def test_sorting_by_a_column_header_sets_aria_sort(world: World) -> None:
    AccountFactory(name="阿里家具", customer_code="Z9", owner=world.owner)
    client = client_for(world.owner)
    body = list_body(client, sort="code")
    assert body.index(world.account.name) < body.index("阿里家具")
    assert 'aria-sort="ascending"' in body
    assert "sort=-code" in body  # clicking again reverses
    body = list_body(client, sort="-code")
    assert body.index("阿里家具") < body.index(world.account.name)
    assert 'aria-sort="descending"' in body
    body = list_body(client, sort="name")
    assert body.index("阿里家具") < body.index(world.account.name)  # by pinyin: a… before g…
    assert list_body(client, sort="nonsense")  # falls back to name


def test_pagination_without_counting(world: World) -> None:
    AccountFactory.create_batch(55, owner=world.owner, industry="hotel")
    client = client_for(world.owner)
    with CaptureQueriesContext(connection) as queries:
        body = list_body(client, industry="hotel")
    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
    assert body.count('class="account-link') == 50
    assert 'id="page-next"' in body
    assert "industry=hotel" in body[body.index('id="page-next"') :]
    assert 'id="page-previous"' not in body
    body = list_body(client, industry="hotel", page="2")
    assert body.count('class="account-link') == 5
    assert 'id="page-next"' not in body
    assert 'id="page-previous"' in body
    assert list_body(client, page="999")  # past the end: an empty page, not an error
    assert list_body(client, page="x")


def test_the_list_costs_the_same_few_queries_for_5_or_50_rows(world: World) -> None:
    client = client_for(world.owner)
    counts = []
    for batch in (4, 50):
        AccountFactory.create_batch(batch, owner=world.owner)
        with CaptureQueriesContext(connection) as queries:
            list_body(client)
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[1] <= 6


def test_new_account_button_only_for_those_who_may_create(world: World) -> None:
    assert 'id="account-create"' in list_body(client_for(world.owner))
    assert 'id="account-create"' not in list_body(client_for(world.executive))
