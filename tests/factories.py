"""Factories for test data: real rows in the real database, never mocks.

Sales lines and months live in the sales store, not in rows: see tests/sales.py.
"""

from __future__ import annotations

import factory

from guanxi.accounts.models import Account, AccountTeamMember
from guanxi.accounts.services import set_account_search_keys
from guanxi.activities.models import Activity
from guanxi.needs.models import Need
from guanxi.stakeholders.models import (
    Contact,
    ContactLink,
    EntrenchedPractice,
    Relationship,
    VestedInterest,
)
from guanxi.stakeholders.services import set_contact_search_keys
from guanxi.users.models import Role, Team, User


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"华南{n}组")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"销售{n}")
    role = Role.KAM
    team = factory.SubFactory(TeamFactory)
    password = factory.django.Password("pw-for-tests-only")


class AccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Account

    name = factory.Sequence(lambda n: f"广州美家家具有限公司{n}")
    customer_code = factory.Sequence(lambda n: f"C{n:05d}")
    owner = factory.SubFactory(UserFactory)

    @classmethod
    def _create(cls, model_class: type[Account], *args: object, **kwargs: object) -> Account:
        account = model_class(*args, **kwargs)
        set_account_search_keys(account)
        account.save()
        return account


class AccountTeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccountTeamMember

    account = factory.SubFactory(AccountFactory)
    user = factory.SubFactory(UserFactory)
    role = "sales"


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    account = factory.SubFactory(AccountFactory)
    name = factory.Iterator(["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊"])
    title = "采购经理"
    department = "采购部"
    influence = 3

    @classmethod
    def _create(cls, model_class: type[Contact], *args: object, **kwargs: object) -> Contact:
        contact = model_class(*args, **kwargs)
        set_contact_search_keys(contact)
        contact.save()
        return contact


class ContactLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactLink

    from_contact = factory.SubFactory(ContactFactory)
    to_contact = factory.SubFactory(
        ContactFactory, account=factory.SelfAttribute("..from_contact.account")
    )
    account = factory.SelfAttribute("from_contact.account")
    kind = "influence"


class RelationshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Relationship

    contact = factory.SubFactory(ContactFactory)
    user = factory.SubFactory(UserFactory)
    current_level = 2
    target_level = 4


class VestedInterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VestedInterest

    contact = factory.SubFactory(ContactFactory)
    account = factory.SelfAttribute("contact.account")
    kind = "kickback"
    description = "现供应商给回扣"
    severity = 3


class EntrenchedPracticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EntrenchedPractice

    account = factory.SubFactory(AccountFactory)
    description = "只接受两到三天的标准培训"


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Need

    account = factory.SubFactory(AccountFactory)
    description = "降低五金采购成本"
    horizon = "short"
    category = "cost"


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    account = factory.SubFactory(AccountFactory)
    date = factory.Faker("date_between", start_date="-1y", end_date="today")
    kind = "visit"
    hours = 2
