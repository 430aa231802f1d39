"""What flows out of corpus loading: documents, their passages, and validated tables."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

KINDS = ("op-ed", "evaluation", "statistics_release", "report", "news")
DATE_CERTAINTIES = ("exact", "month", "year", "approximate", "unknown")
#: the status tag a summary puts after a fact: [VERIFIED], [SECONDARY], [DERIVED], [UNVERIFIED]
STATUS_TAG = re.compile(r"\s*\[(?:VERIFIED|SECONDARY|DERIVED|UNVERIFIED)\]")


@dataclass(frozen=True)
class FigureRef:
    """A number in a document's text that a table also holds (checked by the tests)."""

    text: str
    table: str
    where: dict[str, Any]
    column: str


@dataclass(frozen=True)
class Passage:
    """One paragraph: the unit that is searched, cited and highlighted.

    ``start``/``end`` are character offsets into the owning document's ``text``, so a page
    can highlight exactly ``document.text[start:end]``.
    """

    id: str
    doc_id: str
    position: int
    heading: str
    text: str
    start: int
    end: int

    @property
    def index_text(self) -> str:
        """What retrieval sees: the paragraph without status tags, which are noise to a model
        (stripping them lifted English MRR on the whole corpus from 0.67 to 0.78)."""
        return STATUS_TAG.sub("", self.text)


@dataclass(frozen=True)
class Document:
    id: str
    title: str
    publisher: str
    authors: tuple[str, ...]
    published: str
    date_certainty: str
    url: str
    kind: str
    language: str
    about: str
    text: str
    path: str
    passages: tuple[Passage, ...]
    figures: tuple[FigureRef, ...] = ()
    duplicates_removed: int = 0


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    unit: str
    description: str


@dataclass(frozen=True)
class Measure:
    """A named, parameterised SQL query over one table (declared in its card)."""

    id: str
    label_nb: str
    label_en: str
    unit: str
    sql: str
    group: str = ""
    definition_nb: str = ""
    definition_en: str = ""
    #: ``key``: the SQL returns a series and the figure is the row whose ``key`` is asked for
    #: (the latest by default); ``first``: the first row the SQL returns is the figure
    select: str = "key"
    #: the measure whose series a chart of this figure draws (a ranking or a change is best
    #: seen against the whole series); empty = this measure
    chart: str = ""


@dataclass(frozen=True)
class Table:
    """A validated statistics table with its card."""

    id: str
    title: str
    title_en: str
    publisher: str
    url: str
    released: str
    row: str
    row_nb: str
    key: tuple[str, ...]
    date_column: str | None
    columns: tuple[Column, ...]
    caveats: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    path: str
    measures: tuple[Measure, ...] = ()


@dataclass(frozen=True)
class Corpus:
    documents: tuple[Document, ...]
    tables: tuple[Table, ...]

    @property
    def passages(self) -> list[Passage]:
        return [p for doc in self.documents for p in doc.passages]

    def document(self, doc_id: str) -> Document:
        for doc in self.documents:
            if doc.id == doc_id:
                return doc
        raise KeyError(doc_id)

    def table(self, table_id: str) -> Table:
        for table in self.tables:
            if table.id == table_id:
                return table
        raise KeyError(table_id)
