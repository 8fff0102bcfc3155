"""The `guanxi` command. Exit codes: 0 success, 1 input or data rejected, 2 usage error."""

from __future__ import annotations

import click

from guanxi.cli.demo import demo
from guanxi.cli.imports import import_group
from guanxi.cli.insights import insights
from guanxi.cli.manage import manage
from guanxi.cli.qualify import qualify
from guanxi.cli.serve import serve
from guanxi.cli.translated import Group, gettext_noop
from guanxi.cli.users import user


@click.group(
    cls=Group,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=gettext_noop("Guanxi — key account management: qualify, map, understand, prioritise."),
)
@click.version_option(package_name="guanxi")
def cli() -> None:
    pass


cli.add_command(demo)
cli.add_command(serve)
cli.add_command(user)
cli.add_command(manage)
cli.add_command(qualify)
cli.add_command(import_group)
cli.add_command(insights)


def main() -> None:
    cli()
