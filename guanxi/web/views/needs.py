"""Recording and editing the customer's needs."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from guanxi.accounts.models import Account
from guanxi.core.access import account_for_user, need_for_user
from guanxi.needs.models import Need
from guanxi.needs.services import need_create, need_update
from guanxi.web.forms import NeedForm
from guanxi.web.views.base import (
    AuthenticatedRequest,
    form_page,
    posted,
    require_edit,
    save_or_show_errors,
)


def _save(request: AuthenticatedRequest, form: NeedForm) -> Need | None:
    fields = form.service_fields()
    if form.instance.pk is None:
        account = form.instance.account
        return save_or_show_errors(
            form, lambda: need_create(actor=request.user, account=account, **fields)
        )
    return save_or_show_errors(
        form, lambda: need_update(actor=request.user, need=form.instance, **fields)
    )


def _need_form_page(
    request: AuthenticatedRequest, form: NeedForm, account: Account, title: str
) -> HttpResponse:
    needs_url = reverse("account-needs", args=[account.pk])
    crumbs = [
        (gettext("Accounts"), reverse("accounts")),
        (account.name, reverse("account", args=[account.pk])),
        (gettext("Needs"), needs_url),
        (title, None),
    ]
    return form_page(request, form, title=title, breadcrumbs=crumbs, cancel_url=needs_url)


@require_http_methods(["GET", "POST"])
def need_create_page(request: AuthenticatedRequest, account_id: int) -> HttpResponse:
    account = account_for_user(request.user, account_id)
    require_edit(request, account)
    form = NeedForm(posted(request), account=account, instance=Need(account=account))
    if request.method == "POST" and form.is_valid() and _save(request, form):
        messages.success(request, gettext("Need saved."))
        return redirect("account-needs", account.pk)
    return _need_form_page(request, form, account, gettext("New need"))


@require_http_methods(["GET", "POST"])
def need_edit_page(request: AuthenticatedRequest, need_id: int) -> HttpResponse:
    need = need_for_user(request.user, need_id)
    account = need.account
    require_edit(request, account)
    form = NeedForm(posted(request), account=account, instance=need)
    if request.method == "POST" and form.is_valid() and _save(request, form):
        messages.success(request, gettext("Need saved."))
        return redirect("account-needs", account.pk)
    return _need_form_page(request, form, account, gettext("Edit need"))
