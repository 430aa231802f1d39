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

from dataclasses import dataclass

import numpy as np

from ..corpus.lexicon import Lexicon
from ..corpus.register import Entry, Register
from ..text.numbers import named_years, stated_numbers
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
#: the side whose content words the input covers better by this much says the input's
#: polarity; failing that, the side scoring better by POLARITY_MARGIN; failing both, the
#: polarity is unclear and the entry is offered as related, never as a match
POLARITY_COVERAGE = 0.15
POLARITY_MARGIN = 0.02
#: wordings of one polarity within this of its best score compete on covered content words
NEAR_SCORE = 0.03


@dataclass(frozen=True)
class Match:
    entry: Entry
    score: float  # cosine of the input with the closest wording
    text: str  # that wording
    kind: str  # claim | question | variant | opposite
    overlap: float  # shared content stems (of the shorter text)
    negated: bool  # the input says the opposite of the wording
    applies: bool  # the entry's verdict applies to the input as stated
    why_not: str = ""  # numbers | years | horizon | sex | polarity (unclear): why not

    @property
    def accepted(self) -> bool:
        return self.score >= MATCH_THRESHOLD and self.overlap >= MIN_OVERLAP


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


def _overlap(a: str, b: str) -> float:
    sa, sb = _stems(a), _stems(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / min(len(sa), len(sb))


def _coverage(text: str, wording: str) -> float:
    """How alike the content words of input and wording are (Jaccard): the words one says and
    the other does not ("andre ting enn") count against a wording either way."""
    sw, st = _stems(wording), _stems(text)
    return len(sw & st) / len(sw | st) if sw or st else 0.0


def _negations(text: str, lexicon: Lexicon) -> int:
    return len(lexicon.cues["negation"].regex.findall(text))


def _named(groups: dict, text: str, lang: str | None = None) -> set[str]:
    return {
        name
        for name, words in groups.items()
        if (words.in_language(lang) if lang else words).search(text)
    }


def _applies(text: str, entry: Entry, lexicon: Lexicon, lang: str) -> tuple[bool, str]:
    """Does the entry's verdict hold for the input as stated? A number, a year, a sex or a
    time after the programme that the input names and no wording of the entry names means the
    input is about something else, and is judged on its own terms."""
    wordings = " ".join(t for t, _ in entry.texts())
    horizons = _named(lexicon.horizons, text) - _named(lexicon.horizons, wordings)
    if horizons:
        return False, "horizon"
    sexes = _named(lexicon.sexes, text, lang) - _named(lexicon.sexes, wordings)
    if sexes:
        return False, "sex"
    said = [n for n in stated_numbers(text) if n.unit in ("percent", "persons", "nok")]
    known = {round(n.value, 1) for n in stated_numbers(wordings)}
    if said and any(round(n.value, 1) not in known for n in said):
        return False, "numbers"
    years = {y for ny in named_years(text) for y in ny.years}
    entry_years = {y for ny in named_years(wordings) for y in ny.years}
    entry_years |= {f.key for f in entry.figures if isinstance(f.key, int)}
    if years and entry_years and not years & entry_years:
        return False, "years"
    return True, ""


def match(
    text: str,
    vector: np.ndarray,
    register: Register,
    vectors: np.ndarray,
    lexicon: Lexicon,
    limit: int = 5,
    lang: str = "nb",
) -> list[Match]:
    """The entries closest to ``text``, best first, each with its checks."""
    rows = register.rows()
    if not rows or vectors is None or len(vectors) == 0:
        return []
    scores = vectors @ vector.astype(np.float32)
    # per entry and polarity (the claim's, the opposite), the wording that best covers the
    # input among those scoring near the side's best
    by_side: dict[str, dict[bool, list[int]]] = {}
    for i, (eid, _, kind) in enumerate(rows):
        by_side.setdefault(eid, {}).setdefault(kind == "opposite", []).append(i)
    sides: dict[str, dict[bool, int]] = {}
    for eid, groups in by_side.items():
        for opposite, rows_i in groups.items():
            top = max(float(scores[i]) for i in rows_i)
            near = [i for i in rows_i if scores[i] >= top - NEAR_SCORE]
            pick = max(near, key=lambda i: (_coverage(text, rows[i][1]), float(scores[i])))
            sides.setdefault(eid, {})[opposite] = pick
    best: dict[str, int] = {}
    unclear: set[str] = set()
    for eid, side in sides.items():
        if len(side) == 1:
            best[eid] = next(iter(side.values()))
            continue
        same, opp = side[False], side[True]
        cover = _coverage(text, rows[same][1]) - _coverage(text, rows[opp][1])
        margin = float(scores[same] - scores[opp])
        if abs(cover) >= POLARITY_COVERAGE:
            best[eid] = same if cover > 0 else opp
        elif abs(margin) >= POLARITY_MARGIN:
            best[eid] = same if margin > 0 else opp
        else:
            best[eid] = same if margin >= 0 else opp
            unclear.add(eid)
    top_score = {
        eid: max(float(scores[i]) for g in groups.values() for i in g)
        for eid, groups in by_side.items()
    }
    # the closest few by cosine, then re-ranked with the content words they share
    shortlist = sorted(best, key=lambda eid: -top_score[eid])[: limit * 2]
    negations = _negations(text, lexicon)
    out = []
    for eid in shortlist:
        i = best[eid]
        entry = register.entry(eid)
        _, wording, kind = rows[i]
        overlap = max(_overlap(text, t) for t, _ in entry.texts())
        applies, why = _applies(text, entry, lexicon, lang)
        if eid in unclear:
            applies, why = False, "polarity"
        # polarity: negation words on one side only, or a wording that says the opposite; a
        # question is no statement, so the input is held against the entry's claim
        stated = entry.claim(lang) if kind == "question" else wording
        negated = ((negations - _negations(stated, lexicon)) % 2 == 1) != (kind == "opposite")
        out.append(Match(entry, float(scores[i]), wording, kind, overlap, negated, applies, why))
    out.sort(key=lambda m: -(m.score + OVERLAP_WEIGHT * m.overlap))
    return out[:limit]


def best_and_related(matches: list[Match]) -> tuple[Match | None, list[Match]]:
    """The accepted match, if any, and the near misses to offer as related checked claims.
    Only the closest entry can be the match: when it fails the checks, the next one is no
    more likely to be right."""
    best = matches[0] if matches and matches[0].accepted else None
    related = [m for m in matches if m is not best and m.score >= RELATED_THRESHOLD][:MAX_RELATED]
    return best, related
