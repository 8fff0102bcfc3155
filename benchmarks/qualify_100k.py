"""Qualification of 100 000 accounts ≤ 1 s (DESIGN.md §9): metrics + scoring, in memory.

Builds 36 months of figures for each of N synthetic accounts (columns, as the mapper
reads them from the sales store's months), in memory, then times, in the same process:

- baseline: a plain Python loop that only sums each account's T12M revenue;
- qualify: every metric, criterion, gate, flag and tier of every account (the target);
- explain: turning every account's result into its full explanation (what a run stores);
- pure Python, one account at a time (`account_metrics` + `qualify`) on a sample, scaled up.

    .venv/bin/python benchmarks/qualify_100k.py [--accounts 100000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import platform
import time
from collections.abc import Callable
from datetime import date

import numpy as np

from guanxi.domain.qualification.metrics import (
    AccountFacts,
    MonthFigures,
    MonthTable,
    account_metrics,
    metrics_batch,
)
from guanxi.domain.qualification.periods import LOOKBACK_MONTHS, month_index, month_start
from guanxi.domain.qualification.policy import default_policy
from guanxi.domain.qualification.scoring import (
    CREDIT_SCALE,
    Judged,
    judged_columns,
    qualify,
    qualify_many,
)

AS_OF = date(2025, 12, 20)
RATINGS = list(CREDIT_SCALE)


def build(accounts: int, seed: int = 7) -> tuple[MonthTable, dict[str, np.ndarray], list[Judged]]:
    rng = np.random.default_rng(seed)
    months = LOOKBACK_MONTHS
    rows = accounts * months
    account = np.repeat(np.arange(accounts, dtype=np.int64), months)
    month = np.tile(np.arange(month_index(AS_OF) - months + 1, month_index(AS_OF) + 1), accounts)
    size = np.repeat(rng.lognormal(11, 1.2, accounts), months)
    trend = np.repeat(rng.normal(0.0, 0.02, accounts), months)
    age = month_index(AS_OF) - month
    revenue = size * np.exp(-trend * age) * rng.lognormal(0, 0.3, rows)
    margin = np.repeat(rng.normal(0.2, 0.1, accounts), months)
    cost = revenue * (1 - margin)
    cost[rng.random(rows) < 0.05] = np.nan
    costed_revenue = np.where(np.isnan(cost), 0.0, revenue)
    invoices = rng.integers(1, 12, rows).astype(np.float64)
    paid = np.floor(invoices * 0.9)
    due = invoices
    late = np.floor(due * np.repeat(rng.beta(1, 6, accounts), months))
    days = paid * np.repeat(rng.normal(55, 20, accounts).clip(5, 200), months)
    table = MonthTable(
        account, month, revenue, cost, costed_revenue, invoices, paid, days, late, due
    )
    spend = rng.lognormal(14, 1, accounts)
    spend[rng.random(accounts) < 0.4] = np.nan
    facts = {"category_spend": spend, "payment_terms_days": np.full(accounts, 30.0)}
    judged = [
        Judged(
            access_to_goals=int(rng.integers(1, 6)) if rng.random() < 0.6 else None,
            openness_to_ideas=int(rng.integers(1, 6)) if rng.random() < 0.6 else None,
            credit_rating=RATINGS[int(rng.integers(0, len(RATINGS)))],
        )
        for _ in range(accounts)
    ]
    return table, facts, judged


def best_of(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sample", type=int, default=2_000, help="accounts for the pure loop")
    args = parser.parse_args()
    n = args.accounts

    print(f"building {n:,} accounts × {LOOKBACK_MONTHS} months …", flush=True)
    table, facts, judged = build(n)
    policy = default_policy()
    judged_cols = judged_columns(judged)
    revenue_by_account = [
        table.revenue[i * LOOKBACK_MONTHS : (i + 1) * LOOKBACK_MONTHS].tolist() for i in range(n)
    ]

    def baseline() -> list[float]:
        return [sum(months[-12:]) for months in revenue_by_account]

    def run() -> object:
        metrics = metrics_batch(table, as_of=AS_OF, **facts)
        return qualify_many(metrics, judged_cols, policy)

    batch = run()
    results = qualify_many(metrics_batch(table, as_of=AS_OF, **facts), judged_cols, policy)
    assert np.allclose(baseline(), results.values["revenue_t12m"])  # type: ignore[index]

    t_baseline = best_of(args.repeat, baseline)
    t_qualify = best_of(args.repeat, run)

    def explain() -> None:
        for start in range(0, n, 1000):  # in chunks, as a stored run does
            results.results(start, start + 1000)

    t_explain = best_of(1, explain)

    sample = min(args.sample, n)
    month_lists = [
        [
            MonthFigures(
                month_start(int(table.month[row])),
                float(table.revenue[row]),
                None if np.isnan(table.cost[row]) else float(table.cost[row]),
                float(table.costed_revenue[row]),
                int(table.invoice_count[row]),
                int(table.paid_count[row]),
                int(table.days_to_pay_sum[row]),
                int(table.late_count[row]),
                int(table.due_count[row]),
            )
            for row in range(i * LOOKBACK_MONTHS, (i + 1) * LOOKBACK_MONTHS)
        ]
        for i in range(sample)
    ]

    def one_by_one() -> None:
        for i in range(sample):
            spend = float(facts["category_spend"][i])
            metrics = account_metrics(
                month_lists[i], AS_OF, AccountFacts(None if np.isnan(spend) else spend, 30)
            )
            qualify(metrics, judged[i], policy)

    t_single = best_of(1, one_by_one) * n / sample

    tiers = np.bincount(results.tier_rank, minlength=4)
    print(
        f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}"
    )
    print(f"accounts: {n:,}   month rows: {len(table.month):,}   tiers A/B/C/D: {tiers.tolist()}")
    print(f"baseline, plain loop summing T12M revenue:       {t_baseline:7.3f} s")
    print(
        f"qualify, metrics + scoring, vectorised (target ≤ 1 s): {t_qualify:7.3f} s"
        f"   = {t_qualify / t_baseline:.2f} × baseline"
    )
    print(f"explain every account (results, chunks of 1,000):   {t_explain:7.3f} s")
    print(f"one account at a time, pure path (from {sample:,}, scaled): {t_single:7.1f} s")
    print("qualify within target:", "yes" if t_qualify <= 1.0 else "NO")
    del batch


if __name__ == "__main__":
    main()
