"""`guanxi qualify`: the table, JSON, CSV, --explain, --user and the exit codes."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date

import pytest
from click.testing import CliRunner
from django.utils import translation

from guanxi.accounts.models import Account
from guanxi.cli.main import cli
from guanxi.planning.models import QualificationRun
from tests import sales
from tests.conftest import World
from tests.factories import AccountFactory
from tests.qualification.factories import sales_history

ENGLISH = {"LANG": "en_US.UTF-8", "GUANXI_LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": ""}


@pytest.fixture(autouse=True)
def _forget_the_cli_language() -> Iterator[None]:
    yield
    translation.deactivate()  # the CLI activates the terminal's language for the process


@pytest.fixture
def accounts(world: World) -> dict[str, Account]:
    Account.objects.filter(pk=world.account.pk).update(estimated_category_spend=9_000_000)
    sales_history(world.account, monthly=300_000, margin=0.3, growth_per_year=0.1)
    squeezer = AccountFactory(name="深圳压价集团", customer_code="SZ0001", owner=world.outsider)
    sales_history(squeezer, monthly=2_000_000, margin=0.02, late=3)
    return {"model": world.account, "squeezer": squeezer}


def run(*args: str, env: dict[str, str] | None = None) -> object:
    return CliRunner().invoke(cli, ["qualify", *args], env={**ENGLISH, **(env or {})})


def test_it_explains_itself() -> None:
    result = CliRunner().invoke(cli, ["qualify", "--help"])
    assert result.exit_code == 0
    assert "--explain" in result.output


def test_the_table_lists_every_account_best_first_and_stores_the_run(
    accounts: dict[str, Account],
) -> None:
    result = run("--as-of", "2024-12-31")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    output = result.output  # type: ignore[attr-defined]
    assert "as of 2024-12-31" in output
    assert output.index("GZ0001") < output.index("SZ0001")
    assert "Price squeezer" in output
    assert QualificationRun.objects.get().as_of == date(2024, 12, 31)


def test_json_and_csv_are_for_machines(accounts: dict[str, Account]) -> None:
    data = json.loads(run("--as-of", "2024-12-31", "--format", "json").output)  # type: ignore[attr-defined]
    assert data["policy"] == "default"
    assert [r["customer_code"] for r in data["results"]] == ["GZ0001", "SZ0001"]
    assert "price_squeezer" in data["results"][1]["flags"]
    assert data["results"][0]["metrics"]["gross_margin_pct"] == pytest.approx(30.0)
    rows = list(csv.DictReader(io.StringIO(run("--as-of", "2024-12-31", "--format", "csv").output)))  # type: ignore[attr-defined]
    assert [r["customer_code"] for r in rows] == ["GZ0001", "SZ0001"]
    assert rows[1]["flags"].split(";")[0] == "price_squeezer"
    assert float(rows[0]["revenue_t12m"]) == pytest.approx(3_420_000, rel=0.05)


def test_by_default_periods_count_back_from_the_latest_sales(accounts: dict[str, Account]) -> None:
    data = json.loads(run("--format", "json").output)  # type: ignore[attr-defined]
    latest = max(line.invoice_date for line in sales.lines())
    assert latest == date(2024, 12, 4)  # sales_history: December's 4 invoices, 1st to 4th
    assert data["as_of"] == "2024-12-04"  # the latest invoice date, not the month's start


def test_explain_shows_criteria_flags_and_the_periods_behind_them(
    accounts: dict[str, Account],
) -> None:
    result = run("--as-of", "2024-12-31", "--explain", "SZ0001")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    output = result.output  # type: ignore[attr-defined]
    for words in (
        "深圳压价集团",
        "Margin: weak",
        "gross margin %",
        "Price squeezer",
        "Years",
        "2024-01 … 2024-12",
    ):
        assert words in output
    data = json.loads(
        run("--as-of", "2024-12-31", "--explain", "SZ0001", "--format", "json").output
    )  # type: ignore[attr-defined]
    assert len(data["contributions"]) == 7
    assert len(data["periods"]["quarter"]) == 12


def test_explain_speaks_the_terminals_language(accounts: dict[str, Account]) -> None:
    result = run("--as-of", "2024-12-31", "--explain", "SZ0001", env={"LANG": "zh_CN.UTF-8"})
    assert result.exit_code == 0
    assert "毛利" in result.output  # type: ignore[attr-defined]


def test_user_sees_only_their_accounts(accounts: dict[str, Account], world: World) -> None:
    data = json.loads(run("--as-of", "2024-12-31", "--format", "json", "--user", "owner").output)  # type: ignore[attr-defined]
    assert [r["customer_code"] for r in data["results"]] == ["GZ0001"]
    hidden = run("--as-of", "2024-12-31", "--explain", "SZ0001", "--user", "owner")
    assert hidden.exit_code == 1  # type: ignore[attr-defined]
    assert "There is no customer SZ0001" in hidden.output  # type: ignore[attr-defined]


def test_unknown_policy_user_or_customer_exit_1_and_usage_errors_exit_2(
    accounts: dict[str, Account],
) -> None:
    assert run("--policy", "nope").exit_code == 1  # type: ignore[attr-defined]
    assert run("--user", "nobody").exit_code == 1  # type: ignore[attr-defined]
    assert run("--explain", "XX9999").exit_code == 1  # type: ignore[attr-defined]
    assert run("--as-of", "31.12.2024").exit_code == 2  # type: ignore[attr-defined]
    assert run("--format", "xml").exit_code == 2  # type: ignore[attr-defined]
    assert not QualificationRun.objects.exists()


def test_a_long_table_shows_the_best_and_says_how_to_get_all(
    accounts: dict[str, Account], monkeypatch: pytest.MonkeyPatch
) -> None:
    from guanxi.cli import qualify_output

    monkeypatch.setattr(qualify_output, "TABLE_ROWS", 1)
    output = run("--as-of", "2024-12-31").output  # type: ignore[attr-defined]
    assert "GZ0001" in output and "SZ0001" not in output  # the best score only
    assert "The 1 best scores of 2 accounts." in output
    assert "--format csv" in output
    csv_output = run("--as-of", "2024-12-31", "--format", "csv").output  # type: ignore[attr-defined]
    assert "SZ0001" in csv_output  # every account
