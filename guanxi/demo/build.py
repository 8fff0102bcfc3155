"""Build the demo workspace: `build_demo(accounts, seed)` fills an empty database."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from random import Random
from zoneinfo import ZoneInfo

import duckdb
import pyarrow as pa
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max, Model
from django.utils.translation import gettext_noop

from guanxi.accounts import sales_store
from guanxi.accounts.models import Account, Competitor
from guanxi.demo.constants import (
    DEMO_PASSWORD,
    DEMO_TODAY,
    FURNITURE_MAKER_CODE,
    KICKBACK_ACCOUNT_CODE,
)
from guanxi.demo.names import COMPETITORS
from guanxi.demo.pipeline import GeneratorFailed, Recipe, row_chunks
from guanxi.demo.plan import SHOWCASES
from guanxi.demo.pulse import write_pulse
from guanxi.demo.roster import Login, Staff
from guanxi.demo.staff import create_staff
from guanxi.demo.tables import OUR_IDS, TABLES, TableWriter
from guanxi.domain.qualification.policy import Flag
from guanxi.planning.services import qualification_policy_default, qualification_run
from guanxi.users.models import User

Progress = Callable[[int, int], None]
CHUNK = 1_000
STAMP = datetime(
    DEMO_TODAY.year, DEMO_TODAY.month, DEMO_TODAY.day, 9, tzinfo=ZoneInfo("Asia/Shanghai")
)


class DemoError(Exception):
    pass


@dataclass(frozen=True, slots=True)
class Showcase:
    code: str
    name: str
    story: str


@dataclass(frozen=True, slots=True)
class DemoSummary:
    accounts: int
    seed: int
    today: date
    password: str
    logins: tuple[Login, ...]
    showcases: tuple[Showcase, ...]
    rows: dict[str, int]
    seconds: float


def build_demo(
    accounts: int = 60, seed: int = 1, progress: Progress | None = None, chunk: int = CHUNK
) -> DemoSummary:
    """Fill an empty database with a demo workspace; the same seed always builds the same data."""
    started = time.perf_counter()
    if Account.objects.exists() or User.objects.exists():
        raise DemoError("The demo is built into an empty database.")
    with transaction.atomic():
        staff = create_staff(Random(seed), accounts)
        created = Competitor.objects.bulk_create(Competitor(name=name) for name in COMPETITORS)
    first_ids = {kind: _next_id(model) for kind, model in OUR_IDS.items()}
    recipe = Recipe(seed, accounts, chunk, staff, {c.name: c.pk for c in created}, first_ids)
    sales = duckdb.connect()
    sales.execute(sales_store.lines_table_sql("demo_lines"))
    counts = _insert(recipe, progress, sales)
    _reset_sequences()
    counts["history"] = write_pulse(staff.kam1_id)
    with transaction.atomic():
        sales_store.write_lines(sales, "demo_lines")
    sales.close()
    _analyze()
    squeezer = _qualify(staff)
    return _summary(accounts, seed, staff, counts, squeezer, time.perf_counter() - started)


def _next_id(model: type[Model]) -> int:
    highest = model._default_manager.aggregate(highest=Max("pk"))["highest"]
    return int(highest or 0) + 1


def _insert(
    recipe: Recipe, progress: Progress | None, sales: duckdb.DuckDBPyConnection
) -> Counter[str]:
    """The generator's rows into their tables; sales lines gathered in DuckDB for the store."""
    writers = [(table.key, TableWriter(table, STAMP)) for table in TABLES]
    counts: Counter[str] = Counter()
    done = 0
    try:
        for rows in row_chunks(recipe):
            with transaction.atomic():
                for key, writer in writers:
                    writer.insert(rows.get(key, []))
                    counts[key] += len(rows.get(key, []))
            _gather_sales(sales, rows.get("sales", []))
            counts["sales"] += len(rows.get("sales", []))
            done = min(recipe.accounts, done + recipe.chunk)
            if progress is not None:
                progress(done, recipe.accounts)
    except GeneratorFailed as failure:
        raise DemoError(f"The demo generator failed:\n{failure}") from failure
    return counts


def _reset_sequences() -> None:
    """PostgreSQL sequences do not see explicit ids; SQLite's AUTOINCREMENT does."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(OUR_IDS.values()))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _gather_sales(sales: duckdb.DuckDBPyConnection, rows: list[tuple[object, ...]]) -> None:
    """Lines as the generator writes them (dates and money as text) into DuckDB's table."""
    if not rows:
        return
    batch = pa.table(
        {name: [row[i] for row in rows] for i, name in enumerate(sales_store.LINE_COLUMNS)}
    )
    sales.register("batch", batch)
    sales.execute(f"INSERT INTO demo_lines {sales_store.typed_lines_sql('batch')}")
    sales.unregister("batch")


def _analyze() -> None:
    """Give the query planner statistics on the fresh tables (sampled on SQLite: it is quick)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit=1000")
        cursor.execute("ANALYZE")


def _qualify(staff: Staff) -> Showcase | None:
    """Every account qualified as sales operations would, with the default policy as of the
    demo's today, so the portfolio and each account's scorecard are filled at once. Back:
    kam1's biggest buyer flagged as a price squeezer, to show (R1.9: flagged, not crowned)."""
    with transaction.atomic():
        run = qualification_run(
            actor=User.objects.get(pk=staff.admin_id),
            policy=qualification_policy_default(),
            as_of=DEMO_TODAY,
        )
    biggest = (
        run.results.filter(account__owner_id=staff.kam1_id, flags__icontains=Flag.PRICE_SQUEEZER)
        .order_by("-metrics__revenue_t12m")
        .values_list("account__customer_code", "account__name")
        .first()
    )
    if biggest is None:
        return None
    return Showcase(
        *biggest,
        gettext_noop(
            "R1.9: among the biggest buyers, but below cost and paying late: qualification "
            "flags it instead of crowning it"
        ),
    )


def _summary(
    accounts: int,
    seed: int,
    staff: Staff,
    counts: Counter[str],
    squeezer: Showcase | None,
    seconds: float,
) -> DemoSummary:
    showcases = (
        Showcase(
            FURNITURE_MAKER_CODE,
            "广州华轩家具有限公司",
            gettext_noop(
                "R3.4: only talks price cuts; long-term need to move up-market, owned by design "
                "and marketing"
            ),
        ),
        Showcase(
            KICKBACK_ACCOUNT_CODE,
            "佛山金盛门窗有限公司",
            gettext_noop(
                "R2.5: the purchasing manager takes kickbacks from the incumbent; an ally speaks "
                "for us"
            ),
        ),
    )[: min(accounts, SHOWCASES)] + ((squeezer,) if squeezer else ())
    return DemoSummary(
        accounts, seed, DEMO_TODAY, DEMO_PASSWORD, staff.logins, showcases, dict(counts), seconds
    )
