"""Search keys for Chinese names: full pinyin and initials (张伟 → zhangwei, zw)."""

from __future__ import annotations

import re
import unicodedata

from pypinyin import Style, lazy_pinyin

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _fold(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_ALNUM.sub("", ascii_text.lower())


def _split_words(chars: str) -> list[str]:
    return chars.split()


def pinyin_full(name: str) -> str:
    """张伟 → 'zhangwei'; Latin letters and digits are kept, lower-cased."""
    return _fold("".join(lazy_pinyin(name, style=Style.NORMAL, errors="default")))


def pinyin_initials(name: str) -> str:
    """张伟 → 'zw'; a Latin word contributes its first letter, digits are kept."""
    parts = lazy_pinyin(name, style=Style.FIRST_LETTER, errors=_split_words)  # type: ignore[arg-type]
    return "".join(_fold(part) if part.isdigit() else _fold(part)[:1] for part in parts)


def has_chinese(text: str) -> bool:
    return bool(_CJK.search(text))


def search_key(query: str) -> str:
    """What a typed query is compared against the stored keys with."""
    return _fold(query)
