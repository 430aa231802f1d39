"""From an input to a result: parse → read → frames → plan → match the register → compute →
judge → evidence → compose.

A checked claim in the register that the input is about answers it (with the entry's verdict,
turned when the input says the opposite), unless the input asks for a number the tables
compute; otherwise the figures the plans ask for are computed and judged, and passages are
retrieved as evidence.

The loaded index is passed in; this module holds no state. Follow-ups ("Og for kvinner?",
"What about Sweden?") are read together with the previous user turn.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from ..claims.detect import not_checkable
from ..claims.matching import OPINION_MATCH, best_and_related, denied_clause, match, prepare
from ..corpus.catalog import Catalog
from ..figures.compute import ComputedFigure, compute
from ..figures.planner import Plan, Request, candidates, plan_part
from ..judging.frames import Outcome, judge, weakest
from ..text.numbers import named_years
from ..text.stems import tokenize
from ..understanding.frames import parts_of
from ..understanding.query import (
    MAX_INPUT_CHARS,
    InputError,
    Mode,
    Query,
    detect_language,
    parse_query,
)
from ..understanding.reading import Reading, read
from . import compose
from .evidence import retrieve, speaks_to, worded_in
from .models import Result
from .register import resolve

__all__ = ["MAX_INPUT_CHARS", "InputError", "answer", "respond"]

#: a follow-up this short is read with the turn before it whatever its first word
FOLLOW_UP_WORDS = 4


@dataclass
class Understanding:
    """Everything read from one input, before anything is computed."""

    query: Query
    reading: Reading
    mode: Mode
    plans: list[Plan]
    context: str | None = None  # the previous turn, when the input was read with it
    kind: str = "claim"  # question (question mode) | claim | opinion | forecast | self


@dataclass
class Computed:
    """The figures computed for one plan: its requests' (None where the table has no value)
    and the confusable measures'."""

    plan: Plan
    figures: list[ComputedFigure | None] = field(default_factory=list)
    confusable: list[ComputedFigure] = field(default_factory=list)
    #: a question about a period with no value is answered with the latest: which one was asked
    asked_key: Any = None


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    return "".join(chars)


def _spans(words, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in words.finditer(text)]


def merge_follow_up(
    previous: Reading, current: Reading, catalog: Catalog, reference: date, claim: bool = False
) -> Reading:
    """The previous turn, with what the follow-up changes: a sex, a period, a place, a number.

    The planner reads words, so what the follow-up replaces is blanked out of the previous
    turn's text (a follow-up about another country must not still read the first country's name and
    horizon)."""
    lex = catalog.lexicon
    old = previous.text
    drop: list[tuple[int, int]] = []
    if current.sexes:
        for words in lex.sexes.values():
            drop += _spans(words.in_language(previous.language), old)
    if current.years:
        drop += [(y.start, y.end) for y in named_years(old)]
        drop += _spans(lex.cues["last_year"], old) + _spans(lex.cues["this_year"], old)
    if current.places:
        for place in catalog.places:
            drop += _spans(place.words, old)
        for words in lex.horizons.values():
            drop += _spans(words, old)
        for name in {p for t in catalog.tables.values() for _, ps in t.places for p in ps}:
            if name.startswith("@"):
                drop += _spans(lex.concepts[name[1:]], old)
    if current.numbers:
        drop += [(n.start, n.start + len(n.text)) for n in previous.numbers if n.start >= 0]
    kept = _blank(old, drop)
    text = f"{current.text} {kept}"
    merged = read(text, current.language, catalog, reference)
    years = current.years
    if years and all(not y.tied for y in years) and any(y.tied for y in previous.years):
        # "Og i 2016?" after "… som avsluttet i 2014 …": the year replaces the cohort
        years = [replace(y, tied=True) for y in years]
    # a follow-up question asks for the figure; a follow-up claim ("Og for kvinner?" checked
    # as a claim) states the previous claim's number for the new slice
    keep_numbers = claim or not current.is_question
    return replace(
        merged,
        text=text,
        language=current.language if len(current.text.split()) > 2 else previous.language,
        is_question=current.is_question and not claim,
        years=years or previous.years,
        sexes=current.sexes or previous.sexes,
        places=current.places or [p for p in previous.places],
        numbers=current.numbers or (previous.numbers if keep_numbers else []),
        cues=current.cues,
        negations=current.negations,
    )


def is_follow_up(text: str, catalog: Catalog) -> bool:
    words = text.split()
    return (
        bool(catalog.lexicon.cues["follow_up"].match_start(text)) or len(words) <= FOLLOW_UP_WORDS
    )


def understand(query: Query, catalog: Catalog) -> Understanding:
    reading = read(query.text, query.language, catalog, query.reference)
    context = None
    previous = query.previous
    # "I landet vårt var snittet i fjor 48 prosent": a number written in digits with no
    # measure of its own leans on the sentence before ("de fleste" does not)
    written = [n for n in reading.numbers if any(ch.isdigit() for ch in n.text)]
    if previous and (
        is_follow_up(query.text, catalog) or (written and not candidates(reading, catalog))
    ):
        before = read(previous, detect_language(previous), catalog, query.reference)
        reading = merge_follow_up(
            before, reading, catalog, query.reference, claim=query.mode == "claim"
        )
        context = previous
    mode: Mode = query.mode or ("question" if reading.is_question else "claim")
    kind = "question"
    if mode == "claim":
        kind = not_checkable(query.text, catalog.lexicon, reading.cues) or "claim"
    plans = [plan_part(part, catalog) for part in parts_of(reading)]
    return Understanding(query, reading, mode, plans, context, kind)


def _compute_one(index, request: Request, as_of: date | None) -> ComputedFigure | None:
    table = index.tables.get(request.table)
    measure = table.measure(request.measure) if table else None
    if table is None or measure is None:
        return None
    return compute(index.rows, table, measure, request, as_of.isoformat() if as_of else None)


def compute_plan(index, plan: Plan, as_of: date | None, mode: Mode) -> Computed:
    figs = [_compute_one(index, r, as_of) for r in plan.requests]
    out = Computed(plan, figs)
    if (
        mode == "question"
        and plan.frame.kind == "value"
        and figs
        and figs[0] is None
        and plan.requests[0].key is not None
    ):
        # no value for the period asked about: say so, and show the latest there is
        out.asked_key = plan.requests[0].key
        out.figures = [_compute_one(index, replace(plan.requests[0], key=None), as_of)]
        plan.confusable = [replace(r, key=None) for r in plan.confusable]
    out.confusable = [
        f for f in (_compute_one(index, r, as_of) for r in plan.confusable) if f is not None
    ]
    return out


def _judged(computed: Computed, spans: dict[str, float], lang: str) -> Outcome | None:
    figs = computed.figures
    if not figs or any(f is None for f in figs):
        return None
    return judge(computed.plan, figs, computed.confusable, spans, lang)  # type: ignore[arg-type]


def _prepared(index):
    """The register read once for matching, kept with the loaded index."""
    prepared = index.derived.get("register")
    if prepared is None:
        horizons = {t.id: t.horizon for t in index.tables.values()}
        places = [(p.name, p.words) for p in index.catalog.places if p.keyed and not p.total]
        prepared = index.derived["register"] = prepare(
            index.register, index.catalog.lexicon, horizons, places
        )
    return prepared


def _words(index) -> list[frozenset[str]]:
    """Each passage's content words (stems), read once and kept with the loaded index."""
    words = index.derived.get("passage_words")
    if words is None:
        words = index.derived["passage_words"] = [
            frozenset(tokenize(p.text)) for p in index.passages
        ]
    return words


def find_matches(index, text: str, lang: str, vector=None) -> list:
    """The checked claims closest to ``text`` (:func:`~assistant.claims.matching.match`). A
    sentence that opens by denying a clause is matched on the clause, polarity turned."""
    if index.register is None:
        return []
    lexicon = index.catalog.lexicon
    clause = denied_clause(text, lexicon)
    if clause is not None:
        text, vector = clause, index.embed_query(clause)
    elif vector is None:
        vector = index.embed_query(text)
    return match(
        text,
        vector,
        _prepared(index),
        index.register_vectors,
        lexicon,
        lang=lang,
        denied=clause is not None,
    )


def _numeric_ask(seen: Understanding) -> bool:
    """Does the question ask for a number (a share, a count, a period, a comparison)? Then
    the computed figure answers first, and a checked claim on the topic is offered beside."""
    r = seen.reading
    return bool(r.has("count", "share") or r.years or r.sexes or r.keyed_places) or any(
        p.frame.kind != "value" for p in seen.plans
    )


def answer(index, query: Query, *, exclude: Collection[str] = ()) -> Result:
    """Answer a parsed query (see :func:`respond`)."""
    catalog = index.catalog
    seen = understand(query, catalog)
    lang = seen.reading.language
    vector = index.embed_query(query.text)  # claim matching and retrieval
    matches = find_matches(index, query.text, lang, vector)
    best, related = best_and_related(matches)
    if best is not None and any(
        p.missing and p.missing not in compose.PASSAGES_MAY_SETTLE for p in seen.plans
    ):
        # the tables know this topic and know they cannot settle it (another horizon, sex,
        # place, or measures on different scales): a checked claim close in wording is
        # offered as related, never as the answer to something it does not say
        related, best = [best, *related], None
    in_scope = (
        seen.reading.in_scope
        or any(p.choice or p.held for p in seen.plans)
        or best is not None
        or (seen.mode == "question" and lang == "nb" and worded_in(query.text, _words(index)))
    )
    if not in_scope:
        return compose.not_covered(query, seen.mode, lang)
    if seen.mode == "claim" and seen.kind in ("opinion", "forecast", "self"):
        # an opinion is reported, not checked; unless a checked claim matches it, whose verdict
        # settles what the sentence asserts ("KS mener, som Brochmann II-utvalget, at …")
        settled = (
            best is not None and best.applies and best.entry.settles and best.score >= OPINION_MATCH
        )
        if not settled or seen.kind == "self":
            return compose.with_matches(
                compose.not_checkable(query, seen.kind, lang), None, [best] if best else []
            )
    computed = [compute_plan(index, p, query.as_of, seen.mode) for p in seen.plans]
    spans = catalog.lexicon.judging
    outcomes = [_judged(c, spans, lang) for c in computed]
    main = next((f for c in computed for f in c.figures if f is not None), None)
    if seen.context is None:
        evidence = retrieve(
            index,
            query.text,
            query.as_of,
            settling_only=seen.mode == "claim",
            exclude=exclude,
            vector=vector,
            terms=main.measure.label_nb if main is not None else "",
        )
    else:  # a follow-up is searched with the turn before it
        evidence = retrieve(
            index,
            f"{query.text} {seen.context}"[: MAX_INPUT_CHARS * 2],
            query.as_of,
            settling_only=seen.mode == "claim",
            exclude=exclude,
        )
    if (
        seen.mode == "question"
        and lang == "nb"
        and seen.context is None
        and best is None
        and not any(p.choice or p.held for p in seen.plans)
        and not speaks_to(query.text, evidence, catalog.lexicon.strong, catalog.lexicon.asking)
    ):
        # in scope by a topic word alone, and nothing found says anything about the rest
        return compose.not_covered(query, seen.mode, lang)
    resolved = (
        resolve(index, best, query.as_of, exclude) if best is not None and best.applies else None
    )
    if seen.mode == "question":
        if resolved is not None and not (_numeric_ask(seen) and main is not None):
            result = compose.register_answer(query, seen.reading, resolved, index, "question")
        else:
            result = compose.question(query, seen.reading, computed, outcomes, evidence, index)
    else:
        decided = [o for o in outcomes if o is not None]
        outcome = weakest(decided) if len(decided) == len(outcomes) and decided else None
        if outcome is None and any(o.verdict == "contradicted" for o in decided):
            # one false part makes a compound claim false, whatever the rest says
            outcome = weakest([*decided, compose.rest_undecided(lang)])
        if outcome is None and resolved is not None:
            result = compose.register_answer(query, seen.reading, resolved, index, "claim")
        else:
            result = compose.claim(
                query, seen.reading, computed, outcome, evidence, index, partial=decided
            )
    result.context = seen.context
    return compose.with_matches(result, best, related)


def respond(
    index,
    text: str,
    *,
    mode: Mode | None = None,
    history: Sequence[Any] = (),
    as_of: str | date | None = None,
    today: date | None = None,
    exclude: Collection[str] = (),
) -> Result:
    """Answer a question or check a claim. ``mode`` None lets the wording decide; ``exclude``
    names documents never to cite (the text being checked)."""
    query = parse_query(text, mode=mode, history=history, as_of=as_of, today=today)
    return answer(index, query, exclude=exclude)
