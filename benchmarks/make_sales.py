"""Generate N invoice lines as an ERP would export them, deterministically, as CSV and Parquet.

    python benchmarks/make_sales.py OUT_DIR [--lines 10000000] [--customers 100000]

Three years of invoices (2023–2025) ordered by date, 1–5 lines each, about 3 % credit
notes (negative amounts), Chinese customer names, costs, due and paid dates. Every value
is a function of the row number (no random state), so the same arguments give the same
files on any machine. DuckDB writes the files, which keeps 10 M lines to seconds.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import duckdb

CITIES = "北京 上海 广州 深圳 天津 重庆 成都 武汉 杭州 南京 苏州 佛山 东莞 厦门 青岛 长沙 郑州 西安 合肥 宁波"
WORDS = "美家 宏达 华丽 金鼎 恒通 盛世 嘉禾 欧雅 顺发 汇丰 永安 鸿运 新城 立信 星河 富贵 天成 明珠 海逸 锦绣"
TRADES = "家具 门窗 装饰 建材 五金 橱柜 卫浴 地产 酒店 工程"
FORMS = "有限公司 股份有限公司 集团有限公司 贸易有限公司"

# Knuth's multiplicative hash, reduced: a cheap, portable pseudo-random draw per row.
MIX = "(({x}) * 2654435761 + {salt}) % 4294967296"


def draw(x: str, salt: int, modulo: int) -> str:
    return f"({MIX.format(x=x, salt=salt)} % {modulo})"


def customers_sql(customers: int) -> str:
    return f"""
    SELECT c,
           'C' || lpad(CAST(c AS VARCHAR), 6, '0') AS customer_id,
           list_extract(string_split('{CITIES}', ' '), {draw("c", 1, 20)} + 1)
             || list_extract(string_split('{WORDS}', ' '), {draw("c", 2, 20)} + 1)
             || list_extract(string_split('{TRADES}', ' '), {draw("c", 3, 10)} + 1)
             || CASE WHEN c >= 8000 THEN CAST(c // 8000 AS VARCHAR) ELSE '' END
             || list_extract(string_split('{FORMS}', ' '), {draw("c", 4, 4)} + 1)
             AS customer_name,
           CAST(30 * (1 + {draw("c", 5, 3)}) AS INTEGER) AS terms,
           CAST({draw("c", 6, 40)} AS INTEGER) AS pay_delay,
           18 + {draw("c", 7, 20)} AS margin
    FROM range({customers}) t(c)
    """


def lines_sql(lines: int, customers: int) -> str:
    invoices = lines // 3 + 10
    day_span = 1096  # 2023-01-01 … 2025-12-31
    return f"""
    WITH cust AS ({customers_sql(customers)}),
    inv AS (
      SELECT k,
             -- skewed: a few big customers, a long tail
             CAST(floor({customers} * pow({draw("k", 11, 1000003)} / 1000003.0, 2)) AS BIGINT) AS c,
             DATE '2023-01-01' + CAST(k * {day_span} // {invoices} AS INTEGER) AS invoice_date,
             1 + {draw("k", 12, 5)} AS line_count,
             {draw("k", 13, 100)} < 3 AS credit_note
      FROM range({invoices}) t(k)
    ),
    line AS (
      SELECT inv.*, unnest(range(1, line_count + 1)) AS line_no FROM inv
    ),
    priced AS (
      SELECT line.*, cust.customer_id, cust.customer_name, cust.terms, cust.pay_delay, cust.margin,
             {draw("k * 7 + line_no", 14, 2000)} AS product,
             (1 + {draw("k * 7 + line_no", 15, 50)}) AS qty
      FROM line JOIN cust USING (c)
    )
    SELECT customer_id,
           customer_name,
           CASE WHEN credit_note THEN 'CN' ELSE 'INV' END || lpad(CAST(k AS VARCHAR), 9, '0') AS invoice_id,
           line_no,
           invoice_date,
           round((CASE WHEN credit_note THEN -0.2 ELSE 1 END) * qty * (20 + product % 480) * 1.0, 2) AS amount,
           round((CASE WHEN credit_note THEN -0.2 ELSE 1 END) * qty * (20 + product % 480) * (100 - margin) / 100.0, 2) AS cost,
           CASE WHEN credit_note THEN -qty ELSE qty END AS quantity,
           'P' || lpad(CAST(product AS VARCHAR), 5, '0') AS product_id,
           list_extract(string_split('五金 门锁 铰链 拉手 滑轨 卫浴 龙骨 密封条', ' '), product % 8 + 1) AS category,
           CASE WHEN NOT credit_note THEN invoice_date + terms END AS due_date,
           CASE WHEN NOT credit_note AND invoice_date + terms + pay_delay <= DATE '2025-12-31'
                THEN invoice_date + terms + pay_delay - 10 END AS paid_date,
           'CNY' AS currency
    FROM priced
    ORDER BY k, line_no
    LIMIT {lines}
    """


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--lines", type=int, default=10_000_000)
    parser.add_argument("--customers", type=int, default=100_000)
    args = parser.parse_args()
    args.out_dir.mkdir(parents=True, exist_ok=True)
    stem = args.out_dir / f"sales_{args.lines}"
    started = time.perf_counter()
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = true")
    con.execute(f"CREATE TABLE sales AS {lines_sql(args.lines, args.customers)}")
    con.execute(f"COPY sales TO '{stem}.csv' (HEADER, DELIMITER ',')")
    con.execute(f"COPY sales TO '{stem}.parquet' (FORMAT parquet, COMPRESSION zstd)")
    customers = con.execute("SELECT count(DISTINCT customer_id) FROM sales").fetchone()
    print(
        f"{stem}.csv and .parquet: {args.lines:,} lines, {customers[0] if customers else 0:,} customers "
        f"in {time.perf_counter() - started:.1f} s"
    )


if __name__ == "__main__":
    main()
