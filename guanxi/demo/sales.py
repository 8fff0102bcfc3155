"""Three years of invoice lines per account, as the ERP would export them (DESIGN.md §6)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from random import Random

from guanxi.demo.catalog import GRADE_MARGIN, Grade, Product, products_for
from guanxi.demo.constants import DEMO_TODAY, SALES_MONTHS
from guanxi.demo.draws import between, pick
from guanxi.demo.profiles import AccountProfile, Pattern
from guanxi.demo.values import cents_text, day_text

# Building hardware sells less around the Spring Festival and most before the year ends.
SEASON = (0.85, 0.45, 0.95, 1.05, 1.05, 1.0, 0.95, 0.95, 1.1, 1.1, 1.2, 1.3)
TODAY = DEMO_TODAY.toordinal()
CREDIT_NOTE_SHARE = 0.03
PRODUCT_DRAWS = 60

# account, invoice, line, date, amount, cost, quantity, product, category, due, paid, currency
SalesRow = tuple[int, str, int, str, str, str, int | None, str, str, str | None, str | None, str]


def month_starts() -> list[date]:
    """The first day of each of the SALES_MONTHS months that end with DEMO_TODAY's month."""
    first = DEMO_TODAY.year * 12 + DEMO_TODAY.month - 1 - (SALES_MONTHS - 1)
    return [date(m // 12, m % 12 + 1, 1) for m in range(first, first + SALES_MONTHS)]


MONTH_STARTS = month_starts()


@dataclass(slots=True)
class SalesContext:
    rng: Random
    profile: AccountProfile
    account_id: int
    code: str
    products: list[Product]  # repeated by how much the account buys of each grade
    rows: list[SalesRow]
    invoices: int = 0


def product_draws(industry: str, weights: tuple[float, float, float]) -> list[Product]:
    """Products repeated by weight, so that one rng.choice picks grade and product at once."""
    draws: list[Product] = []
    total = sum(weights)
    for grade, weight in zip(Grade, weights, strict=True):
        products = products_for(industry, frozenset({grade})) if weight > 0 else ()
        for product in products:
            draws.extend([product] * max(1, round(PRODUCT_DRAWS * weight / total / len(products))))
    return draws


def sales_lines(
    rng: Random, profile: AccountProfile, account_id: int, code: str, industry: str
) -> list[SalesRow]:
    products = product_draws(industry, profile.grade_weights)
    context = SalesContext(rng, profile, account_id, code, products, [])
    for month, start in enumerate(MONTH_STARTS):
        revenue = _month_revenue(rng, profile, month, start.month)
        if revenue <= 0 or (revenue < 25_000 and rng.random() < 0.35):
            continue
        invoices = max(1, min(4, round(revenue / 150_000)))
        for _ in range(invoices):
            _invoice(context, start, revenue / invoices * rng.uniform(0.7, 1.3))
    return context.rows


def _month_revenue(rng: Random, profile: AccountProfile, month: int, calendar_month: int) -> float:
    if month < profile.first_month:
        return 0.0
    ramp = (
        min(1.0, (month - profile.first_month + 1) / 4) if profile.pattern is Pattern.NEW else 1.0
    )
    trend = math.pow(profile.growth, (month - (SALES_MONTHS - 6.5)) / 12)
    noise = rng.lognormvariate(0.0, 0.25)
    return profile.yearly_revenue / 12 * trend * SEASON[calendar_month - 1] * ramp * noise


def _invoice(context: SalesContext, month_start: date, target_yuan: float) -> None:
    rng, profile = context.rng, context.profile
    last_day = DEMO_TODAY.day if month_start == MONTH_STARTS[-1] else 28
    day = month_start.toordinal() + between(rng, 0, min(28, last_day) - 1)
    context.invoices += 1
    invoice_id = f"INV-{context.code}-{context.invoices:04d}"
    due = day + profile.payment_terms
    paid = _paid_day(rng, profile, day, due)
    invoice_date, due_date = day_text(day), day_text(due)
    paid_date = day_text(paid) if paid is not None else None
    lines = between(rng, 1, 5)
    line_target = target_yuan * 100 / lines
    offset, rows, account_id, products = (
        profile.margin_offset,
        context.rows,
        context.account_id,
        context.products,
    )
    for line_no in range(1, lines + 1):
        product = pick(rng, products)
        quantity = max(1, round(line_target * rng.uniform(0.4, 1.6) / product.unit_price_cents))
        amount = quantity * product.unit_price_cents
        margin = min(GRADE_MARGIN[product.grade] + offset + rng.gauss(0.0, 2.0), 45.0)
        cost = round(amount * (1 - margin / 100))
        rows.append((
            account_id, invoice_id, line_no, invoice_date, cents_text(amount), cents_text(cost),
            quantity, product.product_id, product.category, due_date, paid_date, "CNY",
        ))  # fmt: skip
        if line_no == 1 and rng.random() < CREDIT_NOTE_SHARE:
            _credit_note(context, day, product, quantity, amount, cost)


def _paid_day(rng: Random, profile: AccountProfile, day: int, due: int) -> int | None:
    mean, spread = profile.pay_delay
    delay = rng.gauss(mean, spread)
    if profile.pattern is Pattern.SQUEEZER:
        delay = min(max(delay, 60.0), 120.0)
    paid = max(day + 3, due + round(delay))
    return paid if paid <= TODAY else None


def _credit_note(
    context: SalesContext, day: int, product: Product, quantity: int, amount: int, cost: int
) -> None:
    """A return (goods and cost come back) or a price allowance (only revenue goes)."""
    rng = context.rng
    note_day = min(TODAY, day + rng.randint(5, 40))
    share = rng.uniform(0.05, 0.3)
    is_return = rng.random() < 0.5
    context.rows.append((
        context.account_id, f"CN-{context.code}-{context.invoices:04d}", 1, day_text(note_day),
        cents_text(-round(amount * share)), cents_text(-round(cost * share) if is_return else 0),
        -max(1, round(quantity * share)) if is_return else None,
        product.product_id, product.category, None, None, "CNY",
    ))  # fmt: skip
