"""Relationship strength per account (DESIGN.md §4, R2): 0–100, in parts that explain themselves.

Five parts earn points, one costs them; each part's value is 0–1 and brings value × weight:

- known contacts (20): the people we really know (our best level ≥ `Norms.known_level`),
  up to R2.1's target of three;
- role coverage (20): the key buying roles (economic buyer, decision maker, technical
  buyer, user buyer, coach) held by someone we know;
- stance (15): the mean stance of the account's people weighted by their influence,
  −2 … +2 read as 0 … 1;
- decision makers (25): our best level with anyone holding the decision-maker role, of 5;
- freshness (20): how many people we know heard from us within the cadence their influence
  needs (full credit within it, fading to none at twice it), up to the target of three;
- open threats (−30 at most): each open vested interest costs 5, 10 or 15 points by
  severity, half as much while a mitigation is in place.

The score is the sum, kept within 0–100. Every part only grows when a person is added to
the map, so mapping one more supporter never lowers the strength. Vested interests are
sensitive: computed for someone who may not see them, the threats part says "withheld"
instead of leaking their weight through the total.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from enum import StrEnum
from typing import Any

from guanxi.domain.relationships.facts import (
    KEY_ROLES,
    AccountFacts,
    BuyingRole,
    Coverage,
    Norms,
    coverage_of,
    days_between,
    has_plan,
)

ParamValue = int | float | str | tuple[str, ...] | None


class Part(StrEnum):
    KNOWN_CONTACTS = "known_contacts"
    ROLE_COVERAGE = "role_coverage"
    STANCE = "stance"
    DECISION_MAKERS = "decision_makers"
    FRESHNESS = "freshness"
    THREATS = "threats"


@dataclass(frozen=True)
class StrengthWeights:
    known_contacts: float = 20
    role_coverage: float = 20
    stance: float = 15
    decision_makers: float = 25
    freshness: float = 20
    threats: float = 30  # the most open threats can cost
    # Points an open vested interest costs, by severity 1–3; halved while mitigated.
    threat_points: tuple[float, float, float] = (5, 10, 15)
    mitigated_share: float = 0.5

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> StrengthWeights:
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - names)
        if unknown:
            raise ValueError(f"unknown strength setting: {', '.join(unknown)}")
        changes: dict[str, Any] = {}
        for name, value in values.items():
            if name == "threat_points":
                points = tuple(float(v) for v in value)
                if len(points) != 3 or min(points) < 0:
                    raise ValueError("threat_points: three points, for severity 1, 2 and 3")
                changes[name] = points
            else:
                number = float(value)
                if number < 0 or (name == "mitigated_share" and number > 1):
                    raise ValueError(f"{name}: out of range")
                changes[name] = number
        return cls(**changes)


@dataclass(frozen=True, slots=True)
class StrengthPart:
    part: Part
    value: float  # 0–1: how much of the part is achieved (of the penalty, for threats)
    weight: float
    points: float  # value × weight; negative for threats
    reason: str  # `<part>.<state>`, e.g. "known_contacts.below_target"
    params: Mapping[str, ParamValue] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Strength:
    account_id: int
    score: float  # 0–100
    parts: tuple[StrengthPart, ...]
    threats_withheld: bool = False

    def part(self, part: Part) -> StrengthPart:
        return next(p for p in self.parts if p.part == part)


def relationship_strength(
    facts: AccountFacts,
    today: date,
    norms: Norms | None = None,
    weights: StrengthWeights | None = None,
    *,
    interests_visible: bool = True,
) -> Strength:
    """The strength of our relationships in one account, as of `today`."""
    norms = norms or Norms()
    weights = weights or StrengthWeights()
    coverage = coverage_of(facts, norms)
    parts = (
        _known_contacts(coverage, norms, weights.known_contacts),
        _role_coverage(coverage, weights.role_coverage),
        _stance(coverage, weights.stance),
        _decision_makers(coverage, weights.decision_makers),
        _freshness(coverage, norms, today, weights.freshness),
        _threats(coverage, weights) if interests_visible else _withheld(weights.threats),
    )
    total = sum(p.points for p in parts)
    score = round(min(100.0, max(0.0, total)), 2)
    return Strength(facts.account_id, score, parts, threats_withheld=not interests_visible)


def _part(
    part: Part, value: float, weight: float, state: str, **params: ParamValue
) -> StrengthPart:
    value = min(1.0, max(0.0, value))
    sign = -1 if part == Part.THREATS else 1
    points = sign * value * weight + 0.0  # never -0.0
    return StrengthPart(part, value, weight, points, f"{part}.{state}", params)


def _known_contacts(coverage: Coverage, norms: Norms, weight: float) -> StrengthPart:
    known = len(coverage.known_present())
    target = max(1, norms.known_contacts_target)
    state = "on_target" if known >= target else ("none" if known == 0 else "below_target")
    return _part(Part.KNOWN_CONTACTS, known / target, weight, state, known=known, target=target)


def _role_coverage(coverage: Coverage, weight: float) -> StrengthPart:
    known = coverage.known_present()
    covered = [role for role in KEY_ROLES if any(role in c.buying_roles for c in known)]
    missing = tuple(str(role) for role in KEY_ROLES if role not in covered)
    state = "complete" if not missing else ("none" if not covered else "partial")
    value = len(covered) / len(KEY_ROLES)
    return _part(Part.ROLE_COVERAGE, value, weight, state, missing=missing)


def _stance(coverage: Coverage, weight: float) -> StrengthPart:
    people = coverage.present
    if not people:
        return _part(Part.STANCE, 0.0, weight, "no_contacts", mean=None)
    total_influence = sum(c.influence for c in people)
    mean = sum(c.stance * c.influence for c in people) / total_influence
    state = "favourable" if mean >= 0.5 else ("hostile" if mean <= -0.5 else "neutral")
    return _part(Part.STANCE, (mean + 2) / 4, weight, state, mean=round(mean, 2))


def _decision_makers(coverage: Coverage, weight: float) -> StrengthPart:
    deciders = [c for c in coverage.present if BuyingRole.DECISION_MAKER in c.buying_roles]
    if not deciders:
        return _part(Part.DECISION_MAKERS, 0.0, weight, "none_mapped", level=None)
    level = max(coverage.level(c.id) for c in deciders)
    state = "strong" if level >= 4 else ("known" if level >= 2 else "weak")
    return _part(Part.DECISION_MAKERS, level / 5, weight, state, level=level)


def _freshness(coverage: Coverage, norms: Norms, today: date, weight: float) -> StrengthPart:
    credit = 0.0
    fresh = 0
    for contact in coverage.known_present():
        touched = coverage.last_touch.get(contact.id)
        if touched is None:
            continue
        cadence = norms.cadence_for(contact.influence)
        days = days_between(touched, today)
        if days <= cadence:
            fresh += 1
        credit += min(1.0, max(0.0, (2 * cadence - days) / cadence))
    target = max(1, norms.known_contacts_target)
    value = credit / target
    state = "fresh" if value >= 1 else ("fading" if credit > 0 else "stale")
    return _part(Part.FRESHNESS, value, weight, state, fresh=fresh, target=target)


def _threats(coverage: Coverage, weights: StrengthWeights) -> StrengthPart:
    penalty = 0.0
    open_count = mitigated = 0
    for interest in coverage.facts.interests:
        if not interest.is_open:
            continue
        open_count += 1
        points = weights.threat_points[min(3, max(1, interest.severity)) - 1]
        if has_plan(interest, coverage):
            mitigated += 1
            points *= weights.mitigated_share
        penalty += points
    state = "mitigated" if mitigated == open_count else "open"
    if open_count == 0:
        state = "none"
    value = penalty / weights.threats if weights.threats else 0.0
    return _part(Part.THREATS, value, weights.threats, state, open=open_count, mitigated=mitigated)


def _withheld(weight: float) -> StrengthPart:
    return _part(Part.THREATS, 0.0, weight, "withheld")
