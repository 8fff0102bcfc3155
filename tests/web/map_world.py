"""A big account for map tests: a realistic company of people and many links, written fast."""

from __future__ import annotations

import random

from guanxi.accounts.models import Account
from guanxi.stakeholders.models import Contact, ContactLink, Relationship, VestedInterest
from guanxi.stakeholders.services import set_contact_search_keys
from guanxi.users.models import User
from tests.map.builders import company, random_links


def grow_map(account: Account, *, people: int, links: int, ours: User, seed: int = 5) -> None:
    """`people` contacts in a company shape, `links` links, some relationships and interests."""
    rng = random.Random(seed)
    plan = company(seed=seed, size=people)
    rows = []
    for person in plan:
        contact = Contact(
            account=account,
            name=person.name,
            title=person.title,
            department=person.department,
            influence=person.influence,
            stance=rng.randint(-2, 2),
            buying_roles=rng.sample(["decision_maker", "influencer", "user_buyer", "coach"], 2),
            personality_known=rng.random() < 0.5,
        )
        set_contact_search_keys(contact)
        rows.append(contact)
    created = Contact.objects.bulk_create(rows)
    by_plan = {person.id: contact for person, contact in zip(plan, created, strict=True)}
    for person in plan:
        if person.reports_to_id is not None:
            by_plan[person.id].reports_to = by_plan[person.reports_to_id]
    Contact.objects.bulk_update(created, ["reports_to"])
    ContactLink.objects.bulk_create(
        ContactLink(
            account=account,
            from_contact=by_plan[link.from_id],
            to_contact=by_plan[link.to_id],
            kind=link.kind,
            strength=link.strength,
        )
        for link in random_links(plan, links, seed=seed)
    )
    Relationship.objects.bulk_create(
        Relationship(contact=contact, user=ours, current_level=rng.randint(0, 5))
        for contact in created[: people // 3]
    )
    VestedInterest.objects.bulk_create(
        VestedInterest(account=account, contact=contact, kind="kickback", severity=2)
        for contact in created[1 : people // 10]
    )
