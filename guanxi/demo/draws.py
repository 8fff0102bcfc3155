"""Fast draws for the hot loops (sales lines, activities): Random.choice and randint cost a few
times more than one Random.random, which shows at tens of millions of rows."""

from __future__ import annotations

from collections.abc import Sequence
from random import Random
from typing import TypeVar

T = TypeVar("T")


def pick(rng: Random, items: Sequence[T]) -> T:
    return items[int(rng.random() * len(items))]


def between(rng: Random, low: int, high: int) -> int:
    """An integer in [low, high], like randint."""
    return low + int(rng.random() * (high - low + 1))
