from __future__ import annotations

import click


@click.command()
@click.option("--accounts", default=60, show_default=True, type=click.IntRange(1, 1_000_000))
@click.option("--seed", default=1, show_default=True, type=int)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--no-serve", is_flag=True, help="Build the workspace, then stop.")
def demo(accounts: int, seed: int, port: int, no_serve: bool) -> None:
    """Build a realistic bilingual demo workspace and serve it on 127.0.0.1."""
    raise click.ClickException("the demo generator is being written")
