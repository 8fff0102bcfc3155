from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from guanxi.accounts.services import account_create, account_update
from guanxi.stakeholders.services import contact_create
from tests.factories import AccountFactory, ContactFactory, UserFactory


@pytest.mark.django_db
def test_database_refuses_an_influence_outside_1_to_5() -> None:
    contact = ContactFactory()
    contact.influence = 9
    with pytest.raises(IntegrityError), transaction.atomic():
        contact.save()


@pytest.mark.django_db
def test_database_refuses_a_tier_override_without_reason() -> None:
    account = AccountFactory()
    account.tier_override = "A"
    with pytest.raises(IntegrityError), transaction.atomic():
        account.save()


@pytest.mark.django_db
def test_customer_codes_are_unique_but_may_be_blank() -> None:
    AccountFactory(customer_code="")
    AccountFactory(customer_code="")
    AccountFactory(customer_code="X1")
    with pytest.raises(IntegrityError), transaction.atomic():
        AccountFactory(customer_code="X1")


@pytest.mark.django_db
def test_changes_keep_who_when_before_and_after() -> None:
    kam = UserFactory()
    account = account_create(actor=kam, name="佛山顺德家具厂", customer_code="FS01")
    account_update(actor=kam, account=account, stage="cooperative")
    latest, previous = account.history.all()[:2]
    delta = latest.diff_against(previous)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [
        ("stage", "exploratory", "cooperative")
    ]
    assert latest.history_user == kam
    assert latest.history_date is not None


@pytest.mark.django_db
def test_contact_search_keys_follow_the_name() -> None:
    account = AccountFactory()
    contact = contact_create(actor=None, account=account, name="王芳", influence=4)
    assert (contact.name_pinyin, contact.name_initials) == ("wangfang", "wf")


@pytest.mark.django_db
def test_an_account_cannot_become_its_own_group_parent() -> None:
    group = account_create(actor=None, name="华润置地", customer_code="G1")
    subsidiary = account_create(actor=None, name="华润置地广州", customer_code="G2", parent=group)
    with pytest.raises(ValidationError) as raised:
        account_update(actor=None, account=group, parent=subsidiary)
    assert "parent" in raised.value.message_dict
    with pytest.raises(ValidationError):
        account_update(actor=None, account=group, parent=group)


@pytest.mark.django_db
def test_a_duplicate_customer_code_is_explained() -> None:
    account_create(actor=None, name="甲", customer_code="DUP")
    with pytest.raises(ValidationError) as raised, translation.override("en"):
        account_create(actor=None, name="乙", customer_code="DUP")
    assert "Another account already has this customer code." in str(raised.value)
