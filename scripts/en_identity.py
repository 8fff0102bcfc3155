"""Complete the English catalogue: the source strings are English, so each msgstr is its msgid."""

from __future__ import annotations

from pathlib import Path

import polib

PO = (
    Path(__file__).resolve().parent.parent
    / "guanxi"
    / "locale"
    / "en"
    / "LC_MESSAGES"
    / "django.po"
)


def main() -> None:
    catalogue = polib.pofile(str(PO))
    for entry in catalogue:
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        elif not entry.msgstr or "fuzzy" in entry.flags:
            entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    catalogue.save(str(PO))


if __name__ == "__main__":
    main()
