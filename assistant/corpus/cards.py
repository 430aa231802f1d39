"""The parts of a table's card that say how its measures are reached, stated and judged.

A card (``corpus/tables/<id>.card.yaml``) declares, besides its columns and measures' SQL:

- ``reach``: the words that point to the table (``words`` with weights, ``requires``,
  ``excludes``), its time ``horizon`` (a lexicon horizon), a ``priority`` for ties, and
  ``places`` for a table about one place;
- ``dimensions``: ``year`` (the key column and what a bare or a tied year means),
  ``area`` (the key column whose values are place names);
- ``scope_nb``/``scope_en``: Jinja2 templates that say which row a figure is;
- ``goals``: targets a source sets for a measure;
- per measure: ``reach``, ``default``, ``by_sex``, ``confusable``, ``statement_nb``/``_en``,
  ``judge`` and ``note_nb``/``_en``.

Parsing is pure and the same at build time and when an index is loaded (the card is stored
with the index). Cross-checks against the lexicon and the documents are in
:func:`check_card_references`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from .errors import CorpusError
from .lexicon import Lexicon, compile_words
from .models import (
    AreaDimension,
    Column,
    Document,
    Goal,
    Measure,
    Reach,
    SeriesBreak,
    Table,
    YearDimension,
)

UNITS = (
    "year",
    "date",
    "percent",
    "percentage_points",
    "persons",
    "nok",
    "municipalities",
    "text",
)
_MEASURE_KEYS = {
    "label_nb",
    "label_en",
    "unit",
    "sql",
    "group",
    "definition_nb",
    "definition_en",
    "reach",
    "default",
    "by_sex",
    "confusable",
    "statement_nb",
    "statement_en",
    "judge",
    "note_nb",
    "note_en",
    "qualifiers",
    "select",  # accepted for older cards: every measure now selects by key
}
_JUDGE_KEYS = ("exact", "nearly", "about", "equal_gap", "persons_about")


@lru_cache(maxsize=512)
def template(source: str):
    """A compiled Jinja2 template (sandboxed: cards are data, not code)."""
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(autoescape=False, keep_trailing_newline=False)
    return env.from_string(source)


def _check_template(source: str, where: str, what: str) -> str:
    if not source:
        return ""
    from jinja2 import TemplateSyntaxError

    try:
        template(source)
    except TemplateSyntaxError as exc:
        raise CorpusError(where, f"{what}: not a valid Jinja2 template: {exc}") from exc
    return source


def parse_reach(spec: Any, where: str, what: str) -> Reach:
    if spec is None:
        return Reach()
    if not isinstance(spec, dict):
        raise CorpusError(where, f"{what}: 'reach' must be a mapping")
    words = spec.get("words") or {}
    if not isinstance(words, dict):
        raise CorpusError(where, f"{what}: reach.words must map a pattern or @concept to a weight")
    pairs = []
    for pattern, weight in words.items():
        if not isinstance(weight, (int, float)):
            raise CorpusError(where, f"{what}: reach.words {pattern!r} needs a number as weight")
        pairs.append((str(pattern), float(weight)))

    def listed(key: str) -> list:
        value = spec.get(key) or []
        if not isinstance(value, list):
            raise CorpusError(where, f"{what}: reach.{key} must be a list")
        return value

    requires = tuple(
        tuple(str(p) for p in g) if isinstance(g, list) else (str(g),) for g in listed("requires")
    )
    reach = Reach(tuple(pairs), requires, tuple(str(v) for v in listed("excludes")))
    for pattern in reach.patterns():
        if not pattern.startswith("@"):
            compile_words(what, [pattern], where)
    return reach


def parse_measure(mid: str, spec: Any, where: str, units: tuple[str, ...] = UNITS) -> Measure:
    if not isinstance(spec, dict):
        raise CorpusError(where, f"measure {mid!r} must be a mapping")
    unknown = set(spec) - _MEASURE_KEYS
    if unknown:
        raise CorpusError(where, f"measure {mid!r} has unknown keys: {sorted(unknown)}")
    try:
        measure = Measure(
            id=str(mid),
            label_nb=str(spec["label_nb"]),
            label_en=str(spec["label_en"]),
            unit=str(spec["unit"]),
            sql=str(spec["sql"]).strip(),
            group=str(spec.get("group", "")),
            definition_nb=str(spec.get("definition_nb", "")),
            definition_en=str(spec.get("definition_en", "")),
            reach=parse_reach(spec.get("reach"), where, f"measure {mid!r}"),
            default=bool(spec.get("default", False)),
            by_sex=bool(spec.get("by_sex", False)),
            confusable=tuple(str(c) for c in spec.get("confusable") or ()),
            statement_nb=_check_template(
                str(spec.get("statement_nb", "")), where, f"measure {mid!r} statement_nb"
            ),
            statement_en=_check_template(
                str(spec.get("statement_en", "")), where, f"measure {mid!r} statement_en"
            ),
            judge=tuple((str(k), float(v)) for k, v in (spec.get("judge") or {}).items()),
            note_nb=str(spec.get("note_nb", "")),
            note_en=str(spec.get("note_en", "")),
            qualifiers=tuple(str(q) for q in spec.get("qualifiers") or ()),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise CorpusError(where, f"measure {mid!r} needs label_nb, label_en, unit and sql") from exc
    if measure.unit not in units:
        raise CorpusError(where, f"measure {mid!r} has unknown unit {measure.unit!r}")
    for key, _ in measure.judge:
        if key not in _JUDGE_KEYS:
            raise CorpusError(where, f"measure {mid!r}: judge.{key} is not one of {_JUDGE_KEYS}")
    if "$as_of" in measure.sql:
        raise CorpusError(where, f"measure {mid!r}: read from src, which applies $as_of itself")
    return measure


def parse_dimensions(
    spec: Any, where: str, columns: tuple[Column, ...], key: tuple[str, ...]
) -> tuple[YearDimension | None, AreaDimension | None]:
    if spec is None:
        return None, None
    if not isinstance(spec, dict):
        raise CorpusError(where, "'dimensions' must be a mapping")
    by_name = {c.name: c for c in columns}
    year = area = None
    if "year" in spec:
        y = spec["year"] or {}
        column = str(y.get("column", ""))
        col = by_name.get(column)
        if col is None or col.type != "integer" or col.unit != "year":
            raise CorpusError(where, f"dimensions.year.column {column!r} must be a column of years")
        year = YearDimension(
            column, int(y.get("bare", 0)), int(y.get("tied", 0)), keyed=column in key
        )
    if "area" in spec:
        a = spec["area"] or {}
        column = str(a.get("column", ""))
        if column not in by_name or column not in key:
            raise CorpusError(where, f"dimensions.area.column {column!r} must be a key column")
        where_ = tuple((str(k), str(v)) for k, v in (a.get("where") or {}).items())
        for k, _ in where_:
            if k not in by_name:
                raise CorpusError(where, f"dimensions.area.where: {k!r} is not a column")
        total = a.get("total")
        if total is not None:
            if not isinstance(total, dict) or not total.get("value") or not total.get("words"):
                raise CorpusError(
                    where, "dimensions.area.total needs 'value' (the row) and 'words' (a list)"
                )
            if not isinstance(total["words"], list):
                raise CorpusError(where, "dimensions.area.total.words must be a list")
        area = AreaDimension(
            column,
            where_,
            str(total["value"]) if total else None,
            tuple(str(w) for w in total["words"]) if total else (),
        )
    unknown = set(spec) - {"year", "area"}
    if unknown:
        raise CorpusError(where, f"dimensions: unknown {sorted(unknown)} (year, area)")
    return year, area


def parse_goals(spec: Any, where: str, measures: tuple[Measure, ...]) -> tuple[Goal, ...]:
    goals = []
    ids = {m.id for m in measures}
    for i, g in enumerate(spec or []):
        try:
            goal = Goal(
                measure=str(g["measure"]),
                value=float(g["value"]),
                relation=str(g.get("relation", "at_least")),
                since=int(g["since"]) if g.get("since") is not None else None,
                label_nb=str(g["label_nb"]),
                label_en=str(g["label_en"]),
                document=str(g["source"]["document"]),
                find=str(g["source"]["find"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise CorpusError(
                where, f"goals[{i}] needs measure, value, label_nb, label_en and source"
            ) from exc
        if goal.measure not in ids:
            raise CorpusError(where, f"goals[{i}]: no measure {goal.measure!r} in this card")
        if goal.relation not in ("at_least", "at_most"):
            raise CorpusError(where, f"goals[{i}]: relation must be at_least or at_most")
        goals.append(goal)
    return tuple(goals)


def parse_breaks(spec: Any, where: str) -> tuple[SeriesBreak, ...]:
    out = []
    for i, b in enumerate(spec or []):
        try:
            out.append(SeriesBreak(int(b["at"]), str(b["note_nb"]), str(b["note_en"])))
        except (KeyError, TypeError, ValueError) as exc:
            raise CorpusError(where, f"breaks[{i}] needs at, note_nb and note_en") from exc
    return tuple(out)


def parse_places(spec: Any, where: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if spec is None:
        return ()
    if not isinstance(spec, dict):
        raise CorpusError(where, "reach.places must map a place name to its patterns")
    out = []
    for name, patterns in spec.items():
        pats = [patterns] if isinstance(patterns, str) else list(patterns or [])
        for p in pats:
            if not str(p).startswith("@"):
                compile_words(f"place {name}", [str(p)], where)
        out.append((str(name), tuple(str(p) for p in pats)))
    return tuple(out)


def check_card_references(
    table: Table, lexicon: Lexicon, documents: dict[str, Document], tables: dict[str, Table]
) -> None:
    """What a card names must exist: lexicon concepts and horizons, measures it calls
    confusable, and the documents (and words in them) its goals cite."""
    where = table.path.removesuffix(".csv") + ".card.yaml"

    def concepts(reach: Reach, what: str) -> None:
        for p in reach.patterns():
            if p.startswith("@") and p[1:] not in lexicon.concepts:
                raise CorpusError(where, f"{what}: {p} is not a concept in the lexicon")

    concepts(table.reach, "reach")
    for _, patterns in table.places:
        for p in patterns:
            if p.startswith("@") and p[1:] not in lexicon.concepts:
                raise CorpusError(where, f"reach.places: {p} is not a concept in the lexicon")
    if table.horizon is not None and table.horizon not in lexicon.horizons:
        raise CorpusError(where, f"reach.horizon {table.horizon!r} is not a lexicon horizon")
    for m in table.measures:
        concepts(m.reach, f"measure {m.id!r}")
        for q in m.qualifiers:
            if q not in lexicon.qualifiers:
                raise CorpusError(where, f"measure {m.id!r}: {q!r} is not a lexicon qualifier")
        for other in m.confusable:
            tid, _, mid = other.rpartition(".")
            target = tables.get(tid) if tid else table
            if target is None or target.measure(mid) is None:
                raise CorpusError(where, f"measure {m.id!r}: confusable {other!r} does not exist")
    for goal in table.goals:
        doc = documents.get(goal.document)
        if doc is None:
            raise CorpusError(where, f"goal on {goal.measure!r}: no document {goal.document!r}")
        if goal.find not in doc.text:
            raise CorpusError(
                where, f"goal on {goal.measure!r}: {goal.find!r} is not in {goal.document}"
            )
