"""Retrieval: the hybrid ranking, pure and on the real index."""

from __future__ import annotations

import numpy as np

from assistant.corpus import Passage
from assistant.indexing.lexical import tokenize
from assistant.retrieval.hybrid import fuse, rank, search


def _passages(n: int) -> list[Passage]:
    return [Passage(f"d:{i}", "d", i, "", f"text {i}", 0, 6) for i in range(n)]


def test_lexical_scores_are_ignored_when_the_query_is_mostly_unknown_words() -> None:
    dense = np.array([0.80, 0.79, 0.10])
    lexical = np.array([0.0, 0.0, 9.0])
    assert list(fuse(dense, lexical, coverage=0.2)) == list(dense)


def test_lexical_scores_break_near_ties_for_well_covered_queries() -> None:
    dense = np.array([0.80, 0.79, 0.10])
    lexical = np.array([0.0, 5.0, 0.0])
    hits = rank(_passages(3), dense, lexical, coverage=1.0, k=3)
    assert [h.passage.id for h in hits] == ["d:1", "d:0", "d:2"]


def test_norwegian_tokens_are_stemmed_and_stop_words_dropped() -> None:
    assert tokenize("Hvor mange flyktninger er i jobb?") == ["flyktning", "jobb"]


def test_norwegian_question_finds_the_op_ed_paragraph(loaded) -> None:
    hits = search(loaded, "Bruker kommunene integreringstilskuddet på andre ting?", k=5)
    assert any(
        "Det er en myte" in h.passage.text or "beregningsutvalget" in h.passage.text.lower()
        for h in hits[:3]
    )


def test_english_question_finds_the_norwegian_paragraph(loaded) -> None:
    hits = search(loaded, "Do refugees come to Norway to look for work?", k=3)
    assert any("søke arbeid" in h.passage.text for h in hits)


def test_vector_index_kind_follows_corpus_size_unless_configured() -> None:
    import pytest

    from assistant.indexing.vectors import FLAT_MAX, choose_kind, make_index

    assert choose_kind(200) == "flat"
    assert choose_kind(FLAT_MAX) == "hnsw"
    assert choose_kind(200, "hnsw") == "hnsw" and choose_kind(10**6, "flat") == "flat"
    with pytest.raises(ValueError, match="index kind"):
        choose_kind(10, "annoy")
    assert make_index("hnsw").hnsw.efSearch >= 128
