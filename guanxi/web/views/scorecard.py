"""The account's Qualification tab: a scorecard that explains the score, the sales behind it
and the tier, with the override for those who may edit the account."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from guanxi.accounts.models import Account
from guanxi.core.access import account_for_user, can_edit_account, can_run_qualification
from guanxi.planning.mapper import latest_sales_date
from guanxi.planning.models import QualificationResult
from guanxi.planning.services import account_tier_override
from guanxi.web import scorecard_data
from guanxi.web.qualification_forms import TierOverrideForm
from guanxi.web.views.account_page import _tab_page
from guanxi.web.views.base import AuthenticatedRequest, require_edit
from guanxi.web.views.qualification_runs import pending_run


def _latest(account: Account) -> QualificationResult | None:
    return (
        QualificationResult.objects.filter(account=account, is_latest=True)
        .select_related("run__policy", "run__created_by")
        .first()
    )


def _scorecard(
    request: AuthenticatedRequest, account: Account, form: TierOverrideForm | None = None
) -> HttpResponse:
    result = _latest(account)
    as_of = result.run.as_of if result is not None else latest_sales_date()
    can_edit = can_edit_account(request.user, account)
    if form is None and can_edit:
        form = TierOverrideForm(
            initial={
                "tier_override": account.tier_override,
                "tier_override_reason": account.tier_override_reason,
            }
        )
    trend = scorecard_data.trend(account, as_of) if as_of is not None else None
    context: dict[str, Any] = {
        "result": result,
        "scorecard": scorecard_data.scorecard(result) if result is not None else None,
        "trend": trend,
        "trend_periods": scorecard_data.trend_periods(),
        "trend_rows": scorecard_data.trend_rows(trend) if trend is not None else [],
        "override_history": scorecard_data.override_history(account),
        "override_form": form if can_edit else None,
        "can_run": can_run_qualification(request.user),
        "run": pending_run(request),
        "next": request.path,
    }
    return _tab_page(request, account, "qualification", context)


@require_GET
def account_qualification(request: AuthenticatedRequest, account_id: int) -> HttpResponse:
    return _scorecard(request, account_for_user(request.user, account_id))


@require_POST
def account_tier_override_page(request: AuthenticatedRequest, account_id: int) -> HttpResponse:
    account = account_for_user(request.user, account_id)
    require_edit(request, account)
    form = TierOverrideForm(request.POST)
    if form.is_valid():
        try:
            with transaction.atomic():
                account_tier_override(
                    actor=request.user,
                    account=account,
                    tier=form.cleaned_data["tier_override"],
                    reason=form.cleaned_data["tier_override_reason"],
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("Tier saved."))
            return redirect("account-qualification", account.pk)
    account.refresh_from_db()  # the page shows what is stored, the form what was typed
    return _scorecard(request, account, form)
