"""Time `guanxi import sales FILE` against DuckDB alone aggregating the same file (DESIGN §9).

    python benchmarks/import_sales.py FILE [--database-url postgres://…/db]

In one run: (1) the baseline, DuckDB reading FILE and summing it by customer and month;
(2) the import end to end in a subprocess on a fresh SQLite GUANXI_HOME; (3) the same on
PostgreSQL when --database-url (or DATABASE_URL) is given: a database named after the
URL's with a `_bench` suffix is dropped and created afresh; (4) the baseline again. The
file is read once before anything is timed, so that neither side pays for the disk. Prints
seconds, the ratio to DuckDB (to the first run, then to the faster of the two), the
import's peak RSS (wait4 of that child) and where its time went.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import duckdb

GUANXI = [sys.executable, "-m", "guanxi"]


def duckdb_baseline(path: Path) -> float:
    reader = "read_parquet" if path.suffix == ".parquet" else "read_csv"
    started = time.perf_counter()
    groups = (
        duckdb.connect()
        .execute(
            f"SELECT count(*) FROM (SELECT customer_id, date_trunc('month', invoice_date) AS month, "
            f"sum(amount), sum(cost), count(*) FROM {reader}('{path}') GROUP BY ALL)"
        )
        .fetchall()
    )
    seconds = time.perf_counter() - started
    print(f"duckdb alone: {seconds:.2f} s ({groups[0][0]:,} customer-months)")
    return seconds


def timed_import(path: Path, env: dict[str, str]) -> tuple[float, int, str]:
    """Seconds, peak RSS in KiB and stderr of one `guanxi import sales` run."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [*GUANXI, "import", "sales", str(path)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    stdout, stderr = child.communicate()
    seconds = time.perf_counter() - started
    peak = _peak_rss_kib(child.pid)
    if child.returncode != 0:
        sys.exit(f"import failed ({child.returncode}):\n{stdout}\n{stderr}")
    print(stdout.strip())
    return seconds, peak, stderr


def _peak_rss_kib(pid: int) -> int:
    try:
        _, _, usage = os.wait4(pid, 0)
    except ChildProcessError:  # already reaped by communicate(): fall back to all children
        import resource

        return int(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return int(usage.ru_maxrss)


def report(label: str, seconds: float, peak_kib: int, baseline: float, stderr: str) -> None:
    phases = re.findall(r"sales import: (\w+) ([\d.]+) s", stderr)
    print(
        f"{label}: {seconds:.1f} s end to end, {seconds / baseline:.1f} × DuckDB, "
        f"peak RSS {peak_kib / 1024:.0f} MiB"
    )
    print("  phases: " + ", ".join(f"{name} {value} s" for name, value in phases))


def run_sqlite(path: Path, baseline: float) -> float:
    with tempfile.TemporaryDirectory(prefix="guanxi-bench-") as home:
        env = _env(GUANXI_HOME=home)
        env.pop("DATABASE_URL", None)
        subprocess.run([*GUANXI, "manage", "migrate", "-v0"], env=env, check=True)
        seconds, peak, stderr = timed_import(path, env)
        report("SQLite", seconds, peak, baseline, stderr)
        return seconds


def run_postgresql(path: Path, url: str, baseline: float) -> float:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/") + "_bench"
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    with tempfile.TemporaryDirectory(prefix="guanxi-bench-") as home:
        env = _env(GUANXI_HOME=home, DATABASE_URL=urlunsplit(parts._replace(path=f"/{name}")))
        subprocess.run([*GUANXI, "manage", "migrate", "-v0"], env=env, check=True)
        seconds, peak, stderr = timed_import(path, env)
        report("PostgreSQL", seconds, peak, baseline, stderr)
        return seconds


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(GUANXI_LOG_LEVEL="INFO", GUANXI_LANGUAGE="en", **extra)
    return env


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("file", type=Path)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--skip-sqlite", action="store_true")
    args = parser.parse_args()
    args.file.read_bytes()  # once untimed, so that neither side pays for reading the disk
    baseline = duckdb_baseline(args.file)
    imports: list[tuple[str, float]] = []
    if not args.skip_sqlite:
        imports.append(("SQLite", run_sqlite(args.file, baseline)))
    if args.database_url:
        imports.append(("PostgreSQL", run_postgresql(args.file, args.database_url, baseline)))
    after = duckdb_baseline(args.file)  # again: the machine may have been busier at one end
    fastest = min(baseline, after)
    for label, seconds in imports:
        print(f"{label}: {seconds / fastest:.1f} × the faster of the two DuckDB runs")


if __name__ == "__main__":
    main()
