"""A hand on the pulse (R2.9): how a person, and an account's map, changed over time.

Read from django-simple-history: every save of a contact or a link left a row with who
made it and when. Consecutive rows are compared to say what changed, before → after.
Personal notes are sensitive: they are compared only for those allowed to see them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy

from guanxi.accounts.models import Account
from guanxi.domain.relationships.map_model import called
from guanxi.stakeholders.map_words import role_label, stance_label
from guanxi.stakeholders.models import (
    Contact,
    ContactLink,
    ContactStatus,
    DecisionOrientation,
)

# The fields whose changes the pulse shows, in the order it shows them.
PULSE_FIELDS: tuple[str, ...] = (
    "stance", "influence", "buying_roles", "decision_orientation", "personality_known",
    "personality", "preferences", "next_step_to_know", "name", "is_placeholder", "title",
    "department", "reports_to_id", "status", "left_on", "left_to",
)  # fmt: skip
SENSITIVE_FIELDS: tuple[str, ...] = ("personal_notes",)
ENTRIES_SHOWN = 60
CHANGES_SHOWN = 40

_LABELS: dict[str, Promise] = {
    "stance": gettext_lazy("Stance"),
    "influence": gettext_lazy("Influence"),
    "buying_roles": gettext_lazy("Buying roles"),
    "decision_orientation": gettext_lazy("Decision orientation"),
    "personality_known": gettext_lazy("Personality known"),
    "personality": gettext_lazy("Personality"),
    "preferences": gettext_lazy("Preferences"),
    "next_step_to_know": gettext_lazy("Next step to get to know them"),
    "name": gettext_lazy("Name"),
    "is_placeholder": gettext_lazy("Placeholder"),
    "title": gettext_lazy("Title"),
    "department": gettext_lazy("Department"),
    "reports_to_id": gettext_lazy("Reports to"),
    "status": gettext_lazy("Status"),
    "left_on": gettext_lazy("Left on"),
    "left_to": gettext_lazy("Left to"),
    "personal_notes": gettext_lazy("Personal notes"),
}
_ORIENTATIONS = dict(DecisionOrientation.choices)
_STATUSES = dict(ContactStatus.choices)


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class PulseEntry:
    """One save of the person: who, when, and what it changed (or that it created them)."""

    when: datetime
    who: str
    created: bool
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class StancePoint:
    when: datetime
    stance: int


@dataclass(frozen=True)
class ContactPulse:
    entries: list[PulseEntry]  # newest first
    stance: list[StancePoint]  # oldest first, one per change

    @property
    def stance_changed(self) -> bool:
        return len(self.stance) > 1


def contact_pulse(contact: Contact, *, sensitive: bool) -> ContactPulse:
    """The person's history in two queries: their saves, and the names of their bosses."""
    fields = PULSE_FIELDS + (SENSITIVE_FIELDS if sensitive else ())
    records = list(
        contact.history.select_related("history_user").order_by("history_date", "history_id")  # type: ignore[attr-defined]
    )
    bosses = {r.reports_to_id for r in records if r.reports_to_id is not None}
    names = {
        pk: called(name, title)
        for pk, name, title in Contact.objects.filter(pk__in=bosses).values_list(
            "pk", "name", "title"
        )
    }
    entries: list[PulseEntry] = []
    stance: list[StancePoint] = []
    previous: Any = None
    for record in records:
        when = record.history_date
        if not stance or stance[-1].stance != record.stance:
            stance.append(StancePoint(when, record.stance))
        if previous is None:
            entries.append(PulseEntry(when, _who(record.history_user), True, ()))
        else:
            changes = tuple(_changes(previous, record, fields, names))
            if changes:
                entries.append(PulseEntry(when, _who(record.history_user), False, changes))
        previous = record
    entries.reverse()
    return ContactPulse(entries[:ENTRIES_SHOWN], stance)


def _changes(
    before: Any, after: Any, fields: Iterable[str], names: dict[int, str]
) -> Iterable[FieldChange]:
    for name in fields:
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            show = _SHOW.get(name, _plain)
            yield FieldChange(name, str(_LABELS[name]), show(old, names), show(new, names))


def _plain(value: Any, _names: dict[int, str]) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


_SHOW: dict[str, Callable[[Any, dict[int, str]], str]] = {
    "stance": lambda value, _names: stance_label(value),
    "influence": lambda value, _names: gettext("%(value)s of 5") % {"value": value},
    "buying_roles": lambda value, _names: ", ".join(role_label(r) for r in value or ()) or "—",
    "decision_orientation": lambda value, _n: str(_ORIENTATIONS.get(value, "")) or "—",
    "status": lambda value, _names: str(_STATUSES.get(value, value)),
    "reports_to_id": lambda value, names: names.get(value, "—") if value else "—",
}


def _who(user: Any) -> str:
    return str(user) if user is not None else gettext("the system")


# --- the whole map -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MapChange:
    """One change to an account's map: kind is added, left, removed, stance, influence,
    link_added or link_removed."""

    on: date
    kind: str
    contact_id: int
    name: str
    who: str
    before: str = ""
    after: str = ""
    other_name: str = ""  # a link's other end
    link_kind: str = ""


@dataclass(frozen=True)
class AccountPulse:
    days: int
    changes: list[MapChange]  # newest first
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def shown(self) -> list[MapChange]:
        return self.changes[:CHANGES_SHOWN]

    @property
    def hidden(self) -> int:
        return max(0, len(self.changes) - CHANGES_SHOWN)


def account_pulse(
    account: Account, today: date, *, names: dict[int, str], days: int = 90
) -> AccountPulse:
    """How the map changed in the last `days`: two queries, contacts' and links' history.

    `names` are the people now on the map; someone since deleted is named from history.
    """
    since = datetime.combine(
        today - timedelta(days=days), time.min, tzinfo=timezone.get_current_timezone()
    )
    known = dict(names)
    changes = _contact_changes(account, since, known) + _link_changes(account, since, known)
    changes.sort(key=lambda c: (c.on, _ORDER.get(c.kind, 9)), reverse=True)
    counts: dict[str, int] = {}
    for change in changes:
        counts[change.kind] = counts.get(change.kind, 0) + 1
    return AccountPulse(days, changes, counts)


_ORDER = {
    "link_removed": 0,
    "link_added": 1,
    "influence": 2,
    "stance": 3,
    "left": 4,
    "removed": 5,
    "added": 6,
}


def _contact_changes(account: Account, since: datetime, names: dict[int, str]) -> list[MapChange]:
    history = Contact.history.model.objects  # type: ignore[attr-defined]
    touched = history.filter(account_id=account.pk, history_date__gte=since).values("id")
    rows = (
        history.filter(id__in=touched)
        .order_by("id", "history_date", "history_id")
        .values_list(
            "id", "history_date", "history_type", "name", "title", "stance", "influence",
            "status", "history_user__display_name", "history_user__username",
        )
    )  # fmt: skip
    changes: list[MapChange] = []
    previous: tuple[Any, ...] | None = None
    for row in rows:
        pk, when, kind, name, title, *_facts, display, username = row
        names.setdefault(pk, called(name, title))
        same = previous is not None and previous[0] == pk
        if when >= since:
            on = timezone.localtime(when).date()
            who = display or username or gettext("the system")
            label = called(name, title)
            if kind == "+":
                changes.append(MapChange(on, "added", pk, label, who))
            elif kind == "-":
                changes.append(MapChange(on, "removed", pk, label, who))
            elif same and previous is not None:
                changes += _compared(previous, row, on, label, who)
        previous = row
    return changes


def _compared(
    before: tuple[Any, ...], after: tuple[Any, ...], on: date, label: str, who: str
) -> list[MapChange]:
    pk = after[0]
    found = []
    if before[5] != after[5]:
        found.append(
            MapChange(on, "stance", pk, label, who, stance_label(before[5]), stance_label(after[5]))
        )
    if before[6] != after[6]:
        found.append(MapChange(on, "influence", pk, label, who, str(before[6]), str(after[6])))
    if before[7] != after[7] and after[7] == ContactStatus.LEFT:
        found.append(MapChange(on, "left", pk, label, who))
    return found


def _link_changes(account: Account, since: datetime, names: dict[int, str]) -> list[MapChange]:
    history = ContactLink.history.model.objects  # type: ignore[attr-defined]
    rows = history.filter(
        account_id=account.pk, history_date__gte=since, history_type__in=["+", "-"]
    ).values_list(
        "history_date", "history_type", "from_contact_id", "to_contact_id", "kind",
        "history_user__display_name", "history_user__username",
    )  # fmt: skip
    changes = []
    for when, kind, from_id, to_id, link_kind, display, username in rows:
        changes.append(
            MapChange(
                timezone.localtime(when).date(),
                "link_added" if kind == "+" else "link_removed",
                from_id,
                names.get(from_id, "—"),
                display or username or gettext("the system"),
                other_name=names.get(to_id, "—"),
                link_kind=link_kind,
            )
        )
    return changes
