"""Maps drawn before anyone asks (web/draw_ahead.py): a committed change queues the
account's map once, the background task draws it in every language as the account team
sees it, and the next view is served from disk without laying anything out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language

from guanxi.accounts.models import Account
from guanxi.stakeholders import drawings, kept
from guanxi.stakeholders.models import ContactLink, Relationship, VestedInterest
from guanxi.stakeholders.services import contact_update
from guanxi.web import draw_ahead
from guanxi.web.draw_ahead import draw_map_ahead_task
from tests.factories import AccountFactory, ContactFactory
from tests.web.conftest import Filled, client_for
from tests.web.map_world import grow_map
from tests.web.test_map_page import _drawn, map_body


@pytest.fixture(autouse=True)
def _nothing_queued_yet() -> None:
    draw_ahead._queued.clear()  # databases reuse ids between tests


@pytest.fixture
def drawn_ahead(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, str]]:
    """The maps the task draws (the tests' task backend runs tasks as they are queued)."""
    drawn: list[tuple[int, str]] = []

    def draw(user: object, account: Account) -> None:
        drawn.append((account.pk, get_language()))

    monkeypatch.setattr("guanxi.web.views.account_map.draw_ahead", draw)
    return drawn


def test_changes_committed_together_draw_the_map_once_in_each_language(
    filled: Filled, drawn_ahead: list[tuple[int, str]], django_capture_on_commit_callbacks: Any
) -> None:
    world = filled.world
    with django_capture_on_commit_callbacks(execute=True):
        contact_update(actor=world.owner, contact=filled.buyer, stance=1)
        contact_update(actor=world.owner, contact=filled.engineer, influence=2)
    with django_capture_on_commit_callbacks(execute=True):
        contact_update(actor=world.owner, contact=filled.boss, name="何总")
    pk = world.account.pk  # the second change came within seconds of the first
    assert drawn_ahead == [(pk, "zh-hans"), (pk, "zh-hant"), (pk, "en")]


def test_nothing_is_drawn_for_a_change_rolled_back(
    filled: Filled, drawn_ahead: list[tuple[int, str]], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        contact_update(actor=filled.world.owner, contact=filled.buyer, stance=1)
    assert len(callbacks) == 1 and drawn_ahead == []


@pytest.mark.parametrize("what", ["link", "relationship", "interest", "deleted"])
def test_links_relationships_and_interests_draw_the_map_ahead_too(
    filled: Filled, drawn_ahead: list[tuple[int, str]], django_capture_on_commit_callbacks: Any,
    what: str,
) -> None:  # fmt: skip
    world = filled.world
    with django_capture_on_commit_callbacks(execute=True):
        if what == "link":
            ContactLink.objects.create(
                account=world.account, from_contact=filled.engineer, to_contact=filled.boss,
                kind="alumni",
            )  # fmt: skip
        elif what == "relationship":
            Relationship.objects.create(contact=filled.engineer, user=world.teammate)
        elif what == "interest":
            interest = VestedInterest.objects.get(contact=filled.buyer)
            interest.severity = 1
            interest.save()
        else:
            filled.engineer.delete()
    assert {pk for pk, _language in drawn_ahead} == {world.account.pk}


def test_the_map_drawn_ahead_is_served_without_drawing_it(
    filled: Filled, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = filled.world
    assert draw_map_ahead_task.call(world.account.pk) == 3  # 简体, 繁體, English
    names = [
        path.name for path in (Path(settings.GUANXI_DRAWINGS) / str(world.account.pk)).iterdir()
    ]
    for language in ("zh-hans", "zh-hant", "en"):
        for view in ("svg", "table"):
            assert any(name.startswith(f"{language}-{view}-") for name in names)
    kept.clear()  # the worker is another process: its memory is not the server's

    def no_drawing(*args: object, **kwargs: object) -> None:
        raise AssertionError("drawn again")

    monkeypatch.setattr("guanxi.web.views.account_map.layout_map", no_drawing)
    for view in ("map", "table"):
        for persona in ("owner", "teammate"):  # the account team sees the same map
            status, body = map_body(
                client_for(getattr(world, persona)), world.account.pk, view=view
            )
            assert status == 200 and filled.buyer.name in _drawn(body)
    monkeypatch.undo()
    _, seen = map_body(client_for(world.owner), world.account.pk)
    kept.clear()
    drawings.forget_all()
    _, fresh = map_body(client_for(world.owner), world.account.pk)
    assert _drawn(seen) == _drawn(fresh)


def test_an_admin_is_not_served_the_teams_map_drawn_ahead(filled: Filled) -> None:
    world = filled.world
    draw_map_ahead_task.call(world.account.pk)
    kept.clear()
    _, admin = map_body(client_for(world.admin), world.account.pk)
    assert "open vested interest" not in admin  # the team's drawing shows the interest


def test_nothing_is_drawn_for_an_account_without_owner_or_gone(filled: Filled) -> None:
    assert draw_map_ahead_task.call(AccountFactory(owner=None).pk) == 0
    gone = filled.world.account.pk
    filled.world.account.delete()
    assert draw_map_ahead_task.call(gone) == 0


def test_a_big_maps_personal_ties_are_drawn_ahead_too(
    filled: Filled, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = filled.world
    grow_map(world.account, people=60, links=400, ours=world.owner)
    draw_map_ahead_task.call(world.account.pk)
    kept.clear()
    monkeypatch.setattr("guanxi.web.views.account_map.layout_map", _no_drawing)
    response = client_for(world.owner).get(reverse("account-map-ties", args=[world.account.pk]))
    assert response.status_code == 200 and b'data-layer="ties"' in response.content


def _no_drawing(*args: object, **kwargs: object) -> None:
    raise AssertionError("drawn again")


def test_the_server_queues_the_big_maps_as_it_starts(filled: Filled) -> None:
    from io import StringIO

    from django.core.management import call_command

    small = AccountFactory(owner=filled.world.owner)
    ContactFactory(account=small)
    out = StringIO()
    with translation.override("en"):
        call_command("draw_maps_ahead", people=3, stdout=out)  # `guanxi serve` runs it
    assert out.getvalue().strip() == "1 map queued to be drawn ahead."
    folder = Path(settings.GUANXI_DRAWINGS)
    assert (folder / str(filled.world.account.pk)).is_dir()  # drawn: tasks run at once here
    assert not (folder / str(small.pk)).exists()


def test_a_task_that_cannot_be_queued_does_not_fail_the_change(
    filled: Filled, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    class Broken:
        def enqueue(self, *args: object) -> None:
            raise RuntimeError("the task queue is down")

    monkeypatch.setattr(draw_ahead, "draw_map_ahead_task", Broken())
    with django_capture_on_commit_callbacks(execute=True):
        contact_update(actor=filled.world.owner, contact=filled.buyer, stance=1)
    filled.buyer.refresh_from_db()
    assert filled.buyer.stance == 1


def test_a_contact_import_draws_the_big_maps_it_wrote_ahead(
    db: None, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    """An import writes contacts in bulk (no signal per contact), and says which accounts
    it wrote: those with a big map are drawn ahead, in each language; a small one is not."""
    from tests.factories import UserFactory
    from tests.imports.contact_files import run_contacts, write_csv

    owner = UserFactory()
    big = AccountFactory(owner=owner, customer_code="BIG-1")
    small = AccountFactory(owner=owner, customer_code="SMALL-1")
    rows = [
        ("BIG-1", f"员工{n}", "工程师", "技术部", "", "", f"e{n}@big.cn", "", "")
        for n in range(draw_ahead.BIG_MAP_PEOPLE)
    ]
    rows.append(("SMALL-1", "王五", "采购经理", "采购部", "", "", "", "", ""))
    with django_capture_on_commit_callbacks(execute=True):
        result = run_contacts(write_csv(tmp_path / "people.csv", rows))
    assert result.exit_code == 0, result.output
    folder = Path(settings.GUANXI_DRAWINGS)
    drawn = sorted(path.name.split("-svg-")[0] for path in (folder / str(big.pk)).glob("*-svg-*"))
    assert drawn == ["en", "zh-hans", "zh-hant"]
    assert not (folder / str(small.pk)).exists()
    assert draw_ahead.big_maps([big.pk, small.pk]) == [big.pk]
    assert draw_ahead.big_maps([small.pk], people=1) == [small.pk]
