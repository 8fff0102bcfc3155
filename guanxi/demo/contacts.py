"""The people in a demo account: an org chart (a tree via reports_to) from an industry template."""

from __future__ import annotations

import string
from datetime import date
from random import Random

from guanxi.demo.constants import DEMO_TODAY
from guanxi.demo.ids import Ids
from guanxi.demo.keys import latin, latin_person, search_keys
from guanxi.demo.names import person_name
from guanxi.demo.people import (
    LEFT_TO,
    NEXT_STEPS,
    ORG_TEMPLATES,
    PERSONAL_NOTES,
    PERSONALITIES,
    PREFERENCES,
    Position,
)
from guanxi.demo.plan import AccountPlan
from guanxi.demo.seeds import ContactSeed
from guanxi.stakeholders.models import BuyingRole, DecisionOrientation

STANCES = (-2, -1, 0, 1, 2)
STANCE_WEIGHTS = (3, 12, 45, 28, 12)
LEFT_SHARE = 0.05
PLACEHOLDER_SHARE = 0.04
ORIENTATIONS = tuple(DecisionOrientation.values)
WECHAT_CHARS = string.ascii_lowercase + string.digits


def draw_contacts(rng: Random, plan: AccountPlan, size: int, ids: Ids) -> list[ContactSeed]:
    template = ORG_TEMPLATES[plan.industry]
    by_key = {position.key: position for position in template}
    holders: dict[str, int] = {}
    contacts: list[ContactSeed] = []
    domain = f"{latin(plan.brand).lower()}.com.cn"
    for position in pick_positions(rng, template, size):
        boss_id = boss_of(position, by_key, holders)
        contact = person(rng, ids.take("contact"), position, boss_id, domain)
        contacts.append(contact)
        holders.setdefault(position.key, contact.id)
        if boss_id is None:
            continue
        if rng.random() < LEFT_SHARE:
            successor = leave(rng, contact, ids, domain, position)
            contacts.append(successor)
            if holders[position.key] == contact.id:
                holders[position.key] = successor.id
        elif position.weight < 1.0 and rng.random() < PLACEHOLDER_SHARE:
            make_placeholder(rng, contact)
    _add_coach(rng, contacts)
    return contacts


def pick_positions(rng: Random, template: tuple[Position, ...], size: int) -> list[Position]:
    """The core positions plus optional ones picked by weight, in template (top-down) order."""
    slots = [(p, n) for p in template for n in range(p.holders)]
    core = [slot for slot in slots if slot[0].weight >= 1.0 and slot[1] == 0]
    optional = [slot for slot in slots if slot not in core]
    optional.sort(key=lambda slot: rng.random() ** (1 / slot[0].weight), reverse=True)
    chosen = set(core + optional[: max(0, size - len(core))])
    return [slot[0] for slot in slots if slot in chosen]


def boss_of(position: Position, by_key: dict[str, Position], holders: dict[str, int]) -> int | None:
    """The holder of the nearest position above that is in the chart."""
    boss_key = position.boss
    while boss_key is not None:
        if boss_key in holders:
            return holders[boss_key]
        boss_key = by_key[boss_key].boss
    return None


def person(
    rng: Random, contact_id: int, position: Position, boss_id: int | None, domain: str
) -> ContactSeed:
    name = person_name(rng)
    full_pinyin = search_keys(name.full)[0]
    latin_name = latin_person(name.surname, name.given)
    if rng.random() < 0.25:
        latin_name = f"{name.english} {latin(name.surname)}"
    contact = ContactSeed(
        id=contact_id, position=position.key, surname=name.surname, name=name.full,
        name_latin=latin_name,
        title=position.title, department=position.department, reports_to=boss_id,
        roles=position.roles, influence=rng.randint(*position.influence),
        stance=rng.choices(STANCES, STANCE_WEIGHTS)[0],
        orientation=position.orientation if rng.random() < 0.75 else rng.choice(ORIENTATIONS),
        mobile=f"1{rng.choice('3589')}{rng.randrange(10**9):09d}" if rng.random() < 0.85 else "",
        email=f"{full_pinyin}@{domain}" if rng.random() < 0.6 else "",
        wechat=_wechat(rng, full_pinyin),
    )  # fmt: skip
    _character(rng, contact)
    return contact


def _wechat(rng: Random, full_pinyin: str) -> str:
    roll = rng.random()
    if roll < 0.35:
        return f"{full_pinyin}{rng.randint(1, 999)}"
    if roll < 0.7:
        return "wxid_" + "".join(rng.choices(WECHAT_CHARS, k=10))
    return ""


def _character(rng: Random, contact: ContactSeed) -> None:
    """Personality and tastes (R2.4): known for some; for influential others, a step to learn them."""
    if rng.random() < 0.45:
        contact.personality = rng.choice(PERSONALITIES)
        contact.preferences = "；".join(rng.sample(PREFERENCES, rng.randint(1, 2)))
    elif contact.influence >= 3 and rng.random() < 0.65:
        contact.next_step = rng.choice(NEXT_STEPS)
    if rng.random() < 0.06:
        contact.personal_notes = rng.choice(PERSONAL_NOTES)


def leave(
    rng: Random, contact: ContactSeed, ids: Ids, domain: str, position: Position
) -> ContactSeed:
    """The contact left the company (R2.2); someone else holds the position now, named or not."""
    contact.left_on = date.fromordinal(DEMO_TODAY.toordinal() - rng.randint(20, 700))
    contact.left_to = rng.choice(LEFT_TO)
    successor = person(rng, ids.take("contact"), position, contact.reports_to, domain)
    if rng.random() < 0.4:
        make_placeholder(rng, successor)
        successor.title = f"新任{position.title}"
    return successor


def make_placeholder(rng: Random, contact: ContactSeed) -> None:
    """A role we know exists but whose holder we do not know yet."""
    contact.placeholder = True
    contact.surname = contact.name = contact.name_latin = ""
    contact.mobile = contact.email = contact.wechat = contact.personal_notes = ""
    contact.personality = contact.preferences = ""
    contact.stance = 0
    contact.next_step = rng.choice(NEXT_STEPS)


def _add_coach(rng: Random, contacts: list[ContactSeed]) -> None:
    friends = [c for c in contacts if c.reachable and c.stance >= 1]
    if friends and rng.random() < 0.6:
        coach = rng.choice(friends)
        coach.roles = (*coach.roles, BuyingRole.COACH)
