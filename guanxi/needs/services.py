"""Writes to needs (history is kept by simple-history)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from guanxi.needs.models import Need
from guanxi.users.models import User


def _check_people(need: Need) -> None:
    errors = {}
    for field in ("source_contact", "confirmed_by"):
        contact = getattr(need, field)
        if contact is not None and contact.account_id != need.account_id:
            errors[field] = _("Pick someone in the same account.")
    if errors:
        raise ValidationError(errors)


def _save(need: Need, actor: User | None) -> Need:
    _check_people(need)
    need._history_user = actor  # type: ignore[attr-defined]
    need.full_clean()
    need.save()
    return need


@transaction.atomic
def need_create(*, actor: User | None, **fields: Any) -> Need:
    return _save(Need(**fields), actor)


@transaction.atomic
def need_update(*, actor: User | None, need: Need, **fields: Any) -> Need:
    for name, value in fields.items():
        setattr(need, name, value)
    return _save(need, actor)
