"""Numbers as a text states them: percentages (and ranges of them), percentage points, counts,
amounts in kroner, halves and majorities, each with the hedge in front of it ("nesten 60
prosent", "more than 20 percent"); years; and every number written in an answer.

Hedge words are grammar, not topic: they are the same for every table, so they live here.
Regular expressions with bounded digit runs and digit look-arounds keep every scan linear, even
on a line of 100 000 digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

HEDGES = {
    "nearly": r"nesten|nær|knapt|knappt|snaut|almost|nearly|close to|just under|barely|scarcely",
    "just_over": r"vel|drøyt|drøye|snaut over|just over|a little over|slightly over",
    "above": r"over|mer enn|flere enn|minst|more than|above|at least|upwards of",
    "below": r"under|mindre enn|færre enn|less than|fewer than|below",
    "about": r"om lag|omtrent|cirka|ca\.|rundt|about|around|roughly|approximately|some",
    "only": r"bare|kun|only|just|merely",
}
_NUM = r"(?<!\d)(?:\d{1,3}(?:[ \u00a0\u202f]\d{3}){1,5}|\d{1,12})(?:[.,]\d{1,4})?(?![\d])"
_NUM_EN = (
    r"(?<!\d)(?:\d{1,3}(?:,\d{3}){1,5}(?![\d.,]\d)|\d{1,3}(?:[ \u00a0\u202f]\d{3}){1,5}|\d{1,12})"
    r"(?:\.\d{1,4})?(?![\d])"
)
_PERCENT_UNIT = r"\s*(?:%|prosent\b|percent\b|per cent\b|pct\.?)"
_NOK_BEFORE = r"(?:NOK|kr\.?)\s*"
_NOK_AFTER = r"\s*(?:kroner\b|kr\b\.?|NOK\b)"
_SCALE = r"(?:\s*(?:millioner|million|mill\.|milliarder|milliard|billion|mrd\.?))?"
_SCALES = {"milliard": 1e9, "billion": 1e9, "mrd": 1e9, "mill": 1e6}  # longest first
_HALF = re.compile(
    r"(?:(færre enn|mindre enn|under|over|mer enn|flere enn|nesten|om lag|omtrent"
    r"|fewer than|less than|more than|nearly|almost|about|around)\s+)?"
    r"\b(halvparten|half)\b",
    re.I,
)
_ORDINALS = {
    "annen": 2, "andre": 2, "tredje": 3, "fjerde": 4, "femte": 5, "sjette": 6, "sjuende": 7,
    "syvende": 7, "åttende": 8, "niende": 9, "tiende": 10,
    "second": 2, "other": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip
_CARDINALS = {
    "en": 1, "én": 1, "ett": 1, "to": 2, "tre": 3, "fire": 4, "fem": 5, "seks": 6, "sju": 7,
    "syv": 7, "åtte": 8, "ni": 9, "ti": 10,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10,
}  # fmt: skip
_WORD = "|".join(sorted(_CARDINALS, key=len, reverse=True))
_FRACTION = re.compile(
    rf"\b(?:hver|every)\s+({'|'.join(_ORDINALS)})\b"
    rf"|\b({_WORD}|\d{{1,2}})\s+(?:av|in|out of)\s+({_WORD}|\d{{1,2}})\b",
    re.I,
)
_PART_OF = {
    "halvdel": 2, "tredjedel": 3, "tredel": 3, "fjerdedel": 4, "firedel": 4, "femtedel": 5,
    "tiendedel": 10, "third": 3, "quarter": 4, "fifth": 5, "tenth": 10,
}  # fmt: skip
#: "en tredjedel", "to tredjedeler", "a third", "two thirds"
_PARTS = re.compile(
    rf"\b(an?|{_WORD})\s+({'|'.join(_PART_OF)})(?:er|s)?\b",
    re.I,
)
_MAJORITY = re.compile(r"\b(flertallet|de fleste|majority|most of)\b", re.I)
_YEAR = re.compile(r"(?<![\d,.])((?:19|20)\d\d)(?:\s*[–-]\s*(\d\d(?:\d\d)?))?(?![\d%]|,\d)")
_ANY_NUMBER = re.compile(
    r"\d{1,3}(?:,\d{3})+(?!\d)|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
)
_EN_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?!\d)")


@dataclass(frozen=True)
class StatedNumber:
    """A number the text states, with how it is hedged."""

    value: float
    unit: str  # percent | percentage_points | persons | nok
    hedge: str = "exact"  # exact | nearly | just_over | above | below | about | only | range
    high: float | None = None  # upper end of a range
    text: str = ""
    start: int = -1  # where the number stands in the text (-1: not known)


@dataclass(frozen=True)
class NamedYear:
    """A year, or a range of years ("2014–16"), as written, with its offsets."""

    years: tuple[int, ...]
    start: int
    end: int


def to_float(raw: str, lang: str = "nb") -> float:
    """ "4 469" → 4469, "92,3" → 92.3; in English "4,469" → 4469."""
    cleaned = re.sub(r"[ \u00a0\u202f]", "", raw)
    if lang == "en" and _EN_THOUSANDS.fullmatch(cleaned):
        return float(cleaned.replace(",", ""))
    return float(cleaned.replace(",", "."))


def hedge_before(text: str, start: int) -> str:
    """The hedge in the words just before ``start`` ("exact" when there is none)."""
    window = text[max(0, start - 24) : start].lower()
    best, best_pos = "exact", -1
    for hedge, pattern in HEDGES.items():
        for match in re.finditer(rf"(?:^|\W)({pattern})\W*$", window):
            if match.start(1) > best_pos:
                best, best_pos = hedge, match.start(1)
    return best


def stated_numbers(text: str, lang: str = "nb") -> list[StatedNumber]:
    """Percentages (with ranges), percentage points, kroner, halves and majorities, counts."""
    return list(_stated_numbers(text, lang))


@lru_cache(maxsize=2048)
def _stated_numbers(text: str, lang: str) -> tuple[StatedNumber, ...]:
    """Cached: one sentence is read for numbers by several stages (detection, reading,
    matching, judging), and a whole text is many sentences."""
    num = _NUM_EN if lang == "en" else _NUM
    found: list[StatedNumber] = []
    used = bytearray(len(text) + 1)  # characters already read as part of a number

    def take(span: tuple[int, int]) -> None:
        used[span[0] : span[1]] = b"\x01" * (span[1] - span[0])

    def free(span: tuple[int, int]) -> bool:
        return not any(used[span[0] : span[1]])

    def said_in_words(m: re.Match, share: float) -> None:
        """A share said in words ("seks av ti", "en tredjedel") is a rounded share, said of 58
        and of 61 per cent alike: with no hedge of its own, it is "about"."""
        hedge = hedge_before(text, m.start())
        about = "about" if hedge == "exact" else hedge
        found.append(StatedNumber(round(share, 1), "percent", about, None, m.group(0), m.start()))
        take(m.span())

    def add(m: re.Match, value: str, unit: str, hedge: str | None = None, high=None) -> None:
        found.append(
            StatedNumber(
                to_float(value, lang),
                unit,
                hedge or hedge_before(text, m.start()),
                to_float(high, lang) if high is not None else None,
                m.group(0).strip(),
                m.start(),
            )
        )
        take(m.span())

    not_year = r"(?!(?:19|20)\d\d\b)"
    patterns = (
        (
            rf"(?:mellom|between)\s+({num})(?:{_PERCENT_UNIT})?\s*(?:og|and)\s+({num}){_PERCENT_UNIT}",
            "percent",
            True,
        ),
        # "fra 55 til 49 prosent" is a change, not a range: read as two numbers below
        (
            rf"(?<!fra )(?<!from ){not_year}({num})\s*(?:–|-|—|til|to)\s*({num}){_PERCENT_UNIT}",
            "percent",
            True,
        ),
        (rf"({num})\s*(?:prosentpoeng|percentage points?)", "percentage_points", False),
        # "fra 55 til 49 prosent": the first number takes the unit of the second
        (rf"(?<=fra )({num})(?=\s*(?:til|to)\s*{num}{_PERCENT_UNIT})", "percent", False),
        (rf"(?<=from )({num})(?=\s*(?:til|to)\s*{num}{_PERCENT_UNIT})", "percent", False),
        (rf"({num}){_PERCENT_UNIT}", "percent", False),
        # Norwegian compounds: "70-prosentmålet", "60-prosentkravet"
        (rf"({num})-prosent\w+", "percent", False),
        (rf"{_NOK_BEFORE}({num}){_SCALE}", "nok", False),
        (rf"({num}){_SCALE}{_NOK_AFTER}", "nok", False),
    )
    for pattern, unit, is_range in patterns:
        for m in re.finditer(pattern, text, re.I):
            if not free(m.span()):
                continue
            if is_range:
                add(m, m.group(1), unit, "range", m.group(2))
            else:
                value = m.group(1)
                scale = next((f for w, f in _SCALES.items() if w in m.group(0).lower()), None)
                if scale:
                    scaled = to_float(value, lang) * scale
                    found.append(
                        StatedNumber(
                            scaled, unit, hedge_before(text, m.start()), None, m.group(0), m.start()
                        )
                    )
                    take(m.span())
                else:
                    add(m, value, unit)
    for m in _HALF.finditer(text):
        if not free(m.span()):
            continue
        word = (m.group(1) or "").lower()
        hedge = (
            "below"
            if word in ("færre enn", "mindre enn", "under", "fewer than", "less than")
            else "above"
            if word in ("over", "mer enn", "flere enn", "more than")
            else "nearly"
            if word in ("nesten", "nearly", "almost")
            else "about"
        )
        found.append(StatedNumber(50.0, "percent", hedge, None, m.group(0).strip(), m.start()))
        take(m.span())
    for m in _FRACTION.finditer(text):  # "hver femte", "to av tre", "one in five"
        if not free(m.span()):
            continue
        if m.group(1):
            share = 100.0 / _ORDINALS[m.group(1).lower()]
        else:
            a, b = (int(g) if g.isdigit() else _CARDINALS[g.lower()] for g in m.group(2, 3))
            if not 0 < a <= b:
                continue
            share = 100.0 * a / b
        said_in_words(m, share)
    for m in _PARTS.finditer(text):
        if not free(m.span()):
            continue
        word = m.group(1).lower()
        a = 1 if word in ("a", "an") else _CARDINALS[word]
        b = _PART_OF[m.group(2).lower()]
        if a >= b:
            continue
        said_in_words(m, 100.0 * a / b)
    for m in _MAJORITY.finditer(text):
        found.append(StatedNumber(50.0, "percent", "above", None, m.group(0), m.start()))
    grouped = r"\d{1,3}(?:,\d{3}){1,4}|" if lang == "en" else ""
    count = (
        rf"(?<![\d,.])({grouped}\d{{1,3}}(?:[ \u00a0\u202f]\d{{3}}){{1,4}}|\d{{4,12}})(?![\d,.%])"
    )
    for m in re.finditer(count, text):
        raw = m.group(1)
        if not free(m.span()) or re.fullmatch(r"(19|20)\d\d", raw):
            continue
        found.append(
            StatedNumber(
                to_float(raw, lang), "persons", hedge_before(text, m.start()), None, raw, m.start()
            )
        )
    return tuple(sorted(found, key=lambda n: n.start))


def named_years(text: str) -> list[NamedYear]:
    """Every year or range of years the text names, in order ("2014–16" → 2014, 2015, 2016)."""
    out = []
    for m in _YEAR.finditer(text):
        first = int(m.group(1))
        span: tuple[int, ...] = (first,)
        if m.group(2):
            last = int(m.group(2)) if len(m.group(2)) == 4 else first // 100 * 100 + int(m.group(2))
            if first < last <= first + 20:
                span = tuple(range(first, last + 1))
        out.append(NamedYear(span, m.start(), m.end()))
    return out


def numbers_in(text: str) -> list[tuple[str, float]]:
    """Every number written in ``text``, Norwegian style (4 469; 92,3) or English (4,469; 92.3):
    what the grounding check compares with the figures and passages."""
    out = []
    for m in _ANY_NUMBER.finditer(text):
        raw = m.group()
        cleaned = re.sub(r"[ \u00a0\u202f]", "", raw)
        if _EN_THOUSANDS.fullmatch(cleaned):
            out.append((raw, float(cleaned.replace(",", ""))))
        else:
            out.append((raw, float(cleaned.replace(",", "."))))
    return out
