"""A first look at a sales file before importing it: kind, encoding, headers, the first rows."""

from __future__ import annotations

import csv
import io
from collections.abc import Generator, Mapping, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from guanxi.imports.columns import CANONICAL, REQUIRED, HeaderError, match_headers
from guanxi.imports.sources import SalesSource, SourceError, open_csv, open_source


@dataclass(frozen=True)
class SalesPreview:
    kind: str
    encoding: str | None
    headers: tuple[str, ...]
    rows: list[list[str]]


def sales_preview(path: Path, encoding: str | None, rows: int = 10) -> SalesPreview:
    """Kind, encoding, headers and first rows, read as the import reads them (a UTF-8 guess
    that fails is read again as GB18030). Raises SourceError when the file cannot be read."""
    source = open_source(path, encoding)
    if source.kind == "csv":
        try:
            first = _csv_rows(source, rows)
        except UnicodeDecodeError as error:
            if not source.encoding_guessed:
                raise SourceError("unreadable", str(error)) from error
            source = open_csv(path, None, guessed_wrong=True)
            first = _csv_rows(source, rows)
        except csv.Error as error:
            raise SourceError("unreadable", str(error)) from error
    elif source.kind == "parquet":
        first = _parquet_rows(source, rows)
    else:
        first = _first_batch_rows(source, rows)
    return SalesPreview(source.kind, source.encoding, source.headers, first)


def _csv_rows(source: SalesSource, count: int) -> list[list[str]]:
    """The first records only (the import's reader would parse a whole 16 MB block)."""
    width = len(source.headers)
    with source.path.open("rb") as raw:
        text = io.TextIOWrapper(raw, encoding=source.encoding or "utf-8", newline="")
        records = (row for row in csv.reader(text, delimiter=source.delimiter) if row)
        first = list(islice(records, count + 1))[1:]
    return [(row + [""] * width)[:width] for row in first]


def _parquet_rows(source: SalesSource, count: int) -> list[list[str]]:
    batch = next(pq.ParquetFile(source.path).iter_batches(batch_size=count), None)
    return _rows(batch, first_column=0) if batch is not None else []


def _first_batch_rows(source: SalesSource, count: int) -> list[list[str]]:
    batches = source.batches()
    try:
        batch = next(batches, None)
    finally:
        if isinstance(batches, Generator):
            batches.close()  # the file is closed now, not when the generator is collected
    return _rows(batch.slice(0, count), first_column=1) if batch is not None else []  # 0: line


def _rows(batch: pa.RecordBatch, first_column: int) -> list[list[str]]:
    columns = [_texts(batch.column(i)) for i in range(first_column, batch.num_columns)]
    return [list(row) for row in zip(*columns, strict=True)]


def _texts(column: pa.Array) -> list[str]:
    return ["" if value is None else str(value) for value in column.to_pylist()]


def proposed_mapping(headers: Sequence[str], chosen: Mapping[str, str]) -> dict[str, str]:
    """What the import will use: the chosen headers, then those it recognises by their words,
    the first of a kind winning (as `match_headers` does, without refusing a file that lacks
    required columns or names one twice, so that the page can show what is there)."""
    mapping = {column: header for column, header in chosen.items() if header in headers}
    for header in headers:
        column = _recognised(header)
        if column and column not in mapping and header not in mapping.values():
            mapping[column] = header
    return {column: mapping[column] for column in CANONICAL if column in mapping}


def _recognised(header: str) -> str | None:
    """The canonical column a header names by its words alone, asked of `match_headers`: with
    stand-ins for the required columns (all of them, then all but one) it is matched or not."""
    stand_ins = {column: f"\x00{column}" for column in REQUIRED}
    for open_column in (None, *REQUIRED):
        mapping = {c: stand_in for c, stand_in in stand_ins.items() if c != open_column}
        try:
            match = match_headers([header, *mapping.values()], mapping)
        except HeaderError:
            continue
        found = [column for column, source in match.source.items() if source == header]
        if found:
            return found[0]
    return None
