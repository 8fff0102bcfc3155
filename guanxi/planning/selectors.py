"""Reads of qualification, always through the one access rule."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast

from guanxi.core.access import account_for_user, visible_accounts
from guanxi.planning.models import QualificationPolicy, QualificationResult, QualificationRun

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from guanxi.users.models import User


def qualification_latest_results(
    user: User | AnonymousUser,
    *,
    tier: str = "",
    flag: str = "",
    min_score: float | None = None,
) -> QuerySet[QualificationResult]:
    """Each visible account's newest result, best score first."""
    results = QualificationResult.objects.filter(
        is_latest=True, account__in=visible_accounts(user).values("pk")
    )
    if tier:
        results = results.filter(tier=tier)
    if flag:
        # A JSON list's text holds each flag in quotes; works alike on SQLite and PostgreSQL.
        results = results.annotate(flags_text=Cast("flags", TextField())).filter(
            flags_text__contains=f'"{flag}"'
        )
    if min_score is not None:
        results = results.filter(score__gte=min_score)
    return results.select_related("account", "run__policy").order_by("-score", "account_id")


def qualification_result_for_account(
    user: User | AnonymousUser, account_id: int
) -> QualificationResult | None:
    """The account's newest result (Http404 if the account is not the user's to see)."""
    account = account_for_user(user, account_id)
    return (
        QualificationResult.objects.filter(account=account, is_latest=True)
        .select_related("account", "run__policy")
        .first()
    )


def qualification_policy_list() -> QuerySet[QualificationPolicy]:
    """The latest version of each policy, by name."""
    newest = QualificationPolicy.objects.order_by("name", "-version")
    latest_ids: dict[str, int] = {}
    for pk, name in newest.values_list("pk", "name"):
        latest_ids.setdefault(name, pk)
    return QualificationPolicy.objects.filter(pk__in=latest_ids.values()).order_by("name")


def qualification_policy_latest(name: str) -> QualificationPolicy | None:
    return QualificationPolicy.objects.filter(name=name).order_by("-version").first()


def qualification_run_results(run: QualificationRun) -> list[QualificationResult]:
    """A run's results, best score first, with their accounts."""
    return list(run.results.select_related("account").order_by("-score", "account__customer_code"))
