"""What an insight is, the codes it speaks in, and the thresholds the rules read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum
from typing import Any

from guanxi.domain.relationships.facts import Norms
from guanxi.domain.relationships.strength import StrengthWeights

ParamValue = int | str | tuple[int, ...] | tuple[str, ...] | None


class Severity(StrEnum):
    """Most urgent first."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANKS[self]


class InsightCode(StrEnum):
    SINGLE_THREADED = "single_threaded"  # R2.1
    DECISION_MAKER_UNMAPPED = "decision_maker_unmapped"
    NO_DECISION_MAKER_RELATIONSHIP = "no_decision_maker_relationship"
    INFLUENTIAL_OPPONENT = "influential_opponent"  # R2.3, R2.5, R2.6
    PERSONALITY_UNKNOWN = "personality_unknown"  # R2.4
    KEY_CONTACT_LEFT = "key_contact_left"  # R2.2
    STALE_RELATIONSHIP = "stale_relationship"
    STANCE_DROPPED = "stance_dropped"  # R2.9
    UNFILLED_PLACEHOLDER = "unfilled_placeholder"
    NEEDS_UNKNOWN = "needs_unknown"  # R3.1
    ONLY_SHORT_TERM_NEEDS = "only_short_term_needs"  # R3.3
    ONLY_LONG_TERM_NEEDS = "only_long_term_needs"  # R3.3
    NEED_DEPARTMENT_UNKNOWN = "need_department_unknown"  # R3.4

    @property
    def rank(self) -> int:
        return _CODE_RANKS[self]


# Ranks looked up, not searched for: a portfolio sorts tens of thousands of insights.
_SEVERITY_RANKS = {severity: rank for rank, severity in enumerate(Severity)}
_CODE_RANKS = {code: rank for rank, code in enumerate(InsightCode)}


class NextStep(StrEnum):
    WIDEN_CONTACTS = "widen_contacts"
    MAP_DECISION_MAKER = "map_decision_maker"
    ASK_INTRODUCTION = "ask_introduction"  # params: introducer_id
    MEET_DECISION_MAKER = "meet_decision_maker"
    FIND_OUT_INTEREST = "find_out_interest"
    PLAN_MITIGATION = "plan_mitigation"
    REPLACE_ALLY = "replace_ally"
    PLAN_GETTING_TO_KNOW = "plan_getting_to_know"
    DEEPEN_SUCCESSOR = "deepen_successor"  # params: successor_ids, best first
    MEET_SUCCESSOR = "meet_successor"
    MAP_SUCCESSOR = "map_successor"
    GET_IN_TOUCH = "get_in_touch"
    FIND_OUT_WHY = "find_out_why"
    IDENTIFY_HOLDER = "identify_holder"
    DISCOVER_NEEDS = "discover_needs"
    EXPLORE_LONG_TERM = "explore_long_term"
    EXPLORE_SHORT_TERM = "explore_short_term"
    MEET_DEPARTMENT = "meet_department"


@dataclass(frozen=True, slots=True)
class Insight:
    code: InsightCode
    severity: Severity
    account_id: int
    next_step: NextStep
    contact_ids: tuple[int, ...] = ()  # whom it is about, most important first
    need_ids: tuple[int, ...] = ()
    params: Mapping[str, ParamValue] = field(default_factory=dict)
    # Reveals a vested interest: only for those who may see them (DESIGN.md §8).
    sensitive: bool = False

    def sort_key(self) -> tuple[int, int, int, tuple[int, ...], tuple[int, ...]]:
        return (
            self.severity.rank,
            self.account_id,
            self.code.rank,
            self.contact_ids,
            self.need_ids,
        )


@dataclass(frozen=True)
class InsightSettings:
    """Thresholds of the rules; `from_mapping` reads them from a settings dict."""

    norms: Norms = field(default_factory=Norms)
    strength: StrengthWeights = field(default_factory=StrengthWeights)
    # R2.3: an opponent who matters: this influence or more, this stance or less.
    opponent_influence: int = 4
    opponent_stance: int = -1
    # R2.4: from this influence up we must know someone's personality, or plan to.
    influential: int = 4
    # R2.2: who counts as a key contact when they leave, and how long their leaving is news.
    key_contact_influence: int = 4
    left_within_days: int = 180
    successors_shown: int = 3
    # R2.9: how far back a drop in stance is still news.
    stance_drop_days: int = 90

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> InsightSettings:
        """Settings from a dict such as Django's `GUANXI_INSIGHTS`; unknown keys are errors.

        Keys: those of this class and of `Norms` (e.g. `known_level`, `cadence_days` as
        {influence: days}), and `strength`, a dict of `StrengthWeights`.
        """
        own = {f.name for f in fields(cls)} - {"norms", "strength"}
        norm_names = {f.name for f in fields(Norms)}
        unknown = sorted(set(values) - own - norm_names - {"strength"})
        if unknown:
            raise ValueError(f"unknown insight setting: {', '.join(unknown)}")
        norms = Norms(**{k: _norm(k, v) for k, v in values.items() if k in norm_names})
        strength = StrengthWeights.from_mapping(values.get("strength", {}))
        changes: dict[str, Any] = {k: _count(k, v) for k, v in values.items() if k in own}
        return replace(cls(norms=norms, strength=strength), **changes)


def _count(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name}: a whole number, not {value!r}")
    if value < 0 and name != "opponent_stance":
        raise ValueError(f"{name}: cannot be negative")
    return int(value)


def _norm(name: str, value: Any) -> Any:
    if name == "default_cadence_days" and _count(name, value) == 0:
        raise ValueError("default_cadence_days: days must be positive")
    if name != "cadence_days":
        return _count(name, value)
    pairs = value.items() if isinstance(value, Mapping) else value
    cadence = tuple(sorted((int(influence), _count(name, days)) for influence, days in pairs))
    if any(days <= 0 for _influence, days in cadence):
        raise ValueError("cadence_days: days must be positive")
    return cadence
