"""Insights and relationship strength for all accounts of one user (target: one KAM ≤ 200 ms).

Runs against a built demo workspace, through the same selector the web, the API and the
CLI call (`insights_visible_to`: mapper, rules, strength, sensitive filter, words), and
reports the median of several runs with its query count, next to a baseline in the
same run: one bare query reading the same users' contacts as values_list rows.

    GUANXI_HOME=/tmp/gx DATABASE_URL=sqlite:////tmp/gx/demo.sqlite3 \\
        .venv/bin/python benchmarks/insights_portfolio.py [--users kam1 kam2 manager exec] [--repeat 7]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
from collections.abc import Callable

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guanxi.config.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import translation  # noqa: E402

from guanxi.core.access import visible_accounts  # noqa: E402
from guanxi.demo.constants import DEMO_TODAY  # noqa: E402
from guanxi.insights.selectors import insights_visible_to  # noqa: E402
from guanxi.stakeholders.models import Contact  # noqa: E402
from guanxi.users.models import User  # noqa: E402


def timed(work: Callable[[], object], repeat: int) -> tuple[float, int]:
    """Median milliseconds of `repeat` runs after one warm-up, and the queries of one run."""
    work()
    with CaptureQueriesContext(connection) as queries:
        work()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), len(queries.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", nargs="*", default=["kam1", "kam2", "manager", "exec"])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    translation.activate("zh-hans")
    print(f"{platform.processor() or platform.machine()}, Python {platform.python_version()}, "
          f"{connection.vendor}; as of {DEMO_TODAY}")  # fmt: skip
    print(f"{'user':<10}{'accounts':>9}{'contacts':>9}{'insights':>9}"
          f"{'ms':>9}{'queries':>8}{'bare ms':>9}{'ratio':>7}")  # fmt: skip
    for username in args.users:
        user = User.objects.get(username=username)
        accounts = visible_accounts(user)

        def bare(accounts: object = accounts) -> object:
            return list(
                Contact.objects.filter(account__in=accounts.values("pk")).values_list(  # type: ignore[attr-defined]
                    "account_id", "pk", "name", "influence", "stance", "buying_roles"
                )
            )

        def full(user: User = user) -> object:
            report = insights_visible_to(user, DEMO_TODAY)
            return report, report.rows()

        report, rows = full()  # type: ignore[misc]
        contacts = len(bare())  # type: ignore[arg-type]
        ms, queries = timed(full, args.repeat)
        bare_ms, _ = timed(bare, args.repeat)
        print(f"{username:<10}{len(report.accounts):>9}{contacts:>9}{len(rows):>9}"
              f"{ms:>9.1f}{queries:>8}{bare_ms:>9.1f}{ms / bare_ms:>7.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
