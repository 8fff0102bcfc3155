"""The policy editor's form: weights, curve points, gates and cut-offs of one policy.

Its fields are built from the policy's stored definition; `definition()` gives the edited
definition back in the same shape, and `add_problems` places the domain's validation codes
(already in words, from the planning services) beside the field or group they concern.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from guanxi.domain.qualification.metrics import Metric
from guanxi.domain.qualification.policy import GATE_FLAGS, Tier, When
from guanxi.planning import labels
from guanxi.web.qualification_forms import StyledForm

EXTRA_POINTS = 2  # empty points offered after a curve's last, to add one
EXTRA_GATES = 1

TIER_CAPS = [("", _("no cap")), *((t.value, t.value) for t in Tier)]
WHEN_CHOICES = [(When.BELOW.value, _("below")), (When.ABOVE.value, _("above"))]


def _number(label: Any = "", *, required: bool = True, step: str = "any") -> forms.FloatField:
    return forms.FloatField(
        label=label, required=required, widget=forms.NumberInput(attrs={"step": step})
    )


@dataclass
class MeasureFields:
    metric: str
    label: str
    weight: forms.BoundField
    points: list[tuple[forms.BoundField, forms.BoundField]]
    errors: list[str] = field(default_factory=list)


@dataclass
class CriterionFields:
    criterion: str
    label: str
    weight: forms.BoundField
    measures: list[MeasureFields]
    errors: list[str] = field(default_factory=list)


@dataclass
class GateFields:
    number: int
    fields: list[forms.BoundField]
    delete: forms.BoundField | None
    errors: list[str] = field(default_factory=list)


class PolicyForm(StyledForm):
    cutoff_A = _number(_("Tier A from"))
    cutoff_B = _number(_("Tier B from"))
    cutoff_C = _number(_("Tier C from"))
    min_confidence = _number(_("Lowest confidence"), step="0.05")
    low_confidence_tier_cap = forms.ChoiceField(
        label=_("Below it, cap the tier at"), choices=TIER_CAPS, required=False
    )
    dominance_share = _number(_("Warn when one criterion brings more than"), step="0.05")
    make_default = forms.BooleanField(label=_("Make this the default policy"), required=False)

    def __init__(self, data: Any = None, *, definition: dict[str, Any], is_default: bool) -> None:
        super().__init__(data, initial=self._initial(definition, is_default))
        self.rules = definition["criteria"]
        self.gate_count = len(definition["gates"]) + EXTRA_GATES
        self.group_errors: dict[str, list[str]] = {}
        self._anchors: dict[str, str] = {}  # a problem in the summary → the element it concerns
        self._gate_rows: list[int] = []
        self._add_criteria_fields()
        self._add_gate_fields(definition["gates"])
        self.fields["min_confidence"].help_text = _(
            "A share from 0 to 1 of the policy's weight that had data."
        )
        self.fields["dominance_share"].help_text = _("A share of the score, from 0 to 1.")
        self.style_fields()

    # ---- building ------------------------------------------------------------------------

    @staticmethod
    def _initial(definition: dict[str, Any], is_default: bool) -> dict[str, Any]:
        initial = PolicyForm._raw_initial(definition, is_default)
        # 1000000 reads better than 1000000.0 in a number field.
        return {
            k: int(v) if isinstance(v, float) and v.is_integer() else v for k, v in initial.items()
        }

    @staticmethod
    def _raw_initial(definition: dict[str, Any], is_default: bool) -> dict[str, Any]:
        initial: dict[str, Any] = {
            f"cutoff_{tier}": value for tier, value in definition["tier_cutoffs"].items()
        }
        initial |= {
            "min_confidence": definition["min_confidence"],
            "low_confidence_tier_cap": definition["low_confidence_tier_cap"] or "",
            "dominance_share": definition["dominance_share"],
            "make_default": is_default,
        }
        for rule in definition["criteria"]:
            prefix = f"c-{rule['criterion']}"
            initial[f"{prefix}-weight"] = rule["weight"]
            for measure in rule["measures"]:
                name = f"{prefix}-{measure['metric']}"
                initial[f"{name}-weight"] = measure["weight"]
                for i, (x, y) in enumerate(measure["curve"]):
                    initial[f"{name}-x{i}"], initial[f"{name}-y{i}"] = x, y
        for number, gate in enumerate(definition["gates"]):
            for key in ("flag", "metric", "when", "threshold", "min_invoices"):
                initial[f"g{number}-{key}"] = gate[key]
            initial[f"g{number}-tier_cap"] = gate["tier_cap"] or ""
        return initial

    def _add_criteria_fields(self) -> None:
        for rule in self.rules:
            prefix = f"c-{rule['criterion']}"
            criterion = labels.CRITERIA.get(rule["criterion"], rule["criterion"])
            self.fields[f"{prefix}-weight"] = _number(_("Weight"))
            for measure in rule["measures"]:
                name = f"{prefix}-{measure['metric']}"
                metric = labels.METRICS.get(measure["metric"], measure["metric"])
                self.fields[f"{name}-weight"] = _number(_("Weight within the criterion"))
                for i in range(len(measure["curve"]) + EXTRA_POINTS):
                    where = {"criterion": criterion, "metric": metric, "number": i + 1}
                    x = self.fields[f"{name}-x{i}"] = _number(_("Value"), required=False)
                    y = self.fields[f"{name}-y{i}"] = _number(_("Score"), required=False)
                    x.widget.attrs["aria-label"] = (
                        gettext("%(criterion)s, %(metric)s: value of point %(number)s") % where
                    )
                    y.widget.attrs["aria-label"] = (
                        gettext("%(criterion)s, %(metric)s: score of point %(number)s") % where
                    )

    def _add_gate_fields(self, gates: list[dict[str, Any]]) -> None:
        flags = [("", "—"), *((str(f), str(labels.FLAGS[f])) for f in sorted(GATE_FLAGS))]
        metrics = [(m.value, str(labels.METRICS[m])) for m in Metric]
        for number in range(self.gate_count):
            new = number >= len(gates)
            self.fields[f"g{number}-flag"] = forms.ChoiceField(
                label=_("Flag"), choices=flags, required=False
            )
            self.fields[f"g{number}-metric"] = forms.ChoiceField(
                label=_("Figure"), choices=metrics, required=False
            )
            self.fields[f"g{number}-when"] = forms.ChoiceField(
                label=_("When"), choices=WHEN_CHOICES, required=False
            )
            self.fields[f"g{number}-threshold"] = _number(_("Threshold"), required=False)
            self.fields[f"g{number}-tier_cap"] = forms.ChoiceField(
                label=_("Highest tier"), choices=TIER_CAPS, required=False
            )
            self.fields[f"g{number}-min_invoices"] = forms.IntegerField(
                label=_("Fewest invoices"), required=False, min_value=0
            )
            if not new:
                self.fields[f"g{number}-delete"] = forms.BooleanField(
                    label=_("Remove"), required=False
                )
            for key in (
                "flag",
                "metric",
                "when",
                "threshold",
                "tier_cap",
                "min_invoices",
                "delete",
            ):
                if f"g{number}-{key}" in self.fields:
                    gate_field = self.fields[f"g{number}-{key}"]
                    gate_field.widget.attrs["aria-label"] = gettext(
                        "Gate %(number)s: %(field)s"
                    ) % {"number": number + 1, "field": gate_field.label}

    # ---- what the template walks -------------------------------------------------------

    def criteria_groups(self) -> list[CriterionFields]:
        groups = []
        for rule in self.rules:
            criterion = rule["criterion"]
            prefix = f"c-{criterion}"
            measures = []
            for measure in rule["measures"]:
                name = f"{prefix}-{measure['metric']}"
                count = len(measure["curve"]) + EXTRA_POINTS
                measures.append(
                    MeasureFields(
                        metric=measure["metric"],
                        label=str(labels.METRICS.get(measure["metric"], measure["metric"])),
                        weight=self[f"{name}-weight"],
                        points=[(self[f"{name}-x{i}"], self[f"{name}-y{i}"]) for i in range(count)],
                        errors=self.group_errors.get(
                            f"criteria.{criterion}.{measure['metric']}", []
                        ),
                    )
                )
            groups.append(
                CriterionFields(
                    criterion=criterion,
                    label=str(labels.CRITERIA.get(criterion, criterion)),
                    weight=self[f"{prefix}-weight"],
                    measures=measures,
                    errors=self.group_errors.get(f"criteria.{criterion}", []),
                )
            )
        return groups

    def gate_groups(self) -> list[GateFields]:
        keys = ("flag", "metric", "when", "threshold", "tier_cap", "min_invoices")
        return [
            GateFields(
                number=number,
                fields=[self[f"g{number}-{key}"] for key in keys],
                delete=self[f"g{number}-delete"] if f"g{number}-delete" in self.fields else None,
                errors=self.group_errors.get(f"gates.{number}", []),
            )
            for number in range(self.gate_count)
        ]

    def cutoff_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("cutoff_A", "cutoff_B", "cutoff_C")]

    def confidence_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in ("min_confidence", "low_confidence_tier_cap", "dominance_share")]

    # ---- reading back --------------------------------------------------------------------

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for rule in self.rules:
            for measure in rule["measures"]:
                name = f"c-{rule['criterion']}-{measure['metric']}"
                for i in range(len(measure["curve"]) + EXTRA_POINTS):
                    x, y = cleaned.get(f"{name}-x{i}"), cleaned.get(f"{name}-y{i}")
                    if (x is None) != (y is None) and f"{name}-x{i}" not in self.errors:
                        self.add_error(f"{name}-x{i}", _("Give both the value and its score."))
        for number in range(self.gate_count):
            wanted = cleaned.get(f"g{number}-flag") and not cleaned.get(f"g{number}-delete")
            if wanted and cleaned.get(f"g{number}-threshold") is None:
                self.add_error(f"g{number}-threshold", _("Give the threshold."))
        return cleaned

    def _points(self, name: str, count: int) -> list[list[float]]:
        data = self.cleaned_data
        pairs = ((data.get(f"{name}-x{i}"), data.get(f"{name}-y{i}")) for i in range(count))
        return [[x, y] for x, y in pairs if x is not None and y is not None]

    def _criteria(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        criteria = []
        for rule in self.rules:
            prefix = f"c-{rule['criterion']}"
            measures = [
                {
                    "metric": m["metric"],
                    "weight": data[f"{prefix}-{m['metric']}-weight"],
                    "curve": self._points(
                        f"{prefix}-{m['metric']}", len(m["curve"]) + EXTRA_POINTS
                    ),
                }
                for m in rule["measures"]
            ]
            criteria.append(
                {
                    "criterion": rule["criterion"],
                    "weight": data[f"{prefix}-weight"],
                    "measures": measures,
                }
            )
        return criteria

    def _gates(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        gates, self._gate_rows = [], []
        for number in range(self.gate_count):
            if data.get(f"g{number}-delete") or not data.get(f"g{number}-flag"):
                continue
            self._gate_rows.append(number)
            cap = data.get(f"g{number}-tier_cap")
            gates.append(
                {
                    "flag": data[f"g{number}-flag"],
                    "metric": data.get(f"g{number}-metric") or Metric.GROSS_MARGIN_PCT.value,
                    "when": data.get(f"g{number}-when") or When.BELOW.value,
                    "threshold": data.get(f"g{number}-threshold"),
                    "tier_cap": cap or None,
                    "min_invoices": data.get(f"g{number}-min_invoices") or 0,
                }
            )
        return gates

    def definition(self) -> dict[str, Any]:
        """The edited policy, in the stored definition's shape (the services check it)."""
        data = self.cleaned_data
        return {
            "format": 1,
            "criteria": self._criteria(),
            "gates": self._gates(),
            "tier_cutoffs": {tier: data[f"cutoff_{tier}"] for tier in ("A", "B", "C")},
            "dominance_share": data["dominance_share"],
            "min_confidence": data["min_confidence"],
            "low_confidence_tier_cap": data.get("low_confidence_tier_cap") or None,
        }

    def error_summary(self) -> list[tuple[str, str, str]]:
        """(field id, where, message) for the summary on top; fields named as a reader hears them."""
        found = [
            (self._anchors.get(str(message), ""), "", str(message))
            for message in self.non_field_errors()
        ]
        for name, errors in self.errors.items():
            if name not in self.fields:
                continue
            bound = self[name]
            where = bound.field.widget.attrs.get("aria-label") or str(bound.label)
            found += [(bound.auto_id, where, str(message)) for message in errors]
        return found

    # ---- the services' verdict -----------------------------------------------------------

    def _field_for(self, path: str) -> str | None:
        parts = path.split(".")
        if parts[0] == "criteria" and len(parts) == 3 and parts[2] == "weight":
            return f"c-{parts[1]}-weight"
        if parts[0] == "criteria" and len(parts) == 4 and parts[3] == "weight":
            return f"c-{parts[1]}-{parts[2]}-weight"
        if parts[0] == "gates" and len(parts) == 3 and parts[1].isdigit():
            number = int(parts[1])
            if number < len(self._gate_rows):
                return f"g{self._gate_rows[number]}-{parts[2]}"
        if parts[0] == "tier_cutoffs":
            return "cutoff_A" if len(parts) == 1 else f"cutoff_{parts[1]}"
        if path in ("dominance_share", "min_confidence", "low_confidence_tier_cap"):
            return path
        return None

    def _group_for(self, path: str) -> str | None:
        parts = path.split(".")
        if parts[0] == "criteria" and len(parts) >= 3 and parts[2] not in ("weight", "measures"):
            return f"criteria.{parts[1]}.{parts[2]}"  # a measure's curve
        if parts[0] == "criteria" and len(parts) >= 2:
            return f"criteria.{parts[1]}"
        if parts[0] == "gates" and len(parts) >= 2 and parts[1].isdigit():
            number = int(parts[1])
            return f"gates.{self._gate_rows[number]}" if number < len(self._gate_rows) else None
        return None

    def add_problems(self, error: ValidationError) -> None:
        """Each problem beside its field, else its curve, criterion or gate, else on top."""
        for place, problems in error.message_dict.items():
            path = place.removeprefix("definition").lstrip(".")
            name = self._field_for(path)
            if name is not None and name in self.fields:
                for message in problems:
                    self.add_error(name, message)
                continue
            group = self._group_for(path)
            if group is not None:
                self.group_errors.setdefault(group, []).extend(problems)
            for message in problems:
                if group is None:
                    self.add_error(None, message)
                    continue
                located = self._in_words(path, message)
                self._anchors[located] = self._anchor(group)
                self.add_error(None, located)

    @staticmethod
    def _anchor(group: str) -> str:
        """The id of the element a group's problems are shown in (see policy_edit.html)."""
        parts = group.split(".")
        if parts[0] == "gates":
            return f"gate-{parts[1]}"
        return "-".join(["curve" if len(parts) == 3 else "criterion", *parts[1:]])

    def _in_words(self, path: str, message: str) -> str:
        """A problem of a curve or gate, with where it is, for the summary on top."""
        parts = path.split(".")
        if parts[0] == "criteria":
            where = str(labels.CRITERIA.get(parts[1], parts[1]))
            if len(parts) >= 3 and parts[2] in labels.METRICS:
                where = f"{where} · {labels.METRICS[parts[2]]}"
        else:
            where = gettext("Gate %(number)s") % {"number": int(parts[1]) + 1}
        return f"{where}: {message}"
