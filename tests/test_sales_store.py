"""The sales store (guanxi/accounts/sales_store.py): lines merged by key, months that always
equal their definition, buckets written only when touched."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction

from guanxi.accounts import sales_store
from guanxi.accounts.models import Account, SalesChunk
from tests import sales
from tests.factories import AccountFactory

pytestmark = pytest.mark.django_db

BUCKETS = sales_store.BUCKETS


def account(pk: int, code: str = "") -> Account:
    """An account with a chosen id, so that tests know which bucket it falls in."""
    created: Account = AccountFactory(pk=pk, customer_code=code or f"S{pk}")
    return created


@pytest.fixture
def three() -> tuple[Account, Account, Account]:
    """a and b share a bucket, c is in another one."""
    return account(50_001), account(50_001 + BUCKETS), account(50_002)


def row(who: Account, invoice: str, day: date, amount: str, **fields: Any) -> dict[str, Any]:
    return {"account": who, "invoice_id": invoice, "invoice_date": day, "amount": Decimal(amount),
            **fields}  # fmt: skip


def keys(lines: list[Any]) -> list[tuple[int, str, int]]:
    return [(line.account_id, line.invoice_id, line.line_no) for line in lines]


def chunks() -> dict[int, dict[str, Any]]:
    return {
        chunk["bucket"]: chunk
        for chunk in SalesChunk.objects.values(
            "bucket", "lines", "months", "line_count", "month_count", "first_month",
            "last_invoice_date", "months_valid_until",
        )
    }  # fmt: skip


def test_an_empty_store_reads_as_nothing() -> None:
    assert sales_store.lines().num_rows == 0
    assert sales_store.lines().column_names == list(sales_store.LINE_COLUMNS)
    assert sales_store.lines([1, 2]).num_rows == 0
    empty = sales_store.months([1], date(2024, 1, 1), date(2024, 12, 1))
    assert empty.num_rows == 0
    assert empty.column_names == list(sales_store.MONTH_COLUMNS)
    assert sales_store.months().num_rows == 0
    assert sales_store.span() == sales_store.Span(None, None)
    sales_store.sum_again()
    assert not SalesChunk.objects.exists()


def test_a_first_write_stores_every_line_and_its_months(
    three: tuple[Account, Account, Account],
) -> None:
    a, b, c = three
    given = [
        row(a, "A1", date(2024, 1, 10), "100.00", cost=Decimal(60), quantity=Decimal("1.5"),
            product_id="P1", category="门窗", due_date=date(2024, 2, 9),
            paid_date=date(2024, 2, 1)),
        row(a, "A1", date(2024, 1, 10), "50.00", line_no=2),
        row(b, "B1", date(2024, 2, 3), "70.00"),
        row(c, "C1", date(2024, 3, 5), "30.00", currency="USD"),
    ]  # fmt: skip

    counts = sales.add_lines(given)

    assert counts == sales_store.WriteCounts(inserted=4, updated=0, unchanged=0)
    stored = sales.lines()
    assert keys(stored) == [(a.pk, "A1", 1), (a.pk, "A1", 2), (c.pk, "C1", 1), (b.pk, "B1", 1)]
    first = stored[0]
    assert (first.invoice_date, first.amount, first.cost, first.quantity) == (
        date(2024, 1, 10), Decimal("100.00"), Decimal("60.00"), Decimal("1.500"),
    )  # fmt: skip
    assert (first.product_id, first.category, first.currency) == ("P1", "门窗", "CNY")
    assert (first.due_date, first.paid_date) == (date(2024, 2, 9), date(2024, 2, 1))
    assert stored[2].currency == "USD"
    assert sorted(chunks()) == sorted({a.pk % BUCKETS, c.pk % BUCKETS})
    assert chunks()[a.pk % BUCKETS]["line_count"] == 3
    assert sales_store.span() == sales_store.Span(date(2024, 1, 1), date(2024, 3, 5))
    [january] = sales.months(a)
    assert (january.month, january.revenue, january.cost, january.costed_revenue) == (
        date(2024, 1, 1), Decimal("150.00"), Decimal("60.00"), Decimal("100.00"),
    )  # fmt: skip
    assert (january.invoice_count, january.line_count, january.paid_count) == (1, 2, 0)
    sales.assert_months_match_lines()


def test_writing_the_same_lines_again_changes_nothing(
    three: tuple[Account, Account, Account],
) -> None:
    a, b, c = three
    given = [row(who, f"I{n}", date(2024, n, 1), f"{n}0.00", due_date=date(2024, n, 20))
             for n, who in enumerate((a, b, c, a), start=1)]  # fmt: skip
    sales.add_lines(given)
    before = (sales.lines(), sales.months(), chunks())

    again = sales.add_lines(given)

    assert again == sales_store.WriteCounts(inserted=0, updated=0, unchanged=4)
    assert (sales.lines(), sales.months()) == before[:2]
    after = chunks()
    for bucket, chunk in before[2].items():
        assert {k: v for k, v in after[bucket].items() if k not in ("lines", "months")} == {
            k: v for k, v in chunk.items() if k not in ("lines", "months")
        }


def test_an_overlapping_write_updates_and_adds_without_double_counting(
    three: tuple[Account, Account, Account],
) -> None:
    a, b, c = three
    sales.add_lines([
        row(a, "I1", date(2024, 1, 10), "100.00"),
        row(a, "I2", date(2024, 1, 20), "200.00", paid_date=date(2024, 2, 1)),
        row(c, "I3", date(2024, 1, 5), "5.00"),
    ])  # fmt: skip

    counts = sales.add_lines([
        row(a, "I2", date(2024, 1, 20), "250.00", paid_date=date(2024, 2, 1)),  # changed
        row(a, "I1", date(2024, 1, 10), "100.00"),  # the same
        row(b, "I4", date(2024, 3, 5), "300.00"),  # new, in a's bucket
    ])  # fmt: skip

    assert counts == sales_store.WriteCounts(inserted=1, updated=1, unchanged=1)
    assert len(sales.lines()) == 4
    assert [line.amount for line in sales.lines(a)] == [Decimal("100.00"), Decimal("250.00")]
    assert [(m.month, m.revenue) for m in sales.months(a)] == [
        (date(2024, 1, 1), Decimal("350.00"))
    ]
    assert [(m.month, m.revenue) for m in sales.months(b)] == [
        (date(2024, 3, 1), Decimal("300.00"))
    ]
    assert [(m.month, m.revenue) for m in sales.months(c)] == [(date(2024, 1, 1), Decimal("5.00"))]
    sales.assert_months_match_lines()


def test_the_months_are_their_definition_computed_afresh(
    three: tuple[Account, Account, Account],
) -> None:
    """Invoices across months, credit notes, lines without cost, partly paid invoices,
    invoices without due date, overdue and not yet due: the store's sums equal the
    definition recomputed in Python, after a first and a second write."""
    a, b, c = three
    sales.add_lines([
        # one invoice over two months: it belongs to January, is due on its latest due date
        row(a, "X1", date(2024, 1, 30), "100.00", cost=Decimal(80), due_date=date(2024, 2, 28),
            paid_date=date(2024, 3, 1)),
        row(a, "X1", date(2024, 2, 2), "40.00", line_no=2, due_date=date(2024, 3, 2),
            paid_date=date(2024, 3, 1)),
        # partly paid: unpaid, and overdue by the as-of date
        row(a, "X2", date(2024, 2, 10), "60.00", cost=Decimal(45), due_date=date(2024, 3, 1),
            paid_date=date(2024, 2, 20)),
        row(a, "X2", date(2024, 2, 10), "20.00", line_no=2, due_date=date(2024, 3, 1)),
        row(a, "CN1", date(2024, 2, 15), "-30.00", cost=Decimal(-20)),  # a credit note
        row(b, "Y1", date(2024, 2, 1), "500.00", due_date=date(2024, 3, 2),
            paid_date=date(2024, 3, 30)),  # paid late
        row(b, "Y2", date(2024, 3, 20), "10.00", due_date=date(2024, 4, 19)),  # not yet due
        row(c, "Z1", date(2024, 3, 25), "70.00", cost=Decimal(50), paid_date=date(2024, 3, 26)),
    ])  # fmt: skip
    sales.assert_months_match_lines()
    months = {(m.account_id, m.month): m for m in sales.months()}
    january = months[(a.pk, date(2024, 1, 1))]
    assert (january.revenue, january.cost, january.costed_revenue) == (
        Decimal("140.00"), Decimal("80.00"), Decimal("100.00"),
    )  # fmt: skip
    assert (january.invoice_count, january.line_count, january.paid_count) == (1, 2, 1)
    assert (january.days_to_pay_sum, january.late_count, january.due_count) == (31, 0, 1)
    february = months[(a.pk, date(2024, 2, 1))]
    assert (february.revenue, february.cost, february.invoice_count, february.paid_count) == (
        Decimal("50.00"), Decimal("25.00"), 2, 0,
    )  # fmt: skip
    assert (february.late_count, february.due_count) == (1, 1)  # X2 is overdue on 25 March
    assert months[(b.pk, date(2024, 2, 1))].late_count == 1
    assert months[(b.pk, date(2024, 3, 1))].late_count == 0
    assert months[(c.pk, date(2024, 3, 1))].cost == Decimal("50.00")
    assert months[(b.pk, date(2024, 3, 1))].cost is None

    sales.add_lines([
        row(b, "Y2", date(2024, 3, 20), "10.00", due_date=date(2024, 4, 19),
            paid_date=date(2024, 4, 25)),  # now paid, late
        row(c, "Z2", date(2024, 5, 2), "1.00"),
    ])  # fmt: skip
    sales.assert_months_match_lines()
    assert sales.months(b)[-1].late_count == 1


def test_a_later_as_of_date_makes_an_unpaid_invoice_late_in_a_bucket_left_alone(
    three: tuple[Account, Account, Account],
) -> None:
    a, _, c = three
    sales.add_lines([
        row(a, "A1", date(2024, 3, 1), "100.00", due_date=date(2024, 3, 31)),  # unpaid
        row(a, "A2", date(2024, 3, 2), "10.00", due_date=date(2024, 3, 20),
            paid_date=date(2024, 3, 10)),
    ])  # fmt: skip
    [march] = sales.months(a)
    assert march.late_count == 0
    untouched = chunks()[a.pk % BUCKETS]
    assert untouched["months_valid_until"] == date(2024, 3, 31)

    sales.add_lines([row(c, "C1", date(2024, 3, 31), "1.00")])  # the as-of date: due, not late
    assert sales.months(a)[0].late_count == 0
    sales.add_lines([row(c, "C2", date(2024, 4, 15), "1.00")])  # now past the due date

    assert c.pk % BUCKETS != a.pk % BUCKETS
    [march] = sales.months(a)
    assert (march.late_count, march.due_count, march.paid_count) == (1, 2, 1)
    after = chunks()[a.pk % BUCKETS]
    assert after["lines"] == untouched["lines"]  # only the sums were written again
    assert after["months_valid_until"] is None
    assert sales_store.span().last_invoice_date == date(2024, 4, 15)
    sales.assert_months_match_lines()


def test_lines_and_months_are_read_for_the_accounts_asked_for(
    three: tuple[Account, Account, Account],
) -> None:
    a, b, c = three
    sales.add_lines([
        row(who, f"{who.customer_code}-{n}", date(2024, n, 1), "1.00")
        for who in (c, b, a) for n in (2, 1)
    ])  # fmt: skip
    assert keys(sales.lines(a)) == [(a.pk, f"S{a.pk}-1", 1), (a.pk, f"S{a.pk}-2", 1)]
    assert {line.account_id for line in sales.lines(b)} == {b.pk}  # a's bucket, b's lines only
    both = sales_store.lines([c.pk, a.pk]).to_pylist()
    assert [line["account_id"] for line in both] == [a.pk, a.pk, c.pk, c.pk]
    assert [line.account_id for line in sales.lines()] == [a.pk] * 2 + [c.pk] * 2 + [b.pk] * 2
    months = sales_store.months([a.pk, c.pk], first=date(2024, 2, 1)).to_pylist()
    assert [(m["account_id"], m["month"]) for m in months] == [
        (a.pk, date(2024, 2, 1)), (c.pk, date(2024, 2, 1)),
    ]  # fmt: skip
    january = sales_store.months(None, last=date(2024, 1, 1)).to_pylist()
    assert [m["account_id"] for m in january] == [a.pk, c.pk, b.pk]
    assert sales_store.lines([999_999]).num_rows == 0


def test_summing_again_leaves_the_same_months(three: tuple[Account, Account, Account]) -> None:
    a, b, c = three
    sales.add_lines([
        row(a, "A1", date(2024, 1, 5), "100.00", cost=Decimal(70), due_date=date(2024, 2, 4)),
        row(b, "B1", date(2024, 2, 5), "200.00", due_date=date(2024, 5, 1)),
        row(c, "C1", date(2024, 3, 5), "300.00", paid_date=date(2024, 3, 9)),
    ])  # fmt: skip
    months, before = sales.months(), chunks()

    with transaction.atomic():
        sales_store.sum_again()

    assert sales.months() == months
    after = chunks()
    for chunk in (*before.values(), *after.values()):
        chunk.pop("months")  # the same sums; the Parquet bytes need not be
    assert after == before
    sales.assert_months_match_lines()


def test_a_write_rolled_back_leaves_the_store_as_it_was(
    three: tuple[Account, Account, Account],
) -> None:
    a, _, c = three
    sales.add_lines([row(a, "A1", date(2024, 1, 5), "100.00")])
    before = chunks()
    with pytest.raises(RuntimeError), transaction.atomic():
        sales.add_lines(
            [row(a, "A1", date(2024, 1, 5), "999.00"), row(c, "C1", date(2024, 2, 1), "1")]
        )
        raise RuntimeError
    assert chunks() == before
    assert [line.amount for line in sales.lines()] == [Decimal("100.00")]


def test_a_corrected_invoice_date_moves_the_as_of_date_back(
    three: tuple[Account, Account, Account],
) -> None:
    """The as-of date is the latest invoice date of the lines stored now: a line written
    again with an earlier date (a typo corrected) takes the old date out of the sums."""
    a, _, c = three
    unpaid = row(a, "A1", date(2024, 1, 10), "100.00", due_date=date(2024, 2, 1))
    sales.add_lines([unpaid, row(c, "C1", date(2024, 12, 31), "1.00")])  # a typo: December
    assert sales.months(a)[0].late_count == 1
    sales.add_lines([row(c, "C1", date(2024, 1, 31), "1.00")])  # corrected: January
    assert sales_store.span().last_invoice_date == date(2024, 1, 31)
    assert sales.months(a)[0].late_count == 0  # due 1 February, after the as-of date
    sales.assert_months_match_lines()


def test_a_deleted_account_takes_its_lines_and_months_with_it(
    three: tuple[Account, Account, Account],
) -> None:
    from guanxi.accounts.services import account_delete

    a, b, c = three  # a and b share a bucket
    sales.add_lines([
        row(a, "A1", date(2024, 4, 1), "100.00"),
        row(b, "B1", date(2024, 1, 5), "70.00", due_date=date(2024, 2, 1)),
        row(c, "C1", date(2024, 1, 9), "30.00", due_date=date(2024, 3, 1)),  # unpaid
    ])  # fmt: skip
    [late] = sales.months(c)
    assert late.late_count == 1  # due before the as-of date, 2024-04-01 (a's invoice)
    kept_b, gone = sales.lines(b), a.pk

    account_delete(actor=None, account=a)

    assert sales_store.lines().column("account_id").to_pylist() == [c.pk, b.pk]
    assert sales_store.lines([gone]).num_rows == 0
    assert sales_store.months([gone]).num_rows == 0
    assert sales.lines(b) == kept_b
    assert sales_store.span() == sales_store.Span(date(2024, 1, 1), date(2024, 1, 9))
    [on_time] = sales.months(c)  # the as-of date moved back before C1's due date
    assert on_time.late_count == 0
    assert chunks()[gone % BUCKETS]["line_count"] == 1
    sales.assert_months_match_lines()


def test_deleting_the_last_account_of_a_bucket_removes_the_bucket(
    three: tuple[Account, Account, Account],
) -> None:
    from guanxi.accounts.services import accounts_delete

    a, b, c = three
    sales.add_lines([row(who, f"I{who.pk}", date(2024, 1, 2), "10.00") for who in three])
    buckets = set(chunks())

    accounts_delete(actor=None, accounts=Account.objects.filter(pk__in=[a.pk, b.pk]))

    assert set(chunks()) == buckets - {a.pk % BUCKETS}
    assert sales_store.lines().column("account_id").to_pylist() == [c.pk]
    sales.assert_months_match_lines()
    assert sales_store.forget([a.pk, b.pk]) == 0  # nothing left of them
