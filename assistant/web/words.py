"""How the pages write numbers, units, dates and column names for a reader, in Norwegian or
English. Pure functions and tables: no index, no I/O.

The answer layer writes its own sentences; this module only formats what the web layer shows
around them (figure blocks, row tables, charts, source pages), so that a Norwegian page never
shows a column name, a table id or an English unit.
"""

from __future__ import annotations

from typing import Any

from ..text.format import MONTHS, human_date, number

__all__ = ["MONTHS", "human_date", "number"]  # the pages import these from here


#: a unit as a word after a number ("58 prosent")
UNIT_WORDS: dict[str, tuple[str, str]] = {
    "percent": ("prosent", "per cent"),
    "percentage_points": ("prosentpoeng", "percentage points"),
    "persons": ("personer", "people"),
    "nok": ("kroner", "NOK"),
    "municipalities": ("kommuner", "municipalities"),
}
#: a unit as the title of a chart's value axis or a column
UNIT_TITLES: dict[str, tuple[str, str]] = {
    "percent": ("Prosent", "Per cent"),
    "percentage_points": ("Prosentpoeng", "Percentage points"),
    "persons": ("Antall personer", "Number of people"),
    "nok": ("Kroner", "NOK"),
    "municipalities": ("Antall kommuner", "Number of municipalities"),
}
#: a unit as a short sign in a table cell
UNIT_SIGNS: dict[str, tuple[str, str]] = {
    "percent": ("%", "%"),
    "percentage_points": ("pp", "pp"),
    "nok": ("kr", "NOK"),
}

#: names a measure's SQL gives its results (docs/FIGURES.md, "The SQL contract"); every other
#: column is a table's own, and its card gives its header (label_nb, label_en)
RESULT_LABELS: dict[str, tuple[str, str]] = {
    "key": ("Rad", "Row"),
    "value": ("Verdi", "Value"),
    "qualifier": ("Presisering", "Qualifier"),
    "status": ("Status", "Status"),
    "precise_value": ("Presis verdi", "Precise value"),
    "derived_estimate": ("Beregnet anslag", "Calculated estimate"),
}

#: what a qualifier column says about its value, in words before the number
QUALIFIERS: dict[str, tuple[str, str]] = {
    "above": ("over", "more than"),
    "approx": ("om lag", "about"),
    "approx_below": ("knapt", "just under"),
}

#: what each kind of document is, for source lists and pages
KINDS: dict[str, tuple[str, str]] = {
    "statistics_release": ("statistikk", "statistics release"),
    "report": ("rapport", "report"),
    "evaluation": ("evaluering", "evaluation"),
    "news": ("nyhetssak", "news report"),
    "opinion": ("meningsinnlegg", "opinion piece"),
    "statement": ("uttalelse", "statement"),
    "explainer": ("bakgrunnsartikkel", "explainer"),
}
DATE_CERTAINTY: dict[str, tuple[str, str]] = {
    "approximate": ("omtrentlig dato", "approximate date"),
    "month": ("bare måned kjent", "month only"),
    "year": ("bare år kjent", "year only"),
    "unknown": ("ukjent dato", "date unknown"),
}
LANGUAGES: dict[str, tuple[str, str]] = {
    "nb": ("norsk", "Norwegian"),
    "nn": ("nynorsk", "Norwegian Nynorsk"),
    "en": ("engelsk", "English"),
    "sv": ("svensk", "Swedish"),
    "da": ("dansk", "Danish"),
}


def pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "nb" else pair[1]


def with_unit(value: float | int, unit: str, lang: str, qualifier: str | None = None) -> str:
    """58 → "58 prosent" / "58 per cent"; NOK in English reads "NOK 775,500"."""
    before = pick(QUALIFIERS[qualifier], lang) + " " if qualifier in QUALIFIERS else ""
    n = number(value, lang)
    if unit == "nok" and lang == "en":
        return f"{before}NOK {n}"
    word = UNIT_WORDS.get(unit)
    return f"{before}{n} {pick(word, lang)}" if word else f"{before}{n}"


def column_label(name: str, lang: str, table: Any = None) -> str:
    """A column's header for a reader: the card's label, or the generic name of a result."""
    column = table.column(name) if table is not None else None
    if column is not None and (column.label_nb or column.label_en):
        return column.label(lang)
    pair = RESULT_LABELS.get(name)
    if pair:
        return pick(pair, lang)
    return name.replace("_", " ").capitalize()


def cell(value: Any, unit: str, lang: str) -> str:
    """One table cell as a reader should see it."""
    if value is None or value == "":
        return ""
    if unit in ("year", "text") or isinstance(value, bool):
        return str(value)
    if unit == "date":
        return human_date(value, lang)
    if isinstance(value, (int, float)):
        sign = UNIT_SIGNS.get(unit)
        n = number(value, lang)
        if sign is None:
            return n
        if unit == "nok" and lang == "en":
            return f"NOK {n}"
        return f"{n}\u00a0{pick(sign, lang)}"
    return str(value)


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]
