"""What every import reports, whatever it imports: the file, its rows and their problems."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from guanxi.imports.staging import Problem

PROBLEMS_KEPT = 1000  # a report keeps the first problems, by line; all are counted


@dataclass(frozen=True)
class ImportReport:
    path: Path
    kind: str  # "csv" | "xlsx" | "parquet" (| "vcard" for contacts)
    encoding: str | None
    ignored_headers: tuple[str, ...]
    rows_read: int
    rows_rejected: int
    problem_count: int
    problems: list[Problem]  # the first PROBLEMS_KEPT, by line
    dry_run: bool
    skip_invalid: bool
    written: bool = False  # False when the file was rejected, and on a dry run
    rejects_path: Path | None = None
    seconds: float = 0.0

    @property
    def rejected(self) -> bool:
        """The file had bad rows and the import did not go on without them."""
        return self.rows_rejected > 0 and not self.skip_invalid
