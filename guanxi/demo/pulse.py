"""The showcase accounts' recent past (R2.9), so that their pulse has something to show.

The generator writes rows straight into the tables, so django-simple-history sees no save.
Here the two showcase accounts get the history their KAM would have left: when each person
was first mapped, and what changed in the last three months — a stance that hardened, a
champion won, a person newly met, a link learnt. Everything else has no history yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction

from guanxi.demo.constants import DEMO_TODAY, FURNITURE_MAKER_CODE, KICKBACK_ACCOUNT_CODE
from guanxi.stakeholders.models import Contact, ContactLink
from guanxi.users.models import User

MAPPED_DAYS_AGO = 400  # when the account was first mapped


@dataclass(frozen=True, slots=True)
class Change:
    """`name` had `before` until `days_ago`, then what the demo holds today."""

    name: str
    days_ago: int
    before: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Story:
    code: str
    changes: tuple[Change, ...]
    met: tuple[tuple[str, int], ...] = ()  # (name, days ago): first mapped lately
    links_learnt: tuple[tuple[str, str, str, int], ...] = ()  # (from, to, kind, days ago)


STORIES = (
    Story(
        KICKBACK_ACCOUNT_CODE,
        changes=(
            # The samples passed the technical review; the purchasing manager dug in.
            Change("刘建军", 19, {"stance": -1}),
            Change("钟少华", 26, {"stance": 1, "influence": 3}),
            Change("何振华", 5, {"stance": 0}),
        ),
        met=(("何美玲", 48),),
        links_learnt=(("钟少华", "何振华", "influence", 24), ("何美玲", "何振华", "family", 48)),
    ),
    Story(
        FURNITURE_MAKER_CODE,
        changes=(
            Change("梁志强", 33, {"stance": 0}),  # pushed harder for price cuts
            Change("黄建平", 61, {"stance": 0, "personality_known": False, "personality": ""}),
        ),
        met=(("罗嘉欣", 12),),
        links_learnt=(("黄建平", "苏文博", "former_colleague", 61),),
    ),
)


def _moment(days_ago: int) -> datetime:
    day = DEMO_TODAY - timedelta(days=days_ago)
    return datetime.combine(day, time(10), tzinfo=ZoneInfo("Asia/Shanghai"))


@transaction.atomic
def write_pulse(kam_id: int) -> int:
    """History rows for the showcase accounts, as if `kam_id` had recorded everything."""
    kam = User.objects.get(pk=kam_id)
    written = 0
    for story in STORIES:
        contacts = {c.name: c for c in Contact.objects.filter(account__customer_code=story.code)}
        if not contacts:
            continue
        written += _contacts(story, contacts, kam)
        written += _links(story, contacts, kam)
    return written


def _contacts(story: Story, contacts: dict[str, Contact], kam: User) -> int:
    history = Contact.history  # type: ignore[attr-defined]
    met = dict(story.met)
    changed = {change.name: change for change in story.changes}
    rows = 0
    for name, contact in contacts.items():
        change = changed.get(name)
        today = {field: getattr(contact, field) for field in (change.before if change else {})}
        if change:
            for field, value in change.before.items():
                setattr(contact, field, value)
        history.bulk_history_create(
            [contact], default_user=kam, default_date=_moment(met.get(name, MAPPED_DAYS_AGO))
        )
        rows += 1
        if change:
            for field, value in today.items():
                setattr(contact, field, value)
            history.bulk_history_create(
                [contact], update=True, default_user=kam, default_date=_moment(change.days_ago)
            )
            rows += 1
    return rows


def _links(story: Story, contacts: dict[str, Contact], kam: User) -> int:
    history = ContactLink.history  # type: ignore[attr-defined]
    learnt = {(a, b, kind): days for a, b, kind, days in story.links_learnt}
    links = ContactLink.objects.filter(account_id=next(iter(contacts.values())).account_id)
    names = {c.pk: name for name, c in contacts.items()}
    for link in links:
        key = (names.get(link.from_contact_id, ""), names.get(link.to_contact_id, ""), link.kind)
        history.bulk_history_create(
            [link], default_user=kam, default_date=_moment(learnt.get(key, MAPPED_DAYS_AGO))
        )
    return len(links)
