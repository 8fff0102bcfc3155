"""Sales lines and monthly sums move from rows to the columnar sales store (decision 0001).

Existing lines are carried over: read in batches, merged into SalesChunk rows by the same
code an import uses, and the monthly sums are computed afresh from them.
"""

from django.db import migrations, models

READ_BATCH = 200_000


def lines_to_store(apps, schema_editor):  # type: ignore[no-untyped-def]
    import duckdb
    import pyarrow as pa

    from guanxi.accounts import sales_store

    SalesLine = apps.get_model("accounts", "SalesLine")
    if not SalesLine.objects.exists():
        return
    columns = sales_store.LINE_COLUMNS
    db = duckdb.connect()
    db.execute(sales_store.lines_table_sql("carried"))
    rows = SalesLine.objects.order_by("pk").values_list(*columns).iterator(chunk_size=READ_BATCH)
    batch: list[tuple[object, ...]] = []

    def flush() -> None:
        table = pa.table({c: [row[i] for row in batch] for i, c in enumerate(columns)})
        db.register("batch", table)
        db.execute(f"INSERT INTO carried SELECT {', '.join(columns)} FROM batch")
        db.unregister("batch")
        batch.clear()

    for row in rows:
        batch.append(row)
        if len(batch) == READ_BATCH:
            flush()
    if batch:
        flush()
    sales_store.write_lines(db, "carried")
    db.close()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_sales_month"),
    ]

    operations = [
        migrations.CreateModel(
            name="SalesChunk",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("bucket", models.PositiveSmallIntegerField(unique=True, verbose_name="bucket")),
                ("lines", models.BinaryField(verbose_name="lines (Parquet)")),
                ("months", models.BinaryField(verbose_name="monthly sums (Parquet)")),
                ("line_count", models.PositiveIntegerField(default=0, verbose_name="lines")),
                ("month_count", models.PositiveIntegerField(default=0, verbose_name="months")),
                ("first_month", models.DateField(null=True, verbose_name="first month")),
                ("last_invoice_date", models.DateField(null=True, verbose_name="latest invoice date")),
                ("months_valid_from", models.DateField(help_text="The latest due date of an unpaid invoice counted late: an as-of date on or before it changes the sums.", null=True, verbose_name="sums valid after")),
                ("months_valid_until", models.DateField(help_text="The earliest due date of an unpaid invoice not yet late: past it, the sums change.", null=True, verbose_name="sums valid until")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated")),
            ],
            options={
                "verbose_name": "sales chunk",
                "verbose_name_plural": "sales chunks",
            },
        ),
        migrations.RunPython(lines_to_store, migrations.RunPython.noop, elidable=True),
        migrations.DeleteModel(name="SalesMonth"),
        migrations.DeleteModel(name="SalesLine"),
    ]
