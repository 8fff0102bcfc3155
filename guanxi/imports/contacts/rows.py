"""A contact file as rows of text: tables through the sales import's readers, vCards here."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from guanxi.imports.columns import HeaderMatch, match_headers
from guanxi.imports.contacts.columns import contact_columns
from guanxi.imports.sources import EncodingRetry, SalesSource, open_csv, open_source
from guanxi.imports.staging import Problem

Progress = Callable[[int, int], None]  # units read so far (bytes or rows), out of how many


@dataclass(frozen=True)
class ContactRow:
    line: int  # the row's line, or a card's BEGIN line
    values: Mapping[str, str]  # canonical column → its text, trimmed, never empty
    cells: Sequence[str | None] = ()  # a table's row as it was, for the rejects file
    card: str = ""  # a vCard as it was, for the rejects file
    labels: Mapping[str, str] = field(default_factory=dict)  # column → the file's word for it
    problems: tuple[Problem, ...] = ()  # found while reading (a card without END …)

    def label(self, column: str) -> str:
        return self.labels.get(column, column)


@dataclass(frozen=True)
class Table:
    source: SalesSource
    match: HeaderMatch
    rows: list[ContactRow]


def read_table(
    path: Path,
    mapping: Mapping[str, str],
    encoding: str | None,
    account_given: bool,
    progress: Progress,
) -> Table:
    """CSV, XLSX (or Parquet) rows; a file guessed as UTF-8 that is not is read again."""
    columns = contact_columns(account_given)
    source = open_source(path, encoding)
    match = match_headers(source.headers, mapping, columns)
    try:
        return Table(source, match, _rows(source, match, progress))
    except EncodingRetry:
        source = open_csv(path, None, guessed_wrong=True)
        match = match_headers(source.headers, mapping, columns)
        return Table(source, match, _rows(source, match, progress))


def _rows(source: SalesSource, match: HeaderMatch, progress: Progress) -> list[ContactRow]:
    position = {column: match.headers.index(header) for column, header in match.source.items()}
    rows: list[ContactRow] = []
    for batch in source.batches(lambda done: progress(done, source.size)):
        columns = [column.to_pylist() for column in batch.columns]
        for line, *cells in zip(*columns, strict=True):
            texts = tuple(None if cell is None else str(cell) for cell in cells)
            if not any(text and text.strip() for text in texts):
                continue  # blank rows, as Excel leaves at the end of sheets
            values = {
                column: text.strip()
                for column, index in position.items()
                if (text := texts[index]) and text.strip()
            }
            rows.append(ContactRow(int(line), values, cells=texts))
    return rows
