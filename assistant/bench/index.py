"""Index build benchmark: a cold build (model prepared from the installed packages into an
empty cache, then every passage embedded) and a rebuild with nothing changed, each in a fresh
process, as a user would run them."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _timed(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def run_index_benchmark() -> dict:
    with tempfile.TemporaryDirectory(prefix="assistant-bench-") as tmp:
        env = {
            **os.environ,
            "ASSISTANT_INDEX_DIR": str(Path(tmp) / "index"),
            "XDG_CACHE_HOME": str(Path(tmp) / "cache"),
        }
        cold = _timed(["index"], env)
        noop = _timed(["index"], env)
        warm_model = _timed(["index", "--force"], env)
    return {"cold_s": cold, "noop_s": noop, "rebuild_s": warm_model}


def render_markdown(result: dict) -> str:
    return (
        f"Index build, measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores, each in a "
        "fresh process (reproduce: `.venv/bin/assistant bench index`):\n\n"
        "| build | seconds |\n|---|---|\n"
        f"| cold: empty model cache, empty index (model prepared, all passages embedded) | "
        f"{result['cold_s']:.1f} |\n"
        f"| nothing changed (no-op) | {result['noop_s']:.1f} |\n"
        f"| `--force` with the model cached | {result['rebuild_s']:.1f} |\n"
    )
