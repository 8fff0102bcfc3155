"""Fill the Traditional Chinese catalogue from the Simplified one with OpenCC (s2twp).

Only entries still untranslated (or fuzzy) in zh_Hant are filled, so hand-made
Traditional wording is kept. Run after translating zh_Hans: `make messages` first.
"""

from __future__ import annotations

from pathlib import Path

import opencc
import polib

LOCALE = Path(__file__).resolve().parent.parent / "guanxi" / "locale"


def main() -> None:
    hans = polib.pofile(str(LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    hant_path = LOCALE / "zh_Hant" / "LC_MESSAGES" / "django.po"
    hant = polib.pofile(str(hant_path))
    converter = opencc.OpenCC("s2twp")
    source = {(e.msgctxt, e.msgid): e for e in hans}
    filled = 0
    for entry in hant:
        simplified = source.get((entry.msgctxt, entry.msgid))
        if simplified is None or not simplified.translated():
            continue
        if entry.translated() and "fuzzy" not in entry.flags:
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {
                k: converter.convert(v) for k, v in simplified.msgstr_plural.items()
            }
        else:
            entry.msgstr = converter.convert(simplified.msgstr)
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        filled += 1
    hant.save(str(hant_path))
    print(f"zh_Hant: filled {filled} entries from zh_Hans")


if __name__ == "__main__":
    main()
