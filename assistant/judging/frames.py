"""One generic judge per frame, over computed figures.

Each judge returns an :class:`Outcome` (verdict, a reason that leads with the finding, and the
figures it rests on, main first) or None when the figures cannot decide (a claim with no number
to compare, say): then the register or the passages may. Judges never reach for another
measure, period or population than the claim names: where the claim's own slice has no value,
the verdict is not_enough_evidence and the reason says which value is missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from ..figures.compute import ComputedFigure
from ..figures.planner import Plan, year_key
from ..figures.wording import (
    label,
    number,
    scope_of,
    sentence_case,
    sex_word,
    t,
    value_text,
    with_unit,
)
from ..text.numbers import StatedNumber
from .numbers import matches

#: weakest first: the weakest part of a compound claim decides
STRENGTH = ("contradicted", "not_enough_evidence", "partly_supported", "supported")
_UNITS_FOR = {
    "percent": ("percent",),
    "percentage_points": ("percentage_points", "percent"),
    "persons": ("persons",),
    "nok": ("nok", "persons"),
}


@dataclass
class Outcome:
    verdict: str
    reason: str
    figures: list[ComputedFigure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: passages that state what the verdict rests on besides the figures: (document, words)
    sources: list[tuple[str, str]] = field(default_factory=list)


def spans_for(fig: ComputedFigure, defaults: dict[str, float]) -> dict[str, float]:
    return {**defaults, **dict(fig.measure.judge)}


def stated_for(
    fig: ComputedFigure, numbers: tuple[StatedNumber, ...] | list
) -> StatedNumber | None:
    wanted = _UNITS_FOR.get(fig.value_unit, ())
    return next((n for n in numbers if n.unit in wanted), None)


def _row_value(row: dict[str, Any]) -> float:
    return float(row["value"])


def derived(
    base: ComputedFigure,
    value: float,
    rows: list[dict[str, Any]],
    derivation: str,
    label_nb: str,
    label_en: str,
    unit: str | None = None,
) -> ComputedFigure:
    """A value computed from rows of a figure (a gap, a change): shown with those rows."""
    return replace(
        base,
        value=value,
        rows=[dict(r) for r in rows],
        derivation=derivation,
        unit=unit or base.value_unit,
        label_nb=label_nb,
        label_en=label_en,
        newer_exists=False,
    )


def at_row(fig: ComputedFigure, row: dict[str, Any]) -> ComputedFigure:
    """The figure read off one row of its series: a side of a comparison, an end of a change,
    the top of a ranking (never the series' default row, which no claim named). Its date is
    the row's own where the row carries the table's date column."""
    dated = row.get(fig.table.date_column) if fig.table.date_column else None
    return replace(
        fig,
        row=row,
        key=row["key"],
        value=_row_value(row),
        rows=[dict(row)],
        published_on=str(dated) if dated else fig.published_on,
    )


def _points(unit: str) -> str:
    return "percentage_points" if unit == "percent" else unit


def _breaks(fig: ComputedFigure, a: Any, b: Any, lang: str) -> list[str]:
    """The card's note on a series break that lies between keys a and b."""
    if not isinstance(a, int) or not isinstance(b, int):
        return []
    lo, hi = sorted((a, b))
    return [t(lang, br.note_nb, br.note_en) for br in fig.table.breaks if lo < br.at <= hi]


def _missing(lang: str, fig: ComputedFigure, what: str) -> Outcome:
    return Outcome(
        "not_enough_evidence",
        t(
            lang,
            f"Kildene har ingen verdi for {what} for {label(fig, 'nb')}.",
            f"The sources have no value for {what} for the {label(fig, 'en')}.",
        ),
        [fig],
    )


# value ---------------------------------------------------------------------------------


def judge_value(
    plan: Plan, fig: ComputedFigure, confusable: list[ComputedFigure], spans: dict, lang: str
) -> Outcome | None:
    frame = plan.frame
    if frame.denied:  # what a denial denies is judged on the measure it names, strictly
        confusable = [c for c in confusable if c.measure.group != fig.measure.group]
    stated = stated_for(fig, frame.numbers)
    if stated is None:
        return None
    sp = spans_for(fig, spans)
    lab, where, val = label(fig, lang), scope_of(fig, fig.row, lang), value_text(fig, lang)
    if matches(stated, fig.value or 0.0, fig.row.get("qualifier"), sp):
        return Outcome(
            "supported",
            t(lang, f"{sentence_case(lab)} {where} var {val}.", f"The {lab} {where} was {val}."),
            [fig, *confusable],
        )
    for alt in confusable:
        if alt.measure.group == fig.measure.group and matches(
            stated, alt.value or 0.0, alt.row.get("qualifier"), spans_for(alt, spans)
        ):
            alt_lab, alt_val = label(alt, lang), value_text(alt, lang)
            return Outcome(
                "partly_supported",
                t(
                    lang,
                    f"Tallet stemmer for {alt_lab} ({alt_val}), men ikke for {lab} ({val}).",
                    f"The number fits the {alt_lab} ({alt_val}), but not the {lab} ({val}).",
                ),
                [fig, *confusable],
            )
    said = stated.text or number(stated.value, lang)
    if not frame.years and not frame.denied:
        # no period named: a number that held for an earlier period, or for a confusable
        # measure in some period, is partly right rather than wrong
        for candidate in [fig, *confusable]:
            if candidate.measure.group != fig.measure.group:
                continue
            sc = spans_for(candidate, spans)
            hit = next(
                (
                    r
                    for r in reversed(candidate.series)
                    if matches(stated, _row_value(r), r.get("qualifier"), sc)
                ),
                None,
            )
            if hit is None:
                continue
            hit_where = scope_of(candidate, hit, lang)
            hit_val = value_text(candidate, lang, hit)
            with_hit = replace(candidate, rows=[dict(candidate.row), dict(hit)])
            figures = [with_hit if c is candidate else c for c in [fig, *confusable]]
            if candidate is fig:
                reason = t(
                    lang,
                    f"Tallet stemmer {hit_where} ({hit_val}), men det siste tallet er {val} "
                    f"{where}.",
                    f"The number held {hit_where} ({hit_val}), but the latest figure is {val} "
                    f"{where}.",
                )
            else:
                reason = t(
                    lang,
                    f"Tallet stemmer for {label(candidate, lang)} {hit_where} ({hit_val}), men "
                    f"ikke for {lab} ({val} {where}).",
                    f"The number fits the {label(candidate, lang)} {hit_where} ({hit_val}), but "
                    f"not the {lab} ({val} {where}).",
                )
            return Outcome("partly_supported", reason, figures)
    return Outcome(
        "contradicted",
        t(
            lang,
            f"{sentence_case(lab)} {where} var {val}, ikke {said}.",
            f"The {lab} {where} was {val}, not {said}.",
        ),
        [fig, *confusable],
    )


# compare -------------------------------------------------------------------------------


def _compare_rows(
    plan: Plan, figs: list[ComputedFigure], lang: str
) -> tuple[list[tuple[ComputedFigure, dict, str]], Outcome | None]:
    """The two sides of a comparison as (figure, row, name), or why one is missing."""
    frame = plan.frame
    a, b = frame.slices
    if frame.dimension == "sex":
        out = []
        for fig, s in zip(figs, (a, b), strict=True):
            out.append((fig, fig.row, sex_word(str(s.value), lang)))
        return out, None
    fig = figs[0]
    if plan.sides:  # two tables, one slice each: same group (checked by the planner)
        return [(f, f.row, str(s.value)) for f, s in zip(figs, (a, b), strict=True)], None
    out = []
    for s in (a, b):
        key = year_key(fig.table, s.mention) if frame.dimension == "year" else s.value
        row = fig.at(key)
        if row is None:
            return [], _missing(lang, fig, str(s.value))
        name = scope_of(fig, row, lang) if frame.dimension == "year" else str(s.value)
        out.append((fig, row, name))
    return out, None


def judge_compare(plan: Plan, figs: list[ComputedFigure], spans: dict, lang: str) -> Outcome | None:
    frame = plan.frame
    sides, problem = _compare_rows(plan, figs, lang)
    if problem is not None:
        return problem
    (fa, ra, na), (fb, rb, nb_) = sides
    va, vb = _row_value(ra), _row_value(rb)
    gap = va - vb
    unit = _points(fa.value_unit)
    base = fa
    gap_fig = derived(
        base,
        round(abs(gap), 4),
        [ra, rb],
        f"{number(va, lang)} − {number(vb, lang)}",
        f"forskjell mellom {na} og {nb_} ({label(fa, 'nb')})",
        f"difference between {na} and {nb_} ({label(fa, 'en')})",
        unit,
    )
    sp = spans_for(fa, spans)
    a_val, b_val = value_text(fa, lang, ra), value_text(fb, lang, rb)
    size = with_unit(abs(gap), unit, lang)
    facts = f"{sentence_case(na)}: {a_val}; {nb_}: {b_val}" + t(
        lang, f", en forskjell på {size}", f", a difference of {size}"
    )
    if frame.dimension == "sex":
        facts += f" ({scope_of(fa, ra, lang, sex='all')})"
    notes = _breaks(fa, ra.get("key"), rb.get("key"), lang) if frame.dimension == "year" else []
    figures = [gap_fig, at_row(fa, ra), at_row(fb, rb)]
    stated = next((n for n in frame.numbers if n.unit in ("percentage_points", "percent")), None)
    if frame.relation == "versus":  # nothing asserted: the facts answer a question
        return Outcome("not_enough_evidence", facts + ".", figures, notes)
    if frame.relation == "equal":
        ok = abs(gap) <= sp["equal_gap"]
    elif frame.relation == "higher":
        ok = gap > sp["exact"]
    elif frame.relation == "lower":
        ok = gap < -sp["exact"]
    else:  # a gap: there is one; its stated size is checked below
        ok = stated is not None or abs(gap) > sp["equal_gap"]
    if ok and stated is not None and frame.relation != "equal":
        ok = matches(replace(stated, unit="percentage_points"), abs(gap), None, sp)
    verdict = "supported" if ok else "contradicted"
    return Outcome(verdict, facts + ".", figures, notes)


# change --------------------------------------------------------------------------------


def judge_change(plan: Plan, fig: ComputedFigure, spans: dict, lang: str) -> Outcome | None:
    frame = plan.frame
    sp = spans_for(fig, spans)
    values = [n for n in frame.numbers if n.unit == fig.value_unit]
    size = next((n for n in frame.numbers if n.unit == "percentage_points"), None)
    if len(frame.years) == 1 and not frame.since:
        # one period: the change from the period before it in the series
        last = year_key(fig.table, frame.years[0])
        rb = fig.at(last)
        if rb is None:
            return _missing(lang, fig, str(last))
        earlier = [r for r in fig.series if isinstance(r["key"], int) and r["key"] < last]
        if not earlier:
            return _missing(lang, fig, str(last - 1))
        ra = earlier[-1]
    elif frame.years:
        keys = [year_key(fig.table, y) for y in frame.years]
        first = keys[0]
        last = fig.series[-1]["key"] if frame.since else keys[-1]
        ra, rb = fig.at(first), fig.at(last)
        for key, row in ((first, ra), (last, rb)):
            if row is None:
                return _missing(lang, fig, str(key))
    elif len(values) >= 2:
        # "fell from 62 to 58 per cent", periods unnamed: any two periods in that order
        pairs = [
            (r1, r2)
            for i, r1 in enumerate(fig.series)
            for r2 in fig.series[i + 1 :]
            if matches(values[0], _row_value(r1), r1.get("qualifier"), sp)
            and matches(values[1], _row_value(r2), r2.get("qualifier"), sp)
        ]
        if not pairs:
            return Outcome(
                "not_enough_evidence",
                t(
                    lang,
                    f"Påstanden sier ikke hvilke år den gjelder, og ingen to år i serien for "
                    f"{label(fig, 'nb')} har de tallene.",
                    f"The claim names no periods, and no two periods in the series for the "
                    f"{label(fig, 'en')} have those values.",
                ),
                [fig],
            )
        ra, rb = pairs[-1]
    else:
        return None
    va, vb = _row_value(ra), _row_value(rb)
    diff = vb - va
    unit = _points(fig.value_unit)
    change = derived(
        fig,
        round(diff, 4),
        [ra, rb],
        f"{number(vb, lang)} − {number(va, lang)}",
        f"endring i {label(fig, 'nb')}",
        f"change in the {label(fig, 'en')}",
        unit,
    )
    a_where, b_where = scope_of(fig, ra, lang), scope_of(fig, rb, lang)
    went = (
        t(lang, "økte", "rose")
        if diff > sp["exact"]
        else t(lang, "falt", "fell")
        if diff < -sp["exact"]
        else t(lang, "var uendret", "was unchanged")
    )
    facts = t(
        lang,
        f"{sentence_case(label(fig, 'nb'))} {went} fra {value_text(fig, 'nb', ra)} ({a_where}) "
        f"til {value_text(fig, 'nb', rb)} ({b_where}), {with_unit(abs(diff), unit, 'nb')}.",
        f"The {label(fig, 'en')} {went} from {value_text(fig, 'en', ra)} ({a_where}) to "
        f"{value_text(fig, 'en', rb)} ({b_where}), {with_unit(abs(diff), unit, 'en')}.",
    )
    direction_ok = {
        "increase": diff > sp["exact"],
        "decrease": diff < -sp["exact"],
        "changed": abs(diff) > sp["exact"],
    }[frame.relation or "changed"]
    numbers_ok = True
    if len(values) >= 2:
        numbers_ok = matches(values[0], va, ra.get("qualifier"), sp) and matches(
            values[-1], vb, rb.get("qualifier"), sp
        )
    if size is not None:
        numbers_ok = numbers_ok and matches(size, abs(diff), None, sp)
    if not direction_ok:
        verdict = "contradicted"
    elif numbers_ok:
        verdict = "supported"
    else:
        verdict = "partly_supported"
    notes = _breaks(fig, ra.get("key"), rb.get("key"), lang)
    return Outcome(verdict, facts, [change, at_row(fig, ra), at_row(fig, rb)], notes)


# rank ----------------------------------------------------------------------------------


def ranked(fig: ComputedFigure) -> list[dict[str, Any]]:
    """The series from highest to lowest (a ``precise_value`` column breaks ties); a row that
    stands for the whole (a national total) is no rank among the rows."""
    area = fig.table.area
    total = area.total if area is not None else None
    return sorted(
        [r for r in fig.series if total is None or str(r["key"]) != total],
        key=lambda r: (_row_value(r), float(r.get("precise_value") or 0.0)),
        reverse=True,
    )


def judge_rank(plan: Plan, fig: ComputedFigure, spans: dict, lang: str) -> Outcome | None:
    frame = plan.frame
    order = ranked(fig)
    if not order:
        return None
    highest = frame.relation == "highest"
    top = order[0] if highest else order[-1]
    word = t(lang, "høyest" if highest else "lavest", "the highest" if highest else "the lowest")
    top_name = top["key"] if frame.dimension == "place" else scope_of(fig, top, lang)
    top_fig = at_row(fig, top)
    facts = t(
        lang,
        f"{top_name} hadde {word} {label(fig, 'nb')}: {value_text(fig, 'nb', top)}",
        f"{top_name} had {word} {label(fig, 'en')}: {value_text(fig, 'en', top)}",
    )
    if not frame.slices:
        return Outcome("supported", facts + ".", [top_fig])
    named = frame.slices[0]
    key = named.value if frame.dimension == "place" else year_key(fig.table, named.mention)
    row = fig.at(key)
    if row is None:
        return _missing(lang, fig, str(named.value))
    tied = [r for r in order if _row_value(r) == _row_value(top)]
    if any(str(r["key"]).casefold() == str(key).casefold() for r in tied):
        return Outcome("supported", facts + ".", [top_fig])
    named_fig = at_row(fig, row)
    return Outcome(
        "contradicted",
        facts
        + t(
            lang,
            f"; {named.value} hadde {value_text(fig, 'nb', row)}.",
            f"; {named.value} had {value_text(fig, 'en', row)}.",
        ),
        [top_fig, named_fig],
    )


# range ---------------------------------------------------------------------------------


def judge_range(plan: Plan, fig: ComputedFigure, spans: dict, lang: str) -> Outcome | None:
    frame = plan.frame
    stated = next((n for n in frame.numbers if n.hedge == "range"), None)
    if stated is None:
        return None
    sp = spans_for(fig, spans)
    keys = [year_key(fig.table, y) for y in frame.years]
    rows = [(k, fig.at(k)) for k in keys]
    present = [r for _, r in rows if r is not None]
    absent = [str(k) for k, r in rows if r is None]
    listed = "; ".join(f"{scope_of(fig, r, lang)}: {value_text(fig, lang, r)}" for r in present)
    shown = replace(fig, rows=[dict(r) for r in present]) if present else fig
    outside = [r for r in present if not matches(stated, _row_value(r), r.get("qualifier"), sp)]
    if outside:
        return Outcome(
            "contradicted",
            t(
                lang,
                f"Ikke alle verdiene ligger i spennet: {listed}.",
                f"Not every value lies in the range: {listed}.",
            ),
            [shown],
        )
    if absent:
        return Outcome(
            "not_enough_evidence",
            t(
                lang,
                f"Kildene har ingen verdi for {', '.join(absent)} for {label(fig, 'nb')}"
                + (f"; {listed}." if present else "."),
                f"The sources have no value for {', '.join(absent)} for the {label(fig, 'en')}"
                + (f"; {listed}." if present else "."),
            ),
            [shown],
        )
    notes = _breaks(fig, present[0].get("key"), present[-1].get("key"), lang)
    return Outcome(
        "supported",
        t(
            lang,
            f"Alle verdiene ligger i spennet: {listed}.",
            f"Every value lies in the range: {listed}.",
        ),
        [shown],
        notes,
    )


# goal ----------------------------------------------------------------------------------


def judge_goal(plan: Plan, fig: ComputedFigure, spans: dict, lang: str) -> Outcome | None:
    frame = plan.frame
    goals = [g for g in fig.table.goals if g.measure == fig.measure.id]
    if not goals:
        return Outcome(
            "not_enough_evidence",
            t(
                lang,
                f"Kildene i korpuset setter ikke noe mål for {label(fig, 'nb')}.",
                f"The sources in the corpus set no goal for the {label(fig, 'en')}.",
            ),
            [fig],
        )
    stated = next((n for n in frame.numbers if n.unit == "percent"), None)
    goal = goals[0]
    if stated is not None:
        goal = next((g for g in goals if abs(g.value - stated.value) <= 0.5), goal)
    sources = [(goal.document, goal.find)]
    goal_text = t(lang, goal.label_nb, goal.label_en)
    at_least = goal.relation == "at_least"

    def reaches(v: float) -> bool:
        return v >= goal.value if at_least else v <= goal.value

    goal_fig = replace(fig, rows=[{"goal": goal.value, "since": goal.since}])
    target = with_unit(goal.value, "percent", lang)
    if stated is not None and abs(stated.value - goal.value) > 0.5:
        return Outcome(
            "contradicted",
            t(
                lang,
                f"Målet i kildene er {target}, ikke {stated.text}: {goal_text}.",
                f"The goal in the sources is {target}, not {stated.text}: {goal_text}.",
            ),
            [goal_fig],
            sources=sources,
        )
    if frame.relation == "is":
        return Outcome(
            "supported",
            t(lang, f"Det stemmer: {goal_text}.", f"That is right: {goal_text}."),
            [goal_fig],
            sources=sources,
        )
    series = fig.series

    def at(row: dict[str, Any]) -> ComputedFigure:
        return at_row(fig, row)

    lab = label(fig, lang)
    if frame.relation in ("never_reached", "not_reached") and not frame.years:
        met = [r for r in series if reaches(_row_value(r))]
        if met:
            first = met[0]
            where, val = scope_of(fig, first, lang), value_text(fig, lang, first)
            return Outcome(
                "contradicted",
                t(
                    lang,
                    f"Målet ble nådd {where}: {val} ({goal_text}).",
                    f"The goal was reached {where}: {val} ({goal_text}).",
                ),
                [at(first)],
                sources=sources,
            )
        best = max(series, key=_row_value) if at_least else min(series, key=_row_value)
        where, val = scope_of(fig, best, lang), value_text(fig, lang, best)
        return Outcome(
            "supported",
            t(
                lang,
                f"Ingen verdi i serien når målet; den høyeste er {val} ({where}). "
                f"Målet: {goal_text}.",
                f"No value in the series reaches the goal; the highest is {val} ({where}). "
                f"The goal: {goal_text}.",
            ),
            [at(best)],
            sources=sources,
        )
    key = year_key(fig.table, frame.years[-1]) if frame.years else series[-1]["key"]
    row = fig.at(key)
    if row is None:
        return _missing(lang, fig, str(key))
    hit = reaches(_row_value(row))
    claimed = frame.relation == "reached"
    where, val = scope_of(fig, row, lang), value_text(fig, lang, row)
    return Outcome(
        "supported" if hit == claimed else "contradicted",
        t(
            lang,
            f"{sentence_case(lab)} {where} var {val}; målet er {target} ({goal_text}).",
            f"The {lab} {where} was {val}; the goal is {target} ({goal_text}).",
        ),
        [at(row)],
        sources=sources,
    )


# one part, and a whole claim -------------------------------------------------------------


FLIP = {"supported": "contradicted", "contradicted": "supported"}


def judge(
    plan: Plan,
    figs: list[ComputedFigure],
    confusable: list[ComputedFigure],
    spans: dict[str, float],
    lang: str,
) -> Outcome | None:
    """The verdict for one part of a claim, from the figures its plan asked for; a denied part
    ("Det er en myte at …") gets the verdict on what it denies, flipped."""
    outcome = _judge(plan, figs, confusable, spans, lang)
    if outcome is None or not plan.frame.denied or outcome.verdict not in FLIP:
        return outcome
    said = t(lang, " Påstanden benekter dette.", " The claim denies this.")
    return replace(outcome, verdict=FLIP[outcome.verdict], reason=outcome.reason + said)


def _judge(
    plan: Plan,
    figs: list[ComputedFigure],
    confusable: list[ComputedFigure],
    spans: dict[str, float],
    lang: str,
) -> Outcome | None:
    kind = plan.frame.kind
    if not figs:
        return None
    if kind == "compare":
        if (len(figs) < 2 and plan.frame.dimension in ("sex",)) or (plan.sides and len(figs) < 2):
            return None
        return judge_compare(plan, figs, spans, lang)
    fig = figs[0]
    if kind == "change":
        return judge_change(plan, fig, spans, lang)
    if kind == "rank":
        return judge_rank(plan, fig, spans, lang)
    if kind == "range":
        return judge_range(plan, fig, spans, lang)
    if kind == "goal":
        return judge_goal(plan, fig, spans, lang)
    return judge_value(plan, fig, confusable, spans, lang)


def weakest(outcomes: list[Outcome]) -> Outcome:
    """A compound claim: the weakest part decides; every part's reason and figures are kept."""
    if len(outcomes) == 1:
        return outcomes[0]
    worst = min(outcomes, key=lambda o: STRENGTH.index(o.verdict))
    return Outcome(
        worst.verdict,
        " ".join(o.reason for o in outcomes),
        [f for o in outcomes for f in o.figures],
        [n for o in outcomes for n in o.notes],
        [s for o in outcomes for s in o.sources],
    )
