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
