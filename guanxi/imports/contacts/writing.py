"""Writing a contact import's plan, inside the caller's transaction, with change history.

New contacts are created boss first (one bulk insert per level of the reporting tree), so
each gets one history record that already names whom they report to.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from guanxi.imports.contacts.planning import Entry, Plan
from guanxi.stakeholders.models import Contact
from guanxi.stakeholders.signals import contacts_written
from guanxi.users.models import User

CHANGE_REASON = "contact import"

Advance = Callable[[int], None]  # contacts written since the last call
SearchKeys = Mapping[str, tuple[str, str]]  # name → (full pinyin, initials): pinyin_worker.py


def write_plan(plan: Plan, actor: User | None, keys: SearchKeys, advance: Advance) -> None:
    _create(plan.creates, actor, keys, advance)
    _update(plan.updates, actor, keys, advance)
    written = {entry.contact.account_id for entry in plan.creates if entry.contact is not None}
    written |= {entry.contact.account_id for entry, _ in plan.updates if entry.contact is not None}
    if written:
        contacts_written.send(sender=Contact, account_ids=frozenset(written))


def _create(entries: list[Entry], actor: User | None, keys: SearchKeys, advance: Advance) -> None:
    waiting = list(entries)
    while waiting:
        ready = [e for e in waiting if e.boss is None or e.boss.contact is not None]
        assert ready, "the plan has no reporting loops"
        contacts = [_new_contact(entry, keys) for entry in ready]
        created = bulk_create_with_history(
            contacts, Contact, default_user=actor, default_change_reason=CHANGE_REASON
        )
        for entry, contact in zip(ready, created, strict=True):
            entry.contact = contact
        waiting = [entry for entry in waiting if entry.contact is None]
        advance(len(ready))


def _new_contact(entry: Entry, keys: SearchKeys) -> Contact:
    assert entry.row is not None
    fields = entry.row.fields
    contact = Contact(account=entry.row.account, **fields.values)
    if entry.boss is not None:
        contact.reports_to = entry.boss.contact
    contact.name_pinyin, contact.name_initials = keys[contact.name]
    return contact


def _update(
    updates: list[tuple[Entry, dict[str, Any]]],
    actor: User | None,
    keys: SearchKeys,
    advance: Advance,
) -> None:
    if not updates:
        return
    now = timezone.now()
    changed_fields = {"updated_at"}
    contacts = []
    for entry, changes in updates:
        contact = entry.contact
        assert contact is not None
        for name, value in changes.items():
            if name == "reports_to":
                value = value.contact if value is not None else None
            setattr(contact, name, value)
        if "name" in changes:
            contact.name_pinyin, contact.name_initials = keys[contact.name]
            changed_fields |= {"name_pinyin", "name_initials"}
        contact.updated_at = now
        changed_fields |= changes.keys()
        contacts.append(contact)
    bulk_update_with_history(
        contacts,
        Contact,
        sorted(changed_fields),
        default_user=actor,
        default_change_reason=CHANGE_REASON,
    )
    advance(len(contacts))
