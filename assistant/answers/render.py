"""Plain-text rendering of a result, for the terminal and for pasting into an article."""

from __future__ import annotations

from .models import VERDICT_LABELS, Result


def render_text(result: Result) -> str:
    nb = result.language == "nb"
    lines = []
    if result.mode == "claim":
        lines.append(("Påstand: " if nb else "Claim: ") + result.input)
    else:
        lines.append(("Spørsmål: " if nb else "Question: ") + result.input)
    if result.verdict:
        lines.append(
            ("Vurdering: " if nb else "Verdict: ")
            + VERDICT_LABELS[result.verdict][result.language].upper()
        )
    lines += ["", result.answer]
    if result.notes:
        lines += ["", *(f"! {n}" for n in result.notes)]
    if result.figures:
        lines += ["", "Tall (beregnet)" if nb else "Figures (computed)"]
        for f in result.figures:
            lines.append(f"  {f.value:g} {f.unit} · {f.label} · {f.table} · {f.as_of}")
    if result.citations:
        lines += ["", "Kilder" if nb else "Sources"]
        for c in result.citations:
            lines.append(f"  [{c.n}] {c.publisher}: {c.title} ({c.published}) {c.url}")
    return "\n".join(lines) + "\n"
