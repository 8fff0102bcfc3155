"""Forms of the qualification pages: the tier override; validation and widgets only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from guanxi.accounts.models import Tier


class StyledForm(forms.Form):
    """Bootstrap classes on every widget, and the invalid state on fields with errors
    (what PageForm does for model forms)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_fields()

    def style_fields(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self[name].auto_id}_errors"


class TierOverrideForm(StyledForm):
    tier_override = forms.ChoiceField(
        label=_("Tier"),
        choices=[("", _("No override: the recommended tier")), *Tier.choices],
        required=False,
    )
    tier_override_reason = forms.CharField(
        label=_("Why"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required for an override; kept in the account's history."),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("tier_override") and not cleaned.get("tier_override_reason", "").strip():
            self.add_error("tier_override_reason", _("Say why the tier is overridden."))
        return cleaned
