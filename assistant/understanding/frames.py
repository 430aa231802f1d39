"""What kind of claim or question a reading is: its frame.

- ``value``: a measure in one slice, perhaps with a stated number ("58 % in 2014");
- ``compare``: two slices of one dimension, and how they relate ("women lower than men",
  "county A higher than county B", "2017 more than 2016", "Norway better than Sweden");
- ``change``: a measure between two periods ("fell from 62 to 58", "has increased since 2014");
- ``rank``: the highest or lowest slice ("county A had the highest");
- ``range``: values over several periods within a range ("30–35 % in 2014–16");
- ``goal``: a target ("the goal is 70 %") and whether it was reached ("never reached").

A sentence that states two things ("58 % in 2014 and 61 % in 2015") is split into parts, each
with its own frame; the weakest part decides. Pure functions: the same reading always gives the
same frames.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..text.numbers import StatedNumber
from ..text.sentences import clause_end
from .reading import Mention, Reading, YearMention


@dataclass(frozen=True)
class Slice:
    """One side of a comparison: a sex, a place or a year."""

    dimension: str  # sex | place | year
    value: object
    mention: Mention | YearMention | None = None


@dataclass(frozen=True)
class Frame:
    kind: str  # value | compare | change | rank | range | goal
    #: compare: higher | lower | equal | gap | versus (no direction stated);
    #: change: increase | decrease | changed; rank: highest | lowest;
    #: goal: is | reached | not_reached | never_reached
    relation: str | None = None
    slices: tuple[Slice, ...] = ()  # compare: the two sides in the text's order; rank: named
    dimension: str | None = None  # the dimension compared or ranked over
    years: tuple[YearMention, ...] = ()  # the periods the frame is about, in the text's order
    numbers: tuple[StatedNumber, ...] = ()
    since: bool = False  # change: "since 2014" (to the latest year)
    every: bool = False  # "every year", "for alle kull"
    text: str = ""  # the words of this part
    #: the part is denied ("Det er en myte at …"): judged on what it denies, verdict flipped
    denied: bool = False


@dataclass
class Part:
    """One claim of a sentence: the sentence's words, and its own numbers, years and slices."""

    reading: Reading
    frame: Frame = field(default_factory=lambda: Frame("value"))


#: (?<!\s) as in text.sentences.CLAUSE_BREAK: linear on long runs of spaces
_SPLIT = re.compile(
    r",?(?<!\s)\s+(?:og|and|mens|while|but|men)\s+|;\s+|(?<!\s)\s+[–—]\s+|:\s+", re.I
)
#: joins two clauses that may say different things of different places ("A gjorde det best,
#: mens B lå under snittet"); "og" / "and" do not, since "mellom A og B" is one comparison
_CLAUSES = re.compile(r",?(?<!\s)\s+(?:mens|while|whereas|but|men)\s+|;\s+|(?<!\s)\s+[–—]\s+", re.I)


def _within(reading: Reading, a: int, b: int) -> Reading:
    """The part of ``reading`` between offsets a and b: its own numbers, years, slices, frame
    words and negations; the concepts of the whole sentence are kept (they say what is
    measured)."""
    positions = {
        name: [p for p in spots if a <= p < b] for name, spots in reading.frame_positions.items()
    }
    positions = {name: spots for name, spots in positions.items() if spots}
    negations = [p for p in reading.negation_positions if a <= p < b]
    return replace(
        reading,
        frames={name: spots[0] for name, spots in positions.items()},
        frame_positions=positions,
        negation_positions=negations,
        negations=len(negations),
        numbers=[n for n in reading.numbers if a <= n.start < b],
        years=[y for y in reading.years if a <= y.start < b] or reading.years,
        sexes=[s for s in reading.sexes if a <= s.start < b] or reading.sexes,
        places=[p for p in reading.places if a <= p.start < b] or reading.places,
        denials=[d for d in reading.denials if a <= d < b],
    )


def split_parts(reading: Reading) -> list[Reading]:
    """A sentence that states several numbers for several periods or slices, joined by "og"
    / "and" / ";", becomes one reading per part. Only where every part states a number of
    its own: "menn og kvinner" and "mellom 58 og 62 prosent" stay whole."""
    text = reading.text
    numbered = [n for n in reading.numbers if n.start >= 0]
    if len(numbered) < 2:
        return _split_by_place(reading)
    spans = [(n.start, n.start + len(n.text)) for n in numbered]
    cuts = [
        m
        for m in _SPLIT.finditer(text)
        if not any(a < m.start() < b or a < m.end() < b for a, b in spans)
    ]
    starts = [0] + [m.end() for m in cuts]
    ends = [m.start() for m in cuts] + [len(text)]
    parts = [(a, b) for a, b in zip(starts, ends, strict=True)]
    if len(parts) < 2 or not all(any(a <= n.start < b for n in numbered) for a, b in parts):
        return [reading]
    # each part keeps the whole sentence's words (they say what is measured) and its own
    # numbers, periods and slices; its frame records its own words
    return [_within(reading, a, b) for a, b in parts]


def _split_by_place(reading: Reading) -> list[Reading]:
    """Clauses that each name a place of their own are parts of their own, numbers or not:
    "fylke A gjorde det best, mens fylke B lå under snittet" says two things, and the rank
    of the first settles nothing about the second."""
    cuts = list(_CLAUSES.finditer(reading.text))
    if not cuts or len({p.value for p in reading.places}) < 2:
        return [reading]
    starts = [0] + [m.end() for m in cuts]
    ends = [m.start() for m in cuts] + [len(reading.text)]
    parts = list(zip(starts, ends, strict=True))
    if not all(any(a <= p.start < b for p in reading.places) for a, b in parts):
        return [reading]
    return [_within(reading, a, b) for a, b in parts]


def _denied(reading: Reading) -> bool:
    """Is what this part claims denied? A denial covers its own clause: in "Det er en myte
    at X – tallet er Y" the number Y is asserted, not denied."""
    if not reading.denials:
        return False
    if not reading.numbers:
        return True
    return any(
        d <= n.start < clause_end(reading.text, d) for d in reading.denials for n in reading.numbers
    )


def _pair(mentions: list, dimension: str) -> tuple[Slice, Slice] | None:
    """The first two distinct values of one dimension, in the text's order."""
    seen: list[Slice] = []
    for m in mentions:
        value = m.year if isinstance(m, YearMention) else m.value
        if all(s.value != value for s in seen):
            seen.append(Slice(dimension, value, m))
        if len(seen) == 2:
            return seen[0], seen[1]
    return None


def _relation(reading: Reading) -> str | None:
    """higher, lower, equal or gap: what a comparison says, if it says one."""
    if reading.frame("equal"):
        return "equal"
    comparative = [(reading.frames[n], n) for n in ("higher", "lower") if n in reading.frames]
    if comparative and reading.frame("than"):
        return min(comparative)[1]
    if reading.frame("gap"):
        return "gap"
    if reading.frame("than"):  # "A sammenlignet med B": both, no direction stated
        return "versus"
    return None


def _goal(reading: Reading) -> Frame | None:
    if not reading.frame("goal"):
        return None
    percents = [n for n in reading.numbers if n.unit == "percent"]
    own_negations = reading.negations - len(reading.denials)  # a denial is judged apart
    if reading.frame("never"):
        relation = "never_reached"
    elif reading.frame("reached"):
        relation = "not_reached" if own_negations > 0 else "reached"
    elif percents:
        relation = "is"
    else:
        return None
    return Frame(
        "goal",
        relation,
        years=tuple(reading.years),
        numbers=tuple(percents),
        every=reading.frame("all_periods"),
        text=reading.text,
    )


def _change(reading: Reading) -> Frame | None:
    direction = next((n for n in ("increase", "decrease", "changed") if reading.frame(n)), None)
    if direction is None:
        return None
    years = sorted({y.year: y for y in reading.years}.values(), key=lambda y: y.start)
    values = [n for n in reading.numbers if n.unit in ("percent", "nok", "persons")]
    since = reading.frame("since") and len(years) == 1
    # two periods, "since" a period, "from 62 to 58 per cent" (the periods then unnamed), or
    # one period and what the change was ("rose by 17 points in 2023": from the year before)
    if len(years) < 2 and not since and len(values) < 2 and not (years and reading.numbers):
        return None
    return Frame(
        "change",
        direction,
        years=tuple(years),
        numbers=tuple(reading.numbers),
        since=since,
        text=reading.text,
    )


def _rank(reading: Reading) -> Frame | None:
    which = [(reading.frames[n], n) for n in ("highest", "lowest") if n in reading.frames]
    if not which:
        return None
    relation = min(which)[1]
    if reading.keyed_places or reading.has("county"):
        named = tuple(Slice("place", p.value, p) for p in reading.keyed_places[:1])
        return Frame(
            "rank",
            relation,
            named,
            "place",
            tuple(reading.years),
            tuple(reading.numbers),
            text=reading.text,
        )
    if len(reading.years) == 1 and not reading.is_question:
        y = reading.years[0]
        return Frame(
            "rank",
            relation,
            (Slice("year", y.year, y),),
            "year",
            (),
            tuple(reading.numbers),
            text=reading.text,
        )
    if reading.is_question and ("år" in reading.text.lower() or "year" in reading.text.lower()):
        return Frame("rank", relation, (), "year", (), tuple(reading.numbers), text=reading.text)
    return None


def _compare(reading: Reading) -> Frame | None:
    relation = _relation(reading)
    if relation is None:
        return None
    for dimension, mentions in (
        ("sex", reading.sexes),
        ("place", reading.places),
        ("year", reading.years),
    ):
        pair = _pair(mentions, dimension)
        if pair is not None:
            others = tuple(y for y in reading.years) if dimension != "year" else ()
            return Frame(
                "compare",
                relation,
                pair,
                dimension,
                others,
                tuple(n for n in reading.numbers if n.unit in ("percentage_points", "percent")),
                text=reading.text,
            )
    return None


def _range(reading: Reading) -> Frame | None:
    ranged = [n for n in reading.numbers if n.hedge == "range"]
    years = list({y.year: y for y in reading.years}.values())
    if ranged and len(years) >= 2:
        return Frame("range", None, years=tuple(years), numbers=tuple(ranged), text=reading.text)
    return None


def frame_of(reading: Reading) -> Frame:
    """The frame of one part. The order matters: a goal sentence names a number, a change
    names two years, and only what is left is a plain value."""
    for find in (_goal, _change, _rank, _compare, _range):
        frame = find(reading)
        if frame is not None:
            return replace(frame, denied=_denied(reading))
    return Frame(
        "value",
        years=tuple(reading.years),
        numbers=tuple(reading.numbers),
        every=reading.frame("all_periods"),
        text=reading.text,
        denied=_denied(reading),
    )


def parts_of(reading: Reading) -> list[Part]:
    """The claims of a sentence, each with its frame."""
    return [Part(r, frame_of(r)) for r in split_parts(reading)]
