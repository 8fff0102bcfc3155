"""How `guanxi insights` prints: a rich table for people, JSON and CSV for machines."""

from __future__ import annotations

import csv
import json
import sys

import click
from django.utils.translation import gettext as _
from rich.console import Console
from rich.table import Table

from guanxi.domain.relationships.strength import Strength
from guanxi.insights import labels as words
from guanxi.insights.export import insight_dict, strength_dict
from guanxi.insights.selectors import InsightReport

CSV_COLUMNS = (
    "customer_code", "account", "severity", "code", "title", "contacts", "reason",
    "next_step_code", "next_step",
)  # fmt: skip
SEVERITY_STYLES = {"high": "bold red", "medium": "yellow", "low": "dim"}
# A table is for reading: past this many rows it shows the most pressing and says how to
# get all of them (a manager's 20,000 accounts have some 100,000 insights).
TABLE_ROWS = 200


def show(report: InsightReport, output: str, *, with_strength: bool) -> None:
    if output == "json":
        _json(report)
    elif output == "csv":
        _csv(report)
    else:
        _table(report, with_strength=with_strength)


def _json(report: InsightReport) -> None:
    document = {
        "as_of": report.today.isoformat(),
        "strength": [strength_dict(a.account, a.strength) for a in report.accounts],
        "insights": [insight_dict(row) for row in report.rows()],
    }
    click.echo(json.dumps(document, ensure_ascii=False, indent=2))


def _csv(report: InsightReport) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in report.rows():
        writer.writerow([
            row.account.customer_code, row.account.name, row.insight.severity.value,
            row.insight.code.value, row.title, "; ".join(str(c) for c in row.contacts),
            row.reason, row.insight.next_step.value, row.next_step,
        ])  # fmt: skip


def _table(report: InsightReport, *, with_strength: bool) -> None:
    console = Console()
    if with_strength:
        for account in report.accounts:
            _strength_table(console, account.account.name, account.strength)
    insights = report.insights()
    if not insights:
        console.print(_("No insights: nothing in the map needs doing."))
        return
    rows = report.rows(insights[:TABLE_ROWS])
    table = Table(title=_("Insights as of %(date)s") % {"date": report.today.isoformat()})
    table.add_column(_("Severity"))
    table.add_column(_("Account"))
    table.add_column(_("Insight"))
    table.add_column(_("Why"))
    table.add_column(_("Next step"))
    for row in rows:
        severity = row.insight.severity.value
        table.add_row(
            f"[{SEVERITY_STYLES[severity]}]{row.severity}[/]",
            f"{row.account.customer_code}\n{row.account.name}",
            row.title,
            row.reason,
            row.next_step,
        )
    console.print(table)
    if len(insights) > len(rows):
        console.print(
            _(
                "The %(shown)s most pressing of %(count)s insights. For all of them: "
                "--format csv or --format json."
            )
            % {"shown": f"{len(rows):,}", "count": f"{len(insights):,}"}
        )


def _strength_table(console: Console, name: str, strength: Strength) -> None:
    table = Table(
        title=_("Relationship strength of %(account)s: %(score)s / 100")
        % {"account": name, "score": f"{strength.score:.0f}"}
    )
    table.add_column(_("Part"))
    table.add_column(_("Points"), justify="right")
    table.add_column(_("Of"), justify="right")
    for part in strength.parts:
        table.add_row(words.part_text(part), f"{part.points:.1f}", f"{part.weight:.0f}")
    console.print(table)
