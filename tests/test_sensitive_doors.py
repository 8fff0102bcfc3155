"""Sensitive data through every door (DESIGN.md §3, §8).

A vested interest and a personal note reach the account team, their managers and
executives, and nobody else: not an outsider, not a colleague of the same sales team who is
not on the account team, not the manager of another team, not sales operations (admin), who
do see the account itself, nor the operator at the command line.

One world, whose note (its current and its former text) and interest carry unique markers.
Every page, API answer, search, admin page and CLI view is read in full as each of those
people, and no marker may appear. The same doors must carry them for the account team where
they are meant to, so that this cannot pass by showing nothing. Two guards fail when a new
page or GET endpoint appears that is not listed here: a new door has to be looked at.

The web offers no export or download of people today (the only download, sales-import
rejects, holds sales lines); the map's print button prints the map page as it is, so the
drawing and the table view read here are what goes on paper.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from click.testing import CliRunner
from django.test import Client
from django.urls import URLPattern, reverse
from django.utils import translation

from guanxi.activities.models import Activity
from guanxi.cli.main import cli
from guanxi.needs.models import Need
from guanxi.stakeholders.models import (
    Contact,
    ContactLink,
    EntrenchedPractice,
    Relationship,
    VestedInterest,
)
from guanxi.stakeholders.services import (
    contact_link_create,
    contact_update,
    entrenched_practice_create,
    relationship_set,
    vested_interest_create,
)
from guanxi.users.models import User
from guanxi.web import urls as web_urls
from tests.conftest import World
from tests.factories import ActivityFactory, ContactFactory, NeedFactory, UserFactory
from tests.web.conftest import client_for

NOTE_MARK = "GXNOTE-4f7c"
OLD_NOTE_MARK = "GXNOTE-OLD-1d2a"
INTEREST_MARK = "GXINTEREST-9b2e"
MARKERS = (NOTE_MARK, OLD_NOTE_MARK, INTEREST_MARK)
NOTE = f"{NOTE_MARK} 女儿在深圳读国际学校"
OLD_NOTE = f"{OLD_NOTE_MARK} 喜欢打高尔夫"
INTEREST = f"{INTEREST_MARK} 现供应商每单返点百分之三"
# The interest's kind, as the words of a sensitive insight and as its code in JSON.
KIND_WORDS = "Kickback from the incumbent"
KIND_CODE = "kickback"
HTMX = {"HX-Request": "true"}
AS_OF = "2026-11-27"

OUTSIDE = ["outsider", "colleague", "other_manager", "admin"]
INSIDE = ["owner", "teammate", "manager", "executive"]


@dataclass
class Secrets:
    world: World
    colleague: User  # same sales team as the owner, not on the account team
    holder: Contact
    ally: Contact
    interest: VestedInterest
    link: ContactLink
    relationship: Relationship
    practice: EntrenchedPractice
    activity: Activity
    need: Need

    def persona(self, name: str) -> User:
        return self.colleague if name == "colleague" else getattr(self.world, name)


@pytest.fixture
def secrets(world: World) -> Secrets:
    owner, account = world.owner, world.account
    User.objects.filter(pk=world.admin.pk).update(is_staff=True)  # the Django admin is a door
    world.admin.refresh_from_db()
    colleague = UserFactory(username="colleague", team=owner.team)
    holder = account.contacts.get()  # 张伟, 采购总监
    contact_update(
        actor=owner, contact=holder, personal_notes=OLD_NOTE, influence=5, stance=-2,
        buying_roles=["decision_maker"],
    )  # fmt: skip
    contact_update(actor=owner, contact=holder, personal_notes=NOTE)  # history has both
    ally = ContactFactory(account=account, name="王芳", title="总经理", influence=4, stance=2)
    interest = vested_interest_create(
        actor=owner, account=account, contact=holder, kind=KIND_CODE, description=INTEREST,
        severity=3, owner=owner,
    )  # fmt: skip
    activity = ActivityFactory(account=account, subject="工厂参观", date="2026-11-20")
    activity.contacts_met.set([holder])
    return Secrets(
        world=world,
        colleague=colleague,
        holder=holder,
        ally=ally,
        interest=interest,
        link=contact_link_create(
            actor=owner, account=account, from_contact=ally, to_contact=holder, kind="influence"
        ),
        relationship=relationship_set(
            actor=owner, contact=holder, user=owner, current_level=2, target_level=4
        ),
        practice=entrenched_practice_create(
            actor=owner, account=account, description="年底集中采购"
        ),
        activity=activity,
        need=NeedFactory(account=account, source_contact=holder),
    )


@pytest.fixture(autouse=True)
def _english_and_forgotten(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("GUANXI_LANGUAGE", "en")
    yield
    translation.deactivate()  # the CLI activates the terminal's language for the process


def body_of(response: Any) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


def leaks(text: str) -> list[str]:
    return [marker for marker in MARKERS if marker in text]


# ---- the doors -----------------------------------------------------------------------------

Door = tuple[str, dict[str, str]]  # a URL, and the request's headers


def web_doors(s: Secrets) -> dict[str, list[Door]]:
    """Every page that shows records, by URL name; searches by name and by part of a marker."""
    account, holder = [s.world.account.pk], [s.holder.pk]
    searches = ["", "?q=4f7c", "?q=9b2e", "?q=返点", "?q=张伟", "?q=zhangwei", "?q=zw"]
    doors: dict[str, list[Door]] = {
        "accounts": [(reverse("accounts") + query, {}) for query in searches],
        "insights": [(reverse("insights"), {}), (reverse("insights") + "?scope=all", {})],
        "portfolio": [(reverse("portfolio"), {})],
        "account-map": [
            (reverse("account-map", args=account), {}),
            (reverse("account-map", args=account) + "?view=table", {}),
            (reverse("account-map", args=account) + "?view=table", HTMX),
            (reverse("account-map", args=account) + "?ties=1", {}),
        ],
        "account-map-ties": [(reverse("account-map-ties", args=account), {})],
        "account-contacts": [
            (reverse("account-contacts", args=account), {}),
            (reverse("account-contacts", args=account), HTMX),
        ],
        "account-map-insights": [
            (reverse("account-map-insights", args=account), {}),
            (reverse("account-map-insights", args=account), HTMX),
        ],
        "account-map-pulse": [
            (reverse("account-map-pulse", args=account), {}),
            (reverse("account-map-pulse", args=account), HTMX),
        ],
        "contact-quick-create": [(reverse("contact-quick-create", args=account), HTMX)],
        "contact-panel": [(reverse("contact-panel", args=holder), HTMX)],
        "contact-quick-edit": [(reverse("contact-quick-edit", args=holder), HTMX)],
        "interest-edit": [(reverse("interest-edit", args=[s.interest.pk]), {})],
        "practice-edit": [(reverse("practice-edit", args=[s.practice.pk]), {})],
        "activity-edit": [(reverse("activity-edit", args=[s.activity.pk]), {})],
        "need-edit": [(reverse("need-edit", args=[s.need.pk]), {})],
    }
    by_account = [
        "account", "account-edit", "account-activities", "account-needs",
        "account-qualification", "contact-create", "activity-create",
        "need-create", "link-create", "relationship-create", "interest-create", "practice-create",
    ]  # fmt: skip
    for name in by_account:
        doors[name] = [(reverse(name, args=account), {})]
    for name in ("contact", "contact-edit", "contact-left"):
        doors[name] = [(reverse(name, args=holder), {})]
    return doors


# Pages that show no contact, interest or note, with the reason.
NOT_DOORS = {
    "login": "the login form",
    "logout": "signs out",
    "healthz": "says the app is up",
    "set_language": "switches the language",
    "tokens": "the user's own API tokens",
    "token-revoke": "POST only: revokes a token",
    "account-create": "a blank form",
    "account-tier-override": "POST only: sets the account's tier",
    "link-delete": "POST only: answers the links section (tests/web/test_capture.py)",
    "relationship-delete": "POST only: answers the relationships section",
    "interest-delete": "POST only: 404 outside the circle (tests/web/test_capture.py)",
    "practice-delete": "POST only: answers the practices section",
    "qualification-run": "starts a qualification run: scores, no people",
    "qualification-run-status": "a run's progress",
    "policies": "qualification policies",
    "policy-create": "qualification policies",
    "policy-edit": "qualification policies",
    "policy-default": "qualification policies",
    "sales-import": "sales lines: no people",
    "sales-import-job": "sales lines: no people",
    "sales-import-job-import": "sales lines: no people",
    "sales-import-rejects": "the uploaded sales file's own rejected rows",
    "sales-import-preview": "sales lines: no people",
}


def admin_doors(s: Secrets) -> list[str]:
    """The Django admin, for sales operations: contacts without notes, no interests at all."""
    contact = f"/admin/stakeholders/contact/{s.holder.pk}"
    account = f"/admin/accounts/account/{s.world.account.pk}"
    return [
        "/admin/",
        f"{contact}/change/",
        f"{contact}/history/",
        "/admin/stakeholders/contact/?q=张伟",
        "/admin/stakeholders/contact/?q=4f7c",
        "/admin/stakeholders/contactlink/",
        f"/admin/stakeholders/contactlink/{s.link.pk}/change/",
        "/admin/stakeholders/relationship/",
        "/admin/stakeholders/entrenchedpractice/",
        "/admin/stakeholders/vestedinterest/",
        f"/admin/stakeholders/vestedinterest/{s.interest.pk}/change/",
        f"{account}/change/",
        f"{account}/history/",
    ]


def api_doors(s: Secrets) -> dict[str, list[str]]:
    """Every GET endpoint of the API, by its OpenAPI path, with the filters that find the secrets."""
    a, c = s.world.account.pk, s.holder.pk
    return {
        "/accounts": ["accounts", "accounts?search=美家"],
        "/accounts/{account_id}": [f"accounts/{a}"],
        "/accounts/{account_id}/strength": [f"accounts/{a}/strength?as_of={AS_OF}"],
        "/contacts": [
            "contacts",
            f"contacts?account={a}",
            "contacts?search=张伟",
            "contacts?search=zhangwei",
            "contacts?search=zw",
            "contacts?search=4f7c",
        ],  # fmt: skip
        "/contacts/{contact_id}": [f"contacts/{c}"],
        "/contact-links": [
            "contact-links",
            f"contact-links?contact={c}",
            "contact-links?search=张伟",
        ],
        "/contact-links/{link_id}": [f"contact-links/{s.link.pk}"],
        "/relationships": ["relationships", "relationships?search=zhangwei"],
        "/relationships/{relationship_id}": [f"relationships/{s.relationship.pk}"],
        "/interests": [
            "interests",
            f"interests?account={a}",
            f"interests?contact={c}",
            "interests?search=张伟",
            "interests?search=zw",
        ],  # fmt: skip
        "/interests/{interest_id}": [f"interests/{s.interest.pk}"],
        "/practices": ["practices"],
        "/practices/{practice_id}": [f"practices/{s.practice.pk}"],
        "/insights": [f"insights?as_of={AS_OF}", f"insights?account={a}&as_of={AS_OF}"],
        "/qualification": ["qualification"],
        "/qualification/{account_id}": [f"qualification/{a}"],
        "/qualification/policies": ["qualification/policies"],
    }


def cli_runs(username: str | None) -> list[list[str]]:
    as_user = ["--user", username] if username else []
    insights = ["insights", *as_user, "--as-of", AS_OF]
    return [
        [*insights, "--format", "json"],
        [*insights, "--format", "csv"],
        [*insights, "--format", "table"],
        [*insights, "--account", "GZ0001", "--format", "json"],
        [*insights, "--account", "GZ0001", "--format", "table"],
        ["qualify", *as_user, "--as-of", AS_OF, "--format", "json"],
        ["qualify", *as_user, "--as-of", AS_OF, "--explain", "GZ0001"],
    ]


def read_web(client: Client, doors: dict[str, list[Door]]) -> dict[str, tuple[int, str]]:
    found = {}
    for name, urls in doors.items():
        for url, headers in urls:
            response = client.get(url, headers=headers)
            found[f"{name} {url} {'htmx' if headers else ''}"] = (
                response.status_code,
                body_of(response),
            )
    return found


def read_api(user: User, doors: dict[str, list[str]]) -> dict[str, tuple[int, str]]:
    client = Client()
    client.force_login(user)
    return {
        url: (response.status_code, body_of(response))
        for urls in doors.values()
        for url in urls
        for response in [client.get(f"/api/v1/{url}")]
    }


def run_cli(args: list[str]) -> tuple[int, str]:
    result = CliRunner().invoke(cli, args)
    return result.exit_code, result.output


# ---- nobody outside the circle ---------------------------------------------------------------


@pytest.mark.parametrize("persona", OUTSIDE)
def test_no_page_shows_the_note_or_the_interest_outside_the_circle(
    secrets: Secrets, persona: str
) -> None:
    pages = read_web(client_for(secrets.persona(persona)), web_doors(secrets))
    for door, (status, body) in pages.items():
        assert not leaks(body), (persona, door, status, leaks(body))
        assert KIND_WORDS not in body, (persona, door)
        assert "open vested interest" not in body.lower(), (persona, door)
    shown = {door for door, (status, _body) in pages.items() if status == 200}
    if persona == "admin":
        # Sales operations really see the account, its map, people and insights.
        for door in ("account-contacts", "account-map", "contact ", "contact-panel", "insights "):
            assert any(d.startswith(door) for d in shown), door
        assert not any(d.startswith(("interest-edit", "interest-create")) for d in shown)
    else:  # the account's pages do not exist for them: only their own lists open
        assert all(door.startswith(("accounts ", "insights ", "portfolio ")) for door in shown)


def test_the_django_admin_shows_no_note_and_no_interest(secrets: Secrets) -> None:
    client = client_for(secrets.world.admin)
    statuses = {}
    for url in admin_doors(secrets):
        response = client.get(url)
        statuses[url] = response.status_code
        assert not leaks(body_of(response)), url
    assert statuses[f"/admin/stakeholders/contact/{secrets.holder.pk}/change/"] == 200
    assert statuses["/admin/stakeholders/contact/?q=张伟"] == 200
    assert statuses["/admin/stakeholders/vestedinterest/"] == 404


@pytest.mark.parametrize("persona", OUTSIDE)
def test_no_api_answer_carries_the_note_or_the_interest_outside_the_circle(
    secrets: Secrets, persona: str
) -> None:
    user = secrets.persona(persona)
    answers = read_api(user, api_doors(secrets))
    for url, (status, body) in answers.items():
        assert not leaks(body), (persona, url, status, leaks(body))
        assert KIND_CODE not in body and KIND_WORDS not in body, (persona, url)
    assert answers["interests"][1] == answers["interests?search=张伟"][1]
    assert json.loads(answers["interests"][1])["items"] == []
    assert answers[f"interests/{secrets.interest.pk}"][0] == 404
    if persona == "admin":
        contact = json.loads(answers[f"contacts/{secrets.holder.pk}"][1])
        assert (contact["name"], contact["personal_notes"]) == ("张伟", None)
        found = json.loads(answers["contacts?search=zhangwei"][1])["items"]
        assert [(c["name"], c["personal_notes"]) for c in found] == [("张伟", None)]
        strength = json.loads(
            answers[f"accounts/{secrets.world.account.pk}/strength?as_of={AS_OF}"][1]
        )
        assert strength["threats_withheld"] is True
    else:
        assert answers[f"contacts/{secrets.holder.pk}"][0] == 404


@pytest.mark.parametrize("persona", [*OUTSIDE, None])
def test_no_cli_view_shows_the_interest_outside_the_circle(
    secrets: Secrets, persona: str | None
) -> None:
    """`None` is the operator: every account, never anyone's sensitive data."""
    username = secrets.persona(persona).username if persona else None
    for args in cli_runs(username):
        code, output = run_cli(args)
        assert code in (0, 1), (args, output)
        assert not leaks(output), (args, leaks(output))
        assert KIND_WORDS not in output and KIND_CODE not in output, (args, output)


# ---- and the circle does see them, through the same doors -------------------------------------


def test_the_owner_sees_the_note_and_the_interest_where_they_are_meant_to_be(
    secrets: Secrets,
) -> None:
    pages = read_web(client_for(secrets.world.owner), web_doors(secrets))

    def page(prefix: str) -> str:
        return next(body for door, (_s, body) in pages.items() if door.startswith(prefix))

    contact = page("contact /")
    assert NOTE_MARK in contact and OLD_NOTE_MARK in contact  # the note, and its change
    assert INTEREST_MARK in contact
    assert NOTE_MARK in page("account-contacts") and INTEREST_MARK in page("account-contacts")
    assert NOTE_MARK in page("contact-edit") and INTEREST_MARK in page("interest-edit")
    assert KIND_WORDS in page("contact-panel")
    assert "open vested interest" in page("account-map /").lower()
    assert "open vested interests" in next(
        body.lower() for door, (_s, body) in pages.items() if "view=table" in door
    )
    assert KIND_WORDS in page("insights ")
    assert KIND_WORDS in page("account-map-insights")


@pytest.mark.parametrize("persona", INSIDE)
def test_the_circle_reads_them_in_the_api_and_the_cli(secrets: Secrets, persona: str) -> None:
    user = secrets.persona(persona)
    answers = read_api(user, api_doors(secrets))
    contact = json.loads(answers[f"contacts/{secrets.holder.pk}"][1])
    assert contact["personal_notes"] == NOTE
    found = json.loads(answers["contacts?search=zhangwei"][1])["items"]
    assert [c["personal_notes"] for c in found] == [NOTE]
    for url in ("interests", "interests?search=张伟", "interests?search=zw"):
        assert [i["description"] for i in json.loads(answers[url][1])["items"]] == [INTEREST]
    assert INTEREST_MARK in answers[f"interests/{secrets.interest.pk}"][1]
    assert KIND_CODE in answers[f"insights?as_of={AS_OF}"][1]
    strength = json.loads(answers[f"accounts/{secrets.world.account.pk}/strength?as_of={AS_OF}"][1])
    assert strength["threats_withheld"] is False
    code, output = run_cli(
        ["insights", "--user", user.username, "--as-of", AS_OF, "--format", "json"]
    )
    assert code == 0, output
    opponent = next(i for i in json.loads(output)["insights"] if i["sensitive"])
    assert KIND_WORDS in opponent["reason"] and opponent["params"]["interest_kinds"] == [KIND_CODE]


# ---- no door forgotten -------------------------------------------------------------------------


def test_every_page_of_the_web_app_is_a_door_above_or_says_why_not(secrets: Secrets) -> None:
    names = {p.name for p in web_urls.urlpatterns if isinstance(p, URLPattern) and p.name}
    unlisted = names - web_doors(secrets).keys() - NOT_DOORS.keys()
    assert not unlisted, f"new pages: add them to web_doors() or NOT_DOORS: {sorted(unlisted)}"


def test_every_get_endpoint_of_the_api_is_a_door_above(secrets: Secrets) -> None:
    client = Client()
    client.force_login(secrets.world.owner)
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    readable = {path.removeprefix("/api/v1") for path, ops in paths.items() if "get" in ops}
    unlisted = readable - api_doors(secrets).keys()
    assert not unlisted, f"new endpoints: add them to api_doors(): {sorted(unlisted)}"
