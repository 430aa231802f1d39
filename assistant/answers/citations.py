"""Citations: which passages an answer cites, in what order, with what stance, and how each
is attributed: a quotation only where the text is the source's own words, otherwise our
summary of a named, dated source."""

from __future__ import annotations

import re

from ..corpus import Document, Passage
from ..figures.compute import ComputedFigure
from ..text import sentences as sentence_split
from ..text.format import number
from ..text.normalise import strip_tags, tags_in
from ..text.stems import overlap, tokenize
from .evidence import Evidence
from .models import Citation

#: what each kind of document is called in a citation ("Beregningsutvalgets rapport")
KIND_NOUNS = {
    "statistics_release": ("statistikk", "statistics release"),
    "report": ("rapport", "report"),
    "evaluation": ("evaluering", "evaluation"),
    "news": ("nyhetssak", "news report"),
    "opinion": ("meningsinnlegg", "opinion piece"),
    "statement": ("uttalelse", "statement"),
    "explainer": ("bakgrunnsartikkel", "explainer"),
}


def genitive_nb(name: str) -> str:
    """ "Beregningsutvalget" → "Beregningsutvalgets", "KS" → "KS'", "SSB" → "SSBs"."""
    return name + ("'" if name[-1:].lower() in ("s", "x", "z") else "s")


def genitive_en(name: str) -> str:
    return name + ("'" if name.endswith("s") and not name.isupper() else "'s")


def attribution(doc: Document, lang: str) -> str:
    """Whose words a passage is, as a reader should see it."""
    year = doc.published[:4]
    noun_nb, noun_en = KIND_NOUNS.get(doc.kind, ("kilde", "source"))
    if doc.voice == "verbatim":
        if lang == "nb":
            return f"Sitat fra {genitive_nb(doc.publisher)} {noun_nb} ({year})"
        return f"Quoted from {genitive_en(doc.publisher)} {noun_en} ({year})"
    if doc.voice == "explainer":
        if lang == "nb":
            return f"Bakgrunn skrevet av {doc.publisher} ({year}), med kilde for hvert faktum"
        return f"Background written by {doc.publisher} ({year}), each fact with its source"
    if lang == "nb":
        return f"Sammendrag av {genitive_nb(doc.publisher)} {noun_nb} ({year})"
    return f"Our summary of {genitive_en(doc.publisher)} {noun_en} ({year})"


def quoted(text: str, voice: str) -> str:
    """Quotation marks only around the source's own words; a summary is not a quotation."""
    return f"«{text}»" if voice == "verbatim" else text


def sentences(text: str) -> list[str]:
    return sentence_split.split(text)


def best_sentences(passage: Passage, query: str, limit: int = 2) -> str:
    """The sentences of a passage that share most words with the query, in text order,
    without status tags."""
    parts = sentences(passage.text)
    if not parts:
        return strip_tags(passage.text)
    stems = set(tokenize(query))
    scored = sorted(range(len(parts)), key=lambda i: -overlap(stems, parts[i]))
    chosen = (
        sorted(scored[:limit])
        if stems and overlap(stems, parts[scored[0]]) > 0
        else list(range(min(limit, len(parts))))
    )
    return strip_tags(" ".join(parts[i] for i in chosen))


def mentions_figure(passage: Passage, fig: ComputedFigure) -> bool:
    """Does the passage state this figure's value for its key?"""
    values = {number(fig.value or 0.0, "nb"), number(fig.value or 0.0, "en")}
    return str(fig.key) in passage.text and any(
        re.search(rf"(?<![\d,]){re.escape(v)}(?![\d,])", passage.text) for v in values
    )


def prefer_mentioning(
    evidence: Evidence, figs: list[ComputedFigure], limit: int
) -> list[tuple[Passage, float]]:
    """Passages that state a figure's value first, then the rest by relevance."""
    ranked = sorted(
        evidence.passages,
        key=lambda ps: (not any(mentions_figure(ps[0], f) for f in figs), -ps[1]),
    )
    return ranked[:limit]


def cite(
    evidence: Evidence,
    chosen: list[tuple[Passage, float]],
    lang: str,
    stances: dict[str, str] | None = None,
) -> list[Citation]:
    """Citations numbered from 1, each with its attribution, statuses and stance (context
    unless ``stances`` says otherwise; opinion and statements are always context)."""
    out = []
    for n, (p, score) in enumerate(chosen, start=1):
        doc = evidence.documents[p.doc_id]
        stance = (stances or {}).get(p.id, "context")
        if not doc.settles:
            stance = "context"
        out.append(
            Citation(
                n=n,
                passage_id=p.id,
                source_id=doc.id,
                title=doc.title,
                publisher=doc.publisher,
                published=doc.published,
                url=doc.url,
                text=strip_tags(p.text),
                start=p.start,
                end=p.end,
                score=round(score, 4),
                kind=doc.kind,
                voice=doc.voice,  # type: ignore[arg-type]
                attribution=attribution(doc, lang),
                statuses=tags_in(p.text),  # type: ignore[arg-type]
                stance=stance,  # type: ignore[arg-type]
            )
        )
    return out
