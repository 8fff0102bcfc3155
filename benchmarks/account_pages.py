"""The relationship map page of one big account: server time through the Django test client.

Builds a fresh database (SQLite in a temporary GUANXI_HOME, or PostgreSQL with
--database-url: a database named after the URL's with a `_map_bench` suffix is dropped and
created), writes one account of 200 contacts and 1,000 links (and some relationships and
vested interests), then times, in the same run and the same way:

- the Map tab as its owner sees it: the drawing (kept while nothing on it changes), the
  drawing made afresh ("cold": the first view after a change), and the table view,
- baselines: bare views rendering the same rows as plain HTML tables, straight from the
  database: the contacts and the links with both names (two queries), and the contacts
  alone (one query).

Requests go round the pages in turn, so that a busy spell of the machine falls on all of
them alike. Prints wall and CPU p50/p95 in milliseconds, the ratio to the bare view of the
same rows, the query count and the size of each. Target (DESIGN.md §9): p95 ≤ 50 ms and
≤ 3 × the bare view.

    .venv/bin/python benchmarks/map_page.py [--people 200] [--links 1000] [--repeat 60]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ARGS = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
ARGS.add_argument("--people", type=int, default=200)
ARGS.add_argument("--links", type=int, default=1000)
ARGS.add_argument("--repeat", type=int, default=60)
ARGS.add_argument("--database-url", default="")
OPTIONS = ARGS.parse_args()

HOME = tempfile.mkdtemp(prefix="guanxi-map-bench-")
os.environ["GUANXI_HOME"] = HOME
os.environ.pop("DATABASE_URL", None)
if OPTIONS.database_url:
    import psycopg

    parts = urlsplit(OPTIONS.database_url)
    name = parts.path.lstrip("/") + "_map_bench"
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
os.environ["DJANGO_SETTINGS_MODULE"] = "guanxi.config.settings"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import include, path, reverse  # noqa: E402

from guanxi.accounts.models import Account  # noqa: E402
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


def build(people: int, links: int) -> tuple[User, Account]:
    from tests.factories import AccountFactory, UserFactory
    from tests.web.map_world import grow_map

    owner = UserFactory(username="bench-kam")
    account = AccountFactory(name="广州美家家具有限公司", owner=owner)
    grow_map(account, people=people, links=links, ours=owner)
    return owner, account


@dataclass
class Page:
    label: str
    url: str
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    queries: int = 0
    size: int = 0
    cold: bool = False  # drawn afresh each time: the first view after a change

    def row(self, baseline: Page) -> str:
        cpu50 = statistics.median(self.cpu)
        return (
            f"{self.label:<26}{statistics.median(self.wall):>8.1f}{_p95(self.wall):>8.1f}"
            f"{cpu50:>8.1f}{_p95(self.cpu):>8.1f}{cpu50 / statistics.median(baseline.cpu):>8.1f}"
            f"{self.queries:>8}{self.size / 1024:>7.0f}"
        )


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18]


def first_look(client: Client, page: Page) -> None:
    """A warm-up, then one request counted: its queries (at the cursor, since the request's
    start resets Django's own log) and its size."""
    client.get(page.url)
    queries: list[str] = []

    def count(execute: Any, sql: str, *args: Any) -> Any:
        queries.append(sql)
        return execute(sql, *args)

    with connection.execute_wrapper(count):
        response = client.get(page.url)
    assert response.status_code == 200, (page.url, response.status_code)
    page.queries, page.size = len(queries), len(response.content)


def measure(client: Client, pages: list[Page], repeat: int) -> None:
    """Round after round, one request to each page in turn, so a busy spell of the machine
    falls on all of them alike. CPU time is what the server spends; wall time also counts
    waiting for a core."""
    for page in pages:
        first_look(client, page)
    for _ in range(repeat):
        for page in pages:
            if page.cold:
                cache.clear()
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(page.url)
            page.wall.append((time.perf_counter() - started) * 1000)
            page.cpu.append((time.process_time() - started_cpu) * 1000)


def main() -> None:
    call_command("migrate", verbosity=0)
    owner, account = build(OPTIONS.people, OPTIONS.links)
    client = Client(headers={"accept-language": "zh-hans"})
    client.force_login(owner)
    print(
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, load "
        f"{os.getloadavg()[0]:.1f}, Python {platform.python_version()}, {connection.vendor}; "
        f"{OPTIONS.people} contacts, {OPTIONS.links} links, {OPTIONS.repeat} rounds"
    )
    with override_settings(ROOT_URLCONF=__name__):
        pk = account.pk
        pages = [
            Page("bare: the same rows", reverse("bench-rows", args=[pk])),
            Page("bare: contacts only", reverse("bench-contacts", args=[pk])),
            Page("map tab, drawing", reverse("account-map", args=[pk])),
            Page("map tab, drawing, cold", reverse("account-map", args=[pk]), cold=True),
            Page("map tab, table", reverse("account-map", args=[pk]) + "?view=table"),
        ]
        measure(client, pages, OPTIONS.repeat)
    print(
        f"{'':<26}{'wall ms':>16}{'CPU ms':>16}\n{'page':<26}{'p50':>8}{'p95':>8}{'p50':>8}"
        f"{'p95':>8}{'× bare':>8}{'queries':>8}{'KiB':>7}"
    )
    for page in pages:
        print(page.row(pages[0]))
    print("× bare: CPU p50 over the CPU p50 of the bare view of the same rows, in this run")


if __name__ == "__main__":
    main()
