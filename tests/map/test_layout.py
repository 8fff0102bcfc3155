"""The map's layout: a tidy tree by reports-to, readable with five people and with two hundred."""

from __future__ import annotations

import random
from itertools import combinations

from guanxi.domain.relationships.curves import ROUTED_UP_TO
from guanxi.domain.relationships.layout import (
    PERSONAL_TIES,
    REPORTS_TO,
    Badge,
    Box,
    LayoutSettings,
    MapLayout,
    MapLink,
    MapPerson,
    layout_inputs,
    layout_map,
    with_people,
)
from tests.map.builders import company, five, random_links

SETTINGS = LayoutSettings()


def overlapping(layout: MapLayout) -> list[tuple[int, int]]:
    def apart(a: Box, b: Box) -> bool:
        return (
            a.x + a.width <= b.x
            or b.x + b.width <= a.x
            or a.y + a.height <= b.y
            or b.y + b.height <= a.y
        )

    return [
        (a.person.id, b.person.id)
        for a, b in combinations(layout.nodes, 2)
        if not apart(a.box, b.box)
    ]


def box(layout: MapLayout, person_id: int) -> Box:
    return layout.node(person_id).box


def test_five_people_make_a_tidy_tree_with_each_boss_centred_over_their_team() -> None:
    layout = layout_map(five())
    assert [n.person.id for n in layout.nodes] == [1, 2, 4, 5, 3]  # boss before reports
    assert overlapping(layout) == []
    assert layout.wrapped == frozenset()
    assert box(layout, 1).cy < box(layout, 2).cy == box(layout, 3).cy
    assert box(layout, 2).cy < box(layout, 4).cy == box(layout, 5).cy
    team = (box(layout, 4).cx + box(layout, 5).cx) / 2
    assert abs(box(layout, 2).cx - team) < 1
    reports = [(e.from_id, e.to_id) for e in layout.edges if e.kind == REPORTS_TO]
    assert sorted(reports) == [(1, 2), (1, 3), (2, 4), (2, 5)]
    assert layout.width <= SETTINGS.max_width + 2 * SETTINGS.margin
    assert all(n.box.x >= 0 and n.box.y >= 0 for n in layout.nodes)
    assert all(n.box.x + n.box.width <= layout.width for n in layout.nodes)


def test_the_same_people_in_any_order_give_the_same_picture() -> None:
    people = company(size=120)
    links = random_links(people, 300)
    first = layout_map(people, links)
    shuffled_people, shuffled_links = people[:], links[:]
    random.Random(1).shuffle(shuffled_people)
    random.Random(2).shuffle(shuffled_links)
    assert layout_map(shuffled_people, shuffled_links) == first


def test_a_kept_layout_stays_right_for_anything_but_bosses_influence_and_links() -> None:
    people = company(size=120)
    links = random_links(people, 300)
    kept = layout_map(people, links)
    changed = [
        p._replace(stance=-2, name=p.name + "（新）", our_level=5, personality_known=False)
        if p.id % 3 == 0
        else p
        for p in people
    ]
    assert layout_inputs(changed, links) == layout_inputs(people, links)
    assert with_people(kept, changed) == layout_map(changed, links)
    assert with_people(kept, changed).node(3).person.stance == -2
    assert kept.node(3).person.stance != -2  # what is kept is not changed
    moved = [p._replace(influence=5) if p.id == 7 else p for p in people]
    assert layout_inputs(moved, links) != layout_inputs(people, links)
    assert layout_inputs(people, links[1:]) != layout_inputs(people, links)
    reporting = [p._replace(reports_to_id=1) if p.id == 9 else p for p in people]
    assert people[8].id == 9 and people[8].reports_to_id != 1
    assert layout_inputs(reporting, links) != layout_inputs(people, links)


def test_influence_is_size() -> None:
    layout = layout_map(five())
    assert box(layout, 1).width > box(layout, 3).width > box(layout, 5).width
    assert box(layout, 1).height > box(layout, 5).height


def test_trees_stand_side_by_side_and_people_on_their_own_gather_at_the_end() -> None:
    people = [
        *five(),
        MapPerson(10, "罗嘉欣", "市场总监", reports_to_id=None),
        MapPerson(11, "郑俊杰", "市场经理", reports_to_id=10),
        MapPerson(20, "陈秀英", "财务总监"),
        MapPerson(21, "黄建平", "生产经理"),
    ]
    layout = layout_map(people)
    assert overlapping(layout) == []
    assert box(layout, 10).cy == box(layout, 1).cy  # a second tree beside the first
    assert box(layout, 10).x > box(layout, 2).x
    assert [n.person.id for n in layout.nodes][-2:] == [20, 21]  # the loners, last
    assert all(layout.node(pid).depth == 0 for pid in (1, 10, 20, 21))


def test_a_boss_in_another_account_or_a_reporting_loop_still_places_everyone() -> None:
    people = [
        MapPerson(1, "甲", reports_to_id=999),  # boss not on this map: a root
        MapPerson(2, "乙", reports_to_id=3),
        MapPerson(3, "丙", reports_to_id=4),
        MapPerson(4, "丁", reports_to_id=2),  # 2 → 3 → 4 → 2
        MapPerson(5, "戊", reports_to_id=5),  # their own boss
    ]
    layout = layout_map(people)
    assert sorted(n.person.id for n in layout.nodes) == [1, 2, 3, 4, 5]
    assert overlapping(layout) == []
    reports = {(e.from_id, e.to_id) for e in layout.edges if e.kind == REPORTS_TO}
    assert reports == {(2, 4), (4, 3)}  # the loop is cut at its lowest id


def test_a_chain_of_two_thousand_does_not_overflow_the_stack() -> None:
    people = [
        MapPerson(i, f"人{i}", reports_to_id=i - 1 if i > 1 else None) for i in range(1, 2001)
    ]
    layout = layout_map(people)
    assert layout.node(2000).depth == 1999


def test_two_hundred_people_fit_the_width_with_teams_in_columns_and_rows() -> None:
    people = company(size=200)
    links = random_links(people, 1000)
    layout = layout_map(people, links)
    assert len(layout.nodes) == 200
    assert overlapping(layout) == []
    assert layout.width <= SETTINGS.max_width + 2 * SETTINGS.margin
    assert layout.wrapped  # the general manager's departments wrap into rows
    reports = [e for e in layout.edges if e.kind == REPORTS_TO]
    assert len(reports) == 199
    assert len(layout.edges) == 199 + 1000
    # A manager's staff hang in a column below them, not in one long row.
    manager = next(p for p in people if p.title == "经理")
    staff = [n for n in layout.nodes if n.person.reports_to_id == manager.id]
    assert len({round(n.box.x) for n in staff}) < len(staff)
    assert len({round(n.box.y) for n in staff}) > 1


def test_a_hundred_and_fifty_direct_reports_wrap_into_columns() -> None:
    people = [MapPerson(1, "总经理", influence=5)] + [
        MapPerson(i, f"员工{i}", reports_to_id=1, influence=1) for i in range(2, 152)
    ]
    layout = layout_map(people)
    assert overlapping(layout) == []
    assert layout.width <= SETTINGS.max_width + 2 * SETTINGS.margin
    columns = {round(n.box.x) for n in layout.nodes if n.person.id != 1}
    assert 2 <= len(columns) <= 6


def test_small_teams_stay_in_one_row_when_they_fit() -> None:
    people = [MapPerson(1, "总经理", influence=5)] + [
        MapPerson(i, f"总监{i}", reports_to_id=1) for i in range(2, 8)
    ]
    layout = layout_map(people)
    assert len({n.box.cy for n in layout.nodes if n.person.id != 1}) == 1


def test_links_bend_apart_and_only_personal_ties_carry_a_label() -> None:
    links = [
        MapLink(3, 1, "influence", 4),
        MapLink(3, 1, "alumni", 3, "华南理工大学校友"),
        MapLink(2, 3, "conflict", 2),
        MapLink(2, 2, "friend"),  # to oneself: not drawn
        MapLink(2, 99, "family"),  # to someone not on the map: not drawn
    ]
    layout = layout_map(five(), links)
    drawn = [e for e in layout.edges if e.kind != REPORTS_TO]
    assert [(e.from_id, e.to_id, e.kind) for e in drawn] == [
        (3, 1, "influence"),
        (3, 1, "alumni"),  # pair by pair; within a pair, personal ties last
        (2, 3, "conflict"),
    ]
    assert drawn[0].path != drawn[1].path
    assert drawn[1].label_at is not None and drawn[1].note == "华南理工大学校友"
    assert drawn[0].label_at is None and drawn[2].label_at is None


def test_the_other_lines_stay_where_they_are_whether_the_ties_are_drawn_or_not() -> None:
    links = [
        MapLink(1, 3, "alumni"),
        MapLink(3, 1, "hometown"),
        MapLink(3, 1, "influence", 4),
        MapLink(1, 3, "conflict", 2),
        MapLink(2, 1, "friend"),
        MapLink(1, 2, "influence"),
    ]
    every = layout_map(five(), links)
    without_ties = layout_map(five(), [link for link in links if link.kind not in PERSONAL_TIES])
    ties = [e for e in every.edges if e.kind in PERSONAL_TIES]
    assert len(ties) == 3
    assert [e for e in every.edges if e.kind not in PERSONAL_TIES] == list(without_ties.edges)
    # and each tie bends further than the other lines of its pair, clear of them
    assert len({e.path for e in every.edges}) == len(every.edges)


def test_a_link_ends_on_the_border_of_the_card_it_points_to() -> None:
    layout = layout_map(five(), [MapLink(5, 1, "influence")])
    edge = next(e for e in layout.edges if e.kind == "influence")
    end_x, end_y = (float(v) for v in edge.path.rsplit(" ", 1)[1].split(","))
    target = box(layout, 1)
    on_vertical = abs(end_x - target.x) < 0.2 or abs(end_x - target.x - target.width) < 0.2
    on_horizontal = abs(end_y - target.y) < 0.2 or abs(end_y - target.bottom) < 0.2
    assert on_vertical or on_horizontal


def _curve(path: str) -> tuple[float, ...]:
    """A quadratic curve "Mx,yQcx,cy ex,ey" as its start, control point and end."""
    start, rest = path[1:].split("Q")
    control, end = rest.split(" ")
    return tuple(float(v) for point in (start, control, end) for v in point.split(","))


def _at(path: str, t: float) -> tuple[float, float]:
    """The point of the curve at `t` (0 its start, 1 its end; ½ where it bulges furthest)."""
    sx, sy, cx, cy, ex, ey = _curve(path)
    a, b, c = (1 - t) ** 2, 2 * (1 - t) * t, t * t
    return a * sx + b * cx + c * ex, a * sy + b * cy + c * ey


def test_a_link_between_neighbours_in_a_row_bulges_clear_of_their_cards() -> None:
    """Between two cards side by side, a shallow curve would hide in the gap between them:
    the conflict that matters most, between two colleagues, must show."""
    people = [MapPerson(1, "总经理", influence=5)] + [
        MapPerson(i, f"经理{i}", reports_to_id=1, influence=3 + i % 2) for i in (2, 3, 4)
    ]
    links = [MapLink(2, 3, "conflict", 4), MapLink(4, 3, "influence", 3)]
    layout = layout_map(people, links)
    row = {box(layout, i).cy for i in (2, 3, 4)}
    assert len(row) == 1  # side by side
    for edge in (e for e in layout.edges if e.kind != REPORTS_TO):
        _, y = _at(edge.path, 0.5)
        cards = (box(layout, edge.from_id), box(layout, edge.to_id))
        clear_below = all(y >= card.bottom + 16 for card in cards)
        clear_above = all(y <= card.y - 16 for card in cards)
        assert clear_below or clear_above, (edge.kind, y, cards)


def _behind(layout: MapLayout) -> list[tuple[str, int, int, int]]:
    """Each link, and a card it passes behind (not one of its own two): such a line reads
    as if it ended there."""
    found = []
    for edge in (e for e in layout.edges if e.kind != REPORTS_TO):
        points = [_at(edge.path, i / 40) for i in range(1, 40)]
        for node in layout.nodes:
            card = node.box
            if node.person.id in (edge.from_id, edge.to_id):
                continue
            if any(
                card.x < x < card.x + card.width and card.y < y < card.bottom for x, y in points
            ):
                found.append((edge.kind, edge.from_id, edge.to_id, node.person.id))
    return found


def test_on_a_small_map_a_line_goes_round_the_cards_between_its_two_people() -> None:
    """As in the furniture maker's map: the finance director (at the end of the row) is the
    general manager's sister; her line to him passed behind a colleague's card, and read as
    a tie to that colleague."""
    people = [MapPerson(1, "陈国华", influence=5)] + [
        MapPerson(i, f"总监{i}", reports_to_id=1, influence=4) for i in range(2, 8)
    ]
    links = [
        MapLink(7, 1, "family", 5),
        MapLink(6, 3, "former_colleague", 3),
        MapLink(2, 3, "conflict", 3),
        MapLink(3, 1, "influence", 4),
        MapLink(4, 1, "influence", 4),
        MapLink(2, 5, "influence", 2),
    ]
    layout = layout_map(people, links)
    assert len({box(layout, i).cy for i in range(2, 8)}) == 1  # the directors in one row
    assert _behind(layout) == []


def test_a_tie_s_label_stands_where_no_card_covers_it() -> None:
    """The lines lie under the cards: a label at the middle of a tie that passes behind
    someone else's card would be hidden. A map too big for its lines to be routed round the
    cards (`ROUTED_UP_TO`): a general manager, six directors in a row, their staff below,
    and a tie between each two of the seven at the top."""
    people = [MapPerson(1, "陈国华", influence=5)] + [
        MapPerson(i, f"总监{i}", reports_to_id=1, influence=4) for i in range(2, 8)
    ]
    people += [MapPerson(i, f"专员{i}", reports_to_id=2 + i % 6, influence=1) for i in range(8, 40)]
    assert len(people) > ROUTED_UP_TO
    ties = [MapLink(a, b, "family") for a in range(1, 8) for b in range(a + 1, 8)]
    layout = layout_map(people, ties)
    cards = [node.box for node in layout.nodes]
    labels = [edge.label_at for edge in layout.edges if edge.label_at is not None]
    assert len(labels) == len(ties)

    def covered(x: float, y: float) -> bool:  # a short label: two characters of 10.5 px
        return any(c.x - 11 < x < c.x + c.width + 11 and c.y - 6 < y < c.bottom + 6 for c in cards)

    assert [label for label in labels if covered(*label)] == []


def test_badges_say_what_we_do_not_know_and_what_threatens_us() -> None:
    person = MapPerson(1, "陈国华", personality_known=False, open_interests=2)
    assert person.badges == (Badge.PERSONALITY_UNKNOWN, Badge.OPEN_INTERESTS)
    gone = person._replace(left=True, open_interests=0)
    assert gone.badges == (Badge.LEFT,)  # nobody needs to learn the personality of who left
    unknown = MapPerson(2, "", "设计师", placeholder=True, personality_known=False)
    assert unknown.badges == (Badge.PLACEHOLDER,)
