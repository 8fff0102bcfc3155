"""Drawings kept on disk (guanxi/stakeholders/drawings.py): read back as written, a few
per account and view, never a reason for a page to fail."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

from guanxi.stakeholders import drawings


def test_a_drawing_is_read_back_as_written_and_missing_ones_are_none(settings: Any) -> None:
    drawings.write(7, "zh-hans", "svg", "abc", "<svg>张伟</svg>")
    assert drawings.read(7, "zh-hans", "svg", "abc") == "<svg>张伟</svg>"
    assert drawings.read(7, "zh-hans", "svg", "other") is None
    assert drawings.read(7, "en", "svg", "abc") is None
    kept = Path(settings.GUANXI_DRAWINGS) / "7" / "zh-hans-svg-abc"
    assert oct(os.stat(kept).st_mode)[-3:] == "600"


def test_a_few_drawings_are_kept_per_account_language_and_view(settings: Any) -> None:
    for n in range(drawings.KEPT_PER_VIEW + 3):
        drawings.write(7, "en", "svg", f"n{n}", f"<svg>{n}</svg>")
        time.sleep(0.01)  # distinct times of writing
    drawings.write(7, "en", "table", "t", "<tr></tr>")
    drawings.write(70, "en", "svg", "x", "<svg/>")
    folder = Path(settings.GUANXI_DRAWINGS)
    kept = sorted(path.name for path in (folder / "7").glob("en-svg-*"))
    assert kept == [f"en-svg-n{n}" for n in range(3, drawings.KEPT_PER_VIEW + 3)]
    assert (folder / "7" / "en-table-t").exists()
    drawings.forget(7)
    assert sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) == ["70", "70/en-svg-x"]


def test_the_least_recently_drawn_accounts_go_past_so_many(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(drawings, "MAX_ACCOUNTS", 8)
    monkeypatch.setattr(drawings, "SWEEP_EVERY", 1)
    for account in range(10):
        drawings.write(account, "en", "svg", "x", "<svg/>")
        time.sleep(0.01)
    accounts = sorted(int(path.name) for path in Path(settings.GUANXI_DRAWINGS).iterdir())
    assert len(accounts) <= 8
    assert 9 in accounts and 0 not in accounts


def test_files_of_the_older_flat_layout_are_swept_and_forgotten(
    settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = Path(settings.GUANXI_DRAWINGS)
    (folder / "7-en-svg-old").write_text("<svg/>")
    monkeypatch.setattr(drawings, "SWEEP_EVERY", 1)
    drawings.write(8, "en", "svg", "new", "<svg/>")
    assert sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) == ["8", "8/en-svg-new"]
    (folder / "9-en-svg-old").write_text("<svg/>")
    drawings.forget_all()
    assert list(folder.iterdir()) == []


def test_a_folder_that_cannot_be_written_only_costs_the_drawing(
    settings: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder should be")
    settings.GUANXI_DRAWINGS = blocked
    drawings.write(7, "en", "svg", "abc", "<svg/>")  # no exception
    assert drawings.read(7, "en", "svg", "abc") is None
    assert "not kept" in caplog.text
