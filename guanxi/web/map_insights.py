"""The Map tab's list of insights, as HTML made in one pass.

An account of two hundred people may have a hundred and more insights (every stale
relationship is one): through the template engine that list cost more than working the
insights out. Every text is escaped as it goes in.
"""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe

from guanxi.insights.selectors import InsightRow
from guanxi.web.templatetags.guanxi_map import severity_badge


def insight_items(rows: list[InsightRow]) -> SafeString:
    """The `<li>` of each insight, in the order given."""
    items = [
        f'<li class="insight insight-{escape(row.insight.severity)}" '
        f'data-code="{escape(row.insight.code)}">'
        f'<div><span class="badge {severity_badge(row.insight.severity)}">{escape(row.severity)}'
        f'</span> <span class="fw-semibold">{escape(row.title)}</span></div>'
        f'<div class="small">{escape(row.reason)}</div>'
        '<div class="small text-body-secondary"><i class="bi bi-arrow-return-right" '
        f'aria-hidden="true"></i> {escape(row.next_step)}</div></li>'
        for row in rows
    ]
    return mark_safe("".join(items))  # noqa: S308 - every text in it is escaped above
