"""Writes to contacts and what hangs off them: links, our relationships, vested interests,
entrenched practices. Each checks that everything it joins belongs to the same account."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from guanxi.accounts.models import Account
from guanxi.domain.names import pinyin_full, pinyin_initials
from guanxi.stakeholders.models import (
    BuyingRole,
    Contact,
    ContactLink,
    ContactStatus,
    EntrenchedPractice,
    Mitigation,
    Relationship,
    VestedInterest,
)
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


@transaction.atomic
def contact_mark_left(
    *, actor: User | None, contact: Contact, left_on: datetime.date, left_to: str = ""
) -> Contact:
    """They left the company (R2.2): they stay on the map, marked, with where they went."""
    return contact_update(
        actor=actor, contact=contact, status=ContactStatus.LEFT, left_on=left_on, left_to=left_to
    )


def _check_in_account(account_id: int, **contacts: Contact | None) -> None:
    foreign = {
        field: _("Pick someone in this account.")
        for field, contact in contacts.items()
        if contact is not None and contact.account_id != account_id
    }
    if foreign:
        raise ValidationError(foreign)


def _write(record: models.Model, actor: User | None) -> None:
    record._history_user = actor  # type: ignore[attr-defined]
    record.full_clean()
    record.save()


def _delete(record: models.Model, actor: User | None) -> None:
    record._history_user = actor  # type: ignore[attr-defined]
    record.delete()


def _check_link(link: ContactLink) -> None:
    _check_in_account(link.account_id, from_contact=link.from_contact, to_contact=link.to_contact)
    if link.from_contact_id == link.to_contact_id:
        raise ValidationError({"to_contact": _("Pick two different people.")})
    same = ContactLink.objects.filter(
        from_contact_id=link.from_contact_id, to_contact_id=link.to_contact_id, kind=link.kind
    )
    if same.exclude(pk=link.pk).exists():
        raise ValidationError(_("These two are already linked this way."))


@transaction.atomic
def contact_link_create(
    *,
    actor: User | None,
    account: Account,
    from_contact: Contact,
    to_contact: Contact,
    kind: str,
    strength: int = 3,
    note: str = "",
) -> ContactLink:
    link = ContactLink(
        account=account,
        from_contact=from_contact,
        to_contact=to_contact,
        kind=kind,
        strength=strength,
        note=note,
    )
    _check_link(link)
    _write(link, actor)
    return link


@transaction.atomic
def contact_link_update(*, actor: User | None, link: ContactLink, **fields: Any) -> ContactLink:
    """Its kind, strength, note or ends; the ends stay in the link's account."""
    for name, value in fields.items():
        setattr(link, name, value)
    _check_link(link)
    _write(link, actor)
    return link


@transaction.atomic
def contact_link_delete(*, actor: User | None, link: ContactLink) -> None:
    _delete(link, actor)


@transaction.atomic
def relationship_set(
    *,
    actor: User | None,
    contact: Contact,
    user: User,
    current_level: int,
    target_level: int,
) -> Relationship:
    """How well one of us knows them now, and how well we mean to: one row per pair."""
    if target_level < current_level:
        raise ValidationError({"target_level": _("Aim at least as high as where we are.")})
    relationship = Relationship.objects.filter(contact=contact, user=user).first()
    if relationship is None:
        relationship = Relationship(contact=contact, user=user)
    relationship.current_level = current_level
    relationship.target_level = target_level
    _write(relationship, actor)
    return relationship


@transaction.atomic
def relationship_delete(*, actor: User | None, relationship: Relationship) -> None:
    _delete(relationship, actor)


def _check_interest(interest: VestedInterest) -> None:
    _check_in_account(interest.account_id, contact=interest.contact, ally=interest.ally)
    if interest.ally_id is not None and interest.ally_id == interest.contact_id:
        raise ValidationError({"ally": _("The ally must be someone else than the holder.")})
    if interest.mitigation == Mitigation.ALLY_SPEAKS and interest.ally_id is None:
        raise ValidationError({"ally": _("Name the ally who speaks for us.")})


@transaction.atomic
def vested_interest_create(
    *, actor: User | None, account: Account, contact: Contact, **fields: Any
) -> VestedInterest:
    interest = VestedInterest(account=account, contact=contact, **fields)
    _check_interest(interest)
    _write(interest, actor)
    return interest


@transaction.atomic
def vested_interest_update(
    *, actor: User | None, interest: VestedInterest, **fields: Any
) -> VestedInterest:
    for name, value in fields.items():
        setattr(interest, name, value)
    _check_interest(interest)
    _write(interest, actor)
    return interest


@transaction.atomic
def vested_interest_delete(*, actor: User | None, interest: VestedInterest) -> None:
    _delete(interest, actor)


@transaction.atomic
def entrenched_practice_create(
    *, actor: User | None, account: Account, **fields: Any
) -> EntrenchedPractice:
    practice = EntrenchedPractice(account=account, **fields)
    _write(practice, actor)
    return practice


@transaction.atomic
def entrenched_practice_update(
    *, actor: User | None, practice: EntrenchedPractice, **fields: Any
) -> EntrenchedPractice:
    for name, value in fields.items():
        setattr(practice, name, value)
    _write(practice, actor)
    return practice


@transaction.atomic
def entrenched_practice_delete(*, actor: User | None, practice: EntrenchedPractice) -> None:
    _delete(practice, actor)
