"""`guanxi import sales FILE`, `guanxi import contacts FILE`: the CLI doors to guanxi.imports
(DESIGN.md §6)."""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from guanxi.cli.django_setup import reject, setup_django
from guanxi.cli.translated import ExistingFile, Group, gettext_noop

if TYPE_CHECKING:
    from guanxi.accounts.models import Account
    from guanxi.imports.columns import ColumnSet
    from guanxi.users.models import User

PROBLEMS_SHOWN = 50


@click.group(
    "import",
    cls=Group,
    help=gettext_noop(
        "Import data: sales lines from your ERP (CSV, XLSX, Parquet), contacts (CSV, XLSX, vCard)."
    ),
)
def import_group() -> None:
    pass


def _encoding(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return codecs.lookup(value).name
    except LookupError as error:
        setup_django()
        from django.utils.translation import gettext

        message = gettext("unknown encoding %(name)s") % {"name": repr(value)}
        raise click.BadParameter(message) from error


@import_group.command(
    "sales",
    help=gettext_noop(
        "Import invoice lines: customers are matched or created by customer_id, lines are "
        "keyed by customer, invoice and line, so importing a file again never counts anything "
        "twice.\n\n"
        "Columns: customer_id, invoice_id, invoice_date, amount (required), customer_name, "
        "line_no, cost, quantity, product_id, category, due_date, paid_date, currency. Common "
        "Chinese headers (客户编号, 发票号, 开票日期, 金额 …) are recognised without a map. "
        "Nothing is written if any row is bad, unless --skip-invalid."
    ),
)
@click.argument("file", type=ExistingFile())
@click.option(
    "--map",
    "map_entries",
    multiple=True,
    metavar="canonical=Header",
    help=gettext_noop(
        "Which header of the file holds a column, e.g. --map amount=Net (repeatable)."
    ),
)
@click.option(
    "--mapping-file",
    type=ExistingFile(),
    help=gettext_noop("A file of canonical=Header lines, one per line."),
)
@click.option(
    "--encoding",
    callback=_encoding,
    help=gettext_noop("Force the CSV encoding (default: detected)."),
)
@click.option(
    "--dry-run", is_flag=True, help=gettext_noop("Check the file and say what would change.")
)
@click.option(
    "--skip-invalid",
    is_flag=True,
    help=gettext_noop("Import the valid rows; write the others to FILE.rejects.csv."),
)
def sales(
    file: Path,
    map_entries: tuple[str, ...],
    mapping_file: Path | None,
    encoding: str | None,
    dry_run: bool,
    skip_invalid: bool,
) -> None:
    from guanxi.imports.columns import SALES

    mapping = _mapping(map_entries, mapping_file, SALES)
    setup_django()
    _run(file, mapping, encoding, dry_run, skip_invalid)


def _mapping(
    map_entries: tuple[str, ...], mapping_file: Path | None, columns: ColumnSet
) -> dict[str, str]:
    from guanxi.imports.columns import MappingError, parse_map_entries, read_mapping_file

    entries = list(map_entries)
    if mapping_file is not None:
        entries = read_mapping_file(mapping_file.read_text(encoding="utf-8-sig")) + entries
    try:
        return parse_map_entries(entries, columns)
    except MappingError as error:
        raise click.BadParameter(
            f"{error} (expected canonical=Header; canonical is one of the columns listed in --help)",
            param_hint="--map",
        ) from error


def _run(
    file: Path, mapping: dict[str, str], encoding: str | None, dry_run: bool, skip_invalid: bool
) -> None:
    from guanxi.cli.import_console import RichProgress, print_problems, print_summary
    from guanxi.imports.columns import HeaderError
    from guanxi.imports.messages import header_error, source_error
    from guanxi.imports.services import sales_import
    from guanxi.imports.sources import SourceError

    _migrate_if_needed()
    options: dict[str, Any] = {"dry_run": dry_run, "skip_invalid": skip_invalid}
    try:
        with RichProgress() as progress:
            report = sales_import(
                path=file, mapping=mapping, encoding=encoding, progress=progress, **options
            )
    except SourceError as error:
        reject(source_error(error))
        return
    except HeaderError as error:
        reject(header_error(error))
        return
    print_problems(report, PROBLEMS_SHOWN)
    print_summary(report)
    if report.rejected:
        reject(_rejected_message(report.rows_rejected))


@import_group.command(
    "contacts",
    help=gettext_noop(
        "Import the people of your accounts from a CSV or XLSX sheet or a vCard file (.vcf, "
        "3.0 or 4.0, also 2.1 from phones). A contact already stored in the account is found "
        "by email, else mobile, else exact name, and updated with what the file gives; "
        "importing a file again never duplicates anyone.\n\n"
        "Columns: customer_id (unless --account), name (required), name_latin, title, "
        "department, phone, mobile, email, wechat, reports_to (the name of someone in the same "
        "account), stance, influence (1-5), buying_roles, decision_orientation, personality, "
        "preferences, notes. Chinese headers (客户编号, 姓名, 职务, 部门, 电话, 手机, 邮箱, 微信, "
        "上级 …) and values (支持者, 中立, 反对 …) are recognised. In a vCard, ORG names the "
        "account (its second part is the department) unless --account is given. Nothing is "
        "written if any row is bad, unless --skip-invalid."
    ),
)
@click.argument("file", type=ExistingFile())
@click.option(
    "--account",
    "customer_code",
    metavar="CUSTOMER_ID",
    help=gettext_noop("The account (customer code) of rows that name none, and of every vCard."),
)
@click.option(
    "--map",
    "map_entries",
    multiple=True,
    metavar="canonical=Header",
    help=gettext_noop(
        "Which header of the file holds a column, e.g. --map name=联系人 (repeatable)."
    ),
)
@click.option(
    "--mapping-file",
    type=ExistingFile(),
    help=gettext_noop("A file of canonical=Header lines, one per line."),
)
@click.option(
    "--encoding", callback=_encoding, help=gettext_noop("Force the encoding (default: detected).")
)
@click.option(
    "--dry-run", is_flag=True, help=gettext_noop("Check the file and say what would change.")
)
@click.option(
    "--skip-invalid",
    is_flag=True,
    help=gettext_noop(
        "Import the valid rows; write the others to FILE.rejects.csv (or .rejects.vcf)."
    ),
)
@click.option(
    "--user",
    "username",
    default=None,
    help=gettext_noop(
        "Import as this user: only into accounts they may edit; the history names them."
    ),
)
def contacts(
    file: Path,
    customer_code: str | None,
    map_entries: tuple[str, ...],
    mapping_file: Path | None,
    encoding: str | None,
    dry_run: bool,
    skip_invalid: bool,
    username: str | None,
) -> None:
    from guanxi.imports.contacts.columns import CONTACTS

    mapping = _mapping(map_entries, mapping_file, CONTACTS)
    setup_django()
    _migrate_if_needed()
    user, account = _importer(username, customer_code)
    _run_contacts(file, mapping, encoding, account, user, dry_run, skip_invalid)


def _importer(
    username: str | None, customer_code: str | None
) -> tuple[User | None, Account | None]:
    """Who imports (the operator, or a user) and into which account, if one is given."""
    from django.utils.translation import gettext as _

    from guanxi.core.access import can_edit_account
    from guanxi.users.models import User

    user = None
    if username is not None:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            reject(_("There is no active user %(username)s.") % {"username": username})
    if customer_code is None:
        return user, None
    account = _account_by_code(user, customer_code)
    if account is None:
        reject(_("There is no customer %(code)s that you may see.") % {"code": customer_code})
    elif user is not None and not can_edit_account(user, account):
        reject(_("You may not change customer %(code)s.") % {"code": customer_code})
    return user, account


def _account_by_code(user: User | None, customer_code: str) -> Account | None:
    from django.http import Http404

    from guanxi.accounts.models import Account
    from guanxi.core.access import account_by_code_for_user

    if user is None:
        return Account.objects.filter(customer_code=customer_code).first()
    try:
        return account_by_code_for_user(user, customer_code)
    except Http404:
        return None


def _run_contacts(
    file: Path,
    mapping: dict[str, str],
    encoding: str | None,
    account: Account | None,
    user: User | None,
    dry_run: bool,
    skip_invalid: bool,
) -> None:
    from guanxi.cli.import_console import RichProgress, print_contact_summary, print_problems
    from guanxi.imports.columns import HeaderError
    from guanxi.imports.contacts.messages import contact_problem_line, contact_source_error
    from guanxi.imports.contacts.services import contact_import
    from guanxi.imports.messages import header_error
    from guanxi.imports.sources import SourceError

    options: dict[str, Any] = {"dry_run": dry_run, "skip_invalid": skip_invalid}
    try:
        with RichProgress() as progress:
            report = contact_import(
                path=file, mapping=mapping, encoding=encoding, account=account, user=user,
                progress=progress, **options,
            )  # fmt: skip
    except SourceError as error:
        reject(contact_source_error(error))
        return
    except HeaderError as error:
        reject(header_error(error))
        return
    print_problems(report, PROBLEMS_SHOWN, contact_problem_line)
    print_contact_summary(report)
    if report.rejected:
        reject(_rejected_message(report.rows_rejected))


def _rejected_message(rows: int) -> str:
    from django.utils.translation import ngettext

    return ngettext(
        "%(count)s row has problems: nothing was written. "
        "Correct it, or import the other rows with --skip-invalid.",
        "%(count)s rows have problems: nothing was written. "
        "Correct them, or import the other rows with --skip-invalid.",
        rows,
    ) % {"count": f"{rows:,}"}


def _migrate_if_needed() -> None:
    """A fresh GUANXI_HOME has no tables yet: create them, as `guanxi serve` does."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=0)
