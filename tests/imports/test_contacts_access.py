"""`guanxi import contacts --user`: only into accounts the user may edit (core/access.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from guanxi.stakeholders.models import Contact
from tests.conftest import World
from tests.factories import AccountFactory
from tests.imports.contact_files import HEADERS, run_contacts, write_csv, write_vcf

ROWS = [["GZ0001", "王芳", "总经理", "总经办", "", "13900139000", "", "", ""]]


def test_the_owner_and_a_teammate_import_and_the_history_names_them(
    world: World, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "c.csv", ROWS)
    for user in (world.owner, world.teammate):
        result = run_contacts(path, "--user", user.username)
        assert result.exit_code == 0, result.output
    wang = Contact.objects.get(name="王芳")
    assert wang.account == world.account
    assert wang.history.get().history_user == world.owner  # the teammate changed nothing


def test_an_outsider_finds_no_such_account(world: World, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", ROWS)

    result = run_contacts(path, "--user", world.outsider.username)

    assert result.exit_code == 1
    assert "line 2, customer_id: account not found: 'GZ0001'" in result.output
    assert not Contact.objects.filter(name="王芳").exists()


def test_an_outsider_cannot_name_the_account_either(world: World, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", [row[1:] for row in ROWS], headers=HEADERS[1:])
    for args in (["--account", "GZ0001"], ["--account", "NO-SUCH"]):
        result = run_contacts(path, "--user", world.outsider.username, *args)
        assert result.exit_code == 1
        assert f"There is no customer {args[1]} that you may see." in result.output
    assert not Contact.objects.filter(name="王芳").exists()


def test_an_outsider_cannot_reach_it_through_a_vcard_organisation(
    world: World, tmp_path: Path
) -> None:
    path = write_vcf(
        tmp_path / "c.vcf",
        f"BEGIN:VCARD\nVERSION:3.0\nFN:王芳\nORG:{world.account.name}\nEND:VCARD\n",
    )
    result = run_contacts(path, "--user", world.outsider.username)
    assert result.exit_code == 1
    assert f"line 1, ORG: account not found: '{world.account.name}'" in result.output
    assert run_contacts(path, "--user", world.owner.username).exit_code == 0


def test_an_executive_reads_but_does_not_import(world: World, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", ROWS)
    result = run_contacts(path, "--user", world.executive.username)
    assert result.exit_code == 1
    assert "account not found: 'GZ0001'" in result.output
    named = run_contacts(path, "--user", world.executive.username, "--account", "GZ0001")
    assert named.exit_code == 1
    assert "You may not change customer GZ0001." in named.output


def test_a_manager_imports_into_their_teams_accounts_only(world: World, tmp_path: Path) -> None:
    AccountFactory(customer_code="N1", owner=world.outsider)  # the other team's
    rows = [ROWS[0], ["N1", "李娜", "", "", "", "", "", "", ""]]
    path = write_csv(tmp_path / "c.csv", rows)
    result = run_contacts(path, "--user", world.manager.username, "--skip-invalid")
    assert result.exit_code == 0, result.output
    assert "Rows rejected: 1" in result.output
    assert not Contact.objects.filter(name="李娜").exists()
    assert run_contacts(path, "--user", world.other_manager.username).exit_code == 1


def test_personal_notes_are_left_out_for_users_outside_the_account_team(
    world: World, tmp_path: Path
) -> None:
    rows = [["GZ0001", "王芳", "喜欢喝茶"], ["GZ0001", "张伟", "不喝酒"]]
    path = write_csv(tmp_path / "c.csv", rows, headers=["客户编号", "姓名", "备注"])

    result = run_contacts(path, "--user", world.admin.username)  # sales operations

    assert result.exit_code == 0, result.output
    assert "Personal notes left out for 2 contacts" in result.output
    assert set(world.account.contacts.values_list("personal_notes", flat=True)) == {""}
    assert run_contacts(path, "--user", world.owner.username).exit_code == 0
    assert Contact.objects.get(name="王芳").personal_notes == "喜欢喝茶"


def test_an_unknown_or_inactive_user_is_refused(world: World, tmp_path: Path) -> None:
    world.teammate.is_active = False
    world.teammate.save()
    path = write_csv(tmp_path / "c.csv", ROWS)
    for username in ("nobody", "teammate"):
        result = run_contacts(path, "--user", username)
        assert result.exit_code == 1
        assert f"There is no active user {username}." in result.output


@pytest.mark.django_db
def test_without_a_user_the_operator_imports_anywhere(tmp_path: Path) -> None:
    AccountFactory(customer_code="GZ0001")
    result = run_contacts(write_csv(tmp_path / "c.csv", ROWS))
    assert result.exit_code == 0, result.output
    assert Contact.objects.get().history.get().history_user is None
