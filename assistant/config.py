"""All configuration in one place.

Every setting can be given as an environment variable with the prefix ``ASSISTANT_``
(``ASSISTANT_INDEX_DIR=/srv/index``). Defaults suit a checkout of the repository: the corpus
lives in ``corpus/`` and the built index in ``index/`` next to it. ``docs/CONFIGURATION.md``
lists every setting.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

ENV_PREFIX = "ASSISTANT_"
DEFAULT_MODEL = "multilingual-e5-small"


def _repo_root() -> Path:
    return Path(__file__).resolve().parent.parent


def _default_cache() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "integrering-faktasjekk"


@dataclass(frozen=True)
class Settings:
    """Resolved settings. Build with :meth:`from_env` and pass the object down."""

    corpus_dir: Path = field(default_factory=lambda: _repo_root() / "corpus")
    seeds_dir: Path = field(default_factory=lambda: _repo_root() / "seeds")
    index_dir: Path = field(default_factory=lambda: _repo_root() / "index")
    cache_dir: Path = field(default_factory=_default_cache)
    eval_dir: Path = field(default_factory=lambda: _repo_root().parent / "shared" / "eval")
    #: ``multilingual-e5-small`` (built offline from installed packages) or any
    #: sentence-transformers model name or folder.
    model: str = DEFAULT_MODEL
    #: prefixes the model expects before queries and passages ("" for models that need none)
    query_prompt: str = "query: "
    passage_prompt: str = "passage: "
    #: threads one embedding may use (ONNX Runtime, or torch). The server sets 1
    #: unless this is given: concurrent requests then use the cores in parallel
    threads: int = 2
    #: query vectors kept in memory (readers often ask the same thing); 0 turns the cache off
    query_cache: int = 2048
    #: how many passages retrieval returns by default
    top_k: int = 5
    #: vector index: "auto" (exact below 50 000 passages, HNSW above), "flat" or "hnsw"
    index_kind: str = "auto"
    #: web origins allowed to embed the widget and call the API, comma-separated
    #: (e.g. "https://www.avis.no,https://avis.no"); the app's own origin is always allowed
    allowed_origins: str = ""
    #: per-client limit on answers (slowapi syntax: "30/minute", "5/second")
    rate_limit: str = "30/minute"
    #: largest request body the API reads, in bytes (the text checker's page allows more)
    max_body_bytes: int = 262144
    #: bearer token for POST /admin/reload; empty turns the endpoint off (SIGHUP still works)
    admin_token: str = ""
    #: the address readers reach the service at: the permalinks of `assistant check
    #: --claimreview` start with it (web pages use the address they were asked at)
    public_url: str = "http://127.0.0.1:8000"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: object) -> Settings:
        """Read ``ASSISTANT_*`` variables; explicit keyword overrides win."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(ENV_PREFIX + f.name.upper())
            if raw is None:
                continue
            if f.type in ("Path", Path):
                values[f.name] = Path(raw).expanduser()
            elif f.type in ("int", int):
                try:
                    values[f.name] = int(raw)
                except ValueError as exc:
                    raise ValueError(
                        f"{ENV_PREFIX}{f.name.upper()} must be a whole number, got {raw!r}"
                    ) from exc
            else:
                values[f.name] = raw
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]

    def __post_init__(self) -> None:
        """Refuse settings that would fail later in a less clear way (or crash a native
        library: OpenMP aborts on absurd thread counts)."""
        checks = [
            (1 <= self.threads <= 64, "ASSISTANT_THREADS must be between 1 and 64"),
            (0 <= self.query_cache <= 1_000_000, "ASSISTANT_QUERY_CACHE must be 0 to 1000000"),
            (1 <= self.top_k <= 100, "ASSISTANT_TOP_K must be between 1 and 100"),
            (self.max_body_bytes >= 1024, "ASSISTANT_MAX_BODY_BYTES must be at least 1024"),
            (
                self.index_kind in ("auto", "flat", "hnsw"),
                "ASSISTANT_INDEX_KIND must be auto, flat or hnsw",
            ),
        ]
        for ok, message in checks:
            if not ok:
                raise ValueError(message)

    @property
    def origins(self) -> list[str]:
        return [o.strip().rstrip("/") for o in self.allowed_origins.split(",") if o.strip()]
