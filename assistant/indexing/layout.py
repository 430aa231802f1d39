"""File names inside index/, shared by the builder and the loader."""

from __future__ import annotations

import json
from pathlib import Path

INDEX_FORMAT = "7"
CURRENT = "current"
BUILDS = "builds"
MANIFEST = "manifest.json"
FAISS_FILE = "passages.faiss"
#: vectors of the register's wordings (claims, questions, variants), one row each
REGISTER_VECTORS = "register.npy"
LEXICAL_DIR = "lexical"
DATABASE = "assistant.duckdb"
#: the model exported for answering questions (see embeddings.onnx_query)
QUERY_ENGINE_DIR = "query-engine"


def read_manifest(build_dir: Path) -> dict | None:
    """The manifest of a build, or None when there is none or it cannot be read."""
    try:
        return json.loads((build_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
