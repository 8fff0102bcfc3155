"""The Map tab: who sees it, what the drawing and the table show, the panel, the insights,
and a bounded number of queries however big the account."""

from __future__ import annotations

import re
import statistics
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from guanxi.stakeholders import drawings, kept
from guanxi.stakeholders.models import ContactLink, Mitigation, VestedInterest
from guanxi.stakeholders.pulse import AccountPulse, MapChange
from guanxi.stakeholders.services import contact_update, vested_interest_update
from guanxi.web.map_pulse import pulse_items
from tests.conftest import World
from tests.factories import AccountFactory
from tests.web.conftest import INTEREST_TEXT, SENSITIVE_NOTE, Filled, client_for, has_inline_style
from tests.web.map_world import grow_map

HTMX = {"HX-Request": "true"}


def map_body(client: Client, account_id: int, **params: str) -> tuple[int, str]:
    response = client.get(reverse("account-map", args=[account_id]), params)
    return response.status_code, response.content.decode()


def test_the_map_draws_everyone_with_their_stance_and_links(filled: Filled) -> None:
    world = filled.world
    status, body = map_body(client_for(world.owner), world.account.pk)
    assert status == 200
    svg = body[body.index('<svg xmlns="http://www.w3.org/2000/svg" class="relationship-map"') :]
    svg = svg[: svg.index("</svg>")]
    assert 'role="group"' in svg and "aria-labelledby=" in svg
    assert "<title id=" in svg and "<desc id=" in svg
    for person in (filled.boss, filled.buyer, filled.engineer):
        assert f'data-contact="{person.pk}"' in svg
        assert f'href="{reverse("contact", args=[person.pk])}"' in svg
        assert f'hx-get="{reverse("contact-panel", args=[person.pk])}"' in svg
    assert "Stance: Opponent (\u22122)" in svg  # the buyer, in words as well as colour
    assert ">\u22122</text>" in svg and ">+2</text>" in svg
    assert 'class="map-edges edges-ties' in svg and ">alumni</text>" in svg
    assert "Our best relationship: Credible source (3 of 5)" in svg  # the boss
    assert not has_inline_style(body)
    assert 'id="map-show-ties"' in body  # the legend filters the lines


@pytest.mark.parametrize(
    ("persona", "sees"),
    [("owner", True), ("teammate", True), ("manager", True), ("executive", True), ("admin", False)],
)
def test_open_interests_show_on_the_map_only_for_the_sensitive_circle(
    filled: Filled, persona: str, sees: bool
) -> None:
    _, body = map_body(client_for(getattr(filled.world, persona)), filled.world.account.pk)
    assert ("1 open vested interest" in body) is sees
    assert (">!1</text>" in body) is sees
    assert ("Open vested interests" in body) is sees  # not even the legend says they exist
    assert INTEREST_TEXT not in body
    assert SENSITIVE_NOTE not in body


@pytest.mark.parametrize("persona", ["outsider", "other_manager"])
def test_outsiders_get_404_on_every_map_url(filled: Filled, persona: str) -> None:
    client = client_for(getattr(filled.world, persona))
    urls = [
        reverse("account-map", args=[filled.world.account.pk]),
        reverse("account-map-insights", args=[filled.world.account.pk]),
        reverse("account-map-pulse", args=[filled.world.account.pk]),
        reverse("account-map-ties", args=[filled.world.account.pk]),
        reverse("contact-panel", args=[filled.buyer.pk]),
    ]
    for url in urls:
        response = client.get(url, headers=HTMX)
        assert response.status_code == 404, url
        assert filled.buyer.name not in response.content.decode()


def test_the_table_shows_the_same_people_for_screen_readers(filled: Filled) -> None:
    world = filled.world
    status, body = map_body(client_for(world.owner), world.account.pk, view="table")
    assert status == 200
    assert "<svg" not in body.split('id="map-table"')[1].split("</table>")[0]
    table = body[body.index('id="map-table"') :]
    assert table.index(filled.boss.name) < table.index(filled.buyer.name)  # boss first
    assert "\u22122 Opponent" in table and "+2 Champion" in table
    assert "Gatekeeper" in table
    assert "Credible source (3/5)" in table
    assert "→ Alumni (校友): " + filled.buyer.name in table
    assert 'class="map-depth-1"' in table


def test_htmx_gets_only_the_tab(filled: Filled) -> None:
    world = filled.world
    response = client_for(world.owner).get(
        reverse("account-map", args=[world.account.pk]), headers=HTMX
    )
    body = response.content.decode()
    assert "<html" not in body and "<svg" in body
    assert 'id="tab-map"' in body and 'hx-swap-oob="true"' in body


def test_an_empty_account_says_what_to_map(world: World) -> None:
    account = AccountFactory(owner=world.owner)
    status, body = map_body(client_for(world.owner), account.pk)
    assert status == 200
    assert "Nobody mapped yet" in body and 'class="relationship-map"' not in body


def test_the_panel_shows_a_person_and_their_interests_to_the_circle(filled: Filled) -> None:
    world = filled.world
    url = reverse("contact-panel", args=[filled.buyer.pk])
    body = client_for(world.teammate).get(url, headers=HTMX).content.decode()
    assert "<html" not in body
    assert 'id="map-panel-title"' in body and filled.buyer.name in body
    assert 'id="panel-interests"' in body
    body = client_for(world.admin).get(url, headers=HTMX).content.decode()
    assert filled.buyer.name in body and 'id="panel-interests"' not in body
    response = client_for(world.owner).get(url)  # no JavaScript: their page instead
    assert response.status_code == 302
    assert response["Location"] == reverse("contact", args=[filled.buyer.pk])


def _insight_codes(client: Client, account_id: int) -> list[str]:
    url = reverse("account-map-insights", args=[account_id])
    body = client.get(url, headers=HTMX).content.decode()
    assert "<html" not in body
    return re.findall(r'data-code="([a-z_]+)"', body)


def test_insights_name_an_opponent_without_a_plan_until_a_mitigation_is_set(
    filled: Filled,
) -> None:
    world = filled.world
    owner = client_for(world.owner)
    assert "influential_opponent" in _insight_codes(owner, world.account.pk)
    assert "influential_opponent" not in _insight_codes(client_for(world.admin), world.account.pk)
    interest = VestedInterest.objects.get(contact=filled.buyer)
    vested_interest_update(
        actor=world.owner, interest=interest, mitigation=Mitigation.ALLY_SPEAKS, ally=filled.boss
    )
    assert "influential_opponent" not in _insight_codes(owner, world.account.pk)


def test_insights_without_javascript_are_a_page_of_their_own(filled: Filled) -> None:
    world = filled.world
    response = client_for(world.owner).get(reverse("account-map-insights", args=[world.account.pk]))
    body = response.content.decode()
    assert response.status_code == 200 and "<html" in body and 'id="map-insights"' in body


def test_the_map_page_costs_the_same_queries_for_two_hundred_people(filled: Filled) -> None:
    world = filled.world
    client = client_for(world.owner)
    with CaptureQueriesContext(connection) as small:
        assert map_body(client, world.account.pk)[0] == 200
    grow_map(world.account, people=200, links=1000, ours=world.owner)
    with CaptureQueriesContext(connection) as big:
        status, body = map_body(client, world.account.pk)
    assert status == 200
    assert body.count('<a class="map-node') == 203
    assert len(big) == len(small), [q["sql"][:80] for q in big.captured_queries]
    assert len(big) <= 5
    with CaptureQueriesContext(connection) as table:
        assert map_body(client, world.account.pk, view="table")[0] == 200
    assert len(table) <= 5


def test_the_map_of_two_hundred_people_renders_fast(filled: Filled) -> None:
    """Not a benchmark (see benchmarks/account_pages.py): a guard against a tenfold slowdown."""
    world = filled.world
    grow_map(world.account, people=200, links=1000, ours=world.owner)
    client = client_for(world.owner)
    map_body(client, world.account.pk)
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        map_body(client, world.account.pk)
        timings.append(time.perf_counter() - started)
    assert statistics.median(timings) < 0.5, timings


def test_a_change_shows_at_once_although_the_drawing_is_kept(filled: Filled) -> None:
    world = filled.world
    client = client_for(world.owner)
    _, before = map_body(client, world.account.pk)
    assert before.count("Stance: Opponent") == 1
    contact_update(actor=world.owner, contact=filled.engineer, stance=-2)
    _, after = map_body(client, world.account.pk)
    assert after.count("Stance: Opponent") == 2
    _, admin = map_body(client_for(world.admin), world.account.pk)
    assert "open vested interest" not in admin  # kept drawings are not shared across rights


def _drawn(body: str) -> str:
    """The drawing, or the table's rows."""
    if 'id="map-table"' in body:
        return body[body.index("<tbody>") : body.index("</tbody>")]
    start = body.index('<svg xmlns="http://www.w3.org/2000/svg" class="relationship-map"')
    return body[start : body.index("</svg>", start)]


@pytest.mark.parametrize("view", ["map", "table"])
@pytest.mark.parametrize("change", ["stance", "name", "influence", "boss", "link"])
def test_what_is_made_from_kept_parts_is_what_is_made_afresh(
    filled: Filled, change: str, view: str
) -> None:
    world = filled.world
    grow_map(world.account, people=40, links=120, ours=world.owner)
    client = client_for(world.owner)
    map_body(client, world.account.pk, view=view)  # keeps it, its places and its lines
    if change == "stance":
        contact_update(actor=world.owner, contact=filled.engineer, stance=2)
    elif change == "name":  # the lines' titles and the table's links say the names
        contact_update(actor=world.owner, contact=filled.buyer, name="王采购")
    elif change == "influence":  # a card's size: everyone may move
        contact_update(actor=world.owner, contact=filled.engineer, influence=1)
    elif change == "boss":  # moved in the chart: the cards kept, drawn where they now stand
        contact_update(actor=world.owner, contact=filled.engineer, reports_to=filled.buyer)
    else:
        ContactLink.objects.create(
            account=world.account, from_contact=filled.engineer, to_contact=filled.boss,
            kind="influence", strength=4,
        )  # fmt: skip
    _, served = map_body(client, world.account.pk, view=view)
    kept.clear()
    drawings.forget_all()
    _, fresh = map_body(client, world.account.pk, view=view)
    assert _drawn(served) == _drawn(fresh)
    assert ("王采购" in _drawn(served)) is (change == "name")


@pytest.mark.parametrize(("door", "ceiling"), [("account-map-insights", 12), ("contact-panel", 10)])
def test_the_panel_and_the_insights_cost_the_same_queries_for_two_hundred_people(
    world: World, door: str, ceiling: int
) -> None:
    client = client_for(world.owner)
    counts = []
    for people, links in ((5, 8), (200, 1000)):
        account = AccountFactory(owner=world.owner)
        grow_map(account, people=people, links=links, ours=world.owner)
        busiest = (
            account.contacts.annotate(
                links=Count("links_out", distinct=True) + Count("links_in", distinct=True)
            )
            .order_by("-links")
            .first()
        )
        assert busiest is not None
        pk = account.pk if door == "account-map-insights" else busiest.pk
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(door, args=[pk]), headers=HTMX)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[1] <= ceiling, counts


def test_the_pulse_says_each_kind_of_change_in_words_with_names_escaped() -> None:
    on = date(2026, 3, 9)
    changes = [
        MapChange(on, "added", 1, "<b>罗嘉欣</b>", "王销售"),
        MapChange(on, "removed", 2, "李工", "王销售"),
        MapChange(on, "left", 3, "张伟", "王销售"),
        MapChange(on, "stance", 4, "陈总", "王销售", "Neutral", "Sceptic"),
        MapChange(on, "influence", 4, "陈总", "<i>x</i>", "3", "5"),
        MapChange(on, "link_added", 1, "罗嘉欣", "王销售", other_name="陈总", link_kind="hometown"),
        MapChange(on, "link_removed", 1, "罗嘉欣", "王销售", other_name="陈总", link_kind="alumni"),
    ]
    with translation.override("en"):
        html = pulse_items(AccountPulse(90, changes))
    items = html.split("</li>")
    assert '<time class="text-body-secondary small" datetime="2026-03-09">03-09</time>' in items[0]
    assert "&lt;b&gt;罗嘉欣&lt;/b&gt; added to the map" in items[0] and "<b>" not in html
    assert "李工 removed from the map" in items[1] and 'class="bi bi-person-x"' in items[1]
    assert "张伟 left the company" in items[2]
    assert "陈总: stance Neutral → Sceptic" in items[3]
    assert "陈总: influence 3 → 5" in items[4] and "· &lt;i&gt;x&lt;/i&gt;" in items[4]
    assert "New link: 罗嘉欣 – 陈总 (Same hometown (老乡))" in items[5]
    assert "Link removed: 罗嘉欣 – 陈总 (Alumni (校友))" in items[6]
    assert html.count('<li class="pulse-') == 7


def test_the_fragments_fetched_after_the_map_cost_the_same_queries_for_two_hundred_people(
    filled: Filled,
) -> None:
    world = filled.world
    client = client_for(world.owner)
    urls = [
        reverse(name, args=[world.account.pk])
        for name in ("account-map-pulse", "account-map-insights", "account-map-ties")
    ]

    def queries() -> list[int]:
        counts = []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url, headers=HTMX).status_code == 200
            counts.append(len(captured))
        return counts

    small = queries()
    grow_map(world.account, people=200, links=1000, ours=world.owner)
    assert queries() == small
    assert small[0] <= 6  # the pulse


@pytest.mark.parametrize("view", ["map", "table"])
def test_a_map_drawn_by_one_worker_is_served_by_another_without_drawing_it(
    filled: Filled, view: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = filled.world
    client = client_for(world.owner)
    _, first = map_body(client, world.account.pk, view=view)
    kept.clear()  # another worker, or this one after a restart: nothing in memory

    def no_drawing(*args: object, **kwargs: object) -> None:
        raise AssertionError("drawn again")

    monkeypatch.setattr("guanxi.web.views.account_map.layout_map", no_drawing)
    _, second = map_body(client, world.account.pk, view=view)
    assert _drawn(second) == _drawn(first)
    # What another viewer may see is drawn for them: the circle's drawing is not theirs.
    with pytest.raises(AssertionError, match="drawn again"):
        map_body(client_for(world.admin), world.account.pk, view=view)


def test_drawings_on_disk_are_named_by_what_they_show_and_go_with_their_account(
    filled: Filled, django_capture_on_commit_callbacks: Any
) -> None:
    from guanxi.accounts.services import account_delete

    world = filled.world
    pk = world.account.pk
    map_body(client_for(world.owner), pk)
    map_body(client_for(world.admin), pk)  # outside the sensitive circle: another drawing
    folder = Path(settings.GUANXI_DRAWINGS)
    assert len(list(folder.glob(f"{pk}/*-svg-*"))) == 2
    assert drawings.digest(("x",), "en") != drawings.digest(("x",), "zh-hans")
    assert drawings.digest(("x",), "en") == drawings.digest(("x",), "en")
    with django_capture_on_commit_callbacks(execute=True):
        account_delete(actor=world.owner, account=world.account)
    assert not (folder / str(pk)).exists()


@pytest.mark.parametrize("view", ["map", "table"])
def test_a_stance_moved_from_opponent_to_sceptic_shows_at_once(filled: Filled, view: str) -> None:
    """CPython hashes −1 like −2 (−1 is its error code): a key made with hash() alone
    would serve the opponent's drawing for the sceptic."""
    world = filled.world
    client = client_for(world.owner)
    contact_update(actor=world.owner, contact=filled.engineer, stance=-2)
    _, before = map_body(client, world.account.pk, view=view)
    contact_update(actor=world.owner, contact=filled.engineer, stance=-1)
    _, after = map_body(client, world.account.pk, view=view)
    kept.clear()
    drawings.forget_all()
    _, fresh = map_body(client, world.account.pk, view=view)
    assert _drawn(after) == _drawn(fresh)
    assert _drawn(after) != _drawn(before)


def _layer(svg: str, name: str) -> str:
    match = re.search(rf'<g [^>]*data-layer="{name}"[^>]*>(.*?)</g>', svg)
    assert match, name
    return match.group(1)


def test_a_big_map_leaves_its_personal_ties_out_until_they_are_asked_for(filled: Filled) -> None:
    world = filled.world
    grow_map(world.account, people=60, links=400, ours=world.owner)
    ties = ContactLink.objects.filter(
        account=world.account,
        kind__in=["alumni", "hometown", "former_colleague", "family", "friend"],
    ).count()
    client = client_for(world.owner)
    _, body = map_body(client, world.account.pk)
    ties_url = reverse("account-map-ties", args=[world.account.pk])
    assert f'data-ties-url="{ties_url}"' in body
    assert re.search(r'id="map-show-ties"(?![^>]*checked)[^>]*>', body)  # hidden, unticked
    assert _layer(body, "ties") == "" and _layer(body, "tie-labels") == ""
    assert f'href="{reverse("account-map", args=[world.account.pk])}?ties=1"' in body  # no JS

    response = client.get(ties_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    drawn = response.content.decode()
    assert _layer(drawn, "ties").count("<path ") == ties > 0
    assert _layer(drawn, "tie-labels").count("<text ") == ties
    view_box = re.search(r'viewBox="[^"]+"', drawn)
    assert view_box and view_box.group(0) in body  # the map's own coordinates

    _, whole = map_body(client, world.account.pk, ties="1")  # without JavaScript
    assert 'id="map-show-ties" checked' in whole and "data-ties-url" not in whole
    assert _layer(whole, "ties") == _layer(drawn, "ties")
    for other in ("edges-reports", "edges-influence", "edges-conflict"):  # the rest alike
        assert _group(whole, other) == _group(body, other)


def _group(svg: str, name: str) -> str:
    match = re.search(rf'<g class="map-edges {name}"[^>]*>(.*?)</g>', svg)
    assert match, name
    return match.group(1)


def test_a_small_map_draws_its_personal_ties_at_once(filled: Filled) -> None:
    _, body = map_body(client_for(filled.world.owner), filled.world.account.pk)
    assert "data-ties-url" not in body and 'id="map-show-ties" checked' in body
    assert ">alumni</text>" in _layer(body, "tie-labels")


def test_beside_the_map_the_most_pressing_insights_and_a_link_to_all(filled: Filled) -> None:
    world = filled.world
    grow_map(world.account, people=120, links=200, ours=world.owner)
    client = client_for(world.owner)
    url = reverse("account-map-insights", args=[world.account.pk])
    beside = client.get(url, headers=HTMX).content.decode()
    everything = client.get(url).content.decode()
    every_code = re.findall(r'data-code="([a-z_]+)"', everything)
    assert len(every_code) > 12
    assert re.findall(r'data-code="([a-z_]+)"', beside) == every_code[:12]
    assert f"The 12 most pressing of {len(every_code)} insights." in beside
    assert f'href="{url}"' in beside and 'id="map-insights-more"' not in everything
