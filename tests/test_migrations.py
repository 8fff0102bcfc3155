"""Data migrations, run for real: back to the state before, rows written the old way, then
forward again."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("stakeholders", "0001_initial")]
AFTER = [("stakeholders", "0002_contact_mobile")]


@pytest.mark.django_db(transaction=True)
def test_the_mobile_number_moves_out_of_the_one_phone_field() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    account = old.get_model("accounts", "Account").objects.create(name="广州美家家具有限公司")
    Contact = old.get_model("stakeholders", "Contact")
    phones = {
        "张伟": "13800138000",  # a plain mobile number
        "王芳": "138 0013 8000 / 020-8888 1234",  # what the contact import wrote: mobile / office
        "李娜": "+86 139-0013-9000",
        "刘洋": "020-8888 1234",  # an office number stays
        "陈静": "",
    }
    for name, phone in phones.items():
        Contact.objects.create(account=account, name=name, phone=phone, buying_roles=[])

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    new = executor.loader.project_state(AFTER).apps
    contacts = new.get_model("stakeholders", "Contact").objects
    stored = {
        name: (mobile, phone)
        for name, mobile, phone in contacts.values_list("name", "mobile", "phone")
    }
    assert stored == {
        "张伟": ("13800138000", ""),
        "王芳": ("138 0013 8000", "020-8888 1234"),
        "李娜": ("+86 139-0013-9000", ""),
        "刘洋": ("", "020-8888 1234"),
        "陈静": ("", ""),
    }
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())  # the tests' database as it was
