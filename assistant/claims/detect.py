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

from ..text.numbers import stated_numbers
from ..text.sentences import Span, sentences, strip_markdown

_SIGNALS = {
    "comparison": r"\b(høyere|lavere|bedre|dårligere|flere|færre|mer enn|mindre enn|større|"
    r"mindre|enn|sammenlignet|like bra|like godt|higher|lower|better|worse|"
    r"more than|less than|fewer|compared|than|as well as)\b",
    "trend": r"\b(økt|økte|økning|økende|steg|stiger|falt|faller|nedgang|redusert|doblet|"
    r"increase[ds]?|rose|risen|fell|fallen|decline[ds]?|grew|grown|doubled)\b",
    "cause": r"\b(fordi|på grunn av|skyldes|drivkraft|fører til|førte til|bidrar til|årsak|"
    r"avgjør|avgjørende|because|due to|caused|driver|leads to|led to|contributes|"
    r"determines?)\b",
    "attribution": r"\b(viser|ifølge|rapport\w*|evaluering\w*|undersøkelse\w*|kartlegging\w*|"
    r"konklusjon\w*|uttalte|sa|sier|skriver|konkluderer|fant|according to|"
    r"shows?|showed|report\w*|evaluation|survey|said|says|found|concluded|"
    r"conclusion)\b",
    "event": r"\b(igangsatt|startet|lansert|lanserte|innført|vedtatt|gjengitt|publisert|"
    r"launched|started|introduced|adopted|reprinted|published)\b",
    "quantity": r"\b(dekker|dekket|dekke|halvparten|flertallet|de fleste|alle|ingen|"
    r"covers?|covered|half|majority|most)\b",
}
_SIGNAL_RE = {k: re.compile(v, re.I) for k, v in _SIGNALS.items()}
_OPINION = re.compile(
    r"\b(mener|menes|tror|synes|bør|burde|må|overbevist|stor tro|vi trenger|trenger vi|"
    r"trenger stabile|alvorlig|i vårt syn|etter vårt syn|believe|think|"
    r"should|must|in our view|we need|convinced)\b",
    re.I,
)
_FORECAST = re.compile(
    r"\b(vil|kommer til å|kan få|kan bli|kan føre|kan det|vil kunne|will|would|could|may|"
    r"is going to|are going to)\b",
    re.I,
)
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
    kind: str  # claim | opinion | forecast | heading | other
    claims: list[ClaimSpan] = field(default_factory=list)
    signals: list[str] = field(default_factory=list)


def signals(text: str) -> list[str]:
    found = [name for name, rx in _SIGNAL_RE.items() if rx.search(text)]
    if stated_numbers(text) or re.search(r"\d", re.sub(r"\b(19|20)\d\d\b", "", text)):
        found.insert(0, "number")
    return found


def classify(text: str) -> tuple[str, list[str]]:
    """claim, opinion, forecast or other, with the signals that decided it."""
    sig = signals(text)
    if "number" in sig:
        return "claim", sig
    if _OPINION.search(text):
        return "opinion", sig
    if _FORECAST.search(text):
        return "forecast", sig
    if sig:
        return "claim", sig
    return "other", sig


def split_claims(sentence: Span) -> list[ClaimSpan]:
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
        kind, sig = classify(strip_markdown(piece))
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


def detect(text: str) -> list[SentenceSpan]:
    """Every sentence of ``text``, sorted, with the claims to check in it."""
    result = []
    for span, heading in sentences(text):
        if heading:
            result.append(SentenceSpan(span.start, span.end, span.text, "heading"))
            continue
        kind, sig = classify(strip_markdown(span.text))
        sentence = SentenceSpan(span.start, span.end, span.text, kind, signals=sig)
        if kind == "claim":
            sentence.claims = split_claims(span)
            if not sentence.claims:
                sentence.kind = "other"
        result.append(sentence)
    return result
