"""Insights (alerts): what in an account's map needs doing, each with a next step (DESIGN.md §4).

Every rule reads one account's `AccountFacts` and returns `Insight`s: a code, a severity,
whom and which needs it is about, parameters for the words, and a suggested next-step
code. The rules never read the clock (`today` is an argument) and speak in codes; the
adapters turn codes into words. Insights that reveal a vested interest are `sensitive`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date

from guanxi.domain.insights.model import (
    Insight,
    InsightCode,
    InsightSettings,
    NextStep,
    Severity,
)
from guanxi.domain.insights.needs import need_departments, needs_balance
from guanxi.domain.insights.people import (
    decision_makers,
    influential_opponents,
    key_contacts_left,
    personality_unknown,
    single_threaded,
    stale_relationships,
    stance_dropped,
    unfilled_placeholders,
)
from guanxi.domain.relationships.facts import AccountFacts, Coverage, coverage_of

Rule = Callable[[Coverage, InsightSettings, date], Iterator[Insight]]

RULES: tuple[Rule, ...] = (
    single_threaded,
    decision_makers,
    influential_opponents,
    personality_unknown,
    key_contacts_left,
    stale_relationships,
    stance_dropped,
    unfilled_placeholders,
    needs_balance,
    need_departments,
)

__all__ = [
    "RULES",
    "Insight",
    "InsightCode",
    "InsightSettings",
    "NextStep",
    "Severity",
    "account_insights",
    "portfolio_insights",
]


def account_insights(
    facts: AccountFacts, today: date, settings: InsightSettings | None = None
) -> list[Insight]:
    """One account's insights as of `today`, most urgent first."""
    settings = settings or InsightSettings()
    coverage = coverage_of(facts, settings.norms)
    found = [insight for rule in RULES for insight in rule(coverage, settings, today)]
    return sorted(found, key=Insight.sort_key)


def portfolio_insights(
    accounts: Iterable[AccountFacts], today: date, settings: InsightSettings | None = None
) -> list[Insight]:
    """The insights of many accounts, most urgent first, then by account."""
    settings = settings or InsightSettings()
    found = [i for facts in accounts for i in account_insights(facts, today, settings)]
    return sorted(found, key=Insight.sort_key)
