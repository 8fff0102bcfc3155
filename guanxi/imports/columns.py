"""The canonical columns of an import file and how a file's headers are matched to them.

Each kind of file (sales lines, contacts) is a `ColumnSet`: its canonical columns, the
required ones and the header words recognised without a map; matching is shared."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property

REQUIRED = ("customer_id", "invoice_id", "invoice_date", "amount")
OPTIONAL = (
    "customer_name",
    "line_no",
    "cost",
    "quantity",
    "product_id",
    "category",
    "due_date",
    "paid_date",
    "currency",
)
CANONICAL = REQUIRED + OPTIONAL

# Headers recognised without a map: Simplified and Traditional Chinese, common ERP words.
_ALIASES: dict[str, tuple[str, ...]] = {
    "customer_id": (
        "客户编号", "客户代码", "客户编码", "客户id", "客户号", "客户ID",
        "客戶編號", "客戶代碼", "客戶編碼", "客戶id", "客戶號", "customer code", "customer no",
    ),
    "customer_name": ("客户名称", "客户", "客户名", "客戶名稱", "客戶", "customer"),
    "invoice_id": (
        "发票号", "发票号码", "发票编号", "单据编号", "单据号", "销售单号",
        "發票號", "發票號碼", "發票編號", "單據編號", "單據號", "invoice", "invoice no",
    ),
    "line_no": ("行号", "行", "序号", "明细行号", "行號", "序號", "line", "line number"),
    "invoice_date": (
        "开票日期", "发票日期", "单据日期", "销售日期", "日期",
        "開票日期", "發票日期", "單據日期", "銷售日期", "date",
    ),
    "amount": (
        "金额", "销售金额", "不含税金额", "净额", "收入",
        "金額", "銷售金額", "不含稅金額", "淨額", "net amount", "revenue",
    ),
    "cost": ("成本", "成本金额", "销售成本", "成本金額", "銷售成本"),
    "quantity": ("数量", "數量", "qty"),
    "product_id": (
        "产品编号", "物料编码", "产品代码", "物料编号", "商品编码",
        "產品編號", "物料編碼", "產品代碼", "物料編號", "商品編碼", "product", "sku",
    ),
    "category": ("品类", "产品类别", "类别", "產品類別", "類別", "品類"),
    "due_date": ("到期日", "应收到期日", "付款到期日", "到期日期", "應收到期日", "付款到期日", "due"),
    "paid_date": ("付款日期", "回款日期", "收款日期", "付款日", "回款日", "收款日", "paid", "payment date"),
    "currency": ("币种", "幣種", "货币", "貨幣", "ccy"),
}  # fmt: skip

_NOISE = re.compile(r"[\s_\-·.:：()（）*]+")


def _key(header: str) -> str:
    """How headers are compared: width-folded, lower-cased, without spaces or punctuation."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", header).lower())


@dataclass(frozen=True)
class ColumnSet:
    """The canonical columns of one kind of file and the header words that name them."""

    canonical: tuple[str, ...]
    required: tuple[str, ...]
    aliases: Mapping[str, tuple[str, ...]]

    @cached_property
    def known(self) -> dict[str, str]:
        """Header key → canonical column: the canonical names and their aliases."""
        known = {_key(name): name for name in self.canonical}
        known.update({_key(alias): name for name, words in self.aliases.items() for alias in words})
        return known

    def requiring(self, required: Sequence[str]) -> ColumnSet:
        return replace(self, required=tuple(required))


SALES = ColumnSet(CANONICAL, REQUIRED, _ALIASES)


class MappingError(ValueError):
    """A `--map` entry that names no canonical column or is malformed (a usage error)."""


class HeaderError(ValueError):
    """The file's headers do not provide what the map or the import needs (input rejected)."""

    def __init__(self, code: str, columns: Sequence[str], headers: Sequence[str]) -> None:
        super().__init__(code)
        self.code = code  # "unknown_header" | "missing_required" | "duplicate_column"
        self.columns = tuple(columns)
        self.headers = tuple(headers)


@dataclass(frozen=True)
class HeaderMatch:
    """Which header of the file feeds each canonical column, and which headers are ignored."""

    headers: tuple[str, ...]
    source: Mapping[str, str]  # canonical column → header in the file
    ignored: tuple[str, ...]

    def has(self, column: str) -> bool:
        return column in self.source


def parse_map_entries(entries: Sequence[str], columns: ColumnSet = SALES) -> dict[str, str]:
    """`canonical=Header` strings (from --map or a mapping file) → {canonical: header}."""
    mapping: dict[str, str] = {}
    for entry in entries:
        canonical, sep, header = entry.partition("=")
        canonical, header = canonical.strip(), header.strip()
        if not sep or not canonical or not header:
            raise MappingError(entry)
        if canonical not in columns.canonical:
            raise MappingError(canonical)
        mapping[canonical] = header
    return mapping


def read_mapping_file(text: str) -> list[str]:
    """One `canonical=Header` per line; blank lines and lines starting with # are skipped."""
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def match_headers(
    headers: Sequence[str], mapping: Mapping[str, str], columns: ColumnSet = SALES
) -> HeaderMatch:
    """Map the file's headers to canonical columns: the explicit map first, then known words."""
    by_text = {header.strip(): header for header in headers}
    source: dict[str, str] = {}
    unknown = [header for header in mapping.values() if header not in by_text]
    if unknown:
        raise HeaderError("unknown_header", unknown, headers)
    for canonical, header in mapping.items():
        source[canonical] = by_text[header]
    taken = set(source.values())
    for header in headers:
        canonical_name = columns.known.get(_key(header))
        if header in taken or canonical_name is None or canonical_name in mapping:
            continue
        if canonical_name in source:
            raise HeaderError("duplicate_column", [canonical_name], headers)
        source[canonical_name] = header
        taken.add(header)
    missing = [name for name in columns.required if name not in source]
    if missing:
        raise HeaderError("missing_required", missing, headers)
    ignored = tuple(header for header in headers if header not in taken)
    return HeaderMatch(tuple(headers), source, ignored)
