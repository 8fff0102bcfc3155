"""The relationship map as a KAM builds it: three people added inline, linked, an opponent with
a vested interest; the map shows them, the insight comes and goes with the mitigation."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import axe_violations
from tests.browser.test_shell import log_in
from tests.factories import AccountFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

OPPONENT_INSIGHT = '#map-insights [data-code="influential_opponent"]'


@pytest.fixture
def account(transactional_db: None) -> Any:
    kam = UserFactory(username="kam1", display_name="李明")
    return AccountFactory(name="佛山金盛门窗有限公司", customer_code="FS0002", owner=kam)


def add_person(page: Any, name: str, title: str, *, influence: str, stance: str,
               boss: str | None = None) -> None:  # fmt: skip
    page.click("#contact-quick-create")
    page.wait_for_selector("#contact_name")
    page.fill("#contact_name", name)
    page.fill("#contact_title", title)
    if boss:
        page.select_option("#contact_reports_to", label=boss)
    page.select_option("#contact_influence", influence)
    page.select_option("#contact_stance", stance)
    page.click("#contacts-form-slot button[type=submit]")
    page.wait_for_selector(f"#contacts-section table >> text={name}")


def wait_for_insights(page: Any) -> None:
    page.wait_for_selector("#map-insights-title")
    page.wait_for_function("() => !document.querySelector('#map-insights[hx-get]')")
    page.wait_for_function("() => !document.querySelector('#map-pulse[hx-get]')")


def test_a_kam_maps_an_account_and_the_map_shows_it(
    page: Any, live_server: Any, account: Any
) -> None:
    log_in(page, live_server.url, "kam1")
    page.goto(f"{live_server.url}/accounts/{account.pk}/contacts/")

    add_person(page, "何振华", "总经理", influence="5", stance="1")
    add_person(page, "刘建军", "采购经理", influence="4", stance="-2", boss="何振华 · 总经理")
    add_person(page, "钟少华", "技术总监", influence="4", stance="2", boss="何振华 · 总经理")

    page.click("#link-create")
    page.wait_for_selector("#link_from_contact")
    page.select_option("#link_from_contact", label="钟少华 · 技术总监")
    page.select_option("#link_kind", "alumni")
    page.select_option("#link_to_contact", label="何振华 · 总经理")
    page.fill("#link_note", "华南理工大学校友")
    page.click("#links-form-slot button[type=submit]")
    page.wait_for_selector("#links-section >> text=华南理工大学校友")

    page.click("#interest-create")
    page.wait_for_selector("#interest_contact")
    page.select_option("#interest_contact", label="刘建军 · 采购经理")
    page.select_option("#interest_kind", "kickback")
    page.select_option("#interest_severity", "3")
    page.fill("#interest_description", "从现供应商拿回扣")
    page.click("#interests-form-slot button[type=submit]")
    page.wait_for_selector("#interest-list >> text=从现供应商拿回扣")

    page.goto(f"{live_server.url}/accounts/{account.pk}/map/")
    page.wait_for_selector("svg.relationship-map")
    names = page.locator("svg.relationship-map .map-node title").all_text_contents()
    assert len(names) == 3
    assert any(n.startswith("刘建军") and "−2" in n for n in names)
    assert page.locator("svg.relationship-map .edges-ties path").count() == 1
    assert page.locator("svg.relationship-map .edges-reports path").count() == 2
    wait_for_insights(page)
    assert page.locator(OPPONENT_INSIGHT).count() == 1
    assert axe_violations(page) == []

    # A card opens the person beside the map.
    page.locator('svg.relationship-map a.map-node:has(title:text-matches("^刘建军"))').click()
    page.wait_for_selector("#map-panel-title")
    assert page.inner_text("#map-panel-title") == "刘建军"
    assert page.locator("#panel-interests").count() == 1
    assert axe_violations(page) == []
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.querySelector('#map-panel-title')")

    # The plan (R2.6): the technical director, his alumnus, speaks for us.
    page.goto(f"{live_server.url}/accounts/{account.pk}/contacts/")
    page.click("#interest-list a[hx-get*='/interests/']")
    page.wait_for_selector("#interest_mitigation")
    page.select_option("#interest_mitigation", "ally_speaks")
    page.click("#interests-form-slot button[type=submit]")
    page.wait_for_selector("#interest_ally_errors")  # the ally must be named
    assert page.evaluate("document.activeElement.id") == "interests-form-errors"
    page.select_option("#interest_ally", label="钟少华 · 技术总监")
    page.click("#interests-form-slot button[type=submit]")
    page.wait_for_selector("#interest-list >> text=钟少华")

    page.goto(f"{live_server.url}/accounts/{account.pk}/map/")
    wait_for_insights(page)
    assert page.locator(OPPONENT_INSIGHT).count() == 0
    assert page.locator("#map-pulse >> text=刘建军").count() >= 1
    assert axe_violations(page) == []


def test_the_table_view_and_a_phone_screen_pass_axe(
    page: Any, live_server: Any, account: Any
) -> None:
    from guanxi.stakeholders.services import contact_create

    boss = contact_create(actor=None, account=account, name="何振华", title="总经理", influence=5)
    contact_create(actor=None, account=account, name="", title="财务经理", is_placeholder=True,
                   reports_to=boss)  # fmt: skip
    log_in(page, live_server.url, "kam1")
    page.goto(f"{live_server.url}/accounts/{account.pk}/map/?view=table")
    page.wait_for_selector("#map-table")
    assert axe_violations(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/accounts/{account.pk}/map/")
    page.wait_for_selector("svg.relationship-map")
    assert axe_violations(page) == []


def test_a_big_map_draws_its_personal_ties_when_they_are_ticked_on(
    page: Any, live_server: Any, account: Any
) -> None:
    from guanxi.stakeholders.models import ContactLink
    from tests.web.map_world import grow_map

    grow_map(account, people=60, links=400, ours=account.owner)
    ties = ContactLink.objects.filter(
        account=account, kind__in=["alumni", "hometown", "former_colleague", "family", "friend"]
    ).count()
    log_in(page, live_server.url, "kam1")
    page.goto(f"{live_server.url}/accounts/{account.pk}/map/")
    page.wait_for_selector("svg.relationship-map")
    drawn = 'svg.relationship-map [data-layer="ties"] path'
    assert page.locator(drawn).count() == 0
    page.check("#map-show-ties")
    page.wait_for_function(f"() => document.querySelectorAll('{drawn}').length === {ties}")
    assert page.locator(drawn).first.is_visible()
    labels = 'svg.relationship-map [data-layer="tie-labels"] text'
    assert page.locator(labels).count() == ties
    assert page.locator("svg.relationship-map[aria-busy]").count() == 0
    page.uncheck("#map-show-ties")  # hidden again, not fetched again
    assert not page.locator(drawn).first.is_visible()
    assert axe_violations(page) == []
