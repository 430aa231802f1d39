"""Lexical retrieval: BM25 over Norwegian Snowball stems, without Norwegian stop words.

``coverage`` says how much of a query the corpus vocabulary knows. An English question
rarely shares words with Norwegian text, and the few it does share (programme → programm)
point at the wrong paragraphs, so hybrid retrieval uses BM25 only for well-covered queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ..text.stems import tokenize


def build_lexical(texts: Sequence[str], out_dir: Path) -> None:
    import bm25s

    retriever = bm25s.BM25()
    retriever.index([tokenize(t) or [""] for t in texts], show_progress=False)
    retriever.save(str(out_dir))


class LexicalIndex:
    """A loaded BM25 index; rows are passage positions in index order."""

    def __init__(self, path: Path) -> None:
        import bm25s

        self._bm25 = bm25s.BM25.load(str(path))
        self.vocabulary = frozenset(k for k in self._bm25.vocab_dict if k)

    def coverage(self, tokens: Sequence[str]) -> float:
        if not tokens:
            return 0.0
        return sum(t in self.vocabulary for t in tokens) / len(tokens)

    def scores(self, tokens: Sequence[str]) -> np.ndarray:
        known = [t for t in tokens if t in self.vocabulary]
        if not known:
            return np.zeros(self._bm25.scores["num_docs"], dtype=np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)
