"""The demo's two showcase accounts tell their stories through the insights."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction

from guanxi.accounts.models import Account
from guanxi.demo.build import DemoSummary, build_demo
from guanxi.demo.constants import DEMO_TODAY, FURNITURE_MAKER_CODE, KICKBACK_ACCOUNT_CODE
from guanxi.domain.insights import InsightCode
from guanxi.insights.selectors import insights_for_user, insights_visible_to
from guanxi.stakeholders.models import ContactStatus, VestedInterest
from guanxi.users.models import User


@pytest.fixture(scope="class")
def workspace(
    django_db_setup: None, django_db_blocker: pytest.FixtureRequest
) -> Iterator[DemoSummary]:
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        yield build_demo(60, seed=1)
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.usefixtures("workspace")
class TestTheShowcases:
    def owner_report(self, code: str):  # type: ignore[no-untyped-def]
        account = Account.objects.select_related("owner").get(customer_code=code)
        return account, insights_visible_to(account.owner, DEMO_TODAY, account_id=account.pk)

    def test_the_kickback_opponent_shows_only_if_the_mitigation_is_missing(self) -> None:
        account, report = self.owner_report(KICKBACK_ACCOUNT_CODE)
        interest = VestedInterest.objects.select_related("contact", "ally").get(account=account)
        ally_in_place = interest.ally is not None and interest.ally.status == ContactStatus.ACTIVE
        plan_missing = not interest.mitigation or (
            interest.mitigation == "ally_speaks" and not ally_in_place
        )
        opponents = [i for i in report.insights() if i.code == InsightCode.INFLUENTIAL_OPPONENT]
        flagged = {i.contact_ids[0] for i in opponents}
        assert (interest.contact_id in flagged) == plan_missing
        # What the demo builds today: 刘建军's kickback is being defused by 钟少华 speaking for us.
        assert (interest.contact.name, interest.mitigation, interest.ally.name) == (
            "刘建军",
            "ally_speaks",
            "钟少华",
        )
        assert flagged == set()
        threats = report.accounts[0].strength.part("threats")  # type: ignore[arg-type]
        assert threats.reason == "threats.mitigated"

    def test_the_admin_sees_the_kickback_holder_only_as_an_opponent_of_unknown_stake(self) -> None:
        account = Account.objects.get(customer_code=KICKBACK_ACCOUNT_CODE)
        admin = User.objects.get(username="admin")
        report = insights_visible_to(admin, DEMO_TODAY, account_id=account.pk)
        opponents = [i for i in report.insights() if i.code == InsightCode.INFLUENTIAL_OPPONENT]
        assert [(i.sensitive, i.next_step) for i in opponents] == [(False, "find_out_interest")]
        assert report.accounts[0].strength.threats_withheld

    def test_the_furniture_maker_needs_a_door_into_design_and_marketing(self) -> None:
        _account, report = self.owner_report(FURNITURE_MAKER_CODE)
        doors = [i for i in report.insights() if i.code == InsightCode.NEED_DEPARTMENT_UNKNOWN]
        assert sorted(i.params["department"] for i in doors) == ["市场部", "设计部"]
        design = next(i for i in doors if i.params["department"] == "设计部")
        [row] = report.rows([design])
        # 黄建平 (production), whom we know, worked with the design director: he opens the door.
        assert "黄建平" in row.next_step
        assert design.next_step == "ask_introduction"

    def test_a_kam_sees_all_their_accounts_insights_at_once(self) -> None:
        kam1 = User.objects.get(username="kam1")
        report = insights_for_user(kam1, DEMO_TODAY)
        codes = {a.account.customer_code for a in report.accounts}
        assert {FURNITURE_MAKER_CODE, KICKBACK_ACCOUNT_CODE} <= codes
        assert all(0 <= a.strength.score <= 100 for a in report.accounts)
