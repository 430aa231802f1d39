"""How a card's measure SQL runs: it reads ``src``, the table restricted to the rows published
by ``$as_of``. A row with no publication date counts as published at the start of the year after
the latest year it describes (figures about a year come out after it ends), so "what was known
in November 2017" never sees later figures.
"""

from __future__ import annotations

from .models import Measure, Table

NO_DATE_LIMIT = "9999-12-31"


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def source_filter(table: Table) -> str:
    """SQL for ``src``: the table as published by ``$as_of``.

    A row without a publication date counts as published in the year after the latest year it
    describes (SSB's status year, not the exit cohort): never earlier than it could have been.
    """
    year_cols = [quote(c.name) for c in table.columns if c.unit == "year" and c.type == "integer"]
    if not table.date_column:
        return f"SELECT * FROM {quote(table.id)}"
    date_col = quote(table.date_column)
    latest_year = (
        f"greatest({', '.join(year_cols)})"
        if len(year_cols) > 1
        else (year_cols[0] if year_cols else None)
    )
    fallback = f"CAST({latest_year} + 1 AS VARCHAR)" if latest_year else "'0000'"
    return f"SELECT * FROM {quote(table.id)} WHERE coalesce({date_col}, {fallback}) <= $as_of"


def measure_sql(table: Table, measure: Measure) -> str:
    return f"WITH src AS ({source_filter(table)})\n{measure.sql}"
