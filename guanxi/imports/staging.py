"""The import's scratch space: a DuckDB database that holds the parsed rows and their problems.

DuckDB keeps memory bounded (it spills to the import's folder) and does the checks that
need the whole file (duplicate keys, line numbering). Two ways in:

- `load_clean_csv`: a UTF-8 CSV whose cells all have the plain forms (ISO or one other
  date pattern, plain numbers) is read by DuckDB's own typed CSV reader in one parallel
  pass, then checked as a whole. Any cell that does not fit, any rule broken: it gives up
  and the file is read the careful way instead. Most ERP exports are clean, and big.
- `load` (batch by batch): every cell parsed from text with its line number and a reason
  for each bad one (parsing.py): the way that reports problems.
"""

from __future__ import annotations

import csv
import datetime
import itertools
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from guanxi.accounts.sales_store import LINE_COLUMNS
from guanxi.imports.columns import CANONICAL, HeaderMatch
from guanxi.imports.parsing import (
    CNY_WORDS,
    DATE_COLUMNS,
    LINE_NO_LIMIT,
    MONEY_COLUMNS,
    MONEY_LIMIT,
    QUANTITY_LIMIT,
    REQUIRED_VALUES,
    TEXT_LIMITS,
    TYPED_COLUMNS,
    parse_batch_sql,
    parsed_table_sql,
)
from guanxi.imports.sources import SalesSource, column_names

MEMORY_LIMIT = os.environ.get("GUANXI_IMPORT_MEMORY", "800MB")
SAMPLE_ROWS = 2000
PROGRESS_SECONDS = 0.25
# The date patterns the typed reader is given (one for all date columns of a file).
DATE_PATTERNS = ("%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y.%m.%d")


@dataclass(frozen=True)
class Problem:
    line: int
    column: str
    code: str
    value: str | None  # the cell's text; for duplicates, the line it repeats


class Staging:
    def __init__(self, directory: Path, match: HeaderMatch) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.db = duckdb.connect()  # in memory, spilling to the folder beyond the limit
        self.db.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
        self.db.execute(f"SET temp_directory = '{directory / 'spill'}'")
        self.db.execute("SET preserve_insertion_order = false")
        self.db.execute("SET enable_progress_bar = false")  # DuckDB's own, printed to stdout
        self.db.execute(
            "CREATE TABLE problem (line BIGINT, col VARCHAR, code VARCHAR, value VARCHAR)"
        )
        self.match = match
        names = column_names(len(match.headers))
        self._sources = {c: names[match.headers.index(h)] for c, h in match.source.items()}
        self._parse_sql = parse_batch_sql("batch", self._sources)
        self.clean = False  # read by load_clean_csv: no problem, nothing to check

    def close(self) -> None:
        self.db.close()

    def load(self, batch: pa.RecordBatch) -> None:
        if not self._has_table("parsed"):
            self.db.execute(parsed_table_sql("parsed"))
        self.db.register("batch", batch)
        self.db.execute(f"INSERT INTO parsed {self._parse_sql}")
        self.db.unregister("batch")

    def _has_table(self, name: str) -> bool:
        row = self.db.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [name]
        ).fetchone()
        return bool(row and row[0])

    def load_clean(self, source: SalesSource, progress: Callable[[int], None]) -> bool:
        """Read a clean CSV or Parquet file in one typed pass; False (and nothing kept)
        when it is not clean, and it is to be read the careful way. `progress` hears how
        far DuckDB got, in the units of source.size."""
        if not self.match.has("line_no"):
            return False  # line numbers are then given by position in the file
        if source.kind == "csv":
            read = self._csv_reader(source)
        elif source.kind == "parquet":
            read = self._parquet_reader(source)
        else:
            return False
        if read is None:
            return False
        reader, cells = read
        currency = cells.get("currency", "NULL")
        values = {
            column: cells.get(column, f"CAST(NULL AS {kind})")
            for column, kind in TYPED_COLUMNS.items()
        } | {
            "currency": f"CASE WHEN {currency} IS NULL OR {currency} = 'CNY' THEN 'CNY' "
            f"WHEN upper({currency}) IN {CNY_WORDS} THEN 'CNY' ELSE upper({currency}) END"
        }
        typed = ", ".join(f"{value} AS {column}" for column, value in values.items())
        cast = " AND ".join(f"({self._sources[c]} IS NULL OR {cells[c]} IS NOT NULL)"
                            for c in cells) if source.kind == "parquet" else "true"  # fmt: skip
        typed_row = f"SELECT {typed}, {cast} AS cast_ok FROM {reader}"
        try:
            self._execute_with_progress(
                f"CREATE TABLE parsed AS SELECT 0 AS line, *, "
                f"coalesce(cast_ok AND {_clean_row()}, false) AS clean, "
                f"hash(customer_id, invoice_id, line_no) AS key_hash FROM ({typed_row})",
                lambda share: progress(round(share * source.size)),
            )
        except duckdb.Error:  # a cell the typed reader could not take
            self.db.execute("DROP TABLE IF EXISTS parsed")
            return False
        broken = self.db.execute("SELECT count(*) FILTER (WHERE NOT clean) FROM parsed").fetchone()
        # Keys repeated in the file: rows of one hash (a collision only costs the careful way).
        repeated = self.db.execute(
            "SELECT count(*) FROM (SELECT key_hash FROM parsed GROUP BY key_hash "
            "HAVING count(*) > 1)"
        ).fetchone()
        if (broken and broken[0]) or (repeated and repeated[0]):
            self.db.execute("DROP TABLE parsed")
            return False
        self.clean = True
        self.db.execute("CREATE TABLE rejected (line BIGINT)")
        return True

    def _execute_with_progress(self, sql: str, progress: Callable[[float], None]) -> None:
        """Run one long statement in a thread, telling `progress` the share done meanwhile."""
        self.db.execute("SET enable_progress_bar_print = false")
        self.db.execute("SET enable_progress_bar = true")  # for query_progress()
        error: list[BaseException] = []

        def run() -> None:
            try:
                self.db.execute(sql)
            except BaseException as failure:  # raised below, in the caller's thread
                error.append(failure)

        worker = threading.Thread(target=run, name="import-read")
        worker.start()
        while worker.is_alive():
            worker.join(PROGRESS_SECONDS)
            done = self.db.query_progress()
            if done >= 0:
                progress(done / 100)
        self.db.execute("SET enable_progress_bar = false")
        if error:
            raise error[0]

    def _csv_reader(self, source: SalesSource) -> tuple[str, dict[str, str]] | None:
        """DuckDB's typed CSV reader: UTF-8, one date pattern for the file's date columns."""
        if source.encoding not in ("utf-8", "utf-8-sig") or len(source.delimiter) != 1:
            return None
        date_pattern = _date_pattern(source, self._sources)
        if date_pattern is None:
            return None
        names = column_names(len(source.headers))
        kinds = dict.fromkeys(names, "VARCHAR")
        for column, name in self._sources.items():
            kinds[name] = TYPED_COLUMNS[column]
        columns = "{" + ", ".join(f"'{name}': '{kind}'" for name, kind in kinds.items()) + "}"
        path = str(source.path).replace("'", "''")
        reader = (
            f"read_csv('{path}', header = true, auto_detect = false, columns = {columns}, "
            f"delim = '{source.delimiter}', quote = '\"', escape = '\"', "
            f"dateformat = '{date_pattern}', encoding = 'utf-8')"
        )
        return reader, dict(self._sources)

    def _parquet_reader(self, source: SalesSource) -> tuple[str, dict[str, str]]:
        """Parquet's own types, cast; a value that does not cast sends the file the careful way."""
        path = str(source.path).replace("'", "''")
        headers = ", ".join(
            f'"{header.replace(chr(34), chr(34) * 2)}" AS {name}'
            for header, name in zip(source.headers, column_names(len(source.headers)), strict=True)
        )
        reader = f"(SELECT {headers} FROM read_parquet('{path}'))"
        cells = {
            column: f"TRY_CAST({name} AS {TYPED_COLUMNS[column]})"
            for column, name in self._sources.items()
        }
        return reader, cells

    def check(self) -> None:
        """After the last batch: cell problems, line numbers if the file has none, duplicates."""
        if self.clean:
            return
        if not self._has_table("parsed"):
            self.db.execute(parsed_table_sql("parsed"))
        for column in CANONICAL:
            self.db.execute(
                f"INSERT INTO problem SELECT line, '{column}', e_{column}, r_{column} "
                f"FROM parsed WHERE e_{column} IS NOT NULL"
            )
        if not self.match.has("line_no"):
            self.db.execute("""
                UPDATE parsed SET line_no = n.line_no FROM (
                  SELECT line, row_number() OVER (PARTITION BY customer_id, invoice_id ORDER BY line)
                         AS line_no FROM parsed) n
                WHERE parsed.line = n.line""")
        key_column = "line_no" if self.match.has("line_no") else "invoice_id"
        self.db.execute(f"""
            INSERT INTO problem
            WITH valid AS (SELECT * FROM parsed ANTI JOIN problem USING (line)),
            repeated AS (
              SELECT hash(customer_id, invoice_id, line_no) AS h FROM valid
              GROUP BY 1 HAVING count(*) > 1),
            candidate AS (
              SELECT line, min(line) OVER (PARTITION BY customer_id, invoice_id, line_no) AS first
              FROM valid WHERE hash(customer_id, invoice_id, line_no) IN (SELECT h FROM repeated))
            SELECT line, '{key_column}', 'duplicate', CAST(first AS VARCHAR)
            FROM candidate WHERE line <> first""")
        self.db.execute("CREATE TABLE rejected AS SELECT DISTINCT line FROM problem")

    def counts(self) -> tuple[int, int]:
        """(rows read, rows rejected)."""
        row = self.db.execute(
            "SELECT (SELECT count(*) FROM parsed), (SELECT count(*) FROM rejected)"
        ).fetchone()
        assert row is not None
        return int(row[0]), int(row[1])

    def problems(self, limit: int | None = None) -> list[Problem]:
        order = "ORDER BY line, list_position(?, col)"
        sql = f"SELECT line, col, code, value FROM problem {order}"
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        rows = self.db.execute(sql, [list(CANONICAL)]).fetchall()
        return [Problem(int(line), col, code, value) for line, col, code, value in rows]

    def problems_between(self, first: int, last: int) -> list[Problem]:
        rows = self.db.execute(
            "SELECT line, col, code, value FROM problem WHERE line BETWEEN ? AND ?", [first, last]
        ).fetchall()
        return [Problem(int(line), col, code, value) for line, col, code, value in rows]

    def problem_count(self) -> int:
        row = self.db.execute("SELECT count(*) FROM problem").fetchone()
        return int(row[0]) if row else 0

    def rejected_lines(self) -> set[int]:
        return {int(line) for (line,) in self.db.execute("SELECT line FROM rejected").fetchall()}

    def customers(self) -> list[tuple[str, str | None]]:
        """Each valid row's customer once, with the name of its latest invoice in the file
        (the later row, then the greater name, where dates tie)."""
        return [
            (str(code), name)
            for code, name in self.db.execute("""
                SELECT customer_id,
                       arg_max(customer_name, (invoice_date, line, customer_name))
                           FILTER (customer_name IS NOT NULL)
                FROM parsed ANTI JOIN rejected USING (line)
                GROUP BY customer_id ORDER BY customer_id""").fetchall()
        ]

    def set_accounts(self, codes: list[str], ids: list[int]) -> None:
        table = pa.table({"customer_id": codes, "account_id": pa.array(ids, pa.int64())})
        self.db.register("account_map", table)
        self.db.execute("CREATE OR REPLACE TABLE account AS SELECT * FROM account_map")
        self.db.unregister("account_map")

    def valid_count(self) -> int:
        row = self.db.execute(
            "SELECT count(*) FROM parsed ANTI JOIN rejected USING (line)"
        ).fetchone()
        return int(row[0]) if row else 0

    def create_lines_view(self) -> str:
        """A view of the valid lines with their account ids (after set_accounts)."""
        columns = ", ".join(f"p.{c}" if c != "account_id" else "a.account_id" for c in LINE_COLUMNS)
        self.db.execute(f"""
            CREATE OR REPLACE VIEW lines AS SELECT {columns}
            FROM parsed p ANTI JOIN rejected USING (line) JOIN account a USING (customer_id)""")
        return "lines"


def _clean_row() -> str:
    """The rules of parsing._error for values the typed reader already parsed. Text is
    measured in bytes first (free) and in characters only when the bytes exceed the limit."""
    rules = []
    for column in CANONICAL:
        required = column in REQUIRED_VALUES or column == "line_no"
        checks = []
        if column in TEXT_LIMITS:
            limit = TEXT_LIMITS[column]
            checks.append(
                f"(strlen({column}) BETWEEN 1 AND {limit} OR length({column}) BETWEEN 1 AND {limit})"
            )
            checks.append(f"NOT (starts_with({column}, ' ') OR ends_with({column}, ' '))")
        if column in DATE_COLUMNS:
            checks.append(f"{column} BETWEEN DATE '1900-01-01' AND DATE '2999-12-31'")
        if column in MONEY_COLUMNS:
            checks.append(f"abs({column}) < {MONEY_LIMIT}")
        if column == "quantity":
            checks.append(f"abs({column}) < {QUANTITY_LIMIT}")
        if column == "line_no":
            checks.append(f"{column} BETWEEN 0 AND {LINE_NO_LIMIT}")
        if column == "currency":
            checks.append(f"({column} = 'CNY' OR regexp_full_match({column}, '[A-Z]{{3}}'))")
        if not checks:
            continue
        rule = " AND ".join(checks)
        rules.append(f"({column} IS NOT NULL AND {rule})" if required
                     else f"({column} IS NULL OR ({rule}))")  # fmt: skip
    return " AND ".join(rules)


def _date_pattern(source: SalesSource, sources: dict[str, str]) -> str | None:
    """The one pattern all date cells of the file's first rows follow, if there is one."""
    positions = [int(sources[c][1:]) for c in DATE_COLUMNS if c in sources]
    encoding = source.encoding or "utf-8"
    with source.path.open(encoding=encoding, newline="") as file:
        rows = csv.reader(file, delimiter=source.delimiter)
        next(rows, None)
        cells = [
            row[i].strip()
            for row in itertools.islice(rows, SAMPLE_ROWS)
            for i in positions
            if i < len(row) and row[i].strip()
        ]
    if not cells:
        return DATE_PATTERNS[0]
    for pattern in DATE_PATTERNS:
        try:
            for cell in cells:
                datetime.datetime.strptime(cell, pattern)  # noqa: DTZ007 (a date, no zone)
        except ValueError:
            continue
        return pattern
    return None
