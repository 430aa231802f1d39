"""Faults: damaged index files, a build killed half-way, a rebuild while serving, and clients
that hang up. Real processes, real signals, real sockets on loopback."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from assistant.config import Settings
from assistant.indexing.build import build_index
from assistant.indexing.layout import CURRENT, DATABASE, LEXICAL_DIR, MANIFEST
from assistant.indexing.store import IndexProblem, load_index

REPO = Path(__file__).resolve().parent.parent
SMALL_DOCS = (
    "ks-2017-hva-er-god-integrering.md",
    "beregningsutvalget-2016.md",
    "fafo-2017-10-31-rapportsammendrag.md",
    "imdi-mal-og-resultatkrav.md",
)


@pytest.fixture()
def small(tmp_path) -> Settings:
    """A small corpus (the op-ed, the summaries the cards' goals cite, all tables, the lexicon,
    no checked claims) with its own built index."""
    (tmp_path / "corpus" / "documents").mkdir(parents=True)
    shutil.copytree(REPO / "corpus" / "tables", tmp_path / "corpus" / "tables")
    for name in ("lexicon.yaml", "about.yaml"):
        shutil.copy(REPO / "corpus" / name, tmp_path / "corpus" / name)
    for name in SMALL_DOCS:
        shutil.copy(REPO / "corpus" / "documents" / name, tmp_path / "corpus" / "documents")
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    for path in tmp_path.rglob("*"):
        path.chmod(0o644 if path.is_file() else 0o755)
    settings = Settings.from_env(
        corpus_dir=tmp_path / "corpus", seeds_dir=tmp_path / "seeds", index_dir=tmp_path / "index"
    )
    build_index(settings)
    return settings


def _env(settings: Settings, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "ASSISTANT_CORPUS_DIR": str(settings.corpus_dir),
        "ASSISTANT_SEEDS_DIR": str(settings.seeds_dir),
        "ASSISTANT_INDEX_DIR": str(settings.index_dir),
        **extra,
    }


def _change_corpus(settings: Settings) -> None:
    doc = settings.corpus_dir / "documents" / "beregningsutvalget-2016.md"
    doc.write_text(
        doc.read_text(encoding="utf-8") + "\nEt nytt avsnitt om Beregningsutvalget "
        "og dekningsgraden for integreringstilskuddet.\n",
        encoding="utf-8",
    )


def test_missing_database_file_names_the_file_and_the_fix(small) -> None:
    (small.index_dir / CURRENT / DATABASE).unlink()
    with pytest.raises(IndexProblem, match=rf"{DATABASE}.*assistant index --force"):
        load_index(small)


def test_damaged_manifest_names_the_file_and_the_fix(small) -> None:
    (small.index_dir / CURRENT / MANIFEST).write_text("{not json")
    with pytest.raises(IndexProblem, match=rf"{MANIFEST}.*damaged.*--force"):
        load_index(small)


def test_missing_lexical_index_names_the_folder(small) -> None:
    shutil.rmtree(small.index_dir / CURRENT / LEXICAL_DIR)
    with pytest.raises(IndexProblem, match=LEXICAL_DIR):
        load_index(small)


def test_index_for_another_corpus_is_refused_until_rebuilt(small) -> None:
    _change_corpus(small)
    with pytest.raises(IndexProblem, match="another corpus"):
        load_index(small)


def test_server_refuses_to_start_without_an_index(tmp_path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", "serve", "--port", "1"],
        env={**os.environ, "ASSISTANT_INDEX_DIR": str(tmp_path / "none")},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "assistant index" in proc.stderr and "Traceback" not in proc.stderr


def test_killed_build_leaves_the_previous_index_serving(small) -> None:
    before = (small.index_dir / CURRENT).resolve()
    _change_corpus(small)
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant", "index"],
        env=_env(small),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    builds = small.index_dir / "builds"
    deadline = time.time() + 60
    while time.time() < deadline and not any(p.name.startswith(".tmp-") for p in builds.iterdir()):
        time.sleep(0.05)
    time.sleep(1.0)  # well into the build: the model is loading or passages are embedding
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    assert (small.index_dir / CURRENT).resolve() == before
    index = load_index(small, require_current=False)
    assert index.manifest["counts"]["passages"] > 0
    index.close()
    assert build_index(small).rebuilt  # the next build completes and takes over
    assert (small.index_dir / CURRENT).resolve() != before


def _post(base: str, text: str) -> int:
    try:
        return httpx.post(base + "/api/ask", json={"input": text}, timeout=30).status_code
    except httpx.HTTPError:
        return 0


def test_rebuild_while_serving_swaps_the_index_without_dropping_requests(small) -> None:
    from assistant.bench.web import Server

    server = Server(env={**_env(small), "ASSISTANT_ADMIN_TOKEN": "s3cret"})
    try:
        old_key = httpx.get(server.base + "/healthz").json()["index"]
        codes: list[int] = []
        stop = threading.Event()

        def load() -> None:
            while not stop.is_set():
                codes.append(
                    _post(
                        server.base,
                        "Hvor stor del av utgiftene dekket integreringstilskuddet i 2016?",
                    )
                )

        threads = [threading.Thread(target=load) for _ in range(3)]
        for t in threads:
            t.start()
        _change_corpus(small)
        new_key = build_index(small).key
        denied = httpx.post(server.base + "/admin/reload", headers={"authorization": "Bearer x"})
        reply = httpx.post(
            server.base + "/admin/reload", headers={"authorization": "Bearer s3cret"}, timeout=60
        )
        time.sleep(0.5)
        stop.set()
        for t in threads:
            t.join()
        assert denied.status_code == 401
        assert reply.json() == {"status": "reloaded", "index": new_key, "previous": old_key}
        assert httpx.get(server.base + "/healthz").json()["index"] == new_key
        assert codes and set(codes) == {200}
    finally:
        server.stop()


def test_sighup_reloads_the_index(small) -> None:
    from assistant.bench.web import Server

    server = Server(env=_env(small))
    try:
        _change_corpus(small)
        new_key = build_index(small).key
        os.kill(server.proc.pid, signal.SIGHUP)
        deadline = time.time() + 60
        while time.time() < deadline:
            if httpx.get(server.base + "/healthz").json()["index"] == new_key:
                break
            time.sleep(0.2)
        assert httpx.get(server.base + "/healthz").json()["index"] == new_key
        assert httpx.post(server.base + "/admin/reload").status_code == 404  # no token set
    finally:
        server.stop()


def test_server_survives_clients_that_hang_up(built_settings) -> None:
    from assistant.bench.web import Server

    server = Server(env={"ASSISTANT_INDEX_DIR": str(built_settings.index_dir)})
    try:
        body = json.dumps({"input": "Hvor mange deltok i introduksjonsprogrammet i 2018?"})
        for cut in ("headers", "body", "response"):
            s = socket.create_connection(("127.0.0.1", server.port))
            head = (
                f"POST /api/ask HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                f"application/json\r\nContent-Length: {len(body)}\r\n"
            )
            if cut == "headers":
                s.sendall(head.encode())
            elif cut == "body":
                s.sendall((head + "\r\n" + body[:10]).encode())
            else:
                s.sendall((head + "\r\n" + body).encode())
            s.close()
        time.sleep(0.5)
        assert _post(server.base, "Hvor mange deltok i introduksjonsprogrammet i 2018?") == 200
        assert server.proc.poll() is None
    finally:
        server.stop()
