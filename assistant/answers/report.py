"""A fact-check report in Markdown, ready to publish: claim, verdict, reason, figures, sources."""

from __future__ import annotations

from ..text.format import human_date, number
from .models import STANCE_LABELS, VERDICT_LABELS
from .render import stance_groups
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
            f"{s['claims']} påstander funnet og sjekket. {s.get('not_checkable', 0)} setninger kan "
            f"ikke sjekkes ({s['opinions']} meninger, {s['forecasts']} prognoser, "
            f"{s.get('self_references', 0)} om teksten selv); de er markert, men telles ikke "
            "som uavklarte."
        )
        if nb
        else (
            f"{s['claims']} claims found and checked. {s.get('not_checkable', 0)} sentences "
            f"cannot be checked ({s['opinions']} opinions, {s['forecasts']} forecasts, "
            f"{s.get('self_references', 0)} about the text itself); they are marked, not "
            "counted as unresolved."
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
        if r.match:
            lines.append(
                f"\n{'Sjekket påstand' if nb else 'Checked claim'}: {_md(r.match.claim)}"
                + (" (motsatt)" if nb and r.match.negated else "")
                + (" (the opposite)" if not nb and r.match.negated else "")
            )
        if r.figures:
            lines += ["", "Tall:" if nb else "Figures:", ""]
            for f in r.figures:
                value = f.value_text or number(f.value, lang)
                lines.append(
                    f"- {_md(value)}: {_md(f.label)} ({_md(f.publisher)}, "
                    f"{human_date(f.as_of, lang)})"
                )
        for stance, group in stance_groups(r.citations):
            lines += ["", f"{STANCE_LABELS[stance][lang]}:", ""]
            for cite in group:
                lines.append(
                    f"{cite.n}. {_md(cite.attribution or cite.publisher)}: {_md(cite.title)} "
                    f"<{cite.url}>"
                )
    return "\n".join(lines) + "\n"
