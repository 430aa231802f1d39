"""Read source documents: front matter, body, and the paragraphs that become passages.

A document is a Markdown file in ``corpus/documents/`` (front matter + body), or front matter
only with ``seed:`` naming a file in ``seeds/`` whose plain text is the body. Seeds come as
scraped, so the body is cleaned of repeated paragraphs (the seed op-ed holds its text twice)
before passages are cut; the cleaned text is what offsets point into and what a source page
shows.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..text import frontmatter
from ..text.normalise import fold
from .errors import CorpusError
from .models import DATE_CERTAINTIES, KINDS, VOICES, Document, FigureRef, Passage

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_REQUIRED = ("id", "title", "publisher", "published", "date_certainty", "url", "kind", "language")
_HEADING_END = (".", "!", "?", ":", ";", ",")


@dataclass(frozen=True)
class _Block:
    heading: str | None  # a heading line that opens the block, if any
    body: str  # the paragraph text (may be empty for a heading-only block)
    raw: str  # the block as it appears in the text


def split_front_matter(text: str, path: str) -> tuple[dict[str, Any], str, int]:
    """Return (metadata, body, line number where the body starts)."""
    try:
        return frontmatter.split_front_matter(text)
    except frontmatter.FrontMatterError as exc:
        raise CorpusError(path, str(exc), line=exc.line) from exc


def _looks_like_heading(line: str, rest: list[str]) -> bool:
    """Plain-text seeds mark headings only by layout: a short line without final punctuation
    directly above the paragraph it introduces."""
    line = line.strip()
    return bool(rest) and 0 < len(line) <= 80 and not line.endswith(_HEADING_END)


def _blocks(body: str, markdown: bool) -> list[_Block]:
    blocks = []
    for raw in re.split(r"\n[ \t]*\n+", body.strip("\n")):
        if not raw.strip():
            continue
        lines = raw.strip("\n").split("\n")
        heading = None
        if markdown and lines[0].lstrip().startswith("#"):
            heading = lines[0].lstrip("# \t").strip()
            lines = lines[1:]
        elif not markdown and _looks_like_heading(lines[0], lines[1:]):
            heading = lines[0].strip()
            lines = lines[1:]
        blocks.append(_Block(heading, "\n".join(lines).strip(), raw.strip("\n")))
    return blocks


def passage_id(doc_id: str, text: str) -> str:
    """Stable across edits elsewhere in the document: derived from the paragraph itself."""
    return f"{doc_id}:{hashlib.sha1(fold(text).encode()).hexdigest()[:10]}"


def build_passages(doc_id: str, body: str, *, markdown: bool) -> tuple[str, list[Passage], int]:
    """Clean ``body`` of repeated paragraphs and cut it into passages.

    Returns the cleaned text, its passages (with offsets into that text) and how many
    repeated blocks were dropped.
    """
    seen: set[str] = set()
    kept: list[_Block] = []
    dropped = 0
    for block in _blocks(body, markdown):
        signature = fold(block.raw)
        if signature in seen:
            dropped += 1
            continue
        seen.add(signature)
        kept.append(block)

    parts: list[str] = []
    passages: list[Passage] = []
    offset = 0
    heading = ""
    for block in kept:
        if block.heading is not None:
            heading = block.heading
        if block.body:
            start = offset + block.raw.index(block.body)
            text = block.body
            if any(p.text == text for p in passages):  # same paragraph under another heading
                dropped += 1
            else:
                passages.append(
                    Passage(
                        id=passage_id(doc_id, text),
                        doc_id=doc_id,
                        position=len(passages),
                        heading=heading,
                        text=text,
                        start=start,
                        end=start + len(text),
                    )
                )
        parts.append(block.raw)
        offset += len(block.raw) + 2
    return "\n\n".join(parts) + "\n", passages, dropped


def _check_meta(meta: dict[str, Any], path: str, stem: str) -> None:
    for key in _REQUIRED:
        if meta.get(key) in (None, ""):
            raise CorpusError(path, f"front matter lacks '{key}'", line=2)
    if str(meta["id"]) != stem or not _ID.match(str(meta["id"])):
        raise CorpusError(path, f"id {meta['id']!r} must equal the file name stem {stem!r}")
    if meta["kind"] not in KINDS:
        raise CorpusError(path, f"kind {meta['kind']!r} is not one of {', '.join(KINDS)}")
    if meta["date_certainty"] not in DATE_CERTAINTIES:
        raise CorpusError(path, f"date_certainty must be one of {', '.join(DATE_CERTAINTIES)}")
    if not _DATE.match(str(meta["published"])):
        raise CorpusError(path, f"published {meta['published']!r} is not YYYY[-MM[-DD]]")
    voice = meta.get("voice")
    if voice is not None and voice not in VOICES:
        raise CorpusError(path, f"voice {voice!r} is not one of {', '.join(VOICES)}")
    if voice == "verbatim" and not meta.get("seed"):
        raise CorpusError(path, "voice 'verbatim' is only for a document read from seeds/")


def voice_of(meta: dict[str, Any]) -> str:
    """Whose words the text is: stated in the front matter, or known from where it comes."""
    if meta.get("voice"):
        return str(meta["voice"])
    if meta.get("seed"):
        return "verbatim"
    return "explainer" if meta.get("kind") == "explainer" else "summary"


def _figures(meta: dict[str, Any], path: str) -> tuple[FigureRef, ...]:
    refs = []
    for i, item in enumerate(meta.get("figures") or []):
        try:
            refs.append(
                FigureRef(
                    text=str(item["text"]),
                    table=str(item["table"]),
                    where=dict(item["where"]),
                    column=str(item["column"]),
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise CorpusError(path, f"figures[{i}] needs text, table, where and column") from exc
    return tuple(refs)


def load_document(path: Path, root: Path) -> Document:
    """Load one document file; ``root`` is the repository folder that ``seed:`` is relative to."""
    shown = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(shown, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    meta, body, _ = split_front_matter(raw, shown)
    _check_meta(meta, shown, path.stem)
    markdown = True
    if meta.get("seed"):
        seed = root / str(meta["seed"])
        if not seed.is_file():
            raise CorpusError(shown, f"seed file {meta['seed']} does not exist")
        body = seed.read_text(encoding="utf-8")
        markdown = False
    text, passages, dropped = build_passages(str(meta["id"]), body, markdown=markdown)
    if not passages:
        raise CorpusError(shown, "the document has no paragraphs")
    authors = meta.get("authors") or []
    return Document(
        id=str(meta["id"]),
        title=str(meta["title"]),
        publisher=str(meta["publisher"]),
        authors=tuple(str(a) for a in authors),
        published=str(meta["published"]),
        date_certainty=str(meta["date_certainty"]),
        url=str(meta["url"]),
        kind=str(meta["kind"]),
        language=str(meta["language"]),
        about=str(meta.get("about") or ""),
        text=text,
        path=shown,
        passages=tuple(passages),
        figures=_figures(meta, shown),
        duplicates_removed=dropped,
        voice=voice_of(meta),
    )


def load_documents(documents_dir: Path, root: Path) -> list[Document]:
    docs = [
        load_document(p, root) for p in sorted(documents_dir.glob("*.md")) if p.name != "README.md"
    ]
    ids = [d.id for d in docs]
    for doc_id in ids:
        if ids.count(doc_id) > 1:
            raise CorpusError(str(documents_dir), f"two documents share the id {doc_id!r}")
    return docs
