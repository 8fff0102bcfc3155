"""/api/v1/qualification: scores, flags and tiers (R1) for the accounts you can see; policies."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.errors import HttpError

from guanxi.api.auth import api_user
from guanxi.api.pagination import page
from guanxi.api.schemas import (
    PolicyIn,
    PolicyOut,
    PolicyUpdate,
    QualificationDetailOut,
    QualificationFilters,
    QualificationPage,
    QualificationRunIn,
    QualificationRunOut,
)
from guanxi.core.access import can_run_qualification, is_admin, visible_accounts
from guanxi.planning.models import QualificationPolicy, QualificationResult, QualificationRun
from guanxi.planning.selectors import (
    qualification_latest_results,
    qualification_policy_latest,
    qualification_policy_list,
    qualification_result_for_account,
)
from guanxi.planning.services import (
    qualification_policy_create,
    qualification_policy_default,
    qualification_policy_update,
    qualification_run,
)
from guanxi.users.models import User

router = Router(tags=["qualification"])


@router.get("", response=QualificationPage, summary="Each visible account's latest result")
def list_results(request: HttpRequest, filters: Query[QualificationFilters]) -> dict[str, Any]:
    results = qualification_latest_results(
        api_user(request),
        tier=filters.tier or "",
        flag=filters.flag or "",
        min_score=filters.min_score,
    )
    return page(request, results, filters)


@router.get(
    "/{int:account_id}", response=QualificationDetailOut, summary="One account's result, explained"
)
def get_result(request: HttpRequest, account_id: int) -> QualificationResult:
    result = qualification_result_for_account(api_user(request), account_id)
    if result is None:
        raise HttpError(404, _("This account has not been qualified yet."))
    return result


@router.post("/runs", response={201: QualificationRunOut}, summary="Qualify your accounts now")
def create_run(request: HttpRequest, payload: QualificationRunIn) -> Status[QualificationRun]:
    user = api_user(request)
    if not can_run_qualification(user):
        raise HttpError(403, _("Only managers and admins qualify accounts."))
    policy = _policy(payload.policy) if payload.policy else qualification_policy_default()
    run = qualification_run(
        actor=user, policy=policy, as_of=payload.as_of, accounts=visible_accounts(user)
    )
    return Status(201, run)


@router.get("/policies", response=list[PolicyOut], summary="The latest version of each policy")
def list_policies(request: HttpRequest) -> list[QualificationPolicy]:
    qualification_policy_default()  # so that there is always one to see
    return list(qualification_policy_list().select_related("created_by"))


@router.post("/policies", response={201: PolicyOut}, summary="Create a policy (admins)")
def create_policy(request: HttpRequest, payload: PolicyIn) -> Status[QualificationPolicy]:
    user = _admin(request)
    policy = qualification_policy_create(
        actor=user, name=payload.name, definition=payload.definition, is_default=payload.is_default
    )
    return Status(201, policy)


@router.put(
    "/policies/{name}", response=PolicyOut, summary="Change a policy: a new version (admins)"
)
def update_policy(request: HttpRequest, name: str, payload: PolicyUpdate) -> QualificationPolicy:
    user = _admin(request)
    return qualification_policy_update(
        actor=user,
        policy=_policy(name),
        definition=payload.definition,
        is_default=payload.is_default,
    )


def _admin(request: HttpRequest) -> User:
    user = api_user(request)
    if not is_admin(user):
        raise HttpError(403, _("Only admins set qualification policies."))
    return user


def _policy(name: str) -> QualificationPolicy:
    policy = qualification_policy_latest(name)
    if policy is None:
        raise Http404
    return policy
