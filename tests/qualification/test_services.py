"""Qualification on the real database: the mapper, runs, policies, overrides, selectors."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from guanxi.accounts.models import Account
from guanxi.domain.qualification.policy import default_policy, to_dict
from guanxi.planning.mapper import latest_sales_date, portfolio_for
from guanxi.planning.models import QualificationPolicy, QualificationResult
from guanxi.planning.selectors import (
    qualification_latest_results,
    qualification_policy_list,
    qualification_result_for_account,
)
from guanxi.planning.services import (
    account_tier_override,
    qualification_policy_create,
    qualification_policy_default,
    qualification_policy_update,
    qualification_run,
)
from tests import sales
from tests.conftest import World
from tests.factories import AccountFactory
from tests.qualification.factories import MONTH, sales_history


@pytest.fixture
def portfolio(world: World) -> dict[str, Account]:
    """The world's account is a model customer; a big squeezer and a small one beside it."""
    Account.objects.filter(pk=world.account.pk).update(
        estimated_category_spend=12_000_000,
        access_to_goals=5,
        openness_to_ideas=4,
        credit_rating="AA",
    )
    sales_history(world.account, monthly=400_000, margin=0.3, growth_per_year=0.2)
    squeezer = AccountFactory(name="深圳压价集团", customer_code="SZ0001", owner=world.owner,
                              access_to_goals=5, openness_to_ideas=5, credit_rating="AAA")  # fmt: skip
    sales_history(squeezer, monthly=3_000_000, margin=-0.02, late=3)
    small = AccountFactory(name="佛山小店", customer_code="FS0001", owner=world.outsider)
    sales_history(small, monthly=5_000, months=6)
    world.account.refresh_from_db()
    return {"model": world.account, "squeezer": squeezer, "small": small}


def test_the_mapper_reads_every_month_in_one_query(
    portfolio: dict[str, Account], django_assert_num_queries
) -> None:
    with django_assert_num_queries(3):  # accounts, months, first month of the data
        mapped = portfolio_for(Account.objects.all(), date(2024, 12, 31))
    assert len(mapped.account_ids) == 3
    assert len(mapped.months.month) == 36 + 36 + 6
    model = mapped.account_ids.index(portfolio["model"].pk)
    assert mapped.category_spend[model] == 12_000_000
    assert mapped.history_start == date(2022, 1, 1)


def test_a_run_stores_every_result_and_sets_the_recommended_tier(
    portfolio: dict[str, Account], world: World
) -> None:
    run = qualification_run(
        actor=world.admin, policy=qualification_policy_default(), as_of=date(2024, 12, 31)
    )
    assert run.account_count == 3
    results = {r.account_id: r for r in QualificationResult.objects.filter(run=run)}
    model, squeezer = results[portfolio["model"].pk], results[portfolio["squeezer"].pk]
    assert model.tier == "A" and model.flags == []
    assert {"price_squeezer", "late_payer"} <= set(squeezer.flags)
    assert squeezer.tier in ("C", "D")
    assert model.metrics["gross_margin_pct"] == pytest.approx(30.0)
    assert model.metrics["growth_yoy_pct"] == pytest.approx(20.0, abs=0.5)
    assert len(model.contributions) == 7
    assert model.contributions[0]["reason"].startswith("volume.")
    portfolio["model"].refresh_from_db()
    assert portfolio["model"].tier == "A"
    latest = portfolio["model"].history.latest()
    assert (latest.tier, latest.history_user, latest.history_change_reason) == (
        "A",
        world.admin,
        "qualification",
    )


def test_a_new_run_keeps_the_old_results_but_only_the_newest_counts(
    portfolio: dict[str, Account], world: World
) -> None:
    policy = qualification_policy_default()
    first = qualification_run(actor=None, policy=policy, as_of=date(2024, 12, 31))
    second = qualification_run(actor=None, policy=policy, as_of=date(2023, 12, 31))
    assert QualificationResult.objects.filter(run=first).count() == 3
    latest = QualificationResult.objects.filter(is_latest=True)
    assert set(latest.values_list("run_id", flat=True)) == {second.pk}


def test_the_tier_override_stays_and_needs_a_reason(
    portfolio: dict[str, Account], world: World
) -> None:
    squeezer = portfolio["squeezer"]
    with pytest.raises(ValidationError):
        account_tier_override(actor=world.manager, account=squeezer, tier="A", reason="  ")
    account_tier_override(actor=world.manager, account=squeezer, tier="B", reason="集团战略要求")
    qualification_run(actor=None, policy=qualification_policy_default(), as_of=date(2024, 12, 31))
    squeezer.refresh_from_db()
    assert squeezer.tier in ("C", "D")
    assert (squeezer.tier_override, squeezer.tier_override_reason) == ("B", "集团战略要求")
    assert squeezer.effective_tier == "B"
    assert squeezer.history.filter(tier_override="B", history_user=world.manager).exists()
    account_tier_override(actor=world.manager, account=squeezer, tier="", reason="")
    squeezer.refresh_from_db()
    assert (squeezer.tier_override, squeezer.tier_override_reason) == ("", "")


def test_the_default_as_of_is_the_latest_invoice_date(portfolio: dict[str, Account]) -> None:
    sales.add_lines([
        sales.line(portfolio["small"], invoice_date=date(2024, 12, 17)),
        sales.line(portfolio["small"], invoice_date=date(2024, 11, 30)),
    ])  # fmt: skip
    assert latest_sales_date() == date(2024, 12, 17)
    run = qualification_run(actor=None, policy=qualification_policy_default())
    assert run.as_of == date(2024, 12, 17)


def test_without_any_sales_the_run_is_as_of_today(db: None) -> None:
    AccountFactory()
    assert latest_sales_date() is None
    run = qualification_run(actor=None, policy=qualification_policy_default())
    assert run.account_count == 1
    assert QualificationResult.objects.get().flags == ["insufficient_data"]


def test_an_account_scope_qualifies_only_those_accounts(portfolio: dict[str, Account]) -> None:
    only = Account.objects.filter(pk=portfolio["small"].pk)
    run = qualification_run(
        actor=None, policy=qualification_policy_default(), accounts=only, as_of=date(2024, 12, 31)
    )
    assert list(run.results.values_list("account_id", flat=True)) == [portfolio["small"].pk]


# ---- policies -------------------------------------------------------------------------------


def test_the_default_policy_is_created_once_on_first_use(db: None) -> None:
    first = qualification_policy_default()
    assert (first.name, first.version, first.is_default) == ("default", 1, True)
    assert qualification_policy_default() == first
    assert first.definition == to_dict(default_policy())


def test_editing_a_policy_adds_a_version_and_keeps_the_old_one(world: World) -> None:
    original = qualification_policy_default()
    definition = to_dict(default_policy())
    definition["tier_cutoffs"]["A"] = 80
    edited = qualification_policy_update(actor=world.admin, policy=original, definition=definition)
    assert (edited.name, edited.version, edited.is_default, edited.created_by) == (
        "default",
        2,
        True,
        world.admin,
    )
    original.refresh_from_db()
    assert original.is_default is False
    assert original.definition["tier_cutoffs"]["A"] == 75
    assert qualification_policy_default() == edited
    assert list(qualification_policy_list()) == [edited]


def test_a_new_policy_may_become_the_default(world: World) -> None:
    qualification_policy_default()
    strict = qualification_policy_create(
        actor=world.admin, name="strict", definition=to_dict(default_policy()), is_default=True
    )
    assert qualification_policy_default() == strict
    assert QualificationPolicy.objects.filter(is_default=True).count() == 1
    with pytest.raises(ValidationError) as error:
        qualification_policy_create(
            actor=world.admin, name="strict", definition=to_dict(default_policy())
        )
    assert "name" in error.value.error_dict


def test_an_invalid_policy_is_refused_with_codes_and_places(world: World) -> None:
    definition = to_dict(default_policy())
    definition["criteria"][0]["weight"] = -5
    definition["gates"] = []
    with pytest.raises(ValidationError) as error:
        qualification_policy_create(actor=world.admin, name="broken", definition=definition)
    codes = {field: [e.code for e in errors] for field, errors in error.value.error_dict.items()}
    assert codes["definition.criteria.volume.weight"] == ["weight_negative"]
    assert codes["definition.gates"] == ["price_squeezer_gate_missing", "late_payer_gate_missing"]
    assert not QualificationPolicy.objects.filter(name="broken").exists()


# ---- reads ----------------------------------------------------------------------------------


def test_the_latest_results_follow_the_access_rule_and_filter(
    portfolio: dict[str, Account], world: World
) -> None:
    qualification_run(actor=None, policy=qualification_policy_default(), as_of=date(2024, 12, 31))
    owned = [portfolio["model"].pk, portfolio["squeezer"].pk]
    assert [r.account_id for r in qualification_latest_results(world.owner)] == owned
    assert [r.account_id for r in qualification_latest_results(world.teammate)] == [
        portfolio["model"].pk
    ]
    assert [r.account_id for r in qualification_latest_results(world.outsider)] == [
        portfolio["small"].pk
    ]
    assert len(qualification_latest_results(world.executive)) == 3
    assert [
        r.account_id for r in qualification_latest_results(world.owner, flag="price_squeezer")
    ] == [portfolio["squeezer"].pk]
    assert [r.account_id for r in qualification_latest_results(world.owner, tier="A")] == [
        portfolio["model"].pk
    ]
    assert qualification_latest_results(world.owner, min_score=101).count() == 0
    assert qualification_result_for_account(world.owner, portfolio["model"].pk) is not None
    with pytest.raises(Http404):
        qualification_result_for_account(world.outsider, portfolio["model"].pk)


def test_the_latest_results_list_costs_one_query(
    portfolio: dict[str, Account], world: World, django_assert_num_queries
) -> None:
    qualification_run(actor=None, policy=qualification_policy_default(), as_of=date(2024, 12, 31))
    with django_assert_num_queries(1):
        rows = list(qualification_latest_results(world.executive, flag="late_payer"))
        assert [r.account.name for r in rows] == ["深圳压价集团"]
        assert rows[0].run.policy.name == "default"


def test_a_month_of_sales_history_holds_the_sums_the_tests_rely_on(db: None) -> None:
    account, squeezer = AccountFactory(), AccountFactory()
    sales_history(account, months=1)
    sales_history(squeezer, monthly=3_000_000, margin=-0.02, late=3, months=2)
    [month] = sales.months(account)
    assert (month.month, month.revenue, month.cost, month.costed_revenue) == (
        date(2024, 12, 1), Decimal("100000.00"), Decimal("75000.00"), Decimal("100000.00"),
    )  # fmt: skip
    assert {name: getattr(month, name) for name in MONTH} == MONTH
    assert month.late_count == 0
    november, december = sales.months(squeezer)
    assert (november.month, december.month) == (date(2024, 11, 1), date(2024, 12, 1))
    for month in (november, december):
        assert (month.revenue, month.cost) == (Decimal("3000000.00"), Decimal("3060000.00"))
        assert {name: getattr(month, name) for name in MONTH} == MONTH
        assert month.late_count == 3


def test_a_run_costs_the_same_few_queries_however_many_accounts(
    portfolio: dict[str, Account], django_assert_max_num_queries
) -> None:
    for number in range(20):
        sales_history(
            AccountFactory(customer_code=f"X{number:04d}"), monthly=1_000 * number, months=3
        )
    policy = qualification_policy_default()
    with django_assert_max_num_queries(12):
        run = qualification_run(actor=None, policy=policy, as_of=date(2024, 12, 31))
    assert run.account_count == 23
