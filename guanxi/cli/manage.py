from __future__ import annotations

import click

from guanxi.cli.django_setup import setup_django


@click.command(context_settings={"ignore_unknown_options": True, "help_option_names": []})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Run a Django management command (e.g. `guanxi manage migrate`)."""
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["guanxi manage", *args])
