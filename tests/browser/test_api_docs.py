"""The Swagger UI really runs in Chromium under the app's content security policy."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from tests.factories import AccountFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) =>
  console.log(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
"""


@pytest.fixture
def strict_page(browser: Any) -> Iterator[Any]:
    """A page under the app's real content security policy (the shared `page` bypasses it
    to inject axe-core)."""
    context = browser.new_context(locale="zh-CN")
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def test_swagger_ui_lists_and_calls_the_api_without_csp_violations(
    strict_page: Any, live_server: Any, transactional_db: None
) -> None:
    kam = UserFactory(username="kam1")
    AccountFactory(name="广州美家家具有限公司", owner=kam)
    session = Client()
    session.force_login(kam)
    page = strict_page
    page.context.add_cookies(
        [{"name": "sessionid", "value": session.cookies["sessionid"].value, "url": live_server.url}]
    )
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    page.on("pageerror", lambda error: messages.append(f"page error: {error}"))
    page.add_init_script(REPORT_CSP_VIOLATIONS)

    page.goto(f"{live_server.url}/api/v1/docs")
    page.click("#operations-accounts-guanxi_api_accounts_list_accounts")
    page.click("text=Try it out")
    page.click("text=Execute")
    page.wait_for_selector(".live-responses-table .response-col_status")

    assert "广州美家家具有限公司" in page.inner_text(".live-responses-table")
    assert [m for m in messages if "CSP violation" in m or "page error" in m] == []
