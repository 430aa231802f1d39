"""The console command, run as a user would run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys


def _run(*args: str, settings=None, input: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    if settings is not None:
        env["ASSISTANT_INDEX_DIR"] = str(settings.index_dir)
        env["ASSISTANT_CORPUS_DIR"] = str(settings.corpus_dir)
        env["ASSISTANT_SEEDS_DIR"] = str(settings.seeds_dir)
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        capture_output=True,
        text=True,
        env=env,
        input=input,
        timeout=120,
    )


def test_search_json_lists_ranked_passages_with_source(built_settings) -> None:
    proc = _run(
        "search",
        "Hvem har evaluert introduksjonsprogrammet?",
        "--json",
        "-k",
        "3",
        settings=built_settings,
    )
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert [r["rank"] for r in rows] == [1, 2, 3]
    assert {"passage_id", "source_id", "publisher", "score", "text", "start", "end"} <= set(rows[0])


def test_search_without_index_says_how_to_build_it(tmp_path) -> None:
    env_settings = type(
        "S", (), {"index_dir": tmp_path / "none", "corpus_dir": tmp_path, "seeds_dir": tmp_path}
    )
    proc = _run("search", "noe", settings=env_settings)
    assert proc.returncode == 2
    assert "assistant index" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_index_reports_up_to_date_when_nothing_changed(built_settings) -> None:
    proc = _run("index", settings=built_settings)
    assert proc.returncode == 0, proc.stderr
    assert "up to date" in proc.stdout
