"""`guanxi insights`: the alerts of the relationship map (DESIGN.md §4, §7).

Without --user the command is the operator's: every account, but never a sensitive
insight, since no one's right to see vested interests applies. With --user it shows what
that user sees in the web app: their accounts, and vested interests only where they may.
"""

from __future__ import annotations

from datetime import datetime

import click

from guanxi.cli.django_setup import reject, setup_django
from guanxi.cli.translated import Command, gettext_noop

SEVERITIES = ["high", "medium", "low"]


@click.command(
    cls=Command,
    help=gettext_noop(
        "List the insights: who we do not know, who opposes us, what needs doing (R2, R3).\n\n"
        "With --account, the account's relationship strength comes first. Without --user, "
        "insights that reveal vested interests are never shown."
    ),
)
@click.option(
    "--account",
    "customer_code",
    default=None,
    help=gettext_noop("Only this account (customer code)."),
)
@click.option(
    "--user",
    "username",
    default=None,
    help=gettext_noop("See as this user: their accounts, sensitive insights only where they may."),
)
@click.option(
    "--severity",
    type=click.Choice(SEVERITIES),
    default=None,
    help=gettext_noop("Only this severity."),
)
@click.option(
    "--code", default=None, help=gettext_noop("Only this kind of insight, e.g. single_threaded.")
)
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help=gettext_noop("Judge freshness and recent changes as of this day; default: today."),
)
@click.option(
    "--format",
    "output",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
    help=gettext_noop("How to print the result: a table, JSON or CSV."),
)
def insights(
    customer_code: str | None,
    username: str | None,
    severity: str | None,
    code: str | None,
    as_of: datetime | None,
    output: str,
) -> None:
    setup_django()
    from django.http import Http404
    from django.utils import timezone
    from django.utils.translation import gettext as _
    from rich.console import Console

    from guanxi.accounts.models import Account
    from guanxi.cli import insights_output
    from guanxi.core.access import account_by_code_for_user
    from guanxi.domain.insights import InsightCode
    from guanxi.insights.selectors import insights_visible_to, operator_report
    from guanxi.users.models import User

    if code is not None and code not in InsightCode.__members__.values():
        raise click.BadParameter(", ".join(InsightCode), param_hint="--code")
    today = as_of.date() if as_of else timezone.localdate()
    filters = {"severity": severity or "", "code": code or ""}
    # On a terminal, something moves while thousands of accounts are read and judged.
    working = Console(stderr=True).status(_("Reading the maps and judging the accounts…"))
    if username is None:
        if (
            customer_code is not None
            and not Account.objects.filter(customer_code=customer_code).exists()
        ):
            reject(_("There is no customer %(code)s that you may see.") % {"code": customer_code})
            return
        with working:
            report = operator_report(today, customer_code=customer_code, **filters)
    else:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            reject(_("There is no active user %(username)s.") % {"username": username})
            return
        try:
            account_id = account_by_code_for_user(user, customer_code).pk if customer_code else None
        except Http404:
            reject(_("There is no customer %(code)s that you may see.") % {"code": customer_code})
            return
        with working:
            report = insights_visible_to(user, today, account_id=account_id, **filters)
    insights_output.show(report, output, with_strength=customer_code is not None)
