"""Pinyin search keys, cached: demo names repeat a lot, and pypinyin is the slow part."""

from __future__ import annotations

from functools import lru_cache

from guanxi.domain.names import pinyin_full, pinyin_initials


@lru_cache(maxsize=200_000)
def search_keys(name: str) -> tuple[str, str]:
    """(full pinyin, initials), exactly as the services compute them on save."""
    return pinyin_full(name), pinyin_initials(name)


@lru_cache(maxsize=4_096)
def latin(word: str) -> str:
    """华轩 → 'Huaxuan'; 欧阳 → 'Ouyang'."""
    return pinyin_full(word).capitalize()


def latin_person(surname: str, given: str) -> str:
    """Pinyin in the Western order used on business cards: 张伟 → 'Wei Zhang'."""
    return f"{latin(given)} {latin(surname)}"
