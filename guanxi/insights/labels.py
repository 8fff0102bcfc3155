"""Words for the codes the relationship domain returns; every door shows these.

Texts are looked up when asked for, so each door speaks its user's language: the web and
the API the request's, the CLI the terminal's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from guanxi.domain.insights import Insight, InsightCode, NextStep, Severity
from guanxi.domain.relationships.strength import Part, StrengthPart
from guanxi.insights.mappers import Labels
from guanxi.stakeholders.models import BuyingRole, InterestKind, RelationshipLevel, Stance

SEVERITIES: dict[str, Promise] = {
    Severity.HIGH: _("High"),
    Severity.MEDIUM: _("Medium"),
    Severity.LOW: _("Low"),
}

TITLES: dict[str, Promise] = {
    InsightCode.SINGLE_THREADED: _("Single-threaded"),
    InsightCode.DECISION_MAKER_UNMAPPED: _("No decision maker mapped"),
    InsightCode.NO_DECISION_MAKER_RELATIONSHIP: _("No relationship with a decision maker"),
    InsightCode.INFLUENTIAL_OPPONENT: _("Influential opponent without a plan"),
    InsightCode.PERSONALITY_UNKNOWN: _("Personality unknown"),
    InsightCode.KEY_CONTACT_LEFT: _("Key contact left"),
    InsightCode.STALE_RELATIONSHIP: _("Stale relationship"),
    InsightCode.STANCE_DROPPED: _("Stance dropped"),
    InsightCode.UNFILLED_PLACEHOLDER: _("Unfilled role"),
    InsightCode.NEEDS_UNKNOWN: _("No needs known"),
    InsightCode.ONLY_SHORT_TERM_NEEDS: _("Only short-term needs known"),
    InsightCode.ONLY_LONG_TERM_NEEDS: _("Only long-term needs known"),
    InsightCode.NEED_DEPARTMENT_UNKNOWN: _("Need owned where we know nobody"),
}

PARTS: dict[str, Promise] = {
    Part.KNOWN_CONTACTS: _("People we really know"),
    Part.ROLE_COVERAGE: _("Key buying roles covered"),
    Part.STANCE: _("Stance, weighted by influence"),
    Part.DECISION_MAKERS: _("Our level with the decision makers"),
    Part.FRESHNESS: _("Freshness of contact"),
    Part.THREATS: _("Open threats"),
}

PART_STATES: dict[str, Promise] = {
    "known_contacts.on_target": _("on target"),
    "known_contacts.below_target": _("below the target of three"),
    "known_contacts.none": _("nobody yet"),
    "role_coverage.complete": _("every key role covered"),
    "role_coverage.partial": _("some key roles uncovered"),
    "role_coverage.none": _("no key role covered"),
    "stance.favourable": _("favourable"),
    "stance.neutral": _("neutral"),
    "stance.hostile": _("hostile"),
    "stance.no_contacts": _("nobody mapped"),
    "decision_makers.strong": _("strong"),
    "decision_makers.known": _("known"),
    "decision_makers.weak": _("weak"),
    "decision_makers.none_mapped": _("no decision maker mapped"),
    "freshness.fresh": _("in touch"),
    "freshness.fading": _("fading"),
    "freshness.stale": _("out of touch"),
    "threats.none": _("none open"),
    "threats.mitigated": _("all being defused"),
    "threats.open": _("some without a plan"),
    "threats.withheld": _("not shown: for the account team only"),
}


def severity_text(severity: str) -> str:
    return str(SEVERITIES.get(severity, severity))


def title_text(code: str) -> str:
    return str(TITLES.get(code, code))


def part_text(part: StrengthPart) -> str:
    """`freshness.fading` → "Freshness of contact: fading"."""
    return gettext("%(part)s: %(state)s") % {
        "part": PARTS.get(part.part, part.part),
        "state": PART_STATES.get(part.reason, part.reason),
    }


class _Words:
    """Names for the ids of one insight."""

    def __init__(self, insight: Insight, labels: Labels) -> None:
        self.insight = insight
        self.labels = labels
        self.params: Mapping[str, object] = insight.params

    def person(self, contact_id: object) -> str:
        label = self.labels.contacts.get(contact_id) if isinstance(contact_id, int) else None
        return str(label) if label else gettext("someone")

    def people(self, ids: object) -> str:
        return ", ".join(self.person(i) for i in ids) if isinstance(ids, Iterable) else ""

    @property
    def subject(self) -> str:
        ids = self.insight.contact_ids
        return self.person(ids[0]) if ids else ""

    def number(self, name: str) -> int:
        value = self.params.get(name)
        return value if isinstance(value, int) else 0


def reason_text(insight: Insight, labels: Labels) -> str:
    words = _Words(insight, labels)
    code, p = insight.code, insight.params
    if code == InsightCode.SINGLE_THREADED:
        known = words.number("known")
        return ngettext(
            "We really know only %(known)s person here; a key account needs at least %(target)s.",
            "We really know only %(known)s people here; a key account needs at least %(target)s.",
            known,
        ) % {"known": known, "target": p["target"]}
    if code == InsightCode.DECISION_MAKER_UNMAPPED:
        return gettext("Nobody in the map is marked as the decision maker.")
    if code == InsightCode.NO_DECISION_MAKER_RELATIONSHIP:
        level = words.number("level")
        if level == 0:
            return gettext("None of us has a relationship with %(contact)s, a decision maker.") % {
                "contact": words.subject
            }
        return gettext(
            "We do not really know %(contact)s, a decision maker (our best level: %(level)s)."
        ) % {"contact": words.subject, "level": RelationshipLevel(level).label}
    if code == InsightCode.INFLUENTIAL_OPPONENT:
        return _opponent_reason(words)
    if code == InsightCode.PERSONALITY_UNKNOWN:
        return gettext(
            "We do not know the personality of %(contact)s (influence %(influence)s) "
            "and no step is planned to learn it."
        ) % {"contact": words.subject, "influence": p["influence"]}
    if code == InsightCode.KEY_CONTACT_LEFT:
        return gettext("%(contact)s left the company on %(date)s.") % {
            "contact": words.subject,
            "date": p["left_on"],
        }
    if code == InsightCode.STALE_RELATIONSHIP:
        return _stale_reason(words)
    if code == InsightCode.STANCE_DROPPED:
        return gettext(
            "The stance of %(contact)s fell from %(before)s to %(after)s on %(date)s."
        ) % {
            "contact": words.subject,
            "before": _stance(p["before"]),
            "after": _stance(p["after"]),
            "date": p["on"],
        }
    if code == InsightCode.UNFILLED_PLACEHOLDER:
        return gettext("Someone holds the role %(role)s (%(title)s), but we do not know who.") % {
            "role": _roles(p.get("roles")),
            "title": words.subject,
        }
    return _needs_reason(insight, words)


def _opponent_reason(words: _Words) -> str:
    p = words.params
    if not words.insight.sensitive:
        return gettext(
            "%(contact)s (influence %(influence)s) opposes us, and we do not know what is at stake for them."
        ) % {"contact": words.subject, "influence": p["influence"]}
    kinds = p.get("interest_kinds")
    named = (
        [str(InterestKind(k).label) for k in kinds if k in InterestKind.values]
        if isinstance(kinds, tuple)
        else []
    )
    return gettext(
        "%(contact)s has a vested interest (%(kinds)s) and there is no plan to defuse it."
    ) % {
        "contact": words.subject,
        "kinds": ", ".join(named),
    }


def _stale_reason(words: _Words) -> str:
    p = words.params
    if p.get("days") is None:
        return gettext(
            "Nobody has been in touch with %(contact)s yet; their influence needs a touch every %(cadence)s days."
        ) % {"contact": words.subject, "cadence": p["cadence_days"]}
    return gettext(
        "Nobody has been in touch with %(contact)s for %(days)s days; "
        "their influence needs a touch every %(cadence)s days."
    ) % {"contact": words.subject, "days": p["days"], "cadence": p["cadence_days"]}


def _needs_reason(insight: Insight, words: _Words) -> str:
    code = insight.code
    if code == InsightCode.NEEDS_UNKNOWN:
        return gettext("We know none of this account's needs.")
    if code == InsightCode.ONLY_SHORT_TERM_NEEDS:
        return gettext("We know only short-term needs; the customer's long-term goals are missing.")
    if code == InsightCode.ONLY_LONG_TERM_NEEDS:
        return gettext("We know only long-term needs; what the customer needs now is missing.")
    count = len(insight.need_ids)
    return ngettext(
        "%(count)s need is owned by %(department)s, where we know nobody.",
        "%(count)s needs are owned by %(department)s, where we know nobody.",
        count,
    ) % {"count": count, "department": words.params["department"]}


def next_step_text(insight: Insight, labels: Labels) -> str:
    words = _Words(insight, labels)
    step, p = insight.next_step, insight.params
    if step == NextStep.ASK_INTRODUCTION:
        return gettext("Ask %(introducer)s to introduce you.") % {
            "introducer": words.person(p.get("introducer_id"))
        }
    if step == NextStep.MEET_DECISION_MAKER:
        return gettext("Arrange to meet %(contact)s, with one of our executives if need be.") % {
            "contact": words.subject
        }
    if step in (NextStep.DEEPEN_SUCCESSOR, NextStep.MEET_SUCCESSOR):
        template = (
            gettext("Deepen the relationship with who could take over: %(people)s.")
            if step == NextStep.DEEPEN_SUCCESSOR
            else gettext("Meet who could take over: %(people)s.")
        )
        return template % {"people": words.people(p.get("successor_ids", ()))}
    if step == NextStep.MEET_DEPARTMENT:
        return gettext("Find a way into %(department)s: who could introduce you?") % {
            "department": p.get("department", "")
        }
    return str(FIXED_STEPS.get(step, step))


FIXED_STEPS: dict[str, Promise] = {
    NextStep.WIDEN_CONTACTS: _(
        "Get to know more people: ask those you know to introduce you to their colleagues."
    ),
    NextStep.MAP_DECISION_MAKER: _("Find out who decides, and add them to the map."),
    NextStep.FIND_OUT_INTEREST: _(
        "Find out what is at stake for them; record it as a vested interest with a plan."
    ),
    NextStep.PLAN_MITIGATION: _(
        "Choose how to defuse it: go around, win their trust over time, "
        "an ally who speaks for us, or wait for their departure."
    ),
    NextStep.REPLACE_ALLY: _("The ally the plan counted on has left: find another."),
    NextStep.PLAN_GETTING_TO_KNOW: _(
        "Plan how to get to know them: who could introduce you, on what occasion."
    ),
    NextStep.MAP_SUCCESSOR: _("Find out who takes over their work, and add them to the map."),
    NextStep.GET_IN_TOUCH: _("Get in touch: a visit, a call or a message."),
    NextStep.FIND_OUT_WHY: _("Find out why, from them or someone close to them, before it sets."),
    NextStep.IDENTIFY_HOLDER: _("Find out who holds this role, and add them by name."),
    NextStep.DISCOVER_NEEDS: _("Ask about their goals, short- and long-term, and record them."),
    NextStep.EXPLORE_LONG_TERM: _(
        "Ask where they want the business to be in a few years, and who owns that goal."
    ),
    NextStep.EXPLORE_SHORT_TERM: _(
        "Ask what they need now: the long-term plans rest on today's business."
    ),
}


def _stance(value: object) -> str:
    if isinstance(value, int) and value in Stance.values:
        return str(Stance(value).label)
    return str(value)


def _roles(roles: object) -> str:
    if not isinstance(roles, tuple):
        return ""
    return ", ".join(str(BuyingRole(r).label) for r in roles if r in BuyingRole.values)
