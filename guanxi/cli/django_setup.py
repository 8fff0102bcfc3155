from __future__ import annotations

import os

import click

# settings.LANGUAGE_CODE, for what speaks before Django is set up (click's words).
SITE_LANGUAGE = "zh-hans"


def terminal_language() -> str | None:
    """The language the terminal asks for (LC_ALL, LC_MESSAGES, LANG), as a Django code."""
    for variable in ("GUANXI_LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "").split(".")[0].replace("-", "_").lower()
        if not value or value in {"c", "posix"}:
            continue
        if value.startswith(("zh_tw", "zh_hk", "zh_mo", "zh_hant")):
            return "zh-hant"
        if value.startswith("zh"):
            return "zh-hans"
        if value.startswith("en"):
            return "en"
    return None


def setup_django() -> None:
    """Configure Django once; commands call this first, after any environment they set.

    Messages then speak the terminal's language, or the site's default (Simplified Chinese).
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guanxi.config.settings")
    import django
    from django.utils import translation

    django.setup()
    if language := terminal_language():
        translation.activate(language)


def reject(message: str) -> None:
    """Stop with exit code 1: the input or the data was rejected."""
    click.secho(message, fg="red", err=True)
    raise SystemExit(1)
