"""Small builders for the pure tests: one account's map in a few readable lines."""

from __future__ import annotations

from datetime import date, timedelta

from guanxi.domain.relationships.facts import (
    AccountFacts,
    ContactFacts,
    InterestFacts,
    LinkFacts,
    NeedFacts,
    RelationshipFacts,
    StanceChange,
)

TODAY = date(2026, 11, 27)
ACCOUNT = 1
US = 7  # our KAM's user id


def days_ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def person(
    contact_id: int, *roles: str, influence: int = 3, stance: int = 0, **more: object
) -> ContactFacts:
    return ContactFacts(
        id=contact_id,
        influence=influence,
        stance=stance,
        buying_roles=frozenset(roles),
        **more,  # type: ignore[arg-type]
    )


def knows(
    contact_id: int, level: int = 3, touched: int | None = 10, user: int = US
) -> RelationshipFacts:
    return RelationshipFacts(
        contact_id, user, level, 5, None if touched is None else days_ago(touched)
    )


def account(
    contacts: tuple[ContactFacts, ...] = (),
    relationships: tuple[RelationshipFacts, ...] = (),
    interests: tuple[InterestFacts, ...] = (),
    links: tuple[LinkFacts, ...] = (),
    needs: tuple[NeedFacts, ...] = (NeedFacts(901, "short"), NeedFacts(902, "long")),
    stance_changes: tuple[StanceChange, ...] = (),
) -> AccountFacts:
    return AccountFacts(ACCOUNT, contacts, relationships, interests, links, needs, stance_changes)


def well_covered() -> AccountFacts:
    """An account in good shape: every key role held by someone we know, all in touch."""
    contacts = (
        person(
            1,
            "decision_maker",
            "economic_buyer",
            influence=5,
            stance=1,
            personality_known=True,
            department="总经办",
        ),
        person(
            2,
            "technical_buyer",
            influence=4,
            stance=1,
            personality_known=True,
            department="技术部",
            reports_to_id=1,
        ),
        person(3, "user_buyer", influence=3, stance=1, department="生产部", reports_to_id=1),
        person(4, "coach", influence=3, stance=2, department="生产部", reports_to_id=3),
    )
    relationships = (knows(1, 4, 10), knows(2, 3, 20), knows(3, 3, 30), knows(4, 4, 5))
    return account(contacts, relationships)
