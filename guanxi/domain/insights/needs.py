"""Rules about what we know of the account's needs (R3)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from guanxi.domain.insights.model import Insight, InsightCode, InsightSettings, NextStep, Severity
from guanxi.domain.insights.people import introducer
from guanxi.domain.relationships.facts import (
    DROPPED,
    LONG,
    SHORT,
    Coverage,
    NeedFacts,
    department_key,
)


def needs_balance(coverage: Coverage, settings: InsightSettings, today: date) -> Iterator[Insight]:
    """R3.3: the KAM balances short- and long-term needs, so both must be known."""
    account_id = coverage.facts.account_id
    known = [n for n in coverage.facts.needs if n.status != DROPPED]
    horizons = {n.horizon for n in known}
    if not known:
        yield Insight(
            InsightCode.NEEDS_UNKNOWN, Severity.MEDIUM, account_id, NextStep.DISCOVER_NEEDS
        )
    elif horizons == {SHORT}:
        yield Insight(
            InsightCode.ONLY_SHORT_TERM_NEEDS,
            Severity.MEDIUM,
            account_id,
            NextStep.EXPLORE_LONG_TERM,
            need_ids=_ids(known),
        )
    elif horizons == {LONG}:
        yield Insight(
            InsightCode.ONLY_LONG_TERM_NEEDS,
            Severity.MEDIUM,
            account_id,
            NextStep.EXPLORE_SHORT_TERM,
            need_ids=_ids(known),
        )


def need_departments(
    coverage: Coverage, settings: InsightSettings, today: date
) -> Iterator[Insight]:
    """R3.4: a need is owned by a department where we know nobody: the door is not purchasing."""
    by_department: dict[str, list[NeedFacts]] = {}
    for need in coverage.facts.needs:
        if need.is_open and department_key(need.owning_department):
            by_department.setdefault(department_key(need.owning_department), []).append(need)
    for key, needs in sorted(by_department.items()):
        people = [c for c in coverage.present if department_key(c.department) == key]
        if any(coverage.knows(c.id) for c in people):
            continue
        via = introducer(coverage, {c.id for c in people})
        top = max(n.importance for n in needs)
        yield Insight(
            InsightCode.NEED_DEPARTMENT_UNKNOWN,
            Severity.HIGH if top >= 5 else Severity.MEDIUM,
            coverage.facts.account_id,
            NextStep.ASK_INTRODUCTION if via else NextStep.MEET_DEPARTMENT,
            contact_ids=tuple(c.id for c in people),
            need_ids=_ids(needs),
            params={"department": needs[0].owning_department.strip(), "introducer_id": via},
        )


def _ids(needs: list[NeedFacts]) -> tuple[int, ...]:
    ranked = sorted(needs, key=lambda n: (-n.importance, n.id))
    return tuple(n.id for n in ranked)
