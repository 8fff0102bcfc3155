from __future__ import annotations

from pathlib import Path

import click

from guanxi.cli.django_setup import reject, setup_django
from guanxi.cli.translated import ExistingFile, Group, gettext_noop

ROLES = ["kam", "manager", "executive", "admin"]


@click.group(cls=Group, help=gettext_noop("Manage the people who use Guanxi."))
def user() -> None:
    pass


@user.command(
    "add",
    help=gettext_noop(
        "Create a user; the password is prompted for unless --password-file is given."
    ),
)
@click.argument("username")
@click.option(
    "--role", type=click.Choice(ROLES), required=True, help=gettext_noop("What the person does.")
)
@click.option("--team", default=None, help=gettext_noop("Sales team name; created if new."))
@click.option("--name", "display_name", default="", help=gettext_noop("Display name, e.g. 张伟."))
@click.option(
    "--capacity",
    default=80,
    show_default=True,
    type=click.IntRange(0, 744),
    help=gettext_noop("Monthly hours for account work."),
)
@click.option(
    "--password-file",
    type=ExistingFile(),
    help=gettext_noop("Read the password from this file instead of prompting."),
)
def add(
    username: str,
    role: str,
    team: str | None,
    display_name: str,
    capacity: int,
    password_file: Path | None,
) -> None:
    setup_django()
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext

    if password_file is not None:
        password = password_file.read_text(encoding="utf-8").strip()
    else:
        password = click.prompt(
            gettext("Password"),
            hide_input=True,
            confirmation_prompt=gettext("Repeat the password"),
        )

    from guanxi.users.services import user_create

    try:
        created = user_create(
            username=username,
            password=password,
            role=role,
            team_name=team,
            display_name=display_name,
            monthly_capacity_hours=capacity,
        )
    except ValidationError as error:
        reject("; ".join(error.messages))
        return
    click.echo(
        gettext("Created %(username)s (%(role)s).")
        % {"username": created.username, "role": created.get_role_display()}
    )


@user.command(
    "token",
    help=gettext_noop(
        "Create a personal API token for USERNAME and print it (shown this once only)."
    ),
)
@click.argument("username")
@click.option(
    "--name", default="cli", show_default=True, help=gettext_noop("What the token is for.")
)
def token(username: str, name: str) -> None:
    setup_django()
    from django.utils.translation import gettext as _

    from guanxi.users.models import User
    from guanxi.users.services import api_token_create

    owner = User.objects.filter(username=username, is_active=True).first()
    if owner is None:
        reject(_("No active user named %(name)s.") % {"name": username})
        return
    _token, raw = api_token_create(user=owner, name=name)
    click.echo(raw)
