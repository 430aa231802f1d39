"""Load a built index into one object that the rest of the program is handed.

Nothing here is global: the CLI loads an index per command, the web app once at start, and
tests load their own. Every failure names the file that is wrong and the command that fixes it.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..config import Settings
from ..corpus import Document, Lexicon, Passage, Table, parse_about
from ..corpus.catalog import Catalog, build_catalog
from ..corpus.lexicon import parse_lexicon
from ..corpus.register import Register, register_from_raw
from ..corpus.tables import table_from_card
from .build import KEY_PACKAGES, build_key
from .layout import (
    CURRENT,
    DATABASE,
    FAISS_FILE,
    INDEX_FORMAT,
    LEXICAL_DIR,
    MANIFEST,
    QUERY_ENGINE_DIR,
    REGISTER_VECTORS,
)

#: query results kept per loaded index (see ``LoadedIndex.rows``)
ROWS_CACHE = 4096


class IndexProblem(RuntimeError):
    """The index is missing, damaged or built for other settings; the message says the fix."""


@dataclass
class LoadedIndex:
    path: Path
    manifest: dict[str, Any]
    settings: Settings
    documents: dict[str, Document]
    passages: list[Passage]
    tables: dict[str, Table]
    vectors: Any  # faiss.Index
    lexical: Any  # retrieval.lexical.LexicalIndex
    database: Any  # duckdb connection, read-only
    lexicon: Lexicon | None = None
    #: the cards and the lexicon compiled for reading questions (built at load)
    catalog: Catalog | None = None
    #: the checked claims, and one unit vector per wording (``register.rows()`` order)
    register: Register | None = None
    register_vectors: Any = None
    #: what the assistant covers and examples to click (``corpus/about.yaml``)
    about: dict[str, Any] = field(default_factory=dict)
    #: what higher layers derive from this index once and reuse (the register prepared for
    #: matching): it lives and dies with the index, so a reload never serves stale data
    derived: dict[str, Any] = field(default_factory=dict, repr=False)
    _embedder: Any = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _cache: OrderedDict = field(default_factory=OrderedDict, repr=False)
    _rows: OrderedDict = field(default_factory=OrderedDict, repr=False)

    @property
    def embedder(self):
        """The query embedder: the build's ONNX export, loaded with the index, or else
        sentence-transformers, created on first use (importing torch takes seconds)."""
        if self._embedder is None:
            with self._lock:
                if self._embedder is None:
                    from ..embeddings import SentenceTransformerEmbedder

                    self._embedder = SentenceTransformerEmbedder(self.settings)
        return self._embedder

    def embed_query(self, text: str):
        """The query's vector, from a bounded cache when the same text was asked before."""
        size = self.settings.query_cache
        if size <= 0:
            return self.embedder.embed_queries([text])[0]
        with self._lock:
            vector = self._cache.get(text)
            if vector is not None:
                self._cache.move_to_end(text)  # least recently used goes first
        if vector is None:
            vector = self.embedder.embed_queries([text])[0]
            with self._lock:
                self._cache[text] = vector
                while len(self._cache) > size:
                    self._cache.popitem(last=False)
        return vector

    def rows(self, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
        """The rows of a read-only query, as dicts (a fresh copy for each caller).

        Answers run the same few dozen measures over and over, and the database never changes
        under a loaded index (a rebuild is a new index), so results are kept in a bounded cache:
        a figure costs about 4 ms in DuckDB and microseconds from here.
        """
        # the type is part of the key: 1, 1.0 and True are equal in Python, not in SQL
        key = (sql, tuple(sorted((k, type(v).__name__, v) for k, v in params.items())))
        try:
            hash(key)
        except TypeError:  # a value that cannot be a key (none today): run it uncached
            return _fetch(self.cursor(), sql, params)
        with self._lock:
            cached = self._rows.get(key)
            if cached is not None:
                self._rows.move_to_end(key)
        if cached is None:
            cached = tuple(_fetch(self.cursor(), sql, params))
            with self._lock:
                self._rows[key] = cached
                while len(self._rows) > ROWS_CACHE:
                    self._rows.popitem(last=False)
        return [dict(row) for row in cached]

    def cursor(self):
        """A cursor of its own for each caller: duckdb connections are not shared across threads."""
        return self.database.cursor()

    def close(self) -> None:
        self.database.close()


def _fetch(cursor, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    result = cursor.execute(sql, params)
    names = [d[0] for d in result.description]
    return [dict(zip(names, row, strict=True)) for row in result.fetchall()]


def _problem(path: Path, what: str, fix: str = "run `assistant index`") -> IndexProblem:
    return IndexProblem(f"{path}: {what}; {fix}")


def check_manifest(build: Path, settings: Settings, *, require_current: bool) -> dict[str, Any]:
    manifest_path = build / MANIFEST
    if not manifest_path.is_file():
        raise _problem(manifest_path, "there is no index manifest (no index has been built)")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise _problem(
            manifest_path, f"the manifest is damaged ({exc})", "run `assistant index --force`"
        ) from exc
    if manifest.get("format") != INDEX_FORMAT:
        raise _problem(
            manifest_path,
            f"index format {manifest.get('format')!r} is not "
            f"{INDEX_FORMAT!r} (built by another version)",
        )
    if manifest.get("model", {}).get("name") != settings.model:
        raise _problem(
            manifest_path,
            f"the index was built with model "
            f"{manifest.get('model', {}).get('name')!r}, not {settings.model!r}",
        )
    if require_current:
        from ..corpus import fingerprint

        key = build_key(settings, fingerprint(settings.corpus_dir, settings.seeds_dir))
        if manifest.get("key") != key:
            raise _problem(
                manifest_path,
                "the index was built from another corpus, other settings or other versions of "
                f"the packages that shape it ({', '.join(KEY_PACKAGES)})",
            )
    return manifest


def load_index(settings: Settings, *, require_current: bool = True) -> LoadedIndex:
    """Open index/current. With ``require_current`` the corpus on disk must match the build."""
    import duckdb
    import faiss

    from .lexical import LexicalIndex
    from .vectors import configure_search

    build = settings.index_dir / CURRENT
    if not build.exists():
        raise _problem(build, "there is no index")
    build = build.resolve()
    manifest = check_manifest(build, settings, require_current=require_current)

    faiss_path = build / FAISS_FILE
    try:
        vectors = faiss.read_index(str(faiss_path))
        configure_search(vectors)
    except RuntimeError as exc:
        raise _problem(
            faiss_path,
            "the vector index cannot be read (missing or truncated)",
            "run `assistant index --force`",
        ) from exc
    try:
        lexical = LexicalIndex(build / LEXICAL_DIR)
    except (OSError, ValueError, KeyError) as exc:
        raise _problem(
            build / LEXICAL_DIR, "the lexical index cannot be read", "run `assistant index --force`"
        ) from exc
    embedder = _query_engine(build, manifest, settings)
    db_path = build / DATABASE
    if not db_path.is_file():
        raise _problem(db_path, "the database file is missing", "run `assistant index --force`")
    try:
        database = duckdb.connect(str(db_path), read_only=True)
    except duckdb.Error as exc:
        raise _problem(
            db_path, f"the database cannot be read ({exc})", "run `assistant index --force`"
        ) from exc
    try:
        documents, passages, tables, lexicon, register, about = _read_database(database)
    except duckdb.Error as exc:
        database.close()
        raise _problem(
            db_path, f"the database cannot be read ({exc})", "run `assistant index --force`"
        ) from exc
    if vectors.ntotal != len(passages) or manifest["counts"]["passages"] != len(passages):
        database.close()
        raise _problem(
            faiss_path,
            f"{vectors.ntotal} vectors for {len(passages)} passages",
            "run `assistant index --force`",
        )
    try:
        register_vectors = _register_vectors(build, register)
    except IndexProblem:
        database.close()
        raise
    return LoadedIndex(
        build,
        manifest,
        settings,
        documents,
        passages,
        tables,
        vectors,
        lexical,
        database,
        lexicon=lexicon,
        catalog=build_catalog(lexicon, tables) if lexicon is not None else None,
        register=register,
        register_vectors=register_vectors,
        about=about,
        _embedder=embedder,
    )


def _register_vectors(build: Path, register: Register | None):
    """The register's vectors, checked against its rows (a mismatch means a damaged build)."""
    import numpy as np

    path = build / REGISTER_VECTORS
    try:
        vectors = np.load(path)
    except (OSError, ValueError) as exc:
        raise _problem(
            path, "the checked claims' vectors cannot be read", "run `assistant index --force`"
        ) from exc
    rows = len(register.rows()) if register is not None else 0
    if vectors.shape[0] != rows:
        raise _problem(
            path,
            f"{vectors.shape[0]} vectors for {rows} wordings of checked claims",
            "run `assistant index --force`",
        )
    return vectors


def _query_engine(build: Path, manifest: dict[str, Any], settings: Settings):
    """The build's ONNX query engine when its manifest vouches for one, else None."""
    engine = manifest["model"].get("query_engine") or {}
    if engine.get("kind") != "onnx":
        return None
    from ..embeddings.onnx_query import EngineFileProblem, OnnxQueryEmbedder

    folder = build / QUERY_ENGINE_DIR
    try:
        return OnnxQueryEmbedder(folder, settings.model, settings.threads)
    except ImportError as exc:  # onnxruntime or tokenizers missing from this environment
        raise _problem(folder, f"the query engine cannot run ({exc})", "run `make setup`") from exc
    except EngineFileProblem as exc:
        raise _problem(exc.path, exc.what, "run `assistant index --force`") from exc


def _read_database(
    con,
) -> tuple[dict[str, Document], list[Passage], dict[str, Table], Lexicon | None, Register | None]:
    by_doc: dict[str, list[Passage]] = {}
    passages = []
    for pid, doc_id, pos, heading, text, start, end in con.execute(
        "SELECT id, doc_id, position, heading, text, start_offset, end_offset "
        "FROM passages ORDER BY vector_row"
    ).fetchall():
        passage = Passage(pid, doc_id, pos, heading, text, start, end)
        passages.append(passage)
        by_doc.setdefault(doc_id, []).append(passage)
    documents = {}
    for row in con.execute(
        "SELECT id, title, publisher, authors, published, date_certainty, url, kind, language, "
        "about, text, path, duplicates_removed, voice FROM documents"
    ).fetchall():
        documents[row[0]] = Document(
            id=row[0],
            title=row[1],
            publisher=row[2],
            authors=tuple(json.loads(row[3])),
            published=row[4],
            date_certainty=row[5],
            url=row[6],
            kind=row[7],
            language=row[8],
            about=row[9],
            text=row[10],
            path=row[11],
            passages=tuple(by_doc.get(row[0], [])),
            duplicates_removed=row[12],
            voice=row[13],
        )
    tables = {}
    for tid, path, card in con.execute("SELECT id, path, card FROM source_tables").fetchall():
        result = con.execute(f'SELECT * FROM "{tid}"')
        names = [d[0] for d in result.description]
        rows = tuple(tuple(r) for r in result.fetchall())
        table = table_from_card(
            json.loads(card), path.removesuffix(".csv") + ".card.yaml", path, rows
        )
        # the stored rows are in CSV column order; the card's columns are in card order
        order = [table.column(n) for n in names]
        tables[tid] = replace(table, columns=tuple(c for c in order if c is not None))
    stored = dict(con.execute("SELECT name, body FROM knowledge").fetchall())
    lexicon = parse_lexicon(json.loads(stored["lexicon"])) if "lexicon" in stored else None
    register = register_from_raw(json.loads(stored["register"])) if "register" in stored else None
    about = parse_about(json.loads(stored["about"])) if "about" in stored else {}
    return documents, passages, tables, lexicon, register, about
