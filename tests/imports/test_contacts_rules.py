"""`guanxi import contacts`: matching, re-imports, bad rows, reporting lines, all or nothing."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from guanxi.imports.contacts import writing
from guanxi.stakeholders.models import Contact, Stance
from tests.factories import AccountFactory, ContactFactory
from tests.imports.contact_files import HEADERS, run_contacts, write_csv, write_vcf

pytestmark = pytest.mark.django_db

TEAM = [
    ["GZ0001", "张伟", "采购总监", "采购部", "", "13800138000", "zw@meijia.cn", "", "王芳"],
    ["GZ0001", "王芳", "总经理", "总经办", "", "13900139000", "wf@meijia.cn", "", ""],
    ["GZ0001", "李娜", "采购经理", "采购部", "", "", "", "", "张伟"],
]


def test_reimporting_the_same_file_duplicates_no_one(tmp_path: Path) -> None:
    AccountFactory(customer_code="GZ0001")
    path = write_csv(tmp_path / "team.csv", TEAM)
    assert run_contacts(path).exit_code == 0

    again = run_contacts(path)

    assert again.exit_code == 0, again.output
    assert "Contacts: 0 created, 0 updated, 3 unchanged" in again.output
    assert Contact.objects.count() == 3
    assert all(contact.history.count() == 1 for contact in Contact.objects.all())


def test_a_changed_file_updates_what_it_gives_and_leaves_the_rest(tmp_path: Path) -> None:
    account = AccountFactory(customer_code="GZ0001")
    assert run_contacts(write_csv(tmp_path / "team.csv", TEAM)).exit_code == 0
    Contact.objects.filter(name="李娜").update(personality="直爽", stance=Stance.SUPPORTER)
    changed = [
        # found by email, renamed, promoted; the empty cells leave the stored values alone
        ["GZ0001", "张伟民", "副总经理", "", "", "", "zw@meijia.cn", "", ""],
        # found by mobile, however it is written
        ["GZ0001", "Fang Wang", "总经理", "总经办", "", "+86 139 0013 9000", "", "", ""],
        # found by name; now reports to the renamed contact
        ["GZ0001", "李娜", "采购经理", "采购二部", "", "", "", "", "张伟民"],
        ["GZ0001", "刘洋", "技术总监", "", "", "", "", "", ""],
    ]

    result = run_contacts(write_csv(tmp_path / "changed.csv", changed))

    assert result.exit_code == 0, result.output
    assert "Contacts: 1 created, 3 updated, 0 unchanged" in result.output
    assert account.contacts.count() == 4
    zhang = Contact.objects.get(email="zw@meijia.cn")
    assert (zhang.name, zhang.title, zhang.department, zhang.mobile) == (
        "张伟民", "副总经理", "采购部", "13800138000",
    )  # fmt: skip
    assert (zhang.name_pinyin, zhang.name_initials) == ("zhangweimin", "zwm")
    assert zhang.reports_to is not None and zhang.reports_to.name == "Fang Wang"  # unchanged
    li = Contact.objects.get(name="李娜")
    assert li.reports_to == zhang
    assert (li.personality, li.stance) == ("直爽", Stance.SUPPORTER)  # not in the file: kept
    latest = zhang.history.first()
    assert latest is not None
    assert (latest.history_type, latest.name, latest.history_change_reason) == (
        "~", "张伟民", "contact import",
    )  # fmt: skip


def test_people_who_share_a_name_are_told_apart_by_title(tmp_path: Path) -> None:
    account = AccountFactory(customer_code="GZ0001")
    buyer = ContactFactory(account=account, name="王伟", title="采购经理", department="采购部")
    ContactFactory(account=account, name="王伟", title="技术总监", department="技术部")
    rows = [
        ["GZ0001", "王伟", "采购经理", "采购一部", "", "", "", "", ""],
        ["GZ0001", "王伟", "", "", "", "13500000000", "", "", ""],
    ]

    result = run_contacts(write_csv(tmp_path / "c.csv", rows))

    assert result.exit_code == 1
    assert (
        "line 3, name: several contacts of this account match '王伟': add an email or a title"
        in result.output
    )
    assert run_contacts(write_csv(tmp_path / "c.csv", rows[:1])).exit_code == 0
    buyer.refresh_from_db()
    assert buyer.department == "采购一部"
    assert account.contacts.count() == 2


def test_two_rows_of_one_person_are_one_contact_not_two(tmp_path: Path) -> None:
    AccountFactory(customer_code="GZ0001")
    rows = [
        ["GZ0001", "张伟", "采购总监", "", "", "", "zw@meijia.cn", "", ""],
        ["GZ0001", "王伟", "采购经理", "", "", "", "", "", ""],
        ["GZ0001", "张伟", "采购总监", "", "", "", "ZW@meijia.cn", "", ""],
        ["GZ0001", "王伟", "技术总监", "", "", "", "", "", ""],  # another 王伟
    ]

    result = run_contacts(write_csv(tmp_path / "c.csv", rows))

    assert result.exit_code == 1
    assert "line 4, email: the same contact as line 2" in result.output
    assert "1 row has problems" in result.output


def test_reports_to_someone_already_stored(tmp_path: Path) -> None:
    account = AccountFactory(customer_code="GZ0001")
    boss = ContactFactory(account=account, name="陈总", title="总经理")
    ContactFactory(name="陈总")  # same name in another account: not a candidate
    rows = [["GZ0001", "赵敏", "助理", "", "", "", "", "", "陈总"]]

    result = run_contacts(write_csv(tmp_path / "c.csv", rows))

    assert result.exit_code == 0, result.output
    assert Contact.objects.get(name="赵敏").reports_to == boss


def test_reports_to_problems_are_named(tmp_path: Path) -> None:
    account = AccountFactory(customer_code="GZ0001")
    ContactFactory(account=account, name="王伟", title="采购经理")
    ContactFactory(account=account, name="王伟", title="技术总监")
    rows = [
        ["GZ0001", "甲", "", "", "", "", "", "", "无名氏"],
        ["GZ0001", "乙", "", "", "", "", "", "", "王伟"],
        ["GZ0001", "丙", "", "", "", "", "", "", "丙"],
        ["GZ0001", "丁", "", "", "", "", "", "", "戊"],
        ["GZ0001", "戊", "", "", "", "", "", "", "丁"],
        ["GZ0001", "己", "", "", "", "", "bad", "", ""],
        ["GZ0001", "庚", "", "", "", "", "", "", "己"],
        ["GZ0001", "辛", "", "", "", "", "", "", "庚"],
    ]

    result = run_contacts(write_csv(tmp_path / "c.csv", rows))

    assert result.exit_code == 1
    output = result.output
    assert "line 2, reports_to: no contact called '无名氏' in this account" in output
    assert "line 3, reports_to: several contacts of this account are called '王伟'" in output
    assert "line 4, reports_to: a contact cannot report to themselves" in output
    assert "line 5, reports_to: would make a reporting loop: 丁 → 戊 → 丁" in output
    assert "line 6, reports_to: would make a reporting loop: 戊 → 丁 → 戊" in output
    assert "line 7, email: not an email address: 'bad'" in output
    assert "line 8, reports_to: the contact it names is on line 7, which has problems" in output
    assert "line 9, reports_to: the contact it names is on line 8, which has problems" in output
    assert "8 rows have problems: nothing was written" in output
    assert account.contacts.count() == 2


def test_bad_rows_are_all_reported_and_nothing_is_written(tmp_path: Path) -> None:
    AccountFactory(customer_code="GZ0001")
    rows = [
        ["GZ0001", "张伟", "采购总监", "", "", "", "zw@meijia.cn", "", "", "", "", ""],
        ["", "王芳", "", "", "", "", "", "", "", "", "", ""],
        ["XX999", "李娜", "", "", "", "", "", "", "", "", "", ""],
        ["GZ0001", "", "经理", "", "", "138", "not-an-email", "", "", "", "", ""],
        ["GZ0001", "刘" * 101, "", "", "电话", "", "", "", "", "", "", ""],
    ]
    path = write_csv(tmp_path / "c.csv", rows, headers=[*HEADERS, "态度", "影响力", "角色"])
    with path.open("a", encoding="utf-8", newline="") as out:
        csv.writer(out).writerow(["GZ0001", "陈静", *[""] * 7, "maybe", "6", "老板"])

    result = run_contacts(path)

    assert result.exit_code == 1
    output = result.output
    assert "line 3, customer_id: required but empty (or give --account)" in output
    assert "line 4, customer_id: account not found: 'XX999'" in output
    assert "line 5, name: required but empty" in output
    assert "line 5, email: not an email address: 'not-an-email'" in output
    assert "line 6, name: longer than 100 characters" in output
    assert "line 6, phone: not a phone number: '电话'" in output
    assert "line 7, stance: not a stance: 'maybe' (use Opponent, Sceptic, Neutral" in output
    assert "line 7, influence: not an influence from 1 to 5: '6'" in output
    assert "line 7, buying_roles: not a buying role: '老板' (use Economic buyer" in output
    assert "5 rows have problems: nothing was written." in output
    assert not Contact.objects.exists()


def test_skip_invalid_writes_the_valid_rows_and_a_rejects_file(tmp_path: Path) -> None:
    AccountFactory(customer_code="GZ0001")
    rows = [
        ["GZ0001", "张伟", "采购总监", "", "", "", "", "", ""],
        ["GZ0001", "王芳", "", "", "", "", "wf@", "", ""],
        ["GZ0001", "李娜", "", "", "", "", "", "", "王芳"],
    ]
    path = write_csv(tmp_path / "c.csv", rows, encoding="gb18030")

    result = run_contacts(path, "--skip-invalid")

    assert result.exit_code == 0, result.output
    assert "Contacts: 1 created, 0 updated, 0 unchanged" in result.output
    assert "Rows rejected: 2" in result.output
    assert list(Contact.objects.values_list("name", flat=True)) == ["张伟"]
    rejects = tmp_path / "c.rejects.csv"
    assert str(rejects) in result.output
    with rejects.open(encoding="gb18030") as file:  # in the input's encoding
        written = list(csv.reader(file))
    assert written[0] == [*HEADERS, "reason"]
    assert written[1] == [*rows[1], "email: not an email address: 'wf@'"]
    assert written[2] == [*rows[2],
                          "reports_to: the contact it names is on line 3, which has problems"]  # fmt: skip
    assert len(written) == 3


def test_skip_invalid_on_a_vcard_writes_the_rejected_cards(tmp_path: Path) -> None:
    AccountFactory(customer_code="C9", name="宏达")
    path = write_vcf(
        tmp_path / "phone.vcf",
        "BEGIN:VCARD\nVERSION:3.0\nFN:张伟\nORG:宏达\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:王芳\nORG:没有这家公司\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:李娜\nEMAIL:li@\nEND:VCARD\n",
    )

    result = run_contacts(path, "--skip-invalid")

    assert result.exit_code == 0, result.output
    assert list(Contact.objects.values_list("name", flat=True)) == ["张伟"]
    rejects = (tmp_path / "phone.rejects.vcf").read_text(encoding="utf-8")
    assert "FN:王芳" in rejects and "FN:李娜" in rejects and "张伟" not in rejects
    assert "X-GUANXI-REJECTED:ORG: account not found: '没有这家公司'" in rejects
    assert rejects.count("BEGIN:VCARD") == rejects.count("END:VCARD") == 2


def test_vcard_problems_name_the_begin_line_and_the_property(tmp_path: Path) -> None:
    AccountFactory(customer_code="C9", name="宏达")
    AccountFactory(customer_code="C8", name="同名公司")
    AccountFactory(customer_code="C7", name="同名公司")
    path = write_vcf(
        tmp_path / "phone.vcf",
        "BEGIN:VCARD\nVERSION:3.0\nFN:张伟\nORG:宏达\nEND:VCARD\n"
        "\n"
        "BEGIN:VCARD\nVERSION:3.0\nN:;;;;\nORG:宏达\nEMAIL:x\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:王芳\nORG:同名公司\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:李娜\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:刘洋\nORG:宏达\n",
    )

    result = run_contacts(path)

    assert result.exit_code == 1
    output = result.output
    assert "line 7, N: required but empty" in output
    assert "line 7, EMAIL: not an email address: 'x'" in output
    assert "line 13, ORG: several accounts are called '同名公司': give --account" in output
    assert "line 18, ORG: required but empty (or give --account)" in output
    assert "line 22, END: the card has no END:VCARD" in output
    assert not Contact.objects.exists()


def test_dry_run_says_what_would_change_and_writes_nothing(tmp_path: Path) -> None:
    account = AccountFactory(customer_code="GZ0001")
    ContactFactory(account=account, name="王芳", title="总经理", email="wf@meijia.cn")
    path = write_csv(tmp_path / "team.csv", TEAM)

    result = run_contacts(path, "--dry-run")

    assert result.exit_code == 0, result.output
    assert "Dry run: nothing was written" in result.output
    assert "Contacts: 2 created, 1 updated, 0 unchanged" in result.output
    assert list(account.contacts.values_list("name", "phone")) == [("王芳", "")]
    assert not (tmp_path / "team.rejects.csv").exists()


def test_a_dry_run_of_a_file_with_bad_rows_is_rejected(tmp_path: Path) -> None:
    AccountFactory(customer_code="GZ0001")
    path = write_csv(tmp_path / "c.csv", [["GZ0001", "张伟", *[""] * 4, "bad", "", ""]])
    result = run_contacts(path, "--dry-run")
    assert result.exit_code == 1
    assert "line 2, email: not an email address: 'bad'" in result.output
    assert "Contacts:" not in result.output  # it would write nothing


def test_a_failure_while_writing_leaves_the_database_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    account = AccountFactory(customer_code="GZ0001")
    ContactFactory(account=account, name="王芳", title="总经理", email="wf@meijia.cn")

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(writing, "bulk_update_with_history", crash)  # after the creations
    result = run_contacts(write_csv(tmp_path / "team.csv", TEAM))

    assert isinstance(result.exception, RuntimeError)
    assert list(account.contacts.values_list("name", "phone")) == [("王芳", "")]
    assert Contact.history.count() == 1  # type: ignore[attr-defined]
