"""DuckDB SQL that turns text cells into typed values and a reason code for each bad cell.

Each canonical column yields its typed value, `e_<column>` (a reason code or NULL) and
`r_<column>` (the raw text, kept only where the cell is bad, for the report).
"""

from __future__ import annotations

from collections.abc import Mapping

from guanxi.imports.columns import CANONICAL

TEXT_LIMITS = {
    "customer_id": 64,
    "customer_name": 200,
    "invoice_id": 64,
    "product_id": 64,
    "category": 100,
}
MONEY_LIMIT = 10**12  # DecimalField(max_digits=14, decimal_places=2)
QUANTITY_LIMIT = 10**11  # DecimalField(max_digits=14, decimal_places=3)
LINE_NO_LIMIT = 2_147_483_647
DATE_COLUMNS = ("invoice_date", "due_date", "paid_date")
MONEY_COLUMNS = ("amount", "cost")
REQUIRED_VALUES = ("customer_id", "invoice_id", "invoice_date", "amount")

# 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日, each optionally followed by a time.
_YMD = r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$"
CNY_WORDS = "('RMB', '人民币', '人民幣', '元', '¥', '￥')"

TYPED_COLUMNS: dict[str, str] = {
    "customer_id": "VARCHAR",
    "customer_name": "VARCHAR",
    "invoice_id": "VARCHAR",
    "line_no": "BIGINT",
    "invoice_date": "DATE",
    "amount": "DECIMAL(18,2)",
    "cost": "DECIMAL(18,2)",
    "quantity": "DECIMAL(18,3)",
    "product_id": "VARCHAR",
    "category": "VARCHAR",
    "due_date": "DATE",
    "paid_date": "DATE",
    "currency": "VARCHAR",
}


def parsed_table_sql(name: str) -> str:
    columns = ["line BIGINT"]
    columns += [f"{column} {kind}" for column, kind in TYPED_COLUMNS.items()]
    columns += [f"e_{column} VARCHAR, r_{column} VARCHAR" for column in CANONICAL]
    return f"CREATE TABLE {name} ({', '.join(columns)})"


def parse_batch_sql(batch: str, sources: Mapping[str, str]) -> str:
    """SELECT from a registered batch (`line`, c0…cN) into the columns of the parsed table.

    `sources` maps each canonical column present in the file to its batch column (c3 …).
    Rows whose cells are all empty are dropped (Excel leaves them at the end of sheets).
    """
    text = [
        f"{_trimmed(sources[column])} AS t_{column}"
        if column in sources
        else f"CAST(NULL AS VARCHAR) AS t_{column}"
        for column in CANONICAL
    ]
    not_blank = " OR ".join(f"t_{column} IS NOT NULL" for column in sources) or "false"
    values = ", ".join(_value(column) for column in TYPED_COLUMNS)
    errors = ", ".join(_error(column, column in sources) for column in CANONICAL)
    typed = ", ".join(f"v_{column} AS {column}" for column in TYPED_COLUMNS)
    checked = ", ".join(
        f"e_{c}, CASE WHEN e_{c} IS NOT NULL THEN t_{c} END AS r_{c}" for c in CANONICAL
    )
    return f"""
    SELECT line, {typed}, {checked} FROM (
      SELECT *, {errors} FROM (
        SELECT *, {values} FROM (SELECT line, {", ".join(text)} FROM {batch})
        WHERE {not_blank}
      )
    )
    """


def _trimmed(cell: str) -> str:
    """Empty → NULL; spaces trimmed only where there are some (trim copies every string)."""
    text = f"CAST({cell} AS VARCHAR)"
    return (
        f"CASE WHEN {text} = '' THEN NULL WHEN {text} LIKE ' %' OR {text} LIKE '% ' "
        f"THEN NULLIF(trim({text}), '') ELSE {text} END"
    )


def _value(column: str) -> str:
    text = f"t_{column}"
    if column in DATE_COLUMNS:
        return f"{_date(text)} AS v_{column}"
    if column in MONEY_COLUMNS:
        return f"TRY_CAST(round({_number(text)}, 2) AS DECIMAL(18,2)) AS v_{column}"
    if column == "quantity":
        return f"TRY_CAST(round({_number(text)}, 3) AS DECIMAL(18,3)) AS v_{column}"
    if column == "line_no":
        return f"TRY_CAST({_number(text)} AS BIGINT) AS v_{column}"
    if column == "currency":
        return (
            f"CASE WHEN upper({text}) IN {CNY_WORDS} OR {text} IS NULL THEN 'CNY' "
            f"ELSE upper({text}) END AS v_{column}"
        )
    return f"{text} AS v_{column}"


def _number(column: str) -> str:
    """Text → DOUBLE: thousands separators, currency signs and (accounting) negatives allowed.

    Plain numbers take the fast path; only the others pay for the regular expression."""
    clean = f"regexp_replace({column}, '[\\s,，¥￥$]', '', 'g')"
    signed = f"CASE WHEN {clean} LIKE '(%)' THEN '-' || trim({clean}, '()') ELSE {clean} END"
    return f"COALESCE(TRY_CAST({column} AS DOUBLE), TRY_CAST({signed} AS DOUBLE))"


def _date(column: str) -> str:
    """Text → DATE: ISO and Chinese forms, YYYYMMDD, Excel serial numbers."""
    serial = f"TRY_CAST({column} AS DOUBLE)"
    return f"""COALESCE(TRY_CAST({column} AS DATE), CASE
      WHEN regexp_full_match({column}, '\\d{{1,7}}(\\.\\d+)?') THEN
        CASE WHEN {serial} BETWEEN 1 AND 2958465
             THEN DATE '1899-12-30' + CAST(floor({serial}) AS INTEGER) END
      WHEN regexp_full_match({column}, '\\d{{8}}') THEN TRY_CAST(
        substr({column}, 1, 4) || '-' || substr({column}, 5, 2) || '-' || substr({column}, 7, 2)
        AS DATE)
      WHEN regexp_full_match({column}, '{_YMD}') THEN TRY_CAST(
        regexp_replace({column}, '{_YMD}', '\\1-\\2-\\3') AS DATE)
    END)"""


def _error(column: str, present: bool) -> str:
    """The reason code for a bad cell, or NULL."""
    value, text = f"v_{column}", f"t_{column}"
    checks: list[str] = []
    if column in REQUIRED_VALUES or (column == "line_no" and present):
        checks.append(f"WHEN {text} IS NULL THEN 'missing'")
    if column in TEXT_LIMITS:
        checks.append(f"WHEN length({text}) > {TEXT_LIMITS[column]} THEN 'too_long'")
    if column in DATE_COLUMNS:
        checks.append(f"WHEN {value} IS NULL AND {text} IS NOT NULL THEN 'bad_date'")
        checks.append(
            f"WHEN {value} NOT BETWEEN DATE '1900-01-01' AND DATE '2999-12-31' THEN 'bad_date'"
        )
    if column in MONEY_COLUMNS or column in ("quantity", "line_no"):
        raw = _number(text)
        limit = {"quantity": QUANTITY_LIMIT, "line_no": LINE_NO_LIMIT}.get(column, MONEY_LIMIT)
        checks.append(f"WHEN {text} IS NOT NULL AND ({raw} IS NULL OR NOT isfinite({raw})) "
                      f"THEN 'bad_number'")  # fmt: skip
        if column == "line_no":
            checks.append(f"WHEN {raw} <> floor({raw}) OR {raw} < 0 THEN 'bad_integer'")
            checks.append(f"WHEN {raw} > {limit} THEN 'out_of_range'")
        else:
            checks.append(f"WHEN abs({raw}) >= {limit} THEN 'out_of_range'")
    if column == "currency":
        checks.append(f"WHEN NOT regexp_full_match({value}, '[A-Z]{{3}}') THEN 'bad_currency'")
    if not checks:
        return f"CAST(NULL AS VARCHAR) AS e_{column}"
    return f"CASE {' '.join(checks)} END AS e_{column}"
