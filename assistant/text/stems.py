"""Norwegian Snowball stems without stop words: what lexical retrieval and word-overlap checks
compare."""

from __future__ import annotations

import re
from functools import lru_cache

_TOKEN = re.compile(r"(?u)\b\w\w+\b")


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("norwegian")


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_NORWEGIAN

    return frozenset(STOPWORDS_NORWEGIAN)


def tokenize(text: str) -> list[str]:
    """Lower-case words of two or more characters, stop words removed, stemmed."""
    words = [w for w in _TOKEN.findall(text.lower()) if w not in _stopwords()]
    return _stemmer().stemWords(words)


def overlap(stems: set[str], text: str) -> float:
    """Share of ``stems`` that ``text`` contains (0 when there are none)."""
    if not stems:
        return 0.0
    return len(stems & set(tokenize(text))) / len(stems)
