"""The contact page, and creating and editing contacts."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from guanxi.accounts.models import Account
from guanxi.core.access import (
    account_for_user,
    can_edit_account,
    can_see_sensitive,
    contact_for_user,
)
from guanxi.stakeholders.models import Contact, ContactLink
from guanxi.stakeholders.pulse import contact_pulse
from guanxi.stakeholders.services import contact_create, contact_update
from guanxi.web.forms import ContactForm
from guanxi.web.views.base import (
    AuthenticatedRequest,
    Crumb,
    form_page,
    posted,
    render_page,
    require_edit,
    save_or_show_errors,
)

ACTIVITIES_SHOWN = 20


def _crumbs(account: Account, *tail: Crumb) -> list[Crumb]:
    return [
        (gettext("Accounts"), reverse("accounts")),
        (account.name, reverse("account", args=[account.pk])),
        (gettext("Contacts"), reverse("account-contacts", args=[account.pk])),
        *tail,
    ]


@require_GET
def contact_page(request: AuthenticatedRequest, contact_id: int) -> HttpResponse:
    contact = contact_for_user(request.user, contact_id)
    account = contact.account
    sensitive = can_see_sensitive(request.user, account)
    links_out = ContactLink.objects.filter(from_contact=contact).select_related("to_contact")
    links_in = ContactLink.objects.filter(to_contact=contact).select_related("from_contact")
    context = {
        "title": str(contact),
        "contact": contact,
        "account": account,
        "reports_to": Contact.objects.filter(pk=contact.reports_to_id).first()
        if contact.reports_to_id
        else None,
        "direct_reports": list(contact.direct_reports.order_by("name_pinyin", "pk")),
        "links": [(link, link.to_contact) for link in links_out]
        + [(link, link.from_contact) for link in links_in],
        "relationships": list(
            contact.relationships.select_related("user").order_by("-current_level", "pk")
        ),
        "activities": list(
            contact.activities.prefetch_related("participants").order_by("-date", "-pk")[
                :ACTIVITIES_SHOWN
            ]
        ),
        "sensitive": sensitive,
        "pulse": contact_pulse(contact, sensitive=sensitive),
        "interests": list(contact.vested_interests.select_related("ally", "owner"))
        if sensitive
        else [],
        "can_edit": can_edit_account(request.user, account),
        "breadcrumbs": _crumbs(account, (str(contact), None)),
    }
    return render_page(request, "web/pages/contact.html", context)


def _save(request: AuthenticatedRequest, form: ContactForm) -> Contact | None:
    fields = form.service_fields()
    if form.instance.pk is None:
        return save_or_show_errors(
            form,
            lambda: contact_create(actor=request.user, account=form.instance.account, **fields),
        )
    return save_or_show_errors(
        form, lambda: contact_update(actor=request.user, contact=form.instance, **fields)
    )


@require_http_methods(["GET", "POST"])
def contact_create_page(request: AuthenticatedRequest, account_id: int) -> HttpResponse:
    account = account_for_user(request.user, account_id)
    require_edit(request, account)
    form = ContactForm(
        posted(request),
        account=account,
        sensitive=can_see_sensitive(request.user, account),
        instance=Contact(account=account),
    )
    if request.method == "POST" and form.is_valid() and (contact := _save(request, form)):
        messages.success(request, gettext("Contact saved."))
        return redirect("contact", contact.pk)
    title = gettext("New contact")
    return form_page(
        request,
        form,
        title=title,
        breadcrumbs=_crumbs(account, (title, None)),
        cancel_url=reverse("account-contacts", args=[account.pk]),
    )


@require_http_methods(["GET", "POST"])
def contact_edit_page(request: AuthenticatedRequest, contact_id: int) -> HttpResponse:
    contact = contact_for_user(request.user, contact_id)
    account = contact.account
    require_edit(request, account)
    form = ContactForm(
        posted(request),
        account=account,
        sensitive=can_see_sensitive(request.user, account),
        instance=contact,
    )
    if request.method == "POST" and form.is_valid() and (saved := _save(request, form)):
        messages.success(request, gettext("Contact saved."))
        return redirect("contact", saved.pk)
    contact_url = reverse("contact", args=[contact.pk])
    title = gettext("Edit contact")
    return form_page(
        request,
        form,
        title=title,
        breadcrumbs=_crumbs(account, (str(contact), contact_url), (title, None)),
        cancel_url=contact_url,
    )
