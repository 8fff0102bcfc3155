"""What `guanxi demo` shows: a progress bar while building, then how to log in."""

from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from guanxi.demo.build import DemoSummary, build_demo

ROLE_NAMES = {
    "admin": "admin (sales ops)",
    "manager": "sales manager",
    "executive": "executive",
    "kam": "KAM",
}
ROW_LABELS = {
    "account": "accounts", "contact": "contacts", "activity": "activities", "sales": "sales lines",
    "relationship": "relationships", "link": "contact links", "need": "needs",
    "opportunity": "opportunities", "interest": "vested interests", "practice": "practices",
}  # fmt: skip


def build_with_progress(accounts: int, seed: int, console: Console | None = None) -> DemoSummary:
    console = console or Console(highlight=False)
    if not console.is_terminal:
        return build_demo(
            accounts,
            seed,
            progress=lambda done, total: console.print(f"  {done:,} / {total:,} accounts"),
        )
    columns = (
        TextColumn("Building"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("accounts"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console) as bar:
        task = bar.add_task("demo", total=accounts)
        return build_demo(
            accounts, seed, progress=lambda done, total: bar.update(task, completed=done)
        )


def print_summary(summary: DemoSummary, port: int, console: Console | None = None) -> None:
    console = console or Console(highlight=False)
    counts = ", ".join(f"{summary.rows.get(key, 0):,} {label}" for key, label in ROW_LABELS.items())
    console.print(
        f"Built in {summary.seconds:.1f} s (seed {summary.seed}, demo today {summary.today}): {counts}."
    )
    console.print(f"\nGuanxi demo: [bold]http://127.0.0.1:{port}/[/bold]")
    logins = Table(
        "login", "role", "name", "team", title=f"Password for every demo user: {summary.password}"
    )
    shown = [
        login
        for login in summary.logins
        if login.role != "kam" or login.username in ("kam1", "kam2")
    ]
    for login in shown:
        logins.add_row(
            login.username, ROLE_NAMES.get(login.role, login.role), login.display_name, login.team
        )
    kams = sum(login.role == "kam" for login in summary.logins)
    if kams > 2:
        logins.add_row("…", "KAM", f"kam1 … kam{kams}", "")
    console.print(logins)
    console.print("Start with kam1; these two accounts show the method:")
    for showcase in summary.showcases:
        console.print(f"  {showcase.code}  {showcase.name} — {showcase.story}")
