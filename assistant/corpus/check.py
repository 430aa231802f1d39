"""The corpus check: what a journalist needs before citing the corpus, as pure functions.

``assistant corpus check`` and ``tests/test_corpus_check.py`` run :func:`check_corpus`, which
loads the corpus and returns every problem it finds (not just the first), each as
``file:line: what``. It checks that

- every document names one publisher, one publication date with an honest certainty and one
  canonical address (https, no tracking parameters); an explainer is published by the project
  under :data:`PROJECT_NAME` and lives at its own source page;
- every sentence of a summary or explainer body carries a status tag before its full stop
  (headings are exempt, and so are verbatim documents, whose words are the source's);
- every ``figures:`` reference occurs in its document's body and agrees with its table cell;
- no line anywhere under ``corpus/`` speaks of how the corpus was researched
  (:data:`WORKING_NOTE_PATTERNS`): a reader sees these lines inside cited passages;
- every card's ``released`` is not older than the newest row its table holds.

Loading errors (a malformed file) come back as one problem, since loading stops there.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from ..text import frontmatter
from ..text.normalise import STATUS_TAG
from ..text.sentences import sentences
from . import load_corpus
from .errors import CorpusError
from .models import Corpus, Document, FigureRef, Table

#: who publishes the explainers: background the project writes itself
PROJECT_NAME = "Faktasjekk integrering"

#: a publisher is one organisation or outlet: no lists ("SSB, IMDi"), no "og"/"and", no
#: relays ("NPK (via Fjordabladet)") and no "sammenstilt"/"m.fl."; the outlet a relayed text
#: came through is named in the text instead
MIXED_PUBLISHER = re.compile(
    r"[,;/()]|\s(?:og|and|via|m\.fl\.?|mfl|etc\.?)\s|\s(?:og|and|via)$|sammenstilt|compiled",
    re.IGNORECASE,
)

#: what ``published`` must look like for each ``date_certainty``. ``approximate`` is an
#: estimate from evidence and ``unknown`` the earliest date the source can have; both may use
#: any precision
DATE_SHAPES = {
    "exact": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "month": re.compile(r"^\d{4}-\d{2}$"),
    "year": re.compile(r"^\d{4}$"),
    "approximate": re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$"),
    "unknown": re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$"),
}

#: query parameters that track a reader or steer a site's menus rather than name the page
#: (matched case-insensitively; a name ending in ``_`` is a prefix)
TRACKING_PARAMETERS = (
    "utm_",
    "fbclid",
    "gclid",
    "dclid",
    "msclkid",
    "mc_cid",
    "mc_eid",
    "_ga",
    "_hsenc",
    "_hsmi",
    "igshid",
    "ref_src",
    "mobilmeny",
    "mnyhetsmeny",
)

#: wording that speaks of the research behind the corpus (notes, excerpts, stored copies,
#: what was or was not found or recorded) instead of the world. Each entry: (pattern, why).
#: Matched case-insensitively against document lines, card values and CSV text cells.
WORKING_NOTE_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), why)
    for pattern, why in (
        (r"\barbeidsnotat\w*", "speaks of working notes"),
        (r"\bnotat(?:ene|er)\b", "speaks of notes"),
        (r"\b(?:research|working) notes?\b", "speaks of notes"),
        (r"\b(?:in|per|from|to) the (?:research )?notes\b", "speaks of notes"),
        (r"\bthe notes(?:'|\s+(?:say|record|give|mark|suggest|have))", "speaks of notes"),
        (r"\bforsknings(?:tabell|notat)\w*", "speaks of research tables or notes"),
        (r"\bsammendragstabell\w*", "speaks of a summary table of the research"),
        (r"\bresearch (?:table|tables|csv|brief|material)\b", "speaks of the research material"),
        (r"\butdrag\w*", "speaks of an excerpt"),
        (r"\bexcerpts?\b", "speaks of an excerpt"),
        (r"\blagre(?:t|de)\b", "speaks of a stored copy"),
        (r"\bstored (?:page|pages|copy|copies|snapshot|source|sources)\b", "speaks of a copy"),
        (r"\bsnapshot\b", "speaks of a stored copy"),
        (r"\bmaterialet\b", "speaks of 'the material'"),
        (r"\bin the material\b", "speaks of 'the material'"),
        (r"\bikke funnet\b", "says what was not found"),
        (r"\bnot found\b", "says what was not found"),
        (r"\bno (?:value|figure|source|quote) (?:was )?found\b", "says what was not found"),
        (r"\bikke registrert\b", "says what was not recorded"),
        (r"\bnot recorded\b", "says what was not recorded"),
        (r"\brecorded without\b", "says what was recorded"),
        (r"\bikke sitert\b", "says what was not quoted"),
        (r"\bnot quoted\b", "says what was not quoted"),
        (r"\buten (?:kilde)?sitat\b", "says what was not quoted"),
        (r"\bwithout a quote\b", "says what was not quoted"),
        (r"\bgjetning\b", "speaks of a guess in the research"),
        (r"\brelease page was not available\b", "speaks of what was available to the research"),
        (r"\bkildene (?:som er )?brukt her\b", "speaks of the sources used here"),
    )
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong, where it is: ``str()`` reads ``file:line: what``."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


# ---------------------------------------------------------------- helpers


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _key_line(text: str, key: str, default: int = 1) -> int:
    """The line of ``key:`` at the start of a line (front matter or card), else ``default``."""
    match = re.search(rf"^\s*{re.escape(key)}\s*:", text, re.MULTILINE)
    return _line_of(text, match.start()) if match else default


def _shown(path: Path, root: Path) -> str:
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def _number(text: str) -> float | None:
    """The first number in a figure's text, as written in Norwegian ("92,3", "4 469")."""
    match = re.search(r"-?\d[\d \u00a0]*(?:,\d+)?", text)
    if not match:
        return None
    return float(match.group().replace(" ", "").replace("\u00a0", "").replace(",", "."))


# ---------------------------------------------------------------- documents


def check_metadata(doc: Document, raw: str) -> list[Problem]:
    """One publisher, a valid date with an honest certainty, one canonical address."""
    problems = []

    def add(key: str, message: str) -> None:
        problems.append(Problem(doc.path, _key_line(raw, key), message))

    if MIXED_PUBLISHER.search(doc.publisher):
        add("publisher", f"publisher {doc.publisher!r} is not one publisher's name")
    if doc.kind == "explainer" and doc.publisher != PROJECT_NAME:
        add("publisher", f"an explainer is published by {PROJECT_NAME!r}, not {doc.publisher!r}")
    if doc.publisher == PROJECT_NAME and doc.kind != "explainer":
        add("kind", f"a document published by {PROJECT_NAME!r} is an explainer, not {doc.kind!r}")

    shape = DATE_SHAPES.get(doc.date_certainty)
    if shape is None or not shape.match(doc.published):
        add(
            "published",
            f"published {doc.published!r} does not fit date_certainty {doc.date_certainty!r} "
            "(exact: YYYY-MM-DD, month: YYYY-MM, year: YYYY)",
        )

    problems += [Problem(doc.path, _key_line(raw, "url"), m) for m in url_problems(doc)]
    return problems


def url_problems(doc: Document) -> list[str]:
    """Why ``doc.url`` is not one canonical address (empty when it is)."""
    url = doc.url
    if doc.kind == "explainer":
        own = f"/sources/{doc.id}"
        return [] if url == own else [f"an explainer's url is its own source page {own!r}"]
    if re.search(r"\s|;", url) or url.count("://") != 1:
        return [f"url {url!r} is not one address"]
    parts = urlsplit(url)
    out = []
    if parts.scheme != "https" or not parts.netloc:
        out.append(f"url {url!r} is not an https address")
    for name, _ in parse_qsl(parts.query, keep_blank_values=True):
        lowered = name.lower()
        if any(
            lowered.startswith(t) if t.endswith("_") else lowered == t for t in TRACKING_PARAMETERS
        ):
            out.append(f"url carries the tracking parameter {name!r}")
    return out


_TAG_AT_END = re.compile(STATUS_TAG.pattern + r"[.!?…]*[»\"”')]*$")


def check_tags(doc: Document, raw: str) -> list[Problem]:
    """Every sentence of a summary or explainer body ends with a status tag before its stop.

    Headings are exempt; so are verbatim documents (the source's own words carry no tags)."""
    if doc.voice == "verbatim":
        return []
    try:
        _, body, _ = frontmatter.split_front_matter(raw)
    except frontmatter.FrontMatterError:
        return []  # loading reports this
    start = len(raw) - len(body)
    problems = []
    for first, text in _whole_sentences(body):
        if not _TAG_AT_END.search(text):
            shown = text if len(text) <= 70 else text[:67] + "..."
            problems.append(
                Problem(
                    doc.path,
                    _line_of(raw, start + first),
                    f"sentence without a status tag before its full stop: {shown!r}",
                )
            )
    return problems


def _whole_sentences(body: str) -> list[tuple[int, str]]:
    """(offset, text) of the body's sentences, headings left out. A title quoted in «» may
    hold a full stop or a question mark («Ti års erfaringer. En kunnskapsstatus …»,
    «Hva er god integrering?» er …): a sentence that opens a quotation without closing it,
    or ends with one and is followed by a lower-case word, goes on into the next one."""
    out: list[tuple[int, str]] = []
    pending: tuple[int, int] | None = None  # (start, end) of a sentence still inside «»
    for span, is_heading in sentences(body):
        if is_heading:
            pending = None
            continue
        begin = pending[0] if pending else span.start
        text = body[begin : span.end]
        after = body[span.end :].lstrip()[:1]
        if text.count("«") > text.count("»") or (text.endswith("»") and after.islower()):
            pending = (begin, span.end)
            continue
        pending = None
        out.append((begin, text))
    if pending:
        out.append((pending[0], body[pending[0] : pending[1]]))
    return out


# ---------------------------------------------------------------- figures


def figure_problem(corpus: Corpus, doc: Document, ref: FigureRef) -> str | None:
    """Why a ``figures:`` reference does not hold (None when its text is in the body and
    agrees with the table cell)."""
    if ref.text not in doc.text:
        return f"figure {ref.text!r} is not in the text"
    try:
        table = corpus.table(ref.table)
    except KeyError:
        return f"figure {ref.text!r} names the unknown table {ref.table!r}"
    names = [c.name for c in table.columns]
    for column in (*ref.where, ref.column):
        if column not in names:
            return f"figure {ref.text!r}: {table.id} has no column {column!r}"
    rows = [
        r for r in table.rows if all(str(r[names.index(k)]) == str(v) for k, v in ref.where.items())
    ]
    if len(rows) != 1:
        return f"figure {ref.text!r}: {ref.where} selects {len(rows)} rows of {table.id}"
    cell = rows[0][names.index(ref.column)]
    if cell is None:
        return f"figure {ref.text!r}: {table.id}.{ref.column} is empty for {ref.where}"
    stated = _number(ref.text)
    if stated is None:
        return f"figure {ref.text!r} holds no number"
    if abs(stated - float(cell)) > 1e-9 * max(1.0, abs(float(cell))):
        return f"figure {ref.text!r} disagrees with {table.id}.{ref.column} = {cell} ({ref.where})"
    return None


def _figure_lines(raw: str) -> list[int]:
    """The line of each ``- text:`` item under ``figures:`` in a document's front matter."""
    start = re.search(r"^figures\s*:", raw, re.MULTILINE)
    if not start:
        return []
    end = raw.find("\n---", start.start())
    block = raw[start.start() : end if end >= 0 else len(raw)]
    return [
        _line_of(raw, start.start() + m.start())
        for m in re.finditer(r"^\s*-\s+text\s*:", block, re.MULTILINE)
    ]


def check_figures(corpus: Corpus, raws: dict[str, str] | None = None) -> list[Problem]:
    """Every figure reference in every document holds (see :func:`figure_problem`)."""
    problems = []
    for doc in corpus.documents:
        lines = _figure_lines(raws[doc.id]) if raws and doc.id in raws else []
        for i, ref in enumerate(doc.figures):
            message = figure_problem(corpus, doc, ref)
            if message:
                line = lines[i] if i < len(lines) else 1
                problems.append(Problem(doc.path, line, message))
    return problems


# ---------------------------------------------------------------- working notes


def _note_hits(text: str) -> list[str]:
    return [why for pattern, why in WORKING_NOTE_PATTERNS if pattern.search(text)]


def _value_part(line: str) -> str:
    """A YAML line without its key, so that a column named ``notes`` is not wording."""
    return re.sub(r"^\s*(?:-\s+)?[\w.-]+\s*:(?=\s|$)", "", line)


def check_working_notes(corpus_dir: Path, root: Path) -> list[Problem]:
    """Every line under ``corpus/`` that speaks of the research instead of the world:
    Markdown lines, YAML values (not keys) and CSV text cells (not the header)."""
    problems = []
    for path in sorted(p for p in corpus_dir.rglob("*") if p.is_file()):
        shown = _shown(path, root)
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # loading reports this
        if path.suffix == ".csv":
            reader = csv.reader(io.StringIO(text, newline=""))
            next(reader, None)
            for cells in reader:
                for cell in cells:
                    for why in _note_hits(cell):
                        problems.append(Problem(shown, reader.line_num, f"{why}: {cell[:60]!r}"))
            continue
        yaml_like = path.suffix in (".yaml", ".yml")
        front_end = 0  # last line of a Markdown file's front matter
        if path.suffix == ".md" and frontmatter.has_front_matter(text):
            front_end = _line_of(text, text.find("\n---", 4) + 1)
        for number, line in enumerate(text.split("\n"), start=1):
            checked = _value_part(line) if yaml_like or number <= front_end else line
            for why in _note_hits(checked):
                problems.append(Problem(shown, number, f"{why}: {line.strip()[:60]!r}"))
    return problems


# ---------------------------------------------------------------- cards


def newest_row_date(table: Table) -> str | None:
    """The newest publication date of the table's rows. A row without one counts as
    published the year after the latest year it describes (as ``figures.compute`` does)."""
    if not table.date_column:
        return None
    names = [c.name for c in table.columns]
    date_at = names.index(table.date_column)
    years = [i for i, c in enumerate(table.columns) if c.unit == "year" and c.type == "integer"]
    newest = None
    for row in table.rows:
        date = row[date_at]
        if date is None:
            known = [row[i] for i in years if row[i] is not None]
            date = str(max(known) + 1) if known else None
        if date is not None and (newest is None or _later(str(date), newest)):
            newest = str(date)
    return newest


def _later(a: str, b: str) -> bool:
    """Is partial ISO date ``a`` later than ``b``, compared at their common precision?"""
    n = min(len(a), len(b))
    return a[:n] > b[:n]


def check_released(corpus: Corpus, root: Path) -> list[Problem]:
    """A card's ``released`` is not older than the newest row its table holds."""
    problems = []
    for table in corpus.tables:
        newest = newest_row_date(table)
        if newest and _later(newest, table.released):
            card = root / table.path.removesuffix(".csv")
            card = card.with_name(card.name + ".card.yaml")
            shown = table.path.removesuffix(".csv") + ".card.yaml"
            line = _key_line(card.read_text(encoding="utf-8"), "released") if card.is_file() else 1
            problems.append(
                Problem(
                    shown,
                    line,
                    f"released {table.released!r} is older than its newest row ({newest})",
                )
            )
    return problems


# ---------------------------------------------------------------- all


@dataclass(frozen=True)
class Report:
    problems: list[Problem]
    documents: int = 0
    passages: int = 0
    tables: int = 0
    figures: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        return (
            f"Corpus OK: {self.documents} documents, {self.passages} passages, "
            f"{self.tables} tables, {self.figures} figure references checked."
        )


def check_corpus(corpus_dir: Path, seeds_dir: Path) -> Report:
    """Load the corpus and check everything; every problem, in file order."""
    root = corpus_dir.parent
    notes = check_working_notes(corpus_dir, root) if corpus_dir.is_dir() else []
    try:
        corpus = load_corpus(corpus_dir, seeds_dir)
    except CorpusError as exc:
        return Report([Problem(exc.path, exc.line or 1, exc.message), *notes])
    raws = {doc.id: (root / doc.path).read_text(encoding="utf-8") for doc in corpus.documents}
    problems: list[Problem] = []
    for doc in corpus.documents:
        problems += check_metadata(doc, raws[doc.id])
        problems += check_tags(doc, raws[doc.id])
    problems += check_figures(corpus, raws)
    problems += notes
    problems += check_released(corpus, root)
    problems.sort(key=lambda p: (p.path, p.line))
    return Report(
        problems,
        documents=len(corpus.documents),
        passages=len(corpus.passages),
        tables=len(corpus.tables),
        figures=sum(len(d.figures) for d in corpus.documents),
    )
