"""Personal API tokens: each person creates and revokes their own; the raw value is shown once."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from guanxi.users.models import ApiToken
from guanxi.users.services import api_token_create, api_token_revoke
from guanxi.web.forms import PageForm
from guanxi.web.views.base import AuthenticatedRequest, render_page


class TokenForm(PageForm):
    class Meta:
        model = ApiToken
        fields = ["name"]
        help_texts = {"name": _("What the token is for, e.g. “ERP sync”.")}


@require_http_methods(["GET", "POST"])
def token_list_page(request: AuthenticatedRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        _token, new_token = api_token_create(user=request.user, name=form.cleaned_data["name"])
        form = TokenForm()
    context = {
        "title": gettext("API tokens"),
        "breadcrumbs": [(gettext("API tokens"), None)],
        "tokens": request.user.api_tokens.order_by("-created_at"),
        "form": form,
        "new_token": new_token,
    }
    return render_page(request, "web/pages/tokens.html", context)


@require_POST
def token_revoke(request: AuthenticatedRequest, token_id: int) -> HttpResponse:
    token = ApiToken.objects.filter(user=request.user, pk=token_id).first()
    if token is None:
        raise Http404
    if token.revoked_at is None:
        api_token_revoke(token=token)
        messages.success(
            request, gettext("The token %(name)s no longer works.") % {"name": token.name}
        )
    return redirect("tokens")
