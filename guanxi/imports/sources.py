"""Reading a sales file (CSV, XLSX, Parquet) as batches of text columns, with line numbers.

Line numbers are as the user sees them: the header is line 1, the first record line 2
(in CSV, blank lines and line breaks inside quoted values are not counted).
"""

from __future__ import annotations

import codecs
import csv
import datetime
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
from python_calamine import CalamineError, CalamineSheet, CalamineWorkbook

BATCH_ROWS = 200_000
CSV_BLOCK_BYTES = 16 << 20
UTF8, GB18030 = "utf-8", "gb18030"
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

Progress = Callable[[int], None]  # called with how many units (bytes or rows) were read so far


class SourceError(ValueError):
    """The file cannot be read as a table (input rejected)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code  # "unreadable" | "empty" | "not_utf8" | "unsupported_format"
        self.detail = detail


class EncodingRetry(Exception):
    """UTF-8 was guessed and turned out wrong: read again as GB18030."""


@dataclass
class SalesSource:
    path: Path
    kind: str  # "csv" | "xlsx" | "parquet"
    headers: tuple[str, ...]
    encoding: str | None  # for CSV: the encoding used (Python codec name)
    encoding_guessed: bool  # UTF-8 without a BOM: may still turn out to be GB18030
    delimiter: str
    size: int  # what progress counts up to: bytes for CSV, rows otherwise

    def batches(self, progress: Progress | None = None) -> Iterator[pa.RecordBatch]:
        """Record batches with a `line` column and one text column per header (c0, c1, …)."""
        reader = {"csv": self._csv, "xlsx": self._xlsx, "parquet": self._parquet}[self.kind]
        line = 2
        for batch in reader(progress or (lambda _: None)):
            numbers = pa.array(range(line, line + batch.num_rows), pa.int64())
            line += batch.num_rows
            yield pa.RecordBatch.from_arrays(
                [numbers, *batch.columns], names=["line", *column_names(len(self.headers))]
            )

    def _csv(self, progress: Progress) -> Iterator[pa.RecordBatch]:
        names = column_names(len(self.headers))
        with _CountingFile(self.path, progress) as raw:
            try:
                reader = pa_csv.open_csv(
                    raw,
                    read_options=pa_csv.ReadOptions(
                        column_names=names,
                        skip_rows=1,
                        encoding=_arrow_encoding(self.encoding),
                        block_size=CSV_BLOCK_BYTES,
                    ),
                    parse_options=pa_csv.ParseOptions(
                        delimiter=self.delimiter, newlines_in_values=True
                    ),
                    convert_options=pa_csv.ConvertOptions(
                        column_types=dict.fromkeys(names, pa.string()),
                        strings_can_be_null=False,
                        quoted_strings_can_be_null=False,
                    ),
                )
                yield from reader
            except (pa.ArrowInvalid, UnicodeDecodeError) as error:
                message = str(error)
                if self.encoding_guessed and ("UTF8" in message or "utf-8" in message):
                    raise EncodingRetry from error
                raise SourceError("unreadable", message.splitlines()[0][:300]) from error

    def _xlsx(self, progress: Progress) -> Iterator[pa.RecordBatch]:
        rows = _xlsx_rows(self.path)
        next(rows, None)
        width, done = len(self.headers), 0
        buffer: list[list[str | None]] = []
        for row in rows:
            buffer.append(
                [_cell_text(value) for value in row[:width]] + [None] * (width - len(row))
            )
            if len(buffer) == BATCH_ROWS:
                yield _text_batch(buffer, width)
                done += len(buffer)
                progress(done)
                buffer = []
        if buffer:
            yield _text_batch(buffer, width)
            progress(done + len(buffer))

    def _parquet(self, progress: Progress) -> Iterator[pa.RecordBatch]:
        done = 0
        for batch in pq.ParquetFile(self.path).iter_batches(batch_size=BATCH_ROWS):
            yield batch  # typed columns; the parser casts them to text
            done += batch.num_rows
            progress(done)


def open_source(path: Path, encoding: str | None = None) -> SalesSource:
    """Look at the file: its kind, encoding and headers; nothing is read beyond the header."""
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        return _open_xlsx(path)
    if suffix in {".parquet", ".pq"}:
        return _open_parquet(path)
    if suffix in {".csv", ".txt", ".tsv"}:
        return open_csv(path, encoding)
    raise SourceError("unsupported_format", suffix or path.name)


def open_csv(path: Path, encoding: str | None, guessed_wrong: bool = False) -> SalesSource:
    with path.open("rb") as raw:
        head = raw.read(1 << 16)
    if not head.strip():
        raise SourceError("empty")
    chosen, guessed = choose_encoding(head, encoding, guessed_wrong)
    # Incremental: a character cut by the end of the sample is held back, not an error.
    decoder = codecs.getincrementaldecoder(chosen)("strict" if not guessed else "ignore")
    try:
        first_line = decoder.decode(head, final=len(head) < 1 << 16)
    except UnicodeDecodeError as error:
        raise SourceError("unreadable", str(error)) from error
    first_line = first_line.lstrip("\ufeff").splitlines()[0] if first_line.strip() else ""
    delimiter = max((",", "\t", ";", "|"), key=first_line.count)
    headers = next(csv.reader([first_line], delimiter=delimiter), [])
    if not any(header.strip() for header in headers):
        raise SourceError("empty")
    size = path.stat().st_size
    return SalesSource(path, "csv", tuple(headers), chosen, guessed, delimiter, size)


def choose_encoding(head: bytes, forced: str | None, guessed_wrong: bool) -> tuple[str, bool]:
    """BOM first, then UTF-8 strictly, then GB18030 (what Chinese Excel saves)."""
    if forced:
        return codecs.lookup(forced).name, False
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name, False
    if guessed_wrong:
        return GB18030, False
    try:
        head.decode(UTF8)
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # not merely a character cut at the end of the sample
            return GB18030, False
    return UTF8, True


def _arrow_encoding(encoding: str | None) -> str:
    return "utf8" if encoding is None or encoding in (UTF8, "utf-8-sig") else encoding


def _open_xlsx(path: Path) -> SalesSource:
    sheet = _xlsx_sheet(path)
    header_row = next(iter(sheet.iter_rows()), None)
    headers = [_cell_text(value) or "" for value in header_row or []]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise SourceError("empty")
    return SalesSource(path, "xlsx", tuple(headers), None, False, "", max(sheet.height - 1, 0))


def _open_parquet(path: Path) -> SalesSource:
    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowInvalid, OSError) as error:
        raise SourceError("unreadable", str(error)) from error
    headers = tuple(parquet.schema_arrow.names)
    return SalesSource(path, "parquet", headers, None, False, "", parquet.metadata.num_rows)


def _xlsx_sheet(path: Path) -> CalamineSheet:
    try:
        return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    except CalamineError as error:
        raise SourceError("unreadable", str(error)) from error


def _xlsx_rows(path: Path) -> Iterator[Sequence[object]]:
    yield from _xlsx_sheet(path).iter_rows()


def _cell_text(value: object) -> str | None:
    """Excel cells as the text the parser expects: 12.0 → '12', a date → '2024-03-05'."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _text_batch(rows: list[list[str | None]], width: int) -> pa.RecordBatch:
    columns = [pa.array([row[i] for row in rows], pa.string()) for i in range(width)]
    return pa.RecordBatch.from_arrays(columns, names=column_names(width))


def column_names(count: int) -> list[str]:
    return [f"c{i}" for i in range(count)]


class _CountingFile:
    """A binary file that reports how many bytes were read, for the progress bar."""

    def __init__(self, path: Path, progress: Progress) -> None:
        self._file: BinaryIO = path.open("rb")
        self._progress = progress
        self._done = 0
        self.closed = False

    def read(self, size: int = -1) -> bytes:
        chunk = self._file.read(size)
        self._done += len(chunk)
        self._progress(self._done)
        return chunk

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def close(self) -> None:
        self._file.close()
        self.closed = True

    def __enter__(self) -> _CountingFile:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
