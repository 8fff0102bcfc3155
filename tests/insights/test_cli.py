"""`guanxi insights`: as the operator, as the owner, a teammate and an outsider."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from click.testing import CliRunner
from django.utils import translation

from guanxi.cli.main import cli
from guanxi.stakeholders.models import Contact
from tests.conftest import World

AS_OF = ["--as-of", "2026-11-27"]


@pytest.fixture(autouse=True)
def _english_and_forgotten(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("GUANXI_LANGUAGE", "en")
    yield
    translation.deactivate()  # the CLI activates the terminal's language for the process


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, ["insights", *args, *AS_OF])


def as_json(*args: str) -> dict[str, Any]:
    result = run(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_it_explains_itself() -> None:
    result = CliRunner().invoke(cli, ["insights", "--help"])
    assert result.exit_code == 0
    assert "--user" in result.output


@pytest.mark.parametrize("persona", ["owner", "teammate"])
def test_the_account_team_sees_the_vested_interest(
    world: World, mapped: dict[str, Contact], persona: str
) -> None:
    document = as_json("--account", "GZ0001", "--user", getattr(world, persona).username)
    opponent = next(i for i in document["insights"] if i["code"] == "influential_opponent")
    assert opponent["sensitive"] is True
    assert opponent["next_step"]["code"] == "plan_mitigation"
    assert opponent["contacts"][0]["name"] == "梁志强"
    assert "vested interest" in opponent["reason"]
    [strength] = document["strength"]
    assert strength["account"]["customer_code"] == "GZ0001"
    assert strength["threats_withheld"] is False
    assert 0 <= strength["score"] <= 100


def test_an_outsider_is_refused_the_account_and_sees_nothing_else(
    world: World, mapped: dict[str, Contact]
) -> None:
    refused = run("--account", "GZ0001", "--user", "outsider")
    assert refused.exit_code == 1
    assert "GZ0001" in refused.output
    assert as_json("--user", "outsider")["insights"] == []


def test_the_operator_sees_every_account_but_never_a_vested_interest(
    world: World, mapped: dict[str, Contact]
) -> None:
    document = as_json()
    assert {i["account"]["customer_code"] for i in document["insights"]} == {"GZ0001"}
    assert not any(i["sensitive"] for i in document["insights"])
    assert all(s["threats_withheld"] for s in document["strength"])


def test_filters_csv_and_the_table(world: World, mapped: dict[str, Contact]) -> None:
    result = run("--user", "owner", "--severity", "high", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert rows and {row["severity"] for row in rows} == {"high"}
    assert {row["customer_code"] for row in rows} == {"GZ0001"}
    table = run("--account", "GZ0001", "--code", "need_department_unknown")
    assert table.exit_code == 0, table.output
    assert "Relationship strength" in table.output
    assert "设计部" in table.output


def test_bad_input_exits_1_and_misuse_exits_2(world: World) -> None:
    assert run("--user", "nobody").exit_code == 1
    assert run("--account", "NOPE").exit_code == 1
    assert run("--code", "gossip").exit_code == 2
    assert run("--severity", "dire").exit_code == 2


def test_a_long_table_shows_the_most_pressing_and_says_how_to_get_all(
    world: World, mapped: dict[str, Contact], monkeypatch: pytest.MonkeyPatch
) -> None:
    from guanxi.cli import insights_output

    everything = as_json("--user", world.owner.username)["insights"]
    assert len(everything) >= 2
    monkeypatch.setattr(insights_output, "TABLE_ROWS", 1)
    monkeypatch.setenv("COLUMNS", "400")  # a wide terminal: no cell wraps
    result = run("--user", world.owner.username)
    assert result.exit_code == 0, result.output
    assert f"The 1 most pressing of {len(everything)} insights." in result.output
    assert "--format csv" in result.output
    # The one shown is the first of the full list, the most pressing.
    assert everything[0]["reason"] in result.output
    assert everything[1]["reason"] not in result.output
    monkeypatch.setattr(insights_output, "TABLE_ROWS", len(everything))
    assert "most pressing of" not in run("--user", world.owner.username).output
