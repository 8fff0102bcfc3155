"""Where the demo database lives: its own SQLite file, never the user's main database.

Used before Django is set up, so it imports nothing from Django.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

DEMO_DATABASE = "demo.sqlite3"


def guanxi_home() -> Path:
    """The same rule as the settings: GUANXI_HOME, or the user's data directory."""
    return Path(os.environ.get("GUANXI_HOME") or user_data_dir("guanxi", appauthor=False))


def use_fresh_demo_database() -> Path:
    """Point DATABASE_URL at an empty demo file; call before Django is set up."""
    home = guanxi_home()
    home.mkdir(parents=True, exist_ok=True)
    database = home / DEMO_DATABASE
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    return database
