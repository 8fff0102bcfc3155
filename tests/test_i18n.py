"""The three catalogues are complete: every string a user can see has its words in each language."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from django.utils import translation

LOCALE = Path(__file__).resolve().parent.parent / "guanxi" / "locale"


@pytest.mark.parametrize("language", ["zh_Hans", "zh_Hant", "en"])
def test_catalogue_is_complete(language: str) -> None:
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    assert len(catalogue) > 100
    missing = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert missing == []
    assert fuzzy == []


@pytest.mark.parametrize("language", ["zh_Hans", "zh_Hant"])
def test_chinese_translations_keep_every_placeholder(language: str) -> None:
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    for entry in catalogue:
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for translation_text in translations:
            for placeholder in ("%(", "{"):
                # Chinese has one form for all counts: a plural's may use the plural's words
                # ("{value!r} is not one of {choices}") where the singular has others.
                expected = {entry.msgid.count(placeholder), entry.msgid_plural.count(placeholder)}
                if not entry.msgid_plural:
                    expected = {entry.msgid.count(placeholder)}
                assert translation_text.count(placeholder) in expected, entry.msgid


def test_models_speak_chinese_when_asked() -> None:
    from guanxi.accounts.models import Account

    with translation.override("zh-hans"):
        assert str(Account._meta.verbose_name) == "客户"
    with translation.override("zh-hant"):
        assert str(Account._meta.verbose_name) == "客戶"
    with translation.override("en"):
        assert str(Account._meta.verbose_name) == "account"
