"""`guanxi import sales`: real files in every supported shape, through the CLI."""

from __future__ import annotations

import csv
import datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from guanxi.accounts import sales_store
from guanxi.accounts.models import Account, SalesChunk
from tests import sales
from tests.factories import AccountFactory
from tests.imports.conftest import HEADERS, assert_months_match_lines, run, write_csv

pytestmark = pytest.mark.django_db

CHINESE = [
    "客户编号",
    "客户名称",
    "发票号",
    "行号",
    "开票日期",
    "金额",
    "成本",
    "数量",
    "到期日",
    "付款日期",
]


def test_a_gb18030_file_with_chinese_headers_needs_no_map(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "销售.csv",
        [
            ["GZ001", "广州美家家具有限公司", "FP-1", 1, "2024年3月5日", "1,234.50", "1,000.00", 10, "2024/4/4", "2024/4/1"],
            ["GZ001", "广州美家家具有限公司", "FP-1", 2, "2024年3月5日", "765.50", "", 2, "2024/4/4", "2024/4/1"],
            ["SZ002", "深圳宏达门窗", "FP-2", 1, "2024/3/20", "500", "400", 1, "", ""],
        ],
        headers=CHINESE,
        encoding="gb18030",
    )  # fmt: skip

    result = run(path)

    assert result.exit_code == 0, result.output
    assert "gb18030" in result.output
    account = Account.objects.get(customer_code="GZ001")
    assert (account.name, account.name_pinyin, account.name_initials) == (
        "广州美家家具有限公司",
        "guangzhoumeijiajiajuyouxiangongsi",
        "gzmjjjyxgs",
    )
    assert account.owner is None
    assert account.history.count() == 1
    [line] = [row for row in sales.lines(account) if (row.invoice_id, row.line_no) == ("FP-1", 1)]
    assert (line.invoice_date, line.amount, line.cost, line.quantity) == (
        datetime.date(2024, 3, 5), Decimal("1234.50"), Decimal("1000.00"), Decimal("10.000"),
    )  # fmt: skip
    assert (line.due_date, line.paid_date, line.currency) == (
        datetime.date(2024, 4, 4), datetime.date(2024, 4, 1), "CNY",
    )  # fmt: skip
    [month] = sales.months(account)
    assert (month.revenue, month.cost, month.costed_revenue) == (
        Decimal("2000.00"), Decimal("1000.00"), Decimal("1234.50"),
    )  # fmt: skip
    assert (month.invoice_count, month.line_count, month.paid_count, month.days_to_pay_sum) == (
        1, 2, 1, 27,
    )  # fmt: skip
    assert_months_match_lines()


def test_utf8_with_a_bom_and_traditional_headers(tmp_path: Path) -> None:
    path = tmp_path / "sales.csv"
    path.write_text(
        "客戶編號,客戶名稱,發票號,開票日期,金額\nTW1,台北建材行,INV-9,2024-03-05,88.8\n",
        encoding="utf-8-sig",
    )
    result = run(path)
    assert result.exit_code == 0, result.output
    assert "utf-8 (BOM)" in result.output
    assert Account.objects.get(customer_code="TW1").name == "台北建材行"
    [line] = sales.lines()
    assert line.amount == Decimal("88.80")


def test_xlsx_with_native_dates_and_excel_serial_numbers(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(CHINESE)
    sheet.append(
        [1001, "佛山顺发五金", "X1", 1, datetime.date(2024, 3, 5), 100.5, 60, 3, None, None]
    )
    sheet.append([1001, "佛山顺发五金", "X1", 2, 45356, 99.5, 50, 1, 45386, 45380])
    sheet.append([None] * 10)  # formatted but empty rows at the end of a sheet
    path = tmp_path / "sales.xlsx"
    workbook.save(path)

    result = run(path)

    assert result.exit_code == 0, result.output
    lines = sales.lines(customer_code="1001")
    assert [(line.invoice_id, line.line_no) for line in lines] == [("X1", 1), ("X1", 2)]
    assert [line.invoice_date for line in lines] == [datetime.date(2024, 3, 5)] * 2
    assert lines[1].due_date == datetime.date(2024, 4, 4)
    [month] = sales.months()
    assert month.revenue == Decimal("200.00")
    assert_months_match_lines()


def test_parquet_with_typed_columns(tmp_path: Path) -> None:
    table = pa.table({
        "customer_id": ["P1", "P1", "P2"],
        "customer_name": ["杭州欧雅装饰", "杭州欧雅装饰", None],
        "invoice_id": ["A", "A", "B"],
        "line_no": pa.array([1, 2, 1], pa.int32()),
        "invoice_date": [datetime.date(2024, 1, 31), datetime.date(2024, 1, 31), datetime.date(2024, 2, 1)],
        "amount": pa.array([Decimal("10.10"), Decimal("20.20"), Decimal("5.00")], pa.decimal128(12, 2)),
        "cost": [8.0, None, 4.0],
    })  # fmt: skip
    path = tmp_path / "sales.parquet"
    pq.write_table(table, path)

    result = run(path)

    assert result.exit_code == 0, result.output
    assert len(sales.lines()) == 3
    assert Account.objects.get(customer_code="P2").name == "P2"  # no name: the code stands in
    [january] = sales.months(customer_code="P1")
    assert (january.month, january.revenue, january.cost, january.costed_revenue) == (
        datetime.date(2024, 1, 1), Decimal("30.30"), Decimal("8.00"), Decimal("10.10"),
    )  # fmt: skip
    assert_months_match_lines()


def test_credit_notes_reduce_the_month(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "sales.csv",
        [
            ["C1", "宏达", "INV1", 1, "2024-05-02", "1000.00", "700", 10, "2024-06-01", "2024-06-20"],
            ["C1", "宏达", "CN1", 1, "2024-05-20", "-150.00", "-105", -1, "", ""],
            ["C1", "宏达", "INV2", 1, "2024-05-28", "(50.00)", "", "", "2024-06-27", ""],
        ],
    )  # fmt: skip
    result = run(path)
    assert result.exit_code == 0, result.output
    [month] = sales.months()
    assert (month.revenue, month.cost, month.costed_revenue) == (
        Decimal("800.00"), Decimal("595.00"), Decimal("850.00"),
    )  # fmt: skip
    # INV1 paid 19 days late; INV2 is unpaid but due after the latest invoice date
    assert (month.invoice_count, month.due_count, month.paid_count, month.late_count) == (
        3,
        2,
        1,
        1,
    )
    assert month.days_to_pay_sum == 49
    assert_months_match_lines()


def test_a_new_account_is_named_after_the_customers_latest_invoice_in_the_file(
    tmp_path: Path,
) -> None:
    AccountFactory(customer_code="C9", name="老客户")
    path = write_csv(
        tmp_path / "sales.csv",
        [
            ["C1", "宏达门窗厂", "INV1", 1, "2024-01-10", "100", "", "", "", ""],
            ["C9", "老客户新名", "INV9", 1, "2024-06-01", "5", "", "", "", ""],
            ["C1", "宏达门窗有限公司", "INV3", 1, "2024-06-02", "300", "", "", "", ""],
            ["C1", "宏达门窗厂", "INV2", 1, "2024-03-05", "200", "", "", "", ""],
            ["C1", "", "INV4", 1, "2024-05-01", "1", "", "", "", ""],
        ],
    )  # fmt: skip
    result = run(path)
    assert result.exit_code == 0, result.output
    # the name on its invoice of 2 June, not the first row's nor the last row's
    account = Account.objects.get(customer_code="C1")
    name = (account.name, account.name_pinyin)
    assert name == ("宏达门窗有限公司", "hongdamenchuangyouxiangongsi")
    # an account the database knows keeps its name
    assert Account.objects.get(customer_code="C9").name == "老客户"


def test_bad_rows_are_all_reported_and_nothing_is_written(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "sales.csv",
        [
            ["C1", "宏达", "INV1", 1, "2024-05-02", "100", "", "", "", ""],
            ["", "宏达", "INV2", 1, "2024-13-40", "abc", "", "", "", ""],
            ["C1", "宏达", "INV1", 1, "2024-05-03", "5", "", "", "", ""],
            ["C2", "美家", "INV3", "x", "2024-05-02", "1e20", "", "", "someday", ""],
        ],
    )  # fmt: skip

    result = run(path)

    assert result.exit_code == 1
    output = result.output
    assert "line 3, customer_id: required but empty" in output
    assert "line 3, invoice_date: not a date: '2024-13-40'" in output
    assert "line 3, amount: not a number: 'abc'" in output
    assert "line 4, line_no: repeats line 2 (same customer, invoice and line)" in output
    assert "line 5, line_no: not a number: 'x'" in output
    assert "line 5, amount: out of range: '1e20'" in output
    assert "line 5, due_date: not a date: 'someday'" in output
    assert "3 rows have problems: nothing was written" in output
    assert not Account.objects.exists()
    assert sales.lines() == []


def test_skip_invalid_writes_the_valid_rows_and_a_rejects_file(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "sales.csv",
        [
            ["C1", "宏达", "INV1", 1, "2024-05-02", "100", "", "", "", ""],
            ["C1", "宏达", "INV1", 2, "May 5th", "7", "", "", "", ""],
            ["C2", "美家", "INV2", 1, "2024-05-02", "", "", "", "", ""],
        ],
    )  # fmt: skip

    result = run(path, "--skip-invalid")

    assert result.exit_code == 0, result.output
    [line] = sales.lines()
    assert line.amount == Decimal("100.00")
    assert not Account.objects.filter(customer_code="C2").exists()
    rejects = tmp_path / "sales.rejects.csv"
    assert str(rejects) in result.output
    with rejects.open(encoding="utf-8") as file:
        rows = list(csv.reader(file))
    assert rows[0] == [*HEADERS, "reason"]
    assert rows[1] == ["C1", "宏达", "INV1", "2", "May 5th", "7", "", "", "", "",
                       "invoice_date: not a date: 'May 5th'"]  # fmt: skip
    assert rows[2][:3] == ["C2", "美家", "INV2"]
    assert rows[2][-1] == "amount: required but empty"
    assert len(rows) == 3


def test_dry_run_says_what_would_change_and_writes_nothing(tmp_path: Path) -> None:
    AccountFactory(customer_code="C1", name="宏达")
    path = write_csv(
        tmp_path / "sales.csv",
        [
            ["C1", "宏达", "INV1", 1, "2024-05-02", "100", "", "", "", ""],
            ["C9", "新客户", "INV2", 1, "2024-05-02", "50", "", "", "", ""],
        ],
    )
    result = run(path, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Dry run: nothing was written" in result.output
    assert "Customers: 1 created, 1 matched" in result.output
    assert "Lines: 2 inserted, 0 updated, 0 unchanged" in result.output
    assert Account.objects.count() == 1
    assert sales.lines() == []
    assert sales.months() == []
    assert not SalesChunk.objects.exists()


def test_a_dry_run_of_a_file_with_bad_rows_is_rejected(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "sales.csv", [["C1", "宏达", "INV1", 1, "someday", "1", "", "", "", ""]]
    )
    result = run(path, "--dry-run")
    assert result.exit_code == 1
    assert "line 2, invoice_date: not a date: 'someday'" in result.output
    assert not Account.objects.exists()


def test_importing_the_same_file_again_counts_nothing_twice(tmp_path: Path) -> None:
    rows = [
        ["C1", "宏达", "INV1", 1, "2024-05-02", "100", "60", "", "2024-06-01", "2024-06-03"],
        ["C1", "宏达", "INV1", 2, "2024-05-02", "50", "", "", "2024-06-01", "2024-06-03"],
        ["C2", "美家", "INV2", 1, "2024-06-02", "10", "", "", "", ""],
    ]
    path = write_csv(tmp_path / "sales.csv", rows)
    assert run(path).exit_code == 0
    first = {(m.account_id, m.month): m.revenue for m in sales.months()}

    again = run(path)

    assert again.exit_code == 0, again.output
    assert "Customers: 0 created, 2 matched" in again.output
    assert "Lines: 0 inserted, 0 updated, 3 unchanged" in again.output
    assert len(sales.lines()) == 3
    assert Account.objects.count() == 2
    assert {(m.account_id, m.month): m.revenue for m in sales.months()} == first
    assert_months_match_lines()


def test_an_overlapping_file_updates_and_adds_without_double_counting(tmp_path: Path) -> None:
    january = [
        ["C1", "宏达", "INV1", 1, "2024-01-10", "100", "", "", "2024-02-09", ""],
        ["C1", "宏达", "INV2", 1, "2024-01-20", "200", "", "", "2024-02-19", "2024-02-01"],
    ]
    assert run(write_csv(tmp_path / "jan.csv", january)).exit_code == 0
    overlap = [
        ["C1", "宏达", "INV2", 1, "2024-01-20", "250", "", "", "2024-02-19", "2024-02-01"],
        ["C1", "宏达", "INV3", 1, "2024-03-05", "300", "", "", "2024-04-04", ""],
    ]

    result = run(write_csv(tmp_path / "feb.csv", overlap))

    assert result.exit_code == 0, result.output
    assert "Lines: 1 inserted, 1 updated, 0 unchanged" in result.output
    assert len(sales.lines()) == 3
    months = {m.month.month: m for m in sales.months()}
    assert months[1].revenue == Decimal("350.00")
    assert months[3].revenue == Decimal("300.00")
    # the as-of date moved to 5 March: INV1, unpaid and due 9 February, is now late
    assert months[1].late_count == 1
    assert_months_match_lines()


def test_rebuilding_all_months_gives_what_the_import_stored(tmp_path: Path) -> None:
    rows = [["C1", "宏达", f"INV{i}", 1, f"2024-0{i}-15", "10", "5", "", f"2024-0{i}-28", ""]
            for i in range(1, 6)]  # fmt: skip
    assert run(write_csv(tmp_path / "sales.csv", rows)).exit_code == 0
    stored = [(m.month, m.revenue, m.late_count) for m in sales.months()]
    assert len(stored) == 5
    SalesChunk.objects.update(months=b"")  # every month forgotten, the lines kept
    assert sales.months() == []
    sales_store.sum_again()
    rebuilt = [(m.month, m.revenue, m.late_count) for m in sales.months()]
    assert rebuilt == stored
    assert_months_match_lines()


def test_map_and_mapping_file_name_other_headers(tmp_path: Path) -> None:
    headers = ["Kunde", "Rechnung", "Datum", "Netto", "Notiz"]
    path = write_csv(tmp_path / "erp.csv", [["K1", "R1", "2024-02-02", "12.5", "hi"]], headers)
    mapping = tmp_path / "map.txt"
    mapping.write_text(
        "# ERP export\ncustomer_id=Kunde\ninvoice_id=Rechnung\n\ninvoice_date=Datum\n"
    )

    result = run(path, "--mapping-file", mapping, "--map", "amount=Netto")

    assert result.exit_code == 0, result.output
    assert "Columns ignored: Notiz" in result.output
    [line] = sales.lines()
    assert line.amount == Decimal("12.50")


def test_a_map_to_a_header_the_file_lacks_is_rejected(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "s.csv", [["C1", "I1", "2024-02-02", "1"]],
                     ["customer_id", "invoice_id", "invoice_date", "Netto"])  # fmt: skip
    result = run(path, "--map", "amount=Net")
    assert result.exit_code == 1
    assert "The file has no column Net" in result.output
    assert "customer_id, invoice_id, invoice_date, Netto" in result.output


def test_missing_required_columns_are_named(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "s.csv", [["C1", "2024-02-02"]], ["客户编号", "日期"])
    result = run(path)
    assert result.exit_code == 1
    assert "Required columns are missing: invoice_id, amount" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["--map", "amount"],
        ["--map", "revenue=金额"],
        ["--encoding", "klingon"],
        ["--no-such-option"],
    ],
)
def test_usage_errors_exit_with_2(tmp_path: Path, args: list[str]) -> None:
    path = write_csv(tmp_path / "s.csv", [])
    assert run(path, *args).exit_code == 2


def test_a_missing_file_is_a_usage_error_and_an_unknown_kind_is_rejected(tmp_path: Path) -> None:
    assert run(tmp_path / "nope.csv").exit_code == 2
    odd = tmp_path / "sales.doc"
    odd.write_text("x")
    result = run(odd)
    assert result.exit_code == 1
    assert "Unsupported file type .doc" in result.output


def test_forced_encoding_wins_over_detection(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "s.csv", [["C1", "宏达", "I1", 1, "2024-02-02", "1", "", "", "", ""]],
                     encoding="gb18030")  # fmt: skip
    result = run(path, "--encoding", "GBK")
    assert result.exit_code == 0, result.output
    assert "gbk" in result.output
    assert Account.objects.get().name == "宏达"


def test_a_utf8_guess_that_fails_late_is_read_again_as_gb18030(tmp_path: Path) -> None:
    rows: list[list[object]] = [["C1", "A", f"I{i}", 1, "2024-02-02", "1", "", "", "", ""]
                                for i in range(30_000)]  # fmt: skip
    rows.append(["C2", "宏达", "I-last", 1, "2024-02-02", "1", "", "", "", ""])
    path = write_csv(tmp_path / "s.csv", rows, encoding="gb18030")  # ASCII until the end
    result = run(path)
    assert result.exit_code == 0, result.output
    assert "gb18030" in result.output
    assert Account.objects.get(customer_code="C2").name == "宏达"


def test_lines_are_numbered_within_an_invoice_when_the_file_has_no_line_numbers(
    tmp_path: Path,
) -> None:
    headers = ["客户编号", "发票号", "开票日期", "金额"]
    rows = [["C1", "I1", "2024-02-02", "1"], ["C1", "I1", "2024-02-02", "2"],
            ["C1", "I2", "2024-02-03", "3"]]  # fmt: skip
    path = write_csv(tmp_path / "s.csv", rows, headers)
    assert run(path).exit_code == 0
    assert run(path).exit_code == 0  # the same numbers again: nothing doubles
    keys = [(line.invoice_id, line.line_no) for line in sales.lines()]
    assert keys == [("I1", 1), ("I1", 2), ("I2", 1)]


@pytest.mark.parametrize("args", [["import"], ["import", "sales"]], ids=" ".join)
def test_the_import_commands_explain_themselves(
    args: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from guanxi.cli.main import cli

    monkeypatch.setenv("GUANXI_LANGUAGE", "en")
    result = CliRunner().invoke(cli, [*args, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output
