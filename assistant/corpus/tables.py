"""Read statistics tables and their cards, and refuse anything the card does not describe.

Every error names the file, the line and the column, because the person fixing a table
needs to find the cell, not read a stack trace.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import yaml

from .cards import (
    UNITS,
    parse_breaks,
    parse_dimensions,
    parse_goals,
    parse_measure,
    parse_places,
    parse_reach,
    template,
)
from .errors import CorpusError
from .models import Column, Table

TYPES = ("integer", "number", "text", "date")
_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_INTEGER = re.compile(r"^-?\d+$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_CARD_KEYS = ("id", "title", "title_en", "publisher", "url", "released", "row", "key", "columns")


def _card(path: Path, shown: str) -> dict[str, Any]:
    try:
        card = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise CorpusError(
            shown, f"not valid YAML: {exc}", line=mark.line + 1 if mark else None
        ) from exc
    if not isinstance(card, dict):
        raise CorpusError(shown, "a card must be a mapping")
    for key in _CARD_KEYS:
        if card.get(key) in (None, ""):
            raise CorpusError(shown, f"the card lacks '{key}'")
    return card


def _columns(card: dict[str, Any], shown: str) -> tuple[Column, ...]:
    columns = []
    if not isinstance(card["columns"], dict):
        raise CorpusError(shown, "'columns' must map column names to their description")
    for name, spec in card["columns"].items():
        spec = spec or {}
        ctype, unit = spec.get("type"), spec.get("unit")
        if ctype not in TYPES:
            raise CorpusError(
                shown, f"type {ctype!r} is not one of {', '.join(TYPES)}", column=name
            )
        if unit not in UNITS:
            raise CorpusError(shown, f"unit {unit!r} is not one of {', '.join(UNITS)}", column=name)
        if not spec.get("label_nb") or not spec.get("label_en"):
            raise CorpusError(
                shown,
                "every column needs label_nb and label_en (its header for a reader)",
                column=name,
            )
        columns.append(
            Column(
                str(name),
                ctype,
                unit,
                str(spec.get("description", "")),
                str(spec["label_nb"]),
                str(spec["label_en"]),
            )
        )
    return tuple(columns)


def parse_cell(raw: str, column: Column, shown: str, line: int) -> Any:
    """Turn one CSV cell into a Python value, or explain why it cannot be one."""
    value = raw.strip()
    if value == "":
        return None
    if column.type == "integer":
        if not _INTEGER.match(value):
            raise CorpusError(
                shown, f"expected a whole number, got {raw!r}", line=line, column=column.name
            )
        return int(value)
    if column.type == "number":
        if not _NUMBER.match(value):
            raise CorpusError(
                shown,
                f"expected a number ('.' as decimal point), got {raw!r}",
                line=line,
                column=column.name,
            )
        return float(value)
    if column.type == "date" and not _DATE.match(value):
        raise CorpusError(
            shown,
            f"expected a date YYYY, YYYY-MM or YYYY-MM-DD, got {raw!r}",
            line=line,
            column=column.name,
        )
    return value


def table_from_card(
    card: dict[str, Any],
    card_shown: str,
    csv_shown: str,
    rows: tuple[tuple[Any, ...], ...],
    columns: tuple[Column, ...] | None = None,
) -> Table:
    """A :class:`Table` from its card and its (already validated) rows. The same function
    reads a card from ``corpus/`` and from an index, which stores the card as read."""
    if columns is None:
        columns = _columns(card, card_shown)
    by_name = {c.name: c for c in columns}
    key = tuple(card["key"])
    for k in key:
        if k not in by_name:
            raise CorpusError(card_shown, f"key column {k!r} is not a column")
    date_column = card.get("date_column")
    if date_column is not None and (
        date_column not in by_name or by_name[date_column].type != "date"
    ):
        raise CorpusError(card_shown, f"date_column {date_column!r} is not a date column")
    raw_measures = card.get("measures") or {}
    if not isinstance(raw_measures, dict):
        raise CorpusError(card_shown, "'measures' must map measure ids to their definition")
    measures = tuple(parse_measure(str(k), v, card_shown) for k, v in raw_measures.items())
    defaults = [m.id for m in measures if m.default]
    if len(defaults) > 1:
        raise CorpusError(card_shown, f"more than one default measure: {defaults}")
    reach_spec = card.get("reach") or {}
    if not isinstance(reach_spec, dict):
        raise CorpusError(card_shown, "'reach' must be a mapping")
    year, area = parse_dimensions(card.get("dimensions"), card_shown, columns, key)
    if area is not None and area.total is not None:
        i = [c.name for c in columns].index(area.column)
        if not any(r[i] == area.total for r in rows):
            raise CorpusError(
                card_shown, f"dimensions.area.total: no row has {area.column} = {area.total!r}"
            )
    return Table(
        id=str(card["id"]),
        title=str(card["title"]),
        title_en=str(card["title_en"]),
        publisher=str(card["publisher"]),
        url=str(card["url"]),
        released=str(card["released"]),
        row=str(card["row"]),
        row_nb=str(card.get("row_nb", card["row"])),
        key=key,
        date_column=date_column,
        columns=columns,
        caveats=tuple(str(c) for c in card.get("caveats") or ()),
        rows=rows,
        path=csv_shown,
        measures=measures,
        reach=parse_reach(reach_spec, card_shown, "table"),
        horizon=str(reach_spec["horizon"]) if reach_spec.get("horizon") else None,
        priority=float(reach_spec.get("priority", 0)),
        places=parse_places(reach_spec.get("places"), card_shown),
        breaks=parse_breaks(card.get("breaks"), card_shown),
        year=year,
        area=area,
        scope_nb=_scope(card, "scope_nb", card_shown),
        scope_en=_scope(card, "scope_en", card_shown),
        goals=parse_goals(card.get("goals"), card_shown, measures),
        card=card,
    )


def _scope(card: dict[str, Any], key: str, shown: str) -> str:
    value = str(card.get(key) or "")
    if value:
        from jinja2 import TemplateSyntaxError

        try:
            template(value)
        except TemplateSyntaxError as exc:
            raise CorpusError(shown, f"{key}: not a valid Jinja2 template: {exc}") from exc
    return value


def load_table(csv_path: Path, root: Path) -> Table:
    """Load ``<id>.csv`` with its card ``<id>.card.yaml``; validate every cell."""
    shown = str(csv_path.relative_to(root)) if csv_path.is_relative_to(root) else str(csv_path)
    card_path = csv_path.with_name(csv_path.stem + ".card.yaml")
    card_shown = shown.removesuffix(".csv") + ".card.yaml"
    if not card_path.is_file():
        raise CorpusError(shown, f"no card: expected {card_shown} beside it")
    card = _card(card_path, card_shown)
    if card["id"] != csv_path.stem:
        raise CorpusError(card_shown, f"id {card['id']!r} must equal {csv_path.stem!r}")
    columns = _columns(card, card_shown)

    try:
        text = csv_path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(shown, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header:
        raise CorpusError(shown, "the file is empty", line=1)
    known = {c.name for c in columns}
    for name in header:
        if name not in known:
            raise CorpusError(shown, "the card does not describe this column", line=1, column=name)
    missing = [c.name for c in columns if c.name not in header]
    if missing:
        raise CorpusError(shown, f"the card describes columns the file lacks: {missing}", line=1)
    if len(set(header)) != len(header):
        raise CorpusError(shown, "a column name appears twice", line=1)
    by_name = {c.name: c for c in columns}
    ordered = tuple(by_name[name] for name in header)

    rows: list[tuple[Any, ...]] = []
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise CorpusError(
                shown, f"expected {len(header)} columns, found {len(cells)}", line=line
            )
        rows.append(
            tuple(parse_cell(c, col, shown, line) for c, col in zip(cells, ordered, strict=True))
        )
    key = tuple(card["key"])
    for k in key:
        if k not in by_name:
            raise CorpusError(card_shown, f"key column {k!r} is not a column")
    seen: set[tuple[Any, ...]] = set()
    for i, row in enumerate(rows):
        ident = tuple(row[header.index(k)] for k in key)
        if ident in seen:
            raise CorpusError(shown, f"two rows share the key {ident}", line=i + 2)
        seen.add(ident)
    return table_from_card(card, card_shown, shown, tuple(rows), ordered)


def load_tables(tables_dir: Path, root: Path) -> list[Table]:
    return [load_table(p, root) for p in sorted(tables_dir.glob("*.csv"))]
