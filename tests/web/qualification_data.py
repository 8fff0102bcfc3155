"""A qualified portfolio for the web tests: a model customer, the R1.9 squeezer, a stranger's account."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from guanxi.accounts.models import Account
from guanxi.planning.models import QualificationRun
from guanxi.planning.services import qualification_policy_default, qualification_run
from tests.conftest import World
from tests.factories import AccountFactory, ContactFactory, RelationshipFactory
from tests.qualification.factories import sales_history

AS_OF = date(2024, 12, 31)


@dataclass
class Qualified:
    world: World
    model: Account  # the world's account: sells well at a good margin, pays on time
    squeezer: Account  # big, squeezes the margin to 3 % and pays late (R1.9)
    foreign: Account  # another team's
    run: QualificationRun


def qualify_world(world: World) -> Qualified:
    Account.objects.filter(pk=world.account.pk).update(
        estimated_category_spend=12_000_000,
        access_to_goals=5,
        openness_to_ideas=4,
        credit_rating="AA",
    )
    sales_history(world.account, monthly=400_000, margin=0.3, growth_per_year=0.2)
    squeezer = AccountFactory(
        name="深圳压价集团有限公司",
        customer_code="SZ0001",
        owner=world.owner,
        access_to_goals=5,
        openness_to_ideas=5,
        credit_rating="AAA",
        estimated_category_spend=40_000_000,
    )
    sales_history(squeezer, monthly=3_000_000, margin=0.03, late=3)
    boss = ContactFactory(account=squeezer, name="赵总", influence=5, stance=1,
                          buying_roles=["decision_maker"])  # fmt: skip
    RelationshipFactory(contact=boss, user=world.owner, current_level=4)
    foreign = AccountFactory(
        name="北京远方装饰工程公司", customer_code="BJ0003", owner=world.outsider
    )
    sales_history(foreign, monthly=50_000)
    run = qualification_run(actor=world.admin, policy=qualification_policy_default(), as_of=AS_OF)
    world.account.refresh_from_db()
    squeezer.refresh_from_db()
    return Qualified(world, world.account, squeezer, foreign, run)


def grow(world: World, n: int) -> None:
    """n more qualified accounts of the owner, each with sales and a contact we know."""
    for _ in range(n):
        account = AccountFactory(owner=world.owner)
        sales_history(account, monthly=80_000, months=24, late=1)
        contact = ContactFactory(account=account, buying_roles=["decision_maker"])
        RelationshipFactory(contact=contact, user=world.owner, current_level=3)
    qualification_run(actor=world.admin, policy=qualification_policy_default(), as_of=AS_OF)
