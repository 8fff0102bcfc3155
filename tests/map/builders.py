"""People and links for map tests: a small account, and a realistic company of two hundred."""

from __future__ import annotations

import random

from guanxi.domain.relationships.layout import MapLink, MapPerson

DEPARTMENTS = ("采购部", "技术部", "生产部", "财务部", "销售部", "市场部", "设计部", "品质部")
KINDS = ("influence", "conflict", "alumni", "hometown", "friend", "family", "former_colleague")


def five() -> list[MapPerson]:
    """A general manager, two directors, and two people under the first director."""
    return [
        MapPerson(1, "陈国华", "总经理", "总经办", None, influence=5, stance=1),
        MapPerson(2, "梁志强", "采购总监", "采购部", 1, influence=4, stance=-2),
        MapPerson(3, "苏文博", "设计总监", "设计部", 1, influence=3),
        MapPerson(4, "何丽华", "采购经理", "采购部", 2, influence=2),
        MapPerson(5, "吴婷婷", "采购专员", "采购部", 2, influence=1),
    ]


def company(seed: int = 7, size: int = 200) -> list[MapPerson]:
    """A general manager, eight directors, three or four managers each, and their staff."""
    rng = random.Random(seed)
    people = [MapPerson(1, "总经理", "总经理", "总经办", None, influence=5)]
    next_id = 2
    for department in DEPARTMENTS:
        director = next_id
        people.append(MapPerson(director, f"总监{director}", "总监", department, 1, influence=4))
        next_id += 1
        for _ in range(rng.randint(3, 4)):
            manager = next_id
            people.append(MapPerson(manager, f"经理{manager}", "经理", department, director))
            next_id += 1
            for _ in range(rng.randint(4, 7)):
                people.append(
                    MapPerson(next_id, f"专员{next_id}", "专员", department, manager, influence=1)
                )
                next_id += 1
    while next_id <= size:  # the rest report to the general manager directly
        people.append(MapPerson(next_id, f"助理{next_id}", "助理", "总经办", 1, influence=2))
        next_id += 1
    return people[:size]


def random_links(people: list[MapPerson], count: int, seed: int = 3) -> list[MapLink]:
    rng = random.Random(seed)
    ids = [p.id for p in people]
    chosen: set[tuple[int, int, str]] = set()
    while len(chosen) < count:
        first, second = rng.sample(ids, 2)
        chosen.add((first, second, rng.choice(KINDS)))
    return [MapLink(a, b, kind, rng.randint(1, 5)) for a, b, kind in sorted(chosen)]
