"""Compose a result from what the earlier stages found. Pure: no I/O beyond reading the loaded
index's documents, no model.

Every answer starts with a short answer: the verdict and why, or the figure that answers the
question, with its scope and source. Then the evidence: the measure's definition, measures a
reader could mean instead, and the cited passages. Nothing is generated: sentences come from
the figures' templates and from the cited passages.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..figures.compute import ComputedFigure
from ..figures.planner import Plan
from ..figures.wording import (
    definition,
    label,
    sex_word,
    statement,
    t,
    value_text,
)
from ..judging.frames import Outcome
from ..judging.numbers import hedges_compatible
from ..text.normalise import strip_tags, tags_in
from ..text.numbers import stated_numbers
from ..text.sentences import split
from ..text.stems import overlap, tokenize
from ..understanding.query import Query
from ..understanding.reading import Reading
from .citations import attribution, best_sentences, cite, prefer_mentioning, quoted, sentences
from .evidence import Evidence
from .models import Citation, Figure, Result

MAX_CITATIONS = 3
#: what no table holds but a passage may state: a narrower measure ("18 prosent i fulltidsjobb")
PASSAGES_MAY_SETTLE = ("qualifier",)
#: share of a claim's content stems a passage sentence must contain to count as its evidence
EVIDENCE_OVERLAP = 0.5
_STATUSES = ("VERIFIED", "SECONDARY", "DERIVED", "UNVERIFIED")


# figures ---------------------------------------------------------------------------------


def _plain(row: dict) -> dict:
    return {
        k: (v if isinstance(v, (int, float, str, bool)) or v is None else str(v))
        for k, v in row.items()
    }


def _status(row: dict) -> str | None:
    status = row.get("verification_status") or row.get("status")
    return status if status in _STATUSES else None


def figure_model(fig: ComputedFigure, lang: str) -> Figure:
    params = {"sex": fig.request.sex, "key": fig.key}
    if "as_of" in fig.params:
        params["as_of"] = fig.params["as_of"]
    rows = fig.rows or [fig.row]
    note = fig.derivation or t(lang, fig.measure.note_nb, fig.measure.note_en)
    return Figure(
        id=f"{fig.table.id}.{fig.measure.id}",
        label=label(fig, lang),
        value=round(float(fig.value or 0.0), 4),
        unit=fig.value_unit,
        params=params,
        sql=fig.sql,
        rows=[_plain(r) for r in rows],
        table=fig.table.id,
        source_id=fig.table.id,
        as_of=fig.published,
        title=fig.table.title if lang == "nb" else fig.table.title_en,
        publisher=fig.table.publisher,
        value_text=value_text(fig, lang),
        status=_status(fig.row),  # type: ignore[arg-type]
        note=note,
    )


def _figure_notes(fig: ComputedFigure, lang: str) -> list[str]:
    notes = []
    if fig.newer_exists and fig.as_of:
        notes.append(
            t(
                lang,
                f"Nyere tall enn per {fig.as_of} finnes: {fig.table.title}.",
                f"Newer figures than as of {fig.as_of} exist: {fig.table.title_en}.",
            )
        )
    if str(fig.row.get("preliminary") or "").lower() == "yes":
        notes.append(t(lang, "Tallene er foreløpige.", "The figures are preliminary."))
    status = _status(fig.row)
    if status and status != "VERIFIED":
        from .models import STATUS_LABELS

        notes.append(
            t(
                lang,
                f"Kildestatus for tallet: {STATUS_LABELS[status]['nb']}.",
                f"Source status of the figure: {STATUS_LABELS[status]['en']}.",
            )
        )
    return notes


def _unique(figs: list[ComputedFigure]) -> list[ComputedFigure]:
    out: list[ComputedFigure] = []
    for f in figs:
        if not any(
            f.table is g.table
            and f.measure is g.measure
            and f.key == g.key
            and f.request.sex == g.request.sex
            and f.derivation == g.derivation
            for g in out
        ):
            out.append(f)
    return out


# what the corpus does not hold -----------------------------------------------------------


def _held_figures(index, plan: Plan, as_of) -> list[ComputedFigure]:
    from .pipeline import _compute_one

    out = []
    chosen = [plan.choice] if plan.choice is not None else []
    for choice in [*plan.held, *chosen, *plan.sides]:
        if choice.table.area is not None:
            continue  # held place by place: no one value stands for the table
        fig = _compute_one(index, choice.request("all", None), as_of)
        if fig is not None:
            out.append(fig)
    return _unique(out)


def _as_said(group: dict, what: str, text: str) -> str:
    """The words the text itself used for ``what`` (a horizon, a qualifier), else its name."""
    found = group[what].search(text) if what in group else None
    return found.group(0) if found else what


def missing_text(plan: Plan, held: list[ComputedFigure], lang: str, catalog=None) -> str:
    """Why no figure answers, and what the corpus holds instead."""
    r = plan.reading
    what = plan.missing_what
    held_text = "; ".join(
        f"{label(f, lang)} ({f.table.publisher}): {value_text(f, lang)}" for f in held
    )
    instead = (
        t(lang, f" Korpuset har: {held_text}.", f" The corpus holds: {held_text}.") if held else ""
    )
    main = plan.choice
    if plan.missing == "horizon":
        words = _as_said(catalog.lexicon.horizons if catalog else {}, what, r.text)
        return (
            t(
                lang,
                f"Kildene i korpuset har ingen tall for status «{words}».",
                f"The sources in the corpus hold no figure for status '{words}'.",
            )
            + instead
        )
    name = label_of(main, lang) if main else ""
    if plan.missing == "unheld" and r.unheld is not None:
        return t(lang, r.unheld.says_nb, r.unheld.says_en)
    if plan.missing == "qualifier":
        words = _as_said(catalog.lexicon.qualifiers if catalog else {}, what, r.text)
        return (
            t(
                lang,
                f"Tabellene skiller ikke ut «{words}»: de har {name}.",
                f"The tables do not count '{words}' separately: they hold the {name}.",
            )
            + instead
        )
    if plan.missing == "sex":
        return (
            t(
                lang,
                f"Kildene gir ikke {name} for {sex_word(what, 'nb')} alene.",
                f"The sources do not give the {name} for {sex_word(what, 'en')} alone.",
            )
            + instead
        )
    if plan.missing == "place":
        return (
            t(
                lang,
                f"Kildene har ikke {name} for {what}.",
                f"The sources do not hold the {name} for {what}.",
            )
            + instead
        )
    if plan.missing == "by_place":
        return t(
            lang,
            f"Kildene gir {name}, men ingen samlet verdi: spør om ett sted, eller om hvor "
            "den var høyest.",
            f"The sources give the {name}, but no single overall value: ask about one place, "
            "or where it was highest.",
        )
    if plan.missing == "year":
        return t(
            lang,
            f"Kildene har ingen verdi for {what} for {name}.",
            f"The sources have no value for {what} for the {name}.",
        )
    if plan.missing == "compare" and len(plan.sides) == 2:
        a, b = plan.sides
        da = t(
            lang,
            a.measure.definition_nb or a.measure.label_nb,
            a.measure.definition_en or a.measure.label_en,
        )
        db = t(
            lang,
            b.measure.definition_nb or b.measure.label_nb,
            b.measure.definition_en or b.measure.label_en,
        )
        facts = " ".join(statement(f, lang) for f in held)
        return t(
            lang,
            f"De to tallene kan ikke settes på én skala: {da}; {db}. {facts}",
            f"The two figures cannot be put on one scale: {da}; {db}. {facts}",
        ).strip()
    return ""


def label_of(choice, lang: str) -> str:
    return t(lang, choice.measure.label_nb, choice.measure.label_en)


# results -------------------------------------------------------------------------------


def _result(query: Query, mode: str, lang: str, **fields: Any) -> Result:
    short = fields.pop("short", "")
    body = fields.pop("body", "")
    answer = " ".join(x for x in (short, body) if x).strip()
    return Result(
        input=query.text,
        mode=mode,  # type: ignore[arg-type]
        language=lang,  # type: ignore[arg-type]
        short_answer=short,
        answer=answer,
        as_of=query.as_of.isoformat() if query.as_of else None,
        **fields,
    )


def not_covered(query: Query, mode: str, lang: str, why: str = "") -> Result:
    short = t(
        lang,
        "Kildene i korpuset dekker ikke dette, så det kan ikke bekreftes eller avkreftes her.",
        "The sources in the corpus do not cover this, so it can be neither confirmed nor "
        "refuted here.",
    )
    return _result(
        query,
        mode,
        lang,
        short=short,
        verdict="not_enough_evidence",
        reason=why or short,
        citations=[],
        figures=[],
    )


def refused(text: str, mode: str, why: str) -> Result:
    """A result for an input that could not be read at all (say, a 5 000-character sentence
    inside a checked text): not covered, with the reason."""
    from ..understanding.query import detect_language

    lang = detect_language(text)
    short = t(lang, "Ikke sjekket: ", "Not checked: ") + why
    return Result(
        input=text,
        mode=mode,  # type: ignore[arg-type]
        language=lang,
        verdict="not_enough_evidence",
        reason=why,
        answer=short,
        short_answer=short,
        citations=[],
        figures=[],
    )


def not_checkable(query: Query, kind: str, lang: str) -> Result:
    why = {
        "opinion": t(
            lang,
            "Dette er en mening eller en anbefaling, ikke en påstand om fakta, og kan ikke "
            "sjekkes.",
            "This is an opinion or a recommendation, not a claim of fact, and cannot be checked.",
        ),
        "forecast": t(
            lang,
            "Dette er en spådom om framtiden og kan ikke sjekkes mot kildene.",
            "This is a forecast about the future and cannot be checked against the sources.",
        ),
        "self": t(
            lang,
            "Dette er en opplysning om teksten selv, ikke om saken den handler om, og sjekkes "
            "ikke.",
            "This is a statement about the text itself, not about its subject, and is not checked.",
        ),
    }[kind]
    short = t(lang, "Ikke sjekkbar. ", "Not checkable. ") + why
    return _result(
        query,
        "claim",
        lang,
        short=short,
        verdict="not_enough_evidence",
        reason=why,
        citations=[],
        figures=[],
        checkable=False,
    )


def _refs(cites: list[Citation], lang: str) -> str:
    if not cites:
        return ""
    refs = " ".join(f"[{c.n}]" for c in cites)
    return t(lang, f"Kilder: {refs}.", f"Sources: {refs}.")


def _definition(fig: ComputedFigure, lang: str) -> str:
    text = definition(fig, lang)
    return t(lang, f"Mål brukt: {text}.", f"Measure used: {text}.") if text else ""


def _alternatives(fig: ComputedFigure, others: list[ComputedFigure], lang: str) -> str:
    alts = [a for a in others if a is not fig and not a.derivation and a.measure is not fig.measure]
    if not alts:
        return ""
    items = "; ".join(statement(a, lang).rstrip(".") for a in alts)
    return t(
        lang,
        f"Andre mål som kan være ment: {items}.",
        f"Other measures that could be meant: {items}.",
    )


def _stances(evidence: Evidence, figs: list[ComputedFigure], verdict: str | None) -> dict[str, str]:
    """A passage that states a figure the verdict rests on takes the verdict's side."""
    from .citations import mentions_figure

    side = {
        "supported": "supports",
        "partly_supported": "supports",
        "contradicted": "contradicts",
    }.get(verdict or "")
    if side is None:
        return {}
    return {p.id: side for p, _ in evidence.passages if any(mentions_figure(p, f) for f in figs)}


def _goal_passages(index, outcome: Outcome | None) -> list[tuple[Any, float]]:
    """The passages that state a goal a verdict rests on."""
    if outcome is None or index is None:
        return []
    out = []
    for doc_id, words in outcome.sources:
        doc = index.documents.get(doc_id)
        if doc is None:
            continue
        found = next((p for p in doc.passages if words in p.text), None)
        if found is not None:
            out.append((found, 1.0))
    return out


def question(
    query: Query,
    reading: Reading,
    computed: list,
    outcomes: list[Outcome | None],
    evidence: Evidence,
    index=None,
) -> Result:
    lang = reading.language
    shorts: list[str] = []
    body: list[str] = []
    figs: list[ComputedFigure] = []
    notes: list[str] = []
    asked_for: list[Any] = []  # periods asked about that have no value (the latest is shown)
    for c, outcome in zip(computed, outcomes, strict=True):
        plan: Plan = c.plan
        present = [f for f in c.figures if f is not None]
        if plan.missing:
            held = _held_figures(index, plan, query.as_of) if index is not None else []
            shorts.append(missing_text(plan, held, lang, index.catalog if index else None))
            figs += held
            continue
        if not present:
            continue
        main = present[0]
        if outcome is not None and plan.frame.kind != "value":
            shorts.append(outcome.reason)
            figs += outcome.figures
            notes += outcome.notes
        else:
            shorts.append(statement(main, lang))
            figs += [main, *c.confusable]
            body.append(_definition(main, lang))
            body.append(_alternatives(main, c.confusable, lang))
        if c.asked_key is not None:
            asked_for.append(c.asked_key)
            by = f" publisert innen {query.as_of.isoformat()}" if query.as_of else ""
            by_en = f" published by {query.as_of.isoformat()}" if query.as_of else ""
            note = t(
                lang,
                f"Kildene har ingen verdi{by} for {c.asked_key}; viser siste tilgjengelige tall.",
                f"The sources have no value{by_en} for {c.asked_key}; showing the latest figure.",
            )
            shorts.insert(0, note)
            notes.insert(0, note)
    figs = _unique(figs)
    if not shorts and reading.unheld is not None:
        shorts.append(t(lang, reading.unheld.says_nb, reading.unheld.says_en))
    if figs:
        chosen = prefer_mentioning(evidence, figs, MAX_CITATIONS)
        cites = cite(evidence, chosen, lang)
        for f in figs:
            notes += _figure_notes(f, lang)
    elif shorts:
        cites = []
    else:
        chosen = evidence.passages[:MAX_CITATIONS]
        if not chosen:
            return not_covered(query, "question", lang)
        cites = cite(evidence, chosen, lang)
        first, (passage, _) = cites[0], chosen[0]
        shorts.append(
            f"{first.attribution}: {quoted(best_sentences(passage, reading.text), first.voice)} [1]"
        )
        for c_, (p, _) in zip(cites[1:], chosen[1:], strict=True):
            body.append(
                f"{c_.attribution}: {quoted(best_sentences(p, reading.text), c_.voice)} [{c_.n}]"
            )
    body.append(_refs(cites, lang) if figs else "")
    models = [figure_model(f, lang) for f in figs]
    if models and asked_for:
        models[0].params["asked_key"] = asked_for[0]
    return _result(
        query,
        "question",
        lang,
        short=" ".join(shorts),
        body=" ".join(b for b in body if b),
        verdict=None,
        reason=None,
        citations=cites,
        figures=models,
        notes=list(dict.fromkeys(notes)),
    )


def _from_passages(reading: Reading, evidence: Evidence) -> tuple[str, Any] | None:
    """Where no table holds the figure: every number the claim states, with the same hedge, in
    a sentence of one passage that shares the claim's words, from a source that may settle a
    claim."""
    claim_numbers = [n for n in reading.numbers if n.unit in ("percent", "persons")]
    if not claim_numbers or reading.denials:
        return None
    stems = set(tokenize(reading.text))
    years = {str(y.year) for y in reading.years if not y.relative}
    for passage, score in evidence.passages:
        doc = evidence.documents[passage.doc_id]
        if not doc.settles:
            continue
        said = [
            (sentence, stated_numbers(sentence))
            for sentence in sentences(passage.text)
            # an unverified sentence never settles a claim, nor one about another period
            if overlap(stems, sentence) >= EVIDENCE_OVERLAP
            and "UNVERIFIED" not in tags_in(sentence)
            and (not years or any(y in sentence for y in years))
        ]
        matched = [
            next((s for s, nums in said if any(hedges_compatible(c, n) for n in nums)), None)
            for c in claim_numbers
        ]
        if all(matched):
            return strip_tags(" ".join(dict.fromkeys(matched))), (passage, score)  # type: ignore[arg-type]
    return None


def _passage_verdict(query: Query, reading: Reading, found, evidence: Evidence) -> Result:
    """Supported by a passage that states the claim's numbers (what no table holds)."""
    lang = reading.language
    sentence, (passage, score) = found
    doc = evidence.documents[passage.doc_id]
    said = quoted(sentence, doc.voice)
    reason = t(
        lang,
        f"{attribution(doc, 'nb')} sier det samme: {said}",
        f"{attribution(doc, 'en')} states the same: {said}",
    )
    cites = cite(evidence, [(passage, score)], lang, {passage.id: "supports"})
    return _result(
        query,
        "claim",
        lang,
        short=reason + " [1]",
        verdict="supported",
        reason=reason,
        citations=cites,
        figures=[],
    )


def claim(
    query: Query,
    reading: Reading,
    computed: list,
    outcome: Outcome | None,
    evidence: Evidence,
    index=None,
    partial: Sequence[Outcome] = (),
) -> Result:
    """A claim's answer. ``outcome`` is the verdict when every part is decided (or one part is
    false); otherwise ``partial`` holds the parts that are decided, shown beside the reason
    the rest is not."""
    lang = reading.language
    if outcome is not None and outcome.verdict == "not_enough_evidence":
        # the table lacks a period the claim names; a source may state the claim as a whole
        # ("58–63 prosent for kullene 2011–2015")
        found = _from_passages(reading, evidence)
        if found is not None:
            return _passage_verdict(query, reading, found, evidence)
    if outcome is not None:
        figs = _unique(outcome.figures)
        stances = _stances(evidence, figs, outcome.verdict)
        goal = _goal_passages(index, outcome)
        for p, _ in goal:
            stances[p.id] = "supports" if outcome.verdict != "contradicted" else "contradicts"
        chosen = goal + [
            ps
            for ps in prefer_mentioning(evidence, figs, MAX_CITATIONS)
            if ps[0] not in [g for g, _ in goal]
        ]
        cites = cite(
            evidence if not goal else _with(evidence, goal, index),
            chosen[:MAX_CITATIONS],
            lang,
            stances,
        )
        main = figs[0]
        short = outcome.reason
        body = [
            _definition(main, lang),
            _alternatives(main, figs[1:], lang) if not main.derivation else "",
            _refs(cites, lang),
        ]
        notes = outcome.notes + [n for f in figs for n in _figure_notes(f, lang)]
        return _result(
            query,
            "claim",
            lang,
            short=short,
            body=" ".join(b for b in body if b),
            verdict=outcome.verdict,
            reason=outcome.reason,
            citations=cites,
            figures=[figure_model(f, lang) for f in figs],
            notes=list(dict.fromkeys(notes)),
        )
    missing = next((c.plan for c in computed if c.plan.missing), None)
    if missing is not None and missing.missing not in PASSAGES_MAY_SETTLE:
        held = _held_figures(index, missing, query.as_of) if index is not None else []
        why = missing_text(missing, held, lang, index.catalog if index else None)
        return _undecided(query, reading, why, held, evidence)
    no_value = next(
        (c for c in computed if c.figures and all(f is None for f in c.figures) and c.plan.choice),
        None,
    )
    # a passage may settle what no table holds, never a period the table has no value for
    from_text = _from_passages(reading, evidence) if no_value is None else None
    if from_text is not None:
        return _passage_verdict(query, reading, from_text, evidence)
    if missing is not None:
        held = _held_figures(index, missing, query.as_of) if index is not None else []
        why = missing_text(missing, held, lang, index.catalog if index else None)
        return _undecided(query, reading, why, held, evidence)
    if no_value is not None:
        plan = no_value.plan
        key = plan.requests[0].key if plan.requests else None
        by = (
            t(
                lang,
                f" publisert innen {query.as_of.isoformat()}",
                f" published by {query.as_of.isoformat()}",
            )
            if query.as_of
            else ""
        )
        name = label_of(plan.choice, lang)
        why = t(
            lang,
            f"Kildene har ingen verdi{by} for {key} for {name}.",
            f"The sources have no value{by} for {key} for the {name}.",
        )
        return _undecided(query, reading, why, [], evidence)
    has_number = any(n.unit in ("percent", "persons", "nok") for n in reading.numbers)
    why = (
        t(
            lang,
            "Verken tabellene eller de publiserte kildene i korpuset har et tall som avgjør "
            "påstanden.",
            "Neither the tables nor the published sources in the corpus hold a figure that "
            "settles the claim.",
        )
        if has_number
        else t(
            lang,
            "Ingen kilde i korpuset avgjør denne påstanden.",
            "No source in the corpus settles this claim.",
        )
    )
    if partial:
        settled = " ".join(o.reason for o in partial)
        why = t(
            lang,
            f"Kildene avgjør bare en del av påstanden: {settled} Resten avgjør de ikke.",
            f"The sources settle only part of the claim: {settled} They do not settle the rest.",
        )
        related = _unique([f for o in partial for f in o.figures])
    else:
        related = [
            c.figures[0]
            for c in computed
            if c.figures and c.figures[0] is not None and c.figures[0].key is not None
        ]
    return _undecided(query, reading, why, related, evidence)


def rest_undecided(lang: str) -> Outcome:
    """The part of a compound claim no source settles, as an outcome of its own."""
    return Outcome(
        "not_enough_evidence",
        t(lang, "Resten av påstanden avgjør ikke kildene.", "No source settles the rest."),
    )


def _with(evidence: Evidence, extra: list, index) -> Evidence:
    docs = dict(evidence.documents)
    for p, _ in extra:
        docs.setdefault(p.doc_id, index.documents[p.doc_id])
    return Evidence(evidence.passages, docs)


def _undecided(
    query: Query,
    reading: Reading,
    why: str,
    figs: list[ComputedFigure],
    evidence: Evidence,
) -> Result:
    """not_enough_evidence: why, the figures the corpus holds instead, and related reading
    offered as context, never as support."""
    lang = reading.language
    short = why
    body = []
    if figs:
        body.append(" ".join(statement(f, lang) for f in figs))
    related = evidence.passages[:MAX_CITATIONS]
    cites = cite(evidence, related, lang) if related else []
    if cites:
        refs = ", ".join(f"[{c.n}] {c.attribution}" for c in cites)
        body.append(
            t(
                lang,
                f"Relevante kilder, som ikke avgjør påstanden: {refs}.",
                f"Related sources, which do not settle the claim: {refs}.",
            )
        )
    return _result(
        query,
        "claim",
        lang,
        short=short,
        body=" ".join(body),
        verdict="not_enough_evidence",
        reason=why,
        citations=cites,
        figures=[figure_model(f, lang) for f in figs],
        notes=[n for f in figs for n in _figure_notes(f, lang)],
    )


# answers from the register of checked claims ----------------------------------------------


#: a short answer shorter than this (a verdict word alone) is joined to the next sentence
MIN_LEAD_WORDS = 4


def register_answer(query: Query, reading: Reading, resolved, index, mode: str) -> Result:
    """An answer from a checked claim: for a question its short answer, for a claim its
    verdict (flipped when the input says the opposite), then the explanation, the figures
    computed live and the evidence with each passage's stance."""
    from .register import citations, figure_list, opposite_note, texts

    lang = reading.language
    rendered = texts(resolved, lang)
    cites = citations(index, resolved, lang)
    figs = figure_list(resolved)
    entry = resolved.match.entry
    lapsed = entry.settles and not resolved.settles  # settled only by later sources
    when = query.as_of.isoformat() if query.as_of else ""
    not_yet = t(
        lang,
        f"Per {when} avgjorde ikke kildene i korpuset dette; det som avgjør det, ble publisert "
        "senere.",
        f"As of {when} the sources in the corpus did not settle this; what settles it was "
        "published later.",
    )
    # an explanation leads with its conclusion: that sentence is the short answer, the rest
    # follows in the body; a bare "Stemmer." or "True." takes the sentence that says why
    lead, *rest = split(rendered["explanation"]) or [rendered["explanation"]]
    while rest and len(lead.split()) < MIN_LEAD_WORDS:
        lead = f"{lead} {rest.pop(0)}"
    if mode == "question" and resolved.match.negated:
        # the short answer answers the checked claim's question, not its opposite: say how the
        # two relate and let the explanation, which states the facts, answer
        short = not_yet if lapsed else f"{opposite_note(resolved, lang)} {lead}"
        body = [] if lapsed else [" ".join(rest)]
        verdict, reason = None, None
    elif mode == "question":
        short = not_yet if lapsed else rendered["answer"]
        body = [] if lapsed else [rendered["explanation"]]
        verdict, reason = None, None
    else:
        verdict = "not_enough_evidence" if lapsed else resolved.verdict
        reason = not_yet if lapsed else rendered["explanation"]
        first = not_yet if lapsed else lead
        short = " ".join(x for x in (opposite_note(resolved, lang), first) if x)
        body = [] if lapsed else [" ".join(rest)]
    body.append(_refs(cites, lang))
    notes = [] if lapsed else rendered["caveats"]
    notes += [n for f in figs for n in _figure_notes(f, lang)]
    if entry.status != "VERIFIED" and not lapsed:
        from .models import STATUS_LABELS

        notes.append(
            t(
                lang,
                f"Vurderingen hviler på kilder med status: {STATUS_LABELS[entry.status]['nb']}.",
                f"The verdict rests on sources with status: {STATUS_LABELS[entry.status]['en']}.",
            )
        )
    return _result(
        query,
        mode,
        lang,
        short=short,
        body=" ".join(b for b in body if b),
        verdict=verdict,
        reason=reason,
        citations=cites,
        figures=[figure_model(f, lang) for f in figs],
        notes=list(dict.fromkeys(notes)),
    )


def _claim_match(m, lang: str):
    from .models import ClaimMatch

    variant = next((v for v in m.entry.variants if v.text == m.text), None)
    return ClaimMatch(
        id=m.entry.id,
        claim=m.entry.claim(lang),
        verdict=m.entry.verdict,  # type: ignore[arg-type]
        negated=m.negated,
        score=round(m.score, 4),
        wording=m.text,
        said_by=variant.who if variant else "",
        said_when=variant.when if variant else "",
        said_where=variant.where if variant else "",
    )


def with_matches(result: Result, best, related: list) -> Result:
    """The checked claim the input is about, and near misses offered as related. A match whose
    verdict does not apply to the input as stated (another number, another year) is related,
    not the match."""
    lang = result.language
    if best is not None and best.applies:
        result.match = _claim_match(best, lang)
    elif best is not None:
        related = [best, *related]
    result.related = [_claim_match(m, lang) for m in related]
    return result
