"""Corpus loading: the first stage. Reads files, validates them, returns plain data."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import yaml

from .cards import check_card_references
from .documents import load_documents
from .errors import CorpusError
from .lexicon import Lexicon, load_lexicon
from .models import Column, Corpus, Document, FigureRef, Measure, Passage, Table
from .register import Register, check_register_references, load_register
from .tables import load_tables

__all__ = [
    "Column",
    "Corpus",
    "CorpusError",
    "Document",
    "FigureRef",
    "Lexicon",
    "Measure",
    "Passage",
    "Register",
    "Table",
    "corpus_files",
    "fingerprint",
    "load_corpus",
    "parse_about",
]


def corpus_files(corpus_dir: Path, seeds_dir: Path) -> list[Path]:
    """Every file whose content shapes the index, in a stable order."""
    files = [p for p in sorted(corpus_dir.rglob("*")) if p.is_file()]
    files += [p for p in sorted(seeds_dir.rglob("*")) if p.is_file()]
    return files


def fingerprint(corpus_dir: Path, seeds_dir: Path) -> str:
    """A hash of the corpus files' names and bytes: equal hashes mean nothing to rebuild."""
    digest = hashlib.sha256()
    for path in corpus_files(corpus_dir, seeds_dir):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


ABOUT_FILE = "about.yaml"


def parse_about(data: Any, where: str = ABOUT_FILE) -> dict[str, Any]:
    """What the assistant covers and the examples a newcomer can click (``corpus/about.yaml``)."""
    if not isinstance(data, dict):
        raise CorpusError(where, "must be a mapping with topics_nb, topics_en and examples")
    for key in ("topics_nb", "topics_en"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise CorpusError(where, f"'{key}' must be a text")
    examples = data.get("examples")
    for lang in ("nb", "en"):
        for mode in ("ask", "check"):
            items = ((examples or {}).get(lang) or {}).get(mode)
            if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
                raise CorpusError(where, f"examples.{lang}.{mode} must be a list of texts")
    return data


def load_about(corpus_dir: Path, root: Path) -> dict[str, Any]:
    path = corpus_dir / ABOUT_FILE
    shown = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
    if not path.is_file():
        raise CorpusError(shown, "the file is missing")
    try:
        return parse_about(yaml.safe_load(path.read_text(encoding="utf-8")), shown)
    except yaml.YAMLError as exc:
        raise CorpusError(shown, f"not valid YAML: {exc}") from exc


def load_corpus(corpus_dir: Path, seeds_dir: Path) -> Corpus:
    """Load and validate documents and tables; raise :class:`CorpusError` on the first problem."""
    if not corpus_dir.is_dir():
        raise CorpusError(str(corpus_dir), "the corpus folder does not exist")
    root = corpus_dir.parent
    lexicon = load_lexicon(corpus_dir, root)
    documents = load_documents(corpus_dir / "documents", root)
    tables = load_tables(corpus_dir / "tables", root)
    by_doc = {d.id: d for d in documents}
    by_table = {t.id: t for t in tables}
    for table in tables:
        check_card_references(table, lexicon, by_doc, by_table)
    register = load_register(corpus_dir, root)
    check_register_references(register, by_doc, by_table)
    return Corpus(
        documents=tuple(documents),
        tables=tuple(tables),
        lexicon=lexicon,
        register=register,
        about=load_about(corpus_dir, root),
    )
