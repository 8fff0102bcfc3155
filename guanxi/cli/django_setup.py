from __future__ import annotations

import os

import click


def setup_django() -> None:
    """Configure Django once; commands call this first, after any environment they set."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guanxi.config.settings")
    import django

    django.setup()


def reject(message: str) -> None:
    """Stop with exit code 1: the input or the data was rejected."""
    click.secho(message, fg="red", err=True)
    raise SystemExit(1)
