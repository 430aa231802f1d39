"""Figures stated in the summaries agree with the tables wherever both hold them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.corpus import load_corpus


def _number(text: str) -> float:
    match = re.search(r"-?\d[\d  ]*(?:,\d+)?", text)
    assert match, f"no number in {text!r}"
    return float(match.group().replace(" ", "").replace(" ", "").replace(",", "."))


def _cases(repo: Path):
    corpus = load_corpus(repo / "corpus", repo / "seeds")
    for doc in corpus.documents:
        for ref in doc.figures:
            yield pytest.param(corpus, doc, ref, id=f"{doc.id}:{ref.text}")


REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("corpus", "doc", "ref"), list(_cases(REPO)))
def test_summary_figure_matches_table_cell(corpus, doc, ref) -> None:
    assert ref.text in doc.text, f"{doc.path}: {ref.text!r} is not in the text"
    table = corpus.table(ref.table)
    names = [c.name for c in table.columns]
    rows = [
        r for r in table.rows if all(str(r[names.index(k)]) == str(v) for k, v in ref.where.items())
    ]
    assert len(rows) == 1, f"{ref.where} selects {len(rows)} rows of {table.id}"
    cell = rows[0][names.index(ref.column)]
    assert cell is not None, f"{table.id}.{ref.column} is empty for {ref.where}"
    assert _number(ref.text) == pytest.approx(float(cell)), f"{doc.path}: {ref.text} vs {cell}"


def test_summaries_declare_their_figures() -> None:
    corpus = load_corpus(REPO / "corpus", REPO / "seeds")
    assert sum(len(d.figures) for d in corpus.documents) >= 30
