"""A kill -9 in the middle of an import leaves the database exactly as it was (DESIGN §6, §9).

Run for real: `guanxi import sales` in a subprocess on its own SQLite GUANXI_HOME, killed
while it writes, then the database is checked and used again.
"""

from __future__ import annotations

import csv
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from tests.imports.conftest import HEADERS


def _environment(home: Path) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(GUANXI_HOME=str(home), GUANXI_LOG_LEVEL="INFO", GUANXI_LANGUAGE="en")
    return env


def _sales_file(path: Path, lines: int, customers: int, amount: str) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADERS)
        for i in range(lines):
            code = f"K{i % customers:05d}"
            writer.writerow([code, f"客户{code}", f"INV{i // 3}", i % 3 + 1, "2024-03-05",
                             amount, "", "", "2024-04-04", ""])  # fmt: skip
    return path


def _snapshot(database: Path) -> tuple[object, ...]:
    """Accounts and their history as counts; the sales store's rows byte for byte."""
    with sqlite3.connect(database) as db:
        return (
            db.execute(
                "SELECT bucket, line_count, month_count, first_month, last_invoice_date, "
                "months_valid_from, months_valid_until, lines, months "
                "FROM accounts_saleschunk ORDER BY bucket"
            ).fetchall(),
            db.execute("SELECT count(*) FROM accounts_account").fetchone(),
            db.execute("SELECT count(*) FROM accounts_historicalaccount").fetchone(),
        )


def _sales(database: Path) -> tuple[tuple[int, float], tuple[int, float]]:
    """The stored lines (count, total amount) and months (count, total revenue)."""
    with sqlite3.connect(database) as db:
        chunks = db.execute("SELECT lines, months FROM accounts_saleschunk").fetchall()

    def total(blobs: list[bytes], column: str) -> tuple[int, float]:
        tables = [pq.read_table(pa.BufferReader(blob)) for blob in blobs]
        rows = sum(table.num_rows for table in tables)
        return rows, sum(float(pc.sum(table[column]).as_py() or 0) for table in tables)

    return total([c[0] for c in chunks], "amount"), total([c[1] for c in chunks], "revenue")


def _import(path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "guanxi", "import", "sales", str(path)]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)


def test_a_kill_mid_import_leaves_the_database_as_it_was(tmp_path: Path) -> None:
    env = _environment(tmp_path / "home")
    first = _import(_sales_file(tmp_path / "first.csv", 300, 50, "10.00"), env)
    assert first.returncode == 0, first.stderr
    database = tmp_path / "home" / "guanxi.sqlite3"
    assert _sales(database) == ((300, 3000.0), (50, 3000.0))
    before = _snapshot(database)

    big = _sales_file(tmp_path / "big.csv", 240_000, 20_000, "99.99")  # overlaps the first
    command = [sys.executable, "-m", "guanxi", "import", "sales", str(big)]
    importer = subprocess.Popen(
        command, env=env, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    assert importer.stderr is not None
    for line in importer.stderr:  # the accounts are written, the lines are being merged
        if "sales import: accounts" in line:
            break
    assert importer.poll() is None, "the import finished before it could be killed"
    os.killpg(importer.pid, signal.SIGKILL)
    importer.wait(timeout=30)
    assert importer.returncode == -signal.SIGKILL

    assert _snapshot(database) == before
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    again = _import(_sales_file(tmp_path / "again.csv", 300, 50, "20.00"), env)
    assert again.returncode == 0, again.stderr
    _, accounts, _ = _snapshot(database)
    lines, months = _sales(database)
    assert lines == (300, 6000.0)
    assert months == (50, 6000.0)
    assert accounts == (50,)


_WEB_JOB = """
import os, shutil, sys
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from guanxi.imports.jobs import (
    sales_import_job_create, sales_import_job_run, sales_import_upload_create)
from guanxi.imports.uploads import new_folder
from guanxi.users.models import Role, User
admin = User.objects.create_user("ops", password="not-used-here", role=Role.ADMIN)
token, folder = new_folder()
shutil.copy(sys.argv[1], folder / "big.csv")
upload = sales_import_upload_create(
    actor=admin, token=token, file_name="big.csv", kind="csv", size=os.path.getsize(sys.argv[1]))
job = sales_import_job_create(
    actor=admin, upload=upload, mapping={}, encoding=None, dry_run=False, skip_invalid=False)
sales_import_job_run(job_id=job.pk)
"""

_SETTLE = """
import time
import django
django.setup()
from guanxi.imports import jobs
from guanxi.imports.models import SalesImportJob
jobs.LOST_AFTER = 1.0
time.sleep(1.5)  # the worker is dead: its heartbeat goes stale
job = jobs.settle_lost(SalesImportJob.objects.get())
print(job.status, job.error["kind"])
"""


def test_a_web_import_whose_worker_is_killed_is_said_lost_with_nothing_written(
    tmp_path: Path,
) -> None:
    env = _environment(tmp_path / "home") | {"DJANGO_SETTINGS_MODULE": "guanxi.config.settings"}
    big = _sales_file(tmp_path / "big.csv", 240_000, 20_000, "99.99")
    worker = subprocess.Popen(
        [sys.executable, "-c", _WEB_JOB, str(big)],
        env=env, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    assert worker.stderr is not None
    for line in worker.stderr:  # the accounts are written, the lines are being merged
        if "sales import: accounts" in line:
            break
    assert worker.poll() is None, "the import finished before it could be killed"
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=30)

    database = tmp_path / "home" / "guanxi.sqlite3"
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT status FROM imports_salesimportjob").fetchall() == [("running",)]
    settled = subprocess.run(
        [sys.executable, "-c", _SETTLE], env=env, capture_output=True, text=True, timeout=120
    )
    assert settled.returncode == 0, settled.stderr
    assert settled.stdout.strip() == "failed lost"
    assert _snapshot(database) == ([], (0,), (0,))  # no account, no sales: nothing written
