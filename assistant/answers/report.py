"""A fact-check report in Markdown, ready to publish: claim, verdict, reason, figures, sources."""

from __future__ import annotations

from .models import VERDICT_LABELS
from .textcheck import TextReport


def _md(text: str) -> str:
    """Text that Markdown will not read as markup."""
    for ch in ("\\", "*", "_", "`", "[", "]", "<", ">", "#", "|"):
        text = text.replace(ch, "\\" + ch)
    return " ".join(text.split())


def render_markdown(report: TextReport, lang: str = "nb") -> str:
    nb = lang == "nb"
    s = report.summary
    lines = [f"# {'Faktasjekk' if nb else 'Fact check'}: {_md(report.title)}", ""]
    if report.as_of:
        lines.append(
            (
                "Sjekket mot kilder publisert til og med "
                if nb
                else "Checked against sources published up to "
            )
            + report.as_of
            + "."
        )
    lines.append(
        (
            f"{s['claims']} påstander funnet og sjekket; {s['opinions']} meninger og "
            f"{s['forecasts']} prognoser er markert, men ikke sjekket."
        )
        if nb
        else (
            f"{s['claims']} claims found and checked; {s['opinions']} opinions and "
            f"{s['forecasts']} forecasts are marked but not checked."
        )
    )
    lines += [
        "",
        "| # | " + ("Påstand | Vurdering" if nb else "Claim | Verdict") + " |",
        "|---|---|---|",
    ]
    for c in report.claims:
        verdict = VERDICT_LABELS[c.result.verdict or "not_enough_evidence"][lang]
        lines.append(f"| {c.n} | {_md(c.text)} | {verdict} |")
    for c in report.claims:
        r = c.result
        verdict = VERDICT_LABELS[r.verdict or "not_enough_evidence"][lang]
        lines += [
            "",
            f"## {c.n}. «{_md(c.text)}»",
            "",
            f"**{'Vurdering' if nb else 'Verdict'}:** {verdict}. {_md(r.reason or '')}",
        ]
        for note in r.notes:
            lines.append(f"\n> {_md(note)}")
        if r.figures:
            lines += ["", "Tall:" if nb else "Figures:", ""]
            for f in r.figures:
                lines.append(f"- {f.value:g} {f.unit}: {_md(f.label)} ({_md(f.table)}, {f.as_of})")
        if r.citations:
            lines += ["", "Kilder:" if nb else "Sources:", ""]
            for cite in r.citations:
                lines.append(
                    f"{cite.n}. {_md(cite.publisher)}: {_md(cite.title)} "
                    f"({cite.published}) <{cite.url}>"
                )
    return "\n".join(lines) + "\n"
