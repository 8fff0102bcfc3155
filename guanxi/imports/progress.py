"""What a front door (CLI bar, web job page) hears while an import runs."""

from __future__ import annotations

from typing import Protocol


class ImportProgress(Protocol):
    """Phases: reading, validating, writing; `total` is None when not known."""

    def update(self, phase: str, completed: int, total: int | None) -> None: ...


class Silent:
    """For callers that show nothing."""

    def update(self, phase: str, completed: int, total: int | None) -> None:
        pass
