"""Creating and editing accounts."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from guanxi.accounts.models import Account
from guanxi.accounts.services import account_competitors_set, account_create, account_update
from guanxi.core.access import account_for_user, can_create_accounts
from guanxi.web.forms import AccountForm
from guanxi.web.views.base import (
    AuthenticatedRequest,
    Crumb,
    form_page,
    posted,
    require_edit,
    save_or_show_errors,
)


def _account_form_page(
    request: AuthenticatedRequest, form: AccountForm, account: Account | None
) -> HttpResponse:
    accounts_url = reverse("accounts")
    if account is None:
        title = gettext("New account")
        crumbs: list[Crumb] = [(gettext("Accounts"), accounts_url), (title, None)]
        return form_page(request, form, title=title, breadcrumbs=crumbs, cancel_url=accounts_url)
    title = gettext("Edit account")
    account_url = reverse("account", args=[account.pk])
    crumbs = [(gettext("Accounts"), accounts_url), (account.name, account_url), (title, None)]
    return form_page(request, form, title=title, breadcrumbs=crumbs, cancel_url=account_url)


def _save_account(request: AuthenticatedRequest, form: AccountForm) -> Account | None:
    fields = form.service_fields()
    if form.instance.pk is None and "owner" not in form.fields:
        fields["owner"] = request.user  # a KAM owns what they create
    competitors = form.cleaned_data["incumbent_competitors"]

    def save() -> Account:
        if form.instance.pk is None:
            account = account_create(actor=request.user, **fields)
        else:
            account = account_update(actor=request.user, account=form.instance, **fields)
        account_competitors_set(actor=request.user, account=account, competitors=competitors)
        return account

    return save_or_show_errors(form, save)


@require_http_methods(["GET", "POST"])
def account_create_page(request: AuthenticatedRequest) -> HttpResponse:
    if not can_create_accounts(request.user):
        raise PermissionDenied
    form = AccountForm(posted(request), user=request.user, initial={"owner": request.user.pk})
    if request.method == "POST" and form.is_valid():
        account = _save_account(request, form)
        if account is not None:
            messages.success(request, gettext("Account saved."))
            return redirect("account", account.pk)
    return _account_form_page(request, form, None)


@require_http_methods(["GET", "POST"])
def account_edit_page(request: AuthenticatedRequest, account_id: int) -> HttpResponse:
    account = account_for_user(request.user, account_id)
    require_edit(request, account)
    form = AccountForm(posted(request), user=request.user, instance=account)
    if request.method == "POST" and form.is_valid():
        saved = _save_account(request, form)
        if saved is not None:
            messages.success(request, gettext("Account saved."))
            return redirect("account", saved.pk)
    return _account_form_page(request, form, account)
