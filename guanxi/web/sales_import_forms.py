"""What the sales import pages ask: a file, then its encoding, column mapping and options.

The mapping is read from the request by hand, not by a Form: its choices are the headers of
the file as read in the chosen encoding, and a header the file no longer has is dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from guanxi.imports.columns import CANONICAL, REQUIRED

ENCODINGS = {
    "utf-8": "UTF-8",
    "utf-8-sig": _("UTF-8 with a BOM"),
    "gb18030": "GB18030",
}
ENCODING_NAMES = {**ENCODINGS, "utf-16": _("UTF-16 with a BOM")}
COLUMN_LABELS = {
    "customer_id": _("Customer code"),
    "invoice_id": _("Invoice number"),
    "invoice_date": _("Invoice date"),
    "amount": _("Amount (net revenue)"),
    "customer_name": _("Customer name"),
    "line_no": _("Line number"),
    "cost": _("Cost"),
    "quantity": _("Quantity"),
    "product_id": _("Product code"),
    "category": _("Category"),
    "due_date": _("Due date"),
    "paid_date": _("Paid date"),
    "currency": _("Currency"),
}


@dataclass(frozen=True)
class ImportChoice:
    encoding: str  # "" for the detected one
    chosen: dict[str, str] = field(default_factory=dict)  # canonical column → header
    skip_invalid: bool = False


def import_choice(data: QueryDict, headers: Sequence[str] = ()) -> ImportChoice:
    encoding = data.get("encoding", "")
    chosen = {column: str(data.get(column)) for column in CANONICAL if data.get(column) in headers}
    return ImportChoice(
        encoding=encoding if encoding in ENCODINGS else "",
        chosen=chosen,
        skip_invalid=data.get("skip_invalid") == "on",
    )


@dataclass(frozen=True)
class ColumnRow:
    """One canonical column on the preview: its words, and which header of the file feeds it."""

    name: str
    label: str
    required: bool
    header: str | None
    missing: bool  # required and fed by nothing


def column_rows(mapping: dict[str, str]) -> list[ColumnRow]:
    return [
        ColumnRow(
            name=name,
            label=str(COLUMN_LABELS.get(name, name)),
            required=name in REQUIRED,
            header=mapping.get(name),
            missing=name in REQUIRED and name not in mapping,
        )
        for name in CANONICAL
    ]
