"""A small, complete relationship map on the `world` account, for the Django-side tests."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from guanxi.accounts.models import Account
from guanxi.stakeholders.models import Contact
from tests.api.conftest import api_as, api_with_token  # noqa: F401  (the API tests' clients)
from tests.conftest import World
from tests.factories import (
    ContactFactory,
    ContactLinkFactory,
    NeedFactory,
    RelationshipFactory,
    VestedInterestFactory,
)

TODAY = date(2026, 11, 27)


def mapped_account(account: Account, owner: object) -> dict[str, Contact]:
    """A small but complete map: every table the mapper reads has a row."""
    boss = ContactFactory(
        account=account,
        name="陈国华",
        buying_roles=["decision_maker"],
        influence=5,
        stance=1,
        department="总经办",
        personality_known=True,
    )
    buyer = ContactFactory(
        account=account,
        name="梁志强",
        buying_roles=["technical_buyer"],
        influence=4,
        stance=-2,
        reports_to=boss,
        personality_known=True,
    )
    coach = ContactFactory(account=account, name="黄建平", buying_roles=["coach"], stance=2,
                           department="生产部", reports_to=boss)  # fmt: skip
    for contact, level in ((boss, 3), (buyer, 2), (coach, 4)):
        RelationshipFactory(
            contact=contact, user=owner, current_level=level, last_touch=TODAY - timedelta(days=10)
        )
    VestedInterestFactory(contact=buyer, mitigation="", status="open")
    ContactLinkFactory(from_contact=coach, to_contact=boss, kind="former_colleague")
    NeedFactory(account=account, horizon="short", owning_department="采购部")
    NeedFactory(account=account, horizon="long", owning_department="设计部", importance=5)
    return {"boss": boss, "buyer": buyer, "coach": coach}


@pytest.fixture
def mapped(world: World) -> dict[str, Contact]:
    world.account.contacts.all().delete()
    return mapped_account(world.account, world.owner)
