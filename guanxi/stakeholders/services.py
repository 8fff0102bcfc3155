"""Writes to contacts and what hangs off them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from guanxi.domain.names import pinyin_full, pinyin_initials
from guanxi.stakeholders.models import BuyingRole, Contact
from guanxi.users.models import User


def set_contact_search_keys(contact: Contact) -> None:
    contact.name_pinyin = pinyin_full(contact.name)
    contact.name_initials = pinyin_initials(contact.name)


def _check_reports_to(contact: Contact) -> None:
    boss = contact.reports_to
    if boss is None:
        return
    if boss.account_id != contact.account_id:
        raise ValidationError({"reports_to": _("Pick someone in the same account.")})
    seen = {contact.pk}
    while boss is not None:
        if boss.pk in seen:
            raise ValidationError({"reports_to": _("This would make a reporting loop.")})
        seen.add(boss.pk)
        boss = boss.reports_to


def _check_buying_roles(contact: Contact) -> None:
    unknown = set(contact.buying_roles) - set(BuyingRole.values)
    if unknown:
        raise ValidationError(
            {
                "buying_roles": _("Unknown buying role: %(roles)s")
                % {"roles": ", ".join(sorted(unknown))}
            }
        )


def _save(contact: Contact, actor: User | None) -> Contact:
    set_contact_search_keys(contact)
    _check_buying_roles(contact)
    _check_reports_to(contact)
    contact._history_user = actor  # type: ignore[attr-defined]
    contact.full_clean()
    contact.save()
    return contact


@transaction.atomic
def contact_create(*, actor: User | None, **fields: Any) -> Contact:
    return _save(Contact(**fields), actor)


@transaction.atomic
def contact_update(*, actor: User | None, contact: Contact, **fields: Any) -> Contact:
    for name, value in fields.items():
        setattr(contact, name, value)
    return _save(contact, actor)


@transaction.atomic
def contact_delete(*, actor: User | None, contact: Contact) -> None:
    contact._history_user = actor  # type: ignore[attr-defined]
    contact.delete()
