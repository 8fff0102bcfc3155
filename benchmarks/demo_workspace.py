"""Build the demo workspace into the database DATABASE_URL names (PostgreSQL, say).

`guanxi demo` always builds into its own SQLite file; the page benchmarks need the same
workspace on PostgreSQL too. The database must be empty (it is migrated first).

    DATABASE_URL=postgres://postgres@127.0.0.1:55433/guanxi_d50k GUANXI_HOME=/tmp/gx-pg \
        .venv/bin/python benchmarks/demo_workspace.py --accounts 50000
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ARGS = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
ARGS.add_argument("--accounts", type=int, default=50_000)
ARGS.add_argument("--seed", type=int, default=1)
OPTIONS = ARGS.parse_args()

if not os.environ.get("DATABASE_URL"):
    sys.exit("Set DATABASE_URL to the (empty) database to build into.")
os.environ["DJANGO_SETTINGS_MODULE"] = "guanxi.config.settings"
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from guanxi.demo.console import build_with_progress, print_summary  # noqa: E402

if __name__ == "__main__":
    call_command("migrate", interactive=False, verbosity=0)
    print_summary(build_with_progress(OPTIONS.accounts, OPTIONS.seed), port=8000)
