"""Adding and removing what hangs between people: links, our relationships, vested
interests (only inside the sensitive circle: outside it they do not exist), practices."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from guanxi.accounts.models import Account
from guanxi.core.access import (
    account_for_user,
    can_see_sensitive,
    contact_link_for_user,
    interest_for_user,
    practice_for_user,
    relationship_for_user,
)
from guanxi.stakeholders.models import ContactLink, EntrenchedPractice, VestedInterest
from guanxi.stakeholders.services import (
    contact_link_create,
    contact_link_delete,
    entrenched_practice_create,
    entrenched_practice_delete,
    entrenched_practice_update,
    relationship_delete,
    relationship_set,
    vested_interest_create,
    vested_interest_delete,
    vested_interest_update,
)
from guanxi.web.capture_forms import InterestForm, LinkForm, PracticeForm, RelationshipForm
from guanxi.web.views.base import AuthenticatedRequest, posted, require_edit
from guanxi.web.views.capture import INTERESTS, LINKS, PRACTICES, RELATIONSHIPS, capture, removed


def _editable(request: AuthenticatedRequest, account_id: int) -> Account:
    account = account_for_user(request.user, account_id)
    require_edit(request, account)
    return account


def _sensitive(request: AuthenticatedRequest, account: Account) -> None:
    """Vested interests: unseen (404) before read-only (403), like everything else."""
    if not can_see_sensitive(request.user, account):
        raise Http404
    require_edit(request, account)


@require_http_methods(["GET", "POST"])
def link_create(request: AuthenticatedRequest, account_id: int) -> HttpResponse:
    account = _editable(request, account_id)
    form = LinkForm(posted(request), account=account, instance=ContactLink(account=account))
    return capture(
        request,
        account,
        section=LINKS,
        form=form,
        save=lambda: contact_link_create(
            actor=request.user, account=account, **form.service_fields()
        ),
        title=gettext("Link two people"),
        saved=gettext("Link saved."),
    )


@require_POST
def link_delete(request: AuthenticatedRequest, link_id: int) -> HttpResponse:
    link = contact_link_for_user(request.user, link_id)
    require_edit(request, link.account)
    return removed(
        request,
        link.account,
        LINKS,
        lambda: contact_link_delete(actor=request.user, link=link),
        gettext("Link removed."),
    )


@require_http_methods(["GET", "POST"])
def relationship_create(request: AuthenticatedRequest, account_id: int) -> HttpResponse:
    account = _editable(request, account_id)
    form = RelationshipForm(posted(request), account=account, actor=request.user)
    return capture(
        request,
        account,
        section=RELATIONSHIPS,
        form=form,
        save=lambda: relationship_set(actor=request.user, **form.service_fields()),
        title=gettext("Our relationship with someone"),
        saved=gettext("Relationship saved."),
    )


@require_POST
def relationship_remove(request: AuthenticatedRequest, relationship_id: int) -> HttpResponse:
    relationship = relationship_for_user(request.user, relationship_id)
    account = relationship.contact.account
    require_edit(request, account)
    return removed(
        request,
        account,
        RELATIONSHIPS,
        lambda: relationship_delete(actor=request.user, relationship=relationship),
        gettext("Relationship removed."),
    )


@require_http_methods(["GET", "POST"])
def interest_create(request: AuthenticatedRequest, account_id: int) -> HttpResponse:
    account = account_for_user(request.user, account_id)
    _sensitive(request, account)
    interest = VestedInterest(account=account)
    form = InterestForm(posted(request), account=account, actor=request.user, instance=interest)
    return capture(
        request,
        account,
        section=INTERESTS,
        form=form,
        save=lambda: vested_interest_create(
            actor=request.user, account=account, **form.service_fields()
        ),
        title=gettext("A vested interest"),
        saved=gettext("Vested interest saved."),
    )


@require_http_methods(["GET", "POST"])
def interest_edit(request: AuthenticatedRequest, interest_id: int) -> HttpResponse:
    interest = interest_for_user(request.user, interest_id)
    account = interest.account
    _sensitive(request, account)
    form = InterestForm(posted(request), account=account, actor=request.user, instance=interest)
    return capture(
        request,
        account,
        section=INTERESTS,
        form=form,
        save=lambda: vested_interest_update(
            actor=request.user, interest=interest, **form.service_fields()
        ),
        title=gettext("A vested interest"),
        saved=gettext("Vested interest saved."),
    )


@require_POST
def interest_delete(request: AuthenticatedRequest, interest_id: int) -> HttpResponse:
    interest = interest_for_user(request.user, interest_id)
    _sensitive(request, interest.account)
    return removed(
        request,
        interest.account,
        INTERESTS,
        lambda: vested_interest_delete(actor=request.user, interest=interest),
        gettext("Vested interest removed."),
    )


@require_http_methods(["GET", "POST"])
def practice_create(request: AuthenticatedRequest, account_id: int) -> HttpResponse:
    account = _editable(request, account_id)
    practice = EntrenchedPractice(account=account)
    form = PracticeForm(posted(request), instance=practice)
    return capture(
        request,
        account,
        section=PRACTICES,
        form=form,
        save=lambda: entrenched_practice_create(
            actor=request.user, account=account, **form.service_fields()
        ),
        title=gettext("An entrenched practice"),
        saved=gettext("Practice saved."),
    )


@require_http_methods(["GET", "POST"])
def practice_edit(request: AuthenticatedRequest, practice_id: int) -> HttpResponse:
    practice = practice_for_user(request.user, practice_id)
    require_edit(request, practice.account)
    form = PracticeForm(posted(request), instance=practice)
    return capture(
        request,
        practice.account,
        section=PRACTICES,
        form=form,
        save=lambda: entrenched_practice_update(
            actor=request.user, practice=practice, **form.service_fields()
        ),
        title=gettext("An entrenched practice"),
        saved=gettext("Practice saved."),
    )


@require_POST
def practice_delete(request: AuthenticatedRequest, practice_id: int) -> HttpResponse:
    practice = practice_for_user(request.user, practice_id)
    require_edit(request, practice.account)
    return removed(
        request,
        practice.account,
        PRACTICES,
        lambda: entrenched_practice_delete(actor=request.user, practice=practice),
        gettext("Practice removed."),
    )
