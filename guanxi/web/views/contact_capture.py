"""Quick add and edit of people on the Contacts tab, placeholders, and marking who left."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from guanxi.core.access import account_for_user, contact_for_user
from guanxi.stakeholders.models import Contact
from guanxi.stakeholders.services import contact_create, contact_mark_left, contact_update
from guanxi.web.capture_forms import LeftForm, QuickContactForm
from guanxi.web.views.base import AuthenticatedRequest, posted, require_edit
from guanxi.web.views.capture import CONTACTS, capture


@require_http_methods(["GET", "POST"])
def contact_quick_create(request: AuthenticatedRequest, account_id: int) -> HttpResponse:
    account = account_for_user(request.user, account_id)
    require_edit(request, account)
    placeholder = request.GET.get("placeholder") == "1"
    form = QuickContactForm(
        posted(request),
        account=account,
        instance=Contact(account=account),
        initial={"is_placeholder": placeholder},
    )
    return capture(
        request,
        account,
        section=CONTACTS,
        form=form,
        save=lambda: contact_create(actor=request.user, account=account, **form.service_fields()),
        title=gettext("Known role, holder unknown") if placeholder else gettext("Add a person"),
        saved=gettext("Contact saved."),
    )


@require_http_methods(["GET", "POST"])
def contact_quick_edit(request: AuthenticatedRequest, contact_id: int) -> HttpResponse:
    contact = contact_for_user(request.user, contact_id)
    account = contact.account
    require_edit(request, account)
    form = QuickContactForm(posted(request), account=account, instance=contact)
    return capture(
        request,
        account,
        section=CONTACTS,
        form=form,
        save=lambda: contact_update(actor=request.user, contact=contact, **form.service_fields()),
        title=gettext("Edit %(name)s") % {"name": contact},
        saved=gettext("Contact saved."),
    )


@require_http_methods(["GET", "POST"])
def contact_left(request: AuthenticatedRequest, contact_id: int) -> HttpResponse:
    contact = contact_for_user(request.user, contact_id)
    account = contact.account
    require_edit(request, account)
    form = LeftForm(posted(request), instance=contact)
    return capture(
        request,
        account,
        section=CONTACTS,
        form=form,
        save=lambda: contact_mark_left(
            actor=request.user,
            contact=contact,
            left_on=form.cleaned_data["left_on"],
            left_to=form.cleaned_data["left_to"],
        ),
        title=gettext("%(name)s has left the company") % {"name": contact},
        saved=gettext("Marked as left."),
    )
