"""`guanxi qualify`: score the portfolio, store the run, print tiers, flags and reasons."""

from __future__ import annotations

from datetime import datetime

import click

from guanxi.cli.django_setup import reject, setup_django
from guanxi.cli.translated import Command, gettext_noop


@click.command(
    cls=Command,
    help=gettext_noop(
        "Score every account on the qualification criteria (R1) and recommend tiers.\n\n"
        "The run is stored; each account's tier becomes the recommended one (overrides stay)."
    ),
)
@click.option(
    "--policy",
    "policy_name",
    default=None,
    help=gettext_noop("Policy name; the default if omitted."),
)
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help=gettext_noop(
        "Count periods back from this date; default: the latest invoice date in the data."
    ),
)
@click.option(
    "--format",
    "output",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help=gettext_noop("How to print the result: a table, JSON or CSV."),
)
@click.option(
    "--explain",
    "customer_id",
    default=None,
    help=gettext_noop("Explain one account's score (customer code)."),
)
@click.option(
    "--user", "username", default=None, help=gettext_noop("Only the accounts this user may see.")
)
def qualify(
    policy_name: str | None,
    as_of: datetime | None,
    output: str,
    customer_id: str | None,
    username: str | None,
) -> None:
    setup_django()
    from django.core.exceptions import ValidationError
    from django.http import Http404
    from django.utils.translation import gettext as _
    from rich.console import Console

    from guanxi.accounts.models import Account
    from guanxi.cli import qualify_output
    from guanxi.core.access import account_by_code_for_user, visible_accounts
    from guanxi.planning.selectors import qualification_policy_latest
    from guanxi.planning.services import qualification_policy_default, qualification_run
    from guanxi.users.models import User

    user = None
    if username is not None:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            reject(_("There is no active user %(username)s.") % {"username": username})
            return
    policy = (
        qualification_policy_latest(policy_name) if policy_name else qualification_policy_default()
    )
    if policy is None:
        reject(_("There is no policy named %(name)s.") % {"name": policy_name})
        return
    accounts = visible_accounts(user) if user is not None else Account.objects.all()
    explained = None
    if customer_id is not None:
        try:
            explained = (
                account_by_code_for_user(user, customer_id)
                if user
                else accounts.get(customer_code=customer_id)
            )
        except (Http404, Account.DoesNotExist):
            reject(_("There is no customer %(code)s that you may see.") % {"code": customer_id})
            return
    try:
        # On a terminal, something moves while many accounts are qualified and stored.
        with Console(stderr=True).status(_("Qualifying the accounts…")):
            run = qualification_run(
                actor=user, policy=policy, as_of=as_of.date() if as_of else None, accounts=accounts
            )
    except ValidationError as error:
        reject("; ".join(error.messages))
        return
    if explained is not None:
        qualify_output.explain(run, explained, output)
    else:
        qualify_output.portfolio(run, output)
