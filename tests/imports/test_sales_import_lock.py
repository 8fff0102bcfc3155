"""On SQLite, a sales import merges and sums its lines before its transaction, so that it
holds the one write lock only to save them; if the accounts or the store changed in the
meantime, it does the work again inside the transaction. Real imports through the CLI.

PostgreSQL does the work inside its transaction (its writers do not wait on one lock), so
these tests are SQLite's alone."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.db import connection, connections

from guanxi.accounts import sales_store
from guanxi.accounts.models import Account
from tests import sales
from tests.factories import AccountFactory
from tests.imports.conftest import assert_months_match_lines, run, write_csv

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the store is made ready ahead only on SQLite"
)

ROWS = [
    ["C1", "宏达", "INV1", 1, "2024-05-02", "100", "60", "", "2024-06-01", "2024-06-03"],
    ["C2", "美家", "INV2", 1, "2024-06-02", "10", "", "", "2024-07-01", ""],
]


@dataclass
class Meanwhile:
    then: list[Callable[[], None]] = field(default_factory=list)  # each done once, in turn
    merges: int = 0  # how many times lines were merged and summed, by any import


@pytest.fixture
def meanwhile(monkeypatch: pytest.MonkeyPatch) -> Meanwhile:
    """What happens right after an import's lines are ready, as if another user did it."""
    computed = sales_store.SalesWrite.compute
    happens = Meanwhile()

    def compute(write: sales_store.SalesWrite) -> None:
        happens.merges += 1
        computed(write)
        while happens.then:
            happens.then.pop(0)()

    monkeypatch.setattr(sales_store.SalesWrite, "compute", compute)
    return happens


@pytest.mark.django_db(transaction=True)
def test_the_lines_are_merged_before_the_write_lock_is_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inside: list[bool] = []
    computed = sales_store.SalesWrite.compute
    importing = connections["default"]  # the import's own, whichever thread merges

    def compute(write: sales_store.SalesWrite) -> None:
        inside.append(importing.in_atomic_block)  # BEGIN IMMEDIATE takes SQLite's lock
        computed(write)

    monkeypatch.setattr(sales_store.SalesWrite, "compute", compute)
    result = run(write_csv(tmp_path / "sales.csv", ROWS))
    assert result.exit_code == 0, result.output
    assert inside == [False]
    assert "Lines: 2 inserted" in result.output
    assert_months_match_lines()


@pytest.mark.django_db
def test_an_account_made_meanwhile_for_a_new_customer_is_matched_not_doubled(
    tmp_path: Path, meanwhile: Meanwhile
) -> None:
    meanwhile.then.append(lambda: AccountFactory(customer_code="C2", name="美家（手建）"))

    result = run(write_csv(tmp_path / "sales.csv", ROWS))

    assert result.exit_code == 0, result.output
    assert meanwhile.merges == 2  # ahead, then again inside the transaction
    assert "Customers: 1 created, 1 matched" in result.output
    assert Account.objects.filter(customer_code="C2").count() == 1
    by_code = {line.customer_code: line for line in sales.lines()}
    assert by_code["C2"].account_id == Account.objects.get(customer_code="C2").pk
    assert_months_match_lines()


@pytest.mark.django_db
def test_lines_written_meanwhile_are_kept_and_counted_once(
    tmp_path: Path, meanwhile: Meanwhile
) -> None:
    other = write_csv(
        tmp_path / "other.csv",
        [
            ["C1", "宏达", "INV1", 1, "2024-05-02", "120", "60", "", "2024-06-01", "2024-06-03"],
            ["C3", "华丰", "INV3", 1, "2024-04-02", "30", "", "", "", ""],
        ],
    )  # fmt: skip
    meanwhile.then.append(lambda: _imported(other))  # another import, committed first

    result = run(write_csv(tmp_path / "sales.csv", ROWS))

    assert result.exit_code == 0, result.output
    assert meanwhile.merges == 3  # this one ahead, the other, this one again
    # merged with what the other import stored: its INV1 line is this file's again
    assert "Lines: 1 inserted, 1 updated, 0 unchanged" in result.output
    lines = {(line.customer_code, line.invoice_id): line.amount for line in sales.lines()}
    assert lines == {("C1", "INV1"): 100, ("C2", "INV2"): 10, ("C3", "INV3"): 30}
    assert Account.objects.count() == 3
    assert_months_match_lines()


def _imported(path: Path) -> None:
    result = run(path)
    assert result.exit_code == 0, result.output
