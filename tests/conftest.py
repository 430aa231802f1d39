"""Shared fixtures. The real model and a real index are built once per test session."""

from __future__ import annotations

import shutil
from functools import lru_cache
from pathlib import Path

import pytest

from assistant.config import Settings

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@lru_cache(maxsize=1)
def repo_corpus():
    """The repository's corpus, loaded once (no model, no index: a fraction of a second)."""
    from assistant.corpus import load_corpus

    return load_corpus(REPO / "corpus", REPO / "seeds")


@lru_cache(maxsize=1)
def repo_catalog():
    """The repository's cards and lexicon compiled for reading, as a loaded index has them."""
    from assistant.corpus.catalog import build_catalog

    corpus = repo_corpus()
    return build_catalog(corpus.lexicon, {t.id: t for t in corpus.tables})


@pytest.fixture(scope="session")
def catalog():
    return repo_catalog()


@pytest.fixture(scope="session")
def lexicon():
    return repo_corpus().lexicon


@pytest.fixture(scope="session")
def built_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings whose index/ holds a real build of the repository's corpus."""
    from assistant.indexing.build import build_index

    index_dir = tmp_path_factory.mktemp("index")
    settings = Settings.from_env(index_dir=index_dir)
    build_index(settings)
    return settings


@pytest.fixture(scope="session")
def loaded(built_settings: Settings):
    from assistant.indexing.store import load_index

    index = load_index(built_settings)
    yield index
    index.close()


@pytest.fixture()
def corpus_copy(tmp_path: Path, repo: Path) -> Settings:
    """A private copy of corpus/ and seeds/ that a test may break."""
    shutil.copytree(repo / "corpus", tmp_path / "corpus")
    shutil.copytree(repo / "seeds", tmp_path / "seeds")
    for path in (tmp_path / "corpus").rglob("*"):
        path.chmod(0o644 if path.is_file() else 0o755)
    return Settings.from_env(
        corpus_dir=tmp_path / "corpus", seeds_dir=tmp_path / "seeds", index_dir=tmp_path / "index"
    )
