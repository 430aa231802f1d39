"""The index build: real model, real FAISS, real DuckDB; atomic and a no-op when unchanged."""

from __future__ import annotations

import json

import duckdb
import pytest

from assistant.corpus import CorpusError
from assistant.indexing import build as build_module
from assistant.indexing.build import build_index
from assistant.indexing.layout import CURRENT, DATABASE, FAISS_FILE, MANIFEST
from assistant.indexing.store import IndexProblem, load_index


def test_build_writes_vectors_lexical_database_and_manifest(built_settings) -> None:
    current = built_settings.index_dir / CURRENT
    manifest = json.loads((current / MANIFEST).read_text())
    assert manifest["model"]["name"] == "multilingual-e5-small"
    assert manifest["model"]["dimension"] == 384
    assert manifest["model"]["query_engine"]["kind"] == "onnx"
    assert manifest["model"]["query_engine"]["min_cosine"] >= 0.999
    assert manifest["faiss"]["vectors"] == manifest["counts"]["passages"]
    assert {"torch", "sentence-transformers", "faiss-cpu", "duckdb"} <= set(manifest["versions"])
    con = duckdb.connect(str(current / DATABASE), read_only=True)
    tables = {
        r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }
    assert {
        "documents",
        "passages",
        "source_tables",
        "ssb_one_year_after_status_by_exit_cohort",
    } <= tables
    value = con.execute(
        "SELECT work_or_education_pct FROM ssb_one_year_after_status_by_exit_cohort"
        " WHERE exit_cohort = 2014"
    ).fetchone()
    assert value == (58.0,)


def test_rebuild_with_nothing_changed_is_a_no_op(built_settings) -> None:
    report = build_index(built_settings)
    assert report.rebuilt is False


def test_failed_build_leaves_previous_index_serving(corpus_copy, monkeypatch) -> None:
    first = build_index(corpus_copy)
    doc = corpus_copy.corpus_dir / "documents" / "maleenheter.md"
    doc.write_text(doc.read_text() + "\nEt nytt avsnitt om måleenheter.\n")

    def crash(*args, **kwargs):
        raise KeyboardInterrupt("killed mid-build")

    monkeypatch.setattr(build_module, "write_database", crash)
    with pytest.raises(KeyboardInterrupt):
        build_index(corpus_copy)
    assert (corpus_copy.index_dir / CURRENT).resolve() == first.path
    leftovers = [p.name for p in (corpus_copy.index_dir / "builds").iterdir()]
    assert leftovers == [first.path.name]
    assert load_index(corpus_copy, require_current=False).manifest["key"] == first.key


def test_corpus_error_writes_nothing(corpus_copy) -> None:
    csv = corpus_copy.corpus_dir / "tables" / "ssb_participants_by_year.csv"
    csv.write_text(csv.read_text().replace("2016,23961,", "2016,x,"))
    with pytest.raises(CorpusError):
        build_index(corpus_copy)
    assert not (corpus_copy.index_dir / CURRENT).exists()


def test_missing_index_error_names_the_fix(corpus_copy) -> None:
    with pytest.raises(IndexProblem, match="run `assistant index`"):
        load_index(corpus_copy)


def test_truncated_vector_file_error_names_the_file(built_settings, tmp_path) -> None:
    import shutil

    from assistant.config import Settings

    copy = tmp_path / "index"
    shutil.copytree(built_settings.index_dir, copy, symlinks=True)
    faiss_file = (copy / CURRENT).resolve() / FAISS_FILE
    faiss_file.write_bytes(faiss_file.read_bytes()[:100])
    settings = Settings.from_env(index_dir=copy)
    with pytest.raises(IndexProblem, match=FAISS_FILE):
        load_index(settings)


def test_index_built_for_another_model_is_refused(built_settings) -> None:
    from dataclasses import replace

    other = replace(built_settings, model="some-other-model")
    with pytest.raises(IndexProblem, match="built with model"):
        load_index(other)
