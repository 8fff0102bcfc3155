"""The rejects file: the rows that were left out, as they were, with the reason added."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
from django.utils.translation import gettext as _

from guanxi.imports.messages import problem_reason
from guanxi.imports.sources import SalesSource
from guanxi.imports.staging import Staging


def rejects_path(source: SalesSource) -> Path:
    return source.path.with_name(f"{source.path.stem}.rejects.csv")


def write_rejects(source: SalesSource, staging: Staging) -> Path:
    """CSV in the input's encoding (UTF-8 with a BOM for XLSX and Parquet, which Excel reads)."""
    lines = staging.rejected_lines()
    path = rejects_path(source)
    encoding = source.encoding or "utf-8-sig"
    wanted = pa.array(sorted(lines), pa.int64())
    with path.open("w", encoding=encoding, errors="replace", newline="") as out:
        writer = csv.writer(out, delimiter=source.delimiter or ",")
        writer.writerow([*source.headers, _("reason")])
        for batch in source.batches():
            kept = batch.filter(pc.is_in(batch.column("line"), value_set=wanted))
            if kept.num_rows == 0:
                continue
            first, last = pc.min_max(kept.column("line")).values()
            reasons: dict[int, list[str]] = defaultdict(list)
            for problem in staging.problems_between(first.as_py(), last.as_py()):
                reasons[problem.line].append(f"{problem.column}: {problem_reason(problem)}")
            columns = [column.to_pylist() for column in kept.columns]
            for line, *cells in zip(*columns, strict=True):
                texts = ["" if cell is None else str(cell) for cell in cells]
                writer.writerow([*texts, "; ".join(reasons.get(line, []))])
    return path


def write_rejected_rows(
    source: SalesSource, rows: Sequence[tuple[Sequence[str | None], str]]
) -> Path:
    """The same file from rows already in memory (cells and reason), for small imports."""
    path = rejects_path(source)
    encoding = source.encoding or "utf-8-sig"
    with path.open("w", encoding=encoding, errors="replace", newline="") as out:
        writer = csv.writer(out, delimiter=source.delimiter or ",")
        writer.writerow([*source.headers, _("reason")])
        for cells, reason in rows:
            writer.writerow([*("" if cell is None else cell for cell in cells), reason])
    return path
