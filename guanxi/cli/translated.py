"""The CLI in the terminal's language: its help, and click's own words.

Help texts are written in English inside `gettext_noop` (plain strings at import, found by
makemessages) and translated only when help is shown: Django, and with it the language,
is set up only then, since a command may set its environment first (`guanxi demo` picks
its own database).

Click's own words (the usage line and headings, usage errors such as an unknown option or
a bad choice, prompts, the progress bar's days) are asked of the standard library's
gettext when click writes them. While a command runs (`speaking`), that gettext reads the
same catalogue in the terminal's language, so an error made before Django is even set up
speaks it too. `CLICK_WORDS` puts click's words in the catalogue; a test checks it holds
every one click has.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from django.utils.translation import gettext_lazy, ngettext_lazy, to_locale

from guanxi.cli.django_setup import SITE_LANGUAGE, setup_django, terminal_language

LOCALE = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "django"  # the catalogue's file: LOCALE/<language>/LC_MESSAGES/django.mo
WIDE = "\u2e80"  # from here on, CJK: a heading in these takes a full-width colon


def gettext_noop(message: str) -> str:
    """Marks a text for the catalogue (makemessages knows this name) and returns it as is:
    Django's own needs settings, which the CLI has only once a command runs."""
    return message


# Click's words as click writes them (click 8.5), for the catalogue: never shown from here.
# Left out are its messages about a command declared wrongly, which only we could see.
CLICK_WORDS = (
    gettext_lazy("Usage:"),
    gettext_lazy("Options"),
    gettext_lazy("Positional arguments"),
    gettext_lazy("Commands"),
    gettext_lazy("Show this message and exit."),
    gettext_lazy("Show the version and exit."),
    gettext_lazy("%(prog)s, version %(version)s"),
    gettext_lazy("Aborted!"),
    gettext_lazy("Missing command."),
    ngettext_lazy(
        "Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"
    ),
    ngettext_lazy(
        "Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."
    ),
    gettext_lazy("deprecated"),
    gettext_lazy("DeprecationWarning: The command {name!r} is deprecated.{extra_message}"),
    gettext_lazy("DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}"),
    gettext_lazy("env var: {var}"),
    gettext_lazy("default: {default}"),
    gettext_lazy("required"),
    gettext_lazy("(dynamic)"),
    gettext_lazy("Do you want to continue?"),
    gettext_lazy("Confirm the action without prompting."),
    ngettext_lazy("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"),
    gettext_lazy("Missing argument"),
    gettext_lazy("Missing option"),
    gettext_lazy("Missing parameter"),
    gettext_lazy("Missing parameter: {param_name}"),
    gettext_lazy("Missing {param_type}"),
    gettext_lazy("unknown error"),
    gettext_lazy("Invalid value for {param_hint}: {message}"),
    gettext_lazy("Invalid value: {message}"),
    gettext_lazy("Could not open file {filename!r}: {message}"),
    gettext_lazy("Error: {message}"),
    gettext_lazy("Try '{command} {option}' for help."),
    gettext_lazy("No such option {name!r}."),
    gettext_lazy("No such command {name!r}."),
    gettext_lazy("Option {name!r} does not take a value."),
    ngettext_lazy(
        "Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."
    ),
    gettext_lazy("Argument {name!r} takes {nargs} values."),
    gettext_lazy("Press any key to continue..."),
    gettext_lazy("Repeat for confirmation"),
    gettext_lazy("Error: The two entered values do not match."),
    gettext_lazy("Error: invalid input"),
    gettext_lazy("file"),
    gettext_lazy("directory"),
    gettext_lazy("path"),
    gettext_lazy("Choose from:\n\t{choices}"),
    ngettext_lazy("{value!r} is not {choice}.", "{value!r} is not one of {choices}."),
    gettext_lazy("Choice({choices})"),
    ngettext_lazy(
        "{value!r} does not match the format {format}.",
        "{value!r} does not match the formats {formats}.",
    ),
    gettext_lazy("{value} is not in the range {range}."),
    gettext_lazy("{value!r} is not a valid boolean. Recognized values: {states}"),
    ngettext_lazy(
        "{len_type} values are required, but {len_value} was given.",
        "{len_type} values are required, but {len_value} were given.",
    ),
    gettext_lazy("{value!r} is not a valid {number_type}."),
    gettext_lazy("{value!r} is not a valid UUID."),
    gettext_lazy("{name} {filename!r} is a file."),
    gettext_lazy("{name} {filename!r} is a directory."),
    gettext_lazy("{name} {filename!r} is not readable."),
    gettext_lazy("{name} {filename!r} is not writable."),
    gettext_lazy("{name} {filename!r} is not executable."),
    gettext_lazy("{name} {filename!r} does not exist."),
    gettext_lazy("{editor}: Editing failed"),
    gettext_lazy("{editor}: Editing failed: {e}"),
    gettext_lazy("d"),
    gettext_lazy("Couldn't detect Bash version, shell completion is not supported."),
    gettext_lazy("Shell completion is not supported for Bash versions older than 4.4."),
)
HELP_OPTION = "Show this message and exit."
_ENGLISH: dict[object, str] = {}  # each help text as written, by the command or option


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Click's words from our catalogue in `language` (a Django code) meanwhile: the
    standard library's gettext reads its language from LANGUAGE, as GNU gettext does."""
    domain, before = gettext.textdomain(), os.environ.get("LANGUAGE")
    gettext.bindtextdomain(DOMAIN, str(LOCALE))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = to_locale(language)
    try:
        yield
    finally:
        gettext.textdomain(domain)
        if before is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = before


class _Formatter(click.HelpFormatter):
    def write_heading(self, heading: str) -> None:
        colon = "\uff1a" if heading[-1:] >= WIDE else ":"
        self.write(f"{'':>{self.current_indent}}{heading}{colon}\n")


class _Context(click.Context):
    formatter_class = _Formatter


class _Missing(click.MissingParameter):
    """Click ends "Missing argument 'FILE'" with a full stop of its own, outside the words
    it translates: in Chinese it takes the full-width one."""

    def format_message(self) -> str:
        said = super().format_message()
        words, stop, rest = said.partition(".")  # the first: a hint holds none
        if stop and said[:1] >= WIDE:
            return f"{words}\u3002{rest.lstrip()}"
        return said


class _Speaking(click.Command):
    context_class = _Context

    def main(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        with speaking(terminal_language() or SITE_LANGUAGE):
            return super().main(*args, **kwargs)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.MissingParameter as missing:
            raise _Missing(
                missing.message, missing.ctx, missing.param, missing.param_hint,
                missing.param_type,
            ) from None  # fmt: skip


class ExistingFile(click.Path):
    """A file that must exist, given as a `Path`. Named ("file") in the language spoken
    when it complains: click names a path's kind once, when the command is declared."""

    def __init__(self) -> None:
        super().__init__(exists=True, dir_okay=False, path_type=Path)

    @property  # type: ignore[override]
    def name(self) -> str:
        return gettext.gettext("file")

    @name.setter
    def name(self, _english: str) -> None:
        pass

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        return "FILE"  # in the help, like TEXT and INTEGER: a placeholder, not a word


class Command(_Speaking):
    def get_help(self, ctx: click.Context) -> str:
        return _help(self, ctx, super().get_help)


class Group(_Speaking, click.Group):
    command_class = Command
    group_class = type  # the groups of a group are Groups too

    def get_help(self, ctx: click.Context) -> str:
        return _help(self, ctx, super().get_help)


def _help(
    command: click.Command, ctx: click.Context, formatted: Callable[[click.Context], str]
) -> str:
    translate_tree(ctx.find_root().command)
    help_option = command.get_help_option(ctx)
    if help_option is not None:  # made once, maybe while another language was spoken
        _ENGLISH.setdefault(help_option, HELP_OPTION)
        _translate(help_option)
    return formatted(ctx)


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
