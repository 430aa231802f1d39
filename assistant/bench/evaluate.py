"""``assistant eval``: score the development sets end to end and time the answers.

- figures: one of the first three figures equals the expected value (and names the expected
  text, e.g. a county);
- claims: the verdict is one of the acceptable ones; abstention: every claim whose only
  acceptable verdict is not_enough_evidence gets it, with no citation;
- grounding: every number in every answer occurs in a figure or a cited passage;
- latency: warm, in-process, over all development inputs.
"""

from __future__ import annotations

import json
import statistics
import time
from datetime import date
from pathlib import Path

from ..answers.grounding import ungrounded_numbers
from ..answers.pipeline import respond
from ..answers.textcheck import check_text
from .retrieval import render_markdown as render_retrieval
from .retrieval import run_retrieval_benchmark


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def run_eval(index, eval_dir: Path) -> dict:
    out: dict = {"figures": [], "claims": [], "ungrounded": [], "latency_ms": []}
    for item in _jsonl(eval_dir / "figures.jsonl"):
        t = time.perf_counter()
        result = respond(index, item["question"])
        out["latency_ms"].append((time.perf_counter() - t) * 1000)
        values = [f.value for f in result.figures[:3]]
        ok = any(abs(v - item["value"]) <= item["tol"] for v in values)
        if item.get("text"):
            ok = ok and item["text"] in result.answer
        out["figures"].append((item["id"], ok, item["value"], values[:1]))
        out["ungrounded"] += [(item["id"], n) for n in ungrounded_numbers(result)]
    for item in _jsonl(eval_dir / "claims.jsonl"):
        t = time.perf_counter()
        result = respond(index, item["claim"], mode="claim")
        out["latency_ms"].append((time.perf_counter() - t) * 1000)
        abstain = item["ok"] == ["not_enough_evidence"]
        ok = result.verdict in item["ok"] and (not abstain or not result.citations)
        out["claims"].append((item["id"], ok, item["ok"], result.verdict, abstain))
        out["ungrounded"] += [(item["id"], n) for n in ungrounded_numbers(result)]
    for item in _jsonl(eval_dir / "questions.jsonl"):
        t = time.perf_counter()
        result = respond(index, item["question"])
        out["latency_ms"].append((time.perf_counter() - t) * 1000)
        out["ungrounded"] += [(item["id"], n) for n in ungrounded_numbers(result)]
    out["retrieval"] = run_retrieval_benchmark(index, eval_dir / "questions.jsonl")
    seed = index.settings.seeds_dir / "000_34f5e4093077e492.txt"
    if seed.is_file():
        text = seed.read_text(encoding="utf-8")
        check_text(index, text, as_of="2017-11-30")  # warm
        t = time.perf_counter()
        report = check_text(index, text, as_of="2017-11-30")
        out["textcheck"] = {
            "seconds": time.perf_counter() - t,
            "summary": report.summary,
            "sentences": len(report.sentences),
        }
    return out


def render_markdown(result: dict) -> str:
    figs, claims = result["figures"], result["claims"]
    abst = [c for c in claims if c[4]]
    lat = sorted(result["latency_ms"])
    p95 = lat[min(len(lat) - 1, round(0.95 * (len(lat) - 1)))]
    lines = [
        f"Development sets, measured {date.today().isoformat()} "
        "(reproduce: `make index && .venv/bin/assistant eval`).",
        "",
        "| what | score |",
        "|---|---|",
        f"| figures exact | {sum(f[1] for f in figs)}/{len(figs)} |",
        f"| claim verdicts acceptable | {sum(c[1] for c in claims)}/{len(claims)} |",
        f"| out-of-corpus claims abstained (no citation) | {sum(c[1] for c in abst)}/{len(abst)} |",
        f"| numbers in answers not found in a figure or cited passage | "
        f"{len(result['ungrounded'])} |",
        f"| warm in-process answer, p50 / p95 ({len(lat)} inputs) | "
        f"{statistics.median(lat):.0f} ms / {p95:.0f} ms |",
        "",
    ]
    wrong = [f for f in figs if not f[1]] + [c for c in claims if not c[1]]
    if wrong:
        lines += ["Misses:", ""] + [f"- {w}" for w in wrong] + [""]
    if result["ungrounded"]:
        lines += ["Ungrounded numbers:", ""] + [f"- {u}" for u in result["ungrounded"]] + [""]
    if "textcheck" in result:
        tc = result["textcheck"]
        s = tc["summary"]
        lines += [
            "Checking the seed op-ed as a whole text (as of 2017-11-30, warm): "
            f"{tc['sentences']} sentences, {s['claims']} claims checked, {s['opinions']} opinions "
            f"and {s['forecasts']} forecasts marked, {s['repeated_sentences']} repeated sentences "
            f"of the duplicated scrape skipped; {tc['seconds'] * 1000:.0f} ms. Verdicts: "
            + ", ".join(
                f"{k} {s.get(k, 0)}"
                for k in ("supported", "partly_supported", "contradicted", "not_enough_evidence")
            )
            + ".",
            "",
        ]
    lines += ["Retrieval:", "", render_retrieval(result["retrieval"])]
    return "\n".join(lines)
