"""Drawn relationship maps kept on disk, shared by the server's workers and kept across
restarts: a map is laid out and drawn once for what it shows, not once per worker.

Each drawing is a plain text file (SVG, or the table's rows) in its account's folder
under GUANXI_HOME/drawings (settings.GUANXI_DRAWINGS), named by its language, view and a
digest of everything it shows (the people as the viewer may see them, the links, the
words around them), so a file is never stale: a change makes a new name. Writes go to a
temporary file renamed into place. A few files are kept per account, language and view
(a write looks only in its account's folder); past MAX_ACCOUNTS folders the least
recently written go (looked at once every SWEEP_EVERY writes of a process); an account's
go when it is deleted. Failing to read or write only costs a drawing made again.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.util
import itertools
import logging
import marshal
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import to_locale

KEPT_PER_VIEW = 4  # an account's drawings differ by who looks (the sensitive circle or not)
MAX_ACCOUNTS = 2000
SWEEP_EVERY = 100
_writes = itertools.count(1)
logger = logging.getLogger(__name__)


# The code that turns a map into a drawing: a new version of any of it draws anew.
DRAWING_CODE = (
    "guanxi.domain.relationships.curves",
    "guanxi.domain.relationships.layout",
    "guanxi.domain.relationships.map_model",
    "guanxi.stakeholders.map_svg",
    "guanxi.stakeholders.map_words",
    "guanxi.web.map_table",
    "guanxi.web.views.account_map",
)


def digest(inputs: tuple[object, ...], language: str) -> str:
    """A name for these inputs that every process computes alike (`hash()` does not),
    given this code and this language's catalogue.

    The inputs are plain values (text, numbers, booleans, None, tuples of them) and tuples
    of records (named tuples of plain values: a map's people and links). They are
    serialised by `marshal` in its format 0, which writes no references and does not mark
    interned text, so equal values make equal bytes in every process: a quarter of the
    cost of JSON for a map's thousand people and links.
    """
    plain: Any = tuple(  # what marshal takes: checked when it runs
        tuple(map(tuple, item))
        if isinstance(item, tuple) and item and _is_record(item[0])
        else item
        for item in inputs
    )
    named = hashlib.blake2b(_code(language), digest_size=16)
    named.update(marshal.dumps(plain, 0))
    return named.hexdigest()


def _is_record(value: object) -> bool:
    return isinstance(value, tuple) and type(value) is not tuple


@functools.cache
def _code(language: str) -> bytes:
    parts = hashlib.blake2b()
    for module in DRAWING_CODE:
        spec = importlib.util.find_spec(module)
        if spec is not None and spec.origin:
            parts.update(Path(spec.origin).read_bytes())
    catalogue = Path(__file__).resolve().parent.parent / "locale" / to_locale(language)
    for path in sorted(catalogue.glob("LC_MESSAGES/*.mo")):
        parts.update(path.read_bytes())
    return parts.digest()


def read(account_id: int, language: str, view: str, name: str) -> str | None:
    try:
        return _path(account_id, language, view, name).read_text(encoding="utf-8")
    except OSError:
        return None


def write(account_id: int, language: str, view: str, name: str, text: str) -> None:
    folder = _folder() / str(account_id)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, suffix=".part")
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, _path(account_id, language, view, name))
    except OSError:
        logger.warning("drawing of account %s not kept in %s", account_id, folder.parent)
        return
    # Another worker may be pruning at the same time: the next write tries again.
    with contextlib.suppress(OSError):
        _prune(folder, f"{language}-{view}-")
    if next(_writes) % SWEEP_EVERY == 0:
        with contextlib.suppress(OSError):
            _sweep(_folder())


def forget(account_id: int) -> None:
    """Every drawing of an account (deleted)."""
    shutil.rmtree(_folder() / str(account_id), ignore_errors=True)


def forget_all() -> None:
    with contextlib.suppress(OSError):
        for entry in os.scandir(_folder()):
            _remove(entry)


def _prune(folder: Path, prefix: str) -> None:
    siblings = sorted(
        (entry for entry in os.scandir(folder) if entry.name.startswith(prefix)),
        key=lambda entry: entry.stat().st_mtime,
    )
    for entry in siblings[:-KEPT_PER_VIEW]:
        Path(entry.path).unlink(missing_ok=True)


def _sweep(root: Path) -> None:
    """The least recently written accounts' drawings, past MAX_ACCOUNTS of them."""
    folders = []
    for entry in os.scandir(root):
        if entry.is_dir():
            folders.append(entry)
        elif not entry.name.endswith(".part"):  # a file of the older flat layout
            _remove(entry)
    if len(folders) > MAX_ACCOUNTS:
        folders.sort(key=lambda entry: entry.stat().st_mtime)
        for entry in folders[: len(folders) - MAX_ACCOUNTS * 3 // 4]:
            _remove(entry)


def _remove(entry: os.DirEntry[str]) -> None:
    if entry.is_dir():
        shutil.rmtree(entry.path, ignore_errors=True)
    else:
        Path(entry.path).unlink(missing_ok=True)


def _folder() -> Path:
    return Path(settings.GUANXI_DRAWINGS)


def _path(account_id: int, language: str, view: str, name: str) -> Path:
    return _folder() / str(account_id) / f"{language}-{view}-{name}"
