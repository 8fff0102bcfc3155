"""The policy editor, for admins: every save is a new version; old versions stay with their runs.

To anyone else these pages do not exist (404), like every record they may not see.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from guanxi.core.access import is_admin
from guanxi.domain.qualification import policy as domain_policy
from guanxi.planning.models import QualificationPolicy
from guanxi.planning.selectors import qualification_policy_latest
from guanxi.planning.services import (
    qualification_policy_create,
    qualification_policy_default,
    qualification_policy_make_default,
    qualification_policy_update,
)
from guanxi.web.policy_forms import PolicyForm
from guanxi.web.qualification_forms import StyledForm
from guanxi.web.views.base import AuthenticatedRequest, render_page

VERSIONS_SHOWN = 200


class NewPolicyForm(StyledForm):
    name = forms.CharField(label=_("Name"), max_length=100)
    base = forms.ModelChoiceField(
        label=_("Start from"), queryset=QualificationPolicy.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        base = self.fields["base"]
        assert isinstance(base, forms.ModelChoiceField)
        base.queryset = QualificationPolicy.objects.order_by("name", "-version")


def _admin_only(request: AuthenticatedRequest) -> None:
    if not is_admin(request.user):
        raise Http404


def _policy(policy_id: int) -> QualificationPolicy:
    policy = QualificationPolicy.objects.filter(pk=policy_id).first()
    if policy is None:
        raise Http404
    return policy


def _list_page(request: AuthenticatedRequest, new_form: NewPolicyForm) -> HttpResponse:
    versions = list(
        QualificationPolicy.objects.select_related("created_by")
        .annotate(run_count=Count("runs"))
        .order_by("name", "-version")[:VERSIONS_SHOWN]
    )
    policies: dict[str, list[QualificationPolicy]] = {}
    for version in versions:
        policies.setdefault(version.name, []).append(version)
    context = {
        "title": gettext("Qualification policies"),
        "breadcrumbs": [(gettext("Qualification policies"), None)],
        "policies": list(policies.values()),
        "new_form": new_form,
    }
    return render_page(request, "web/pages/policies.html", context)


@require_GET
def policy_list_page(request: AuthenticatedRequest) -> HttpResponse:
    _admin_only(request)
    qualification_policy_default()  # so that there is always one to edit
    return _list_page(request, NewPolicyForm(initial={"base": qualification_policy_default()}))


@require_POST
def policy_create_page(request: AuthenticatedRequest) -> HttpResponse:
    _admin_only(request)
    form = NewPolicyForm(request.POST)
    if form.is_valid():
        try:
            policy = qualification_policy_create(
                actor=request.user,
                name=form.cleaned_data["name"].strip(),
                definition=form.cleaned_data["base"].definition,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("Policy created; adjust it below."))
            return redirect("policy-edit", policy.pk)
    return _list_page(request, form)


@require_http_methods(["GET", "POST"])
def policy_edit_page(request: AuthenticatedRequest, policy_id: int) -> HttpResponse:
    _admin_only(request)
    policy = _policy(policy_id)
    latest = qualification_policy_latest(policy.name)
    definition = domain_policy.to_dict(domain_policy.from_dict(policy.definition))
    is_default = bool(latest and latest.is_default)
    form = PolicyForm(
        request.POST if request.method == "POST" else None,
        definition=definition,
        is_default=is_default,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = qualification_policy_update(
                actor=request.user,
                policy=policy,
                definition=form.definition(),
                is_default=True if form.cleaned_data["make_default"] else None,
            )
        except ValidationError as error:
            form.add_problems(error)
        else:
            messages.success(
                request,
                gettext("Saved as %(name)s v%(version)s.")
                % {"name": saved.name, "version": saved.version},
            )
            return redirect("policies")
    title = gettext("Edit policy %(name)s") % {"name": policy.name}
    context = {
        "title": title,
        "breadcrumbs": [
            (gettext("Qualification policies"), reverse("policies")),
            (f"{policy.name} v{policy.version}", None),
        ],
        "policy": policy,
        "latest": latest,
        "form": form,
    }
    return render_page(request, "web/pages/policy_edit.html", context)


@require_POST
def policy_make_default_page(request: AuthenticatedRequest, policy_id: int) -> HttpResponse:
    _admin_only(request)
    policy = qualification_policy_make_default(actor=request.user, policy=_policy(policy_id))
    messages.success(
        request,
        gettext("%(name)s v%(version)s is now the default policy.")
        % {"name": policy.name, "version": policy.version},
    )
    return redirect("policies")
