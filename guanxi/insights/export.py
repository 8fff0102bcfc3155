"""Insights and strength as plain dicts: what JSON and CSV carry, in the CLI and the API alike."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from guanxi.domain.relationships.strength import Strength
from guanxi.insights import labels as words
from guanxi.insights.mappers import AccountLabel
from guanxi.insights.selectors import InsightRow


def account_dict(account: AccountLabel) -> dict[str, Any]:
    return {"id": account.id, "customer_code": account.customer_code, "name": account.name}


def plain_params(params: Mapping[str, object]) -> dict[str, Any]:
    """Tuples become lists, so the parameters are JSON as they are."""
    return {
        key: list(value) if isinstance(value, tuple) else value for key, value in params.items()
    }


def insight_dict(row: InsightRow) -> dict[str, Any]:
    insight = row.insight
    return {
        "code": insight.code.value,
        "title": row.title,
        "severity": insight.severity.value,
        "account": account_dict(row.account),
        "contacts": [
            {"id": c.id, "name": str(c), "title": c.title, "department": c.department}
            for c in row.contacts
        ],
        "needs": [{"id": n.id, "description": n.description} for n in row.needs],
        "reason": row.reason,
        "next_step": {"code": insight.next_step.value, "text": row.next_step},
        "params": plain_params(insight.params),
        "sensitive": insight.sensitive,
    }


def strength_dict(account: AccountLabel, strength: Strength) -> dict[str, Any]:
    return {
        "account": account_dict(account),
        "score": strength.score,
        "threats_withheld": strength.threats_withheld,
        "parts": [
            {
                "part": part.part.value,
                "label": str(words.PARTS[part.part]),
                "value": round(part.value, 4),
                "weight": part.weight,
                "points": round(part.points, 2),
                "reason": part.reason,
                "reason_text": words.part_text(part),
                "params": plain_params(part.params),
            }
            for part in strength.parts
        ],
    }
