"""Turning text into vectors.

Indexing always uses sentence-transformers, with the default model (multilingual-e5-small,
built offline by :mod:`.offline_e5`) or any model named in configuration. Answering must
neither wait ten seconds for torch to import nor spend 40 ms of CPU per question, so the
build also exports the model for ONNX Runtime (:mod:`.onnx_query`) and checks that the export
gives the same vectors (cosine ≥ 0.999); questions then go through it. Heavy imports happen
inside the functions that need them.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from ..config import DEFAULT_MODEL, Settings

#: how close the ONNX query engine must stay to sentence-transformers
AGREEMENT_THRESHOLD = 0.999


class Embedder(Protocol):
    name: str
    dimension: int

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...


def model_location(settings: Settings) -> str:
    """The folder (or hub name) sentence-transformers loads for ``settings.model``."""
    if settings.model == DEFAULT_MODEL:
        from .offline_e5 import ensure_model

        return str(ensure_model(settings.cache_dir))
    return settings.model


@functools.lru_cache(maxsize=2)
def _sentence_transformer(location: str, offline: bool):
    """Load a model once per process: its weights never change, and a second build in the
    same process (tests, a long-running service) should not pay ten seconds again."""
    if offline:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()
    return SentenceTransformer(location, device="cpu")


class SentenceTransformerEmbedder:
    """Any sentence-transformers model; the prompts come from configuration."""

    def __init__(self, settings: Settings, batch_size: int = 16) -> None:
        location = model_location(settings)
        import torch

        torch.set_num_threads(max(1, settings.threads))
        offline = settings.model == DEFAULT_MODEL or Path(location).exists()
        self._model = _sentence_transformer(location, offline)
        self.name = settings.model
        self.dimension = int(
            getattr(
                self._model, "get_embedding_dimension", self._model.get_sentence_embedding_dimension
            )()
            or 0
        )
        self._query_prompt = settings.query_prompt
        self._passage_prompt = settings.passage_prompt
        self._batch_size = batch_size

    @property
    def model(self):
        """The loaded ``SentenceTransformer`` (the index build exports it for answering)."""
        return self._model

    def _encode(self, texts: Sequence[str], prompt: str) -> np.ndarray:
        vectors = self._model.encode(
            list(texts),
            prompt=prompt or None,
            batch_size=self._batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, self._query_prompt)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, self._passage_prompt)


def agreement(a: np.ndarray, b: np.ndarray) -> float:
    """The smallest cosine between matching rows of two matrices.

    Both are normalised here, so vectors of the wrong length cannot pass for agreeing ones.
    """
    a = a / np.maximum(np.linalg.norm(a, axis=1, keepdims=True), 1e-12)
    b = b / np.maximum(np.linalg.norm(b, axis=1, keepdims=True), 1e-12)
    return float(np.min(np.sum(a * b, axis=1)))
