"""HTML pages: the chat page (works without JavaScript), permalinks, /check, source pages, the
chart images, the widget script, its demo page and the offline API docs. Rendering is Jinja2
with autoescaping on; what a card shows is built in ``present``."""

from __future__ import annotations

import json
import re
import secrets
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from ..answers.claimreview import claim_review
from ..answers.models import STATUS_LABELS, Result
from ..answers.pipeline import MAX_INPUT_CHARS, InputError, respond
from ..answers.report import render_markdown
from ..answers.textcheck import MAX_TEXT_CHARS, TextReport, check_text
from ..indexing.store import LoadedIndex
from . import present, words
from .charts import bar_chart
from .datelines import find_dateline
from .limits import rate_limited
from .links import MAX_TURNS, permalink
from .ui import UI
from .views import source_detail, source_list

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
router = APIRouter(include_in_schema=False)
#: text columns of the tables that hold sentences (wrapped on a table's page) and that the
#: cards write in English
LONG_COLUMNS = {"notes", "source_url", "source_urls", "period_description", "source_publisher"}
ENGLISH_COLUMNS = {"notes", "period_description"}


def _index(request: Request) -> LoadedIndex:
    return request.app.state.index


IndexDep = Annotated[LoadedIndex, Depends(_index)]


def _lang(value: str | None) -> str:
    return value if value in UI else "nb"


def _mode(value: str | None) -> str:
    return "check" if value == "check" else "ask"


def _other(lang: str) -> str:
    return UI[lang]["switch_lang"]


def base_context(request: Request, lang: str, **extra: Any) -> dict[str, Any]:
    """What every page needs: its words, its language and a language switch that keeps the
    page's state (the query string with only the language changed)."""
    switch = str(request.url.include_query_params(lang=_other(lang)))
    switch = switch[len(str(request.base_url)) - 1 :]  # a path, not an absolute URL
    return {"ui": UI[lang], "lang": lang, "switch_url": switch, **extra}


def input_error(
    text: str, lang: str, limit: int = MAX_INPUT_CHARS, empty: str = "err_empty"
) -> str | None:
    """A reader's error for an empty, whitespace-only or over-long input, or None."""
    if not text.strip():
        return UI[lang][empty]
    if len(text) > limit:
        return UI[lang]["err_long"].format(
            n=words.number(len(text), lang), max=words.number(limit, lang)
        )
    return None


def _valid_date(value: str) -> bool:
    try:
        date.fromisoformat(value)
        return True
    except ValueError:
        return False


def card_context(
    index: LoadedIndex,
    result: Result,
    mode: str,
    as_of: str | None,
    history: list[tuple[str, str]],
    lang: str,
    card_id: str | None = None,
    base_url: str = "",
    heading: str = "h2",
) -> dict[str, Any]:
    """Everything one answer card shows, in the page's language (the answer's own sentences
    stay in the answer's language and are marked with it)."""
    card_id = card_id or "a-" + secrets.token_hex(4)
    judged = result.as_of or as_of or None
    short = present.clean(present.short_answer(result), index, result.language)
    rest = present.clean(
        present.rest_of_answer(result, present.short_answer(result)), index, result.language
    )
    groups = present.citation_groups(result, card_id, lang)
    for item in (c for g in groups for c in g.items):
        doc = index.documents.get(item.source_id)
        item.lang = (
            doc.language
            if doc is not None and doc.language in ("nb", "nn", "en", "sv", "da")
            else ""
        )
    numbers = {c.n for g in groups for c in g.items}
    figures = [
        present.figure_view(index, f, row, role, judged, lang, own, result.language)
        for f, row, role, own in present.ordered_figures(result)
    ]
    present.attach_charts(figures, lang)
    statuses = {s for g in groups for c in g.items for s, _ in c.statuses}
    statuses |= {f.status for f in figures if f.status}
    notes = [present.clean(n, index, result.language) for n in result.notes]
    link = permalink(result.input, mode, as_of, history, lang)
    match = None
    if result.match is not None:
        match = {
            "claim": result.match.claim,
            "verdict": result.match.verdict,
            "verdict_text": present.verdict_label(result.match.verdict, lang),
            "negated": result.match.negated,
        }
    related = [
        {
            "claim": m.claim,
            "verdict": m.verdict,
            "verdict_text": present.verdict_label(m.verdict, lang),
            "href": permalink(m.claim, "check", as_of, [], lang),
        }
        for m in result.related
    ]
    return {
        "id": card_id,
        "r": result,
        "ui": UI[lang],
        "lang": lang,
        "rlang": result.language,
        "heading": heading,
        "sub": "h3" if heading == "h2" else "h4",
        "subsub": "h4" if heading == "h2" else "h5",
        "status_labels": {k: v[lang] for k, v in STATUS_LABELS.items()},
        "short": short,
        "rest": present.linked(rest, numbers),
        "as_of_text": present.as_of_line(judged, lang),
        "notes": notes,
        "figures": figures,
        "groups": groups,
        "legend": present.legend(statuses, lang),
        "match": match,
        "related": related,
        "follows": history[-1][0] if history else "",
        "permalink": link,
        "copy_text": present.copy_text(
            result,
            short,
            present.clean(rest, index, result.language),
            figures,
            groups,
            notes,
            base_url.rstrip("/") + link,
            lang,
        ),
    }


def _answer(
    index: LoadedIndex, text: str, mode: str, as_of: str | None, history: list[tuple[str, str]]
) -> Result:
    return respond(
        index,
        text,
        mode="claim" if mode == "check" else None,
        history=[h for h, _ in history],
        as_of=as_of or None,
    )


def _turns(h: list[str] | None, hm: list[str] | None) -> list[tuple[str, str]]:
    """Earlier turns sent along by a form or a permalink, with their modes (ask by default)."""
    texts = [x for x in (h or []) if x and x.strip() and len(x) <= MAX_INPUT_CHARS]
    modes = list(hm or [])
    turns = [(x, _mode(modes[i] if i < len(modes) else "ask")) for i, x in enumerate(texts)]
    return turns[-MAX_TURNS:]


def _page(
    request: Request,
    index: LoadedIndex,
    lang: str,
    text: str = "",
    mode: str = "ask",
    as_of: str = "",
    history: list[tuple[str, str]] | None = None,
    submitted: bool = False,
) -> HTMLResponse:
    """The chat page: the conversation so far (recomputed, so a permalink or a page without
    JavaScript shows the whole context), the newest answer focused, and the form."""
    history = history or []
    lang_error = None
    if as_of and not _valid_date(as_of):
        lang_error, as_of = UI[lang]["err_date"], ""
    error = lang_error
    if (text or submitted) and error is None:
        error = input_error(text, lang)
    cards = []
    base = str(request.base_url)
    for i, (h, m) in enumerate(history):  # the context, answered again
        try:
            result = _answer(index, h, m, as_of, history[:i])
        except InputError:
            continue
        cards.append(card_context(index, result, m, as_of, history[:i], lang, base_url=base))
    turns = list(history)
    status = 200
    review = None
    if text and error is None:
        try:
            result = _answer(index, text, mode, as_of, history)
            card = card_context(index, result, mode, as_of, history, lang, "answer", base)
            cards.append(card)
            turns.append((text, mode))
            review = _claim_review(
                result, base.rstrip("/") + permalink(text, mode, as_of, history, lang)
            )
        except InputError as exc:
            error = str(exc)
    if error:
        status = 422
    context = base_context(
        request,
        lang,
        cards=cards,
        error=error,
        as_of=as_of,
        history=turns[-MAX_TURNS:],
        text=text if error else "",
        max_chars=MAX_INPUT_CHARS,
        examples=[
            (q, m, permalink(q, m, None, [], lang))
            for m in ("ask", "check")
            for q in index.about.get("examples", {}).get(lang, {}).get(m, [])
        ],
        topics=index.about.get(f"topics_{lang}", ""),
        scope=_scope(index, lang),
        claim_review=review,
    )
    if cards and not error:  # the switch keeps the whole conversation
        last_text, last_mode = turns[-1]
        context["switch_url"] = permalink(last_text, last_mode, as_of, turns[:-1], _other(lang))
    return templates.TemplateResponse(request, "index.html", context, status_code=status)


def _claim_review(result: Result, url: str) -> str | None:
    """ClaimReview JSON-LD for the permalink page of a checked claim, ready for a
    <script type="application/ld+json"> block ("</" escaped so it cannot close the block)."""
    if result.mode != "claim" or result.verdict is None or not result.checkable:
        return None
    if not (result.figures or result.citations or result.match):
        return None  # not covered: nothing was reviewed
    match = result.match
    review = claim_review(
        result,
        url=url,
        date_published=date.today().isoformat(),
        claim_author=(match.said_by or None) if match else None,
        claim_date=(match.said_when or None) if match else None,
    )
    return json.dumps(review, ensure_ascii=False).replace("</", "<\\/")


#: the documents whose publishers the empty page names as where the figures come from: the
#: evidence, not the news, opinion and statements the corpus holds as context
EVIDENCE_KINDS = ("statistics_release", "report", "evaluation")


def _scope(index: LoadedIndex, lang: str) -> dict[str, Any]:
    """What the corpus covers, for the empty page: years, how many sources, from whom."""
    years: list[int] = []
    for table in index.tables.values():
        key = table.key[0] if table.key else None
        col = next((c for c in table.columns if c.name == key), None)
        if col is not None and col.unit == "year":
            i = [c.name for c in table.columns].index(key)
            years += [r[i] for r in table.rows if isinstance(r[i], int)]
    publishers = sorted(
        {t.publisher.split(" (")[0] for t in index.tables.values()}
        | {d.publisher for d in index.documents.values() if d.kind in EVIDENCE_KINDS}
    )
    ui = UI[lang]
    return {
        "years": ui["years"].format(first=min(years), last=max(years)) if years else "",
        "sources": ui["source_count"].format(
            docs=len(index.documents),
            tables=len(index.tables),
            publishers=", ".join(publishers),
        ),
    }


@router.get("/", response_class=HTMLResponse)
def chat_page(request: Request, index: IndexDep, lang: str | None = None) -> HTMLResponse:
    return _page(request, index, _lang(lang))


@router.post("/", response_class=HTMLResponse, dependencies=[Depends(rate_limited)])
def chat_form(
    request: Request,
    index: IndexDep,
    input: Annotated[str, Form()] = "",
    mode: Annotated[str, Form()] = "ask",
    as_of: Annotated[str, Form()] = "",
    lang: Annotated[str, Form()] = "nb",
    h: Annotated[list[str] | None, Form()] = None,
    hm: Annotated[list[str] | None, Form()] = None,
) -> HTMLResponse:
    """The same page, answered on the server: works with JavaScript turned off. An empty,
    blank or over-long input gets the page back with the error and the text kept."""
    lang = _lang(lang)
    text = input.strip() if len(input) <= MAX_INPUT_CHARS else input
    return _page(request, index, lang, text, _mode(mode), as_of, _turns(h, hm), submitted=True)


@router.post("/ui/answer", response_class=HTMLResponse, dependencies=[Depends(rate_limited)])
def answer_fragment(
    request: Request,
    index: IndexDep,
    input: Annotated[str, Form()] = "",
    mode: Annotated[str, Form()] = "ask",
    as_of: Annotated[str, Form()] = "",
    lang: Annotated[str, Form()] = "nb",
    h: Annotated[list[str] | None, Form()] = None,
    hm: Annotated[list[str] | None, Form()] = None,
) -> HTMLResponse:
    """One answer card, rendered by the same template, for the page's script to insert."""
    lang = _lang(lang)
    mode = _mode(mode)
    history = _turns(h, hm)
    error = input_error(input, lang)
    if as_of and not _valid_date(as_of):
        error = UI[lang]["err_date"]
    if error is None:
        try:
            result = _answer(index, input.strip(), mode, as_of, history)
        except InputError as exc:
            error = str(exc)
    if error is not None:
        return templates.TemplateResponse(request, "_error.html", {"error": error}, status_code=422)
    card = card_context(
        index, result, mode, as_of or None, history, lang, base_url=str(request.base_url)
    )
    return templates.TemplateResponse(request, "_card.html", {"c": card})


@router.get("/a", response_class=HTMLResponse, dependencies=[Depends(rate_limited)])
def permalink_page(
    request: Request,
    index: IndexDep,
    q: str = "",
    mode: str = "ask",
    as_of: str = "",
    lang: str | None = None,
    h: Annotated[list[str] | None, Query()] = None,
    hm: Annotated[list[str] | None, Query()] = None,
) -> HTMLResponse:
    """A stable link to an answer: the input and its context are in the URL, and the whole
    conversation up to it is recomputed."""
    text = q.strip() if len(q) <= MAX_INPUT_CHARS else q
    return _page(
        request,
        index,
        _lang(lang),
        text,
        _mode(mode),
        as_of,
        _turns(h, hm),
        submitted="q" in request.query_params,
    )


# ---------------------------------------------------------------------------------------------
# /check


def segments(report: TextReport) -> list[dict[str, Any]]:
    """The text cut into plain runs and marked claims, for the template to escape and mark."""
    marks = sorted(
        [(c.start, c.end, "claim", c.n, c.result.verdict) for c in report.claims]
        + [
            (s.start, s.end, s.kind, None, None)
            for s in report.sentences
            if s.kind in ("opinion", "forecast", "self")
        ]
    )
    out, pos = [], 0
    for start, end, kind, n, verdict in marks:
        if start < pos:
            continue
        if start > pos:
            out.append({"text": report.text[pos:start], "kind": "plain"})
        out.append({"text": report.text[start:end], "kind": kind, "n": n, "verdict": verdict})
        pos = end
    out.append({"text": report.text[pos:], "kind": "plain"})
    return out


def _check_context(request: Request, lang: str, **extra: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "report": None,
        "text": "",
        "as_of": "",
        "error": None,
        "max_chars": MAX_TEXT_CHARS,
    }
    values.update(extra)
    return base_context(request, lang, **values)


@router.get("/check", response_class=HTMLResponse)
def check_page(request: Request, lang: str | None = None) -> HTMLResponse:
    lang = _lang(lang)
    return templates.TemplateResponse(request, "check.html", _check_context(request, lang))


@router.post("/check", response_class=HTMLResponse, dependencies=[Depends(rate_limited)])
def check_form(
    request: Request,
    index: IndexDep,
    text: Annotated[str, Form()] = "",
    as_of: Annotated[str, Form()] = "",
    lang: Annotated[str, Form()] = "nb",
) -> HTMLResponse:
    """Paste a text; get it back with every claim marked by verdict, and the report. The date
    it is judged by is the one given, else the text's own (front matter or dateline); the page
    says which, and asks for one when there is none."""
    lang = _lang(lang)
    ui = UI[lang]
    context = _check_context(request, lang, text=text, as_of=as_of)
    error = input_error(text, lang, MAX_TEXT_CHARS, "err_text_empty")
    if error is None and as_of and not _valid_date(as_of):
        error = ui["err_date"]
    if error is not None:
        context["error"] = error
        return templates.TemplateResponse(request, "check.html", context, status_code=422)
    dateline = None
    given = as_of or None
    if not given and not text.startswith("---"):  # front matter is read by check_text
        found = find_dateline(text)
        if found is not None:
            dateline = found
            given = found.date.isoformat()
    try:
        report = check_text(index, text, as_of=given)
    except InputError as exc:
        context["error"] = str(exc)
        return templates.TemplateResponse(request, "check.html", context, status_code=422)
    if report.as_of_source == "metadata":
        date_source = ui["date_from_metadata"]
    elif dateline is not None:
        date_source = ui["date_from_dateline"].format(line=dateline.text)
    elif report.as_of:
        date_source = ui["date_from_option"]
    else:
        date_source = None
    base = str(request.base_url)
    cards = [
        card_context(index, c.result, "check", report.as_of, [], lang, f"claim-{c.n}", base, "h3")
        for c in report.claims
    ]
    for card, c in zip(cards, report.claims, strict=True):
        card["number"] = c.n
        card["permalink"] = permalink(c.checked_as, "check", report.as_of, [], lang)
    counts = [
        (v, ui["verdicts"][v], report.summary.get(v, 0))
        for v in ("supported", "partly_supported", "contradicted", "not_enough_evidence")
    ]
    context.update(
        report=report,
        segments=segments(report),
        cards=cards,
        counts=counts,
        judged_by=ui["judged_by"].format(date=words.human_date(report.as_of, lang))
        if report.as_of
        else None,
        date_source=date_source,
        as_of=as_of or (report.as_of or ""),
        markdown=render_markdown(report, lang),
    )
    return templates.TemplateResponse(request, "check.html", context)


# ---------------------------------------------------------------------------------------------
# sources


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request, index: IndexDep, lang: str | None = None) -> HTMLResponse:
    lang = _lang(lang)
    listing = source_list(index)
    for d in listing["documents"]:
        d["kind_text"] = words.pick(words.KINDS.get(d["kind"], (d["kind"], d["kind"])), lang)
        d["date_text"] = words.human_date(d["published"], lang)
    for t in listing["tables"]:
        t["date_text"] = words.human_date(t["released"], lang)
        t["publisher"] = present.publisher_words(t["publisher"], lang)
    return templates.TemplateResponse(
        request, "sources.html", base_context(request, lang, **listing)
    )


def _passage_parts(text: str) -> tuple[list[tuple[str, str | None]], set[str]]:
    """A passage cut into text and status labels ([VERIFIED] → a small label)."""
    parts: list[tuple[str, str | None]] = []
    seen: set[str] = set()
    pos = 0
    for m in present.STATUS_TAG.finditer(text):
        if m.start() > pos:
            parts.append((text[pos : m.start()], None))
        parts.append(("", m.group(1)))
        seen.add(m.group(1))
        pos = m.end()
    if pos < len(text):
        parts.append((text[pos:], None))
    return parts, seen


@router.get("/sources/{source_id}", response_class=HTMLResponse)
def source_page(
    request: Request, source_id: str, index: IndexDep, lang: str | None = None
) -> HTMLResponse:
    lang = _lang(lang)
    found = source_detail(index, source_id)
    if found is None:
        raise HTTPException(404, f"no source with id {source_id!r}")
    statuses: set[str] = set()
    if found["type"] == "document":
        for p in found["passages"]:
            p["parts"], seen = _passage_parts(p["text"])
            statuses |= seen
        found["kind_text"] = words.pick(
            words.KINDS.get(found["kind"], (found["kind"], found["kind"])), lang
        )
        found["certainty_text"] = (
            words.pick(words.DATE_CERTAINTY[found["date_certainty"]], lang)
            if found["date_certainty"] in words.DATE_CERTAINTY
            else ""
        )
        found["language_text"] = words.pick(
            words.LANGUAGES.get(found["language"], (found["language"], found["language"])), lang
        )
        found["date_text"] = words.human_date(found["published"], lang)
    else:
        table = index.tables[source_id]
        units = {c["name"]: c["unit"] for c in found["columns"]}
        for c in found["columns"]:
            c["label"] = words.column_label(c["name"], lang, table)
            c["long"] = c["unit"] == "text" and c["name"] in LONG_COLUMNS
            c["english"] = c["name"] in ENGLISH_COLUMNS
        found["cells"] = [
            [
                _table_cell(row[c["name"]], c["name"], units[c["name"]], lang)
                for c in found["columns"]
            ]
            for row in found["rows"]
        ]
        statuses = {
            v
            for row in found["rows"]
            for k, v in row.items()
            if k.endswith("status") and v in STATUS_LABELS
        }
        found["row_text"] = present.with_columns(
            found["row_nb"] if lang == "nb" else found["row"], table, lang
        )
        found["date_text"] = words.human_date(found["released"], lang)
        found["publisher"] = present.publisher_words(found["publisher"], lang)
    return templates.TemplateResponse(
        request,
        "source.html",
        base_context(
            request,
            lang,
            s=found,
            legend=present.legend(statuses, lang),
            legend_labels={k: v[lang] for k, v in STATUS_LABELS.items()},
        ),
    )


def _table_cell(value: Any, name: str, unit: str, lang: str) -> str:
    if name.endswith("status") and value in STATUS_LABELS:
        return STATUS_LABELS[value][lang]
    if unit == "date":
        return words.human_date(value, lang) if value else ""
    if unit in ("percent", "nok", "persons", "municipalities", "percentage_points"):
        return words.number(value, lang) if isinstance(value, (int, float)) else (value or "")
    return "" if value is None else str(value)


# ---------------------------------------------------------------------------------------------
# charts, widget, demo, docs


@router.get("/chart.svg")
def chart(
    index: IndexDep,
    table: str,
    measure: str,
    key: Annotated[list[str] | None, Query()] = None,
    sex: str = "all",
    as_of: date | None = None,
    lang: str | None = None,
) -> Response:
    """The series a figure comes from, as a bar chart with its title, unit and source; the
    figure's own row (or both ends of a change) is marked."""
    lang = _lang(lang)
    if sex not in ("all", "men", "women"):
        raise HTTPException(404, "no such measure")
    params = {"sex": sex}
    series = present.chart_series(
        index, table, measure, params, as_of.isoformat() if as_of else None
    )
    if series is None:
        raise HTTPException(404, "no such measure")
    keys = [int(k) if re.fullmatch(r"\d{4}", k) else k for k in (key or [])]
    svg = bar_chart(
        series.points,
        keys,
        title=present.chart_title(series, sex, lang),
        axis_title=words.pick(words.UNIT_TITLES.get(series.measure.unit, ("Verdi", "Value")), lang),
        source=present.source_line(series, lang),
        marked_text=present.t(
            lang, "mørk stolpe: tallet i svaret", "dark bar: the figure in the answer"
        ),
        gap_text=present.t(lang, "ingen tall", "no figures"),
        desc=present.chart_alt(series, keys, sex, lang),
        lang=lang,
    )
    return Response(
        svg, media_type="image/svg+xml", headers={"cache-control": "public, max-age=3600"}
    )


@router.api_route("/widget.js", methods=["GET", "HEAD"])
def widget_script() -> Response:
    body = (HERE / "static" / "widget.js").read_bytes()
    return Response(
        body,
        media_type="text/javascript; charset=utf-8",
        headers={"cache-control": "public, max-age=300"},
    )


@router.get("/demo", response_class=HTMLResponse)
def demo(request: Request, lang: str | None = None) -> HTMLResponse:
    lang = _lang(lang)
    return templates.TemplateResponse(request, "demo.html", base_context(request, lang))


def docs_assets() -> Path | None:
    """Swagger UI's files, from the installed fastapi-offline package (no CDN)."""
    try:
        folder = resources.files("fastapi_offline") / "static"
    except ModuleNotFoundError:
        return None
    path = Path(str(folder))
    return path if (path / "swagger-ui-bundle.js").is_file() else None


DOCS_FILES = {"swagger-ui-bundle.js": "text/javascript", "swagger-ui.css": "text/css"}


@router.get("/docs", response_class=HTMLResponse)
def docs_page(request: Request) -> HTMLResponse:
    """The OpenAPI docs, rendered by Swagger UI served from this app under the same CSP."""
    return templates.TemplateResponse(
        request,
        "docs.html",
        {"available": docs_assets() is not None, "title": request.app.title},
    )


@router.get("/docs/assets/{name}")
def docs_asset(name: str) -> FileResponse:
    folder = docs_assets()
    if folder is None or name not in DOCS_FILES:
        raise HTTPException(404, "not found")
    return FileResponse(
        folder / name,
        media_type=DOCS_FILES[name],
        headers={"cache-control": "public, max-age=86400"},
    )
