"""What flows out of corpus loading: documents, their passages, and validated tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..text.normalise import STATUS_TAG, strip_tags
from .lexicon import Lexicon

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
    #: the column's header for a reader, in Norwegian and English
    label_nb: str = ""
    label_en: str = ""

    def label(self, lang: str) -> str:
        return (self.label_nb if lang == "nb" else self.label_en) or self.name


@dataclass(frozen=True)
class Reach:
    """How a text reaches a table or a measure (declared in the card).

    ``words`` are (pattern or ``@concept``, weight) pairs: each that the text names adds its
    weight to the score. Every group in ``requires`` must be named (a group is satisfied by
    any one of its patterns), and none of ``excludes``.
    """

    words: tuple[tuple[str, float], ...] = ()
    requires: tuple[tuple[str, ...], ...] = ()
    excludes: tuple[str, ...] = ()

    def patterns(self) -> list[str]:
        """Every pattern or ``@concept`` named anywhere in this reach."""
        return [p for p, _ in self.words] + [p for g in self.requires for p in g] + [*self.excludes]


@dataclass(frozen=True)
class YearDimension:
    """The years a table's rows are about. ``bare``/``tied``: what a year named in a text
    means: the key is a bare year ("i 2017") + ``bare``, and a year tied to leaving the
    programme ("avsluttet i 2016", "2016-kullet") + ``tied``. SSB labels its rows by the year
    status is measured, so for SSB a bare year is the cohort's year + 1 (``bare: -1``).
    ``keyed`` is false for a table whose rows are all about one year (a column that is not the
    key): a year named in a text then only says whether the table has it."""

    column: str
    bare: int = 0
    tied: int = 0
    keyed: bool = True


@dataclass(frozen=True)
class AreaDimension:
    """The table's key is a place; its names come from the rows (``where`` filters them)."""

    column: str
    where: tuple[tuple[str, str], ...] = ()
    #: the row that stands for the whole (a national total), and the words that name it
    #: (the national average): a place to compare a row with, never a rank among the rows
    total: str | None = None
    total_words: tuple[str, ...] = ()


@dataclass(frozen=True)
class SeriesBreak:
    """From key ``at`` on, the series is measured differently (said whenever a comparison
    spans it)."""

    at: int
    note_nb: str
    note_en: str


@dataclass(frozen=True)
class Goal:
    """A target that a source sets for a measure ("70 % in work or education one year after")."""

    measure: str
    value: float
    relation: str  # at_least | at_most
    since: int | None
    label_nb: str
    label_en: str
    document: str  # the document that states it
    find: str  # words of that document's text that state it


@dataclass(frozen=True)
class Measure:
    """A named, parameterised SQL query over one table (declared in its card), and how a text
    reaches it, how its value is stated and how a stated number is judged against it."""

    id: str
    label_nb: str
    label_en: str
    unit: str
    sql: str
    group: str = ""
    definition_nb: str = ""
    definition_en: str = ""
    reach: Reach = Reach()
    #: the table's measure when a text names the table but none of its measures in particular
    default: bool = False
    #: the SQL returns values for ``$sex`` = men / women as well as all
    by_sex: bool = False
    #: measures a reader could mean instead ("measure" in this table, or "table.measure"):
    #: computed and shown beside, so a number that fits one of them is partly right, not wrong
    confusable: tuple[str, ...] = ()
    #: Jinja2 templates of the sentence that states a value; empty = the generic sentence
    statement_nb: str = ""
    statement_en: str = ""
    #: how a stated number is judged: overrides of the lexicon's ``judging`` (exact, nearly …)
    judge: tuple[tuple[str, float], ...] = ()
    #: the value is derived, not read off one cell: how (shown with the figure)
    note_nb: str = ""
    note_en: str = ""
    #: lexicon qualifiers the measure holds ("full_time"): a claim naming another is not
    #: judged by this measure
    qualifiers: tuple[str, ...] = ()


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
    reach: Reach = Reach()
    #: when after the programme the figures measure status (a lexicon horizon), if any
    horizon: str | None = None
    #: breaks ties between tables a text reaches equally well
    priority: float = 0.0
    #: a table about one place: its name and the patterns that name it (a country)
    places: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: where a series changes how it is measured: values on either side compare poorly
    breaks: tuple[SeriesBreak, ...] = ()
    year: YearDimension | None = None
    area: AreaDimension | None = None
    #: Jinja2 templates describing which row a figure is ("for dem som avsluttet i …")
    scope_nb: str = ""
    scope_en: str = ""
    goals: tuple[Goal, ...] = ()
    #: the card as read, stored with the index so a loaded index parses the same card
    card: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def measure(self, measure_id: str) -> Measure | None:
        return next((m for m in self.measures if m.id == measure_id), None)

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)

    def values(self, column: str, where: tuple[tuple[str, str], ...] = ()) -> list[Any]:
        """The distinct values of a column, in row order, among rows that match ``where``."""
        names = [c.name for c in self.columns]
        i = names.index(column)
        keep = [(names.index(k), v) for k, v in where]
        return list(
            dict.fromkeys(
                r[i] for r in self.rows if r[i] is not None and all(r[j] == v for j, v in keep)
            )
        )


@dataclass(frozen=True)
class Corpus:
    documents: tuple[Document, ...]
    tables: tuple[Table, ...]
    lexicon: Lexicon | None = None
    register: Any = None  # register.Register: the checked claims
    about: dict[str, Any] = field(default_factory=dict)  # what it covers, examples to click

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
