"""The ONNX query engine: the model exported by the index build answers questions with the
same vectors as sentence-transformers, without torch, and a damaged export is refused."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

from assistant.embeddings import SentenceTransformerEmbedder, agreement
from assistant.embeddings.onnx_query import (
    ENCODER,
    ENGINE,
    TOKENIZER,
    WORD_EMBEDDINGS,
    OnnxQueryEmbedder,
    UnsupportedModel,
    export_query_engine,
)
from assistant.indexing.layout import CURRENT, MANIFEST, QUERY_ENGINE_DIR
from assistant.indexing.store import IndexProblem, load_index

QUESTIONS = [
    "Hvor mange var i arbeid eller utdanning ett år etter introduksjonsprogrammet?",
    "Does the integration grant cover what municipalities spend?",
    "48 %",
    "",
    # longer than the model's 512 tokens: both must truncate the same way
    "Kommunene bosetter flyktninger og driver introduksjonsprogrammet. " * 80,
]


def _linked_copy(index_dir: Path, target: Path) -> Path:
    """A copy of an index made of hard links: cheap, and safe as long as a file that is
    changed is first unlinked (see ``_rewrite``)."""
    shutil.copytree(index_dir, target, symlinks=True, copy_function=os.link)
    return target


def _rewrite(path: Path, data: bytes) -> None:
    path.unlink()
    path.write_bytes(data)


def test_onnx_engine_gives_the_same_vectors_as_sentence_transformers(
    built_settings, loaded
) -> None:
    assert isinstance(loaded.embedder, OnnxQueryEmbedder)
    reference = SentenceTransformerEmbedder(built_settings).embed_queries(QUESTIONS)
    vectors = loaded.embedder.embed_queries(QUESTIONS)
    assert vectors.shape == reference.shape == (len(QUESTIONS), 384)
    assert vectors.dtype == np.float32
    assert agreement(vectors, reference) >= 0.999


def test_a_batch_gives_the_same_vectors_as_one_question_at_a_time(loaded) -> None:
    one_by_one = np.vstack([loaded.embedder.embed_queries([q]) for q in QUESTIONS])
    assert agreement(loaded.embedder.embed_queries(QUESTIONS), one_by_one) >= 0.9999


def test_no_questions_give_no_vectors_and_lone_surrogates_are_embedded(loaded) -> None:
    assert loaded.embedder.embed_queries([]).shape == (0, 384)
    vector = loaded.embedder.embed_queries(["integrering \ud800 tilskudd"])[0]
    assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-4


def test_answering_never_imports_torch(built_settings) -> None:
    script = (
        "import sys\n"
        "from assistant.config import Settings\n"
        "from assistant.indexing.store import load_index\n"
        "from assistant.answers.pipeline import respond\n"
        "index = load_index(Settings.from_env())\n"
        "result = respond(index, 'Hvor mange deltok i introduksjonsprogrammet i 2018?')\n"
        "assert result.citations, result\n"
        "print('torch' in sys.modules)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "ASSISTANT_INDEX_DIR": str(built_settings.index_dir)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False"


def test_a_second_index_with_the_same_tokenizer_file_shares_it(
    built_settings, loaded, tmp_path
) -> None:
    """A reload must not hold two copies of a 285 MB tokenizer while it swaps indexes."""
    copy = _linked_copy(built_settings.index_dir, tmp_path / "index")
    tokenizer = (copy / CURRENT).resolve() / QUERY_ENGINE_DIR / TOKENIZER
    _rewrite(tokenizer, tokenizer.read_bytes())  # same bytes, another file
    second = load_index(replace(built_settings, index_dir=copy))
    try:
        assert second.embedder._tokenizer is loaded.embedder._tokenizer
    finally:
        second.close()


@pytest.mark.parametrize(
    ("name", "damage"),
    [
        (ENCODER, b"not an onnx model"),
        (WORD_EMBEDDINGS, b"\x93NUMPY truncated"),
        (TOKENIZER, b"{"),
        (WORD_EMBEDDINGS, b""),  # an interrupted copy
        (ENGINE, b"{"),
        (ENGINE, json.dumps({"format": 99}).encode()),
        (ENGINE, json.dumps({"format": 1, "pooling": "mean"}).encode()),
    ],
)
def test_damaged_query_engine_file_names_the_file_and_the_fix(
    built_settings, tmp_path, name, damage
) -> None:
    copy = _linked_copy(built_settings.index_dir, tmp_path / "index")
    _rewrite((copy / CURRENT).resolve() / QUERY_ENGINE_DIR / name, damage)
    with pytest.raises(IndexProblem, match=rf"{name}.*assistant index --force"):
        load_index(replace(built_settings, index_dir=copy))


def test_missing_query_engine_file_names_the_file(built_settings, tmp_path) -> None:
    copy = _linked_copy(built_settings.index_dir, tmp_path / "index")
    ((copy / CURRENT).resolve() / QUERY_ENGINE_DIR / ENCODER).unlink()
    with pytest.raises(IndexProblem, match=rf"{ENCODER}.*missing.*--force"):
        load_index(replace(built_settings, index_dir=copy))


def test_index_without_an_export_answers_through_sentence_transformers(
    built_settings, tmp_path
) -> None:
    copy = _linked_copy(built_settings.index_dir, tmp_path / "index")
    build = (copy / CURRENT).resolve()
    manifest = json.loads((build / MANIFEST).read_text(encoding="utf-8"))
    manifest["model"]["query_engine"] = {"kind": "sentence-transformers", "reason": "test"}
    _rewrite(build / MANIFEST, json.dumps(manifest).encode())
    shutil.rmtree(build / QUERY_ENGINE_DIR)
    index = load_index(replace(built_settings, index_dir=copy))
    try:
        assert isinstance(index.embedder, SentenceTransformerEmbedder)
        assert index.embed_query("Hva er integreringstilskuddet?").shape == (384,)
    finally:
        index.close()


def test_agreement_compares_directions_whatever_the_lengths() -> None:
    a = np.array([[1.0, 0.0], [0.6, 0.8]], dtype=np.float32)
    assert agreement(5 * a, a) == pytest.approx(1.0)
    # long vectors pointing elsewhere must not pass for agreeing ones
    assert agreement(5 * a, a[::-1]) == pytest.approx(0.6)


def test_models_with_other_modules_are_not_exported(tmp_path) -> None:
    class Transformer: ...

    class Pooling: ...

    class Dense: ...

    with pytest.raises(UnsupportedModel, match="Dense"):
        export_query_engine([Transformer(), Pooling(), Dense()], tmp_path, "query: ")
    assert list(tmp_path.iterdir()) == []


class _ExporterChokes:
    """Stands for a model the exporter fails on."""

    def __iter__(self):
        raise RuntimeError("unsupported operator")


@pytest.mark.parametrize(
    ("model", "reason"),
    [([object()], "cannot export the model"), (_ExporterChokes(), "exporting the model failed")],
)
def test_a_model_that_cannot_be_exported_is_recorded_with_the_reason(
    built_settings, tmp_path, model, reason
) -> None:
    from assistant.indexing.build import _export_query_engine

    entry = _export_query_engine(tmp_path, built_settings, SimpleNamespace(model=model), [])
    assert entry["kind"] == "sentence-transformers"
    assert entry["reason"].startswith(reason)
    assert not (tmp_path / QUERY_ENGINE_DIR).exists()


def test_query_results_are_cached_as_copies(loaded) -> None:
    sql = "SELECT count(*) AS n FROM passages WHERE doc_id = $doc"
    first = loaded.rows(sql, {"doc": "ks-2017-hva-er-god-integrering"})
    first[0]["n"] = -1  # a caller that changes its rows must not change the next caller's
    again = loaded.rows(sql, {"doc": "ks-2017-hva-er-god-integrering"})
    assert again[0]["n"] > 0
