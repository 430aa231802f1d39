"""``assistant bench matching``: how well claim matching finds the checked claim an input is
about, measured on paraphrases and near misses written by someone who never saw the register
(``tests/data/register-paraphrases.jsonl``, gold in ``…-gold.json``), over a sweep of the
acceptance threshold.

- precision: of the inputs matched, the share matched to a right entry;
- recall: of the paraphrases of a checked claim, the share matched to a right entry;
- polarity: of the right matches whose gold polarity is known, the share read right;
- confident errors: matches to a wrong entry, or with the wrong polarity, whose verdict would
  settle the input (a wrong verdict shown as an answer).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..answers.pipeline import find_matches
from ..claims import matching

DATA = Path(__file__).resolve().parent.parent.parent / "tests" / "data"
THRESHOLDS = (0.86, 0.87, 0.88, 0.89, 0.90, 0.91, 0.92, 0.93, 0.94, 0.95)


@dataclass
class Row:
    threshold: float
    matched: int
    right: int
    positives: int
    polarity_right: int
    polarity_known: int
    confident_errors: int

    @property
    def precision(self) -> float:
        return self.right / self.matched if self.matched else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.positives if self.positives else 0.0


def _load(data: Path) -> tuple[list[dict], dict]:
    items = [
        json.loads(x)
        for x in (data / "register-paraphrases.jsonl").read_text(encoding="utf-8").splitlines()
        if x.strip()
    ]
    gold = json.loads((data / "register-paraphrases-gold.json").read_text(encoding="utf-8"))
    return items, gold["gold"]


def run_matching_benchmark(index, data: Path = DATA) -> dict:
    items, gold = _load(data)
    scored = []
    for item in items:
        found = find_matches(index, item["text"], item["lang"])
        scored.append((item, found[0] if found else None))
    rows = []
    saved = matching.MATCH_THRESHOLD
    try:
        for threshold in THRESHOLDS:
            matching.MATCH_THRESHOLD = threshold
            row = Row(threshold, 0, 0, 0, 0, 0, 0)
            for item, top in scored:
                wanted = gold.get(item["text"], [])
                if wanted:
                    row.positives += 1
                if top is None or not top.accepted or not top.applies:
                    continue
                row.matched += 1
                hit = next((g for g in wanted if g["entry"] == top.entry.id), None)
                if hit is None:
                    row.confident_errors += top.entry.settles
                    continue
                row.right += 1
                if hit["negated"] is not None:
                    row.polarity_known += 1
                    if hit["negated"] == top.negated:
                        row.polarity_right += 1
                    elif top.entry.settles:
                        row.confident_errors += 1
            rows.append(row)
    finally:
        matching.MATCH_THRESHOLD = saved
    misses = [
        (item["text"], top.entry.id if top else None, round(top.score, 3) if top else None)
        for item, top in scored
        if gold.get(item["text"])
        and (top is None or top.entry.id not in {g["entry"] for g in gold[item["text"]]})
    ]
    return {"rows": rows, "chosen": saved, "items": len(items), "misses": misses}


def render_markdown(result: dict) -> str:
    lines = [
        f"Claim matching on {result['items']} paraphrases and near misses written apart from "
        "the register "
        "(reproduce: `.venv/bin/assistant bench matching`). The threshold in use is "
        f"{result['chosen']:.2f}.",
        "",
        "| threshold | matched | precision | recall | polarity right | confident errors |",
        "|---|---|---|---|---|---|",
    ]
    for r in result["rows"]:
        mark = " (in use)" if abs(r.threshold - result["chosen"]) < 1e-9 else ""
        lines.append(
            f"| {r.threshold:.2f}{mark} | {r.matched} | {r.precision:.2f} | {r.recall:.2f} | "
            f"{r.polarity_right}/{r.polarity_known} | {r.confident_errors} |"
        )
    return "\n".join(lines) + "\n"
