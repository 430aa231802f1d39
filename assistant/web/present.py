"""What an answer card shows a journalist, built from a ``Result`` and the loaded index.

The answer layer decides what is true; this module decides how it reads: the short answer
first, figures in words (the source by name and date, localised units, the rows behind a
figure as a small table with readable headers, the SQL with its parameters bound), the figure
the verdict rests on first, citations grouped by stance with their [n] markers as links, and
status tags as labels with a legend. Nothing here changes a value or a verdict.

``chart_series`` is the one place the web layer asks the figures layer for a series.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from ..answers.models import (
    STANCE_LABELS,
    STATUS_EXPLAINED,
    STATUS_LABELS,
    VERDICT_LABELS,
    Citation,
    Figure,
    Result,
)
from ..corpus.sql import NO_DATE_LIMIT
from ..text.normalise import STATUS_TAG, STATUSES
from . import words
from .words import column_label, human_date, pick, sentence_case

BARE_STATUS = re.compile(r"\b(VERIFIED|SECONDARY|DERIVED|UNVERIFIED)\b")
MARKER = re.compile(r"\[(\d+)\]")
SQL_PARAM = re.compile(r"\$([a-z_]+)")
#: row columns that are bookkeeping, not figures: never shown in a figure's row table
HIDDEN_COLUMNS = {
    "derived_columns",
    "secondary_columns",
    "source_url",
    "source_urls",
    "notes",
    "source_publisher",
}
SEX_WORDS = {"men": ("menn", "men"), "women": ("kvinner", "women")}


def t(lang: str, nb: str, en: str) -> str:
    return nb if lang == "nb" else en


# ---------------------------------------------------------------------------------------------
# text


def clean(text: str | None, index: Any, lang: str) -> str:
    """Text from the answer layer as a reader should see it: a table's title for its id, a
    status label for a raw status word, no English aside in a Norwegian sentence."""
    if not text:
        return ""
    for table in index.tables.values():
        if table.id in text:
            title = table.title if lang == "nb" else (table.title_en or table.title)
            text = text.replace(table.id, f"«{title}»")
    text = STATUS_TAG.sub("", text)
    text = BARE_STATUS.sub(lambda m: STATUS_LABELS[m.group(1)][lang], text)
    return publisher_words(text, lang)


def publisher_words(text: str, lang: str) -> str:
    """ "X (as reported by A and B)" reads "X (gjengitt av A og B)" on a Norwegian page."""
    if lang != "nb":
        return text
    return re.sub(
        r"\((?:as )?reported by ([^)]*)\)",
        lambda m: "(gjengitt av " + m.group(1).replace(" and ", " og ") + ")",
        text,
    )


def with_columns(text: str, table: Any, lang: str) -> str:
    """A card's sentence that names columns ("... i exit_cohort") with their headers."""
    for col in sorted(table.columns, key=lambda c: -len(c.name)):
        label = column_label(col.name, lang, table)
        text = re.sub(rf"\b{re.escape(col.name)}\b", f"«{label}»", text)
    return text


def linked(text: str, numbers: set[int]) -> list[tuple[str, int | None]]:
    """Text cut into plain runs and [n] markers, so the template can make each marker a link
    to its citation (markers without a citation stay text)."""
    out: list[tuple[str, int | None]] = []
    pos = 0
    for m in MARKER.finditer(text):
        n = int(m.group(1))
        if n not in numbers:
            continue
        if m.start() > pos:
            out.append((text[pos : m.start()], None))
        out.append((m.group(0), n))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], None))
    return out


_VERDICT_PREFIX = re.compile(r"^(Vurdering|Verdict):\s*[^.]*\.\s*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ«])")


def short_answer(result: Result) -> str:
    """One or two sentences that answer: the answer layer's own, or its first sentence."""
    if result.short_answer:
        return result.short_answer
    if result.mode == "claim" and result.reason:
        return result.reason
    body = _VERDICT_PREFIX.sub("", result.answer)
    return _SENTENCE_END.split(body, maxsplit=1)[0]


def rest_of_answer(result: Result, short: str) -> str:
    """The answer without what the short answer already said."""
    body = _VERDICT_PREFIX.sub("", result.answer).strip()
    if short and body.startswith(short):
        body = body[len(short) :].strip()
    return body


def as_of_line(as_of: str | None, lang: str) -> str:
    if as_of:
        return t(
            lang,
            f"Vurdert per {human_date(as_of, 'nb')}: bare kilder publisert innen den datoen er "
            "brukt.",
            f"Judged as of {human_date(as_of, 'en')}: only sources published by then are used.",
        )
    return t(
        lang,
        "Ingen dato oppgitt: vurdert etter alle kildene, og «i fjor» regnes fra i dag.",
        "No date given: judged by all the sources, and “last year” counts from today.",
    )


# ---------------------------------------------------------------------------------------------
# figures


@dataclass
class Series:
    """The series a chart draws: (key, value) points of one measure of one table."""

    table: Any
    measure: Any
    points: list[tuple[Any, float]]
    #: when the newest row drawn was published (the table's release date when rows are undated):
    #: a chart drawn as of 2017 cites the 2017 release, not the table's latest
    published: str | None = None


def chart_series(
    index: Any, table_id: str, measure_id: str, params: dict[str, Any], as_of: str | None
) -> Series | None:
    """The series behind a figure, as published by ``as_of``: the one place the web layer
    calls the figures layer (compute and its Request), so a change there is made here only."""
    from ..figures.compute import compute
    from ..figures.planner import Request as FigureRequest

    table = index.tables.get(table_id)
    spec = table.measure(measure_id) if table else None
    if spec is None:
        return None
    sex = params.get("sex") or "all"
    fig = compute(index.rows, table, spec, FigureRequest(table_id, spec.id, sex, None), as_of)
    points = [
        (r["key"], float(r["value"]))
        for r in (fig.series if fig else [])
        if r.get("value") is not None
    ]
    return Series(table, spec, points, (fig.published_on if fig else None) or table.released)


def highlight_keys(params: dict[str, Any], row: dict[str, Any]) -> list[Any]:
    """Which bars a chart marks: the figure's row."""
    key = row.get("key", params.get("key"))
    return [key] if key is not None else []


def gaps(keys: list[Any]) -> list[tuple[int, int]]:
    """Runs of years with no value between the years that have one."""
    years = sorted(k for k in keys if isinstance(k, int))
    return [(a + 1, b - 1) for a, b in itertools.pairwise(years) if b - a > 1]


def span(a: int, b: int) -> str:
    return str(a) if a == b else f"{a}–{b}"


def chart_title(series: Series, sex: str, lang: str) -> str:
    label = series.measure.label_nb if lang == "nb" else series.measure.label_en
    if sex in SEX_WORDS:
        label += t(lang, " blant ", " among ") + pick(SEX_WORDS[sex], lang)
    return sentence_case(label)


def source_line(series: Series, lang: str) -> str:
    table = series.table
    title = table.title if lang == "nb" else (table.title_en or table.title)
    published = human_date(series.published or table.released, lang)
    return t(lang, "Kilde: ", "Source: ") + (
        f"{publisher_words(table.publisher, lang)}, «{title}» ({published})"
    )


def chart_alt(series: Series, highlight: list[Any], sex: str, lang: str) -> str:
    """Everything the chart shows, in words: title, unit, every value, gaps, the marked bars."""
    unit = series.measure.unit
    values = "; ".join(f"{k}: {words.number(v, lang)}" for k, v in series.points)
    parts = [
        t(lang, "Stolpediagram", "Bar chart") + ": " + chart_title(series, sex, lang) + ".",
        pick(words.UNIT_TITLES.get(unit, ("Verdi", "Value")), lang) + ": " + values + ".",
    ]
    missing = gaps([k for k, _ in series.points])
    if missing:
        parts.append(
            t(lang, "Ingen tall for ", "No figures for ")
            + t(lang, " og ", " and ").join(span(a, b) for a, b in missing)
            + "."
        )
    marked = [f"{k}" for k in highlight if any(str(k) == str(p) for p, _ in series.points)]
    if marked:
        parts.append(t(lang, "Markert: ", "Marked: ") + ", ".join(marked) + ".")
    parts.append(source_line(series, lang) + ".")
    return " ".join(parts)


def chart_url(
    table_id: str,
    measure_id: str,
    params: dict[str, Any],
    highlight: list[Any],
    as_of: str | None,
    lang: str,
) -> str:
    query: list[tuple[str, Any]] = [("table", table_id), ("measure", measure_id)]
    query += [("key", k) for k in highlight]
    for name in ("sex",):
        if params.get(name) is not None:
            query.append((name, params[name]))
    if as_of:
        query.append(("as_of", as_of))
    query.append(("lang", lang))
    return "/chart.svg?" + urlencode(query)


@dataclass
class RowTable:
    headers: list[str]
    cells: list[list[str]]


@dataclass
class FigureView:
    label: str
    scope: str
    value_text: str
    status: str | None
    role: str  # "decisive", "answer", "related" or "other"
    role_text: str
    publisher: str
    title: str
    date_text: str
    href: str
    notes: list[str]
    rows: RowTable
    sql: str
    params: list[tuple[str, str]]
    chart: dict[str, str] | None = None
    key: Any = None
    series: Series | None = None
    chart_args: tuple | None = None


def _sql_literal(value: Any) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def bound_sql(sql: str, params: dict[str, Any], as_of: str | None) -> tuple[str, dict[str, Any]]:
    """The figure's SQL with every $parameter replaced by the value it was run with."""
    values: dict[str, Any] = {}
    for name in dict.fromkeys(SQL_PARAM.findall(sql)):
        if name == "as_of":
            values[name] = as_of or NO_DATE_LIMIT
        elif name in params:
            values[name] = params[name]
    text = SQL_PARAM.sub(
        lambda m: _sql_literal(values[m.group(1)]) if m.group(1) in values else m.group(0), sql
    )
    return text, values


def _column_unit(name: str, table: Any, measure_unit: str) -> str:
    if name == "value":
        return measure_unit
    if name == "key":
        name = table.key[0] if table.key else name
    col = next((c for c in table.columns if c.name == name), None)
    if col is not None:
        return col.unit
    if name.endswith("_pct"):
        return "percent"
    if name.endswith("_cohort") or name.endswith("_year"):
        return "year"
    if name.startswith("n_"):
        return "persons"
    return "text"


def row_table(row: dict[str, Any], table: Any, measure_unit: str, lang: str) -> RowTable:
    """One row behind a figure as a small table with readable headers and values."""
    headers, cells = [], []
    for name, value in row.items():
        if name in HIDDEN_COLUMNS or value is None or value == "":
            continue
        unit = _column_unit(name, table, measure_unit)
        if name == "key":
            key_column = table.key[0] if table.key else name
            header = column_label(key_column, lang, table)
        else:
            header = column_label(name, lang, table)
        if name in ("verification_status", "status") or name.endswith("_status"):
            shown = STATUS_LABELS[value][lang] if value in STATUS_LABELS else str(value)
        elif name.endswith("qualifier") or name == "qualifier":
            if value not in words.QUALIFIERS:
                continue
            shown = pick(words.QUALIFIERS[value], lang)
        elif name == "preliminary":
            shown = t(lang, "ja", "yes") if str(value).lower() == "yes" else str(value)
        else:
            shown = words.cell(value, unit, lang)
        headers.append(header)
        cells.append(shown)
    return RowTable(headers, [cells])


def row_notes(
    row: dict[str, Any], table: Any, measure_unit: str, value: float, lang: str
) -> list[str]:
    """Why a value is not simply read off one cell: calculated by us, secondary only, rounded
    parts that do not add up to it."""
    notes = []
    derived = [c for c in str(row.get("derived_columns") or "").split(";") if c.strip()]
    if derived:
        names = ", ".join(column_label(c.strip(), lang, table).lower() for c in derived)
        notes.append(
            t(
                lang,
                f"Beregnet av oss fra kildens tall: {names}.",
                f"Calculated by us from the source's figures: {names}.",
            )
        )
    secondary = [c for c in str(row.get("secondary_columns") or "").split(";") if c.strip()]
    if secondary:
        names = ", ".join(column_label(c.strip(), lang, table).lower() for c in secondary)
        notes.append(
            t(
                lang,
                f"Bare funnet hos en sekundærkilde: {names}.",
                f"Found only at a secondary source: {names}.",
            )
        )
    if measure_unit == "percent":
        parts = [
            float(v)
            for k, v in row.items()
            if k.endswith("_pct")
            and k not in ("men_pct", "women_pct", "from_pct", "to_pct")
            and isinstance(v, (int, float))
        ]
        total = sum(parts)
        if len(parts) >= 2 and 0.05 < abs(total - value) <= 1.5:
            notes.append(
                t(
                    lang,
                    f"Delandelene er avrundet av kilden; summen ({words.number(total, lang)}) "
                    f"avviker derfor litt fra verdien ({words.number(value, lang)}).",
                    f"The parts are rounded by the source, so their sum "
                    f"({words.number(total, lang)}) differs slightly from the value "
                    f"({words.number(value, lang)}).",
                )
            )
    return notes


def scope(table: Any, row: dict[str, Any], params: dict[str, Any], lang: str) -> str:
    """Which row a figure is, in words, from the card's scope template."""
    from ..figures.wording import row_scope

    return sentence_case(row_scope(table, row, lang, str(params.get("sex") or "all")))


def _qualifier(row: dict[str, Any]) -> str | None:
    for name, value in row.items():
        if (name == "qualifier" or name.endswith("qualifier")) and value in words.QUALIFIERS:
            return value
    return None


def figure_view(
    index: Any,
    fig: Figure,
    row: dict[str, Any],
    role: str,
    as_of: str | None,
    lang: str,
    own_row: bool = True,
    result_lang: str | None = None,
) -> FigureView:
    """One figure block. ``lang`` is the page's language; the figure's own wording (value as
    written, title) is used where the answer is in that language too."""
    table = index.tables.get(fig.table)
    measure_id = fig.id.split(".", 1)[-1]
    measure = next((m for m in table.measures if m.id == measure_id), None) if table else None
    value = float(row.get("value", fig.value) if row.get("value") is not None else fig.value)
    same = (result_lang or lang) == lang
    if own_row and same and fig.value_text:
        value_text = fig.value_text
    else:
        value_text = words.with_unit(value, fig.unit, lang, _qualifier(row))
    status = row.get("verification_status") or row.get("status")
    if status not in STATUSES:
        status = fig.status if own_row else None
    params = dict(fig.params)
    roles = {
        "decisive": t(
            lang, "Vurderingen bygger på dette tallet", "The verdict rests on this figure"
        ),
        "answer": t(lang, "Svaret bygger på dette tallet", "The answer rests on this figure"),
        "related": t(
            lang,
            "Beslektet tall, som ikke avgjør påstanden",
            "A related figure, which does not settle the claim",
        ),
        "other": t(lang, "Et annet mål som kan være ment", "Another measure that could be meant"),
        "context": t(lang, "Også relevant for påstanden", "Also relevant to the claim"),
    }
    derived = own_row and computed_from_rows(fig)  # a gap or a change: its own label
    label = sentence_case(
        (measure.label_nb if lang == "nb" else measure.label_en)
        if measure and not derived
        else fig.label
    )
    if table is None:  # a figure from a table this index does not hold: say what we know
        return FigureView(
            label, "", value_text, status, role, roles[role], fig.publisher, fig.title,
            human_date(fig.as_of, lang), "", [], RowTable([], []), fig.sql, [],
        )  # fmt: skip
    sql, values = bound_sql(fig.sql, params, as_of)
    shown_params = [(name, _param_text(name, v, lang)) for name, v in values.items()]
    notes = [clean(fig.note, index, lang)] if fig.note and own_row else []
    notes += row_notes(row, table, fig.unit, value, lang)
    published = row.get(table.date_column) if table.date_column else None
    view = FigureView(
        label=label,
        scope="" if derived else scope(table, row, params, lang),
        value_text=value_text,
        status=status,
        role=role,
        role_text=roles[role],
        publisher=publisher_words(fig.publisher or table.publisher, lang),
        title=fig.title if same and fig.title else _table_title(table, lang),
        date_text=human_date(published or fig.as_of or table.released, lang),
        href=f"/sources/{table.id}?lang={lang}",
        notes=notes,
        rows=row_table(row, table, fig.unit, lang),
        sql=sql,
        params=shown_params,
        key=row.get("key"),
    )
    series = chart_series(index, table.id, measure_id, params, as_of)
    if series is not None and len(series.points) >= 2:
        view.series = series
        view.chart_args = (table.id, measure_id, params, highlight_keys(params, row), as_of)
    return view


def attach_charts(views: list[FigureView], lang: str) -> None:
    """One chart per series in a card: figures drawn from the same series share the chart of
    the first of them, with every one of their rows marked."""
    first: dict[tuple, FigureView] = {}
    marks: dict[tuple, list[Any]] = {}
    for view in views:
        if view.series is None or view.chart_args is None:
            continue
        table_id, _, params, marked, as_of = view.chart_args
        sex = params.get("sex") or "all"
        ident = (table_id, view.series.measure.id, sex, as_of)
        first.setdefault(ident, view)
        marks.setdefault(ident, [])
        marks[ident] += [k for k in marked if k not in marks[ident]]
    for ident, view in first.items():
        table_id, measure_id, params, _, as_of = view.chart_args  # type: ignore[misc]
        marked, sex = marks[ident], ident[2]
        view.chart = {
            "src": chart_url(table_id, measure_id, params, marked, as_of, lang),
            "alt": chart_alt(view.series, marked, sex, lang),  # type: ignore[arg-type]
            "title": chart_title(view.series, sex, lang),  # type: ignore[arg-type]
        }


def _table_title(table: Any, lang: str) -> str:
    return table.title if lang == "nb" else (table.title_en or table.title)


def _param_text(name: str, value: Any, lang: str) -> str:
    if name == "sex":
        return {
            "all": t(lang, "alle", "everyone"),
            "men": t(lang, "menn", "men"),
            "women": t(lang, "kvinner", "women"),
        }.get(str(value), str(value))
    if name == "as_of":
        if value == NO_DATE_LIMIT:
            return t(lang, "ingen datogrense", "no date limit")
        return human_date(value, lang)
    return str(value)


def computed_from_rows(fig: Figure) -> bool:
    """Is the figure's value computed from the rows it shows (a gap, a change) rather than
    read off the first of them? Then its rows are its inputs: none of them is the figure, and
    none is a row a claim held for."""
    first = fig.rows[0].get("value") if fig.rows else None
    if not isinstance(first, (int, float)):
        return False
    return abs(float(first) - fig.value) > 1e-6


def ordered_figures(result: Result) -> list[tuple[Figure, dict[str, Any], str, bool]]:
    """(figure, row, role, own row?) with the figure the verdict or answer rests on first.

    A claim that held for an earlier year rests on a row the answer layer appended to the
    figure's rows; a claim that fits a neighbouring measure rests on that measure, which the
    reason names; otherwise the first figure is the one.
    """
    figs = result.figures
    if not figs:
        return []
    entries = [(f, (f.rows[0] if f.rows else {"key": f.params.get("key"), "value": f.value}))
               for f in figs]  # fmt: skip
    extra = [(f, r) for f in figs if not computed_from_rows(f) for r in f.rows[1:]]
    if result.verdict is None:
        first_role = "answer"
    elif result.verdict == "not_enough_evidence":
        first_role = "related"
    else:
        first_role = "decisive"
    decisive: tuple[Figure, dict[str, Any]] | None = None
    own = True
    if result.verdict in ("supported", "partly_supported", "contradicted"):
        if extra:
            decisive, own = extra[0], False
        else:
            reason = (result.reason or "").casefold()
            named = [(f, r) for f, r in entries[1:] if f.label and f.label.casefold() in reason]
            if named and result.verdict == "partly_supported":
                decisive = named[0]
    out: list[tuple[Figure, dict[str, Any], str, bool]] = []
    if decisive is not None:
        out.append((decisive[0], decisive[1], first_role, own))
        for f, r in entries:
            if own and f is decisive[0]:
                continue
            out.append((f, r, "context", True))
        return out
    for i, (f, r) in enumerate(entries):
        role = (
            first_role
            if i == 0
            else {"answer": "other", "decisive": "context"}.get(first_role, first_role)
        )
        out.append((f, r, role, True))
    return out


# ---------------------------------------------------------------------------------------------
# citations


@dataclass
class CitationView:
    n: int
    anchor: str
    href: str
    title: str
    attribution: str
    date_text: str
    statuses: list[tuple[str, str]]
    text: str
    verbatim: bool
    url: str
    source_id: str = ""
    lang: str = ""


@dataclass
class Group:
    label: str | None
    stance: str
    items: list[CitationView] = field(default_factory=list)


def citation_view(c: Citation, card_id: str, lang: str) -> CitationView:
    passage = "p-" + c.passage_id.split(":", 1)[-1]
    return CitationView(
        n=c.n,
        anchor=f"{card_id}-c{c.n}",
        href=f"/sources/{c.source_id}?lang={lang}#{passage}",
        title=c.title,
        attribution=publisher_words(c.attribution or c.publisher, lang),
        date_text=human_date(c.published, lang),
        statuses=[(s, STATUS_LABELS[s][lang]) for s in c.statuses if s in STATUS_LABELS],
        text=STATUS_TAG.sub("", c.text),
        verbatim=c.voice == "verbatim",
        url=c.url,
        source_id=c.source_id,
    )


def citation_groups(result: Result, card_id: str, lang: str) -> list[Group]:
    """Citations under "Taler for" / "Taler mot" / "Bakgrunn" when stances say more than
    "context"; otherwise one list."""
    views = [(c.stance, citation_view(c, card_id, lang)) for c in result.citations]
    if not views:
        return []
    if all(stance == "context" for stance, _ in views):
        return [Group(None, "context", [v for _, v in views])]
    groups = []
    for stance in ("supports", "contradicts", "context"):
        items = [v for s, v in views if s == stance]
        if items:
            groups.append(Group(STANCE_LABELS[stance][lang], stance, items))
    return groups


def legend(statuses: set[str], lang: str) -> list[tuple[str, str, str]]:
    """(status, label, what it means) for each status tag shown."""
    return [
        (s, STATUS_LABELS[s][lang], STATUS_EXPLAINED[s][lang]) for s in STATUSES if s in statuses
    ]


# ---------------------------------------------------------------------------------------------
# the card


def verdict_label(verdict: str | None, lang: str) -> str:
    return VERDICT_LABELS[verdict][lang] if verdict in VERDICT_LABELS else ""


def copy_text(
    result: Result,
    short: str,
    rest: str,
    figures: list[FigureView],
    citations: list[Group],
    notes: list[str],
    link: str,
    lang: str,
) -> str:
    """The card as plain text to paste into an article draft: the same words as the page."""
    lines = [
        (
            t(lang, "Påstand: ", "Claim: ")
            if result.mode == "claim"
            else t(lang, "Spørsmål: ", "Question: ")
        )
        + result.input
    ]
    if result.verdict:
        lines.append(t(lang, "Vurdering: ", "Verdict: ") + verdict_label(result.verdict, lang))
    lines += ["", short]
    if rest:
        lines += ["", rest]
    if notes:
        lines += ["", *(f"! {n}" for n in notes)]
    if figures:
        lines += ["", t(lang, "Tall", "Figures")]
        for f in figures:
            lines.append(
                f"  {f.value_text} · {f.label} · {f.scope} · {f.publisher}, «{f.title}», "
                f"{f.date_text}"
            )
    items = [c for g in citations for c in g.items]
    if items:
        lines += ["", t(lang, "Kilder", "Sources")]
        lines += [f"  [{c.n}] {c.attribution}: {c.title} ({c.date_text}) {c.url}" for c in items]
    lines += ["", t(lang, "Permalenke: ", "Permalink: ") + link]
    return "\n".join(lines) + "\n"
