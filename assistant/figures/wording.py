"""How a figure is written in Norwegian and English: numbers, units, which row it is (the
card's ``scope_nb``/``scope_en`` template) and the sentence that states it (the measure's
``statement_nb``/``statement_en``, or the generic sentence). Pure functions.
"""

from __future__ import annotations

from typing import Any

from ..corpus.cards import template
from ..corpus.models import Table
from ..text.format import human_date, number
from .compute import ComputedFigure

#: unit words; a Norwegian answer never shows an English unit
UNITS = {
    "percent": ("prosent", "per cent"),
    "percentage_points": ("prosentpoeng", "percentage points"),
    "persons": ("personer", "people"),
    "nok": ("kroner", "NOK"),
    "municipalities": ("kommuner", "municipalities"),
    "year": ("", ""),
}
_SEX = {"men": ("menn", "men"), "women": ("kvinner", "women")}
_QUALIFIERS = {
    "above": ("over ", "more than "),
    "below": ("under ", "less than "),
    "approx": ("om lag ", "about "),
    "approx_below": ("knapt ", "just under "),
    "approx_above": ("drøyt ", "just over "),
}


def t(lang: str, nb: str, en: str) -> str:
    return nb if lang == "nb" else en


def unit_word(unit: str, lang: str) -> str:
    nb, en = UNITS.get(unit, (unit, unit))
    return t(lang, nb, en)


def with_unit(value: float, unit: str, lang: str) -> str:
    n = number(value, lang)
    if unit == "nok" and lang == "en":
        return f"NOK {n}"
    word = unit_word(unit, lang)
    return f"{n} {word}" if word else n


def label(fig: ComputedFigure, lang: str) -> str:
    if fig.label_nb or fig.label_en:
        return t(lang, fig.label_nb, fig.label_en)
    return t(lang, fig.measure.label_nb, fig.measure.label_en)


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def among(sex: str, lang: str) -> str:
    """ " blant kvinner" / " among women", or nothing for everyone."""
    if sex not in _SEX:
        return ""
    return t(lang, " blant ", " among ") + _SEX[sex][0 if lang == "nb" else 1]


def sex_word(sex: str, lang: str) -> str:
    return _SEX[sex][0 if lang == "nb" else 1] if sex in _SEX else t(lang, "alle", "everyone")


def row_scope(table: Table, row: dict[str, Any], lang: str, sex: str = "all") -> str:
    """Which row ``row`` of ``table`` is, in words, from the card's scope template ("for dem
    som avsluttet programmet i 2014 (status i november 2015)"); empty for a row with no key."""
    if row.get("key") is None:
        return ""
    source = t(lang, table.scope_nb, table.scope_en)
    who = among(sex, lang)
    if not source:
        return t(lang, f"i {row['key']}", f"in {row['key']}") + who
    return " ".join(template(source).render(key=row["key"], row=row, among=who).split())


def scope_of(fig: ComputedFigure, row: dict[str, Any], lang: str, sex: str | None = None) -> str:
    """Which row ``row`` of the figure's table is (``sex`` overrides the figure's own: a
    comparison of men and women is about everyone's row)."""
    return row_scope(fig.table, row, lang, fig.request.sex if sex is None else sex)


def scope(fig: ComputedFigure, lang: str) -> str:
    return scope_of(fig, fig.row, lang)


def qualifier_words(row: dict[str, Any], lang: str) -> str:
    q = _QUALIFIERS.get(row.get("qualifier") or "")
    return t(lang, q[0], q[1]) if q else ""


def value_text(fig: ComputedFigure, lang: str, row: dict[str, Any] | None = None) -> str:
    """The value as a reader sees it: "over 90 prosent", "4 469 personer"."""
    row = row if row is not None else fig.row
    value = float(row["value"]) if row is not fig.row or fig.value is None else fig.value
    return qualifier_words(row, lang) + with_unit(value, fig.value_unit, lang)


def source(fig: ComputedFigure, lang: str = "nb") -> str:
    """Who published the row, and when: a table compiled from several sources names each
    row's own publisher (a ``source_publisher`` the measure's SQL returns)."""
    when = (
        human_date(fig.published_on, lang)
        if fig.published_on
        else t(lang, "dato ikke oppgitt", "date not given")
    )
    return f"{fig.row.get('source_publisher') or fig.table.publisher}, {when}"


def statement(fig: ComputedFigure, lang: str) -> str:
    """One sentence stating the figure with its scope and source."""
    custom = t(lang, fig.measure.statement_nb, fig.measure.statement_en)
    if custom and not fig.derivation:
        context = {
            "label": label(fig, lang),
            "scope": scope(fig, lang),
            "value": value_text(fig, lang),
            "source": source(fig, lang),
            "row": fig.row,
            "key": fig.key,
        }
        return " ".join(template(custom).render(**context).split())
    if fig.derivation:
        return f"{sentence_case(label(fig, lang))}: {value_text(fig, lang)} ({source(fig, lang)})."
    return (
        f"{sentence_case(label(fig, lang))} {scope(fig, lang)}: {value_text(fig, lang)} "
        f"({source(fig, lang)})."
    )


def definition(fig: ComputedFigure, lang: str) -> str:
    return t(lang, fig.measure.definition_nb, fig.measure.definition_en)
