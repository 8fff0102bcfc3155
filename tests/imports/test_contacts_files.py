"""`guanxi import contacts`: real files in every supported shape and encoding."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from guanxi.stakeholders.models import BuyingRole, Contact, Stance
from tests.factories import AccountFactory
from tests.imports.contact_files import HEADERS, run_contacts, write_csv, write_vcf

pytestmark = pytest.mark.django_db


def test_a_gb18030_file_with_chinese_headers_needs_no_map(tmp_path: Path) -> None:
    account = AccountFactory(customer_code="GZ0001", name="广州美家家具有限公司")
    path = write_csv(
        tmp_path / "联系人.csv",
        [
            ["GZ0001", "张　伟", "采购总监", "采购部", "020-8888 1234", "138 0013 8000",
             "zhangwei@meijia.cn", "zw_1980", "王芳", "支持者", "4", "决策者、内线"],
            ["GZ0001", "王芳", "总经理", "总经办", "", "13900139000", "", "", "", "中立", "5",
             "经济决策者"],
        ],
        headers=[*HEADERS, "态度", "影响力", "角色"],
        encoding="gb18030",
    )  # fmt: skip

    result = run_contacts(path)

    assert result.exit_code == 0, result.output
    assert "(gb18030)" in result.output
    assert "Contacts: 2 created, 0 updated, 0 unchanged" in result.output
    zhang = Contact.objects.get(name="张伟")  # the padding between the characters is not kept
    assert zhang.account == account
    assert (zhang.title, zhang.department, zhang.email, zhang.wechat_id) == (
        "采购总监", "采购部", "zhangwei@meijia.cn", "zw_1980",
    )  # fmt: skip
    assert (zhang.mobile, zhang.phone) == ("138 0013 8000", "020-8888 1234")
    assert (zhang.name_pinyin, zhang.name_initials) == ("zhangwei", "zw")
    assert (zhang.stance, zhang.influence) == (Stance.SUPPORTER, 4)
    assert zhang.buying_roles == [BuyingRole.DECISION_MAKER, BuyingRole.COACH]
    wang = Contact.objects.get(name="王芳")
    assert zhang.reports_to == wang  # named on an earlier line than their boss
    assert (wang.stance, wang.influence, wang.mobile, wang.phone) == (
        Stance.NEUTRAL, 5, "13900139000", "",
    )  # fmt: skip
    record = zhang.history.get()
    assert (record.history_type, record.reports_to_id, record.history_user) == ("+", wang.pk, None)


def test_utf8_with_a_bom_traditional_headers_and_an_account_for_all_rows(tmp_path: Path) -> None:
    account = AccountFactory(customer_code="TW01", name="台北建材行")
    path = tmp_path / "contacts.csv"
    path.write_text(
        "姓名,職務,部門,手機,郵箱,上級,態度\n"
        "陳志明,廠長,生產部,0912-345-678,chen@example.tw,,反對\n"
        "林美玲,採購,採購部,,lin@example.tw,陳志明,堅定支持者\n",
        encoding="utf-8-sig",
    )

    result = run_contacts(path, "--account", "TW01")

    assert result.exit_code == 0, result.output
    assert "(utf-8 (BOM))" in result.output
    chen = Contact.objects.get(name="陳志明")
    lin = Contact.objects.get(name="林美玲")
    assert (chen.account, lin.account) == (account, account)
    assert (chen.stance, lin.stance) == (Stance.OPPONENT, Stance.CHAMPION)
    assert lin.reports_to == chen
    assert chen.name_pinyin == "chenzhiming"


def test_xlsx_written_by_excel(tmp_path: Path) -> None:
    AccountFactory(customer_code="SZ0002", name="深圳宏达门窗")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["客户编号", "姓名", "职务", "手机", "英文名", "影响力", "决策倾向", "备注"])
    sheet.append(["SZ0002", "刘洋", "技术总监", 13712345678, "Yang Liu", 3.0, "技术", "爱喝茶"])
    sheet.append([None] * 8)  # Excel leaves blank rows at the end
    path = tmp_path / "contacts.xlsx"
    workbook.save(path)

    result = run_contacts(path)

    assert result.exit_code == 0, result.output
    assert "(XLSX)" in result.output
    assert "Rows read: 1" in result.output
    liu = Contact.objects.get()
    assert (liu.name, liu.name_latin, liu.mobile, liu.phone, liu.influence) == (
        "刘洋", "Yang Liu", "13712345678", "", 3,
    )  # fmt: skip
    assert (liu.decision_orientation, liu.personal_notes) == ("technical", "爱喝茶")


def test_a_gb18030_file_whose_header_sample_ends_inside_a_character(tmp_path: Path) -> None:
    """The encoding is detected from the first 64 KiB; a character cut there is no error."""
    account = AccountFactory(customer_code="GZ0001")
    hobbies = "喜欢喝茶，周末打高尔夫球。" * 100  # 2,600 bytes a row: 40 rows pass 64 KiB
    for padding in range(4):
        lines = ["姓名,嗜好,职务", *(f"联系人{i},{hobbies},{'x' * padding}" for i in range(40))]
        content = "\r\n".join(lines).encode("gb18030")
        try:
            content[: 1 << 16].decode("gb18030")
        except UnicodeDecodeError:
            break
    else:
        pytest.fail("no padding puts a character across the 64 KiB mark")
    path = tmp_path / "big.csv"
    path.write_bytes(content)

    result = run_contacts(path, "--account", "GZ0001")

    assert result.exit_code == 0, result.output
    assert "(gb18030)" in result.output
    assert account.contacts.count() == 40
    assert account.contacts.get(name="联系人39").preferences == hobbies


VCARD_3 = """BEGIN:VCARD
VERSION:3.0
N:张;伟;;;
FN:张伟
ORG:广州美家家具有限公司;采购部
TITLE:采购
 总监
TEL;TYPE=CELL:+86 138 0013 8000
TEL;TYPE=WORK,VOICE:020-8888 1234
EMAIL;TYPE=INTERNET:zhangwei@meijia.cn
NOTE:喜欢喝茶\\, 周末打高尔夫\\n不喝酒
END:VCARD
BEGIN:VCARD
VERSION:3.0
N:Smith;John;;Mr.;
FN:Mr. John Smith
ORG:广州美家家具有限公司
TITLE:Plant manager
item1.EMAIL;type=INTERNET;type=pref:john.smith@meijia.cn
END:VCARD
"""


def test_vcard_3_cards_with_chinese_names_and_folded_lines(tmp_path: Path) -> None:
    account = AccountFactory(customer_code="GZ0001", name="广州美家家具有限公司")
    path = write_vcf(tmp_path / "phone.vcf", VCARD_3)

    result = run_contacts(path)

    assert result.exit_code == 0, result.output
    assert "Cards read: 2" in result.output
    assert "Contacts: 2 created" in result.output
    zhang = Contact.objects.get(name="张伟")  # family name first, no space
    assert zhang.account == account
    assert (zhang.title, zhang.department) == ("采购总监", "采购部")
    assert (zhang.mobile, zhang.phone) == ("+86 138 0013 8000", "020-8888 1234")
    assert zhang.personal_notes == "喜欢喝茶, 周末打高尔夫\n不喝酒"
    smith = Contact.objects.get(name="John Smith")  # given name first for Latin names
    assert (smith.email, smith.department, smith.title) == (
        "john.smith@meijia.cn", "", "Plant manager",
    )  # fmt: skip


def test_vcard_4_in_gb18030_with_an_account_given(tmp_path: Path) -> None:
    account = AccountFactory(customer_code="BJ0003", name="北京远景科技")
    path = write_vcf(
        tmp_path / "export.vcf",
        "BEGIN:VCARD\nVERSION:4.0\nFN:王芳\nN:王;芳;;;\nORG:别的公司;财务部\n"
        'TEL;VALUE=uri;TYPE="cell,voice":tel:+86-139-0013-9000\n'
        "EMAIL;PREF=1:wangfang@yuanjing.cn\nIMPP:weixin:wangfang_bj\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:4.0\nFN:David Li\nN:李;大卫;;;\nTITLE:CTO\nEND:VCARD\n",
        encoding="gb18030",
    )

    result = run_contacts(path, "--account", "BJ0003")

    assert result.exit_code == 0, result.output
    assert "(gb18030)" in result.output
    wang = Contact.objects.get(name="王芳")
    assert wang.account == account  # --account wins over ORG; ORG still gives the department
    assert (wang.department, wang.mobile, wang.phone, wang.email, wang.wechat_id) == (
        "财务部", "+86-139-0013-9000", "", "wangfang@yuanjing.cn", "wangfang_bj",
    )  # fmt: skip
    li = Contact.objects.get(name="李大卫")
    assert (li.name_latin, li.title) == ("David Li", "CTO")  # FN in Latin letters


def quoted_printable(data: bytes) -> str:
    return "".join(f"={byte:02X}" for byte in data)


def test_vcard_2_1_quoted_printable_from_a_chinese_phone(tmp_path: Path) -> None:
    AccountFactory(customer_code="GZ0001", name="广州美家家具有限公司")
    family, given = (quoted_printable(part.encode("gb2312")) for part in ("刘", "洋"))
    note = quoted_printable("每周三下午有空，喜欢聊足球".encode())
    path = write_vcf(
        tmp_path / "android.vcf",
        "BEGIN:VCARD\nVERSION:2.1\n"
        f"N;CHARSET=GB2312;ENCODING=QUOTED-PRINTABLE:{family};{given};;;\n"
        "TEL;CELL;PREF:13712345678\n"
        f"NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{note[:30]}=\n{note[30:]}\n"
        "END:VCARD\n",
    )

    result = run_contacts(path, "--account", "GZ0001")

    assert result.exit_code == 0, result.output
    liu = Contact.objects.get()
    assert (liu.name, liu.mobile, liu.phone, liu.personal_notes) == (
        "刘洋", "13712345678", "", "每周三下午有空，喜欢聊足球",
    )  # fmt: skip


def test_other_headers_are_mapped_and_unknown_ones_reported(tmp_path: Path) -> None:
    AccountFactory(customer_code="C1", name="宏达")
    path = write_csv(
        tmp_path / "crm.csv",
        [["C1", "李娜", "采购经理", "x"]],
        headers=["Kunde", "Ansprechpartner", "职务", "Farbe"],
    )

    result = run_contacts(path, "--map", "customer_id=Kunde", "--map", "name=Ansprechpartner")

    assert result.exit_code == 0, result.output
    assert "Columns ignored: Farbe" in result.output
    assert Contact.objects.get().name == "李娜"


def test_a_file_without_names_or_accounts_is_refused_with_its_columns(tmp_path: Path) -> None:
    AccountFactory(customer_code="C0")
    path = write_csv(tmp_path / "c.csv", [["x"]], headers=["职务"])
    result = run_contacts(path)
    assert result.exit_code == 1
    assert "Required columns are missing: customer_id, name" in result.output
    assert "Required columns are missing: name." in run_contacts(path, "--account", "C0").output


def test_an_unknown_kind_of_file_is_rejected(tmp_path: Path) -> None:
    odd = tmp_path / "contacts.doc"
    odd.write_text("x")
    result = run_contacts(odd)
    assert result.exit_code == 1
    assert "Unsupported file type .doc: use CSV, XLSX or vCard (.vcf)." in result.output


def test_a_vcf_without_cards_is_unreadable(tmp_path: Path) -> None:
    result = run_contacts(write_vcf(tmp_path / "x.vcf", "hello\n"))
    assert result.exit_code == 1
    assert "The file cannot be read: no BEGIN:VCARD" in result.output


@pytest.mark.parametrize("args", [["import"], ["import", "contacts"]], ids=" ".join)
def test_the_contact_import_explains_itself(args: list[str]) -> None:
    from click.testing import CliRunner

    from guanxi.cli.main import cli

    result = CliRunner().invoke(cli, [*args, "--help"])
    assert result.exit_code == 0
    assert "contacts" in result.output
