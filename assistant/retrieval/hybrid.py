"""Rank passages for a query: dense, lexical, or both fused.

The ranking itself is a pure function of the query's vector and tokens and the passage
scores, so it can be tested and benchmarked without a model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from ..corpus import Passage
from ..text.stems import tokenize

Mode = Literal["hybrid", "dense", "lexical"]
MODES: tuple[Mode, ...] = ("hybrid", "dense", "lexical")

#: BM25 takes part only when at least this share of the query's stems occur in the corpus
MIN_LEXICAL_COVERAGE = 0.5
#: weight of the (max-normalised) BM25 score added to the cosine. The multilingual dense
#: model is the stronger signal; BM25 breaks its near-ties on exact Norwegian wording. On the
#: development questions any weight from 0.03 to 0.12 gives the same ranking (docs/BENCHMARKS.md).
LEXICAL_WEIGHT = 0.05


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float
    dense: float
    lexical: float
    rank: int


def fuse(
    dense: np.ndarray, lexical: np.ndarray, coverage: float, mode: Mode = "hybrid"
) -> np.ndarray:
    """Combined score per passage (higher is better)."""
    if mode == "dense":
        return dense.astype(np.float64)
    if mode == "lexical":
        return lexical.astype(np.float64)
    score = dense.astype(np.float64)
    top = float(lexical.max()) if len(lexical) else 0.0
    if coverage >= MIN_LEXICAL_COVERAGE and top > 0:
        score = score + LEXICAL_WEIGHT * lexical / top
    return score


def rank(
    passages: list[Passage],
    dense: np.ndarray,
    lexical: np.ndarray,
    coverage: float,
    k: int,
    mode: Mode = "hybrid",
) -> list[Hit]:
    combined = fuse(dense, lexical, coverage, mode)
    order = np.argsort(-combined, kind="stable")[:k]
    return [
        Hit(passages[i], float(combined[i]), float(dense[i]), float(lexical[i]), n)
        for n, i in enumerate(order, start=1)
    ]


#: how many nearest passages the vector index is asked for; the rest score -1 (unranked)
DENSE_CANDIDATES = 200


def dense_scores(vectors, query_vector: np.ndarray, limit: int = DENSE_CANDIDATES) -> np.ndarray:
    """Cosine of the query with its ``limit`` nearest passages; -1 for every other passage.

    Asking the index for a bounded number of neighbours keeps a query's cost independent of
    the corpus size (an approximate index cannot rank everything anyway).
    """
    n = vectors.ntotal
    scores, ids = vectors.search(
        query_vector.reshape(1, -1).astype(np.float32), max(1, min(n, limit))
    )
    out = np.full(n, -1.0, dtype=np.float32)
    valid = ids[0] >= 0
    out[ids[0][valid]] = scores[0][valid]
    return out


def search(
    index,
    query: str,
    k: int = 5,
    mode: Mode = "hybrid",
    *,
    vector: np.ndarray | None = None,
    terms: str = "",
) -> list[Hit]:
    """Top ``k`` passages of a :class:`~assistant.indexing.store.LoadedIndex` for ``query``.

    ``vector`` is the query's vector when the caller has it already (one embedding per
    answer); ``terms`` are extra words for the lexical side only (a figure's label)."""
    tokens = tokenize(f"{query} {terms}" if terms else query)
    lexical = index.lexical.scores(tokens)
    if mode == "lexical":
        dense = np.zeros(len(index.passages), dtype=np.float32)
    else:
        if vector is None:
            vector = index.embed_query(query)
        dense = dense_scores(index.vectors, vector)
    return rank(index.passages, dense, lexical, index.lexical.coverage(tokens), k, mode)
