"""Retrieval benchmark over the development questions: R@1, R@3 and MRR per mode and language.

A retrieved passage counts as right when it contains one of the question's ``gold_any``
strings (case-insensitive). Two scopes are reported: the op-ed alone (the passages the gold
strings were written for) and the whole corpus, where a summary passage can be equally good
evidence; for the whole corpus, extra gold strings may be listed in a separate file
(``questions_corpus_gold.jsonl`` beside this module), as the eval README asks.
"""

from __future__ import annotations

import json
import platform
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..retrieval.hybrid import MODES, dense_scores, rank
from ..text.stems import tokenize

OPED_ID = "ks-2017-hva-er-god-integrering"
WIDENED_GOLD = Path(__file__).with_name("questions_corpus_gold.jsonl")


@dataclass
class Score:
    n: int
    r1: float
    r3: float
    mrr: float


def _load_jsonl(path: Path) -> list[dict]:
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def _score(first_hits: list[int | None]) -> Score:
    n = len(first_hits)
    if n == 0:
        return Score(0, 0.0, 0.0, 0.0)
    r1 = sum(1 for r in first_hits if r is not None and r <= 1) / n
    r3 = sum(1 for r in first_hits if r is not None and r <= 3) / n
    mrr = sum(1.0 / r for r in first_hits if r is not None) / n
    return Score(n, r1, r3, mrr)


def run_retrieval_benchmark(index, questions_path: Path) -> dict:
    questions = _load_jsonl(questions_path)
    widened = (
        {q["id"]: q["gold_any"] for q in _load_jsonl(WIDENED_GOLD)}
        if WIDENED_GOLD.is_file()
        else {}
    )
    t = time.perf_counter()
    vectors = index.embedder.embed_queries([q["question"] for q in questions])
    embed_ms = (time.perf_counter() - t) * 1000 / max(1, len(questions))
    scopes = {
        "op-ed": [i for i, p in enumerate(index.passages) if p.doc_id == OPED_ID],
        "corpus": list(range(len(index.passages))),
    }
    results: dict = {
        "scopes": {},
        "embed_ms_per_query": embed_ms,
        "passages": {s: len(ix) for s, ix in scopes.items()},
    }
    misses: list[str] = []
    for scope, rows in scopes.items():
        passages = [index.passages[i] for i in rows]
        per: dict[tuple[str, str], list[int | None]] = {}
        for q, vec in zip(questions, vectors, strict=True):
            gold = [g.lower() for g in q["gold_any"]]
            if scope == "corpus":
                gold += [g.lower() for g in widened.get(q["id"], [])]
            tokens = tokenize(q["question"])
            lexical = index.lexical.scores(tokens)[rows]
            dense = dense_scores(index.vectors, vec, limit=len(index.passages))[rows]
            coverage = index.lexical.coverage(tokens)
            for mode in MODES:
                hits = rank(passages, dense, lexical, coverage, k=len(passages), mode=mode)
                first = next(
                    (h.rank for h in hits if any(g in h.passage.text.lower() for g in gold)), None
                )
                for lang in (q["lang"], "all"):
                    per.setdefault((mode, lang), []).append(first)
                if mode == "hybrid" and (first is None or first > 3):
                    misses.append(f"{scope}/{q['id']}: first right passage at {first}")
        results["scopes"][scope] = {key: _score(v) for key, v in per.items()}
    results["misses"] = misses
    results["questions"] = len(questions)
    return results


def render_markdown(result: dict) -> str:
    lines = [
        f"Retrieval on the development questions ({result['questions']} questions; "
        f"measured {date.today().isoformat()}, Python {platform.python_version()}, "
        f"query embedding {result['embed_ms_per_query']:.1f} ms/question).",
        "",
        "Reproduce: `make index && .venv/bin/assistant bench retrieval`",
        "",
    ]
    for scope, scores in result["scopes"].items():
        lines += [
            f"**Scope: {scope}** ({result['passages'][scope]} passages)",
            "",
            "| mode | lang | n | R@1 | R@3 | MRR |",
            "|---|---|---|---|---|---|",
        ]
        for (mode, lang), s in sorted(
            scores.items(), key=lambda kv: (MODES.index(kv[0][0]), kv[0][1] != "all", kv[0][1])
        ):
            lines.append(f"| {mode} | {lang} | {s.n} | {s.r1:.3f} | {s.r3:.3f} | {s.mrr:.3f} |")
        lines.append("")
    if result["misses"]:
        lines += ["Hybrid misses (right passage not in the top 3):", ""]
        lines += [f"- {m}" for m in result["misses"]]
    return "\n".join(lines) + "\n"


__all__ = ["render_markdown", "run_retrieval_benchmark"]
