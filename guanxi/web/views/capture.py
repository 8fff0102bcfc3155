"""Capturing the map on the Contacts tab: its sections, and the one way a small form works.

A section (contacts, links, our relationships, vested interests, practices) is a template
with its own id. Its "add" button fetches a compact form into the section's slot with htmx;
the form posts back; when saved, the whole section comes back, updated; with errors, only
the form does, into the slot. Without JavaScript the same URLs are plain pages: the form on
a page of its own, and a redirect back to the tab once saved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db.models import Model
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django_htmx.http import reswap, retarget

from guanxi.accounts.models import Account
from guanxi.core.access import can_see_sensitive
from guanxi.stakeholders.models import ContactLink, EntrenchedPractice, Relationship, VestedInterest
from guanxi.stakeholders.selectors import contact_list
from guanxi.web.forms import PageForm
from guanxi.web.views.base import (
    AuthenticatedRequest,
    form_page,
    save_or_show_errors,
    wants_fragment,
)

Context = dict[str, Any]


@dataclass(frozen=True)
class Section:
    key: str
    template: str
    # (request, account, may see sensitive data) → the rows it lists
    context: Callable[[AuthenticatedRequest, Account, bool], Context]

    @property
    def element_id(self) -> str:
        return f"{self.key}-section"

    @property
    def slot_id(self) -> str:
        return f"{self.key}-form-slot"


def _contacts(request: AuthenticatedRequest, account: Account, sensitive: bool) -> Context:
    return {"contacts": list(contact_list(request.user, account_id=account.pk))}


def _links(request: AuthenticatedRequest, account: Account, sensitive: bool) -> Context:
    links = ContactLink.objects.filter(account=account).select_related("from_contact", "to_contact")
    return {"links": list(links.order_by("from_contact__name_pinyin", "pk"))}


def _relationships(request: AuthenticatedRequest, account: Account, sensitive: bool) -> Context:
    relationships = Relationship.objects.filter(contact__account=account).select_related(
        "contact", "user"
    )
    return {
        "relationships": list(
            relationships.order_by("-contact__influence", "contact__name_pinyin", "-current_level")
        )
    }


def _interests(request: AuthenticatedRequest, account: Account, sensitive: bool) -> Context:
    if not sensitive:
        return {"interests": []}
    interests = VestedInterest.objects.filter(account=account).select_related(
        "contact", "ally", "owner"
    )
    return {"interests": list(interests.order_by("status", "-severity", "pk"))}


def _practices(request: AuthenticatedRequest, account: Account, sensitive: bool) -> Context:
    practices = EntrenchedPractice.objects.filter(account=account)
    return {"practices": list(practices.order_by("-blocks_us", "pk"))}


CONTACTS = Section("contacts", "web/components/capture/contacts.html", _contacts)
LINKS = Section("links", "web/components/capture/links.html", _links)
RELATIONSHIPS = Section(
    "relationships", "web/components/capture/relationships.html", _relationships
)
INTERESTS = Section("interests", "web/components/capture/interests.html", _interests)
PRACTICES = Section("practices", "web/components/capture/practices.html", _practices)
SECTIONS = (CONTACTS, LINKS, RELATIONSHIPS, INTERESTS, PRACTICES)


def contacts_tab_context(request: AuthenticatedRequest, account: Account) -> Context:
    """Everything the Contacts tab lists: one query per section, whatever the account's size."""
    sensitive = can_see_sensitive(request.user, account)
    context: Context = {"sensitive": sensitive}
    for section in SECTIONS:
        context |= section.context(request, account, sensitive)
    return context


def tab_url(account: Account, section: Section) -> str:
    return reverse("account-contacts", args=[account.pk]) + f"#{section.element_id}"


def section_response(
    request: AuthenticatedRequest, account: Account, section: Section, message: str
) -> HttpResponse:
    """After a write: the updated section for htmx, or back to the tab with a message."""
    if not wants_fragment(request):
        messages.success(request, message)
        return redirect(tab_url(account, section))
    sensitive = can_see_sensitive(request.user, account)
    context = section.context(request, account, sensitive) | {
        "account": account,
        "can_edit": True,
        "sensitive": sensitive,
        "saved": message,
    }
    return render(request, section.template, context)


def capture(
    request: AuthenticatedRequest,
    account: Account,
    *,
    section: Section,
    form: PageForm,
    save: Callable[[], Model],
    title: str,
    saved: str,
) -> HttpResponse:
    """The whole life of a small form: show it, validate it, save through a service."""
    if request.method == "POST" and form.is_valid():
        written: Model | None = save_or_show_errors(form, save)
        if written is not None:
            return section_response(request, account, section, saved)
    cancel_url = tab_url(account, section)
    if not wants_fragment(request):
        crumbs = [
            (gettext("Accounts"), reverse("accounts")),
            (account.name, reverse("account", args=[account.pk])),
            (gettext("Contacts"), cancel_url),
            (title, None),
        ]
        return form_page(request, form, title=title, breadcrumbs=crumbs, cancel_url=cancel_url)
    context = {
        "form": form,
        "title": title,
        "action": request.get_full_path(),
        "section": section,
        "cancel_url": cancel_url,
    }
    response = render(request, "web/components/capture/form.html", context)
    if request.method == "POST":
        # The errors go back into the slot the form came from; the section stays as it is.
        response = reswap(retarget(response, f"#{section.slot_id}"), "innerHTML")
    return response


def removed(
    request: AuthenticatedRequest,
    account: Account,
    section: Section,
    delete: Callable[[], None],
    message: str,
) -> HttpResponse:
    delete()
    return section_response(request, account, section, message)
