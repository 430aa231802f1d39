"""Answers from the register of checked claims: the entry's verdict (flipped when the input says
the opposite), its explanation and short answer rendered with figures computed live, and its
evidence cited with each passage's stance.

``--as-of`` is honoured twice over: figures are computed as of the date (a figure published
later renders as nothing), and evidence published later is left out; an entry whose remaining
evidence no longer settles the claim answers not_enough_evidence for that date.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..claims.matching import Match
from ..corpus import Passage
from ..corpus.cards import template
from ..corpus.register import Entry
from ..figures.compute import ComputedFigure
from ..figures.planner import Request
from ..figures.wording import t, value_text
from ..text.normalise import strip_tags
from .citations import cite
from .evidence import Evidence
from .models import VERDICT_LABELS

FLIP_VERDICT = {"supported": "contradicted", "contradicted": "supported"}
FLIP_STANCE = {"supports": "contradicts", "contradicts": "supports"}


class _Value:
    """A figure as a template sees it: its value with unit, or nothing when there is none."""

    def __init__(self, fig: ComputedFigure | None, lang: str) -> None:
        self.fig, self.lang = fig, lang

    def __str__(self) -> str:
        return value_text(self.fig, self.lang) if self.fig is not None else ""

    def __bool__(self) -> bool:
        return self.fig is not None


def render(source: str, figures: dict[str, ComputedFigure | None], lang: str) -> str:
    context = {name: _Value(fig, lang) for name, fig in figures.items()}
    return " ".join(template(source).render(**context).split())


def entry_figures(index, entry: Entry, as_of: date | None) -> dict[str, ComputedFigure | None]:
    from .pipeline import _compute_one

    return {
        f.name: _compute_one(index, Request(f.table, f.measure, f.sex, f.key), as_of)
        for f in entry.figures
    }


def _passage(index, document: str, words: str) -> Passage | None:
    doc = index.documents.get(document)
    if doc is None:
        return None
    return next((p for p in doc.passages if words in p.text or words in strip_tags(p.text)), None)


@dataclass
class Resolved:
    """An entry as of a date: its figures, and the evidence that was published by then."""

    match: Match
    figures: dict[str, ComputedFigure | None]
    evidence: list[tuple[Passage, str]]  # passage, stance towards the input as stated
    dropped: int  # evidence items left out as published after the date

    @property
    def settles(self) -> bool:
        return self.match.entry.settles and any(s != "context" for _, s in self.evidence)

    @property
    def verdict(self) -> str:
        verdict = self.match.entry.verdict
        return FLIP_VERDICT.get(verdict, verdict) if self.match.negated else verdict


def resolve(index, match: Match, as_of: date | None, exclude: Collection[str] = ()) -> Resolved:
    """The entry as of ``as_of``; ``exclude`` names documents never to cite (the checked text:
    a text is never evidence for itself)."""
    entry = match.entry
    evidence = []
    dropped = 0
    for item in entry.evidence:
        passage = _passage(index, item.document, item.find)
        if passage is None or item.document in exclude:
            continue
        doc = index.documents[item.document]
        if as_of is not None and doc.published > as_of.isoformat():
            dropped += 1
            continue
        stance = FLIP_STANCE.get(item.stance, item.stance) if match.negated else item.stance
        evidence.append((passage, stance))
    return Resolved(match, entry_figures(index, entry, as_of), evidence, dropped)


def citations(index, resolved: Resolved, lang: str) -> list:
    chosen = [(p, 1.0) for p, _ in resolved.evidence]
    stances = {p.id: s for p, s in resolved.evidence}
    return cite(Evidence(chosen, index.documents), chosen, lang, stances)


def figure_list(resolved: Resolved) -> list[ComputedFigure]:
    return [f for f in resolved.figures.values() if f is not None]


def texts(resolved: Resolved, lang: str) -> dict[str, Any]:
    """The entry's short answer, explanation and caveats, rendered for ``lang``."""
    entry, figs = resolved.match.entry, resolved.figures
    return {
        "answer": render(t(lang, entry.answer_nb, entry.answer_en), figs, lang),
        "explanation": render(t(lang, entry.explanation_nb, entry.explanation_en), figs, lang),
        "caveats": [
            render(c, figs, lang) for c in (entry.caveats_nb if lang == "nb" else entry.caveats_en)
        ],
    }


def opposite_note(resolved: Resolved, lang: str) -> str:
    """Said first when the input claims the opposite of the checked claim."""
    if not resolved.match.negated:
        return ""
    entry = resolved.match.entry
    claim = entry.claim(lang).rstrip(".")
    label = VERDICT_LABELS[entry.verdict][lang].lower()
    return t(
        lang,
        f"Dette sier det motsatte av den sjekkede påstanden «{claim}» (vurdert: {label}).",
        f"This says the opposite of the checked claim '{claim}' (verdict: {label}).",
    )
