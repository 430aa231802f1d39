"""Compute a figure: run a card's measure SQL in DuckDB, read-only, with bound parameters.

The measure's SQL reads from ``src``, which this module defines as the table restricted to
rows published by the ``as_of`` date. A row with no publication date counts as published
at the start of the year after the year it describes (figures about a year come out after
it ends), so "what was known in November 2017" never sees later figures.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..corpus import Measure, Table
from ..corpus.sql import NO_DATE_LIMIT, measure_sql, quote
from .planner import Request

_PARAM = re.compile(r"\$([a-z_]+)")


@dataclass
class ComputedFigure:
    """A value computed by a measure's SQL, with everything needed to show the work: the row
    it was read from, the whole series, the SQL and its bound parameters, the date judged by.

    A derived figure (the gap between two rows, a change between two periods) carries the rows
    it was computed from in ``rows`` and how in ``derivation``; its label says what it is."""

    request: Request
    table: Table
    measure: Measure
    value: float | None
    key: Any
    row: dict[str, Any]
    series: list[dict[str, Any]]
    sql: str
    params: dict[str, Any]
    as_of: str | None
    newer_exists: bool = False
    notes: list[str] = field(default_factory=list)
    published_on: str | None = None
    #: rows the value rests on, when more than ``row`` (a gap, a change, a rank)
    rows: list[dict[str, Any]] = field(default_factory=list)
    derivation: str = ""  # "71 − 49 = 22"
    unit: str = ""  # the derived value's unit, when not the measure's
    label_nb: str = ""  # what a derived value is, when not the measure's label
    label_en: str = ""

    @property
    def published(self) -> str:
        """When the row's figures were published, or "unknown" where the source does not say."""
        return self.published_on or "unknown"

    @property
    def value_unit(self) -> str:
        return self.unit or self.measure.unit

    def at(self, key: Any) -> dict[str, Any] | None:
        """The row of the series for ``key`` (a year or a place), if it has a value."""
        return next((r for r in self.series if _same_key(r["key"], key)), None)


#: runs read-only SQL with named parameters and returns the rows as dicts
#: (``LoadedIndex.rows``, which caches: the database never changes under a loaded index)
RunQuery = Callable[[str, dict[str, Any]], list[dict[str, Any]]]


def _run(query: RunQuery, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    return query(sql, {name: params[name] for name in set(_PARAM.findall(sql))})


def _same_key(a: Any, b: Any) -> bool:
    return str(a).casefold() == str(b).casefold()


def compute(
    query: RunQuery, table: Table, measure: Measure, request: Request, as_of: str | None
) -> ComputedFigure | None:
    """Run ``measure`` for ``request``; None when the table has no value for it."""
    params: dict[str, Any] = {"sex": request.sex, "as_of": as_of or NO_DATE_LIMIT}
    sql = measure_sql(table, measure)
    rows = _run(query, sql, params)
    series = [r for r in rows if r.get("value") is not None]
    if request.key is not None:
        row = next((r for r in series if _same_key(r["key"], request.key)), None)
    else:
        row = series[-1] if series else None
    if row is None:
        return None
    newer = False
    if as_of is not None and isinstance(row["key"], int):
        # a series over years: is there a later year than the one shown, published since?
        later = _run(query, sql, {**params, "as_of": NO_DATE_LIMIT})
        newer = any(
            r.get("value") is not None and isinstance(r["key"], int) and r["key"] > row["key"]
            for r in later
        )
    shown = {k: v for k, v in params.items() if k != "as_of" or as_of}
    return ComputedFigure(
        request,
        table,
        measure,
        float(row["value"]),
        row["key"],
        row,
        series,
        sql,
        shown,
        as_of,
        newer,
        published_on=_row_date(query, table, row),
    )


def _row_date(query: RunQuery, table: Table, row: dict[str, Any]) -> str | None:
    """The publication date recorded for the table row the figure came from."""
    if not table.date_column or len(table.key) != 1:
        return None
    found = query(
        f"SELECT {quote(table.date_column)} AS published FROM {quote(table.id)} "
        f"WHERE CAST({quote(table.key[0])} AS VARCHAR) = $key LIMIT 1",
        {"key": str(row["key"])},
    )
    return str(found[0]["published"]) if found and found[0]["published"] else None
