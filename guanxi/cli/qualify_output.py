"""How `guanxi qualify` prints: a rich table for people, JSON and CSV for machines."""

from __future__ import annotations

import csv
import json
import sys
from typing import Any

import click
from django.utils.translation import gettext as _
from rich.console import Console
from rich.table import Table

from guanxi.accounts.models import Account
from guanxi.domain.qualification.metrics import Metric
from guanxi.domain.qualification.periods import Granularity
from guanxi.domain.qualification.scoring import CREDIT_SCALE
from guanxi.domain.qualification.series import PeriodFigures, period_series
from guanxi.planning import labels
from guanxi.planning.mapper import month_figures
from guanxi.planning.models import QualificationResult, QualificationRun
from guanxi.planning.selectors import qualification_run_results

DASH = "—"
CSV_COLUMNS = (
    "customer_code", "name", "revenue_t12m", "gross_margin_pct", "growth_yoy_pct", "days_to_pay",
    "late_share", "score", "confidence", "tier", "tier_override", "flags",
)  # fmt: skip
PERCENT_OF_ONE = {Metric.LATE_SHARE, Metric.SHARE_OF_WALLET, Metric.TREND_CONSISTENCY}
RATINGS = {value: rating for rating, value in CREDIT_SCALE.items()}


def _money(value: float | None) -> str:
    return DASH if value is None else f"{value:,.0f}"


def _percent(value: float | None, signed: bool = False) -> str:
    return DASH if value is None else f"{value:{'+' if signed else ''}.1f} %"


def _days(value: float | None) -> str:
    return DASH if value is None else f"{value:.0f}"


def _metric(metric: str, value: float | None) -> str:
    if value is None:
        return DASH
    if metric == Metric.CREDIT_RATING:
        return RATINGS.get(int(value), str(value))
    if metric in PERCENT_OF_ONE:
        return _percent(value * 100)
    if metric.endswith("_pct"):
        return _percent(value, signed=metric.startswith("growth"))
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}"


def _flags(codes: list[str]) -> str:
    return ", ".join(str(labels.FLAGS.get(code, code)) for code in codes)


def _tier(result: QualificationResult) -> str:
    override = result.account.tier_override
    return f"{result.tier} → {override}" if override and override != result.tier else result.tier


def _row(result: QualificationResult) -> dict[str, Any]:
    account = result.account
    return {
        "account_id": account.pk,
        "customer_code": account.customer_code,
        "name": account.name,
        "score": round(result.score, 2),
        "confidence": round(result.confidence, 3),
        "tier": result.tier,
        "tier_override": account.tier_override,
        "flags": result.flags,
        "metrics": result.metrics,
    }


def _run_header(run: QualificationRun) -> dict[str, Any]:
    return {
        "run": run.pk,
        "as_of": run.as_of.isoformat(),
        "policy": run.policy.name,
        "policy_version": run.policy.version,
    }


def portfolio(run: QualificationRun, output: str) -> None:
    results = qualification_run_results(run)
    if output == "json":
        rows = [_row(r) for r in results]
        click.echo(json.dumps({**_run_header(run), "results": rows}, ensure_ascii=False, indent=1))
    elif output == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(CSV_COLUMNS)
        for result in results:
            row = _row(result)
            figures = row.pop("metrics")
            row["flags"] = ";".join(row["flags"])
            writer.writerow([row.get(column, figures.get(column)) for column in CSV_COLUMNS])
    else:
        _portfolio_table(run, results)


# A table is for reading: past this many accounts it shows the best and says how to get
# all of them (the CSV and JSON always hold every account).
TABLE_ROWS = 200


def _portfolio_table(run: QualificationRun, results: list[QualificationResult]) -> None:
    title = _("Qualification as of %(date)s, policy %(policy)s: %(count)s accounts") % {
        "date": run.as_of.isoformat(),
        "policy": str(run.policy),
        "count": f"{len(results):,}",
    }
    table = Table(title=title)
    for header, justify in (
        (_("customer code"), "left"), (_("name"), "left"), (_("revenue, last 12 months"), "right"),
        (_("gross margin %"), "right"), (_("growth"), "right"), (_("days to pay"), "right"),
        (_("score"), "right"), (_("confidence"), "right"), (_("tier"), "center"), (_("flags"), "left"),
    ):  # fmt: skip
        table.add_column(header, justify=justify)  # type: ignore[arg-type]
    for result in results[:TABLE_ROWS]:
        figures = result.metrics
        table.add_row(
            result.account.customer_code,
            result.account.name,
            _money(figures.get("revenue_t12m")),
            _percent(figures.get("gross_margin_pct")),
            _percent(figures.get("growth_yoy_pct"), signed=True),
            _days(figures.get("days_to_pay")),
            f"{result.score:.1f}",
            f"{result.confidence:.0%}",
            _tier(result),
            _flags(result.flags),
        )
    console = Console(highlight=False, width=max(160, Console().width))
    console.print(table)
    if len(results) > TABLE_ROWS:
        console.print(
            _(
                "The %(shown)s best scores of %(count)s accounts. For all of them: "
                "--format csv or --format json."
            )
            % {"shown": f"{TABLE_ROWS:,}", "count": f"{len(results):,}"}
        )


def _series(account: Account, run: QualificationRun) -> dict[str, tuple[PeriodFigures, ...]]:
    months = month_figures(account, run.as_of)
    return {
        granularity: period_series(months, run.as_of, granularity)
        for granularity in (Granularity.YEAR, Granularity.QUARTER)
    }


def _period_data(figures: PeriodFigures) -> dict[str, Any]:
    return {
        "first_month": figures.period.first_month.isoformat(),
        "last_month": figures.period.last_month.isoformat(),
        "revenue": figures.revenue,
        "gross_margin_pct": figures.gross_margin_pct,
        "invoice_count": figures.invoice_count,
        "days_to_pay": figures.days_to_pay,
        "late_share": figures.late_share,
    }


def explain(run: QualificationRun, account: Account, output: str) -> None:
    result = run.results.select_related("account").get(account=account)
    series = _series(account, run)
    if output == "table":
        _explain_text(run, result, series)
        return
    data = {
        **_run_header(run),
        **_row(result),
        "contributions": result.contributions,
        "periods": {str(g): [_period_data(p) for p in periods] for g, periods in series.items()},
    }
    if output == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return
    writer = csv.writer(sys.stdout)
    writer.writerow(
        ("criterion", "metric", "value", "curve_score", "weight", "share", "points", "reason")
    )
    for c in result.contributions:
        for m in c["measures"]:
            writer.writerow((c["criterion"], m["metric"], m["value"], m["score"], m["weight"], c["share"], c["points"], c["reason"]))  # fmt: skip


def _explain_text(
    run: QualificationRun,
    result: QualificationResult,
    series: dict[str, tuple[PeriodFigures, ...]],
) -> None:
    console = Console(highlight=False, width=max(120, Console().width))
    account = result.account
    console.print(f"[bold]{account.name}[/bold] ({account.customer_code})")
    console.print(
        _("Score %(score)s of 100, confidence %(confidence)s, recommended tier %(tier)s")
        % {
            "score": f"{result.score:.1f}",
            "confidence": f"{result.confidence:.0%}",
            "tier": result.tier,
        }
    )
    if account.tier_override:
        console.print(
            _("Tier overridden to %(tier)s: %(reason)s")
            % {"tier": account.tier_override, "reason": account.tier_override_reason}
        )
    console.print(
        _("Policy %(policy)s, as of %(date)s")
        % {"policy": str(run.policy), "date": run.as_of.isoformat()}
    )
    criteria = Table(title=_("Criteria"))
    for header in (_("criterion"), _("measure"), _("value"), _("curve score"), _("weight"), _("share"), _("points"), _("reason")):  # fmt: skip
        criteria.add_column(header)
    for c in result.contributions:
        for number, m in enumerate(c["measures"]):
            first = number == 0
            criteria.add_row(
                str(labels.CRITERIA.get(c["criterion"], c["criterion"])) if first else "",
                str(labels.METRICS.get(m["metric"], m["metric"])),
                _metric(m["metric"], m["value"]),
                DASH if m["score"] is None else f"{m['score']:.0f}",
                f"{c['weight']:g}" + ("" if len(c["measures"]) == 1 else f" ({m['weight']:g})"),
                f"{c['share']:.0%}" if first else "",
                f"{c['points']:.1f}" if first else "",
                labels.reason_text(c["reason"]) if first else "",
            )
    console.print(criteria)
    for code in result.flags:
        console.print(
            f"[red]{labels.FLAGS.get(code, code)}[/red]: {labels.FLAG_REASONS.get(code, '')}"
        )
    for granularity, title in (
        (Granularity.YEAR, _("Years")),
        (Granularity.QUARTER, _("Quarters")),
    ):
        console.print(_periods_table(title, series[granularity]))


def _periods_table(title: str, periods: tuple[PeriodFigures, ...]) -> Table:
    table = Table(title=title)
    for header in (_("period"), _("revenue"), _("gross margin %"), _("invoices"), _("days to pay"), _("late")):  # fmt: skip
        table.add_column(header, justify="right")
    for figures in periods:
        period = figures.period
        name = f"{period.first_month:%Y-%m} … {period.last_month:%Y-%m}"
        table.add_row(
            name if period.covered else f"({name})",
            _money(figures.revenue),
            _percent(figures.gross_margin_pct),
            f"{figures.invoice_count:,}",
            _days(figures.days_to_pay),
            DASH if figures.late_share is None else f"{figures.late_share:.0%}",
        )
    return table
