from __future__ import annotations

import click

from guanxi.cli.django_setup import setup_django
from guanxi.cli.translated import Command, gettext_noop


@click.command(
    cls=Command,
    context_settings={"ignore_unknown_options": True, "help_option_names": []},
    help=gettext_noop("Run a Django management command (e.g. `guanxi manage migrate`)."),
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["guanxi manage", *args])
