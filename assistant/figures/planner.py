"""One generic planner over the cards: which table and measure a reading is about, which
slices (year, sex, place) its frame needs, and what to compute.

No table, measure or place is named here. A card says which words reach its table and each
measure (``reach``), what a year named in a text means for its key (``dimensions.year``),
which places it holds (``dimensions.area``, ``reach.places``), when after the programme its
figures measure status (``reach.horizon``), and which measures a reader could confuse.

The planner never swaps one population for another: a text that names a horizon, a sex or a
place the chosen measure does not hold gets a plan with ``missing`` set and the measures the
corpus holds instead, so the answer can say so rather than answer about something else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..corpus.catalog import Catalog, CompiledReach
from ..corpus.models import Measure, Table
from ..understanding.frames import Frame, Part
from ..understanding.reading import Reading, YearMention

#: added to a table's score for every place the text names that the table holds
PLACE_WEIGHT = 3.0


@dataclass(frozen=True)
class Request:
    """One measure to compute: a table's measure for one sex; ``key`` is the row wanted (a
    year or a place), or None for the latest."""

    table: str
    measure: str
    sex: str = "all"
    key: Any = None


@dataclass(frozen=True)
class Choice:
    table: Table
    measure: Measure
    score: float

    def request(self, sex: str = "all", key: Any = None) -> Request:
        return Request(self.table.id, self.measure.id, sex, key)


@dataclass
class Plan:
    """What to compute for one part of an input, and why nothing can be, when nothing can."""

    part: Part
    choice: Choice | None = None
    requests: list[Request] = field(default_factory=list)  # the frame's figures, main first
    confusable: list[Request] = field(default_factory=list)  # shown beside
    #: why no figure answers: "horizon" (another time after the programme), "sex", "place",
    #: "by_place" (the table holds the measure place by place, and no place was named),
    #: "year" (the table has no such period), "compare" (sides not on one scale), "unheld"
    #: (a slice no table holds: a municipality, another country), "qualifier" (narrower than
    #: the measure: full-time work), or None
    missing: str | None = None
    missing_what: str = ""  # the horizon, sex, place or year that is not held
    held: list[Choice] = field(default_factory=list)  # what the corpus holds instead
    sides: list[Choice] = field(default_factory=list)  # a comparison across tables

    @property
    def frame(self) -> Frame:
        return self.part.frame

    @property
    def reading(self) -> Reading:
        return self.part.reading


def _score(reach: CompiledReach, text: str) -> float | None:
    """The weight of the words ``text`` names; None when a required word is missing or an
    excluded word is there."""
    if any(not any(w.search(text) for w in group) for group in reach.requires):
        return None
    if any(w.search(text) for w in reach.excludes):
        return None
    return sum(weight for words, weight in reach.words if words.search(text))


def _places_held(table: Table, reading: Reading) -> int:
    return sum(1 for p in reading.places if table.id in p.tables and not p.total)


def candidates(
    reading: Reading,
    catalog: Catalog,
    *,
    horizons: bool = True,
    place: str | None = None,
    by_place: bool = False,
) -> list[Choice]:
    """Every measure the reading reaches, best first. With ``horizons`` off, a table whose
    horizon differs from the one the text names is still a candidate (to say what is held).
    ``place`` keeps only tables that hold that place; with ``by_place`` the place alone
    reaches them (one side of "country A compared with country B" names no table of B)."""
    text = reading.text
    out: list[tuple[float, float, bool, Choice]] = []
    for table in catalog.tables.values():
        if place is not None and not any(
            p.value == place and table.id in p.tables for p in reading.places
        ):
            continue
        other_horizon = table.horizon is not None and table.horizon not in reading.horizons
        if horizons and reading.horizons and other_horizon:
            continue
        table_score = _score(catalog.table_reach(table), text)
        # a row the table holds (a county) stands in for the table's own words, but only for
        # a measure whose required words are named too ("resultatene i fylke X", never
        # "boligprisene i fylke X")
        keyed_place = any(p.keyed and not p.total and table.id in p.tables for p in reading.places)
        if table_score is None or (not table_score and not by_place and not keyed_place):
            continue  # refused, or not named: places alone never reach a table
        bonus = PLACE_WEIGHT * _places_held(table, reading)
        for measure in table.measures:
            measure_score = _score(catalog.measure_reach(table, measure), text)
            if measure_score is None or (measure_score == 0 and not measure.default):
                continue
            if not table_score and not by_place and not measure.reach.requires:
                continue
            total = table_score + measure_score + bonus
            out.append((total, table.priority, measure.default, Choice(table, measure, total)))
    out.sort(key=lambda c: (c[0], c[1], c[2]), reverse=True)
    return [c[3] for c in out]


def year_key(table: Table, year: YearMention) -> int | None:
    """The table's key for a year named in a text (SSB: a bare year is a status year)."""
    if table.year is None:
        return None
    return year.year + (table.year.tied if year.tied else table.year.bare)


def _period_years(table: Table) -> set[Any]:
    """The years a table whose key is not a year is about (every county row is 2016)."""
    if table.year is None or table.year.keyed:
        return set()
    return set(table.values(table.year.column))


def _confusable(
    choice: Choice, catalog: Catalog, sex: str, key: Any, text: str = ""
) -> list[Request]:
    """The measures a reader could mean instead, except those the text's own words rule
    out: a claim that says "arbeid eller utdanning" did not mean employment alone."""
    out = []
    for other in choice.measure.confusable:
        tid, _, mid = other.rpartition(".")
        table = catalog.tables[tid] if tid else choice.table
        measure = table.measure(mid)
        if measure is None or (sex != "all" and not measure.by_sex):
            continue
        if any(w.search(text) for w in catalog.measure_reach(table, measure).excludes):
            continue
        out.append(Request(table.id, measure.id, sex, key))
    return out


def _horizon_miss(reading: Reading, catalog: Catalog, part: Part) -> Plan | None:
    """A text about a time after the programme that no table measures."""
    if not reading.horizons:
        return None
    held_horizons = {t.horizon for t in catalog.tables.values() if t.horizon}
    unheld = [h for h in reading.horizons if h not in held_horizons]
    if not unheld:
        return None
    held = [c for c in candidates(reading, catalog, horizons=False) if c.table.horizon]
    # one measure per table: what the corpus holds instead
    seen: set[str] = set()
    held = [c for c in held if not (c.table.id in seen or seen.add(c.table.id))]
    return Plan(part, missing="horizon", missing_what=unheld[0], held=held)


def plan_part(part: Part, catalog: Catalog) -> Plan:
    """What to compute for one part."""
    reading, frame = part.reading, part.frame
    missed = _horizon_miss(reading, catalog, part)
    if missed is not None:
        return missed
    if frame.kind == "compare" and frame.dimension == "place":
        return _compare_places(part, catalog)
    found = candidates(reading, catalog)
    if not found:
        return Plan(part)
    choice = found[0]
    table = choice.table
    plan = Plan(part, choice)
    if reading.unheld is not None:  # a municipality, another country: no table holds it
        return Plan(part, choice, missing="unheld", missing_what=reading.unheld.id)
    narrower = sorted(reading.qualifiers - set(choice.measure.qualifiers))
    if narrower:  # "fulltidsjobb": narrower than any employment the table counts
        return Plan(part, choice, missing="qualifier", missing_what=narrower[0], held=[choice])

    # places: a measure answers only for the places its table holds
    keyed = [p for p in reading.keyed_places if table.id in p.tables]
    # a county the table has no row for, or a country other than the one the table is about
    # (a whole, the national average, is foreign to no table: a national table holds no other)
    foreign = [
        p
        for p in reading.places
        if table.id not in p.tables and (p.keyed or table.places) and not p.total
    ]
    if foreign and not keyed:
        held = [c for c in found if any(c.table.id in p.tables for p in foreign)]
        return Plan(part, choice, missing="place", missing_what=foreign[0].value, held=held[:1])

    if frame.kind == "value" and table.area is not None and not keyed:
        # a table held only place by place has no one value to give: which row would be
        # shown is an accident of its order
        return Plan(part, choice, missing="by_place", missing_what=table.area.column)

    # sex: a measure answers by sex only where the source gives it by sex
    sexes = [s.value for s in frame.slices if s.dimension == "sex"] or (
        [reading.sex] if reading.sex in ("men", "women") else []
    )
    if sexes and not choice.measure.by_sex:
        by_sex = [c for c in found if c.table.id == table.id and c.measure.by_sex]
        return Plan(part, choice, missing="sex", missing_what=sexes[0], held=by_sex[:1])

    # years: the keys the frame is about
    keys = [year_key(table, y) for y in frame.years] if table.year and table.year.keyed else []
    if table.year is not None and not table.year.keyed and frame.years:
        have = _period_years(table)
        wrong = [y.year for y in frame.years if y.year not in have]
        if wrong:
            return Plan(part, choice, missing="year", missing_what=str(wrong[0]))
    sex = sexes[0] if len(sexes) == 1 else "all"

    if frame.kind == "compare" and frame.dimension == "sex":
        key = keys[-1] if keys else None
        plan.requests = [choice.request(s.value, key) for s in frame.slices]
    elif frame.kind in ("compare", "change", "rank", "range", "goal"):
        plan.requests = [choice.request(sex, None)]  # the whole series; the judge picks rows
    else:  # value
        key: Any = keys[-1] if keys else None
        if keyed:
            key = keyed[0].value
        plan.requests = [choice.request(sex, key)]
        plan.confusable = _confusable(choice, catalog, sex, key, reading.text)
    return plan


def _compare_places(part: Part, catalog: Catalog) -> Plan:
    """Two places: rows of one table (two counties), or two tables (Norway and Sweden)."""
    reading, frame = part.reading, part.frame
    a, b = frame.slices
    both = [
        c
        for c in candidates(reading, catalog)
        if all(
            any(p.value == s.value and c.table.id in p.tables and p.keyed for p in reading.places)
            for s in (a, b)
        )
    ]
    if both:
        choice = both[0]
        return Plan(part, choice, requests=[choice.request("all", None)])
    sides = []
    for s in (a, b):
        found = candidates(reading, catalog, horizons=False, place=str(s.value), by_place=True)
        if not found:
            return Plan(part, missing="place", missing_what=str(s.value))
        sides.append(found[0])
    plan = Plan(part, sides[0], sides=sides)
    if sides[0].measure.group != sides[1].measure.group:
        plan.missing = "compare"
        return plan
    plan.requests = [c.request("all", None) for c in sides]
    return plan


def plan_parts(parts: list[Part], catalog: Catalog) -> list[Plan]:
    return [plan_part(p, catalog) for p in parts]
