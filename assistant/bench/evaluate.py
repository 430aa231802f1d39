"""``assistant eval``: score every development set end to end and time the answers.

- figures: one of the first three figures equals the expected value (and names the expected
  text, e.g. a county);
- claim sets (claims, claims-frames, claims-qualitative in ``../shared/eval``; our own frame
  claims and the held-out debate claims in ``tests/data``): acceptable verdicts, and
  **confident errors** apart: a verdict other than not_enough_evidence that is not acceptable,
  the worst bug a fact-checker can have;
- abstention: off-topic questions get no figure and no citation;
- grounding: every number in every answer occurs in a figure or a cited passage;
- the seed op-ed as a whole text, as of 2017-11-30: verdicts against facts.md §13;
- latency: warm, in-process, over all inputs.
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

DATA = Path(__file__).resolve().parent.parent.parent / "tests" / "data"
CLAIM_SETS = (
    ("claims", "shared"),
    ("claims-frames", "shared"),
    ("claims-qualitative", "shared"),
    ("claims-frames-local", "local"),
    ("heldout-claims", "local"),
    ("heldout-claims-2", "local"),
)


def _jsonl(path: Path) -> list[dict]:
    if not path.is_file():
        raise FileNotFoundError(f"{path}: development set missing")
    items = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    if not items:
        raise ValueError(f"{path}: development set is empty")
    return items


def _timed(out: dict, fn, *args, **kwargs):
    t = time.perf_counter()
    result = fn(*args, **kwargs)
    out["latency_ms"].append((time.perf_counter() - t) * 1000)
    return result


def run_eval(index, eval_dir: Path, data_dir: Path = DATA) -> dict:
    out: dict = {
        "figures": [],
        "sets": {},
        "abstain": [],
        "answered": [],
        "ungrounded": [],
        "latency_ms": [],
    }
    for item in _jsonl(eval_dir / "figures.jsonl"):
        result = _timed(out, respond, index, item["question"])
        values = [f.value for f in result.figures[:3]]
        ok = any(abs(v - item["value"]) <= item["tol"] for v in values)
        if item.get("text"):
            ok = ok and item["text"] in result.answer
        out["figures"].append((item.get("id", item["question"][:40]), ok))
        out["ungrounded"] += [(item["question"][:40], n) for n in ungrounded_numbers(result)]
    for name, where in CLAIM_SETS:
        folder = eval_dir if where == "shared" else data_dir
        rows = []
        for item in _jsonl(folder / f"{name}.jsonl"):
            result = _timed(out, respond, index, item["claim"], mode="claim")
            verdict = result.verdict if result.checkable else "not_enough_evidence"
            ok = verdict in item["ok"]
            if item["ok"] == ["not_enough_evidence"] and not result.checkable:
                ok = True
            confident = not ok and verdict != "not_enough_evidence"
            rows.append((item["claim"], ok, confident, verdict, item["ok"]))
            out["ungrounded"] += [(item["claim"][:40], n) for n in ungrounded_numbers(result)]
        out["sets"][name] = rows
    for item in _jsonl(eval_dir / "abstain.jsonl"):
        result = _timed(out, respond, index, item["question"])
        out["abstain"].append((item["question"], not result.figures and not result.citations))
    for item in _jsonl(eval_dir / "questions.jsonl"):
        result = _timed(out, respond, index, item["question"])
        out["ungrounded"] += [(item["question"][:40], n) for n in ungrounded_numbers(result)]
        out["answered"].append((item["question"], bool(result.figures or result.citations)))
    out["retrieval"] = run_retrieval_benchmark(index, eval_dir / "questions.jsonl")
    seed = index.settings.seeds_dir / "000_34f5e4093077e492.txt"
    if seed.is_file():
        text = seed.read_text(encoding="utf-8")
        check_text(index, text, as_of="2017-11-30")  # warm
        t = time.perf_counter()
        report = check_text(index, text, as_of="2017-11-30")
        out["textcheck"] = {"seconds": time.perf_counter() - t, "summary": report.summary}
    return out


def _rate(rows: list) -> str:
    ok = sum(r[1] for r in rows)
    return f"{ok}/{len(rows)} ({100 * ok / len(rows):.0f} %)"


def render_markdown(result: dict) -> str:
    lat = sorted(result["latency_ms"])
    p95 = lat[min(len(lat) - 1, round(0.95 * (len(lat) - 1)))]
    sets = result["sets"]
    lines = [
        f"Development sets, measured {date.today().isoformat()} "
        "(reproduce: `make index && .venv/bin/assistant eval`).",
        "",
        "| set | acceptable | confident errors |",
        "|---|---|---|",
        f"| figures exact (`figures.jsonl`) | {_rate(result['figures'])} | – |",
    ]
    for name, where in CLAIM_SETS:
        rows = sets[name]
        label = f"`{name}.jsonl`" + ("" if where == "shared" else " (tests/data)")
        lines.append(f"| {label} | {_rate(rows)} | {sum(r[2] for r in rows)} |")
    shared = [r for name, where in CLAIM_SETS if where == "shared" for r in sets[name]]
    lines += [
        f"| shared claim sets together | {_rate(shared)} | {sum(r[2] for r in shared)} |",
        f"| off-topic abstained, no figure and no citation (`abstain.jsonl`) | "
        f"{_rate(result['abstain'])} | – |",
        f"| dev questions answered, not abstained (`questions.jsonl`) | "
        f"{_rate(result['answered'])} | – |",
        f"| numbers in answers not found in a figure or cited passage | "
        f"{len(result['ungrounded'])} | – |",
        f"| warm in-process answer, p50 / p95 ({len(lat)} inputs) | "
        f"{statistics.median(lat):.0f} ms / {p95:.0f} ms | – |",
        "",
    ]
    wrong = [r for rows in sets.values() for r in rows if not r[1]]
    if wrong:
        lines += ["Not acceptable (confident errors marked **!**):", ""]
        lines += [
            f"- {'**!** ' if r[2] else ''}{r[3]} (want {', '.join(r[4])}): {r[0]}" for r in wrong
        ]
        lines.append("")
    silent = [q for q, ok in result["answered"] if not ok]
    if silent:
        lines += ["Dev questions abstained:", ""] + [f"- {q}" for q in silent] + [""]
    if result["ungrounded"]:
        lines += ["Ungrounded numbers:", ""] + [f"- {u}" for u in result["ungrounded"]] + [""]
    if "textcheck" in result:
        tc = result["textcheck"]
        s = tc["summary"]
        lines += [
            "Checking the seed op-ed as a whole text (as of 2017-11-30, warm): "
            f"{s['sentences']} sentences, {s['claims']} claims checked, "
            f"{s.get('not_checkable', 0)} not checkable (opinions, forecasts, about the text "
            f"itself), {s['repeated_sentences']} repeated sentences of the duplicated scrape "
            f"skipped; {tc['seconds'] * 1000:.0f} ms. Verdicts: "
            + ", ".join(
                f"{k} {s.get(k, 0)}"
                for k in ("supported", "partly_supported", "contradicted", "not_enough_evidence")
            )
            + ".",
            "",
        ]
    lines += ["Retrieval:", "", render_retrieval(result["retrieval"])]
    return "\n".join(lines)
