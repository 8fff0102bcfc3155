"""The map as one SVG string: self-contained, accessible, escaped, the same for a PDF."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.utils import timezone, translation

from guanxi.domain.relationships.layout import MapLink, MapPerson, layout_map
from guanxi.stakeholders.map_svg import NodeLinks, fit, relationship_map_svg, stance_sparkline
from tests.map.builders import company, five, random_links

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    with translation.override("en"):
        yield


def draw(people: list[MapPerson], lines: tuple[MapLink, ...] = (), **kwargs: object) -> str:
    layout = layout_map(people, lines)
    return relationship_map_svg(layout, title="Map of 广州美家", description="Five", **kwargs)  # type: ignore[arg-type]


def test_the_drawing_is_well_formed_and_needs_no_stylesheet() -> None:
    svg = draw(five(), (MapLink(3, 1, "influence"), MapLink(2, 3, "alumni", note="校友")))
    root = ElementTree.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox", "").startswith("0 0 ")
    assert " style=" not in svg and "<style" not in svg and "class=" in svg
    assert root.get("role") == "img"  # no links inside: a picture, for print or PDF
    assert root.find(f"{SVG}title") is not None and root.find(f"{SVG}desc") is not None
    assert "<a " not in svg
    assert 'marker-end="url(#gxmap-arrow)"' in svg


def test_each_person_is_a_focusable_link_to_their_page_and_panel() -> None:
    links = NodeLinks(contact_url=lambda pk: f"/contacts/{pk}/", panel_url=lambda pk: f"/p/{pk}/")
    svg = draw(five(), links=links)
    root = ElementTree.fromstring(svg)
    assert root.get("role") == "group"  # links inside stay reachable
    anchors = root.findall(f".//{SVG}a")
    assert len(anchors) == 5
    first = anchors[0]
    assert first.get("href") == "/contacts/1/" and first.get("hx-get") == "/p/1/"
    assert first.get("hx-target") == "#map-panel"
    title = first.find(f"{SVG}title")
    assert title is not None and title.text is not None
    assert title.text.startswith(
        "陈国华, 总经理, 总经办. Stance: Supporter (+1). Influence 5 of 5."
    )


def test_the_words_follow_the_language_of_each_drawing() -> None:
    """The drawing's words are translated once per process and language, not per drawing:
    one process draws in each language in turn (the background worker does)."""
    assert "Stance: Supporter (+1)" in draw(five())
    with translation.override("zh-hans"):
        chinese = draw(five())
    assert "Stance:" not in chinese and "立场" in chinese
    with translation.override("zh-hant"):
        assert "立場" in draw(five())
    assert "Stance: Supporter (+1)" in draw(five())


def test_stance_is_said_in_a_number_not_only_a_colour() -> None:
    svg = draw(five())
    assert re.findall(r">([+\u2212]?\d)</text>", svg)[:2] == ["+1", "\u22122"]


def test_text_is_escaped_and_long_titles_are_cut() -> None:
    person = MapPerson(1, "<b>王&伟</b>", "董事长兼总经理兼首席执行官兼财务负责人", "总经办")
    svg = draw([person])
    ElementTree.fromstring(svg)  # still well-formed
    assert "<b>" not in svg and "&lt;b&gt;王&amp;伟&lt;/b&gt;" in svg
    assert "…" in svg
    assert fit("采购经理", 200, 12) == "采购经理"
    assert fit("董事长兼总经理兼首席执行官", 60, 12).endswith("…")


def test_badges_and_open_interests_are_drawn_only_when_counted() -> None:
    secret = MapPerson(1, "刘建军", open_interests=2, personality_known=False)
    svg = draw([secret])
    assert ">!2</text>" in svg and "2 open vested interests" in svg and ">?</text>" in svg
    hidden = MapPerson(1, "刘建军", open_interests=0, personality_known=True)
    svg = draw([hidden])
    assert "!" not in re.sub(r"<title.*?</title>", "", svg) and "vested" not in svg


def test_left_and_placeholder_are_marked_in_words() -> None:
    svg = draw([MapPerson(1, "张伟", left=True), MapPerson(2, "", "设计师", placeholder=True)])
    assert 'text-decoration="line-through"' in svg and ">left</text>" in svg
    assert "Has left the company" in svg
    assert 'font-style="italic">设计师</text>' in svg and ">to find</text>" in svg
    assert "A known role whose holder we do not know yet" in svg


def test_two_hundred_people_and_a_thousand_links_draw_quickly_enough_to_test() -> None:
    people = company(size=200)
    svg = draw(people, tuple(random_links(people, 1000)))
    root = ElementTree.fromstring(svg)
    assert len(root.findall(f".//{SVG}g[@data-contact]")) == 200
    assert svg.count("<path data-from=") == 199 + 1000


def test_the_stance_sparkline_steps_through_the_changes() -> None:
    now = timezone.now()
    points = [(now - timedelta(days=60), 1), (now - timedelta(days=10), -1)]
    svg = stance_sparkline(points, until=now, label="Stance over time: Supporter, Sceptic")
    root = ElementTree.fromstring(svg)
    assert root.get("role") == "img" and root.get("aria-label", "").startswith("Stance over time")
    assert len(root.findall(f"{SVG}circle")) == 3  # two changes and today
    assert [t.text for t in root.findall(f"{SVG}text")] == ["+2", "0", "\u22122"]
    assert stance_sparkline([], until=now, label="") == ""
