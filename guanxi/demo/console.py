"""What `guanxi demo` shows: a progress bar while building, then how to log in."""

from __future__ import annotations

from django.utils.translation import gettext, gettext_lazy, pgettext
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from guanxi.demo.build import DemoSummary, build_demo

ROW_LABELS = {
    "account": gettext_lazy("accounts"), "contact": gettext_lazy("contacts"),
    "activity": gettext_lazy("activities"), "sales": gettext_lazy("sales lines"),
    "relationship": gettext_lazy("relationships"), "link": gettext_lazy("contact links"),
    "need": gettext_lazy("needs"), "opportunity": gettext_lazy("opportunities"),
    "interest": gettext_lazy("vested interests"), "practice": gettext_lazy("practices"),
}  # fmt: skip


def build_with_progress(accounts: int, seed: int, console: Console | None = None) -> DemoSummary:
    console = console or Console(highlight=False)
    if not console.is_terminal:
        return build_demo(
            accounts,
            seed,
            progress=lambda done, total: console.print(
                "  "
                + gettext("%(done)s / %(total)s accounts")
                % {"done": f"{done:,}", "total": f"{total:,}"}
            ),
        )
    columns = (
        TextColumn(gettext("Building")),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn(gettext("accounts")),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console) as bar:
        task = bar.add_task("demo", total=accounts)
        return build_demo(
            accounts, seed, progress=lambda done, total: bar.update(task, completed=done)
        )


def print_summary(summary: DemoSummary, port: int, console: Console | None = None) -> None:
    console = console or Console(highlight=False)
    from guanxi.users.models import Role

    counts = ", ".join(f"{summary.rows.get(key, 0):,} {label}" for key, label in ROW_LABELS.items())
    console.print(
        gettext("Built in %(seconds)s s (seed %(seed)s, demo today %(today)s): %(counts)s.")
        % {"seconds": f"{summary.seconds:.1f}", "seed": summary.seed, "today": summary.today,
           "counts": counts}
    )  # fmt: skip
    console.print("\n" + gettext("Guanxi demo:") + f" [bold]http://127.0.0.1:{port}/[/bold]")
    logins = Table(
        gettext("login"),
        gettext("role"),
        pgettext("person", "name"),
        gettext("team"),
        title=gettext("Password for every demo user: %(password)s")
        % {"password": summary.password},
    )
    shown = [
        login
        for login in summary.logins
        if login.role != "kam" or login.username in ("kam1", "kam2")
    ]
    roles = dict(Role.choices)
    for login in shown:
        logins.add_row(
            login.username, str(roles.get(login.role, login.role)), login.display_name, login.team
        )
    kams = sum(login.role == "kam" for login in summary.logins)
    if kams > 2:
        logins.add_row("…", str(Role.KAM.label), f"kam1 … kam{kams}", "")
    console.print(logins)
    console.print(gettext("Start with kam1; these accounts show the method:"))
    for showcase in summary.showcases:
        console.print(f"  {showcase.code}  {showcase.name} — {gettext(showcase.story)}")
