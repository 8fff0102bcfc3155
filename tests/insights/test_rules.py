"""The insight rules, each firing and staying quiet: pure, no database."""

from __future__ import annotations

import dataclasses

import pytest

from guanxi.domain.insights import (
    Insight,
    InsightCode,
    InsightSettings,
    NextStep,
    Severity,
    account_insights,
    portfolio_insights,
)
from guanxi.domain.relationships.facts import (
    AccountFacts,
    InterestFacts,
    LinkFacts,
    NeedFacts,
    StanceChange,
)
from tests.insights.builders import TODAY, days_ago, knows, person, well_covered

C = InsightCode


def found(facts: AccountFacts, code: InsightCode, **settings: object) -> list[Insight]:
    chosen = InsightSettings.from_mapping(settings) if settings else InsightSettings()
    return [i for i in account_insights(facts, TODAY, chosen) if i.code == code]


def with_(facts: AccountFacts, **changes: object) -> AccountFacts:
    return dataclasses.replace(facts, **changes)  # type: ignore[arg-type]


def change_contact(facts: AccountFacts, contact_id: int, **changes: object) -> AccountFacts:
    contacts = tuple(
        dataclasses.replace(c, **changes) if c.id == contact_id else c  # type: ignore[arg-type]
        for c in facts.contacts
    )
    return with_(facts, contacts=contacts)


def test_a_well_covered_account_raises_nothing() -> None:
    assert account_insights(well_covered(), TODAY) == []


# ---- R2.1 single-threaded -------------------------------------------------------------------


def test_single_threaded_when_fewer_than_three_people_are_really_known() -> None:
    facts = with_(well_covered(), relationships=(knows(1, 4), knows(2, 3), knows(3, level=1)))
    [insight] = found(facts, C.SINGLE_THREADED)
    assert insight.severity == Severity.MEDIUM
    assert insight.contact_ids == (1, 2)
    assert insight.params == {"known": 2, "target": 3}
    assert insight.next_step == NextStep.WIDEN_CONTACTS
    alone = with_(well_covered(), relationships=(knows(1, 4),))
    assert found(alone, C.SINGLE_THREADED)[0].severity == Severity.HIGH


def test_not_single_threaded_with_three_known_and_the_target_is_a_setting() -> None:
    assert found(well_covered(), C.SINGLE_THREADED) == []
    assert found(well_covered(), C.SINGLE_THREADED, known_contacts_target=5) != []


# ---- decision makers ------------------------------------------------------------------------


def test_a_decision_maker_we_do_not_know_is_flagged_with_who_could_introduce_us() -> None:
    facts = with_(
        well_covered(),
        relationships=(knows(2, 3), knows(3, 3), knows(4, 4)),
        links=(LinkFacts(2, 1, "alumni", 4), LinkFacts(4, 1, "conflict", 5)),
    )
    [insight] = found(facts, C.NO_DECISION_MAKER_RELATIONSHIP)
    assert insight.contact_ids == (1,)
    assert insight.next_step == NextStep.ASK_INTRODUCTION
    assert insight.params == {"level": 0, "introducer_id": 2}
    alone = with_(facts, links=())
    assert (
        found(alone, C.NO_DECISION_MAKER_RELATIONSHIP)[0].next_step == NextStep.MEET_DECISION_MAKER
    )


def test_no_decision_maker_mapped_at_all_unless_a_placeholder_holds_the_role() -> None:
    facts = change_contact(well_covered(), 1, buying_roles=frozenset({"economic_buyer"}))
    [insight] = found(facts, C.DECISION_MAKER_UNMAPPED)
    assert insight.next_step == NextStep.MAP_DECISION_MAKER
    assert found(well_covered(), C.DECISION_MAKER_UNMAPPED) == []
    placeholder = with_(
        facts, contacts=(*facts.contacts, person(9, "decision_maker", is_placeholder=True))
    )
    assert found(placeholder, C.DECISION_MAKER_UNMAPPED) == []
    assert found(placeholder, C.UNFILLED_PLACEHOLDER)[0].contact_ids == (9,)


# ---- R2.3/R2.5/R2.6 influential opponents ---------------------------------------------------


def opponent_account(*interests: InterestFacts) -> AccountFacts:
    facts = change_contact(well_covered(), 2, stance=-2)
    return with_(facts, interests=interests)


def test_an_influential_opponent_without_a_recorded_interest_asks_what_is_at_stake() -> None:
    [insight] = found(opponent_account(), C.INFLUENTIAL_OPPONENT)
    assert insight.contact_ids == (2,)
    assert insight.next_step == NextStep.FIND_OUT_INTEREST
    assert insight.severity == Severity.HIGH
    assert not insight.sensitive


def test_an_opponent_of_little_influence_or_a_mere_sceptic_below_the_threshold_is_not_flagged() -> (
    None
):
    weak = change_contact(opponent_account(), 2, influence=3)
    assert found(weak, C.INFLUENTIAL_OPPONENT) == []
    assert found(change_contact(opponent_account(), 2, stance=0), C.INFLUENTIAL_OPPONENT) == []
    assert found(opponent_account(), C.INFLUENTIAL_OPPONENT, opponent_stance=-3) == []


def test_a_vested_interest_without_mitigation_is_flagged_and_sensitive() -> None:
    facts = opponent_account(InterestFacts(31, 2, "kickback", 3))
    [insight] = found(facts, C.INFLUENTIAL_OPPONENT)
    assert insight.sensitive
    assert insight.next_step == NextStep.PLAN_MITIGATION
    assert insight.params["interest_ids"] == (31,)
    assert insight.params["interest_kinds"] == ("kickback",)


def test_any_open_vested_interest_counts_even_from_a_friendly_person_of_little_influence() -> None:
    facts = with_(well_covered(), interests=(InterestFacts(31, 3, "role_devalued", 1),))
    [insight] = found(facts, C.INFLUENTIAL_OPPONENT)
    assert (insight.contact_ids, insight.severity, insight.sensitive) == (
        (3,),
        Severity.MEDIUM,
        True,
    )


def test_a_mitigated_or_resolved_interest_raises_nothing() -> None:
    planned = opponent_account(InterestFacts(31, 2, "kickback", 3, "ally_speaks", ally_id=4))
    assert found(planned, C.INFLUENTIAL_OPPONENT) == []
    waiting = opponent_account(InterestFacts(31, 2, "kickback", 3, "wait_departure"))
    assert found(waiting, C.INFLUENTIAL_OPPONENT) == []
    resolved = with_(
        well_covered(), interests=(InterestFacts(31, 3, "kickback", 3, status="resolved"),)
    )
    assert found(resolved, C.INFLUENTIAL_OPPONENT) == []


def test_a_plan_that_counts_on_an_ally_who_left_needs_a_new_ally() -> None:
    facts = opponent_account(InterestFacts(31, 2, "kickback", 3, "ally_speaks", ally_id=4))
    facts = change_contact(facts, 4, status="left", left_on=days_ago(400))
    [insight] = found(facts, C.INFLUENTIAL_OPPONENT)
    assert insight.next_step == NextStep.REPLACE_ALLY


# ---- R2.4 personality -----------------------------------------------------------------------


def test_an_influential_person_of_unknown_personality_without_a_step_is_flagged() -> None:
    facts = change_contact(well_covered(), 2, personality_known=False)
    [insight] = found(facts, C.PERSONALITY_UNKNOWN)
    assert (insight.contact_ids, insight.severity) == ((2,), Severity.MEDIUM)
    assert insight.next_step == NextStep.PLAN_GETTING_TO_KNOW
    top = change_contact(well_covered(), 1, personality_known=False)
    assert found(top, C.PERSONALITY_UNKNOWN)[0].severity == Severity.HIGH


def test_a_planned_step_or_little_influence_keeps_personality_quiet() -> None:
    planned = change_contact(
        well_covered(), 2, personality_known=False, next_step_to_know="请黄经理引荐"
    )
    assert found(planned, C.PERSONALITY_UNKNOWN) == []
    # Contact 3 has influence 3 and unknown personality: below the threshold.
    assert found(well_covered(), C.PERSONALITY_UNKNOWN) == []
    assert found(well_covered(), C.PERSONALITY_UNKNOWN, influential=3)[0].contact_ids == (3,)


# ---- R2.2 key contact left ------------------------------------------------------------------


def departed_account() -> AccountFacts:
    """The technical buyer (2) left; 5 reported to them, 6 shares their department, 3 their boss."""
    facts = change_contact(well_covered(), 2, status="left", left_on=days_ago(20))
    extra = (
        person(5, influence=2, department="质量部", reports_to_id=2),
        person(6, influence=3, department="技术部", reports_to_id=3),
        person(7, influence=5, department="财务部"),
    )
    return with_(facts, contacts=(*facts.contacts, *extra))


def test_a_key_contact_who_left_comes_with_successors_most_influential_first() -> None:
    [insight] = found(departed_account(), C.KEY_CONTACT_LEFT)
    assert insight.severity == Severity.HIGH
    # 3 reported to the same boss (influence 3, known), 6 shares the department (3), 5 reported to them (2).
    assert insight.params["successor_ids"] == (3, 6, 5)
    assert insight.contact_ids == (2, 3, 6, 5)
    assert insight.params["left_on"] == days_ago(20).isoformat()
    assert insight.next_step == NextStep.DEEPEN_SUCCESSOR


def test_successors_shown_is_a_setting_and_nobody_close_means_map_one() -> None:
    assert found(departed_account(), C.KEY_CONTACT_LEFT, successors_shown=1)[0].params[
        "successor_ids"
    ] == (3,)
    lonely = change_contact(departed_account(), 2, department="", reports_to_id=None)
    lonely = with_(lonely, contacts=tuple(c for c in lonely.contacts if c.id != 5))
    [insight] = found(lonely, C.KEY_CONTACT_LEFT)
    assert insight.params["successor_ids"] == ()
    assert insight.next_step == NextStep.MAP_SUCCESSOR


def test_an_old_departure_or_a_minor_contact_leaving_is_not_news() -> None:
    old = change_contact(departed_account(), 2, left_on=days_ago(400))
    assert found(old, C.KEY_CONTACT_LEFT) == []
    minor = change_contact(departed_account(), 2, influence=2, buying_roles=frozenset())
    minor = with_(minor, relationships=tuple(r for r in minor.relationships if r.contact_id != 2))
    assert found(minor, C.KEY_CONTACT_LEFT) == []


# ---- stale relationships --------------------------------------------------------------------


def test_a_relationship_untouched_beyond_its_cadence_is_stale() -> None:
    # Influence 5 → every 30 days; 4 → 45; 3 → 60; else 90.
    facts = with_(
        well_covered(),
        relationships=(knows(1, 4, 31), knows(2, 3, 45), knows(3, 3, None), knows(4, 4, 60)),
    )
    stale = found(facts, C.STALE_RELATIONSHIP)
    assert [i.contact_ids for i in stale] == [(1,), (3,)]
    assert stale[0].params == {
        "last_touch": days_ago(31).isoformat(),
        "days": 31,
        "cadence_days": 30,
    }
    assert stale[0].severity == Severity.MEDIUM
    assert stale[1].params["last_touch"] is None
    assert stale[1].severity == Severity.LOW


def test_the_cadence_is_a_setting_and_the_latest_touch_of_any_of_us_counts() -> None:
    facts = with_(
        well_covered(), relationships=(*well_covered().relationships, knows(1, 1, 100, user=8))
    )
    assert found(facts, C.STALE_RELATIONSHIP) == []
    assert found(well_covered(), C.STALE_RELATIONSHIP, cadence_days={5: 5}) != []


# ---- R2.9 stance dropped --------------------------------------------------------------------


def test_a_stance_that_fell_within_the_window_is_flagged() -> None:
    facts = change_contact(well_covered(), 3, stance=-1)
    facts = with_(
        facts,
        stance_changes=(StanceChange(3, days_ago(60), 1, 0), StanceChange(3, days_ago(10), 0, -1)),
    )
    [insight] = found(facts, C.STANCE_DROPPED)
    assert insight.params == {"before": 1, "after": -1, "on": days_ago(10).isoformat()}
    assert insight.severity == Severity.HIGH
    assert insight.next_step == NextStep.FIND_OUT_WHY


def test_a_recovered_an_old_or_a_rising_stance_is_not_flagged() -> None:
    recovered = with_(
        well_covered(),
        stance_changes=(StanceChange(3, days_ago(30), 1, -1), StanceChange(3, days_ago(5), -1, 1)),
    )
    assert found(recovered, C.STANCE_DROPPED) == []
    old = change_contact(well_covered(), 3, stance=-1)
    old = with_(old, stance_changes=(StanceChange(3, days_ago(200), 1, -1),))
    assert found(old, C.STANCE_DROPPED) == []
    assert found(old, C.STANCE_DROPPED, stance_drop_days=365) != []


# ---- placeholders ---------------------------------------------------------------------------


def test_an_unfilled_placeholder_is_flagged_more_urgently_when_it_decides() -> None:
    facts = with_(
        well_covered(),
        contacts=(*well_covered().contacts, person(8, "user_buyer", is_placeholder=True),
                  person(9, "economic_buyer", is_placeholder=True)),
    )  # fmt: skip
    insights = found(facts, C.UNFILLED_PLACEHOLDER)
    assert [(i.contact_ids, i.severity) for i in insights] == [
        ((9,), Severity.MEDIUM),
        ((8,), Severity.LOW),
    ]
    assert insights[0].params == {"roles": ("economic_buyer",)}
    assert found(well_covered(), C.UNFILLED_PLACEHOLDER) == []


# ---- R3.3 / R3.4 needs ----------------------------------------------------------------------


def test_only_short_or_only_long_term_needs_known() -> None:
    short = with_(
        well_covered(),
        needs=(NeedFacts(1, "short", importance=2), NeedFacts(2, "short", importance=4)),
    )
    [insight] = found(short, C.ONLY_SHORT_TERM_NEEDS)
    assert (insight.need_ids, insight.next_step) == ((2, 1), NextStep.EXPLORE_LONG_TERM)
    long = with_(
        well_covered(), needs=(NeedFacts(1, "long"), NeedFacts(2, "short", status="dropped"))
    )
    assert found(long, C.ONLY_LONG_TERM_NEEDS)[0].next_step == NextStep.EXPLORE_SHORT_TERM
    assert found(with_(well_covered(), needs=()), C.NEEDS_UNKNOWN) != []
    assert (
        found(well_covered(), C.ONLY_SHORT_TERM_NEEDS)
        == found(well_covered(), C.ONLY_LONG_TERM_NEEDS)
        == []
    )


def test_a_need_owned_by_a_department_where_we_know_nobody_names_who_could_open_the_door() -> None:
    facts = with_(
        well_covered(),
        contacts=(*well_covered().contacts, person(10, influence=4, department="设计部"),
                  person(11, influence=2, department=" 设计部")),
        links=(LinkFacts(3, 10, "former_colleague", 4),),
        needs=(NeedFacts(1, "long", "设计部", importance=5), NeedFacts(2, "short", "生产部"),
               NeedFacts(3, "long", "市场部", importance=4), NeedFacts(4, "long", "设计部", status="met")),
    )  # fmt: skip
    design, marketing = found(facts, C.NEED_DEPARTMENT_UNKNOWN)
    assert (design.params, design.need_ids, design.contact_ids) == (
        {"department": "设计部", "introducer_id": 3},
        (1,),
        (10, 11),
    )
    assert (design.severity, design.next_step) == (Severity.HIGH, NextStep.ASK_INTRODUCTION)
    assert (marketing.params["department"], marketing.contact_ids) == ("市场部", ())
    assert (marketing.severity, marketing.next_step) == (Severity.MEDIUM, NextStep.MEET_DEPARTMENT)


def test_a_department_where_we_know_someone_is_fine() -> None:
    facts = with_(well_covered(), needs=(NeedFacts(1, "long", "生产部"), NeedFacts(2, "short", "")))
    assert found(facts, C.NEED_DEPARTMENT_UNKNOWN) == []


# ---- the whole --------------------------------------------------------------------------------


def test_insights_come_most_urgent_first_and_are_deterministic() -> None:
    facts = with_(
        change_contact(well_covered(), 2, stance=-2, personality_known=False),
        relationships=(knows(1, 4, 100),),
        needs=(NeedFacts(1, "short"),),
    )
    insights = account_insights(facts, TODAY)
    assert insights == account_insights(facts, TODAY)
    ranks = [i.severity.rank for i in insights]
    assert ranks == sorted(ranks)
    other = dataclasses.replace(facts, account_id=2)
    both = portfolio_insights([other, facts], TODAY)
    assert len(both) == 2 * len(insights)
    assert both == sorted(both, key=Insight.sort_key)
    assert {i.account_id for i in both} == {1, 2}


def test_settings_refuse_unknown_keys_and_bad_values() -> None:
    with pytest.raises(ValueError, match="unknown insight setting: charm"):
        InsightSettings.from_mapping({"charm": 1})
    with pytest.raises(ValueError, match="whole number"):
        InsightSettings.from_mapping({"left_within_days": "soon"})
    with pytest.raises(ValueError, match="positive"):
        InsightSettings.from_mapping({"cadence_days": {"5": 0}})
    chosen = InsightSettings.from_mapping(
        {"cadence_days": {"5": 14}, "known_level": 3, "strength": {"threats": 40}}
    )
    assert chosen.norms.cadence_for(5) == 14
    assert chosen.norms.cadence_for(4) == 90  # only what is given
    assert (chosen.norms.known_level, chosen.strength.threats) == (3, 40)
