"""The mapper and selectors: bounded queries, the one access rule, the sensitive rule."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404
from django.test import override_settings
from django.utils import timezone, translation

from guanxi.accounts.models import Account
from guanxi.domain.insights import InsightCode, NextStep
from guanxi.domain.relationships.facts import StanceChange
from guanxi.domain.relationships.strength import Part
from guanxi.insights.mappers import portfolio_facts
from guanxi.insights.selectors import (
    account_report_for_user,
    insights_for_user,
    insights_visible_to,
    operator_report,
)
from guanxi.stakeholders.models import Contact
from tests.conftest import World
from tests.factories import (
    AccountFactory,
    VestedInterestFactory,
)
from tests.insights.conftest import TODAY, mapped_account


def codes(report: object) -> set[str]:
    return {i.code for i in report.insights()}  # type: ignore[attr-defined]


# ---- the mapper --------------------------------------------------------------------------------


def test_the_mapper_reads_every_table_of_the_account(
    world: World, mapped: dict[str, Contact]
) -> None:
    portfolio = portfolio_facts(Account.objects.filter(pk=world.account.pk), TODAY, 90)
    [facts] = portfolio.facts
    assert {c.id for c in facts.contacts} == {c.pk for c in mapped.values()}
    buyer = next(c for c in facts.contacts if c.id == mapped["buyer"].pk)
    assert (buyer.influence, buyer.stance, buyer.reports_to_id) == (4, -2, mapped["boss"].pk)
    assert buyer.buying_roles == frozenset({"technical_buyer"})
    assert len(facts.relationships) == 3
    assert [i.contact_id for i in facts.interests] == [mapped["buyer"].pk]
    assert [(link.from_id, link.kind) for link in facts.links] == [
        (mapped["coach"].pk, "former_colleague")
    ]
    assert sorted(n.horizon for n in facts.needs) == ["long", "short"]
    assert portfolio.labels.contacts[mapped["buyer"].pk].name == "梁志强"
    assert portfolio.labels.accounts[world.account.pk].customer_code == "GZ0001"


def test_resolved_interests_are_not_read(world: World, mapped: dict[str, Contact]) -> None:
    world.account.vested_interests.update(status="resolved")
    [facts] = portfolio_facts(Account.objects.filter(pk=world.account.pk), TODAY, 90).facts
    assert facts.interests == ()


def test_stance_changes_come_from_the_history_within_the_window(
    world: World, mapped: dict[str, Contact]
) -> None:
    coach = mapped["coach"]
    coach.stance = 0
    coach.save()
    coach.stance = -1
    coach.save()
    today = timezone.localdate()  # the history is written with the clock's time
    [facts] = portfolio_facts(Account.objects.filter(pk=world.account.pk), today, 90).facts
    assert facts.stance_changes == (
        StanceChange(coach.pk, today, 2, 0),
        StanceChange(coach.pk, today, 0, -1),
    )
    # Seen from a day far enough ahead, the changes are out of the window.
    [later] = portfolio_facts(
        Account.objects.filter(pk=world.account.pk), today + timedelta(days=91), 90
    ).facts
    assert later.stance_changes == ()
    report = insights_visible_to(world.owner, today, code=InsightCode.STANCE_DROPPED)
    [insight] = report.insights()
    assert insight.contact_ids == (coach.pk,)
    assert insight.params["before"] == 2


@pytest.mark.parametrize("accounts", [1, 30])
def test_the_queries_do_not_grow_with_the_accounts(
    world: World, django_assert_max_num_queries, accounts: int
) -> None:
    for _ in range(accounts):
        mapped_account(AccountFactory(owner=world.owner), world.owner)
    with django_assert_max_num_queries(8):
        report = insights_visible_to(world.owner, TODAY)
        rows = report.rows()
    assert len(report.accounts) == accounts + 1
    assert rows


def test_one_account_costs_a_handful_of_queries(
    world: World, mapped: dict[str, Contact], django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(9):
        report = account_report_for_user(world.owner, world.account.pk, TODAY)
    assert report.account.id == world.account.pk
    assert 0 < report.strength.score <= 100


# ---- the access rule and the sensitive rule ----------------------------------------------------


def opponent_insight(report: object) -> object:
    found = [i for i in report.insights() if i.code == InsightCode.INFLUENTIAL_OPPONENT]  # type: ignore[attr-defined]
    assert len(found) == 1
    return found[0]


@pytest.mark.parametrize("persona", ["owner", "teammate", "manager", "executive"])
def test_the_account_team_their_managers_and_executives_see_sensitive_insights(
    world: World, mapped: dict[str, Contact], persona: str
) -> None:
    report = insights_visible_to(getattr(world, persona), TODAY, account_id=world.account.pk)
    insight = opponent_insight(report)
    assert insight.sensitive  # type: ignore[attr-defined]
    assert insight.next_step == NextStep.PLAN_MITIGATION  # type: ignore[attr-defined]
    [account] = report.accounts
    assert account.strength.part(Part.THREATS).reason == "threats.open"
    with translation.override("en"):
        assert any("vested interest" in row.reason for row in report.rows())


def test_an_admin_sees_the_account_as_if_no_interest_were_recorded(
    world: World, mapped: dict[str, Contact]
) -> None:
    report = insights_visible_to(world.admin, TODAY, account_id=world.account.pk)
    insight = opponent_insight(report)
    assert not insight.sensitive  # type: ignore[attr-defined]
    assert insight.next_step == NextStep.FIND_OUT_INTEREST  # type: ignore[attr-defined]
    assert not any(i.sensitive for i in report.insights())
    [account] = report.accounts
    assert account.strength.threats_withheld
    assert account.strength.part(Part.THREATS).points == 0
    with translation.override("en"):
        assert not any("vested interest" in row.reason for row in report.rows())


def test_an_interest_of_a_friendly_person_is_invisible_to_the_admin(
    world: World, mapped: dict[str, Contact]
) -> None:
    VestedInterestFactory(contact=mapped["coach"], kind="role_devalued", severity=1)
    owner_sees = insights_visible_to(world.owner, TODAY, code=InsightCode.INFLUENTIAL_OPPONENT)
    admin_sees = insights_visible_to(world.admin, TODAY, code=InsightCode.INFLUENTIAL_OPPONENT)
    assert {i.contact_ids for i in owner_sees.insights()} == {
        (mapped["buyer"].pk,),
        (mapped["coach"].pk,),
    }
    assert {i.contact_ids for i in admin_sees.insights()} == {(mapped["buyer"].pk,)}


def test_an_outsider_sees_nothing_and_gets_404_for_the_account(
    world: World, mapped: dict[str, Contact]
) -> None:
    assert insights_visible_to(world.outsider, TODAY).insights() == []
    with pytest.raises(Http404):
        insights_visible_to(world.outsider, TODAY, account_id=world.account.pk)
    with pytest.raises(Http404):
        account_report_for_user(world.outsider, world.account.pk, TODAY)
    assert insights_for_user(world.outsider, TODAY).accounts == []


def test_my_insights_are_of_the_accounts_i_own_or_am_on_the_team_of(
    world: World, mapped: dict[str, Contact]
) -> None:
    AccountFactory(owner=world.teammate)  # a teammate's own account: the manager sees it
    for user in (world.owner, world.teammate):
        mine = insights_for_user(user, TODAY)
        assert world.account.pk in {a.account.id for a in mine.accounts}
    assert {a.account.id for a in insights_visible_to(world.manager, TODAY).accounts} >= {
        world.account.pk
    }
    assert insights_for_user(world.manager, TODAY).accounts == []


def test_the_operator_sees_every_account_but_no_sensitive_insight(
    world: World, mapped: dict[str, Contact]
) -> None:
    report = operator_report(TODAY)
    assert [a.account.id for a in report.accounts] == [world.account.pk]
    assert not any(i.sensitive for i in report.insights())
    assert operator_report(TODAY, customer_code="nope").accounts == []


def test_filters_keep_only_the_asked_severity_and_code(
    world: World, mapped: dict[str, Contact]
) -> None:
    high = insights_visible_to(world.owner, TODAY, severity="high")
    assert high.insights() and all(i.severity == "high" for i in high.insights())
    assert codes(insights_visible_to(world.owner, TODAY, code="need_department_unknown")) == {
        "need_department_unknown"
    }


# ---- settings ----------------------------------------------------------------------------------


def test_thresholds_come_from_the_guanxi_insights_setting(
    world: World, mapped: dict[str, Contact]
) -> None:
    assert InsightCode.SINGLE_THREADED not in codes(insights_visible_to(world.owner, TODAY))
    with override_settings(GUANXI_INSIGHTS={"known_contacts_target": 5}):
        assert InsightCode.SINGLE_THREADED in codes(insights_visible_to(world.owner, TODAY))
    with (
        override_settings(GUANXI_INSIGHTS={"known_contacts": 5}),
        pytest.raises(ImproperlyConfigured),
    ):
        insights_visible_to(world.owner, TODAY)
