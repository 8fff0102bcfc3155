"""Logging and editing activities."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from guanxi.accounts.models import Account
from guanxi.activities.models import Activity, ActivityStatus
from guanxi.activities.services import activity_create, activity_update
from guanxi.core.access import account_for_user, activity_for_user
from guanxi.web.forms import ActivityForm
from guanxi.web.views.base import (
    AuthenticatedRequest,
    Crumb,
    form_page,
    posted,
    require_edit,
    save_or_show_errors,
)


def _crumbs(account: Account, title: str) -> list[Crumb]:
    return [
        (gettext("Accounts"), reverse("accounts")),
        (account.name, reverse("account", args=[account.pk])),
        (gettext("Activities"), reverse("account-activities", args=[account.pk])),
        (title, None),
    ]


def _save(request: AuthenticatedRequest, form: ActivityForm) -> Activity | None:
    fields = form.service_fields()
    people = {
        "participants": form.cleaned_data["participants"],
        "contacts_met": form.cleaned_data["contacts_met"],
    }
    if form.instance.pk is None:
        account = form.instance.account
        return save_or_show_errors(
            form, lambda: activity_create(actor=request.user, account=account, **people, **fields)
        )
    return save_or_show_errors(
        form,
        lambda: activity_update(actor=request.user, activity=form.instance, **people, **fields),
    )


def _activity_form_page(
    request: AuthenticatedRequest, form: ActivityForm, account: Account, title: str
) -> HttpResponse:
    return form_page(
        request,
        form,
        title=title,
        breadcrumbs=_crumbs(account, title),
        cancel_url=reverse("account-activities", args=[account.pk]),
    )


@require_http_methods(["GET", "POST"])
def activity_create_page(request: AuthenticatedRequest, account_id: int) -> HttpResponse:
    account = account_for_user(request.user, account_id)
    require_edit(request, account)
    initial = {
        "date": timezone.localdate(),
        "status": ActivityStatus.DONE,
        "participants": [request.user.pk],
    }
    form = ActivityForm(
        posted(request), account=account, instance=Activity(account=account), initial=initial
    )
    if request.method == "POST" and form.is_valid() and _save(request, form):
        messages.success(request, gettext("Activity saved."))
        return redirect("account-activities", account.pk)
    return _activity_form_page(request, form, account, gettext("Log an activity"))


@require_http_methods(["GET", "POST"])
def activity_edit_page(request: AuthenticatedRequest, activity_id: int) -> HttpResponse:
    activity = activity_for_user(request.user, activity_id)
    account = activity.account
    require_edit(request, account)
    form = ActivityForm(posted(request), account=account, instance=activity)
    if request.method == "POST" and form.is_valid() and _save(request, form):
        messages.success(request, gettext("Activity saved."))
        return redirect("account-activities", account.pk)
    return _activity_form_page(request, form, account, gettext("Edit activity"))
