"""Relationship strength (DESIGN.md §4): pure, no database; bounds and monotony by hypothesis."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guanxi.domain.relationships.facts import (
    AccountFacts,
    ContactFacts,
    InterestFacts,
    Norms,
    RelationshipFacts,
)
from guanxi.domain.relationships.strength import Part, StrengthWeights, relationship_strength
from tests.insights.builders import TODAY, account, days_ago, knows, person, well_covered


def test_a_well_covered_account_scores_high_and_explains_every_part() -> None:
    strength = relationship_strength(well_covered(), TODAY)
    assert [p.part for p in strength.parts] == list(Part)
    assert strength.score == pytest.approx(sum(p.points for p in strength.parts))
    assert strength.part(Part.KNOWN_CONTACTS).reason == "known_contacts.on_target"
    assert strength.part(Part.ROLE_COVERAGE).reason == "role_coverage.complete"
    assert strength.part(Part.DECISION_MAKERS).reason == "decision_makers.strong"
    assert strength.part(Part.DECISION_MAKERS).params == {"level": 4}
    assert strength.part(Part.FRESHNESS).reason == "freshness.fresh"
    assert strength.part(Part.THREATS).reason == "threats.none"
    assert strength.part(Part.STANCE).reason == "stance.favourable"
    # Everything but the stance (mean 1.2 of 2) and the decision maker's level (4 of 5) is full.
    assert strength.score == pytest.approx(20 + 20 + 15 * (1.2 + 2) / 4 + 25 * 4 / 5 + 20)


def test_an_empty_map_scores_zero_and_says_why() -> None:
    strength = relationship_strength(account(), TODAY)
    assert strength.score == 0
    reasons = {p.part: p.reason for p in strength.parts}
    assert reasons == {
        Part.KNOWN_CONTACTS: "known_contacts.none",
        Part.ROLE_COVERAGE: "role_coverage.none",
        Part.STANCE: "stance.no_contacts",
        Part.DECISION_MAKERS: "decision_makers.none_mapped",
        Part.FRESHNESS: "freshness.stale",
        Part.THREATS: "threats.none",
    }


def test_only_people_we_really_know_count_and_the_missing_roles_are_named() -> None:
    facts = account(
        (person(1, "decision_maker"), person(2, "technical_buyer"), person(3, "coach")),
        (knows(1, level=1), knows(2, level=2), knows(3, level=3)),
    )
    strength = relationship_strength(facts, TODAY)
    known = strength.part(Part.KNOWN_CONTACTS)
    assert (known.reason, known.params) == (
        "known_contacts.below_target",
        {"known": 2, "target": 3},
    )
    roles = strength.part(Part.ROLE_COVERAGE)
    assert roles.reason == "role_coverage.partial"
    assert roles.params["missing"] == ("economic_buyer", "decision_maker", "user_buyer")
    assert strength.part(Part.DECISION_MAKERS).reason == "decision_makers.weak"


def test_people_who_left_and_placeholders_do_not_count() -> None:
    facts = account(
        (person(1, "decision_maker", status="left"), person(2, "coach", is_placeholder=True)),
        (knows(1, 5), knows(2, 5)),
    )
    strength = relationship_strength(facts, TODAY)
    assert strength.part(Part.KNOWN_CONTACTS).params["known"] == 0
    assert strength.part(Part.DECISION_MAKERS).reason == "decision_makers.none_mapped"


def test_stance_is_weighted_by_influence() -> None:
    facts = account((person(1, influence=5, stance=-2), person(2, influence=1, stance=2)))
    stance = relationship_strength(facts, TODAY).part(Part.STANCE)
    assert stance.params["mean"] == pytest.approx((-10 + 2) / 6, abs=0.01)
    assert stance.reason == "stance.hostile"


def test_freshness_fades_after_the_cadence_of_the_contacts_influence() -> None:
    contacts = (person(1, influence=5), person(2, influence=2), person(3, influence=3))
    # Influence 5 needs a touch every 30 days, 2 every 90, 3 every 60.
    fresh = account(contacts, (knows(1, touched=30), knows(2, touched=90), knows(3, touched=60)))
    fading = account(contacts, (knows(1, touched=45), knows(2, touched=90), knows(3, touched=60)))
    stale = account(contacts, (knows(1, touched=60), knows(2, touched=None), knows(3, touched=120)))
    assert relationship_strength(fresh, TODAY).part(Part.FRESHNESS).value == 1
    half_faded = relationship_strength(fading, TODAY).part(Part.FRESHNESS)
    assert half_faded.value == pytest.approx(2.5 / 3)
    assert half_faded.reason == "freshness.fading"
    assert relationship_strength(stale, TODAY).part(Part.FRESHNESS).reason == "freshness.stale"


def test_open_threats_cost_points_and_half_as_much_while_mitigated() -> None:
    base = well_covered()
    unmitigated = dataclasses.replace(base, interests=(InterestFacts(1, 2, "kickback", 3),))
    mitigated = dataclasses.replace(
        base, interests=(InterestFacts(1, 2, "kickback", 3, "ally_speaks", ally_id=4),)
    )
    resolved = dataclasses.replace(
        base, interests=(InterestFacts(1, 2, "kickback", 3, status="resolved"),)
    )
    score = relationship_strength(base, TODAY).score
    assert relationship_strength(unmitigated, TODAY).score == pytest.approx(score - 15)
    half = relationship_strength(mitigated, TODAY)
    assert half.score == pytest.approx(score - 7.5)
    assert half.part(Part.THREATS).reason == "threats.mitigated"
    assert relationship_strength(resolved, TODAY).score == pytest.approx(score)


def test_an_ally_who_left_mitigates_nothing() -> None:
    base = well_covered()
    gone = tuple(dataclasses.replace(c, status="left") if c.id == 4 else c for c in base.contacts)
    facts = dataclasses.replace(
        base, contacts=gone, interests=(InterestFacts(1, 2, "kickback", 2, "ally_speaks", 4),)
    )
    assert relationship_strength(facts, TODAY).part(Part.THREATS).reason == "threats.open"


def test_threats_are_withheld_from_those_who_may_not_see_vested_interests() -> None:
    facts = dataclasses.replace(well_covered(), interests=(InterestFacts(1, 2, "kickback", 3),))
    hidden = relationship_strength(
        dataclasses.replace(facts, interests=()), TODAY, interests_visible=False
    )
    assert hidden.threats_withheld
    assert hidden.part(Part.THREATS).reason == "threats.withheld"
    assert hidden.score == relationship_strength(well_covered(), TODAY).score


def test_weights_and_norms_are_settings() -> None:
    facts = account((person(1, "decision_maker"),), (knows(1, level=1),))
    lenient = relationship_strength(facts, TODAY, Norms(known_level=1, known_contacts_target=1))
    assert lenient.part(Part.KNOWN_CONTACTS).value == 1
    only_known = StrengthWeights(
        known_contacts=100, role_coverage=0, stance=0, decision_makers=0, freshness=0
    )
    score = relationship_strength(facts, TODAY, Norms(known_level=1), only_known).score
    assert score == pytest.approx(100 / 3, abs=0.01)
    with pytest.raises(ValueError, match="unknown strength setting"):
        StrengthWeights.from_mapping({"charm": 5})


# ---- properties ----------------------------------------------------------------------------

ROLES = st.frozensets(
    st.sampled_from(
        ["economic_buyer", "decision_maker", "technical_buyer", "user_buyer", "coach", "gatekeeper"]
    )
)


@st.composite
def maps(draw: st.DrawFn) -> AccountFacts:
    count = draw(st.integers(0, 8))
    contacts = tuple(
        ContactFacts(
            id=i + 1,
            influence=draw(st.integers(1, 5)),
            stance=draw(st.integers(-2, 2)),
            buying_roles=draw(ROLES),
            status=draw(st.sampled_from(["active", "active", "left"])),
            is_placeholder=draw(st.booleans()),
        )
        for i in range(count)
    )
    relationships = tuple(
        RelationshipFacts(
            c.id,
            user,
            draw(st.integers(0, 5)),
            5,
            draw(st.one_of(st.none(), st.integers(0, 400).map(days_ago))),
        )
        for c in contacts
        for user in draw(st.sets(st.integers(1, 3), max_size=2))
    )
    interests = tuple(
        InterestFacts(
            i,
            draw(st.sampled_from([c.id for c in contacts])),
            "kickback",
            draw(st.integers(1, 3)),
            draw(st.sampled_from(["", "win_trust", "ally_speaks"])),
            draw(st.sampled_from([c.id for c in contacts])),
            draw(st.sampled_from(["open", "mitigating", "resolved"])),
        )
        for i in range(draw(st.integers(0, 4) if contacts else st.just(0)))
    )
    return AccountFacts(1, contacts, relationships, interests)


@settings(max_examples=150, deadline=None)
@given(maps())
def test_strength_stays_within_0_and_100_and_adds_up(facts: AccountFacts) -> None:
    strength = relationship_strength(facts, TODAY)
    assert 0 <= strength.score <= 100
    total = sum(p.points for p in strength.parts)
    assert strength.score == pytest.approx(min(100, max(0, total)), abs=0.01)
    assert all(0 <= p.value <= 1 for p in strength.parts)


@settings(max_examples=150, deadline=None)
@given(
    maps(),
    ROLES,
    st.integers(1, 5),
    st.integers(0, 5),
    st.one_of(st.none(), st.integers(0, 400)),
)
def test_adding_a_champion_never_lowers_the_strength(
    facts: AccountFacts, roles: frozenset[str], influence: int, level: int, touched: int | None
) -> None:
    champion = ContactFacts(id=99, influence=influence, stance=2, buying_roles=roles | {"coach"})
    relationship = RelationshipFacts(
        99, 1, level, 5, None if touched is None else days_ago(touched)
    )
    more = dataclasses.replace(
        facts,
        contacts=(*facts.contacts, champion),
        relationships=(*facts.relationships, relationship),
    )
    before = relationship_strength(facts, TODAY).score
    assert relationship_strength(more, TODAY).score >= before - 1e-9
