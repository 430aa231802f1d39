"""HTML pages: the chat page (works without JavaScript), permalinks, source pages, the chart
images, the widget script and its demo page. Rendering is Jinja2 with autoescaping on."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from ..answers.models import VERDICT_LABELS, Result
from ..answers.pipeline import MAX_INPUT_CHARS, InputError, respond
from ..answers.render import render_text
from ..answers.report import render_markdown
from ..answers.textcheck import MAX_TEXT_CHARS, TextReport, check_text
from ..figures.compute import compute
from ..figures.planner import Request as FigureRequest
from ..indexing.store import LoadedIndex
from .charts import bar_chart
from .limits import rate_limited
from .views import anchor, source_detail, source_list

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
router = APIRouter(include_in_schema=False)

UI = {
    "nb": {
        "title": "Faktasjekk: introduksjonsprogrammet",
        "ask": "Spør",
        "check": "Sjekk påstand",
        "placeholder": "Still et spørsmål eller lim inn en påstand",
        "as_of": "Publisert innen (valgfritt)",
        "sources": "Kilder",
        "figures": "Tall",
        "value": "Verdi",
        "unit": "Enhet",
        "year": "Rad",
        "source": "Kilde",
        "show_sql": "Vis SQL",
        "permalink": "Permalenke",
        "copy_label": "Kopier som tekst",
        "copied": "Kopiert",
        "switch": "English",
        "switch_lang": "en",
        "verdicts": {k: v["nb"] for k, v in VERDICT_LABELS.items()},
        "intro": "Svarene bygger bare på kildene i korpuset: sitater med kilde og tall beregnet "
        "fra statistikktabeller.",
        "notes": "Merk",
        "conversation": "Samtale",
        "rows": "Rader brukt",
        "all_sources": "Alle kilder",
        "passage": "Avsnitt",
        "check_text": "Sjekk en tekst",
        "paste": "Lim inn en artikkel, en tale eller et debattreferat",
        "report": "Faktasjekkrapport",
        "opinion": "Mening (ikke sjekket)",
        "forecast": "Prognose (ikke sjekket)",
        "marked": "Teksten med påstandene markert",
    },
    "en": {
        "title": "Fact check: the introduction programme",
        "ask": "Ask",
        "check": "Check claim",
        "placeholder": "Ask a question or paste a claim",
        "as_of": "Published by (optional)",
        "sources": "Sources",
        "figures": "Figures",
        "value": "Value",
        "unit": "Unit",
        "year": "Row",
        "source": "Source",
        "show_sql": "Show SQL",
        "permalink": "Permalink",
        "copy_label": "Copy as text",
        "copied": "Copied",
        "switch": "Norsk",
        "switch_lang": "nb",
        "verdicts": {k: v["en"] for k, v in VERDICT_LABELS.items()},
        "intro": "Answers rest only on the sources in the corpus: quotations with their source "
        "and figures computed from statistics tables.",
        "notes": "Note",
        "conversation": "Conversation",
        "rows": "Rows used",
        "all_sources": "All sources",
        "passage": "Passage",
        "check_text": "Check a text",
        "paste": "Paste an article, a speech or a debate transcript",
        "report": "Fact-check report",
        "opinion": "Opinion (not checked)",
        "forecast": "Forecast (not checked)",
        "marked": "The text with its claims marked",
    },
}


def _index(request: Request) -> LoadedIndex:
    return request.app.state.index


IndexDep = Annotated[LoadedIndex, Depends(_index)]


def _lang(value: str | None) -> str:
    return value if value in UI else "nb"


def permalink(text: str, mode: str, as_of: str | None, history: list[str], lang: str) -> str:
    params: list[tuple[str, str]] = [("q", text), ("mode", mode), ("lang", lang)]
    if as_of:
        params.append(("as_of", as_of))
    params += [("h", h) for h in history[-4:]]
    return "/a?" + urlencode(params)


def chart_url(fig: Any, as_of: str | None) -> str:
    table, measure = fig.id.split(".", 1)
    params = {k: v for k, v in fig.params.items() if k in ("sex", "year_from", "year_to")}
    query = {"table": table, "measure": measure, "key": fig.params.get("key"), **params}
    if as_of:
        query["as_of"] = as_of
    return "/chart.svg?" + urlencode({k: v for k, v in query.items() if v is not None})


def card_context(
    result: Result, mode: str, as_of: str | None, history: list[str], lang: str
) -> dict[str, Any]:
    return {
        "r": result,
        "ui": UI[lang],
        "lang": lang,
        "permalink": permalink(result.input, mode, as_of, history, lang),
        "copy_text": render_text(result),
        "charts": [chart_url(f, as_of) for f in result.figures],
        "anchor": anchor,
    }


def _run(
    index: LoadedIndex, text: str, mode: str, as_of: str | None, history: list[str]
) -> tuple[Result | None, str | None]:
    try:
        result = respond(
            index,
            text,
            mode="claim" if mode == "check" else None,
            history=history,
            as_of=as_of or None,
        )
        return result, None
    except InputError as exc:
        return None, str(exc)


def _page(
    request: Request,
    index: LoadedIndex,
    lang: str,
    text: str = "",
    mode: str = "ask",
    as_of: str = "",
    history: list[str] | None = None,
    status: int = 200,
) -> HTMLResponse:
    history = [h for h in (history or []) if h][-4:]
    context: dict[str, Any] = {
        "ui": UI[lang],
        "lang": lang,
        "turns": [],
        "error": None,
        "as_of": as_of,
        "mode": mode,
        "history": history,
        "max_chars": MAX_INPUT_CHARS,
    }
    if text:
        result, error = _run(index, text, mode, as_of, history)
        context["error"] = error
        if result is not None:
            context["turns"].append(card_context(result, mode, as_of, history, lang))
            context["history"] = [*history, text][-4:]
        else:
            status = 422
    return templates.TemplateResponse(request, "index.html", context, status_code=status)


@router.get("/", response_class=HTMLResponse)
def chat_page(request: Request, index: IndexDep, lang: str | None = None) -> HTMLResponse:
    return _page(request, index, _lang(lang))


@router.post("/", response_class=HTMLResponse, dependencies=[Depends(rate_limited)])
def chat_form(
    request: Request,
    index: IndexDep,
    input: Annotated[str, Form(max_length=MAX_INPUT_CHARS)] = "",
    mode: Annotated[str, Form()] = "ask",
    as_of: Annotated[str, Form()] = "",
    lang: Annotated[str, Form()] = "nb",
    h: Annotated[list[str] | None, Form()] = None,
) -> HTMLResponse:
    """The same page, answered on the server: works with JavaScript turned off."""
    return _page(request, index, _lang(lang), input.strip(), mode, as_of, h)


@router.post("/ui/answer", response_class=HTMLResponse, dependencies=[Depends(rate_limited)])
def answer_fragment(
    request: Request,
    index: IndexDep,
    input: Annotated[str, Form(max_length=MAX_INPUT_CHARS)],
    mode: Annotated[str, Form()] = "ask",
    as_of: Annotated[str, Form()] = "",
    lang: Annotated[str, Form()] = "nb",
    h: Annotated[list[str] | None, Form()] = None,
) -> HTMLResponse:
    """One answer card, rendered by the same template, for the page's script to insert."""
    lang = _lang(lang)
    history = [x for x in (h or []) if x][-4:]
    result, error = _run(index, input, mode, as_of, history)
    if result is None:
        return templates.TemplateResponse(request, "_error.html", {"error": error}, status_code=422)
    return templates.TemplateResponse(
        request, "_card.html", {"c": card_context(result, mode, as_of or None, history, lang)}
    )


@router.get("/a", response_class=HTMLResponse, dependencies=[Depends(rate_limited)])
def permalink_page(
    request: Request,
    index: IndexDep,
    q: Annotated[str, Query(max_length=MAX_INPUT_CHARS)] = "",
    mode: str = "ask",
    as_of: str = "",
    lang: str | None = None,
    h: Annotated[list[str] | None, Query()] = None,
) -> HTMLResponse:
    """A stable link to an answer: the input is in the URL and the answer is recomputed."""
    return _page(request, index, _lang(lang), q.strip(), mode, as_of, h)


def segments(report: TextReport) -> list[dict[str, Any]]:
    """The text cut into plain runs and marked claims, for the template to escape and mark."""
    marks = sorted(
        [(c.start, c.end, "claim", c.n, c.result.verdict) for c in report.claims]
        + [
            (s.start, s.end, s.kind, None, None)
            for s in report.sentences
            if s.kind in ("opinion", "forecast")
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


@router.get("/check", response_class=HTMLResponse)
def check_page(request: Request, lang: str | None = None) -> HTMLResponse:
    lang = _lang(lang)
    return templates.TemplateResponse(
        request,
        "check.html",
        {
            "ui": UI[lang],
            "lang": lang,
            "report": None,
            "text": "",
            "as_of": "",
            "error": None,
            "max_chars": MAX_TEXT_CHARS,
        },
    )


@router.post("/check", response_class=HTMLResponse, dependencies=[Depends(rate_limited)])
def check_form(
    request: Request,
    index: IndexDep,
    text: Annotated[str, Form(max_length=MAX_TEXT_CHARS)] = "",
    as_of: Annotated[str, Form()] = "",
    lang: Annotated[str, Form()] = "nb",
) -> HTMLResponse:
    """Paste a text; get it back with every claim marked by verdict, and the report."""
    lang = _lang(lang)
    context: dict[str, Any] = {
        "ui": UI[lang],
        "lang": lang,
        "report": None,
        "text": text,
        "as_of": as_of,
        "error": None,
        "max_chars": MAX_TEXT_CHARS,
    }
    status = 200
    try:
        report = check_text(index, text, as_of=as_of or None)
        context.update(
            report=report, segments=segments(report), markdown=render_markdown(report, lang)
        )
    except InputError as exc:
        context["error"] = str(exc)
        status = 422
    return templates.TemplateResponse(request, "check.html", context, status_code=status)


@router.get("/sources", response_class=HTMLResponse)
def sources_page(request: Request, index: IndexDep, lang: str | None = None) -> HTMLResponse:
    lang = _lang(lang)
    return templates.TemplateResponse(
        request, "sources.html", {"ui": UI[lang], "lang": lang, **source_list(index)}
    )


@router.get("/sources/{source_id}", response_class=HTMLResponse)
def source_page(
    request: Request, source_id: str, index: IndexDep, lang: str | None = None
) -> HTMLResponse:
    lang = _lang(lang)
    found = source_detail(index, source_id)
    if found is None:
        raise HTTPException(404, f"no source with id {source_id!r}")
    return templates.TemplateResponse(
        request, "source.html", {"ui": UI[lang], "lang": lang, "s": found}
    )


@router.get("/chart.svg")
def chart(
    index: IndexDep,
    table: str,
    measure: str,
    key: str | None = None,
    sex: str = "all",
    as_of: date | None = None,
) -> Response:
    """The series a figure comes from, as a bar chart; the figure's own row is highlighted."""
    found = index.tables.get(table)
    spec = found.measure(measure) if found else None
    if found is None or spec is None or sex not in ("all", "men", "women"):
        raise HTTPException(404, "no such measure")
    fig = compute(
        index.rows,
        found,
        spec,
        FigureRequest(table, spec.id, sex, None),
        as_of.isoformat() if as_of else None,
    )
    series = fig.series if fig else []
    svg = bar_chart(series, key, spec.unit, spec.label_nb)
    return Response(
        svg, media_type="image/svg+xml", headers={"cache-control": "public, max-age=3600"}
    )


@router.get("/widget.js")
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
    return templates.TemplateResponse(request, "demo.html", {"ui": UI[lang], "lang": lang})
