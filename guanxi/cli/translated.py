"""The CLI's help in the terminal's language.

Help texts are written in English inside `gettext_noop` (plain strings at import, found by
makemessages) and translated only when help is shown: Django, and with it the language,
is set up only then, since a command may set its environment first (`guanxi demo` picks
its own database). Click's own words around them (the headings, the help option) are
translated here too.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import click

from guanxi.cli.django_setup import setup_django


def gettext_noop(message: str) -> str:
    """Marks a text for the catalogue (makemessages knows this name) and returns it as is:
    Django's own needs settings, which the CLI has only once a command runs."""
    return message


# Click's words, as click writes them, in our catalogue.
CLICK_WORDS = (
    gettext_noop("Usage:"),
    gettext_noop("Options:"),
    gettext_noop("Commands:"),
    gettext_noop("Show this message and exit."),
    gettext_noop("Show the version and exit."),
)
_HEADING = re.compile(r"^(Usage:|Options:|Commands:)", re.MULTILINE)
_ENGLISH: dict[object, str] = {}  # each help text as written, by the command or option


class Command(click.Command):
    def get_help(self, ctx: click.Context) -> str:
        return _help(self, ctx, super().get_help)


class Group(click.Group):
    command_class = Command
    group_class = type  # the groups of a group are Groups too

    def get_help(self, ctx: click.Context) -> str:
        return _help(self, ctx, super().get_help)


def _help(
    command: click.Command, ctx: click.Context, formatted: Callable[[click.Context], str]
) -> str:
    from django.utils.translation import gettext

    translate_tree(ctx.find_root().command)
    help_option = command.get_help_option(ctx)
    if help_option is not None:
        _translate(help_option)
    text = formatted(ctx)
    return _HEADING.sub(lambda match: gettext(match.group(1)), text)


def translate_tree(root: click.Command) -> None:
    """Every help text of the command tree, in the terminal's language."""
    setup_django()
    for command in _commands(root):
        _translate(command)
        for param in command.params:
            if isinstance(param, click.Option):
                _translate(param)


def _translate(holder: click.Command | click.Option) -> None:
    from django.utils.translation import gettext

    english = _ENGLISH.setdefault(holder, holder.help or "")
    if english:
        holder.help = gettext(english)


def _commands(command: click.Command) -> list[click.Command]:
    found = [command]
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            found += _commands(sub)
    return found
