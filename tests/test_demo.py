"""The demo workspace (`guanxi demo`): deterministic, big enough, and telling the method's stories."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from click.testing import CliRunner
from django.contrib.auth.hashers import check_password
from django.db import transaction
from django.db.models import Max, Q

from guanxi.accounts.models import Account
from guanxi.activities.models import Activity
from guanxi.cli.main import cli
from guanxi.core.access import visible_accounts
from guanxi.demo.build import DemoError, DemoSummary, build_demo
from guanxi.demo.constants import (
    DEMO_PASSWORD,
    DEMO_TODAY,
    FURNITURE_MAKER_CODE,
    KICKBACK_ACCOUNT_CODE,
)
from guanxi.domain.names import pinyin_full, pinyin_initials
from guanxi.needs.models import Need
from guanxi.planning.models import QualificationResult, QualificationRun
from guanxi.stakeholders.models import Contact, Relationship, VestedInterest
from guanxi.users.models import User
from tests import sales


def fingerprint() -> tuple[list[tuple[object, ...]], ...]:
    """The workspace without database ids, which a backend may hand out differently."""
    return (
        list(Account.objects.order_by("customer_code").values_list(
            "customer_code", "name", "name_latin", "owner__username", "parent__customer_code",
            "estimated_category_spend", "tier",
        )),
        list(Contact.objects.order_by("account__customer_code", "pk").values_list(
            "account__customer_code", "name", "title", "reports_to__name", "stance", "influence",
        )),
        sorted((line.customer_code, line.invoice_id, line.line_no, line.invoice_date, line.amount,
                line.cost, line.paid_date) for line in sales.lines()),
        list(Activity.objects.order_by("account__customer_code", "date", "subject").values_list(
            "date", "kind", "subject", "hours",
        )),
        list(User.objects.order_by("username").values_list("username", "display_name", "role")),
    )  # fmt: skip


def build_and_forget(
    accounts: int, seed: int, chunk: int = 1_000
) -> tuple[list[tuple[object, ...]], ...]:
    with transaction.atomic():
        build_demo(accounts, seed, chunk=chunk)
        result = fingerprint()
        transaction.set_rollback(True)
    return result


@pytest.mark.django_db
def test_the_same_seed_builds_the_same_workspace_and_another_seed_does_not() -> None:
    first = build_and_forget(8, seed=7)
    assert build_and_forget(8, seed=7) == first
    assert build_and_forget(8, seed=8) != first


@pytest.mark.django_db
def test_big_builds_draw_the_same_rows_in_a_second_process() -> None:
    assert build_and_forget(7, seed=3, chunk=3) == build_and_forget(7, seed=3)


@pytest.mark.django_db
def test_it_refuses_a_database_that_is_not_empty() -> None:
    build_demo(3, seed=1)
    with pytest.raises(DemoError):
        build_demo(3, seed=1)


@pytest.mark.django_db
def test_the_command_builds_without_serving_and_prints_how_to_log_in(
    tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GUANXI_HOME", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", "sqlite:///untouched.sqlite3")  # restored afterwards
    result = CliRunner().invoke(cli, ["demo", "--accounts", "3", "--no-serve", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:8123/" in result.output
    assert DEMO_PASSWORD in result.output
    assert FURNITURE_MAKER_CODE in result.output and KICKBACK_ACCOUNT_CODE in result.output
    assert "kam1" in result.output and "manager" in result.output
    assert Account.objects.count() == 3


@pytest.fixture(scope="class")
def workspace(
    django_db_setup: None, django_db_blocker: pytest.FixtureRequest
) -> Iterator[DemoSummary]:
    """One default workspace for the whole class, rolled back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        yield build_demo(60, seed=1)
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.usefixtures("workspace")
class TestTheDefaultWorkspace:
    def test_it_has_sixty_accounts_and_at_least_four_hundred_contacts(
        self, workspace: DemoSummary
    ) -> None:
        assert Account.objects.count() == workspace.rows["account"] == 60
        assert Contact.objects.count() == workspace.rows["contact"] >= 400
        assert Activity.objects.count() == workspace.rows["activity"]
        assert len(sales.lines()) == workspace.rows["sales"]
        assert Account.objects.filter(subsidiaries__isnull=False).exists()

    def test_the_demo_users_log_in_with_the_printed_password(self) -> None:
        roles = dict(User.objects.values_list("username", "role"))
        assert {
            "admin": "admin",
            "manager": "manager",
            "manager2": "manager",
            "exec": "executive",
        }.items() <= roles.items()
        assert [u for u, r in roles.items() if r == "kam"] == ["kam1", "kam2", "kam3", "kam4"]
        kam1 = User.objects.get(username="kam1")
        assert check_password(DEMO_PASSWORD, kam1.password)
        assert kam1.display_name and kam1.team is not None
        assert User.objects.get(username="admin").is_staff

    def test_org_charts_are_trees_inside_their_account(self) -> None:
        boss_of = dict(Contact.objects.values_list("pk", "reports_to_id"))
        account_of = dict(Contact.objects.values_list("pk", "account_id"))
        for contact, boss in boss_of.items():
            seen = {contact}
            while boss is not None:
                assert account_of[boss] == account_of[contact]
                assert boss not in seen, "a reporting loop"
                seen.add(boss)
                boss = boss_of[boss]
        assert sum(boss is None for boss in boss_of.values()) == Account.objects.count()

    def test_names_carry_their_pinyin_search_keys(self) -> None:
        for name, full, initials in Account.objects.values_list(
            "name", "name_pinyin", "name_initials"
        ):
            assert (full, initials) == (pinyin_full(name), pinyin_initials(name))
        for name, full, initials in Contact.objects.exclude(name="").values_list(
            "name", "name_pinyin", "name_initials"
        ):
            assert (full, initials) == (pinyin_full(name), pinyin_initials(name)) != ("", "")
        assert not Contact.objects.filter(is_placeholder=False, name="").exists()
        assert Contact.objects.filter(is_placeholder=True).exists()
        assert Contact.objects.filter(status="left", left_on__isnull=False).exists()

    def test_the_furniture_maker_needs_a_door_other_than_purchasing(self) -> None:
        account = Account.objects.get(customer_code=FURNITURE_MAKER_CODE)
        assert account.name == "广州华轩家具有限公司" and account.owner.username == "kam1"  # type: ignore[union-attr]
        needs = Need.objects.filter(account=account)
        assert needs.filter(horizon="short", category="cost", owning_department="采购部").exists()
        assert needs.filter(horizon="long", owning_department__in=["设计部", "市场部"]).count() >= 2
        buyers = Contact.objects.filter(account=account, department="采购部")
        assert buyers.filter(stance__lte=0).exists()
        assert Relationship.objects.filter(contact__in=buyers, current_level__gte=1).exists()
        upmarket = Contact.objects.filter(
            account=account, department__in=["设计部", "市场部", "销售部"]
        )
        assert upmarket.count() >= 3
        assert not Relationship.objects.filter(contact__in=upmarket).exists()
        products = {line.product_id for line in sales.lines(account)}
        assert products and all(p.endswith("-L") for p in products)

    def test_the_kickback_account_has_an_influential_opponent_and_an_ally(self) -> None:
        interest = VestedInterest.objects.select_related("contact", "ally", "owner").get(
            account__customer_code=KICKBACK_ACCOUNT_CODE, kind="kickback"
        )
        assert interest.severity == 3 and interest.mitigation == "ally_speaks"
        assert interest.contact.stance == -2 and interest.contact.influence >= 4
        assert "采购" in interest.contact.title
        assert interest.ally is not None and interest.ally.stance > 0
        assert interest.owner is not None and interest.owner.username == "kam1"
        assert interest.ally.account_id == interest.contact.account_id == interest.account_id

    def test_price_squeezers_buy_a_lot_below_margin_and_pay_late(self) -> None:
        year_ago = date(DEMO_TODAY.year - 1, DEMO_TODAY.month, DEMO_TODAY.day)
        totals = _totals_by_account(line for line in sales.lines() if line.invoice_date > year_ago)
        by_revenue = sorted(totals, key=lambda t: -t["revenue"])
        margins = {t["account"]: 1 - t["cost"] / t["revenue"] for t in totals}
        squeezers = [
            t["account"] for t in by_revenue[:15] if margins[t["account"]] <= Decimal("0.03")
        ]
        assert len(squeezers) >= 2
        for account in squeezers:
            assert average_days_late(account) >= 60
        typical = sorted(margins.values())[len(margins) // 2]
        assert Decimal("0.18") <= typical <= Decimal("0.35")

    def test_sales_cover_three_years_up_to_the_demo_today_with_credit_notes(self) -> None:
        lines = sales.lines()
        first = min(line.invoice_date for line in lines)
        last = max(line.invoice_date for line in lines)
        assert (
            date(DEMO_TODAY.year - 3, DEMO_TODAY.month, 1)
            < first
            <= date(DEMO_TODAY.year - 3, 12, 31)
        )
        assert last <= DEMO_TODAY
        assert any(line.amount < 0 for line in lines)
        assert not any(line.paid_date and line.paid_date > DEMO_TODAY for line in lines)
        assert not any(line.amount > 0 and line.due_date is None for line in lines)

    def test_kam1_sees_only_the_accounts_they_own_or_work_on(self) -> None:
        kam1 = User.objects.get(username="kam1")
        visible = set(visible_accounts(kam1).values_list("customer_code", flat=True))
        own = Account.objects.filter(Q(owner=kam1) | Q(team_members__user=kam1))
        assert visible == set(own.values_list("customer_code", flat=True))
        assert {FURNITURE_MAKER_CODE, KICKBACK_ACCOUNT_CODE} <= visible
        assert len(visible) < Account.objects.count()

    def test_records_added_after_the_build_get_fresh_ids(self) -> None:
        account = Account.objects.create(name="新客户", customer_code="NEW-1")
        contact = Contact.objects.create(account=account, name="张伟")
        need = Need.objects.create(account=account, description="新需求", horizon="short")
        activity = Activity.objects.create(account=account, date=DEMO_TODAY, kind="call")
        assert account.pk > Account.objects.exclude(pk=account.pk).aggregate(m=Max("pk"))["m"]
        assert contact.pk and need.pk and activity.pk

    def test_last_touch_comes_from_the_activities_done(self) -> None:
        assert not Activity.objects.filter(status="done", date__gt=DEMO_TODAY).exists()
        assert not Activity.objects.filter(status="planned", date__lte=DEMO_TODAY).exists()
        touched = Relationship.objects.filter(
            contact__account__customer_code__in=[FURNITURE_MAKER_CODE, KICKBACK_ACCOUNT_CODE]
        )
        for relationship in touched:
            latest = Activity.objects.filter(
                status="done", participants=relationship.user, contacts_met=relationship.contact
            ).aggregate(latest=Max("date"))["latest"]
            assert relationship.last_touch == latest

    def test_every_account_is_qualified_as_of_the_demo_today(
        self,
    ) -> None:
        run = QualificationRun.objects.get()
        assert (run.as_of, run.policy.is_default, run.created_by.username) == (
            DEMO_TODAY, True, "admin",
        )  # fmt: skip
        assert run.results.count() == Account.objects.count() == 60

    def test_the_big_buyers_below_cost_are_flagged_and_not_crowned(
        self, workspace: DemoSummary
    ) -> None:
        results = list(QualificationResult.objects.select_related("account"))
        by_revenue = sorted(results, key=lambda r: -r.metrics["revenue_t12m"])
        squeezers = [r for r in by_revenue[:5] if r.metrics["gross_margin_pct"] < 0]
        assert len(squeezers) >= 2
        for result in squeezers:
            assert {"price_squeezer", "late_payer"} <= set(result.flags)
            assert result.tier not in ("A", "B")
            assert result.account.tier == result.tier  # the tier by volume gave way
        crowned = [r for r in results if r.tier == "A"]
        assert crowned and all(r.metrics["gross_margin_pct"] > 15 for r in crowned)
        # kam1's biggest one is shown to start with.
        shown = workspace.showcases[-1]
        assert shown.story.startswith("R1.9")
        assert Account.objects.get(customer_code=shown.code).owner.username == "kam1"


def _totals_by_account(lines: Iterable[SimpleNamespace]) -> list[dict[str, Any]]:
    """Revenue and cost summed by account, as SQL sums them (NULL costs left out)."""
    totals: dict[int, dict[str, Any]] = {}
    for line in lines:
        total = totals.setdefault(
            line.account_id, {"account": line.account_id, "revenue": Decimal(0), "cost": None}
        )
        total["revenue"] += line.amount
        if line.cost is not None:
            total["cost"] = (total["cost"] or Decimal(0)) + line.cost
    return list(totals.values())


def average_days_late(account_id: int) -> float:
    delays = [
        (line.paid_date - line.due_date).days
        for line in sales.lines()
        if line.account_id == account_id and line.paid_date and line.due_date
    ]
    return sum(delays) / len(delays)


@pytest.mark.django_db
def test_the_demo_leaves_monthly_sales_sums_that_match_its_sales_lines() -> None:
    build_demo(accounts=5, seed=3)
    lines = sum(line.amount for line in sales.lines())
    months = sum(month.revenue for month in sales.months())
    assert lines == months
    assert len({month.account_id for month in sales.months()}) == 5
    sales.assert_months_match_lines()
