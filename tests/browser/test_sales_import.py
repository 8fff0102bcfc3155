"""The sales import in Chromium: an admin uploads a GB18030 file on a phone, under the real CSP,
and checks it; then imports it from the check's page; axe finds nothing serious on any page."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest

from guanxi.users.models import Role
from tests import sales
from tests.browser.conftest import axe_violations
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PASSWORD = "pw-for-tests-only"
HEADERS = ["客户编号", "客户名称", "发票号", "开票日期", "金额"]
ROWS = [
    ["GZ001", "广州美家家具有限公司", "FP-1", "2024年3月5日", "1,234.50"],
    ["SZ002", "深圳宏达门窗", "FP-2", "2024/3/20", "500"],
]


@pytest.fixture
def sales_file(transactional_db: None, settings: Any, tmp_path: Path) -> Path:
    settings.GUANXI_HOME = tmp_path / "home"
    UserFactory(username="ops", display_name="王运营", role=Role.ADMIN, team=None)
    text = io.StringIO()
    csv.writer(text).writerows([HEADERS, *ROWS])
    path = tmp_path / "销售明细.csv"
    path.write_bytes(text.getvalue().encode("gb18030"))
    return path


def log_in(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}/login/")
    page.fill("#id_username", "ops")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#account-search")


def test_an_admin_uploads_checks_and_imports_a_file(
    browser: Any, page: Any, live_server: Any, sales_file: Path
) -> None:
    phone = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    phone.set_default_timeout(15_000)
    tab = phone.new_page()
    refused: list[str] = []
    tab.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)  # fmt: skip
    try:
        log_in(tab, live_server.url)
        tab.goto(f"{live_server.url}/imports/sales/")
        tab.set_input_files("#id_file", str(sales_file))
        with tab.expect_navigation():
            tab.click("#upload-button")
        tab.wait_for_selector("#sample-table")
        assert tab.inner_text("#file-encoding").startswith("GB18030")
        assert tab.locator("#id_customer_id").input_value() == "客户编号"
        preview = tab.url

        with tab.expect_navigation():
            tab.click("#start-dry-run")
        tab.wait_for_selector("#job-report")
        assert tab.locator("#import-now").is_visible()
        check = tab.url
    finally:
        phone.close()
    assert refused == []

    assert not sales.lines()

    log_in(page, live_server.url)
    for url in (f"{live_server.url}/imports/sales/", preview, check):
        page.goto(url)
        assert axe_violations(page) == [], url
    with page.expect_navigation():
        page.click("#import-now")
    page.wait_for_selector("#job-report")
    # inserted, updated, unchanged, in the page's language
    assert re.findall(r"\d+", page.inner_text("#report-lines")) == ["2", "0", "0"]
    assert len(sales.lines()) == 2
    assert axe_violations(page) == []
