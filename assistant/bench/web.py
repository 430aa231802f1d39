"""Web benchmark: start ``assistant serve`` on loopback, time until it answers, then drive it
with concurrent clients from this (separate) process for a bounded time, and read the
server's resident memory. Only 127.0.0.1 is ever contacted.
"""

from __future__ import annotations

import itertools
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx


@dataclass
class LoadResult:
    clients: int
    seconds: float
    unique: bool = False
    ok: int = 0
    errors: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    status_counts: dict[int, int] = field(default_factory=dict)
    #: CPU seconds the load generator (this process) and the server spent during the run:
    #: on a 2-core machine both compete for the same cores, so both are reported
    client_cpu_s: float = 0.0
    server_cpu_s: float = 0.0

    def cpu_ms_per_answer(self, seconds: float) -> float:
        return seconds / self.ok * 1000 if self.ok else float("nan")

    @property
    def throughput(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0

    def pct(self, q: float) -> float:
        data = sorted(self.latencies_ms)
        if not data:
            return float("nan")
        return data[min(len(data) - 1, int(q * (len(data) - 1) + 0.5))]


def cpu_seconds(pid: int | None = None) -> float:
    """User + system CPU time of a process (this one when ``pid`` is None)."""
    if pid is None:
        t = os.times()
        return t.user + t.system
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    """Resident memory of a process (Linux /proc): all of it (``VmRSS``), or only its private
    memory (``RssAnon``), leaving out pages of memory-mapped files."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def dev_inputs(eval_dir: Path) -> list[tuple[str, str]]:
    """(path, input) pairs: the development questions and claims, a realistic mix."""
    items: list[tuple[str, str]] = []
    for name, key, path in (
        ("questions", "question", "/api/ask"),
        ("figures", "question", "/api/ask"),
        ("claims", "claim", "/api/check"),
    ):
        file = eval_dir / f"{name}.jsonl"
        if file.exists():
            for line in file.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    items.append((path, json.loads(line)[key]))
    return items or [("/api/ask", "Hvor mange deltok i introduksjonsprogrammet i 2018?")]


def _suffix(n: int) -> str:
    """Letters only (a number would be read as part of a claim)."""
    letters = ""
    while True:
        n, r = divmod(n, 26)
        letters += chr(97 + r)
        if n == 0:
            return f" ({letters})"


#: suffixes already handed out in this process: a later run must not repeat an earlier one's
_unique_counter = itertools.count()


def run_load(
    base: str,
    inputs: list[tuple[str, str]],
    clients: int,
    seconds: float,
    unique: bool = False,
    server_pid: int | None = None,
) -> LoadResult:
    """``clients`` threads, each sending one request at a time, until ``seconds`` pass.

    With ``unique`` every input gets a letter suffix never sent before by this process, so no
    answer is served from the query cache: the worst case, every question embedded afresh.
    """
    result = LoadResult(clients, seconds, unique)
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def worker(offset: int) -> None:
        i = offset
        with httpx.Client(base_url=base, timeout=30) as client:
            while time.perf_counter() < stop:
                path, text = inputs[i % len(inputs)]
                if unique:
                    text += _suffix(next(_unique_counter))
                i += clients
                t = time.perf_counter()
                try:
                    status = client.post(path, json={"input": text}).status_code
                except httpx.HTTPError:
                    status = 0
                ms = (time.perf_counter() - t) * 1000
                with lock:
                    result.status_counts[status] = result.status_counts.get(status, 0) + 1
                    if status == 200:
                        result.ok += 1
                        result.latencies_ms.append(ms)
                    else:
                        result.errors += 1

    started = time.perf_counter()
    client_cpu = cpu_seconds()
    server_cpu = cpu_seconds(server_pid) if server_pid else 0.0
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(clients)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    result.seconds = time.perf_counter() - started
    result.client_cpu_s = cpu_seconds() - client_cpu
    if server_pid:
        result.server_cpu_s = cpu_seconds(server_pid) - server_cpu
    return result


class Server:
    """``assistant serve`` in a child process on a free loopback port."""

    def __init__(self, env: dict[str, str] | None = None) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        full_env = dict(os.environ, ASSISTANT_RATE_LIMIT="100000/minute", **(env or {}))
        self.started = time.perf_counter()
        # the access log goes to a file: an unread pipe would fill up and stall the server
        self.log = tempfile.NamedTemporaryFile(prefix="assistant-serve-", suffix=".log")  # noqa: SIM115 - lives as long as the server
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "assistant", "serve", "--port", str(self.port)],
            env=full_env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.ready_s = self._wait()

    def _wait(self, timeout: float = 120) -> float:
        while time.perf_counter() - self.started < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(Path(self.log.name).read_text(errors="replace"))
            try:
                if httpx.get(self.base + "/healthz", timeout=1).status_code == 200:
                    return time.perf_counter() - self.started
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("the server did not become ready")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()


def soak(
    base: str,
    pid: int,
    inputs: list[tuple[str, str]],
    seconds: float,
    clients: int = 8,
    every: float = 10.0,
) -> dict:
    """Unique inputs from ``clients`` clients for ``seconds``; memory every ``every`` s.

    Growth is measured from the first sample (after one interval of warm-up), so one-off
    allocations (caches filling, first requests) do not count as a leak. A leak shows in the
    process's private memory (``RssAnon``). The resident total also grows as new questions read
    rows of the memory-mapped token table for the first time: those pages belong to a file,
    are shared between processes and can be dropped by the kernel, and they stop at the file's
    size. Both are reported.
    """
    samples: list[tuple[float, float, float]] = []  # seconds, resident MB, private MB
    done = threading.Event()

    def sample() -> None:
        start = time.perf_counter()
        while not done.wait(every):
            samples.append((time.perf_counter() - start, rss_mb(pid), rss_mb(pid, "RssAnon")))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    load = run_load(base, inputs, clients, seconds, unique=True)
    done.set()
    sampler.join()
    if not samples:
        samples.append((load.seconds, rss_mb(pid), rss_mb(pid, "RssAnon")))
    first, last = samples[0], samples[-1]
    return {
        "seconds": load.seconds,
        "answers": load.ok,
        "errors": load.errors,
        "samples": samples,
        "baseline_mb": first[1],
        "final_mb": last[1],
        "peak_mb": max(s[1] for s in samples),
        "growth_pct": (last[1] - first[1]) / first[1] * 100,
        "private_baseline_mb": first[2],
        "private_final_mb": last[2],
        "private_growth_pct": (last[2] - first[2]) / first[2] * 100,
    }


def run_web_benchmark(
    eval_dir: Path,
    clients: list[int],
    seconds: float,
    env: dict[str, str] | None = None,
    soak_seconds: float = 0.0,
) -> dict:
    server = Server(env)
    try:
        inputs = dev_inputs(eval_dir)
        # one answer first, so the first timed request does not pay for warm-up
        httpx.post(server.base + "/api/ask", json={"input": inputs[0][1]}, timeout=30)
        ready = server.ready_s
        rss_start = rss_mb(server.proc.pid)
        pid = server.proc.pid
        runs = [run_load(server.base, inputs, n, seconds, True, pid) for n in clients]
        runs += [run_load(server.base, inputs, n, seconds, False, pid) for n in clients]
        rss_end = rss_mb(server.proc.pid)
        soaked = soak(server.base, server.proc.pid, inputs, soak_seconds) if soak_seconds else None
    finally:
        server.stop()
    return {
        "ready_s": ready,
        "rss_start_mb": rss_start,
        "rss_end_mb": rss_end,
        "runs": runs,
        "inputs": len(inputs),
        "soak": soaked,
    }


def render_markdown(result: dict) -> str:
    lines = [
        f"Web, measured {time.strftime('%Y-%m-%d')} on this machine ({os.cpu_count()} cores): "
        f"`assistant serve` on loopback, load from a second process, {result['inputs']} "
        "development questions and claims in rotation. *unique*: every input made distinct, so "
        "each one is embedded afresh; *repeated*: the same inputs again, as readers of a news "
        "site do, so query vectors come from the cache (`ASSISTANT_QUERY_CACHE`).",
        "",
        "Reproduce: `make index && .venv/bin/assistant bench web --clients 1,8,32 --seconds 30 "
        "--soak-minutes 5`",
        "",
        f"- ready to answer after start: {result['ready_s']:.1f} s",
        f"- resident memory: {result['rss_start_mb']:.0f} MB after start, "
        f"{result['rss_end_mb']:.0f} MB after the load",
        "",
        "| inputs | clients | seconds | answers/s | p50 ms | p95 ms | p99 ms | errors "
        "| server CPU ms/answer | load generator CPU ms/answer |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in result["runs"]:
        kind = "unique" if r.unique else "repeated"
        lines.append(
            f"| {kind} | {r.clients} | {r.seconds:.0f} | {r.throughput:.1f} | {r.pct(0.5):.0f} | "
            f"{r.pct(0.95):.0f} | {r.pct(0.99):.0f} | {r.errors} | "
            f"{r.cpu_ms_per_answer(r.server_cpu_s):.1f} | "
            f"{r.cpu_ms_per_answer(r.client_cpu_s):.1f} |"
        )
    if result.get("soak"):
        sk = result["soak"]
        lines += [
            "",
            f"Soak: {sk['seconds'] / 60:.1f} min of unique inputs from 8 clients, "
            f"{sk['answers']} answers, {sk['errors']} errors. Private memory (`RssAnon`, where a "
            f"leak would show) {sk['private_baseline_mb']:.0f} MB after the first 10 s, "
            f"{sk['private_final_mb']:.0f} MB at the end: growth "
            f"{sk['private_growth_pct']:+.1f} %. Resident in all {sk['baseline_mb']:.0f} → "
            f"{sk['final_mb']:.0f} MB (peak {sk['peak_mb']:.0f} MB, {sk['growth_pct']:+.1f} %): "
            "the difference is pages of the memory-mapped token table read for the first time "
            "(file-backed and shared, never more than the file).",
        ]
    return "\n".join(lines) + "\n"


__all__ = ["LoadResult", "Server", "render_markdown", "run_load", "run_web_benchmark", "soak"]
