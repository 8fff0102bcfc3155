"""Drawn maps and their parts kept in this process's memory, as they are.

Django's in-memory cache pickles what it keeps on every write and unpickles it on every
read: a map drawn afresh paid 2 ms for its text, cards and layout, and a kept one the
unpickling of its text (docs/performance.md). The keys name everything a drawing shows
(web/views/account_map.py), so an entry is never stale; past MAX_ENTRIES the least
recently used go. What is kept must not be changed by whoever reads it (text, tuples,
and card dictionaries that are only read). Shared by the process's threads; another
process has its own, and shares drawings through the disk (`drawings.py`).
"""

from __future__ import annotations

import threading
from typing import Any

from cachetools import LRUCache

MAX_ENTRIES = 1000

_kept: LRUCache[str, Any] = LRUCache(MAX_ENTRIES)
_lock = threading.Lock()


def get(key: str) -> Any:
    """What is kept under `key`, or None."""
    with _lock:
        return _kept.get(key)


def put(key: str, value: Any) -> None:
    with _lock:
        _kept[key] = value


def clear() -> None:
    """Forget everything kept (tests; the page benchmark's "nothing kept")."""
    with _lock:
        _kept.clear()
