"""What the words of a question or claim say: concepts, years, sexes, places, horizons, stated
numbers and cues, read with the lexicon and the compiled cards.

The reading says nothing yet about which table answers; that is the planner's job
(``figures/planner.py``). Every list keeps the position of what it found, because frames are
read from the order of things ("women did better than men": women first).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from ..corpus.catalog import Catalog
from ..corpus.lexicon import Unheld
from ..text.numbers import StatedNumber, named_years, stated_numbers

#: how far before a year a word of leaving may stand and still tie the year to leaving
EXIT_WINDOW = 80
_SENTENCE_END = re.compile(r"[.?!;]")


@dataclass(frozen=True)
class YearMention:
    year: int
    start: int
    tied: bool = False  # tied to leaving the programme: "avsluttet i 2016", "2016-kullet"
    relative: bool = False  # "i fjor", "last year": counted from the reference date


@dataclass(frozen=True)
class Mention:
    """A sex or a place the text names, where it names it."""

    kind: str  # sex | place
    value: str
    start: int
    tables: tuple[str, ...] = ()  # for a place: the tables that hold it
    keyed: bool = False  # for a place: a row of a table (a county), not a table's whole scope
    total: bool = False  # for a place: the row standing for the whole (a national average)


@dataclass
class Reading:
    text: str
    language: str
    is_question: bool
    concepts: set[str] = field(default_factory=set)
    frames: dict[str, int] = field(default_factory=dict)  # frame word → first position
    #: every position of every frame word and negation (a part of a sentence keeps its own)
    frame_positions: dict[str, list[int]] = field(default_factory=dict)
    negation_positions: list[int] = field(default_factory=list)
    cues: set[str] = field(default_factory=set)
    negations: int = 0
    years: list[YearMention] = field(default_factory=list)
    sexes: list[Mention] = field(default_factory=list)
    places: list[Mention] = field(default_factory=list)
    numbers: list[StatedNumber] = field(default_factory=list)
    horizons: set[str] = field(default_factory=set)
    in_scope: bool = False  # names a word that puts the text in the corpus's scope
    unheld: Unheld | None = None
    qualifiers: set[str] = field(default_factory=set)  # "fulltid": narrower than any measure
    #: where a denial ("Det er en myte at …") starts: the clause after it is claimed false
    denials: list[int] = field(default_factory=list)

    def has(self, *names: str) -> bool:
        return any(n in self.concepts for n in names)

    def frame(self, *names: str) -> bool:
        return any(n in self.frames for n in names)

    @property
    def sex(self) -> str:
        """men, women, both or all."""
        values = {m.value for m in self.sexes}
        if len(values) > 1:
            return "both"
        return next(iter(values)) if values else "all"

    @property
    def keyed_places(self) -> list[Mention]:
        return [p for p in self.places if p.keyed]


def _tied(text: str, start: int, end: int, catalog: Catalog) -> bool:
    """Is the year at ``text[start:end]`` the year people left the programme?"""
    cues = catalog.lexicon.cues
    window = text[max(0, start - EXIT_WINDOW) : start]
    last = None
    for m in cues["exit_year"].finditer(window):
        last = m
    if last is not None and not _SENTENCE_END.search(window[last.end() :]):
        return True
    after = text[end : end + 20]
    suffix = cues["cohort_suffix"].regex
    return bool(re.match(r"\s*-?\s*(?:" + suffix.pattern + ")", after, re.I))


def read_years(text: str, catalog: Catalog, reference: date) -> list[YearMention]:
    """Years named in the text, which of them are tied to leaving, and relative years."""
    out = []
    for named in named_years(text):
        tied = _tied(text, named.start, named.end, catalog)
        out += [YearMention(y, named.start, tied) for y in named.years]
    if out:
        return out
    cues = catalog.lexicon.cues
    for name, delta in (("last_year", -1), ("this_year", 0)):
        m = cues[name].search(text)
        if m:
            return [YearMention(reference.year + delta, m.start(), relative=True)]
    return []


#: a negation this close before a number negates it ("ikke engang alle utgiftene")
NEGATED_NUMBER_WINDOW = 14
_NOT = {"exact": "not", "about": "not", "nearly": "not", "only": "not", "above": "below",
        "below": "above", "just_over": "below"}  # fmt: skip


def _numbers(
    text: str, language: str, catalog: Catalog, denied: list[tuple[int, int]]
) -> list[StatedNumber]:
    """Numbers as written, and values stated in words ("dekker nesten utgiftene"); a number
    right after a negation that is not part of a denial is negated ("ikke over 50" is at most
    50)."""
    found = stated_numbers(text, language)
    for quantity in catalog.lexicon.quantities:
        m = quantity.words.search(text)
        if m and not any(n.start >= m.start() and n.start < m.end() for n in found):
            found.append(
                StatedNumber(quantity.value, "percent", quantity.hedge, None, m.group(0), m.start())
            )
    negations = [
        m
        for m in catalog.lexicon.cues["negation"].finditer(text)
        if not any(a <= m.start() < b for a, b in denied)
    ]
    out = []
    for n in found:
        if n.start >= 0 and any(0 <= n.start - m.end() <= NEGATED_NUMBER_WINDOW for m in negations):
            n = replace(n, hedge=_NOT.get(n.hedge, n.hedge))
        out.append(n)
    return sorted(out, key=lambda n: n.start)


#: frame words that are also hedges of a number: "more than 20 per cent" is no comparison
HEDGE_LIKE = ("higher", "lower", "than")


def _frame_words(text: str, lex, numbers: list[StatedNumber]) -> dict[str, list[int]]:
    """Where each frame word stands, leaving out comparatives that hedge a number."""
    starts = [n.start for n in numbers if n.start >= 0]
    frames: dict[str, list[int]] = {}
    for name, words in lex.frames.items():
        for m in words.finditer(text):
            hedging = name in HEDGE_LIKE and any(0 <= s - m.end() <= 2 for s in starts)
            if not hedging:
                frames.setdefault(name, []).append(m.start())
    return frames


def read(text: str, language: str, catalog: Catalog, reference: date) -> Reading:
    """Everything the planner and the judge need to know about the words of ``text``."""
    lex = catalog.lexicon
    concepts = {name for name, words in lex.concepts.items() if words.search(text)}
    denied = [m.span() for m in lex.cues["denial"].finditer(text)]
    numbers = _numbers(text, language, catalog, denied)
    positions = _frame_words(text, lex, numbers)
    cues = {name for name, words in lex.cues.items() if words.search(text)}
    sexes = [
        Mention("sex", sex, m.start())
        for sex, words in lex.sexes.items()
        for m in words.in_language(language).finditer(text)
    ]
    places: dict[str, Mention] = {}
    for place in catalog.places:
        m = place.words.search(text)
        if m is None:
            continue
        seen = places.get(place.name)
        tables = (*seen.tables, place.table) if seen else (place.table,)
        places[place.name] = Mention(
            "place", place.name, m.start(), tables, place.keyed, place.total
        )
    reading = Reading(
        text=text,
        language=language,
        is_question=text.rstrip().endswith("?")
        or bool(lex.cues["question_start"].match_start(text)),
        concepts=concepts,
        frames={name: spots[0] for name, spots in positions.items()},
        frame_positions=positions,
        negation_positions=[m.start() for m in lex.cues["negation"].finditer(text)],
        cues=cues,
        negations=len(lex.cues["negation"].regex.findall(text)),
        years=read_years(text, catalog, reference),
        sexes=sorted(sexes, key=lambda m: m.start),
        places=sorted(places.values(), key=lambda m: m.start),
        numbers=numbers,
        horizons={name for name, words in lex.horizons.items() if words.search(text)},
        in_scope=bool(lex.strong.search(text)),
        unheld=next((u for u in lex.unheld if u.words.search(text)), None),
        qualifiers={name for name, words in lex.qualifiers.items() if words.search(text)},
        denials=[a for a, _ in denied],
    )
    return reading
