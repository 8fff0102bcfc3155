"""Reads of relationship strength and insights, always through the one access rule.

Vested interests are sensitive (DESIGN.md §8). For an account whose sensitive data the
viewer may not see, strength and insights are computed as if no interest were recorded:
the threats part says "withheld", and an influential opponent shows as one whose stake we
do not know, so that neither a number nor a missing alert gives an interest away. Any
insight still marked sensitive is dropped for such an account as well.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet

from guanxi.accounts.models import Account
from guanxi.core.access import (
    account_for_user,
    own_accounts,
    sensitive_account_ids,
    visible_accounts,
)
from guanxi.domain.insights import Insight, InsightSettings, account_insights
from guanxi.domain.relationships.strength import Strength, relationship_strength
from guanxi.insights import labels as words
from guanxi.insights.mappers import AccountLabel, ContactLabel, Labels, NeedLabel, portfolio_facts

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from guanxi.users.models import User


def insight_settings() -> InsightSettings:
    """The thresholds, with any overrides from the `GUANXI_INSIGHTS` setting."""
    try:
        return InsightSettings.from_mapping(getattr(settings, "GUANXI_INSIGHTS", {}))
    except (ValueError, TypeError, AttributeError) as error:
        raise ImproperlyConfigured(f"GUANXI_INSIGHTS: {error}") from error


@dataclass(frozen=True)
class InsightRow:
    """One insight with everything a page, a table or a JSON answer shows; no template needed."""

    insight: Insight
    account: AccountLabel
    contacts: tuple[ContactLabel, ...]
    needs: tuple[NeedLabel, ...]
    severity: str  # the severity in words
    title: str
    reason: str
    next_step: str


@dataclass(frozen=True)
class AccountReport:
    account: AccountLabel
    strength: Strength
    insights: list[Insight]


@dataclass(frozen=True)
class InsightReport:
    accounts: list[AccountReport]
    labels: Labels
    today: date

    def insights(self) -> list[Insight]:
        found = [i for report in self.accounts for i in report.insights]
        return sorted(found, key=Insight.sort_key)

    def rows(self, insights: list[Insight] | None = None) -> list[InsightRow]:
        """The insights (all by default) in words of the active language."""
        return [self._row(i) for i in (self.insights() if insights is None else insights)]

    def _row(self, insight: Insight) -> InsightRow:
        labels = self.labels
        return InsightRow(
            insight=insight,
            account=labels.accounts[insight.account_id],
            contacts=tuple(labels.contacts[i] for i in insight.contact_ids if i in labels.contacts),
            needs=tuple(labels.needs[i] for i in insight.need_ids if i in labels.needs),
            severity=words.severity_text(insight.severity),
            title=words.title_text(insight.code),
            reason=words.reason_text(insight, labels),
            next_step=words.next_step_text(insight, labels),
        )


def insight_report(
    accounts: QuerySet[Account], today: date, *, viewer: User | AnonymousUser | None
) -> InsightReport:
    """Strength and insights of the accounts, as the viewer may see them.

    Without a viewer (the operator's CLI) nobody's right to sensitive data applies: no
    account's interests are read into the results.
    """
    chosen = insight_settings()
    portfolio = portfolio_facts(accounts, today, chosen.stance_drop_days)
    account_ids = list(portfolio.labels.accounts)
    owners = {pk: label.owner_id for pk, label in portfolio.labels.accounts.items()}
    shown = set() if viewer is None else sensitive_account_ids(viewer, account_ids, owners)
    reports = []
    for facts in portfolio.facts:
        visible = facts.account_id in shown
        seen = facts if visible else dataclasses.replace(facts, interests=())
        strength = relationship_strength(
            seen, today, chosen.norms, chosen.strength, interests_visible=visible
        )
        insights = [i for i in account_insights(seen, today, chosen) if visible or not i.sensitive]
        reports.append(
            AccountReport(portfolio.labels.accounts[facts.account_id], strength, insights)
        )
    return InsightReport(reports, portfolio.labels, today)


def account_insights_for_user(
    user: User | AnonymousUser, account: Account, today: date
) -> InsightReport:
    """The insights of one account the user was given through `account_for_user`."""
    return insight_report(Account.objects.filter(pk=account.pk), today, viewer=user)


def account_report_for_user(
    user: User | AnonymousUser, account_id: int, today: date
) -> AccountReport:
    """One account's strength and insights (Http404 if the account is not the user's to see)."""
    return account_insights_for_user(user, account_for_user(user, account_id), today).accounts[0]


def insights_visible_to(
    user: User | AnonymousUser,
    today: date,
    *,
    account_id: int | None = None,
    severity: str = "",
    code: str = "",
) -> InsightReport:
    """The insights of every account the user can see, or of one (Http404 if hidden)."""
    accounts = visible_accounts(user)
    if account_id is not None:
        accounts = accounts.filter(pk=account_for_user(user, account_id).pk)
    return _filtered(insight_report(accounts, today, viewer=user), severity, code)


def insights_for_user(user: User | AnonymousUser, today: date) -> InsightReport:
    """ "My insights": the accounts the user owns or is on the account team of."""
    if not user.is_authenticated:
        return InsightReport([], Labels(), today)
    return insight_report(own_accounts(user), today, viewer=user)


def operator_report(
    today: date, *, customer_code: str | None = None, severity: str = "", code: str = ""
) -> InsightReport:
    """Every account, for the operator at the command line: never any sensitive insight."""
    accounts = Account.objects.all()
    if customer_code is not None:
        accounts = accounts.filter(customer_code=customer_code)
    return _filtered(insight_report(accounts, today, viewer=None), severity, code)


def _filtered(report: InsightReport, severity: str, code: str) -> InsightReport:
    if not severity and not code:
        return report
    kept = [
        dataclasses.replace(
            account,
            insights=[
                i
                for i in account.insights
                if (not severity or i.severity == severity) and (not code or i.code == code)
            ],
        )
        for account in report.accounts
    ]
    return dataclasses.replace(report, accounts=kept)
