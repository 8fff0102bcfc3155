"""The import's scratch space: a DuckDB file that holds the parsed rows and their problems.

DuckDB keeps memory bounded (it spills to its file), does the checks that need the whole
file (duplicate keys, line numbering) and hands the valid rows back sorted by key, which
is the order the database's unique index wants them in.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa

from guanxi.imports.columns import CANONICAL, HeaderMatch
from guanxi.imports.parsing import parse_batch_sql, parsed_table_sql
from guanxi.imports.sources import column_names

MEMORY_LIMIT = os.environ.get("GUANXI_IMPORT_MEMORY", "400MB")
LINE_COLUMNS = (
    "account_id",
    "invoice_id",
    "line_no",
    "invoice_date",
    "amount",
    "cost",
    "quantity",
    "product_id",
    "category",
    "due_date",
    "paid_date",
    "currency",
)


@dataclass(frozen=True)
class Problem:
    line: int
    column: str
    code: str
    value: str | None  # the cell's text; for duplicates, the line it repeats


class Staging:
    def __init__(self, directory: Path, match: HeaderMatch) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.db = duckdb.connect(str(directory / "import.duckdb"))
        self.db.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
        self.db.execute(f"SET temp_directory = '{directory / 'spill'}'")
        self.db.execute("SET preserve_insertion_order = false")
        self.db.execute(parsed_table_sql("parsed"))
        self.db.execute(
            "CREATE TABLE problem (line BIGINT, col VARCHAR, code VARCHAR, value VARCHAR)"
        )
        self.match = match
        names = column_names(len(match.headers))
        self._sources = {c: names[match.headers.index(h)] for c, h in match.source.items()}
        self._parse_sql = parse_batch_sql("batch", self._sources)

    def close(self) -> None:
        self.db.close()

    def load(self, batch: pa.RecordBatch) -> None:
        self.db.register("batch", batch)
        self.db.execute(f"INSERT INTO parsed {self._parse_sql}")
        self.db.unregister("batch")

    def check(self) -> None:
        """After the last batch: cell problems, line numbers if the file has none, duplicates."""
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
        """Each valid row's customer once, with the first name the file gives it."""
        return [
            (str(code), name)
            for code, name in self.db.execute("""
                SELECT customer_id, arg_min(customer_name, line) FILTER (customer_name IS NOT NULL)
                FROM parsed ANTI JOIN rejected USING (line)
                GROUP BY customer_id ORDER BY customer_id""").fetchall()
        ]

    def set_accounts(self, codes: list[str], ids: list[int]) -> None:
        table = pa.table({"customer_id": codes, "account_id": pa.array(ids, pa.int64())})
        self.db.register("account_map", table)
        self.db.execute("CREATE TABLE account AS SELECT * FROM account_map")
        self.db.unregister("account_map")

    def valid_count(self) -> int:
        row = self.db.execute(
            "SELECT count(*) FROM parsed ANTI JOIN rejected USING (line)"
        ).fetchone()
        return int(row[0]) if row else 0

    def _lines_sql(self, money: str) -> str:
        money_type = {"double": "DOUBLE", "text": "VARCHAR"}[money]
        return f"""
            SELECT account_id, invoice_id, CAST(line_no AS BIGINT) AS line_no,
                   strftime(invoice_date, '%Y-%m-%d') AS invoice_date,
                   CAST(amount AS {money_type}) AS amount, CAST(cost AS {money_type}) AS cost,
                   CAST(quantity AS {money_type}) AS quantity,
                   coalesce(product_id, '') AS product_id, coalesce(category, '') AS category,
                   strftime(due_date, '%Y-%m-%d') AS due_date,
                   strftime(paid_date, '%Y-%m-%d') AS paid_date, currency
            FROM parsed ANTI JOIN rejected USING (line) JOIN account USING (customer_id)
            ORDER BY account_id, invoice_id, line_no"""

    def sorted_lines(self, batch_rows: int) -> Iterator[pa.RecordBatch]:
        """Valid lines in key order, money as floats (SQLite stores decimals as REAL)."""
        yield from self.db.sql(self._lines_sql("double")).to_arrow_reader(batch_rows)

    def write_lines_csv(self, path: Path) -> None:
        """Valid lines in key order as CSV, money as exact decimal text (for PostgreSQL COPY)."""
        self.db.execute(f"COPY ({self._lines_sql('text')}) TO '{path}' (HEADER false)")
