"""Hand-written people for the two showcase accounts (METHOD.md R3.4 and R2.5)."""

from __future__ import annotations

from dataclasses import dataclass

from guanxi.demo.ids import Ids
from guanxi.demo.keys import latin, latin_person
from guanxi.demo.places import CITY_BY_NAME
from guanxi.demo.plan import AccountPlan
from guanxi.demo.seeds import Acquaintance, ContactSeed


@dataclass(frozen=True, slots=True)
class Person:
    key: str
    name: str  # "" for a placeholder
    title: str
    department: str
    boss: str | None
    roles: tuple[str, ...]
    influence: int
    stance: int
    orientation: str
    personality: str = ""
    preferences: str = ""
    next_step: str = ""
    personal_notes: str = ""


def showcase_plan(index: int, code: str, name: str, latin_name: str, brand: str, industry: str,
                  city: str, owner_id: int, first_account_id: int) -> AccountPlan:  # fmt: skip
    return AccountPlan(
        index, first_account_id + index, code, name, latin_name, brand, industry,
        CITY_BY_NAME[city], owner_id,
    )  # fmt: skip


def seat_people(people: tuple[Person, ...], ids: Ids, brand: str) -> dict[str, ContactSeed]:
    """ContactSeeds in the given (top-down) order; bosses are named by key."""
    contacts: dict[str, ContactSeed] = {}
    domain = f"{latin(brand).lower()}.com.cn"
    for number, p in enumerate(people):
        surname, given = p.name[:1], p.name[1:]
        full = latin_person(surname, given) if p.name else ""
        contacts[p.key] = ContactSeed(
            id=ids.take("contact"), position=p.key, surname=surname, name=p.name, name_latin=full,
            title=p.title, department=p.department,
            reports_to=contacts[p.boss].id if p.boss else None, roles=p.roles,
            influence=p.influence, stance=p.stance, orientation=p.orientation,
            personality=p.personality, preferences=p.preferences, next_step=p.next_step,
            placeholder=not p.name, personal_notes=p.personal_notes,
            mobile=f"1390200{number:04d}" if p.name else "",
            email=f"{full.split(' ')[-1].lower()}.{full.split(' ')[0].lower()}@{domain}" if p.name else "",
        )  # fmt: skip
    return contacts


def acquaint(
    contacts: dict[str, ContactSeed], known: tuple[tuple[str, int, int, int], ...]
) -> list[Acquaintance]:
    return [
        Acquaintance(contacts[key].id, user, current, target)
        for key, user, current, target in known
    ]
