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


DIGEST_IN_ANOTHER_PROCESS = """
import sys
from guanxi.domain.relationships.map_model import MapLink, MapPerson
from guanxi.stakeholders import drawings
name = sys.intern("".join(["张", "伟"]))  # interned here, not in the test's process
role = "".join(["co", "ach"])  # not interned here, interned there (a constant)
person = MapPerson(1, name, "总经理", "", None, 5, -1, (role,), 3, True, False, False, 0)
link = MapLink(1, 2, "hometown", 4, "")
print(drawings.digest(("title", (person,), (link,), True, ("/c/0/", "")), "zh-hans"))
"""


def test_the_digest_names_the_same_inputs_alike_in_every_process() -> None:
    """The worker drawing ahead and each web process must name a drawing alike (marshal's
    format 0: interned text or not, the same bytes), and any change must rename it."""
    import subprocess
    import sys

    from guanxi.domain.relationships.map_model import MapLink, MapPerson

    person = MapPerson(1, "张伟", "总经理", "", None, 5, -1, ("coach",), 3, True, False, False, 0)
    link = MapLink(1, 2, "hometown", 4, "")
    here = drawings.digest(("title", (person,), (link,), True, ("/c/0/", "")), "zh-hans")
    there = subprocess.run(
        [sys.executable, "-c", DIGEST_IN_ANOTHER_PROCESS],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "PYTHONHASHSEED": "random"},
    ).stdout.strip()
    assert there == here
    changed = [
        ("title", (person._replace(stance=-2),), (link,), True, ("/c/0/", "")),
        ("title", (person._replace(buying_roles=()),), (link,), True, ("/c/0/", "")),
        ("title", (person,), (link._replace(strength=3),), True, ("/c/0/", "")),
        ("title", (person,), (link,), False, ("/c/0/", "")),
        ("title", (person,), (link,), True, ("/d/0/", "")),
        ("title", (person,), (), True, ("/c/0/", "")),
    ]
    names = {drawings.digest(inputs, "zh-hans") for inputs in changed}
    assert len(names) == len(changed) and here not in names


def test_what_memory_keeps_is_served_as_it_is_and_the_least_recently_used_go() -> None:
    from guanxi.stakeholders import kept

    cards = {("张伟",): ("<a>", "</a>")}
    kept.put("cards", cards)
    assert kept.get("cards") is cards  # not a copy: nothing pickled either way
    for n in range(kept.MAX_ENTRIES - 1):
        kept.put(f"k{n}", n)
    kept.get("cards")  # used again: the oldest now is k0
    kept.put("one more", 1)
    assert kept.get("cards") is cards and kept.get("k0") is None and kept.get("k1") == 1
    kept.clear()
    assert kept.get("cards") is None
