"""Compose a result from what the earlier stages found: a reading of the input, computed
figures and retrieved passages. Pure: no I/O, no model, so every rule here is unit-testable.

Nothing is generated: an answer is built from figure statements (value, definition, scope,
source) and from sentences quoted out of cited passages. A claim's verdict comes from
comparing the number it states with a computed figure, or, where no table holds the figure,
with the same number stated in a passage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..corpus import Document, Passage
from ..figures.compute import ComputedFigure
from ..figures.reading import Reading
from ..text import sentences as sentence_split
from ..text.normalise import STATUS_TAG, strip_tags, tags_in
from ..text.numbers import StatedNumber, stated_numbers
from ..text.stems import overlap, tokenize
from . import wording
from .models import VERDICT_LABELS, Citation, Figure, Result
from .verdicts import hedges_compatible, matches

_TAG = STATUS_TAG
#: gap between men and women (percentage points) below which "as well as" holds
EQUAL_GAP = 3.0
#: share of a claim's content stems a passage sentence must contain to count as its evidence
EVIDENCE_OVERLAP = 0.5


@dataclass
class Evidence:
    """What retrieval found, already filtered for relevance and publication date."""

    passages: list[tuple[Passage, float]] = field(default_factory=list)
    documents: dict[str, Document] = field(default_factory=dict)


def _t(lang: str, nb: str, en: str) -> str:
    return nb if lang == "nb" else en


def sentences(text: str) -> list[str]:
    return sentence_split.split(text)


def best_sentences(passage: Passage, query: str, limit: int = 2) -> str:
    """The sentences of a passage that share most words with the query, in text order."""
    parts = sentences(passage.text)
    stems = set(tokenize(query))
    scored = sorted(range(len(parts)), key=lambda i: -overlap(stems, parts[i]))
    chosen = (
        sorted(scored[:limit])
        if stems and overlap(stems, parts[scored[0]]) > 0
        else list(range(min(limit, len(parts))))
    )
    return " ".join(parts[i] for i in chosen)


def figure_model(fig: ComputedFigure, lang: str) -> Figure:
    params = dict(fig.params)
    params["key"] = fig.key
    return Figure(
        id=f"{fig.table.id}.{fig.measure.id}",
        label=wording.label(fig, lang),
        value=round(float(fig.value or 0.0), 4),
        unit=fig.measure.unit,
        params=params,
        sql=fig.sql,
        rows=[_plain(fig.row)],
        table=fig.table.id,
        source_id=fig.table.id,
        as_of=fig.published,
        title=fig.table.title if lang == "nb" else fig.table.title_en,
        publisher=fig.table.publisher,
        value_text=wording.qualifier_words(fig, lang)
        + wording.with_unit(fig.value or 0.0, fig.measure.unit, lang),
        status=_status(fig.row),
    )


def _status(row: dict) -> str | None:
    status = row.get("verification_status") or row.get("status")
    return status if status in ("VERIFIED", "SECONDARY", "DERIVED", "UNVERIFIED") else None


def _plain(row: dict) -> dict:
    return {
        k: (v if isinstance(v, (int, float, str, bool)) or v is None else str(v))
        for k, v in row.items()
    }


def _citations(
    evidence: Evidence, chosen: list[tuple[Passage, float]], lang: str = "nb"
) -> list[Citation]:
    out = []
    for n, (p, score) in enumerate(chosen, start=1):
        doc = evidence.documents[p.doc_id]
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
                attribution=wording.attribution(doc, lang),
                statuses=tags_in(p.text),  # type: ignore[arg-type]
            )
        )
    return out


def _prefer_mentioning(
    evidence: Evidence, figs: list[ComputedFigure], lang: str, limit: int
) -> list[tuple[Passage, float]]:
    """Passages that state the figure's value first, then the rest by relevance."""
    wanted = [
        ({wording.number(f.value or 0.0, "nb"), wording.number(f.value or 0.0, "en")}, str(f.key))
        for f in figs
    ]

    def mentions(p: Passage) -> bool:
        return any(
            key in p.text
            and any(re.search(rf"(?<![\d,]){re.escape(v)}(?![\d,])", p.text) for v in values)
            for values, key in wanted
        )

    ranked = sorted(evidence.passages, key=lambda ps: (not mentions(ps[0]), -ps[1]))
    return ranked[:limit]


def _alternatives_text(alts: list[ComputedFigure], lang: str) -> str:
    if not alts:
        return ""
    items = "; ".join(wording.statement(a, lang).rstrip(".") for a in alts)
    return _t(
        lang,
        f" Andre mål som kan være ment: {items}.",
        f" Other measures that could be meant: {items}.",
    )


def _definition(fig: ComputedFigure, lang: str) -> str:
    text = fig.measure.definition_nb if lang == "nb" else fig.measure.definition_en
    return _t(lang, f" Mål brukt: {text}.", f" Measure used: {text}.") if text else ""


def _figure_notes(fig: ComputedFigure, lang: str) -> list[str]:
    notes = []
    if fig.newer_exists and fig.as_of:
        notes.append(
            _t(
                lang,
                f"Nyere tall enn per {fig.as_of} finnes i tabellen {fig.table.id}.",
                f"Newer figures than as of {fig.as_of} exist in table {fig.table.id}.",
            )
        )
    if str(fig.row.get("preliminary") or "").lower() == "yes":
        notes.append(_t(lang, "Tallene er foreløpige.", "The figures are preliminary."))
    status = fig.row.get("verification_status") or fig.row.get("status")
    if status and status != "VERIFIED":
        notes.append(
            _t(
                lang,
                f"Kildestatus for tallet: {status}.",
                f"Source status of the figure: {status}.",
            )
        )
    return notes


def not_covered(text: str, mode: str, lang: str, why: str = "") -> Result:
    answer = _t(
        lang,
        "Kildene i korpuset dekker ikke dette, så det kan ikke bekreftes eller avkreftes her.",
        "The sources in the corpus do not cover this, so it can be neither confirmed nor "
        "refuted here.",
    )
    return Result(
        input=text,
        mode=mode,
        language=lang,
        verdict="not_enough_evidence",  # type: ignore[arg-type]
        reason=why or answer,
        answer=answer,
        citations=[],
        figures=[],
    )


def answer_question(
    reading: Reading,
    figs: list[ComputedFigure],
    alts: list[ComputedFigure],
    evidence: Evidence,
    max_citations: int = 3,
) -> Result:
    lang = reading.language
    if not figs and not evidence.passages:
        return not_covered(reading.text, "question", lang)
    notes: list[str] = []
    if figs:
        fig = figs[0]
        chosen = _prefer_mentioning(evidence, figs, lang, max_citations)
        cites = _citations(evidence, chosen, lang)
        refs = "".join(f" [{c.n}]" for c in cites[:2])
        answer = (
            wording.statement(fig, lang) + _definition(fig, lang) + _alternatives_text(alts, lang)
        )
        if refs:
            answer += _t(lang, f" Se også{refs}.", f" See also{refs}.")
        for f in [fig, *alts]:
            notes += _figure_notes(f, lang)
        figures = [figure_model(f, lang) for f in [fig, *alts]]
    else:
        chosen = evidence.passages[:max_citations]
        cites = _citations(evidence, chosen, lang)
        lines = []
        for c, (p, _) in zip(cites, chosen, strict=True):
            quote = _TAG.sub("", best_sentences(p, reading.text))
            lines.append(f"{c.attribution}: {wording.quoted(quote, c.voice)} [{c.n}]")
        answer = _t(lang, "Dette sier kildene: ", "This is what the sources say: ") + " ".join(
            lines
        )
        figures = []
    return Result(
        input=reading.text,
        mode="question",
        language=lang,
        verdict=None,
        reason=None,
        answer=answer,
        citations=cites,
        figures=figures,
        notes=list(dict.fromkeys(notes)),
    )


def _stated_for(fig: ComputedFigure, reading: Reading) -> StatedNumber | None:
    wanted = {
        "percent": ("percent",),
        "percentage_points": ("percentage_points", "percent"),
        "persons": ("persons",),
        "nok": ("persons",),
    }.get(fig.measure.unit, ())
    return next((n for n in reading.numbers if n.unit in wanted), None)


@dataclass
class _Outcome:
    verdict: str
    reason: str
    #: rows of a figure's series the verdict rests on besides the figure's own row
    extra_rows: list[tuple[ComputedFigure, dict]] = field(default_factory=list)


def _claim_from_figure(
    reading: Reading, fig: ComputedFigure, alts: list[ComputedFigure]
) -> _Outcome | None:
    """The verdict from comparing the claim with a computed figure, or None."""
    lang = reading.language
    val = wording.qualifier_words(fig, lang) + wording.with_unit(
        fig.value or 0.0, fig.measure.unit, lang
    )
    lab = wording.label(fig, lang)
    where = wording.scope(fig, lang)
    if fig.measure.id == "gender_gap":
        if not re.search(r"like bra|like godt|as well as|same as|samme som", reading.text, re.I):
            return None
        if abs(fig.value or 0.0) > EQUAL_GAP:
            return _Outcome(
                "contradicted",
                _t(
                    lang,
                    f"Menn lå {val} foran kvinner {where}.",
                    f"Men were {val} ahead of women {where}.",
                ),
            )
        return _Outcome(
            "supported", _t(lang, f"Forskjellen var bare {val}.", f"The gap was only {val}.")
        )
    if fig.measure.id in ("county_highest", "county_lowest") and reading.county:
        top = str(fig.key)
        if top.casefold() == reading.county.casefold():
            return _Outcome("supported", _t(lang, f"{top} hadde {val}.", f"{top} had {val}."))
        highest = fig.measure.id == "county_highest"
        word = _t(
            lang, "høyest" if highest else "lavest", "the highest" if highest else "the lowest"
        )
        return _Outcome(
            "contradicted",
            _t(
                lang,
                f"{top} hadde {word} andel ({val}), ikke {reading.county}.",
                f"{top} had {word} share ({val}), not {reading.county}.",
            ),
        )
    stated = _stated_for(fig, reading)
    if stated is None:
        if fig.measure.id != "cover_ratio" or not re.search(
            r"nesten|nearly|almost|\bnær\b", reading.text, re.I
        ):
            return None
        # "the grants nearly cover the costs": nearly 100 per cent
        verdict = "supported" if 85.0 <= (fig.value or 0.0) < 100.0 else "contradicted"
        return _Outcome(
            verdict,
            _t(
                lang,
                f"{wording.sentence_case(lab)} {where} var {val}.",
                f"The {lab} {where} was {val}.",
            ),
        )
    if matches(stated, fig.value or 0.0, fig.row.get("qualifier")):
        return _Outcome(
            "supported",
            _t(
                lang,
                f"{wording.sentence_case(lab)} {where} var {val}.",
                f"The {lab} {where} was {val}.",
            ),
        )
    for alt in alts:
        if (
            alt.measure.id != fig.measure.id
            and alt.measure.group == fig.measure.group
            and matches(stated, alt.value or 0.0, alt.row.get("qualifier"))
        ):
            alt_val = wording.with_unit(alt.value or 0.0, alt.measure.unit, lang)
            return _Outcome(
                "partly_supported",
                _t(
                    lang,
                    f"Tallet stemmer for {wording.label(alt, lang)} ({alt_val}), men ikke for "
                    f"{lab} ({val}).",
                    f"The number fits the {wording.label(alt, lang)} ({alt_val}), but not the "
                    f"{lab} ({val}).",
                ),
            )
    if not reading.years:
        # No year named: a number that held for an earlier year, or for the neighbouring
        # measure in some year, is partly right rather than wrong.
        for candidate in [fig, *alts]:
            if candidate.measure.group != fig.measure.group or candidate.measure.select != "key":
                continue
            hit = next(
                (
                    r
                    for r in reversed(candidate.series)
                    if matches(stated, float(r["value"]), r.get("qualifier"))
                ),
                None,
            )
            if hit is None:
                continue
            hit_val = wording.with_unit(float(hit["value"]), candidate.measure.unit, lang)
            if candidate is fig:
                reason = _t(
                    lang,
                    f"Tallet stemmer for {hit['key']} ({hit_val}), men det siste "
                    f"tallet {where} er {val}.",
                    f"The number held for {hit['key']} ({hit_val}), but the latest "
                    f"figure {where} is {val}.",
                )
            else:
                reason = _t(
                    lang,
                    f"Tallet stemmer for {wording.label(candidate, lang)} "
                    f"({hit_val} for {hit['key']}), men ikke for {lab} ({val} "
                    f"{where}).",
                    f"The number fits the {wording.label(candidate, lang)} ({hit_val} "
                    f"for {hit['key']}), but not the {lab} ({val} {where}).",
                )
            return _Outcome("partly_supported", reason, [(candidate, hit)])
    said = stated.text or wording.number(stated.value, lang)
    return _Outcome(
        "contradicted",
        _t(
            lang,
            f"{wording.sentence_case(lab)} {where} var {val}, ikke {said}.",
            f"The {lab} {where} was {val}, not {said}.",
        ),
    )


def _claim_from_passages(
    reading: Reading, evidence: Evidence
) -> tuple[str, str, list[tuple[Passage, float]]] | None:
    """Where no table holds the figure: the same number, same hedge, same words in a passage."""
    claim_numbers = [n for n in reading.numbers if n.unit in ("percent", "persons")]
    if not claim_numbers:
        return None
    stems = set(tokenize(reading.text))
    lang = reading.language
    for passage, score in evidence.passages:
        for sentence in sentences(passage.text):
            if overlap(stems, sentence) < EVIDENCE_OVERLAP:
                continue
            for quoted in stated_numbers(sentence):
                for claimed in claim_numbers:
                    if hedges_compatible(claimed, quoted):
                        doc = evidence.documents[passage.doc_id]
                        said = wording.quoted(strip_tags(sentence), doc.voice)
                        return (
                            "supported",
                            _t(
                                lang,
                                f"{wording.attribution(doc, lang)} sier det samme: {said}",
                                f"{wording.attribution(doc, lang)} states the same: {said}",
                            ),
                            [(passage, score)],
                        )
    return None


def _claim_result(
    reading: Reading,
    verdict: str,
    reason: str,
    answer: str,
    citations: list[Citation],
    figures: list[Figure] | None = None,
    notes: list[str] | None = None,
) -> Result:
    return Result(
        input=reading.text,
        mode="claim",
        language=reading.language,  # type: ignore[arg-type]
        verdict=verdict,
        reason=reason,
        answer=answer,  # type: ignore[arg-type]
        citations=citations,
        figures=figures or [],
        notes=list(dict.fromkeys(notes or [])),
    )


def check_claim(
    reading: Reading,
    figs: list[ComputedFigure],
    alts: list[ComputedFigure],
    evidence: Evidence,
    max_citations: int = 3,
    undecided_because: str | None = None,
) -> Result:
    """A verdict for the claim in ``reading``. ``undecided_because`` says why, when the tables
    hold the measure but not the value the claim is about."""
    lang = reading.language
    outcome = _claim_from_figure(reading, figs[0], alts) if figs else None
    if outcome is not None:
        verdict, reason = outcome.verdict, outcome.reason
        fig = figs[0]
        chosen = _prefer_mentioning(evidence, [fig, *alts], lang, max_citations)
        cites = _citations(evidence, chosen, lang)
        refs = "".join(f" [{c.n}]" for c in cites[:2])
        answer = (
            _t(lang, "Vurdering: ", "Verdict: ")
            + VERDICT_LABELS[verdict][lang].lower()
            + ". "
            + reason
            + " "
            + wording.statement(fig, lang)
            + _definition(fig, lang)
            + _alternatives_text(alts, lang)
        )
        if refs:
            answer += _t(lang, f" Se også{refs}.", f" See also{refs}.")
        notes = [n for f in [fig, *alts] for n in _figure_notes(f, lang)]
        models = [figure_model(f, lang) for f in [fig, *alts]]
        for source, row in outcome.extra_rows:  # rows the verdict rests on are shown too
            models[[fig, *alts].index(source)].rows.append(_plain(row))
        return _claim_result(reading, verdict, reason, answer, cites, models, notes)
    from_text = _claim_from_passages(reading, evidence)
    if from_text is not None:
        verdict, reason, chosen = from_text
        cites = _citations(evidence, chosen, lang)
        answer = (
            _t(lang, "Vurdering: ", "Verdict: ")
            + VERDICT_LABELS[verdict][lang].lower()
            + ". "
            + reason
            + " [1]"
        )
        return _claim_result(reading, verdict, reason, answer, cites)
    why = undecided_because or _t(
        lang,
        "Verken tabellene eller de publiserte kildene i korpuset har et tall som avgjør påstanden.",
        "Neither the tables nor the published sources in the corpus hold a figure that "
        "settles the claim.",
    )
    result = Result(
        input=reading.text,
        mode="claim",
        language=lang,
        verdict="not_enough_evidence",
        reason=why,
        answer=_t(lang, "Vurdering: ", "Verdict: ")
        + VERDICT_LABELS["not_enough_evidence"][lang].lower()
        + ". "
        + why,
        citations=[],
        figures=[],
    )
    if figs:  # a related figure that does not settle it is shown, not cited as support
        result.figures = [figure_model(f, lang) for f in figs]
        result.answer += " " + wording.statement(figs[0], lang)
    related = evidence.passages[:max_citations]
    if related:  # on topic but not decisive: offered as reading, explicitly not as support
        result.citations = _citations(evidence, related, lang)
        refs = ", ".join(f"[{c.n}] {c.publisher} ({c.published})" for c in result.citations)
        result.answer += _t(
            lang,
            f" Relevante kilder, som ikke avgjør påstanden: {refs}.",
            f" Related sources, which do not settle the claim: {refs}.",
        )
    return result
