"""Find the checkable claims in a text, the way a spell checker finds words.

Sentences are cut without breaking abbreviations ("f.eks.", "ca.", "e.g."), decimal numbers
("92,3 %", "1.5") or ranges ("2014-16", "30–35 prosent"). Each sentence is then sorted:
a claim a fact-checker can check (a number or share, a comparison, a trend, a cause, an
attribution to a report or a person), an opinion, a forecast, or neither; and a sentence
holding two claims ("viser at A og at B") is split in two. Pure functions: offsets always
point into the text as given, so a page can mark each claim where it stands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..corpus.lexicon import Lexicon
from ..text.numbers import stated_numbers
from ..text.sentences import Span, sentences, strip_markdown

_SPLIT = re.compile(r";\s+|,?\s+og at\s+|,?\s+and that\s+", re.I)
_THAT_HEAD = re.compile(r"^(.*?\b(?:at|that))\s", re.I)


@dataclass
class ClaimSpan:
    """One claim to check: where it stands, what is checked, and why it was picked."""

    start: int
    end: int
    text: str  # the words as they stand in the text
    check_text: str  # what is checked: the claim, completed from its sentence where split
    signals: list[str] = field(default_factory=list)


@dataclass
class SentenceSpan:
    start: int
    end: int
    text: str
    kind: str  # claim | opinion | forecast | self | heading | other
    claims: list[ClaimSpan] = field(default_factory=list)
    signals: list[str] = field(default_factory=list)


def signals(text: str, lexicon: Lexicon) -> list[str]:
    found = [name for name, words in lexicon.signals.items() if words.search(text)]
    if _has_number(text):
        found.insert(0, "number")
    return found


def not_checkable(text: str, lexicon: Lexicon, cues: set[str] | None = None) -> str | None:
    """self, opinion or forecast when the sentence is one (a sentence that states a number is
    a claim even with an opinion word in it), else None. ``cues`` are the lexicon cues already
    found in the text, when a reader has them."""
    if cues is None:
        cues = {
            n for n in ("self_reference", "opinion", "forecast") if lexicon.cues[n].search(text)
        }
    if "self_reference" in cues:
        return "self"
    if not cues & {"opinion", "forecast"} or _has_number(text):
        return None
    return "opinion" if "opinion" in cues else "forecast"


def _has_number(text: str) -> bool:
    return bool(stated_numbers(text)) or bool(
        re.search(r"\d", re.sub(r"\b(19|20)\d\d\b", "", text))
    )


def classify(text: str, lexicon: Lexicon) -> tuple[str, list[str]]:
    """claim, opinion, forecast, self (the text speaks of itself) or other, with the signals
    that decided it. Opinions, forecasts and statements about the text itself are reported as
    not checkable."""
    sig = signals(text, lexicon)
    kind = not_checkable(text, lexicon)
    if kind is not None:
        return kind, sig
    if sig:
        return "claim", sig
    return "other", sig


def split_claims(sentence: Span, lexicon: Lexicon) -> list[ClaimSpan]:
    """A sentence that says two things ("viser at A og at B") becomes two claims."""
    parts = []
    last = 0
    for m in _SPLIT.finditer(sentence.text):
        parts.append((last, m.start()))
        last = m.end()
    parts.append((last, len(sentence.text)))
    head = _THAT_HEAD.match(sentence.text)
    claims = []
    for i, (a, b) in enumerate(parts):
        raw = sentence.text[a:b]
        piece = raw.strip(" ,.;\n")
        if not piece:
            continue
        kind, sig = classify(strip_markdown(piece), lexicon)
        if kind != "claim" and len(parts) > 1:
            continue
        check = piece
        if i > 0 and head and not re.match(r"(?i)(at|that)\b", piece):
            check = f"{head.group(1)} {piece}"
        elif i > 0 and head:
            check = f"{head.group(1)[: -len(head.group(1).split()[-1])].strip()} {piece}"
        start = sentence.start + a + (len(raw) - len(raw.lstrip(" ,.;\n")))
        claims.append(ClaimSpan(start, start + len(piece), piece, strip_markdown(check), sig))
    return claims


def detect(text: str, lexicon: Lexicon) -> list[SentenceSpan]:
    """Every sentence of ``text``, sorted, with the claims to check in it."""
    result = []
    for span, heading in sentences(text):
        if heading:
            result.append(SentenceSpan(span.start, span.end, span.text, "heading"))
            continue
        kind, sig = classify(strip_markdown(span.text), lexicon)
        sentence = SentenceSpan(span.start, span.end, span.text, kind, signals=sig)
        if kind == "claim":
            sentence.claims = split_claims(span, lexicon)
            if not sentence.claims:
                sentence.kind = "other"
        result.append(sentence)
    return result
