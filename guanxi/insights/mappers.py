"""The one place where stored rows become the relationship domain's data.

One query per table for the whole set of accounts (values_list, no model instances), so
one account and a whole portfolio cost the same number of queries. The names the
domain does not need travel beside the facts, in `Labels`, for the doors to show.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.db import connection
from django.db.models import DateField, DateTimeField, QuerySet
from django.utils import timezone

from guanxi.accounts.models import Account
from guanxi.core.sql import columns, fetch, json_lists, subquery
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
Scope = tuple[str, tuple[Any, ...]]  # the accounts' primary keys as SQL, after `IN`


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
    """Facts of every account of the queryset: seven queries, whatever their number.

    Plain SQL with the models' names (`core/sql.py`), the accounts' query compiled once:
    for one account, the ORM's building of seven queries cost twice their running.
    """
    scope = subquery(accounts.values("pk"))
    labels = Labels()
    a = columns(Account)
    rows = fetch(
        f"SELECT {a['id']}, {a['name']}, {a['customer_code']}, {a['owner']} FROM {a['']} "
        f"WHERE {a['id']} IN {scope[0]} ORDER BY {a['id']}",
        scope[1],
    )
    for pk, name, code, owner_id in rows:
        labels.accounts[pk] = AccountLabel(pk, name, code, owner_id)
    contacts, account_of = _contacts(scope, labels)
    parts: dict[str, dict[int, list[Any]]] = {
        "relationships": _relationships(scope, account_of),
        "interests": _interests(scope),
        "links": _links(scope),
        "needs": _needs(scope, labels),
        "stance_changes": _stance_changes(scope, today, stance_days, account_of),
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


def _contacts(scope: Scope, labels: Labels) -> tuple[dict[int, list[ContactFacts]], dict[int, int]]:
    by_account: dict[int, list[ContactFacts]] = defaultdict(list)
    account_of: dict[int, int] = {}
    c = columns(Contact)
    fields = (
        "account", "id", "name", "title", "department", "influence", "stance", "buying_roles",
        "status", "is_placeholder", "personality_known", "next_step_to_know", "reports_to",
        "left_on",
    )  # fmt: skip
    rows = fetch(
        f"SELECT {', '.join(c[f] for f in fields)} FROM {c['']} "
        f"WHERE {c['account']} IN {scope[0]} ORDER BY {c['id']}",
        scope[1],
    )
    left_on_value = DateField().to_python  # SQLite gives dates as text
    roles_of = json_lists(frozenset)
    for account_id, pk, name, title, department, *rest in rows:
        influence, stance, roles, status, placeholder, known, step, boss, left_on = rest
        # Positional, in the field order of ContactFacts: a portfolio maps many thousands.
        by_account[account_id].append(
            ContactFacts(pk, influence, stance, roles_of(roles), status, bool(placeholder),
                         bool(known), step, department, boss,
                         None if left_on is None else left_on_value(left_on))
        )  # fmt: skip
        account_of[pk] = account_id
        labels.contacts[pk] = ContactLabel(pk, name, title, department)
    return by_account, account_of


def _relationships(scope: Scope, account_of: dict[int, int]) -> dict[int, list[RelationshipFacts]]:
    by_account: dict[int, list[RelationshipFacts]] = defaultdict(list)
    r, c = columns(Relationship), columns(Contact)
    table = r[""]
    fields = ("contact", "user", "current_level", "target_level", "last_touch")
    rows = fetch(
        f"SELECT {', '.join(f'{table}.{r[f]}' for f in fields)} FROM {table} "
        f"INNER JOIN {c['']} ON {table}.{r['contact']} = {c['']}.{c['id']} "
        f"WHERE {c['']}.{c['account']} IN {scope[0]} ORDER BY {table}.{r['id']}",
        scope[1],
    )
    day = DateField().to_python
    for contact_id, user_id, current, target, last_touch in rows:
        by_account[account_of[contact_id]].append(
            RelationshipFacts(contact_id, user_id, current, target, day(last_touch))
        )
    return by_account


def _interests(scope: Scope) -> dict[int, list[InterestFacts]]:
    by_account: dict[int, list[InterestFacts]] = defaultdict(list)
    v = columns(VestedInterest)
    fields = ("account", "id", "contact", "kind", "severity", "mitigation", "ally", "status")
    rows = fetch(
        f"SELECT {', '.join(v[f] for f in fields)} FROM {v['']} "
        f"WHERE {v['account']} IN {scope[0]} AND {v['status']} <> %s ORDER BY {v['id']}",
        (*scope[1], InterestStatus.RESOLVED.value),
    )
    for account_id, pk, contact_id, kind, severity, mitigation, ally_id, status in rows:
        by_account[account_id].append(
            InterestFacts(pk, contact_id, kind, severity, mitigation, ally_id, status)
        )
    return by_account


def _links(scope: Scope) -> dict[int, list[LinkFacts]]:
    by_account: dict[int, list[LinkFacts]] = defaultdict(list)
    link = columns(ContactLink)
    fields = ("account", "from_contact", "to_contact", "kind", "strength")
    rows = fetch(
        f"SELECT {', '.join(link[f] for f in fields)} FROM {link['']} "
        f"WHERE {link['account']} IN {scope[0]} ORDER BY {link['id']}",
        scope[1],
    )
    for account_id, from_id, to_id, kind, strength in rows:
        by_account[account_id].append(LinkFacts(from_id, to_id, kind, strength))
    return by_account


def _needs(scope: Scope, labels: Labels) -> dict[int, list[NeedFacts]]:
    by_account: dict[int, list[NeedFacts]] = defaultdict(list)
    n = columns(Need)
    fields = (
        "account", "id", "horizon", "owning_department", "importance", "status", "description"
    )  # fmt: skip
    rows = fetch(
        f"SELECT {', '.join(n[f] for f in fields)} FROM {n['']} "
        f"WHERE {n['account']} IN {scope[0]} ORDER BY {n['id']}",
        scope[1],
    )
    for account_id, pk, horizon, department, importance, status, description in rows:
        by_account[account_id].append(NeedFacts(pk, horizon, department, importance, status))
        labels.needs[pk] = NeedLabel(pk, description)
    return by_account


def _stance_changes(
    scope: Scope,
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
    h = columns(Contact.history.model)  # type: ignore[attr-defined]
    moment = connection.ops.adapt_datetimefield_value  # as the ORM passes them
    rows = fetch(
        f"SELECT {h['id']}, {h['history_date']}, {h['stance']} FROM {h['']} "
        f"WHERE {h['history_date']} < %s AND {h['id']} IN ("
        f"SELECT {h['id']} FROM {h['']} WHERE {h['account']} IN {scope[0]} "
        f"AND {h['history_date']} >= %s) "
        f"ORDER BY {h['id']}, {h['history_date']}, {h['history_id']}",
        (moment(until), *scope[1], moment(since)),
    )
    when_value = DateTimeField().to_python  # SQLite gives text, in UTC
    by_account: dict[int, list[StanceChange]] = defaultdict(list)
    previous: tuple[int, int] | None = None
    for contact_id, when, stance in rows:
        if previous is not None and previous[0] == contact_id and previous[1] != stance:
            on = timezone.localtime(_aware(when_value(when))).date()
            if contact_id in account_of and on >= since.date():
                by_account[account_of[contact_id]].append(
                    StanceChange(contact_id, on, previous[1], stance)
                )
        previous = (contact_id, stance)
    return by_account


def _aware(moment: datetime) -> datetime:
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=UTC)


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())
