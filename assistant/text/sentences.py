"""Sentences and paragraphs with offsets into the text as given.

Sentences are cut without breaking abbreviations ("f.eks.", "ca.", "e.g."), decimal numbers
("92,3 %", "1.5") or ranges ("2014-16"). Offsets always point into the text as given, so a
page can mark a sentence where it stands. Plain scans, linear in the text's length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


def _is_abbreviation(text: str, dot: int) -> bool:
    word = re.search(r"([\w.]+)$", text[max(0, dot - 24) : dot])  # bounded: linear overall
    if not word:
        return False
    token = word.group(1).lower().rstrip(".")
    return token in ABBREVIATIONS or (len(token) == 1 and token.isalpha())


def strip_markdown(text: str) -> str:
    """Inline Markdown (bold, italics, code) removed and white space collapsed."""
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
        out += [(span, False) for span in _body_sentences(text, offset, block.end())]
    return out


def _body_sentences(text: str, body_start: int, body_end: int) -> list[Span]:
    """The sentences of ``text[body_start:body_end]``, a paragraph without its heading."""
    out: list[Span] = []
    body = text[body_start:body_end]
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
            out.append(Span(s, s + len(stripped), stripped))
        cursor = end
        pos = end
        if m is None:
            break
    return out


def _looks_like_heading(line: str) -> bool:
    line = line.strip()
    return 0 < len(line) <= 80 and not re.search(r"[.!?:;,]$", line)


def split(text: str) -> list[str]:
    """The sentences of one paragraph, as strings (no heading is looked for)."""
    return [span.text for span in _body_sentences(text, 0, len(text))]


#: where one clause of a sentence ends and the next begins: a dash between spaces, a
#: semicolon, a colon ("Det er en myte at X – tallet er Y": the denial covers X only)
#: (?<!\s): a break starts where white space starts, so a long run of spaces is scanned once,
#: not once from every space in it
CLAUSE_BREAK = re.compile(r"(?<!\s)\s+[–—-]\s+|;\s+|:\s+")


def clause_end(text: str, start: int = 0) -> int:
    """Where the clause running at ``start`` ends: the next clause break, or the end."""
    found = CLAUSE_BREAK.search(text, start)
    return found.start() if found else len(text)
