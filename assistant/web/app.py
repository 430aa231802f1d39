"""The FastAPI application: the JSON API, the chat page, source pages and the widget.

``create_app`` builds an app around one loaded index (loaded at start-up, or passed in by a
test); routes get it through a dependency and stay thin: validate, call the pipeline, return.
"""

from __future__ import annotations

import hmac
import logging
import signal
import threading
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..answers.models import Result
from ..answers.pipeline import MAX_INPUT_CHARS, InputError, respond
from ..answers.textcheck import MAX_TEXT_CHARS, TextReport, check_text
from ..config import Settings
from ..indexing.store import IndexProblem, LoadedIndex, load_index
from .limits import RateLimit, rate_limited
from .security import BodyLimit, OriginCheck, SecurityHeaders

HERE = Path(__file__).parent
MAX_HISTORY = 20
log = logging.getLogger("assistant.web")


class Turn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    role: Literal["user", "assistant"]
    content: str = Field(max_length=MAX_INPUT_CHARS * 4)


class AskBody(BaseModel):
    """What a client sends. Limits are part of the contract and named in errors."""

    model_config = ConfigDict(extra="forbid")
    input: str = Field(min_length=1, max_length=MAX_INPUT_CHARS)
    history: list[Turn | Annotated[str, Field(max_length=MAX_INPUT_CHARS)]] = Field(
        default_factory=list, max_length=MAX_HISTORY
    )
    as_of: date | None = None


class TextBody(BaseModel):
    """A whole text to check: an article, a speech, a debate transcript."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS)
    as_of: date | None = None


class ErrorBody(BaseModel):
    """Every error from the API: one sentence that says what is wrong."""

    error: str


class Limits(BaseModel):
    input_chars: int
    history_items: int
    body_bytes: int


class ValidationErrorBody(BaseModel):
    """422: the request did not validate; the limits of the contract are named."""

    error: str
    limits: Limits


class TooLargeBody(BaseModel):
    """413: the body is over the byte limit, which is named."""

    error: str
    limit: int


#: the error bodies each answering route can return, as the server really sends them
ERRORS: dict[int | str, dict[str, Any]] = {
    403: {"model": ErrorBody, "description": "The call came from an origin that is not allowed"},
    413: {"model": TooLargeBody, "description": "The body is larger than the limit"},
    422: {"model": ValidationErrorBody, "description": "The body did not validate"},
    429: {
        "model": ErrorBody,
        "description": "Rate limit exceeded; retry after the number of seconds given",
        "headers": {
            "Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}
        },
    },
}
#: paths whose errors are JSON; every other path is a page, and gets its errors as a page
JSON_PATHS = (
    "/api/",
    "/admin/",
    "/healthz",
    "/openapi.json",
    "/chart.svg",
    "/widget.js",
    "/static/",
    "/docs/assets/",
)


def wants_page(request: Request) -> bool:
    return not request.url.path.startswith(JSON_PATHS)


def error_page(request: Request, status: int, message: str | None, headers=None) -> HTMLResponse:
    """An error on a page route, as a page in the reader's language (never a raw JSON page)."""
    from .pages import base_context, templates
    from .ui import UI

    lang = request.query_params.get("lang")
    lang = lang if lang in UI else "nb"
    ui = UI[lang]
    if status == 404:
        text = ui["err_not_found"]
    elif status == 429:
        text = ui["err_busy"]
    else:
        text = message or ui["error_title"]
    if request.url.path.startswith("/ui/"):  # a fragment for the page's script
        return templates.TemplateResponse(
            request, "_error.html", {"error": text}, status_code=status, headers=headers
        )
    return templates.TemplateResponse(
        request,
        "error.html",
        base_context(request, lang, error=text),
        status_code=status,
        headers=headers,
    )


def get_index(request: Request) -> LoadedIndex:
    return request.app.state.index


IndexDep = Annotated[LoadedIndex, Depends(get_index)]


def _answer(index: LoadedIndex, body: AskBody, mode: str | None) -> Result:
    history: list[Any] = [t.model_dump() if isinstance(t, Turn) else t for t in body.history]
    try:
        # Requests run in parallel threads: ONNX Runtime sessions run concurrently and the
        # embedders only read their weights; DuckDB gets a cursor each.
        return respond(
            index,
            body.input,
            mode=mode,
            history=history,  # type: ignore[arg-type]
            as_of=body.as_of,
        )
    except InputError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc


def create_app(settings: Settings, index: LoadedIndex | None = None) -> FastAPI:
    """An app serving ``index`` (loaded from ``settings`` at start-up when not given)."""

    reload_lock = threading.Lock()

    def reload_index() -> tuple[str, str]:
        """Load the index that `current` now points to and swap it in.

        The new index is loaded and warmed completely before the swap; requests already running
        keep the index object they started with, so none is dropped.
        """
        with reload_lock:
            old = app.state.index
            new = load_index(settings)
            new.embedder  # noqa: B018 - warm before it serves
            app.state.index = new
            before = old.manifest["key"] if old else ""
            log.info("index reloaded: %s -> %s", before, new.manifest["key"])
            return before, new.manifest["key"]

    def reload_in_background(signum: int, frame: object) -> None:
        def run() -> None:
            try:
                reload_index()
            except Exception:  # the old index keeps serving
                log.exception("reload on SIGHUP failed; the previous index keeps serving")

        threading.Thread(target=run, daemon=True).start()

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if getattr(app.state, "index", None) is None:
            app.state.index = load_index(settings)
        app.state.index.embedder  # noqa: B018 - load the query model before the first request
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGHUP, reload_in_background)
        yield

    app = FastAPI(
        title="Faktasjekk: introduksjonsprogrammet og integreringstilskuddet",
        version="0.1.0",
        description="Answers questions and checks claims with cited passages and computed "
        "figures. Every result has the same shape; see /docs.",
        lifespan=lifespan,
        docs_url=None,  # served by pages.py from installed files, under the app's own CSP
        redoc_url=None,
    )
    app.state.index = index
    app.state.settings = settings
    app.state.rate_limit = RateLimit(settings.rate_limit)
    limited = [Depends(rate_limited)]

    def limits() -> dict[str, int]:
        return {
            "input_chars": MAX_INPUT_CHARS,
            "history_items": MAX_HISTORY,
            "body_bytes": settings.max_body_bytes,
        }

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        problems = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "body"
            problems.append(f"{where}: {err.get('msg', 'invalid')}")
        if wants_page(request):
            from .ui import UI

            lang = request.query_params.get("lang")
            detail = "; ".join(problems) or "invalid request"
            text = UI[lang if lang in UI else "nb"]["err_invalid"].format(detail=detail)
            return error_page(request, 422, text)
        return JSONResponse(
            {"error": "; ".join(problems) or "invalid request", "limits": limits()},
            status_code=422,
        )

    @app.exception_handler(StarletteHTTPException)  # also the framework's own 404 and 405
    async def http_error(request: Request, exc: StarletteHTTPException):
        if wants_page(request):
            return error_page(
                request, exc.status_code, str(exc.detail), getattr(exc, "headers", None)
            )
        body: dict[str, Any] = {"error": exc.detail}
        if exc.status_code == 422:  # an input the pipeline refused: the same shape as above
            body["limits"] = limits()
        return JSONResponse(
            body,
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    @app.post(
        "/api/ask",
        response_model=Result,
        tags=["answers"],
        dependencies=limited,
        responses=ERRORS,
    )
    def api_ask(body: AskBody, index: IndexDep) -> Result:
        """Answer a question (a statement is checked as a claim)."""
        return _answer(index, body, None)

    @app.post(
        "/api/check",
        response_model=Result,
        tags=["answers"],
        dependencies=limited,
        responses=ERRORS,
    )
    def api_check(body: AskBody, index: IndexDep) -> Result:
        """Check a claim: supported, partly_supported, contradicted or not_enough_evidence."""
        return _answer(index, body, "claim")

    @app.post(
        "/api/check-text",
        response_model=TextReport,
        tags=["answers"],
        dependencies=limited,
        responses=ERRORS,
    )
    def api_check_text(body: TextBody, index: IndexDep) -> TextReport:
        """Find every checkable claim in a text and check each, as of the given date."""
        try:
            return check_text(
                index, body.text, as_of=body.as_of.isoformat() if body.as_of else None
            )
        except InputError as exc:
            raise HTTPException(status_code=422, detail=str(exc)) from exc

    @app.get("/api/sources", tags=["sources"])
    def api_sources(index: IndexDep) -> dict[str, Any]:
        from .views import source_list

        return source_list(index)

    @app.get(
        "/api/sources/{source_id}",
        tags=["sources"],
        responses={404: {"model": ErrorBody, "description": "No such source"}},
    )
    def api_source(source_id: str, index: IndexDep) -> dict[str, Any]:
        from .views import source_detail

        found = source_detail(index, source_id)
        if found is None:
            raise HTTPException(404, f"no source with id {source_id!r}")
        return found

    @app.post("/admin/reload", tags=["operations"])
    def admin_reload(request: Request) -> dict[str, Any]:
        """Swap in a rebuilt index without a restart. Needs `Authorization: Bearer <token>`."""
        token = settings.admin_token
        given = request.headers.get("authorization", "")
        if not token:
            raise HTTPException(404, "not found")
        if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
            raise HTTPException(
                401, "a valid admin token is required", headers={"WWW-Authenticate": "Bearer"}
            )
        try:
            before, after = reload_index()
        except IndexProblem as exc:
            raise HTTPException(
                409, f"the new index cannot be loaded ({exc}); the previous one keeps serving"
            ) from exc
        return {
            "status": "reloaded" if before != after else "unchanged",
            "index": after,
            "previous": before,
        }

    @app.get("/healthz", tags=["operations"])
    def healthz(index: IndexDep) -> dict[str, Any]:
        return {
            "status": "ok",
            "index": index.manifest["key"],
            "passages": len(index.passages),
            "model": index.manifest["model"]["name"],
        }

    from .pages import router as pages_router

    app.include_router(pages_router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    # Outermost first: headers and logs wrap everything, then the body limit, origin, CORS.
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.origins,
        allow_methods=["GET", "POST"],
        allow_headers=["content-type"],
        max_age=600,
    )
    app.add_middleware(OriginCheck, allowed=settings.origins)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    return app
