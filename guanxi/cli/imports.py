"""`guanxi import sales FILE`: the CLI door to guanxi.imports (DESIGN.md §6)."""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

import click

from guanxi.cli.django_setup import reject, setup_django

PROBLEMS_SHOWN = 50


@click.group("import")
def import_group() -> None:
    """Import data from your ERP: sales lines (CSV, XLSX, Parquet)."""


def _encoding(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return codecs.lookup(value).name
    except LookupError as error:
        raise click.BadParameter(f"unknown encoding {value!r}") from error


@import_group.command("sales")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--map",
    "map_entries",
    multiple=True,
    metavar="canonical=Header",
    help="Which header of the file holds a column, e.g. --map amount=Net (repeatable).",
)
@click.option(
    "--mapping-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A file of canonical=Header lines, one per line.",
)
@click.option("--encoding", callback=_encoding, help="Force the CSV encoding (default: detected).")
@click.option("--dry-run", is_flag=True, help="Check the file and say what would change.")
@click.option(
    "--skip-invalid",
    is_flag=True,
    help="Import the valid rows; write the others to FILE.rejects.csv.",
)
def sales(
    file: Path,
    map_entries: tuple[str, ...],
    mapping_file: Path | None,
    encoding: str | None,
    dry_run: bool,
    skip_invalid: bool,
) -> None:
    """Import invoice lines: customers are matched or created by customer_id, lines are keyed
    by customer, invoice and line, so importing a file again never counts anything twice.

    Columns: customer_id, invoice_id, invoice_date, amount (required), customer_name,
    line_no, cost, quantity, product_id, category, due_date, paid_date, currency. Common
    Chinese headers (客户编号, 发票号, 开票日期, 金额 …) are recognised without a map.
    Nothing is written if any row is bad, unless --skip-invalid.
    """
    from guanxi.imports.columns import MappingError, parse_map_entries, read_mapping_file

    entries = list(map_entries)
    if mapping_file is not None:
        entries = read_mapping_file(mapping_file.read_text(encoding="utf-8-sig")) + entries
    try:
        mapping = parse_map_entries(entries)
    except MappingError as error:
        raise click.BadParameter(
            f"{error} (expected canonical=Header; canonical is one of the columns listed in --help)",
            param_hint="--map",
        ) from error
    setup_django()
    _run(file, mapping, encoding, dry_run, skip_invalid)


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
