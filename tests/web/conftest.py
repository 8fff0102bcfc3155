"""Web tests: the shared `world`, plus an account with people, activities and needs in it."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client

from guanxi.activities.models import Activity
from guanxi.needs.models import Need
from guanxi.stakeholders.models import Contact
from guanxi.users.models import User
from tests.conftest import World
from tests.factories import (
    ActivityFactory,
    ContactFactory,
    ContactLinkFactory,
    NeedFactory,
    RelationshipFactory,
    VestedInterestFactory,
)

SENSITIVE_NOTE = "他的孩子明年高考"
INTEREST_TEXT = "现供应商给他回扣"


@dataclass
class Filled:
    world: World
    boss: Contact
    buyer: Contact
    engineer: Contact
    activity: Activity
    need: Need


@pytest.fixture
def filled(world: World) -> Filled:
    account = world.account
    buyer = account.contacts.get()
    boss = ContactFactory(
        account=account,
        name="陈总",
        title="总经理",
        department="总经办",
        influence=5,
        stance=2,
        buying_roles=["economic_buyer", "decision_maker"],
    )
    buyer.reports_to = boss
    buyer.stance = -2
    buyer.personal_notes = SENSITIVE_NOTE
    buyer.buying_roles = ["gatekeeper"]
    buyer.save()
    engineer = ContactFactory(account=account, name="王工", title="技术经理", department="研发部")
    ContactLinkFactory(from_contact=boss, to_contact=buyer, kind="alumni")
    RelationshipFactory(contact=boss, user=world.owner, current_level=3)
    VestedInterestFactory(contact=buyer, description=INTEREST_TEXT)
    activity = ActivityFactory(account=account, kind="visit", subject="工厂参观")
    activity.participants.set([world.owner, world.teammate])
    activity.contacts_met.set([boss, buyer])
    need = NeedFactory(account=account, description="降低五金采购成本", horizon="short")
    NeedFactory(account=account, description="向高端市场转型", horizon="long", category="brand")
    return Filled(world, boss, buyer, engineer, activity, need)


def client_for(user: User, language: str | None = "en") -> Client:
    """A logged-in browser; English by default so tests can read the words on the page."""
    client = Client()
    client.force_login(user)
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


INLINE_STYLE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)


def has_inline_style(html: str) -> bool:
    return bool(INLINE_STYLE.search(html))
