"""Rules about the people of an account and our relationships with them (R2)."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import date

from guanxi.domain.insights.model import (
    Insight,
    InsightCode,
    InsightSettings,
    NextStep,
    Severity,
)
from guanxi.domain.relationships.facts import (
    DECIDING_ROLES,
    LEFT,
    BuyingRole,
    ContactFacts,
    Coverage,
    by_influence,
    days_between,
    department_key,
    has_plan,
)


def introducer(coverage: Coverage, targets: Collection[int]) -> int | None:
    """Someone we know who is tied to one of the targets and could introduce us (R2.6)."""
    candidates = [
        (-strength, -coverage.level(ours), ours)
        for target in targets
        for ours, strength in coverage.ties.get(target, ())
        if ours not in targets and coverage.knows(ours)
    ]
    return min(candidates)[2] if candidates else None


def single_threaded(
    coverage: Coverage, settings: InsightSettings, today: date
) -> Iterator[Insight]:
    """R2.1: fewer than three people we really know."""
    known = coverage.known_present()
    target = settings.norms.known_contacts_target
    if len(known) >= target:
        return
    yield Insight(
        InsightCode.SINGLE_THREADED,
        Severity.HIGH if len(known) <= 1 else Severity.MEDIUM,
        coverage.facts.account_id,
        NextStep.WIDEN_CONTACTS,
        contact_ids=tuple(c.id for c in known),
        params={"known": len(known), "target": target},
    )


def decision_makers(
    coverage: Coverage, settings: InsightSettings, today: date
) -> Iterator[Insight]:
    """Nobody mapped as decision maker, or one we do not really know."""
    account_id = coverage.facts.account_id
    role = BuyingRole.DECISION_MAKER
    deciders = [c for c in coverage.present if role in c.buying_roles]
    if not deciders:
        # A placeholder decision maker is mapped, only not named: its own rule speaks for it.
        placeholder = any(
            c.is_placeholder and c.status != LEFT and role in c.buying_roles
            for c in coverage.facts.contacts
        )
        if not placeholder:
            yield Insight(
                InsightCode.DECISION_MAKER_UNMAPPED,
                Severity.HIGH,
                account_id,
                NextStep.MAP_DECISION_MAKER,
            )
        return
    for decider in deciders:
        level = coverage.level(decider.id)
        if level >= settings.norms.known_level:
            continue
        via = introducer(coverage, {decider.id})
        yield Insight(
            InsightCode.NO_DECISION_MAKER_RELATIONSHIP,
            Severity.HIGH,
            account_id,
            NextStep.ASK_INTRODUCTION if via else NextStep.MEET_DECISION_MAKER,
            contact_ids=(decider.id,),
            params={"level": level, "introducer_id": via},
        )


def influential_opponents(
    coverage: Coverage, settings: InsightSettings, today: date
) -> Iterator[Insight]:
    """R2.3/R2.5/R2.6: an influential opponent, or a vested interest, without a plan."""
    interests: dict[int, list[int]] = {}
    for interest in coverage.facts.interests:
        if interest.is_open:
            interests.setdefault(interest.contact_id, []).append(interest.id)
    by_id = {i.id: i for i in coverage.facts.interests}
    for contact in coverage.present:
        held = [by_id[i] for i in interests.get(contact.id, [])]
        opposed = (
            contact.influence >= settings.opponent_influence
            and contact.stance <= settings.opponent_stance
        )
        if not held and opposed:
            yield Insight(
                InsightCode.INFLUENTIAL_OPPONENT,
                Severity.HIGH,
                coverage.facts.account_id,
                NextStep.FIND_OUT_INTEREST,
                contact_ids=(contact.id,),
                params={"influence": contact.influence, "stance": contact.stance},
            )
            continue
        unplanned = [i for i in held if not has_plan(i, coverage)]
        if not unplanned:
            continue
        ally_gone = any(i.mitigation for i in unplanned)
        yield Insight(
            InsightCode.INFLUENTIAL_OPPONENT,
            Severity.HIGH
            if contact.influence >= settings.opponent_influence
            or max(i.severity for i in unplanned) >= 3
            else Severity.MEDIUM,
            coverage.facts.account_id,
            NextStep.REPLACE_ALLY if ally_gone else NextStep.PLAN_MITIGATION,
            contact_ids=(contact.id,),
            params={
                "influence": contact.influence,
                "stance": contact.stance,
                "interest_ids": tuple(i.id for i in unplanned),
                "interest_kinds": tuple(sorted({i.kind for i in unplanned})),
            },
            sensitive=True,
        )


def personality_unknown(
    coverage: Coverage, settings: InsightSettings, today: date
) -> Iterator[Insight]:
    """R2.4: an influential person whose personality we do not know, and no step to learn it."""
    for contact in coverage.present:
        if contact.influence < settings.influential or contact.personality_known:
            continue
        if contact.next_step_to_know.strip():
            continue
        yield Insight(
            InsightCode.PERSONALITY_UNKNOWN,
            Severity.HIGH if contact.influence >= 5 else Severity.MEDIUM,
            coverage.facts.account_id,
            NextStep.PLAN_GETTING_TO_KNOW,
            contact_ids=(contact.id,),
            params={"influence": contact.influence},
        )


def key_contacts_left(
    coverage: Coverage, settings: InsightSettings, today: date
) -> Iterator[Insight]:
    """R2.2: a key contact left lately; who could take over, most influential first."""
    for gone in by_influence(c for c in coverage.facts.contacts if c.status == LEFT):
        if (
            gone.left_on is None
            or not 0 <= days_between(gone.left_on, today) <= settings.left_within_days
        ):
            continue
        deciding = gone.holds(DECIDING_ROLES)
        if not (
            deciding or gone.influence >= settings.key_contact_influence or coverage.knows(gone.id)
        ):
            continue
        successors = _successors(coverage, gone)[: settings.successors_shown]
        if successors and coverage.knows(successors[0]):
            step = NextStep.DEEPEN_SUCCESSOR
        else:
            step = NextStep.MEET_SUCCESSOR if successors else NextStep.MAP_SUCCESSOR
        yield Insight(
            InsightCode.KEY_CONTACT_LEFT,
            Severity.HIGH
            if deciding or gone.influence >= settings.key_contact_influence
            else Severity.MEDIUM,
            coverage.facts.account_id,
            step,
            contact_ids=(gone.id, *successors),
            params={
                "left_on": gone.left_on.isoformat(),
                "successor_ids": successors,
            },
        )


def _successors(coverage: Coverage, gone: ContactFacts) -> tuple[int, ...]:
    """Their direct reports, their department, those who reported to the same boss."""
    department = department_key(gone.department)

    def closeness(contact: ContactFacts) -> int | None:
        if contact.reports_to_id == gone.id:
            return 0
        if department and department_key(contact.department) == department:
            return 1
        if gone.reports_to_id is not None and contact.reports_to_id == gone.reports_to_id:
            return 2
        return None

    ranked = []
    for contact in coverage.present:
        close = closeness(contact)
        if close is not None:
            ranked.append((-contact.influence, not coverage.knows(contact.id), close, contact.id))
    return tuple(contact_id for *_rank, contact_id in sorted(ranked))


def stale_relationships(
    coverage: Coverage, settings: InsightSettings, today: date
) -> Iterator[Insight]:
    """Someone we have a relationship with has not heard from us within their cadence."""
    norms = settings.norms
    for contact in coverage.present:
        if coverage.level(contact.id) < 1:
            continue
        cadence = norms.cadence_for(contact.influence)
        touched = coverage.last_touch.get(contact.id)
        days = None if touched is None else days_between(touched, today)
        if days is not None and days <= cadence:
            continue
        yield Insight(
            InsightCode.STALE_RELATIONSHIP,
            Severity.MEDIUM if contact.influence >= 4 else Severity.LOW,
            coverage.facts.account_id,
            NextStep.GET_IN_TOUCH,
            contact_ids=(contact.id,),
            params={
                "last_touch": None if touched is None else touched.isoformat(),
                "days": days,
                "cadence_days": cadence,
            },
        )


def stance_dropped(coverage: Coverage, settings: InsightSettings, today: date) -> Iterator[Insight]:
    """R2.9: someone's stance toward us is lower now than it was N days ago."""
    since = today.toordinal() - settings.stance_drop_days
    changes: dict[int, list[tuple[date, int, int]]] = {}
    for change in coverage.facts.stance_changes:
        if since <= change.on.toordinal() <= today.toordinal():
            changes.setdefault(change.contact_id, []).append(
                (change.on, change.before, change.after)
            )
    for contact in coverage.present:
        recorded = sorted(changes.get(contact.id, []), key=lambda change: change[0])  # stable
        if not recorded or contact.stance >= recorded[0][1]:
            continue
        before = recorded[0][1]
        fell_on = max(on for on, was, now in recorded if now < was)
        yield Insight(
            InsightCode.STANCE_DROPPED,
            Severity.HIGH
            if contact.stance < 0 or contact.influence >= settings.opponent_influence
            else Severity.MEDIUM,
            coverage.facts.account_id,
            NextStep.FIND_OUT_WHY,
            contact_ids=(contact.id,),
            params={"before": before, "after": contact.stance, "on": fell_on.isoformat()},
        )


def unfilled_placeholders(
    coverage: Coverage, settings: InsightSettings, today: date
) -> Iterator[Insight]:
    """A known role whose holder we do not know yet."""
    for contact in by_influence(coverage.facts.contacts):
        if not contact.is_placeholder or contact.status == LEFT:
            continue
        yield Insight(
            InsightCode.UNFILLED_PLACEHOLDER,
            Severity.MEDIUM if contact.holds(DECIDING_ROLES) else Severity.LOW,
            coverage.facts.account_id,
            NextStep.IDENTIFY_HOLDER,
            contact_ids=(contact.id,),
            params={"roles": tuple(sorted(contact.buying_roles))},
        )
