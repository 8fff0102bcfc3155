"""Glue shared by the pages: the typed request, fragments for htmx, edit rights, breadcrumbs."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from guanxi.accounts.models import Account
from guanxi.core.access import can_edit_account
from guanxi.web.forms import PageForm

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from guanxi.users.models import User


class AuthenticatedRequest(HttpRequest):
    """Every page but login sits behind LoginRequiredMiddleware, so `user` is a real User."""

    user: User  # type: ignore[assignment]
    htmx: HtmxDetails


Crumb = tuple[str, str | None]
SavedT = TypeVar("SavedT")


def wants_fragment(request: AuthenticatedRequest) -> bool:
    """An htmx request swaps a fragment in, except when htmx restores history from the server."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def render_page(
    request: AuthenticatedRequest,
    template: str,
    context: dict[str, Any],
    *,
    fragment: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """The whole page, or only `fragment` when htmx asks for it (not on a history restore)."""
    partial = fragment is not None and wants_fragment(request)
    name = f"{template}#{fragment}" if partial else template
    response = render(request, name, context, status=status)
    if fragment is not None:
        patch_vary_headers(response, ("HX-Request",))
    return response


def posted(request: HttpRequest) -> QueryDict | None:
    """The submitted data, or None for a fresh form (an empty POST still gets validated)."""
    return request.POST if request.method == "POST" else None


def require_edit(request: AuthenticatedRequest, account: Account) -> None:
    """Seen but read-only (executives) is a 403; unseen was already a 404."""
    if not can_edit_account(request.user, account):
        raise PermissionDenied


def form_page(
    request: AuthenticatedRequest,
    form: PageForm,
    *,
    title: str,
    breadcrumbs: list[Crumb],
    cancel_url: str,
) -> HttpResponse:
    context = {"title": title, "form": form, "cancel_url": cancel_url, "breadcrumbs": breadcrumbs}
    return render_page(request, "web/pages/form.html", context)


def save_or_show_errors(form: PageForm, save: Callable[[], SavedT]) -> SavedT | None:
    """Run a service in one transaction; its validation errors land on the form, nothing is written."""
    try:
        with transaction.atomic():
            return save()
    except ValidationError as error:
        form.add_error(None, error)
        return None
