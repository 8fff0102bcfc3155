"""The one place where stored rows become the relationship domain's data.

One query per table for the whole set of accounts (values_list, no model instances), so
one account and a whole portfolio cost the same number of queries. The names the
domain does not need travel beside the facts, in `Labels`, for the doors to show.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import DateField, QuerySet
from django.utils import timezone

from guanxi.accounts.models import Account
from guanxi.core.sql import columns, fetch, json_list, subquery
from guanxi.domain.relationships.facts import (
    AccountFacts,
    ContactFacts,
    InterestFacts,
    LinkFacts,
    NeedFacts,
    RelationshipFacts,
    StanceChange,
)
from guanxi.needs.models import Need
from guanxi.stakeholders.models import (
    Contact,
    ContactLink,
    InterestStatus,
    Relationship,
    VestedInterest,
)

NEED_LABEL_LENGTH = 80
Scope = QuerySet[Account, Any]  # the accounts' primary keys, used as a subquery


@dataclass(frozen=True, slots=True)
class AccountLabel:
    id: int
    name: str
    customer_code: str
    owner_id: int | None


@dataclass(frozen=True, slots=True)
class ContactLabel:
    id: int
    name: str  # empty for a placeholder
    title: str
    department: str

    def __str__(self) -> str:
        return self.name or self.title


@dataclass(frozen=True, slots=True)
class NeedLabel:
    id: int
    full_description: str

    @property
    def description(self) -> str:
        """On one line, and short enough for a list."""
        line = " ".join(self.full_description.split())
        return line if len(line) <= NEED_LABEL_LENGTH else line[: NEED_LABEL_LENGTH - 1] + "…"

    def __str__(self) -> str:
        return self.description


@dataclass
class Labels:
    """What the doors show for the ids the insights speak of."""

    accounts: dict[int, AccountLabel] = field(default_factory=dict)
    contacts: dict[int, ContactLabel] = field(default_factory=dict)
    needs: dict[int, NeedLabel] = field(default_factory=dict)


@dataclass
class Portfolio:
    """The accounts' facts, in the order of the accounts' query, and their labels."""

    facts: list[AccountFacts]
    labels: Labels


def portfolio_facts(accounts: QuerySet[Account], today: date, stance_days: int) -> Portfolio:
    """Facts of every account of the queryset: seven queries, whatever their number."""
    in_scope = accounts.values("pk")
    labels = Labels()
    for pk, name, code, owner_id in accounts.order_by("pk").values_list(
        "pk", "name", "customer_code", "owner_id"
    ):
        labels.accounts[pk] = AccountLabel(pk, name, code, owner_id)
    contacts, account_of = _contacts(in_scope, labels)
    parts: dict[str, dict[int, list[Any]]] = {
        "relationships": _relationships(in_scope, account_of),
        "interests": _interests(in_scope),
        "links": _links(in_scope),
        "needs": _needs(in_scope, labels),
        "stance_changes": _stance_changes(in_scope, today, stance_days, account_of),
    }
    facts = [
        AccountFacts(
            account_id,
            tuple(contacts.get(account_id, ())),
            **{name: tuple(rows.get(account_id, ())) for name, rows in parts.items()},
        )
        for account_id in labels.accounts
    ]
    return Portfolio(facts, labels)


def _contacts(
    in_scope: Scope, labels: Labels
) -> tuple[dict[int, list[ContactFacts]], dict[int, int]]:
    by_account: dict[int, list[ContactFacts]] = defaultdict(list)
    account_of: dict[int, int] = {}
    c = columns(Contact)
    fields = (
        "account", "id", "name", "title", "department", "influence", "stance", "buying_roles",
        "status", "is_placeholder", "personality_known", "next_step_to_know", "reports_to",
        "left_on",
    )  # fmt: skip
    scope, params = subquery(in_scope)
    rows = fetch(
        f"SELECT {', '.join(c[f] for f in fields)} FROM {c['']} "
        f"WHERE {c['account']} IN {scope} ORDER BY {c['id']}",
        params,
    )
    left_on_value = DateField().to_python  # SQLite gives dates as text
    for account_id, pk, name, title, department, *rest in rows:
        influence, stance, roles, status, placeholder, known, step, boss, left_on = rest
        # Positional, in the field order of ContactFacts: a portfolio maps many thousands.
        by_account[account_id].append(
            ContactFacts(pk, influence, stance, frozenset(json_list(roles)), status,
                         bool(placeholder), bool(known), step, department, boss,
                         left_on_value(left_on))
        )  # fmt: skip
        account_of[pk] = account_id
        labels.contacts[pk] = ContactLabel(pk, name, title, department)
    return by_account, account_of


def _relationships(
    in_scope: Scope, account_of: dict[int, int]
) -> dict[int, list[RelationshipFacts]]:
    by_account: dict[int, list[RelationshipFacts]] = defaultdict(list)
    rows = Relationship.objects.filter(contact__account__in=in_scope).values_list(
        "contact_id", "user_id", "current_level", "target_level", "last_touch"
    )
    for contact_id, user_id, current, target, last_touch in rows.order_by("pk"):
        by_account[account_of[contact_id]].append(
            RelationshipFacts(contact_id, user_id, current, target, last_touch)
        )
    return by_account


def _interests(in_scope: Scope) -> dict[int, list[InterestFacts]]:
    by_account: dict[int, list[InterestFacts]] = defaultdict(list)
    rows = (
        VestedInterest.objects.filter(account__in=in_scope)
        .exclude(status=InterestStatus.RESOLVED)
        .values_list(
            "account_id", "pk", "contact_id", "kind", "severity", "mitigation", "ally_id", "status"
        )
    )
    for account_id, pk, contact_id, kind, severity, mitigation, ally_id, status in rows.order_by(
        "pk"
    ):
        by_account[account_id].append(
            InterestFacts(pk, contact_id, kind, severity, mitigation, ally_id, status)
        )
    return by_account


def _links(in_scope: Scope) -> dict[int, list[LinkFacts]]:
    by_account: dict[int, list[LinkFacts]] = defaultdict(list)
    link = columns(ContactLink)
    fields = ("account", "from_contact", "to_contact", "kind", "strength")
    scope, params = subquery(in_scope)
    rows = fetch(
        f"SELECT {', '.join(link[f] for f in fields)} FROM {link['']} "
        f"WHERE {link['account']} IN {scope} ORDER BY {link['id']}",
        params,
    )
    for account_id, from_id, to_id, kind, strength in rows:
        by_account[account_id].append(LinkFacts(from_id, to_id, kind, strength))
    return by_account


def _needs(in_scope: Scope, labels: Labels) -> dict[int, list[NeedFacts]]:
    by_account: dict[int, list[NeedFacts]] = defaultdict(list)
    rows = Need.objects.filter(account__in=in_scope).values_list(
        "account_id", "pk", "horizon", "owning_department", "importance", "status", "description"
    )
    for account_id, pk, horizon, department, importance, status, description in rows.order_by("pk"):
        by_account[account_id].append(NeedFacts(pk, horizon, department, importance, status))
        labels.needs[pk] = NeedLabel(pk, description)
    return by_account


def _stance_changes(
    in_scope: Scope,
    today: date,
    days: int,
    account_of: dict[int, int],
) -> dict[int, list[StanceChange]]:
    """Changes of stance in the window, from the contacts' history (R2.9).

    The history of every contact with a record in the window, so that the window's first
    change is compared with the stance before it. One query (the window is a subquery).
    """
    since = _start_of(today - timedelta(days=days))
    until = _start_of(today + timedelta(days=1))
    history = Contact.history.model.objects  # type: ignore[attr-defined]
    touched = history.filter(account_id__in=in_scope, history_date__gte=since)
    rows = (
        history.filter(id__in=touched.values("id"), history_date__lt=until)
        .order_by("id", "history_date", "history_id")
        .values_list("id", "history_date", "stance")
    )
    by_account: dict[int, list[StanceChange]] = defaultdict(list)
    previous: tuple[int, int] | None = None
    for contact_id, when, stance in rows:
        if previous is not None and previous[0] == contact_id and previous[1] != stance:
            on = timezone.localtime(when).date()
            if contact_id in account_of and on >= since.date():
                by_account[account_of[contact_id]].append(
                    StanceChange(contact_id, on, previous[1], stance)
                )
        previous = (contact_id, stance)
    return by_account


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())
