"""Our side in each account: the account team, and which of our people know whom (R2.1)."""

from __future__ import annotations

from random import Random

from guanxi.accounts.models import AccountRole
from guanxi.demo.roster import Staff
from guanxi.demo.seeds import Acquaintance, ContactSeed

STAGE_INDEX = {"exploratory": 0, "basic": 1, "cooperative": 2, "interdependent": 3, "integrated": 4}
BUYING_DEPARTMENTS = frozenset({"采购部", "招采中心", "物资设备部"})
SUPPORT_ROLES = (AccountRole.SALES, AccountRole.TECHNICAL, AccountRole.SERVICE)


def draw_members(
    rng: Random, staff: Staff, owner_id: int, team: str, group_owner_id: int | None, sponsor: bool
) -> list[tuple[int, str]]:
    members: list[tuple[int, str]] = []
    if group_owner_id is not None and group_owner_id != owner_id:
        members.append((group_owner_id, AccountRole.CO_OWNER))
    if sponsor:
        members.append((staff.executive_id, AccountRole.EXECUTIVE_SPONSOR))
    colleagues = [kam for kam in staff.kam_ids[team] if kam != owner_id and kam != group_owner_id]
    if colleagues and rng.random() < 0.35:
        members.append((rng.choice(colleagues), rng.choice(SUPPORT_ROLES)))
    return members


def draw_acquaintances(
    rng: Random,
    contacts: list[ContactSeed],
    owner_id: int,
    members: list[tuple[int, str]],
    stage: str,
) -> list[Acquaintance]:
    stage_index = STAGE_INDEX[stage]
    named = [c for c in contacts if not c.placeholder]
    known = [c for c in named if rng.random() < _chance(c, stage_index)]
    if not any(c.left_on is None for c in known):
        reachable = [c for c in named if c.left_on is None]
        known.append(
            min(reachable, key=lambda c: (c.department not in BUYING_DEPARTMENTS, -c.influence))
        )
    result = [_acquaintance(rng, c, owner_id, stage_index) for c in known]
    for user_id, role in members:
        result.extend(_member_acquaintances(rng, named, user_id, role, stage_index))
    return result


def _chance(contact: ContactSeed, stage_index: int) -> float:
    chance = 0.3 + 0.11 * stage_index + (0.2 if contact.department in BUYING_DEPARTMENTS else 0.0)
    return min(0.95, chance + 0.1 * (contact.stance > 0))


def _acquaintance(
    rng: Random, contact: ContactSeed, user_id: int, stage_index: int, cap: int = 5
) -> Acquaintance:
    warmth = 0.8 * max(contact.stance, 0) - 0.5 * (contact.stance < 0)
    current = max(1, min(cap, round(rng.gauss(1.2 + 0.6 * stage_index + warmth, 0.8))))
    target = min(5, current + rng.choice((0, 1, 1, 2)))
    if contact.influence >= 4:
        target = max(target, 3)
    return Acquaintance(contact.id, user_id, current, max(target, current))


def _member_acquaintances(
    rng: Random, named: list[ContactSeed], user_id: int, role: str, stage_index: int
) -> list[Acquaintance]:
    if role == AccountRole.EXECUTIVE_SPONSOR:
        reachable = [c for c in named if c.left_on is None]
        top = sorted(reachable, key=lambda c: (c.reports_to is not None, -c.influence))[
            : rng.randint(1, 2)
        ]
        return [_acquaintance(rng, c, user_id, stage_index, cap=4) for c in top]
    picks = rng.sample(named, min(len(named), rng.randint(0, 2)))
    return [_acquaintance(rng, c, user_id, stage_index, cap=3) for c in picks]
