"""Helpers for import tests: real files written in tmp_path, the CLI run in-process."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from django.utils import translation

from guanxi.cli.main import cli
from tests.sales import assert_months_match_lines, months_from_lines, stored_months

HEADERS = ["customer_id", "customer_name", "invoice_id", "line_no", "invoice_date", "amount",
           "cost", "quantity", "due_date", "paid_date"]  # fmt: skip


@pytest.fixture(autouse=True)
def _forget_the_cli_language() -> Iterator[None]:
    yield
    translation.deactivate()  # the CLI activates the terminal's language for the process


def run(*args: str | Path) -> Result:
    """`guanxi import sales …` in English, whatever the machine's locale."""
    return CliRunner().invoke(
        cli, ["import", "sales", *map(str, args)], env={"GUANXI_LANGUAGE": "en"}
    )


def write_csv(
    path: Path, rows: Sequence[Sequence[object]], headers: Sequence[str] = HEADERS,
    encoding: str = "utf-8",
) -> Path:  # fmt: skip
    with path.open("w", encoding=encoding, newline="") as out:
        writer = csv.writer(out)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


# The months computed afresh from the stored lines live in tests/sales.py (the demo's and the
# store's tests use them too); import tests take them from here as before.
__all__ = ["HEADERS", "assert_months_match_lines", "months_from_lines", "run", "stored_months",
           "write_csv"]  # fmt: skip
