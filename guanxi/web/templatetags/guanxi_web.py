"""Small presentation helpers for the templates; none of them query the database."""

from __future__ import annotations

from decimal import Decimal

from django import forms, template

from guanxi.stakeholders.models import BuyingRole, Stance
from guanxi.web.forms import is_wide

register = template.Library()

_ROLE_LABELS = dict(BuyingRole.choices)


@register.filter
def stance_class(stance: int) -> str:
    """-2 … +2 → a CSS class; the colour always comes with the stance written out."""
    try:
        return f"stance-{Stance(stance).name.lower()}"
    except ValueError:
        return "stance-neutral"


@register.filter
def buying_role_labels(roles: list[str]) -> list[str]:
    return [str(_ROLE_LABELS.get(role, role)) for role in roles or []]


@register.filter
def field_kind(field: forms.BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        return "choices"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    return "input"


@register.filter
def wide(field: forms.BoundField) -> bool:
    return is_wide(field)


@register.filter
def money(value: Decimal | int | None) -> str:
    """Amounts grouped by thousands, as on Chinese invoices (zh-Hans formats do not group)."""
    if value is None:
        return "—"
    return f"¥{value:,.0f}"
