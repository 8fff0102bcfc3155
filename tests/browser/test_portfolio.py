"""The portfolio in Chromium: the matrix is drawn, a bubble opens its account, axe finds nothing
serious on the portfolio or the scorecard, and the charts draw under the real CSP."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from guanxi.planning.services import qualification_policy_default, qualification_run
from guanxi.users.models import Role
from tests.browser.conftest import axe_violations
from tests.factories import AccountFactory, ContactFactory, RelationshipFactory, UserFactory
from tests.qualification.factories import sales_history

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PASSWORD = "pw-for-tests-only"
FURNITURE = "广州美家家具有限公司"

# The bubble's centre in the page, found through ECharts' own API.
BUBBLE_CENTRE = """(name) => {
  const element = document.getElementById("portfolio-chart");
  element.scrollIntoView({block: "center", behavior: "instant"});  // Bootstrap scrolls smoothly otherwise
  const chart = echarts.getInstanceByDom(element);
  const series = chart.getOption().series;
  for (let i = 0; i < series.length; i++) {
    const point = (series[i].data || []).find((p) => p.name === name);
    if (point) {
      const [x, y] = chart.convertToPixel({seriesIndex: i}, point.value);
      const box = element.getBoundingClientRect();
      return {x: box.left + x, y: box.top + y};
    }
  }
  return null;
}"""


# The texts a chart has drawn (zrender's), but those hidden for overlapping others.
DRAWN_TEXTS = """(id) => echarts.getInstanceByDom(document.getElementById(id)).getZr().storage
  .getDisplayList(true).filter((shape) => shape.type === "tspan" && !shape.ignore && !shape.invisible)
  .map((shape) => shape.style.text)"""


@pytest.fixture
def manager(transactional_db: None) -> Any:
    boss = UserFactory(username="manager", display_name="黄国栋", role=Role.MANAGER)
    kam = UserFactory(username="kam1", display_name="李明", team=boss.team)
    furniture = AccountFactory(name=FURNITURE, customer_code="GZ0001", owner=kam,
                               access_to_goals=2, openness_to_ideas=2, credit_rating="A",
                               estimated_category_spend=6_000_000)  # fmt: skip
    sales_history(furniture, monthly=300_000, margin=0.17, growth_per_year=0.05)
    for level, name in ((4, "陈总"), (3, "张伟"), (3, "王工")):
        contact = ContactFactory(account=furniture, name=name, buying_roles=["decision_maker"])
        RelationshipFactory(contact=contact, user=kam, current_level=level)
    squeezer = AccountFactory(name="深圳压价集团有限公司", customer_code="SZ0001", owner=kam)
    sales_history(squeezer, monthly=2_000_000, margin=-0.02, late=3)
    qualification_run(actor=boss, policy=qualification_policy_default(), as_of=date(2024, 12, 31))
    return boss


def log_in(page: Any, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("#account-search")


def test_a_manager_opens_an_account_by_clicking_its_bubble(
    page: Any, live_server: Any, manager: Any
) -> None:
    log_in(page, live_server.url, "manager")
    page.click("#portfolio-link")
    page.wait_for_selector("#portfolio-chart[data-chart-ready] canvas")
    assert page.locator("#portfolio-chart canvas").first.bounding_box()["height"] > 200
    assert axe_violations(page) == []

    centre = page.evaluate(BUBBLE_CENTRE, FURNITURE)
    assert centre is not None
    with page.expect_navigation():
        page.mouse.click(centre["x"], centre["y"])
    assert page.url.endswith("/qualification/")
    page.wait_for_selector(f"h1:has-text('{FURNITURE}')")
    page.wait_for_selector("#trend-chart[data-chart-ready] canvas")
    assert page.locator("#criteria .criterion").count() == 7
    assert axe_violations(page) == []

    # Quarters are named on the axis by their last month; in full only in the tooltip.
    drawn = page.evaluate(DRAWN_TEXTS, "trend-chart")
    assert len([text for text in drawn if re.fullmatch(r"\d{4}-\d{2}", text)]) >= 4, drawn
    assert [text for text in drawn if "…" in text] == []

    # The month · quarter · year switch redraws the trend from the same data.
    page.click("label[for=trend-month]")
    bars = page.evaluate(
        """() => echarts.getInstanceByDom(document.getElementById("trend-chart"))
             .getOption().xAxis[0].data.length"""
    )
    assert bars == 36


def test_the_charts_draw_under_the_real_content_security_policy(
    browser: Any, live_server: Any, manager: Any
) -> None:
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)  # fmt: skip
    try:
        log_in(page, live_server.url, "kam1")
        page.goto(f"{live_server.url}/portfolio/")
        page.wait_for_selector("#portfolio-chart[data-chart-ready] canvas")
        centre = page.evaluate(BUBBLE_CENTRE, "深圳压价集团有限公司")
        page.mouse.move(centre["x"], centre["y"])  # the tooltip is a DOM node, styled by app.css
        page.wait_for_selector(".chart-tip-title:has-text('深圳压价集团有限公司')")
        page.goto(f"{live_server.url}/portfolio/?sort=name")
        page.click(f"a.account-link:has-text('{FURNITURE}')")
        page.wait_for_selector("#trend-chart[data-chart-ready] canvas")
        page.click("#tab-overview")  # htmx swaps the tab out, and back in
        page.wait_for_selector("#scorecard-link")
        page.click("#tab-qualification")
        page.wait_for_selector("#trend-chart[data-chart-ready] canvas")
    finally:
        context.close()
    assert refused == []


# The names drawn beside the bubbles, as ECharts laid them out: their boxes in the chart.
NAME_BOXES = """() => {
  const element = document.getElementById("portfolio-chart");
  const chart = echarts.getInstanceByDom(element);
  const names = new Set();
  chart.getOption().series.forEach((s) => (s.data || []).forEach((p) => names.add(p.short)));
  const boxes = [];
  chart.getZr().storage.getDisplayList(true).forEach((shape) => {
    if (shape.type !== "tspan" || shape.ignore || shape.invisible) return;
    if (!names.has(shape.style.text)) return;
    const box = shape.getBoundingRect().clone();
    box.applyTransform(shape.getComputedTransform());
    boxes.push({name: shape.style.text, x: box.x, y: box.y, w: box.width, h: box.height});
  });
  const bubbles = [];
  chart.getModel().eachSeriesByType("scatter", (series) => {
    const data = series.getData();
    for (let index = 0; index < data.count(); index += 1) {
      const [x, y] = data.getItemLayout(index);
      const size = data.getItemVisual(index, "symbolSize");
      bubbles.push({name: data.getRawDataItem(index).short, x, y, r: size / 2});
    }
  });
  return {boxes, bubbles, width: chart.getWidth()};
}"""


def test_names_beside_a_crowd_of_bubbles_neither_overlap_nor_cover_one_nor_leave_the_chart(
    page: Any, live_server: Any, manager: Any
) -> None:
    alike = [1_000_000 + 10_000 * index for index in range(14)]  # their bubbles crowd together
    _open_the_matrix(page, live_server, manager, alike)

    drawn = page.evaluate(NAME_BOXES)
    boxes = drawn["boxes"]
    assert 3 <= len(boxes) <= 10
    for box in boxes:
        assert box["x"] >= 0 and box["x"] + box["w"] <= drawn["width"], box
    for i, one in enumerate(boxes):
        for other in boxes[i + 1 :]:
            apart = (
                one["x"] + one["w"] <= other["x"] or other["x"] + other["w"] <= one["x"]
                or one["y"] + one["h"] <= other["y"] or other["y"] + other["h"] <= one["y"]
            )  # fmt: skip
            assert apart, (one, other)
    assert len(drawn["bubbles"]) >= 14  # the 14, and any other account the manager sees
    assert _covered(drawn) == []


def _open_the_matrix(page: Any, live_server: Any, manager: Any, sales: list[int]) -> None:
    """kam1's accounts with these monthly sales, qualified; the manager on the portfolio."""
    kam = manager.team.members.get(username="kam1")
    for index, monthly in enumerate(sales):
        account = AccountFactory(
            name=f"华南第{index}号建材贸易有限公司", customer_code=f"HN{index:04d}", owner=kam
        )
        sales_history(account, monthly=monthly, margin=0.2)
    qualification_run(
        actor=manager, policy=qualification_policy_default(), as_of=date(2024, 12, 31)
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server.url, "manager")
    page.click("#portfolio-link")
    page.wait_for_selector("#portfolio-chart[data-chart-ready] canvas")


def _covered(drawn: dict[str, Any]) -> list[tuple[str, str]]:
    """(name, bubble) for each name drawn over another account's bubble."""
    covered = []
    for box in drawn["boxes"]:
        for bubble in drawn["bubbles"]:
            if bubble["name"] == box["name"]:
                continue
            dx = max(box["x"] - bubble["x"], 0, bubble["x"] - box["x"] - box["w"])
            dy = max(box["y"] - bubble["y"], 0, bubble["y"] - box["y"] - box["h"])
            if dx * dx + dy * dy < (bubble["r"] - 1) ** 2:
                covered.append((box["name"], bubble["name"]))
    return covered


# The chart drawn again from these points in place of the page's own (each takes the rest of
# its fields from the page's first point), as htmx would have it draw new content.
REDRAWN_WITH = """(points) => {
  const element = document.getElementById("portfolio-chart");
  const source = document.getElementById(element.dataset.chartData);
  const data = JSON.parse(source.textContent);
  data.points = points.map((point) => Object.assign({}, data.points[0], point));
  source.textContent = JSON.stringify(data);
  echarts.getInstanceByDom(element).dispose();
  delete element.dataset.chartReady;
  element.parentElement.dispatchEvent(new CustomEvent("htmx:load", {bubbles: true}));
}"""


def test_a_name_goes_round_the_bubble_beside_its_own(
    page: Any, live_server: Any, manager: Any
) -> None:
    """A big bubble with a small one just to its right: its name, on the right, would lie
    across the small one; it goes to the left instead."""
    _open_the_matrix(page, live_server, manager, [1_000_000])
    page.evaluate(
        REDRAWN_WITH,
        [
            {"x": 60, "y": 60, "revenue": 10_000_000, "short": "华南大客户", "url": "/a/"},
            {"x": 64, "y": 60, "revenue": 1_000_000, "short": "华南小客户", "url": "/b/"},
        ],
    )
    page.wait_for_selector("#portfolio-chart[data-chart-ready] canvas")

    drawn = page.evaluate(NAME_BOXES)
    assert {box["name"] for box in drawn["boxes"]} == {"华南大客户", "华南小客户"}
    assert len(drawn["bubbles"]) == 2
    assert _covered(drawn) == []
