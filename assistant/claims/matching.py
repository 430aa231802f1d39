"""Claim matching: which checked claim in the register an input is about, however it is
worded, in Norwegian or English.

Dense similarity between the input and every wording of every entry (claim, question,
variants; embedded with the index), then checks a similar-sounding but different claim fails:
shared content words, the numbers and years the input states, and polarity ("Det er en myte
at …", "it is false that …" say the opposite). A wrong match is a confident wrong verdict, so
the threshold is calibrated on paraphrases and near misses (docs/BENCHMARKS.md, "Claim
matching").
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from ..corpus.lexicon import Lexicon, Words
from ..corpus.register import Entry, Register
from ..text.numbers import named_years, stated_numbers
from ..text.sentences import clause_end
from ..text.stems import tokenize

#: cosine at or above which an input is about a checked claim (calibrated: BENCHMARKS.md)
MATCH_THRESHOLD = 0.93
#: an opinion or a forecast is checked only when it is, nearly word for word, a wording of a
#: checked claim (the register records the op-ed's "KS mener, som Brochmann II, at …")
OPINION_MATCH = 0.97
#: cosine from which a checked claim is offered as related (a near miss)
RELATED_THRESHOLD = 0.86
#: share of the shorter text's content stems that both must share
MIN_OVERLAP = 0.5
#: how many related claims an answer offers
MAX_RELATED = 3
#: entries are ranked by cosine plus this times the shared content words: two wordings the
#: model finds equally close are told apart by the words the input actually uses
OVERLAP_WEIGHT = 0.05
#: an entry's closest wording of each polarity (the claim's, and its ``opposite`` variants):
#: the side whose wording holds more of the input's content words by this share says the
#: input's polarity; failing that, the side whose words the input holds more of; failing that,
#: the side scoring better by POLARITY_MARGIN; failing all, the polarity is unclear and the
#: entry is offered as related, never as a match
POLARITY_COVERAGE = 0.15
POLARITY_MARGIN = 0.02
#: wordings of one polarity within this of its best score compete on covered content words
NEAR_SCORE = 0.03
#: a denied clause shorter than this is matched with its denial ("Det er en myte.")
MIN_CLAUSE_WORDS = 3
#: two entries this close in rank are too close to call: the input may be about either, so
#: neither verdict is shown as the answer (both are offered as related)
AMBIGUOUS_MARGIN = 0.01


@dataclass(frozen=True)
class Match:
    entry: Entry
    score: float  # cosine of the input with the wording that decided the polarity
    text: str  # that wording (the closest on the side chosen)
    kind: str  # claim | question | variant | opposite
    overlap: float  # shared content stems (of the shorter text)
    negated: bool  # the input says the opposite of the wording
    applies: bool  # the entry's verdict applies to the input as stated
    why_not: str = ""  # numbers | years | horizon | sex | place | polarity | ambiguous: why not

    @property
    def accepted(self) -> bool:
        return self.score >= MATCH_THRESHOLD and self.overlap >= MIN_OVERLAP

    @property
    def rank(self) -> float:
        """What entries are ordered by: two wordings the model finds equally close are told
        apart by the words the input actually uses. (Ranking by the entry's closest wording
        whichever side it is on, rather than the wording that decided the polarity, lost
        right matches to entries whose question sits close to everything on the topic.)"""
        return self.score + OVERLAP_WEIGHT * self.overlap


#: English function words: the stems are Norwegian and leave these in
_EN_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "from",
        "by",
        "with",
        "and",
        "or",
        "but",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "than",
        "as",
        "do",
        "does",
        "did",
        "not",
        "no",
        "so",
        "what",
        "which",
        "who",
        "how",
    ]
)


def _stems(text: str) -> set[str]:
    return {s for s in tokenize(text) if s not in _EN_STOP}


def _negations(text: str, lexicon: Lexicon) -> int:
    return len(lexicon.cues["negation"].regex.findall(text))


def _named(groups: dict, text: str, lang: str | None = None) -> set[str]:
    return {
        name
        for name, words in groups.items()
        if (words.in_language(lang) if lang else words).search(text)
    }


@dataclass(frozen=True)
class EntryFacts:
    """What the wordings of one entry name, read once: the numbers, years, horizons, sexes and
    places an input must not go beyond for the entry's verdict to apply to it."""

    rows: tuple[int, ...]
    numbers: frozenset[float]
    years: frozenset[int]
    horizons: frozenset[str]
    sexes: frozenset[str]
    places: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Prepared:
    """The register read once for matching (built per loaded index, then reused)."""

    register: Register
    rows: tuple[tuple[str, str, str], ...]  # (entry id, wording, kind), the vectors' order
    stems: tuple[frozenset[str], ...]  # content stems of each wording
    negations: tuple[int, ...]  # negation words in each wording
    facts: dict[str, EntryFacts]
    #: the places that are rows of a table (a county), with the words that name them: a
    #: claim about one county is not a checked claim about the country
    places: tuple[tuple[str, Words], ...] = ()


def prepare(
    register: Register,
    lexicon: Lexicon,
    horizons: Mapping[str, str | None] | None = None,
    places: Sequence[tuple[str, Words]] = (),
) -> Prepared:
    """Read the register once. ``horizons``: each table's time horizon (a lexicon horizon,
    or None), so an entry resting on a table measured one year after is about that horizon
    even when no wording of it says so. ``places``: the places that are rows of a table, and
    the words naming each."""
    horizons = horizons or {}
    places = tuple(places)
    rows = tuple(register.rows())
    by_entry: dict[str, list[int]] = {}
    for i, (eid, _, _) in enumerate(rows):
        by_entry.setdefault(eid, []).append(i)
    facts = {}
    for entry in register.entries:
        wordings = " ".join(t for t, _ in entry.texts())
        years = {y for ny in named_years(wordings) for y in ny.years}
        years |= {f.key for f in entry.figures if isinstance(f.key, int)}
        facts[entry.id] = EntryFacts(
            tuple(by_entry.get(entry.id, [])),
            frozenset(round(n.value, 1) for n in stated_numbers(wordings)),
            frozenset(years),
            frozenset(
                _named(lexicon.horizons, wordings)
                | {h for f in entry.figures if (h := horizons.get(f.table))}
            ),
            frozenset(_named(lexicon.sexes, wordings)),
            frozenset(name for name, words in places if words.search(wordings)),
        )
    return Prepared(
        register,
        rows,
        tuple(frozenset(_stems(text)) for _, text, _ in rows),
        tuple(_negations(text, lexicon) for _, text, _ in rows),
        facts,
        places,
    )


def _input_facts(
    text: str, lexicon: Lexicon, lang: str, places: Sequence[tuple[str, Words]] = ()
) -> EntryFacts:
    """What the input names, read once per match: the same facts as an entry's."""
    said = [n for n in stated_numbers(text) if n.unit in ("percent", "persons", "nok")]
    return EntryFacts(
        (),
        frozenset(round(n.value, 1) for n in said),
        frozenset(y for ny in named_years(text) for y in ny.years),
        frozenset(_named(lexicon.horizons, text)),
        frozenset(_named(lexicon.sexes, text, lang)),
        frozenset(name for name, words in places if words.search(text)),
    )


def _applies(said: EntryFacts, facts: EntryFacts) -> tuple[bool, str]:
    """Does the entry's verdict hold for the input as stated? A number, a year, a sex or a
    time after the programme that the input names and no wording of the entry names means the
    input is about something else, and is judged on its own terms. A time horizon tells apart
    only entries about a time after the programme: "det første året etter bosetting" says
    nothing against an entry on how the grant is paid out."""
    if facts.horizons and said.horizons - facts.horizons:
        return False, "horizon"
    if said.sexes - facts.sexes:
        return False, "sex"
    if said.places - facts.places:
        return False, "place"
    if said.numbers - facts.numbers:
        return False, "numbers"
    if said.years and facts.years and not said.years & facts.years:
        return False, "years"
    return True, ""


def _jaccard(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _covered(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    """Share of the stems ``a`` that ``b`` holds."""
    return len(a & b) / len(a) if a else 0.0


def _share_of_shorter(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _turned(
    prepared: Prepared,
    entry: Entry,
    negations: int,
    denied: bool,
    lexicon: Lexicon,
    lang: str,
    i: int,
) -> bool:
    """Does the input say the opposite of the entry's claim, read against wording ``i``?
    Negation words on one side only, or a wording that says the opposite; a question is no
    statement, so the input is held against the entry's claim."""
    kind = prepared.rows[i][2]
    stated = _negations(entry.claim(lang), lexicon) if kind == "question" else prepared.negations[i]
    return ((negations - stated) % 2 == 1) ^ (kind == "opposite") ^ denied


def match(
    text: str,
    vector: np.ndarray,
    register: Register | Prepared,
    vectors: np.ndarray,
    lexicon: Lexicon,
    limit: int = 5,
    lang: str = "nb",
    denied: bool = False,
) -> list[Match]:
    """The entries closest to ``text``, best first, each with its checks. ``register`` may be
    prepared already (:func:`prepare`), which a server does once per loaded index. ``denied``:
    ``text`` is the clause a denial denies (:func:`denied_clause`), so its polarity is turned."""
    prepared = register if isinstance(register, Prepared) else prepare(register, lexicon)
    rows = prepared.rows
    if not rows or vectors is None or len(vectors) == 0:
        return []
    scores = vectors @ vector.astype(np.float32)
    # the closest few entries by their best wording; everything below is done for them only
    top_score = {
        eid: float(scores[list(f.rows)].max()) for eid, f in prepared.facts.items() if f.rows
    }
    shortlist = sorted(top_score, key=lambda eid: -top_score[eid])[: limit * 2]
    stems = frozenset(_stems(text))
    negations = _negations(text, lexicon)
    said = _input_facts(text, lexicon, lang, prepared.places)
    out = []
    for eid in shortlist:
        facts = prepared.facts[eid]
        # per side (the claim's, the opposite's), the wording that best covers the input among
        # those scoring near that side's best. (Grouping wordings by their polarity to the
        # input instead, weighting stems by rarity, or comparing the sides by Jaccard made
        # more confident errors on the paraphrase set: docs/BENCHMARKS.md, "Claim matching".)
        side: dict[bool, int] = {}
        for opposite in (False, True):
            group = [i for i in facts.rows if (rows[i][2] == "opposite") == opposite]
            if not group:
                continue
            top = max(float(scores[i]) for i in group)
            near = [i for i in group if scores[i] >= top - NEAR_SCORE]
            side[opposite] = max(
                near, key=lambda i: (_jaccard(stems, prepared.stems[i]), float(scores[i]))
            )
        entry = prepared.register.entry(eid)
        turned = functools.partial(_turned, prepared, entry, negations, denied, lexicon, lang)
        unclear = False
        if len(side) == 1:
            i = next(iter(side.values()))
        else:
            same, opp = side[False], side[True]
            # the side telling: first how much of what the input says each side's wording
            # holds ("på andre ting enn flyktningene" is held by the claim, not by "… på
            # flyktningene"), then how much of what each wording says the input holds (an input
            # without "other things" is not the claim that they are spent on other things)
            a, b = prepared.stems[same], prepared.stems[opp]
            cover = _covered(stems, a) - _covered(stems, b)
            held = _covered(a, stems) - _covered(b, stems)
            margin = float(scores[same] - scores[opp])
            if abs(cover) >= POLARITY_COVERAGE:
                i = same if cover > 0 else opp
            elif abs(held) >= POLARITY_COVERAGE:
                i = same if held > 0 else opp
            elif abs(margin) >= POLARITY_MARGIN:
                i = same if margin > 0 else opp
            else:
                i = same if margin >= 0 else opp
                # alike in words and score: the polarity is clear only when the input, read
                # against either side's wording, says the same of the claim ("… dekker ikke
                # kostnadene" against "… dekker ikke kostnadene" and against the opposite
                # "… dekker kostnadene"). A question is read as the entry's claim, so it may
                # disagree where a statement would not: then the polarity stays unclear.
                # (Reading the input against the opposite whenever the claim's side was a
                # question turned "Norskopplæringen er underfinansiert" into a contradiction:
                # its antonym is a word the opposite lacks, not a negation.)
                unclear = turned(same) != turned(opp)
        _, wording, kind = rows[i]
        overlap = max(_share_of_shorter(stems, prepared.stems[j]) for j in facts.rows)
        applies, why = _applies(said, facts)
        if unclear:
            applies, why = False, "polarity"
        negated = turned(i)
        out.append(Match(entry, float(scores[i]), wording, kind, overlap, negated, applies, why))
    out.sort(key=lambda m: -m.rank)
    if len(out) > 1 and out[0].applies and out[0].rank - out[1].rank < AMBIGUOUS_MARGIN:
        out[0] = replace(out[0], applies=False, why_not="ambiguous")
    return out[:limit]


def denied_clause(text: str, lexicon: Lexicon) -> str | None:
    """The clause an opening denial denies ("Det stemmer ikke at *kommunene tjener på
    flyktninger*"), or None. The clause is matched on its own words, which the model places
    much closer to the checked claim than the whole sentence, and its polarity turned."""
    found = lexicon.cues["denial"].match_start(text)
    if found is None:
        return None
    rest = text.lstrip()[found.end() :]
    # the denial covers its own clause: "Det stemmer ikke at X – Y" denies X and asserts Y
    clause = rest[: clause_end(rest, 1)].strip(" ,:;–-")
    if len(clause.split()) < MIN_CLAUSE_WORDS:
        return None
    # a sentence again: the model is cased, and "kommunene tjener …" lands farther from the
    # checked claim than "Kommunene tjener …"
    return clause[0].upper() + clause[1:]


def best_and_related(matches: list[Match]) -> tuple[Match | None, list[Match]]:
    """The accepted match, if any, and the near misses to offer as related checked claims.
    Only the closest entry can be the match: when it fails the checks, the next one is no
    more likely to be right."""
    best = matches[0] if matches and matches[0].accepted else None
    related = [m for m in matches if m is not best and m.score >= RELATED_THRESHOLD][:MAX_RELATED]
    return best, related
