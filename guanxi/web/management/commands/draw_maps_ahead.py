"""Queue the big maps to be drawn ahead: run by `guanxi serve` as it starts, since a new
version of the drawing code makes every drawing on disk out of date (web/draw_ahead.py)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext, ngettext

from guanxi.web.draw_ahead import BIG_MAP_PEOPLE, big_maps, draw_map_ahead_task


class Command(BaseCommand):
    @property
    def help(self) -> str:  # type: ignore[override]  # in the reader's language, when shown
        return gettext(
            "Queue the maps of accounts with many people to be drawn by the background worker."
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--people", type=int, default=BIG_MAP_PEOPLE)

    def handle(self, *args: Any, **options: Any) -> None:
        queued = 0
        for account_id in big_maps(people=options["people"]):
            draw_map_ahead_task.enqueue(account_id)
            queued += 1
        if options["verbosity"] < 1:
            return
        self.stdout.write(
            ngettext(
                "%(count)s map queued to be drawn ahead.",
                "%(count)s maps queued to be drawn ahead.",
                queued,
            )
            % {"count": queued}
        )
