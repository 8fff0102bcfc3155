"""The account page of one big account: server time through the Django test client.

Runs against the workspace the environment names (GUANXI_HOME, DATABASE_URL: the 50 k
demo, say), or with --fresh against a new empty database (SQLite in a temporary
GUANXI_HOME, or PostgreSQL with --database-url: a database named after the URL's with a
`_map_bench` suffix is dropped and created). In it, an account of 200 contacts and 1,000
links (and some relationships and vested interests, as tests/web/map_world.py writes them)
is found by its customer code, or added once, with its owner `bench-kam`. Then times, in
the same run and the same way:

- the account page as its owner sees it: the Overview tab; the Map tab's drawing kept (the
  same page viewed just before, outside the timing), the drawing after a change of one
  person's stance (made through the service, outside the timing: the places and lines are
  kept, the card drawn again), after a move (one person put under another boss, through
  the service: laid out and the lines drawn again, the cards kept), after a change drawn
  ahead (the change, then the map drawn by the background task as the worker would,
  web/draw_ahead.py, and this process's memory cleared: the page finds it on disk), the
  drawing from disk (what this process keeps in memory cleared, as in another worker or after a restart:
  the drawing read from GUANXI_HOME/drawings), the drawing with nothing kept (memory and
  disk cleared: everything laid out and drawn afresh), and its table view the same four
  ways; the personal ties a big map leaves out until they are ticked on, kept and with
  nothing kept; then the two fragments the tab fetches once shown (its insights, the most
  pressing few, and its pulse, as htmx asks for them),
- baselines: bare views rendering the same rows as plain HTML tables, straight from the
  database: the contacts and the links with both names (two queries), and the contacts
  alone (one query).

Requests go round the pages in turn, so that a busy spell of the machine falls on all of
them alike. Prints wall and CPU p50/p95 in milliseconds, the ratio to the bare view of the
same rows, the query count and the size of each. Target (DESIGN.md §9): p95 ≤ 50 ms and
≤ 3 × the bare view.

    GUANXI_HOME=/path/to/workspace .venv/bin/python benchmarks/account_pages.py --repeat 80
    DATABASE_URL=postgres://… .venv/bin/python benchmarks/account_pages.py --repeat 80
    .venv/bin/python benchmarks/account_pages.py --fresh [--database-url postgres://…]
"""

from __future__ import annotations

import argparse
import atexit
import gc
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ARGS = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
ARGS.add_argument("--people", type=int, default=200)
ARGS.add_argument("--links", type=int, default=1000)
ARGS.add_argument("--repeat", type=int, default=80)
ARGS.add_argument("--fresh", action="store_true", help="a new empty database, not the workspace")
ARGS.add_argument("--database-url", default="", help="with --fresh: PostgreSQL to create it in")
ARGS.add_argument(
    "--gc-freeze",
    action="store_true",
    help="gc.freeze() once set up, as a server may do after loading the app: the garbage\n"
    "collector's full passes then skip what was loaded at start",
)
OPTIONS = ARGS.parse_args()

if OPTIONS.fresh:
    os.environ["GUANXI_HOME"] = tempfile.mkdtemp(prefix="guanxi-page-bench-")
    atexit.register(shutil.rmtree, os.environ["GUANXI_HOME"], ignore_errors=True)
    os.environ.pop("DATABASE_URL", None)
    if OPTIONS.database_url:
        import psycopg

        parts = urlsplit(OPTIONS.database_url)
        name = parts.path.lstrip("/") + "_map_bench"
        with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}"')
            db.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
os.environ["DJANGO_SETTINGS_MODULE"] = "guanxi.config.settings"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import include, path, reverse  # noqa: E402

from guanxi.accounts.models import Account  # noqa: E402
from guanxi.stakeholders import drawings, kept  # noqa: E402
from guanxi.stakeholders.models import Contact, ContactLink  # noqa: E402
from guanxi.users.models import User  # noqa: E402

BARE = engines["django"].from_string(
    "<!doctype html><html><body><table>{% for row in contacts %}<tr>{% for cell in row %}"
    "<td>{{ cell }}</td>{% endfor %}</tr>{% endfor %}</table>"
    "<table>{% for row in links %}<tr>{% for cell in row %}<td>{{ cell }}</td>{% endfor %}</tr>"
    "{% endfor %}</table></body></html>"
)


def bare_contacts(request: HttpRequest, account_id: int) -> HttpResponse:
    """One query, the contacts as a plain table."""
    contacts = Contact.objects.filter(account_id=account_id).values_list(
        "name", "title", "department", "influence", "stance"
    )
    return HttpResponse(BARE.render({"contacts": list(contacts), "links": []}, request))


def bare_rows(request: HttpRequest, account_id: int) -> HttpResponse:
    """The same rows as the map (contacts, and links with both names), as plain tables."""
    contacts = Contact.objects.filter(account_id=account_id).values_list(
        "name", "title", "department", "influence", "stance"
    )
    links = ContactLink.objects.filter(account_id=account_id).values_list(
        "from_contact__name", "kind", "to_contact__name", "strength"
    )
    context = {"contacts": list(contacts), "links": list(links)}
    return HttpResponse(BARE.render(context, request))


urlpatterns = [
    path("bench/contacts/<int:account_id>/", bare_contacts, name="bench-contacts"),
    path("bench/rows/<int:account_id>/", bare_rows, name="bench-rows"),
    path("", include("guanxi.config.urls")),
]


def big_account(people: int, links: int) -> tuple[User, Account, bool]:
    """The benchmark's account, found by its code or added (with its owner) the first time."""
    from tests.factories import AccountFactory, TeamFactory, UserFactory
    from tests.web.map_world import grow_map

    code = f"BENCH-{people}-{links}"
    found = Account.objects.filter(customer_code=code).select_related("owner").first()
    if found is not None and found.owner is not None:
        return found.owner, found, False
    with transaction.atomic():
        owner = UserFactory(username="bench-kam", team=TeamFactory(name="bench"))
        account = AccountFactory(name="广州美家家具有限公司", customer_code=code, owner=owner)
        grow_map(account, people=people, links=links, ours=owner)
    return owner, account, True


@dataclass
class Page:
    label: str
    url: str
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    queries: int = 0
    size: int = 0
    before: Callable[[], None] | None = None  # run before each request, outside the timing
    headers: dict[str, str] = field(default_factory=dict)  # HX-Request for a fragment

    def row(self, baseline: Page) -> str:
        cpu50 = statistics.median(self.cpu)
        return (
            f"{self.label:<26}{statistics.median(self.wall):>8.1f}{_p95(self.wall):>8.1f}"
            f"{cpu50:>8.1f}{_p95(self.cpu):>8.1f}{cpu50 / statistics.median(baseline.cpu):>9.2f}"
            f"{_p95(self.wall) / _p95(baseline.wall):>9.2f}{self.queries:>8}"
            f"{self.size / 1024:>7.0f}"
        )


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18]


def first_look(client: Client, page: Page) -> None:
    """A warm-up, then one request counted: its queries (at the cursor, since the request's
    start resets Django's own log) and its size."""
    client.get(page.url, headers=page.headers)
    queries: list[str] = []

    def count(execute: Any, sql: str, *args: Any) -> Any:
        queries.append(sql)
        return execute(sql, *args)

    if page.before is not None:
        page.before()
    with connection.execute_wrapper(count):
        response = client.get(page.url, headers=page.headers)
    assert response.status_code == 200, (page.url, response.status_code)
    page.queries, page.size = len(queries), len(response.content)


def measure(client: Client, pages: list[Page], repeat: int) -> None:
    """Round after round, one request to each page in turn, so a busy spell of the machine
    falls on all of them alike. CPU time is what the server spends; wall time also counts
    waiting for a core (and, on PostgreSQL, the database server's own time)."""
    for page in pages:
        first_look(client, page)
    for _ in range(repeat):
        for page in pages:
            if page.before is not None:
                page.before()
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(page.url, headers=page.headers)
            page.wall.append((time.perf_counter() - started) * 1000)
            page.cpu.append((time.process_time() - started_cpu) * 1000)


def forget_everything() -> None:
    """Nothing kept in memory nor on disk: the map is laid out and drawn afresh."""
    kept.clear()
    drawings.forget_all()


HTMX = {"HX-Request": "true"}  # the tab fetches these fragments once it is shown


def viewed(client: Client, url: str) -> Callable[[], None]:
    """The page viewed once more: what it keeps is kept for the request timed next."""

    def view() -> None:
        client.get(url)

    return view


KEPT_HISTORY = 40


def keep_latest_history(history: Any) -> None:
    """Only the latest KEPT_HISTORY rows, so that the pulse stays the same size."""
    kept = history.order_by("-history_id").values_list("history_id", flat=True)[:KEPT_HISTORY]
    history.exclude(history_id__in=list(kept)).delete()


def stance_changer(account: Account) -> Callable[[], None]:
    """Each call moves one person's stance a step, as someone working on the map would.

    The service writes history, which the Map tab's pulse reads: only the latest 40 rows
    are left in it (two for each of the 20 people whose stance moves, so the pulse lists
    some twenty changes), so that the pulse stays the same size over the run and over runs
    instead of growing by a change per request. (The account's people were written in
    bulk, without history, so all of its history is the benchmark's.)
    """
    from guanxi.stakeholders.services import contact_update

    people = list(Contact.objects.filter(account=account).order_by("pk")[:20])
    history = Contact.history.model.objects.filter(account_id=account.pk)  # type: ignore[attr-defined]
    turn = iter(range(10**9))

    def change() -> None:
        n = next(turn)
        person = people[n % len(people)]
        stance = (person.stance + 3) % 5 - 2  # −2 … +2, round and round
        contact_update(actor=account.owner, contact=person, stance=stance)
        keep_latest_history(history)

    return change


def person_mover(account: Account) -> tuple[Callable[[], None], Callable[[], None]]:
    """Each call moves one person without reports of their own under another boss, as
    someone correcting the org chart would: the places and lines change (laid out and
    drawn again), the cards are kept. A different person each time, so the map is one not
    seen before. The second function puts everyone back where they were.
    """
    from guanxi.stakeholders.services import contact_update

    people = list(Contact.objects.filter(account=account).order_by("pk"))
    was = {person.pk: person.reports_to_id for person in people}
    bosses = set(was.values())
    leaves = [p for p in people if p.pk not in bosses and p.reports_to_id is not None][:40]
    managers = [p for p in people if p.pk in bosses]
    history = Contact.history.model.objects.filter(account_id=account.pk)  # type: ignore[attr-defined]
    turn = iter(range(10**9))

    def move() -> None:
        n = next(turn)
        person = leaves[n % len(leaves)]
        boss = next(
            m
            for k in range(n, n + len(managers))
            if (m := managers[k % len(managers)]).pk not in (person.reports_to_id, person.pk)
        )
        contact_update(actor=account.owner, contact=person, reports_to=boss)
        keep_latest_history(history)

    def restore() -> None:
        for person in people:
            person.reports_to_id = was[person.pk]
        Contact.objects.bulk_update(people, ["reports_to"])

    return move, restore


def drawn_ahead(change: Callable[[], None], account: Account) -> Callable[[], None]:
    """A change, then what the background worker does after it (web/draw_ahead.py): the
    map drawn in every language and kept on disk. The worker is another process, so this
    one's memory is cleared: the page finds the drawing on disk."""
    from guanxi.web.draw_ahead import draw_map_ahead_task

    def change_and_draw() -> None:
        change()
        draw_map_ahead_task.call(account.pk)
        kept.clear()

    return change_and_draw


def forget_queued_drawings() -> None:
    """The tasks the changes queued for a worker this benchmark does not run."""
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(task_path__startswith="guanxi.web.draw_ahead.").delete()


def workspace() -> str:
    counts = (
        f"{Account.objects.count():,} accounts, {Contact.objects.count():,} contacts, "
        f"{ContactLink.objects.count():,} links"
    )
    if connection.vendor == "sqlite":
        return f"{connection.settings_dict['NAME']}: {counts}"
    return f"{connection.settings_dict['NAME']} on PostgreSQL: {counts}"


def main() -> None:
    call_command("migrate", verbosity=0)
    owner, account, added = big_account(OPTIONS.people, OPTIONS.links)
    client = Client(headers={"accept-language": "zh-hans"})
    client.force_login(owner)
    load = os.getloadavg()
    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, load "
        f"{load[0]:.1f} {load[1]:.1f} {load[2]:.1f}, Python {platform.python_version()}, "
        f"{connection.vendor}; {workspace()}\n"
        f"account {account.pk} ({'added now' if added else 'found'}): {OPTIONS.people} "
        f"contacts, {OPTIONS.links} links; {OPTIONS.repeat} rounds"
        + ("; gc.freeze()" if OPTIONS.gc_freeze else "")
    )
    if OPTIONS.gc_freeze:
        gc.collect()
        gc.freeze()
    with override_settings(ROOT_URLCONF=__name__):
        pk = account.pk
        map_url = reverse("account-map", args=[pk])
        table_url = map_url + "?view=table"
        ties_url = reverse("account-map-ties", args=[pk])
        change = stance_changer(account)
        move, put_back = person_mover(account)
        pages = [
            Page("bare: the same rows", reverse("bench-rows", args=[pk])),
            Page("bare: contacts only", reverse("bench-contacts", args=[pk])),
            Page("overview tab", reverse("account", args=[pk])),
            Page("map tab, drawing kept", map_url, before=viewed(client, map_url)),
            Page("map tab, after a change", map_url, before=change),
            Page("map tab, after a move", map_url, before=move),
            Page("map tab, change drawn ahead", map_url, before=drawn_ahead(change, account)),
            Page("map tab, from disk", map_url, before=kept.clear),
            Page("map tab, nothing kept", map_url, before=forget_everything),
            Page("table, kept", table_url, before=viewed(client, table_url)),
            Page("table, after a change", table_url, before=change),
            Page("table, from disk", table_url, before=kept.clear),
            Page("table, nothing kept", table_url, before=forget_everything),
            Page("ties, kept (ticked on)", ties_url, before=viewed(client, ties_url)),
            Page("ties, nothing kept", ties_url, before=forget_everything),
            Page(
                "insights (after the tab)", reverse("account-map-insights", args=[pk]), headers=HTMX
            ),
            Page("pulse (after the tab)", reverse("account-map-pulse", args=[pk]), headers=HTMX),
        ]
        try:
            measure(client, pages, OPTIONS.repeat)
        finally:
            put_back()
            forget_queued_drawings()
    load = os.getloadavg()
    print(
        f"{'':<26}{'wall ms':>16}{'CPU ms':>16}{'× bare':>18}\n{'page':<26}{'p50':>8}{'p95':>8}"
        f"{'p50':>8}{'p95':>8}{'CPU p50':>9}{'wall p95':>9}{'queries':>8}{'KiB':>7}"
    )
    for page in pages:
        print(page.row(pages[0]))
    print(
        "× bare: over the same figure of the bare view of the same rows, in this run; "
        f"load after the run {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}"
    )


if __name__ == "__main__":
    main()
