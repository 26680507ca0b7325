"""What one query may cost: a cap on distinct keyword terms and on the tokens the dense encoder reads.

Both are spent in order of importance — the question, then the lexicon's expansions, then a
follow-up's context — so an ordinary question is searched exactly as without a budget, and a huge
one (or a huge context) costs no more than the budget, whatever it holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

__all__ = ["bounded_terms", "fit"]

_WORD = re.compile(r"\S+")


def bounded_terms(groups: Sequence[tuple[Sequence[str], int]], limit: int) -> list[str]:
    """`(tokens, weight)` groups as one keyword query: each token repeated `weight` times (BM25 sums
    per occurrence, so a repeat weighs), keeping only the first `limit` distinct tokens met."""
    allowed: set[str] = set()
    for tokens, _ in groups:
        for token in tokens:
            if len(allowed) >= limit:
                break
            allowed.add(token)
    return [token for tokens, weight in groups for token in tokens if token in allowed for _ in range(weight)]


def fit(text: str, budget: int, count: Callable[[str], int]) -> str:
    """`text` when `count` puts it within `budget` tokens, else its longest prefix that fits, cut after
    a word (inside the first word when even that one is too long). A binary search: a handful of
    `count` calls, each on at most `text`."""
    if budget <= 0:
        return ""
    if count(text) <= budget:
        return text

    def fits(end: int) -> bool:
        return count(text[:end]) <= budget

    ends = [match.end() for match in _WORD.finditer(text)]
    cut = _last_fitting(ends, fits)
    if cut == 0 and ends:
        cut = _last_fitting(range(1, ends[0] + 1), fits)
    return text[:cut]


def _last_fitting(cuts: Sequence[int], fits: Callable[[int], bool]) -> int:
    """The largest of the ascending `cuts` that fits (those that fit come first); 0 when none does."""
    low, high = 0, len(cuts)
    while low < high:
        middle = (low + high + 1) // 2
        if fits(cuts[middle - 1]):
            low = middle
        else:
            high = middle - 1
    return cuts[low - 1] if low else 0
