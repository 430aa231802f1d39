"""How figures and keys are written in Norwegian and English. Pure functions."""

from __future__ import annotations

from ..corpus import Document
from ..figures.compute import ComputedFigure

#: what each kind of document is called in a citation ("Beregningsutvalgets rapport")
KIND_NOUNS = {
    "statistics_release": ("statistikk", "statistics release"),
    "report": ("rapport", "report"),
    "evaluation": ("evaluering", "evaluation"),
    "news": ("nyhetssak", "news report"),
    "opinion": ("meningsinnlegg", "opinion piece"),
    "statement": ("uttalelse", "statement"),
    "explainer": ("bakgrunnsartikkel", "explainer"),
}


def genitive_nb(name: str) -> str:
    """ "Beregningsutvalget" → "Beregningsutvalgets", "KS" → "KS'", "SSB" → "SSBs"."""
    return name + ("'" if name[-1:].lower() in ("s", "x", "z") else "s")


def genitive_en(name: str) -> str:
    return name + ("'" if name.endswith("s") and not name.isupper() else "'s")


def quoted(text: str, voice: str) -> str:
    """Quotation marks only around the source's own words; a summary is not a quotation."""
    return f"«{text}»" if voice == "verbatim" else text


def attribution(doc: Document, lang: str) -> str:
    """Whose words a passage is, as a reader should see it: a quotation only where the text
    is verbatim in the source; otherwise our summary of a named, dated source."""
    year = doc.published[:4]
    noun_nb, noun_en = KIND_NOUNS.get(doc.kind, ("kilde", "source"))
    if doc.voice == "verbatim":
        if lang == "nb":
            return f"Sitat fra {genitive_nb(doc.publisher)} {noun_nb} ({year})"
        return f"Quoted from {genitive_en(doc.publisher)} {noun_en} ({year})"
    if doc.voice == "explainer":
        if lang == "nb":
            return f"Bakgrunn skrevet av {doc.publisher} ({year}), med kilde for hvert faktum"
        return f"Background written by {doc.publisher} ({year}), each fact with its source"
    if lang == "nb":
        return f"Sammendrag av {genitive_nb(doc.publisher)} {noun_nb} ({year})"
    return f"Our summary of {genitive_en(doc.publisher)} {noun_en} ({year})"


def number(value: float, lang: str) -> str:
    """62 → "62", 92.3 → "92,3" (nb) / "92.3" (en), 4469 → "4 469" / "4,469"."""
    rounded = round(value, 1)
    if abs(rounded - round(rounded)) < 1e-9:
        whole = round(rounded)
        text = f"{whole:,}"
        return text.replace(",", "\u00a0") if lang == "nb" else text
    text = f"{rounded:.1f}"
    return text.replace(".", ",") if lang == "nb" else text


def with_unit(value: float, unit: str, lang: str) -> str:
    n = number(value, lang)
    return {
        ("percent", "nb"): f"{n} prosent",
        ("percent", "en"): f"{n} per cent",
        ("percentage_points", "nb"): f"{n} prosentpoeng",
        ("percentage_points", "en"): f"{n} percentage points",
        ("persons", "nb"): f"{n} personer",
        ("persons", "en"): f"{n} people",
        ("nok", "nb"): f"{n} kroner",
        ("nok", "en"): f"NOK {n}",
    }.get((unit, lang), n)


def label(fig: ComputedFigure, lang: str) -> str:
    return fig.measure.label_nb if lang == "nb" else fig.measure.label_en


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


_SEX = {"men": ("menn", "men"), "women": ("kvinner", "women")}


def scope(fig: ComputedFigure, lang: str) -> str:
    """Which row the figure is: the cohort, year, county or comparison, in words."""
    nb = lang == "nb"
    row, table = fig.row, fig.table.id
    sex = fig.params.get("sex", "all")
    who = ""
    if sex in _SEX:
        who = (" blant " if nb else " among ") + _SEX[sex][0 if nb else 1]
    m = fig.measure.id
    if m == "change":
        return (
            f"fra {row['from_cohort']}-kullet til {row['to_cohort']}-kullet"
            if nb
            else f"from the {row['from_cohort']} to the {row['to_cohort']} exit cohort"
        )
    if m in ("county_highest", "county_lowest"):
        return (
            f"{row['key']}, blant fylkene, for dem som avsluttet i {row['exit_year']}"
            if nb
            else f"{row['key']}, among the counties, for those who left in {row['exit_year']}"
        )
    if table.startswith("ssb_one_year"):
        cohort, status = row["key"], row.get("status_year") or int(row["key"]) + 1
        return (
            f"for dem som avsluttet programmet i {cohort}{who} (status i november {status})"
            if nb
            else f"for those who left the programme in {cohort}{who} (status in November {status})"
        )
    if table == "imdi_direct_transition_national":
        return (
            f"for dem som avsluttet i {row['key']}{who}"
            if nb
            else f"for those who ended the programme in {row['key']}{who}"
        )
    if table == "imdi_direct_transition_2016_by_county":
        return (
            f"i {row['key']} (avslutninger i {row.get('exit_year', 2016)})"
            if nb
            else f"in {row['key']} (exits in {row.get('exit_year', 2016)})"
        )
    if table.startswith("sweden"):
        return (
            f"i Sverige, {row['key']} ({row.get('period_description', '')})"
            if nb
            else f"in Sweden, {row['key']} ({row.get('period_description', '')})"
        )
    return f"i {row['key']}{who}" if nb else f"in {row['key']}{who}"


def qualifier_words(fig: ComputedFigure, lang: str) -> str:
    q = fig.row.get("qualifier")
    return {
        ("above", "nb"): "over ",
        ("above", "en"): "more than ",
        ("approx", "nb"): "om lag ",
        ("approx", "en"): "about ",
        ("approx_below", "nb"): "knapt ",
        ("approx_below", "en"): "just under ",
    }.get((q, lang), "")


def statement(fig: ComputedFigure, lang: str) -> str:
    """One sentence stating the figure with its definition, scope and source."""
    value = qualifier_words(fig, lang) + with_unit(fig.value or 0.0, fig.measure.unit, lang)
    source = f"{fig.table.publisher}, {fig.published}"
    if fig.measure.id == "gender_gap":
        men, women = fig.row["men_pct"], fig.row["women_pct"]
        if lang == "nb":
            return (
                f"Blant dem som avsluttet programmet i {fig.row['key']} var "
                f"{number(men, lang)} prosent av mennene og {number(women, lang)} prosent av "
                f"kvinnene i arbeid eller utdanning ett år etter, en forskjell på {value} "
                f"({source})."
            )
        return (
            f"Of those who left the programme in {fig.row['key']}, {number(men, lang)} per cent "
            f"of men and {number(women, lang)} per cent of women were in work or education a "
            f"year later, a gap of {value} ({source})."
        )
    if fig.measure.id in ("county_highest", "county_lowest"):
        high = fig.measure.id == "county_highest"
        if lang == "nb":
            word = "høyest" if high else "lavest"
            return (
                f"{fig.row['key']} hadde {word} andel blant fylkene som gikk direkte over til "
                f"arbeid eller utdanning av dem som avsluttet i {fig.row['exit_year']}: "
                f"{value} ({source})."
            )
        word = "highest" if high else "lowest"
        return (
            f"{fig.row['key']} had the {word} share among the counties going directly to work or "
            f"education of those who left in {fig.row['exit_year']}: {value} ({source})."
        )
    if fig.measure.id == "change":
        a, b = fig.row["from_pct"], fig.row["to_pct"]
        if lang == "nb":
            return (
                f"Andelen i arbeid eller utdanning ett år etter endret seg med {value} "
                f"{scope(fig, lang)}: fra {number(a, lang)} til {number(b, lang)} prosent "
                f"({source})."
            )
        return (
            f"The share in work or education one year after changed by {value} "
            f"{scope(fig, lang)}: from {number(a, lang)} to {number(b, lang)} per cent "
            f"({source})."
        )
    return f"{sentence_case(label(fig, lang))} {scope(fig, lang)}: {value} ({source})."
