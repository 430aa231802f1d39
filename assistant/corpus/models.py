"""What flows out of corpus loading: documents, their passages, and validated tables."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..text.normalise import STATUS_TAG, strip_tags

#: what a document is. The kind decides what a document may do for a verdict: see
#: CONTEXT_KINDS. ``explainer`` is background the project writes itself, each fact in it
#: attributed inline to its source.
KINDS = (
    "statistics_release",
    "report",
    "evaluation",
    "news",
    "opinion",
    "statement",
    "explainer",
)
#: opinion pieces and reported statements argue or report someone's words: shown as context
#: ("KS argues …", "the minister said …"), never as evidence that settles a factual claim
CONTEXT_KINDS = ("opinion", "statement")
#: whose words a document's text is: the source's own (``verbatim``, only for text that is
#: verbatim in the source, such as a seed), our ``summary`` of a named, dated source, or an
#: ``explainer`` the project writes under its own name
VOICES = ("verbatim", "summary", "explainer")
DATE_CERTAINTIES = ("exact", "month", "year", "approximate", "unknown")
__all__ = ["STATUS_TAG"]  # re-exported: the tag format is part of the corpus format


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
        return strip_tags(self.text)


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
    voice: str = "summary"

    @property
    def settles(self) -> bool:
        """May this document's text settle a factual claim (as opposed to giving context)?"""
        return self.kind not in CONTEXT_KINDS


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
