from __future__ import annotations

import click

from guanxi.cli.django_setup import reject, setup_django
from guanxi.cli.serve import refuse_a_taken_port, run_server
from guanxi.cli.translated import Command, gettext_noop
from guanxi.demo.workspace import use_fresh_demo_database


@click.command(
    cls=Command,
    help=gettext_noop(
        "Build a realistic bilingual demo workspace and serve it on 127.0.0.1.\n\n"
        "The demo has its own SQLite file (demo.sqlite3 in GUANXI_HOME), rebuilt on every run; "
        "your main database is never touched. The same seed always builds the same data."
    ),
)
@click.option(
    "--accounts",
    default=60,
    show_default=True,
    type=click.IntRange(1, 1_000_000),
    help=gettext_noop("Customer accounts to build, the two showcase accounts included."),
)
@click.option(
    "--seed", default=1, show_default=True, type=int, help=gettext_noop("Another seed, other data.")
)
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(1, 65535),
    help=gettext_noop("Port to serve on (127.0.0.1 only)."),
)
@click.option("--no-serve", is_flag=True, help=gettext_noop("Build the workspace, then stop."))
def demo(accounts: int, seed: int, port: int, no_serve: bool) -> None:
    if not no_serve:  # before the demo's file is cleared (served, maybe) and built again
        refuse_a_taken_port("127.0.0.1", port)
    database = use_fresh_demo_database()
    setup_django()
    from django.core.management import call_command
    from django.utils.translation import gettext

    from guanxi.demo.build import DemoError
    from guanxi.demo.console import build_with_progress, print_summary

    click.echo(gettext("Building the demo workspace in %(path)s …") % {"path": database})
    call_command("migrate", interactive=False, verbosity=0)
    try:
        summary = build_with_progress(accounts, seed)
    except DemoError as error:
        reject(str(error))
        return
    print_summary(summary, port)
    if not no_serve:
        run_server("127.0.0.1", port)
