"""From an input to a result: read → plan → compute figures → retrieve → compose.

The loaded index is passed in; this module holds no state. Follow-ups ("Og for kvinner?",
"What about Sweden?") are read together with the previous user turn from ``history``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any, Literal

from ..figures.compute import ComputedFigure, compute
from ..figures.mapping import Request, plan
from ..figures.reading import Reading, read
from ..retrieval.hybrid import search
from ..text.normalise import clean
from .compose import Evidence, answer_question, check_claim, not_covered
from .models import Result

MAX_INPUT_CHARS = 2000
#: cosine below which a passage is not about the question. multilingual-e5-small compresses
#: cosines (unrelated English text 0.73–0.77, on-topic 0.79–0.95), so this floor only drops
#: the clearly unrelated; the domain check in reading.py decides whether the corpus covers
#: an input at all (docs/BENCHMARKS.md, "Abstention")
MIN_RELEVANCE = 0.78
#: passages more than this far below the best one are not cited
RELATIVE_WINDOW = 0.04

_FOLLOW_UP = re.compile(
    r"^\s*(og|men|hva med|hva om|enn|samme for|and|but|what about|how about|"
    r"same for|and for)\b",
    re.I,
)


class InputError(ValueError):
    """The input cannot be answered as given (empty, too long, bad date)."""


def parse_as_of(value: str | None) -> date | None:
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(f"as_of must be a date YYYY-MM-DD, got {value!r}") from exc


def _previous_user_turn(history: Sequence[Any]) -> str | None:
    for turn in reversed(list(history)):
        # only the start of a long turn is read: it sets the context, and embedding a whole
        # pasted article with every follow-up would cost seconds
        if isinstance(turn, str):
            return clean(turn[: MAX_INPUT_CHARS * 2])[:MAX_INPUT_CHARS] or None
        if isinstance(turn, dict) and turn.get("role", "user") == "user":
            content = turn.get("content") or turn.get("input")
            if isinstance(content, str):
                return clean(content[: MAX_INPUT_CHARS * 2])[:MAX_INPUT_CHARS] or None
    return None


def is_follow_up(text: str) -> bool:
    return bool(_FOLLOW_UP.match(text)) or len(text.split()) <= 4


def merge_follow_up(previous: Reading, current: Reading) -> Reading:
    """The previous question, with what the follow-up changes (sex, year, place, country)."""
    merged = replace(
        previous,
        concepts=set(previous.concepts) | current.concepts,
        numbers=current.numbers or previous.numbers,
    )
    merged.text = f"{current.text} ({previous.text})"
    merged.language = current.language if len(current.text.split()) > 2 else previous.language
    if current.sex != "all":
        merged.sex = current.sex
    if current.years:
        merged.years = current.years
        merged.exit_years = current.exit_years or (current.years if previous.exit_years else [])
    if current.county:
        merged.county = current.county
    if current.has("sweden"):
        merged.concepts -= {"direct", "one_year", "norway", "county"}
        merged.county = None
    elif current.has("norway"):
        merged.concepts -= {"sweden"}
    return merged


def _evidence(index, query: str, as_of: date | None, claim: bool) -> Evidence:
    hits = search(index, query, k=12)
    kept = []
    best = hits[0].dense if hits else 0.0
    for hit in hits:
        doc = index.documents[hit.passage.doc_id]
        if hit.dense < MIN_RELEVANCE or hit.dense < best - RELATIVE_WINDOW:
            continue
        if as_of is not None and doc.published > as_of.isoformat():
            continue
        if claim and not doc.settles:
            continue
        kept.append((hit.passage, hit.dense))
    return Evidence(kept, index.documents)


def _compute(index, request: Request | None, as_of: date | None) -> ComputedFigure | None:
    if request is None:
        return None
    table = index.tables.get(request.table)
    if table is None:
        return None
    measure = next((m for m in table.measures if m.id == request.measure), None)
    if measure is None:
        return None
    return compute(index.rows, table, measure, request, as_of.isoformat() if as_of else None)


def _no_value_note(index, request: Request, as_of: date | None, lang: str) -> str:
    """Why a claim about a measure the tables hold still cannot be judged: no value for it."""
    table = index.tables[request.table]
    measure = next(m for m in table.measures if m.id == request.measure)
    label = measure.label_nb if lang == "nb" else measure.label_en
    when = request.key if request.key is not None else ("det året" if lang == "nb" else "it")
    if lang == "nb":
        by = f" publisert innen {as_of.isoformat()}" if as_of else ""
        return f"Kildene har ingen verdi{by} for {when} for {label} ({table.id})."
    by = f" published by {as_of.isoformat()}" if as_of else ""
    return f"The sources have no value{by} for {when} for the {label} ({table.id})."


def respond(
    index,
    text: str,
    *,
    mode: Literal["question", "claim"] | None = None,
    history: Sequence[Any] = (),
    as_of: str | date | None = None,
    today: date | None = None,
) -> Result:
    """Answer a question or check a claim. ``mode`` None lets the wording decide."""
    if not isinstance(text, str) or not text.strip():
        raise InputError("the input is empty")
    text = clean(text)
    if len(text) > MAX_INPUT_CHARS:
        raise InputError(f"the input is longer than {MAX_INPUT_CHARS} characters")
    as_of_date = parse_as_of(as_of) if isinstance(as_of, str) or as_of is None else as_of
    reference = as_of_date or today or date.today()

    reading = read(text, reference)
    previous = _previous_user_turn(history)
    retrieval_query = text
    elliptic = bool(reading.numbers) and not reading.names_a_measure
    if previous and (is_follow_up(text) or elliptic):
        reading = merge_follow_up(read(previous, reference), reading)
        retrieval_query = f"{text} {previous}"[:MAX_INPUT_CHARS]
    chosen_mode = mode or ("question" if reading.is_question else "claim")

    figure_plan = plan(reading)
    primary = _compute(index, figure_plan.primary, as_of_date)
    missing_key = None
    if (
        primary is None
        and figure_plan.primary is not None
        and figure_plan.primary.key is not None
        and chosen_mode == "question"
    ):
        # No value for the year asked about: say so, and show the latest there is.
        missing_key = figure_plan.primary.key
        asked = {**figure_plan.primary.params, "asked_key": missing_key}
        figure_plan.primary = replace(figure_plan.primary, key=None, params=asked)
        figure_plan.alternatives = [replace(r, key=None) for r in figure_plan.alternatives]
        primary = _compute(index, figure_plan.primary, as_of_date)
    alternatives = [
        f
        for f in (_compute(index, r, as_of_date) for r in figure_plan.alternatives)
        if f is not None
    ]
    if primary is None and not reading.has("domain"):
        result = not_covered(text, chosen_mode, reading.language)
        result.input = text
        return result
    if primary is not None:  # look for passages about the figure, not only the words used
        retrieval_query += " " + primary.measure.label_nb
    evidence = _evidence(index, retrieval_query, as_of_date, claim=chosen_mode == "claim")
    figures = [primary] if primary is not None else []
    alternatives = alternatives if primary else []
    if chosen_mode == "claim":
        gap = None
        if primary is None and figure_plan.primary is not None:
            gap = _no_value_note(index, figure_plan.primary, as_of_date, reading.language)
        result = check_claim(reading, figures, alternatives, evidence, undecided_because=gap)
    elif not figures and not evidence.passages:
        result = not_covered(text, "question", reading.language)
    else:
        result = answer_question(reading, figures, alternatives, evidence)
        if missing_key is not None and figures:
            by = f" publisert innen {as_of_date.isoformat()}" if as_of_date else ""
            by_en = f" published by {as_of_date.isoformat()}" if as_of_date else ""
            note = (
                f"Kildene har ingen verdi{by} for {missing_key}; viser siste tilgjengelige tall."
                if reading.language == "nb"
                else f"The sources have no value{by_en} for {missing_key}; showing the latest "
                "figure."
            )
            result.answer = note + " " + result.answer
            result.notes.insert(0, note)
    result.input = text
    return result
