"""Figures stated in the summaries agree with the tables wherever both hold them.

The comparison itself is the corpus check's (``assistant.corpus.check.figure_problem``), so
``assistant corpus check`` and this test can never disagree; each reference is its own case.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.corpus import load_corpus
from assistant.corpus.check import check_figures, figure_problem

REPO = Path(__file__).resolve().parent.parent


def _cases(repo: Path):
    corpus = load_corpus(repo / "corpus", repo / "seeds")
    for doc in corpus.documents:
        for ref in doc.figures:
            yield pytest.param(corpus, doc, ref, id=f"{doc.id}:{ref.text}")


@pytest.mark.parametrize(("corpus", "doc", "ref"), list(_cases(REPO)))
def test_summary_figure_matches_table_cell(corpus, doc, ref) -> None:
    problem = figure_problem(corpus, doc, ref)
    assert problem is None, f"{doc.path}: {problem}"


def test_the_check_finds_no_figure_problem() -> None:
    corpus = load_corpus(REPO / "corpus", REPO / "seeds")
    assert [str(p) for p in check_figures(corpus)] == []


def test_summaries_declare_their_figures() -> None:
    corpus = load_corpus(REPO / "corpus", REPO / "seeds")
    assert sum(len(d.figures) for d in corpus.documents) >= 30
