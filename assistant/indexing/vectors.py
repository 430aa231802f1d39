"""The vector index: exact (flat) for small corpora, approximate (HNSW) for large ones.

The kind is chosen by size, or set with ``ASSISTANT_INDEX_KIND`` (auto, flat, hnsw). The
parameters were measured by ``assistant bench scale`` on synthetic passages up to 1M
(docs/BENCHMARKS.md, "Scale").
"""

from __future__ import annotations

import faiss

#: dimension of multilingual-e5-small vectors
DIM = 384
#: the kinds of index this module builds
KINDS = ("flat", "hnsw")
#: below this many vectors the exact index is used: it needs no tuning, returns the true
#: neighbours, builds instantly and still answers one query in a few milliseconds (about 6 ms
#: at 50 000 on 2 shared cores); HNSW costs a minute of build time per 100 000 vectors
FLAT_MAX = 50_000
#: HNSW graph degree (links per vector on the upper levels, twice as many on level 0).
#: 32 costs about 270 bytes per vector on top of the 1 536 bytes of the vector itself
#: (1M vectors: 1 724 MiB, 1.81 GB in all)
HNSW_M = 32
#: candidate list while building the graph. 80 keeps the 1M build to about 19 minutes on 2
#: (shared) cores; 128 took up to 2x as long at 100k for +0.001 to +0.006 recall@10 at a
#: given efSearch.
#: Recall is instead bought with efSearch, which is cheap: p95 stays far below 20 ms
HNSW_EF_CONSTRUCTION = 80
#: efSearch (candidate list at query time) for a recall@10 target, measured with this module
#: on 1M synthetic passages (recall at a given efSearch falls as the index grows: 128 gives
#: 0.991 at 100k but 0.928 at 1M, so values measured at 1M are safe below it; re-measure
#: before going far beyond 1M)
EF_SEARCH_FOR_RECALL: tuple[tuple[float, int], ...] = (
    (0.90, 128),
    (0.95, 256),
    (0.98, 384),
    (0.99, 512),
)
#: the default recall target, and the efSearch it gives
RECALL_TARGET = 0.95
HNSW_EF_SEARCH = 256


def choose_kind(n: int, configured: str | None = None) -> str:
    """The index kind for ``n`` vectors: ``"flat"`` below :data:`FLAT_MAX`, else ``"hnsw"``.

    ``configured`` (``"flat"``, ``"hnsw"`` or ``"auto"``/``None``/``""``) lets a setting
    override the automatic choice.
    """
    if configured and configured != "auto":
        if configured not in KINDS:
            raise ValueError(f"index kind must be one of {', '.join(KINDS)} or auto")
        return configured
    return "flat" if n < FLAT_MAX else "hnsw"


def make_index(kind: str, dim: int = DIM, n: int = 0) -> faiss.Index:
    """An empty inner-product index of ``kind`` (``"flat"``, ``"hnsw"`` or ``"auto"``).

    Vectors must be L2-normalised, so inner product is cosine similarity. ``n`` (the number
    of vectors that will be added) is only used by ``"auto"``. An HNSW index comes with
    efSearch set for :data:`RECALL_TARGET`; change it with :func:`configure_search`.
    """
    if kind == "auto":
        kind = choose_kind(n)
    if kind == "flat":
        return faiss.IndexFlatIP(dim)
    if kind == "hnsw":
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.hnsw.efSearch = HNSW_EF_SEARCH
        return index
    raise ValueError(f"unknown index kind {kind!r}; expected one of {', '.join(KINDS)} or auto")


def ef_search_for(recall_target: float = RECALL_TARGET) -> int:
    """The efSearch that reached ``recall_target`` (recall@10) at 1M passages."""
    for target, ef in EF_SEARCH_FOR_RECALL:
        if recall_target <= target:
            return ef
    return EF_SEARCH_FOR_RECALL[-1][1]


def configure_search(index: faiss.Index, recall_target: float = RECALL_TARGET) -> int:
    """Set the query-time parameters of ``index`` for ``recall_target``; return efSearch.

    A flat index is exact and has nothing to set (returns 0). The index may be wrapped (an
    ``IndexIDMap``, say): the HNSW inside is found and set.
    """
    inner = faiss.downcast_index(index)
    while not hasattr(inner, "hnsw") and hasattr(inner, "index"):
        inner = faiss.downcast_index(inner.index)
    if not hasattr(inner, "hnsw"):
        return 0
    ef = ef_search_for(recall_target)
    inner.hnsw.efSearch = ef
    return ef
