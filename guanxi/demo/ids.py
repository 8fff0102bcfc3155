"""Primary keys handed out by the generator, so rows can point at each other before insertion."""

from __future__ import annotations


class Ids:
    def __init__(self, starts: dict[str, int]) -> None:
        self._next = dict(starts)

    def take(self, kind: str) -> int:
        value = self._next[kind]
        self._next[kind] = value + 1
        return value

    def peek(self, kind: str) -> int:
        return self._next[kind]
