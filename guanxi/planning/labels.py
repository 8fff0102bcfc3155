"""Words for the codes the qualification domain returns; every door shows these."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from guanxi.domain.qualification.matrix import Quadrant
from guanxi.domain.qualification.metrics import Metric
from guanxi.domain.qualification.policy import Criterion, Flag
from guanxi.domain.qualification.scoring import Band

CRITERIA: dict[str, Promise] = {
    Criterion.VOLUME: _("Sales volume"),
    Criterion.MARGIN: _("Margin"),
    Criterion.GROWTH: _("Growth"),
    Criterion.POTENTIAL: _("Business potential"),
    Criterion.PAYMENT: _("Credit and payment"),
    Criterion.ACCESS_TO_GOALS: _("Access to goals"),
    Criterion.OPENNESS: _("Openness to ideas"),
}

METRICS: dict[str, Promise] = {
    Metric.REVENUE_T12M: _("revenue, last 12 months"),
    Metric.GROSS_MARGIN_PCT: _("gross margin %"),
    Metric.GROWTH_YOY_PCT: _("growth on the year before %"),
    Metric.GROWTH_QOQ_PCT: _("growth on the quarter before %"),
    Metric.TREND_CONSISTENCY: _("share of quarters up on a year before"),
    Metric.CATEGORY_SPEND: _("estimated yearly category spend"),
    Metric.SHARE_OF_WALLET: _("share of wallet"),
    Metric.HEADROOM: _("headroom"),
    Metric.DAYS_TO_PAY: _("average days to pay"),
    Metric.DAYS_OVER_TERMS: _("days beyond payment terms"),
    Metric.LATE_SHARE: _("share of invoices paid late"),
    Metric.INVOICE_COUNT: _("invoices, last 12 months"),
    Metric.CREDIT_RATING: _("credit rating"),
    Metric.ACCESS_TO_GOALS: _("access to goals (1–5)"),
    Metric.OPENNESS_TO_IDEAS: _("openness to ideas (1–5)"),
}

FLAGS: dict[str, Promise] = {
    Flag.PRICE_SQUEEZER: _("Price squeezer"),
    Flag.LATE_PAYER: _("Late payer"),
    Flag.DECLINING: _("Declining"),
    Flag.SINGLE_CRITERION_DOMINANT: _("One criterion dominates"),
    Flag.INSUFFICIENT_DATA: _("Insufficient data"),
}

FLAG_REASONS: dict[str, Promise] = {
    Flag.PRICE_SQUEEZER: _("The margin is below the policy's floor: never tier A."),
    Flag.LATE_PAYER: _("Pays late too often or too long after the terms: never tier A."),
    Flag.DECLINING: _("Buys clearly less than a year before."),
    Flag.SINGLE_CRITERION_DOMINANT: _("One criterion brings most of the score; check the others."),
    Flag.INSUFFICIENT_DATA: _("Too little data for a confident score; the tier is capped."),
}

BANDS: dict[str, Promise] = {
    Band.HIGH: _("strong"),
    Band.MEDIUM: _("fair"),
    Band.LOW: _("weak"),
    Band.NO_DATA: _("no data, lowers the confidence"),
}

QUADRANTS: dict[str, Promise] = {
    Quadrant.INVEST: _("Invest"),
    Quadrant.DEVELOP: _("Develop"),
    Quadrant.MAINTAIN: _("Maintain"),
    Quadrant.STREAMLINE: _("Streamline"),
}

QUADRANT_ADVICE: dict[str, Promise] = {
    Quadrant.INVEST: _("Attractive and we are strong: give it the most time."),
    Quadrant.DEVELOP: _("Attractive but we are weak: build the relationships first."),
    Quadrant.MAINTAIN: _("We are strong in an account of less worth: keep it at least cost."),
    Quadrant.STREAMLINE: _("Neither attractive nor strong: serve it simply, spend little time."),
}

POLICY_PROBLEMS: dict[str, Promise] = {
    "weights_sum_zero": _("The weights must add up to more than zero."),
    "weight_negative": _("A weight cannot be negative."),
    "criterion_repeated": _("Each criterion may appear only once."),
    "curve_too_few_points": _("A curve needs at least two points."),
    "curve_not_finite": _("A curve's points must be finite numbers."),
    "curve_values_not_increasing": _("A curve's values must increase from point to point."),
    "curve_score_out_of_range": _("A curve's scores must lie between 0 and 100."),
    "curve_wrong_direction": _("This curve rewards the worse value; turn it around."),
    "gate_flag_not_allowed": _("A gate may raise only price squeezer, late payer or declining."),
    "gate_must_cap_below_a": _(
        "Price squeezers and late payers must be capped at tier B or below."
    ),
    "min_invoices_negative": _("The minimum number of invoices cannot be negative."),
    "threshold_not_finite": _("The threshold must be a finite number."),
    "price_squeezer_gate_missing": _(
        "The policy needs a gate that flags a gross margin below a floor of zero or more."
    ),
    "late_payer_gate_missing": _("The policy needs a gate that flags late payers."),
    "cutoffs_not_ordered": _("Tier cut-offs must fall from A to C, within 0 to 100."),
    "share_out_of_range": _("This share must lie between 0 and 1."),
}


def reason_text(code: str) -> str:
    """`margin.low` → "Margin: weak"."""
    criterion, _dot, band = code.partition(".")
    return gettext("%(criterion)s: %(band)s") % {
        "criterion": CRITERIA.get(criterion, criterion),
        "band": BANDS.get(band, band),
    }


def problem_text(code: str) -> str:
    """A policy problem in words; codes of malformed input fall back to a general one."""
    return str(POLICY_PROBLEMS.get(code) or gettext("This value is not valid here."))
