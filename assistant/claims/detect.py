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

from ..figures.reading import stated_numbers

ABBREVIATIONS = {
    "bl.a",
    "f.eks",
    "ca",
    "dvs",
    "mv",
    "osv",
    "jf",
    "jfr",
    "nr",
    "kr",
    "mill",
    "mrd",
    "pst",
    "st.meld",
    "meld",
    "prop",
    "prof",
    "dr",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "okt",
    "nov",
    "des",
    "kl",
    "evt",
    "inkl",
    "ekskl",
    "ifm",
    "iht",
    "mht",
    "pga",
    "e.g",
    "i.e",
    "etc",
    "mr",
    "mrs",
    "ms",
    "vs",
    "approx",
    "no",
    "fig",
    "u.s",
    "st",
    "mnd",
}
_END = re.compile(r"[.!?…]+[»\"”')\]]*(?=\s+|$)")
_MARKDOWN_PREFIX = re.compile(r"^\s*(?:#{1,6}\s+|[-*+]\s+|>\s*|\d+[.)]\s+)")
_MARKDOWN_INLINE = re.compile(r"\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)|`")

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


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


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


def _is_abbreviation(text: str, dot: int) -> bool:
    word = re.search(r"([\w.]+)$", text[max(0, dot - 24) : dot])  # bounded: linear overall
    if not word:
        return False
    token = word.group(1).lower().rstrip(".")
    return token in ABBREVIATIONS or (len(token) == 1 and token.isalpha())


def _clean(text: str) -> str:
    return " ".join(_MARKDOWN_INLINE.sub("", text).split())


class _Block:
    """A run of non-blank lines, with the interface of the ``re.Match`` it replaces."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self._text, self._start, self._end = text, start, end

    def group(self) -> str:
        return self._text[self._start : self._end]

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end


def _blocks(text: str) -> list[_Block]:
    """Paragraphs: runs of lines holding a non-space character. A plain scan, so a text of
    100 000 blank lines costs no more than 100 000 characters (a regex here went quadratic)."""
    blocks: list[_Block] = []
    start: int | None = None
    end = 0
    pos = 0
    for line in text.splitlines(keepends=True):
        content = line.rstrip("\r\n")
        if content.strip():
            if start is None:
                start = pos
            end = pos + len(content)
        elif start is not None:
            blocks.append(_Block(text, start, end))
            start = None
        pos += len(line)
    if start is not None:
        blocks.append(_Block(text, start, end))
    return blocks


def sentences(text: str) -> list[tuple[Span, bool]]:
    """(sentence, is_heading) pairs with offsets into ``text``."""
    out: list[tuple[Span, bool]] = []
    for block in _blocks(text):
        lines = list(re.finditer(r"[^\n]+", block.group()))
        first = lines[0].group() if lines else ""
        offset = block.start()
        if first.lstrip().startswith("#") or (len(lines) > 1 and _looks_like_heading(first)):
            start = offset + lines[0].start()
            prefix = _MARKDOWN_PREFIX.match(first)
            start += prefix.end() if prefix else 0
            end = offset + lines[0].end()
            out.append((Span(start, end, text[start:end]), True))
            if len(lines) == 1:
                continue
            offset += lines[1].start()
        body_start = offset
        body = text[body_start : block.end()]
        prefix = _MARKDOWN_PREFIX.match(body)
        cursor = prefix.end() if prefix else 0
        pos = cursor
        while pos < len(body):
            m = _END.search(body, pos)
            if m is None:
                end = len(body)
            else:
                dot = m.start()
                nxt = body[m.end() :].lstrip()
                if body[dot] == "." and (
                    _is_abbreviation(body, dot) or (nxt[:1].islower() if nxt else False)
                ):
                    pos = m.end()
                    continue
                end = m.end()
            chunk = body[cursor:end]
            stripped = chunk.strip()
            if stripped:
                lead = len(chunk) - len(chunk.lstrip())
                s = body_start + cursor + lead
                out.append((Span(s, s + len(stripped), stripped), False))
            cursor = end
            pos = end
            if m is None:
                break
    return out


def _looks_like_heading(line: str) -> bool:
    line = line.strip()
    return 0 < len(line) <= 80 and not re.search(r"[.!?:;,]$", line)


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
        kind, sig = classify(_clean(piece))
        if kind != "claim" and len(parts) > 1:
            continue
        check = piece
        if i > 0 and head and not re.match(r"(?i)(at|that)\b", piece):
            check = f"{head.group(1)} {piece}"
        elif i > 0 and head:
            check = f"{head.group(1)[: -len(head.group(1).split()[-1])].strip()} {piece}"
        start = sentence.start + a + (len(raw) - len(raw.lstrip(" ,.;\n")))
        claims.append(ClaimSpan(start, start + len(piece), piece, _clean(check), sig))
    return claims


def detect(text: str) -> list[SentenceSpan]:
    """Every sentence of ``text``, sorted, with the claims to check in it."""
    result = []
    for span, heading in sentences(text):
        if heading:
            result.append(SentenceSpan(span.start, span.end, span.text, "heading"))
            continue
        kind, sig = classify(_clean(span.text))
        sentence = SentenceSpan(span.start, span.end, span.text, kind, signals=sig)
        if kind == "claim":
            sentence.claims = split_claims(span)
            if not sentence.claims:
                sentence.kind = "other"
        result.append(sentence)
    return result
