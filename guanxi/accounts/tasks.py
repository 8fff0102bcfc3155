"""Background work on accounts (django-tasks): search keys for accounts created in bulk."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from guanxi.accounts.models import Account
from guanxi.domain.names import pinyin_full, pinyin_initials

BATCH = 2000


def search_keys(name: str) -> tuple[str, str]:
    """An account's pinyin keys; a name without any (all punctuation) keys itself, so that
    no account is left with an empty key for the task to take again."""
    return pinyin_full(name) or name.lower(), pinyin_initials(name)


@task()
def account_search_keys_task() -> int:
    """Fill the pinyin keys of accounts that have none (a big import leaves them empty:
    pypinyin needs ≈0.5 ms a name). Batch by batch, each in its own transaction, so
    searches see the keys as they come; returns how many accounts got keys."""
    done = 0
    while True:
        with transaction.atomic():
            batch = list(
                Account.objects.filter(name_pinyin="")
                .exclude(name="")
                .order_by("pk")
                .only("pk", "name")[:BATCH]
            )
            if not batch:
                return done
            for account in batch:
                account.name_pinyin, account.name_initials = search_keys(account.name)
            Account.objects.bulk_update(batch, ["name_pinyin", "name_initials"])
            done += len(batch)
