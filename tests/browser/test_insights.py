"""My insights in Chromium: reachable from the navbar, accessible (axe-core), under the real CSP."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import axe_violations
from tests.factories import AccountFactory, ContactFactory, NeedFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.fixture
def kam(transactional_db: None) -> Any:
    user = UserFactory(username="kam1", display_name="李明")
    furniture = AccountFactory(name="广州美家家具有限公司", customer_code="GZ0001", owner=user)
    ContactFactory(
        account=furniture, name="张伟", title="采购总监", buying_roles=["decision_maker"]
    )
    NeedFactory(account=furniture, horizon="long", owning_department="设计部")
    return user


def test_a_kam_opens_my_insights_from_the_navbar(page: Any, live_server: Any, kam: Any) -> None:
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "kam1")
    page.fill("#id_password", "pw-for-tests-only")
    page.click("button[type=submit]")
    page.wait_for_selector("#account-search")
    page.click("#insights-link")
    page.wait_for_selector("#insight-list")
    assert "设计部" in page.content()
    assert page.locator("#strength-list meter").count() == 1
    assert axe_violations(page) == []
