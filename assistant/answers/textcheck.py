"""Check a whole text: find its claims and check each one, as of the text's own date.

A claim that leans on the sentence before it ("I landet vårt var gjennomsnittet i fjor på 48
prosent", after a sentence about work or education in Sweden) is read with that sentence as
context, as a reader would.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from ..claims.detect import detect
from ..text import frontmatter
from .compose import refused
from .evidence import documents_in
from .models import Result
from .pipeline import MAX_INPUT_CHARS, InputError, respond

MAX_TEXT_CHARS = 100_000
MAX_CLAIMS = 200


class CheckedClaim(BaseModel):
    n: int = Field(description="Number of the claim in the report")
    start: int = Field(description="Offset of the claim in `text`")
    end: int
    text: str = Field(description="The claim as it stands in the text")
    checked_as: str = Field(description="What was checked (completed from its sentence)")
    signals: list[str]
    result: Result


class Sentence(BaseModel):
    start: int
    end: int
    kind: Literal["claim", "opinion", "forecast", "self", "heading", "other"]
    claims: list[int] = Field(description="Numbers of the claims in this sentence")


class TextReport(BaseModel):
    title: str
    text: str
    as_of: str | None
    as_of_source: Literal["option", "metadata", "none"]
    sentences: list[Sentence]
    claims: list[CheckedClaim]
    summary: dict[str, int]


def end_of_period(value: str) -> date:
    """ "2017-11" → 2017-11-30, "2017" → 2017-12-31: what was public during that period."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return date(parts[0], 12, 31)
    if len(parts) == 2:
        return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return date(parts[0], parts[1], parts[2])


def split_metadata(text: str) -> tuple[dict, str]:
    """Optional YAML front matter (title, published/date) and the body."""
    if not frontmatter.has_front_matter(text):
        return {}, text
    try:
        meta, body, _ = frontmatter.split_front_matter(text)
    except frontmatter.FrontMatterError as exc:
        raise InputError(str(exc)) from exc
    return meta, body


def check_text(index, text: str, as_of: str | None = None) -> TextReport:
    """Find and check every claim in ``text`` (plain text or Markdown)."""
    if not isinstance(text, str) or not text.strip():
        raise InputError("the text is empty")
    if len(text) > MAX_TEXT_CHARS:
        raise InputError(f"the text is longer than {MAX_TEXT_CHARS} characters")
    text = text.encode("utf-8", "replace").decode("utf-8")  # lone surrogates → U+FFFD
    meta, body = split_metadata(text)
    source = "option" if as_of else "none"
    if not as_of:
        stated = meta.get("published") or meta.get("date")
        if stated is not None:
            try:
                as_of = end_of_period(str(stated)).isoformat()
                source = "metadata"
            except ValueError as exc:
                raise InputError(f"the text's date {stated!r} is not YYYY[-MM[-DD]]") from exc
    sentences = detect(body, index.lexicon)
    own = documents_in(body, index.documents)  # a text is never evidence for itself
    claims: list[CheckedClaim] = []
    out_sentences: list[Sentence] = []
    previous: str | None = None
    seen: set[str] = set()
    repeated = 0
    for sentence in sentences:
        numbers = []
        signature = " ".join(sentence.text.split()).casefold()
        if sentence.kind != "heading" and signature in seen:
            # a scraped page often holds its text twice: check a sentence once
            repeated += 1
            out_sentences.append(
                Sentence(start=sentence.start, end=sentence.end, kind="other", claims=[])
            )
            continue
        seen.add(signature)
        spans = sentence.claims
        if sentence.kind in ("opinion", "forecast") and not spans:
            # reported, not checked, unless a checked claim settles what it asserts
            spans = opinion_spans(index, sentence)
        for span in spans:
            if len(claims) >= MAX_CLAIMS:
                break
            history = [previous] if previous else []
            try:
                result = respond(
                    index,
                    span.check_text,
                    mode="claim",
                    history=history,
                    as_of=as_of,
                    exclude=own,
                )
            except InputError as exc:  # e.g. a "sentence" of 5 000 characters: say so
                result = refused(span.check_text[:MAX_INPUT_CHARS], "claim", f"not checked: {exc}")
            if span.signals == ["register"] and (not result.checkable or result.match is None):
                continue  # an opinion no checked claim settles: it stays an opinion
            claims.append(
                CheckedClaim(
                    n=len(claims) + 1,
                    start=span.start,
                    end=span.end,
                    text=span.text,
                    checked_as=span.check_text,
                    signals=span.signals,
                    result=result,
                )
            )
            numbers.append(len(claims))
            previous = span.check_text
        kind = "claim" if numbers and sentence.kind in ("opinion", "forecast") else sentence.kind
        out_sentences.append(
            Sentence(start=sentence.start, end=sentence.end, kind=kind, claims=numbers)
        )
    counts = Counter(c.result.verdict for c in claims if c.result.checkable)
    kinds = Counter(s.kind for s in out_sentences)
    title = str(meta.get("title") or _first_line(body))
    return TextReport(
        title=title,
        text=body,
        as_of=as_of,
        as_of_source=source,  # type: ignore[arg-type]
        sentences=out_sentences,
        claims=claims,
        summary={
            "sentences": len(out_sentences),
            "claims": len(claims),
            "opinions": kinds["opinion"],
            "forecasts": kinds["forecast"],
            "self_references": kinds["self"],
            # opinions, forecasts and statements about the text itself: reported, not checked
            "not_checkable": kinds["opinion"]
            + kinds["forecast"]
            + kinds["self"]
            + sum(1 for c in claims if not c.result.checkable),
            "repeated_sentences": repeated,
            **{str(k): v for k, v in counts.items()},
        },
    )


def opinion_spans(index, sentence) -> list:
    """An opinion or forecast as one claim to check, when it is nearly word for word a wording
    of a checked claim (the register records the op-ed's "KS mener, som Brochmann II-utvalget,
    at …"); otherwise none: it stays an opinion, reported and not checked."""
    from ..claims.detect import ClaimSpan
    from ..claims.matching import OPINION_MATCH
    from ..text.sentences import strip_markdown
    from .pipeline import find_matches

    text = strip_markdown(sentence.text)
    found = find_matches(index, text, "nb")
    if not found or found[0].score < OPINION_MATCH:
        return []
    return [ClaimSpan(sentence.start, sentence.end, sentence.text, text, ["register"])]


def _first_line(text: str) -> str:
    line = next((x.strip() for x in text.splitlines() if x.strip()), "")
    return re.sub(r"^#+\s*", "", line)[:120]
