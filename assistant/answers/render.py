"""Plain-text rendering of a result, for the terminal and for pasting into an article: the
short answer first, then the figures with their source, then the sources grouped by what they
do for the claim (supports, contradicts, background)."""

from __future__ import annotations

from ..text.format import human_date, number
from .models import STANCE_LABELS, STATUS_LABELS, VERDICT_LABELS, Citation, Result

STANCE_ORDER = ("supports", "contradicts", "context")


def stance_groups(citations: list[Citation]) -> list[tuple[str, list[Citation]]]:
    """Citations grouped by stance, in the order a debate brief reads them."""
    return [
        (stance, [c for c in citations if c.stance == stance])
        for stance in STANCE_ORDER
        if any(c.stance == stance for c in citations)
    ]


def render_text(result: Result) -> str:
    lang = result.language
    nb = lang == "nb"
    lines = []
    if result.mode == "claim":
        lines.append(("Påstand: " if nb else "Claim: ") + result.input)
    else:
        lines.append(("Spørsmål: " if nb else "Question: ") + result.input)
    if result.context:
        lines.append(("Lest sammen med: " if nb else "Read with: ") + result.context)
    if result.verdict:
        label = VERDICT_LABELS[result.verdict][lang]
        if not result.checkable:
            label = "IKKE SJEKKBAR" if nb else "NOT CHECKABLE"
        lines.append(("Vurdering: " if nb else "Verdict: ") + label.upper())
    if result.match:
        m = result.match
        lines.append(
            ("Sjekket påstand: " if nb else "Checked claim: ")
            + m.claim
            + (" (motsatt)" if nb and m.negated else " (the opposite)" if m.negated else "")
        )
    lines += ["", result.answer]
    if result.notes:
        lines += ["", *(f"! {n}" for n in result.notes)]
    if result.figures:
        lines += ["", "Tall (beregnet)" if nb else "Figures (computed)"]
        for f in result.figures:
            value = f.value_text or number(f.value, lang)
            status = f" · {STATUS_LABELS[f.status][lang]}" if f.status else ""
            lines.append(
                f"  {value} · {f.label} · {f.publisher}, {human_date(f.as_of, lang)}{status}"
            )
    for stance, group in stance_groups(result.citations):
        lines += ["", STANCE_LABELS[stance][lang]]
        for c in group:
            lines.append(f"  [{c.n}] {c.attribution or c.publisher}: {c.title} {c.url}")
    if result.related:
        lines += ["", "Beslektede sjekkede påstander" if nb else "Related checked claims"]
        for m in result.related:
            lines.append(f"  - {m.claim} ({VERDICT_LABELS[m.verdict][lang].lower()})")
    return "\n".join(lines) + "\n"
