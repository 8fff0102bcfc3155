"""Maps drawn before anyone asks: after a change to an account's people, links, our
relationships or its vested interests is committed, a background task lays out and draws
the account's Map tab (drawing and table, in each language, as its account team sees it)
and keeps it on disk (`stakeholders/drawings.py`). The next to open the map is served from
disk instead of waiting for the drawing.

A contact import writes in bulk (no signal per contact): it says which accounts it wrote
(`contacts_written`), and those with a big map are queued the same way; a small map is
drawn in a few milliseconds when first viewed.

An optimisation only: a change that sends no signal or a task not yet run leaves the
drawing to the first view, as before. Changes close together are drawn once: an account
already queued in the last few seconds is not queued again.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.db.models.signals import post_delete, post_save
from django.utils import translation
from django_tasks import task

from guanxi.accounts.models import Account
from guanxi.stakeholders.models import Contact, ContactLink, Relationship, VestedInterest
from guanxi.stakeholders.signals import contacts_written

QUEUED_WITHIN_SECONDS = 5.0
BIG_MAP_PEOPLE = 50  # smaller maps draw in a few milliseconds when first viewed
IDS_PER_QUERY = 10_000  # within SQLite's limit of parameters in one statement
_queued: dict[int, float] = {}  # account id → when last queued, in this process


@task()
def draw_map_ahead_task(account_id: int) -> int:
    """Draw the account's map as its owner (and so their account team) will see it, in
    every language; returns how many languages were drawn."""
    from guanxi.web.views.account_map import draw_ahead

    account = Account.objects.select_related("owner").filter(pk=account_id).first()
    if account is None or account.owner is None or not account.owner.is_active:
        return 0
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            draw_ahead(account.owner, account)
    return len(settings.LANGUAGES)


def queue(account_id: int) -> None:
    """Once the current transaction commits, queue the account's map to be drawn. Robust:
    a task that cannot be queued is logged, never the failure of the change itself."""
    transaction.on_commit(lambda: _enqueue(account_id), robust=True)


def _enqueue(account_id: int) -> None:
    now = time.monotonic()
    if now - _queued.get(account_id, -QUEUED_WITHIN_SECONDS) < QUEUED_WITHIN_SECONDS:
        return
    if len(_queued) > 10_000:  # a long-running server forgets what is past the window
        for old in [pk for pk, when in _queued.items() if now - when >= QUEUED_WITHIN_SECONDS]:
            del _queued[old]
    _queued[account_id] = now
    draw_map_ahead_task.enqueue(account_id)


def _changed(sender: type[Any], instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # loading fixtures
        return
    if isinstance(instance, Relationship):
        account_id = (
            Contact.objects.filter(pk=instance.contact_id)
            .values_list("account_id", flat=True)
            .first()
        )
    else:
        account_id = instance.account_id
    if account_id is not None:
        queue(account_id)


def big_maps(
    account_ids: Iterable[int] | None = None, *, people: int = BIG_MAP_PEOPLE
) -> list[int]:
    """The accounts (of `account_ids`, else all) with `people` people or more, the biggest
    first."""
    counted = Contact.objects.values("account_id").annotate(people=Count("id"))
    if account_ids is None:
        chunks: Iterable[list[int] | None] = [None]
    else:
        ordered = sorted(account_ids)
        chunks = [ordered[i : i + IDS_PER_QUERY] for i in range(0, len(ordered), IDS_PER_QUERY)]
    found: list[tuple[int, int]] = []
    for chunk in chunks:
        rows = counted if chunk is None else counted.filter(account_id__in=chunk)
        found += rows.filter(people__gte=people).values_list("people", "account_id")
    return [account_id for _count, account_id in sorted(found, reverse=True)]


def _written(sender: type[Any], account_ids: Iterable[int], **kwargs: Any) -> None:
    for account_id in big_maps(account_ids):
        queue(account_id)


def connect() -> None:
    contacts_written.connect(_written, dispatch_uid="draw-ahead-contacts-written")
    for model in (Contact, ContactLink, Relationship, VestedInterest):
        post_save.connect(_changed, sender=model, dispatch_uid=f"draw-ahead-save-{model.__name__}")
        post_delete.connect(
            _changed, sender=model, dispatch_uid=f"draw-ahead-delete-{model.__name__}"
        )
