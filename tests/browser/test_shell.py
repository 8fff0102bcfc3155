"""The web shell as a person uses it: log in, find an account by pinyin initials, open it, switch language."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import axe_violations
from tests.factories import AccountFactory, ContactFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PASSWORD = "pw-for-tests-only"


@pytest.fixture
def kam(transactional_db: None) -> Any:
    user = UserFactory(username="kam1", display_name="李明")
    furniture = AccountFactory(name="广州美家家具有限公司", customer_code="GZ0001", owner=user)
    AccountFactory(name="上海恒通门窗有限公司", customer_code="SH0002", owner=user)
    AccountFactory(name="北京远方装饰工程公司", customer_code="BJ0003")  # someone else's
    ContactFactory(account=furniture, name="张伟", title="采购总监")
    return user


def log_in(page: Any, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#account-search")


def test_a_kam_logs_in_finds_an_account_by_initials_and_opens_it(
    page: Any, live_server: Any, kam: Any
) -> None:
    page.goto(f"{live_server.url}/login/")
    assert axe_violations(page) == []

    log_in(page, live_server.url, "kam1")
    assert "北京远方装饰工程公司" not in page.content()  # not theirs
    assert axe_violations(page) == []

    page.fill("#account-search", "gzmj")
    page.wait_for_function("() => !document.body.innerText.includes('上海恒通门窗有限公司')")
    page.get_by_role("link", name="广州美家家具有限公司").first.click()
    page.wait_for_selector("h1:has-text('广州美家家具有限公司')")
    assert "GZ0001" in page.content()
    assert axe_violations(page) == []


def test_switching_language_changes_the_page_language(
    page: Any, live_server: Any, kam: Any
) -> None:
    log_in(page, live_server.url, "kam1")
    assert page.get_attribute("html", "lang") == "zh-hans"

    with page.expect_navigation():
        page.select_option("#language-select", "en")
    assert page.get_attribute("html", "lang") == "en"

    with page.expect_navigation():
        page.select_option("#language-select", "zh-hant")
    assert page.get_attribute("html", "lang") == "zh-hant"
    assert axe_violations(page) == []


def test_the_user_menu_leads_to_the_api_tokens_and_logs_out(
    page: Any, live_server: Any, kam: Any
) -> None:
    """Who is logged in, their tokens and the way out share one menu: an admin's navbar
    (six sections) stays on one line on a laptop's screen."""
    kam.role = "admin"
    kam.save(update_fields=["role"])
    log_in(page, live_server.url, "kam1")
    for width in (1024, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        header = page.locator("header.app-header").bounding_box()
        assert header is not None and header["height"] < 70, width
    assert not page.locator("#tokens-link").is_visible()

    page.click("#current-user")
    page.wait_for_selector("#tokens-link", state="visible")
    assert page.get_attribute("#current-user", "aria-expanded") == "true"
    assert axe_violations(page) == []
    with page.expect_navigation():
        page.click("#logout-button")
    assert page.url.endswith("/login/")
