"""The ``assistant`` command. Thin: parse arguments, call a stage, print the result.

Heavy libraries are imported inside the commands, so ``assistant --help`` is instant.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from .config import Settings

app = typer.Typer(
    help="Fact-checking assistant for the Norwegian introduction programme and integration grant.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
bench_app = typer.Typer(
    help="Benchmarks that print figures (see docs/BENCHMARKS.md).", no_args_is_help=True
)
app.add_typer(bench_app, name="bench")
corpus_app = typer.Typer(help="Work on the corpus (corpus/ and seeds/).", no_args_is_help=True)
app.add_typer(corpus_app, name="corpus")

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

IndexDir = Annotated[
    Optional[Path],  # noqa: UP045 - typer needs Optional here
    typer.Option("--index-dir", help="Index folder (default: index/, or $ASSISTANT_INDEX_DIR)."),
]


WriteTo = Annotated[
    Optional[Path],  # noqa: UP045 - typer needs Optional here
    typer.Option("--write", help="Also write the table into this Markdown file's section."),
]


def _settings(index_dir: Path | None = None) -> Settings:
    try:
        return Settings.from_env(index_dir=index_dir)
    except ValueError as exc:
        _fail(str(exc))


def _fail(message: str, code: int = 2):
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def _emit(table: str, write: Path | None, section: str) -> None:
    """Print a benchmark table; with --write, also put it into that Markdown file's section."""
    out.print(table, highlight=False)
    if write:
        from .bench.report import update_markdown

        update_markdown(write, section, table)
        out.print(f"Written to {write}")


def _load(settings: Settings):
    from .indexing.store import IndexProblem, load_index

    try:
        return load_index(settings)
    except IndexProblem as exc:
        _fail(str(exc))


@app.command()
def index(
    force: Annotated[
        bool, typer.Option("--force", help="Rebuild even if nothing changed.")
    ] = False,
    index_dir: IndexDir = None,
) -> None:
    """Build index/ from corpus/ and seeds/ (atomic; a no-op when nothing changed)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .corpus import CorpusError
    from .indexing.build import build_index

    settings = _settings(index_dir)
    tasks: dict[str, int] = {}
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        try:
            report = build_index(settings, force=force, progress=progress)
        except CorpusError as exc:
            _fail(f"{exc}\nNothing was written; the previous index (if any) is unchanged.")
    if not report.rebuilt:
        out.print(
            f"Index is up to date ({report.passages} passages, {report.documents} "
            f"documents, {report.tables} tables) at {report.path}"
        )
        return
    timings = ", ".join(f"{k} {v:.1f}s" for k, v in report.timings.items())
    out.print(
        f"Built index {report.key}: {report.passages} passages from {report.documents} "
        f"documents, {report.tables} tables; {report.duplicates_removed} repeated "
        f"paragraphs skipped.\n{timings}\n{report.path}"
    )
    if report.query_engine_note:
        err.print(
            f"Note: questions will be embedded by sentence-transformers (slower, imports torch): "
            f"{report.query_engine_note}",
            markup=False,
        )


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="The question or words to search for.")],
    k: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option("-k", "--top", min=1, max=100, help="How many passages (default: top_k)."),
    ] = None,
    mode: Annotated[str, typer.Option(help="hybrid, dense or lexical.")] = "hybrid",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    index_dir: IndexDir = None,
) -> None:
    """Ranked passages with source, score and text."""
    from .retrieval.hybrid import MODES
    from .retrieval.hybrid import search as run_search

    if mode not in MODES:
        _fail(f"--mode must be one of {', '.join(MODES)}, not {mode!r}")
    if not query.strip():
        _fail("the query is empty")
    settings = _settings(index_dir)
    loaded = _load(settings)
    hits = run_search(loaded, query, k=k or settings.top_k, mode=mode)  # type: ignore[arg-type]
    if as_json:
        rows = []
        for hit in hits:
            doc = loaded.documents[hit.passage.doc_id]
            rows.append(
                {
                    "rank": hit.rank,
                    "score": round(hit.score, 6),
                    "dense": round(hit.dense, 6),
                    "lexical": round(hit.lexical, 6),
                    "passage_id": hit.passage.id,
                    "source_id": doc.id,
                    "title": doc.title,
                    "publisher": doc.publisher,
                    "published": doc.published,
                    "url": doc.url,
                    "heading": hit.passage.heading,
                    "text": hit.passage.text,
                    "start": hit.passage.start,
                    "end": hit.passage.end,
                }
            )
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    for hit in hits:
        doc = loaded.documents[hit.passage.doc_id]
        out.print(
            f"[bold]{hit.rank}.[/] [cyan]{doc.publisher}[/]: {doc.title} "
            f"({doc.published}) [dim]score {hit.score:.4f} · {hit.passage.id}[/]",
            highlight=False,
        )
        if hit.passage.heading:
            out.print(f"   [italic]{hit.passage.heading}[/]", highlight=False)
        out.print(f"   {hit.passage.text}\n", highlight=False)


AsOf = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--as-of", help="Judge by what was published by this date (YYYY-MM-DD)."),
]
AsJson = Annotated[bool, typer.Option("--json", help="JSON (JSON Lines when reading stdin).")]


def _respond_all(
    text: str,
    mode: str | None,
    as_of: str | None,
    as_json: bool,
    index_dir: Path | None,
    claimreview: bool = False,
) -> None:
    """Answer one input, or with ``-`` one per line of standard input."""
    from .answers.pipeline import respond
    from .answers.render import render_text
    from .understanding.query import InputError, parse_as_of

    try:
        parse_as_of(as_of)
    except InputError as exc:
        _fail(str(exc))
    if text == "-":
        inputs = [line.strip() for line in sys.stdin if line.strip()]
        if not inputs:
            _fail("standard input held no lines to check")
    else:
        inputs = [text]
    settings = _settings(index_dir)
    loaded = _load(settings)
    failed = 0
    for item in inputs:
        try:
            result = respond(loaded, item, mode=mode, as_of=as_of)  # type: ignore[arg-type]
        except InputError as exc:
            failed += 1
            if as_json:
                sys.stdout.write(
                    json.dumps({"input": item, "error": str(exc)}, ensure_ascii=False) + "\n"
                )
            else:
                err.print(f"[bold red]error:[/] {exc}: {item[:80]!r}", highlight=False)
            continue
        indent = None if text == "-" else 2
        if claimreview:
            review = _review(result, settings, as_of)
            sys.stdout.write(json.dumps(review, ensure_ascii=False, indent=indent) + "\n")
        elif as_json:
            sys.stdout.write(result.model_dump_json(indent=indent) + "\n")
        else:
            out.print(render_text(result), highlight=False)
            if len(inputs) > 1:
                out.print("─" * 60, highlight=False)
    if failed:
        raise typer.Exit(1)


@app.command()
def ask(
    text: Annotated[str, typer.Argument(help="A question (or a claim), or - to read lines.")],
    as_of: AsOf = None,
    as_json: AsJson = False,
    index_dir: IndexDir = None,
) -> None:
    """Answer a question with cited passages and computed figures. A statement is checked."""
    _respond_all(text, None, as_of, as_json, index_dir)


@app.command()
def check(
    text: Annotated[
        Optional[str],  # noqa: UP045
        typer.Argument(help="A claim, or - to read one claim per line."),
    ] = None,
    text_file: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--text", help="Check a whole text (plain or Markdown): a file, or -."),
    ] = None,
    as_of: AsOf = None,
    as_json: AsJson = False,
    claimreview: Annotated[
        bool,
        typer.Option(
            "--claimreview",
            help="schema.org ClaimReview JSON-LD instead (for publishing; ASSISTANT_PUBLIC_URL "
            "sets the address the reviews link to).",
        ),
    ] = False,
    index_dir: IndexDir = None,
) -> None:
    """Check a claim (supported, partly_supported, contradicted, not_enough_evidence), or with
    --text find and check every claim in an article, speech or transcript."""
    if text_file is None:
        if text is None:
            _fail("give a claim, - for one claim per line, or --text FILE")
        _respond_all(text, "claim", as_of, as_json, index_dir, claimreview)
        return
    if text is not None:
        _fail("give either a claim or --text, not both")
    _check_text(text_file, as_of, as_json, index_dir, claimreview)


def _review(result, settings: Settings, as_of: str | None, author=None, date=None, url=None):
    """A result as ClaimReview JSON-LD, linked to its page under the public address."""
    from datetime import date as _date

    from .answers.claimreview import claim_review
    from .web.links import permalink

    match = result.match
    return claim_review(
        result,
        url=settings.public_url.rstrip("/")
        + permalink(result.input, "check", as_of, [], result.language),
        date_published=_date.today().isoformat(),
        claim_author=author or ((match.said_by or None) if match else None),
        claim_date=date or ((match.said_when or None) if match else None),
        appearance=url,
    )


def _check_text(
    source: str,
    as_of: str | None,
    as_json: bool,
    index_dir: Path | None,
    claimreview: bool = False,
) -> None:
    from .answers.report import render_markdown
    from .answers.textcheck import check_text
    from .understanding.query import InputError, parse_as_of

    if source == "-":
        body = sys.stdin.read()
    else:
        path = Path(source)
        if not path.is_file():
            _fail(f"{source}: no such file")
        try:
            body = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            _fail(f"{source}: not UTF-8 text")
    try:
        parse_as_of(as_of)
        settings = _settings(index_dir)
        loaded = _load(settings)
        report = check_text(loaded, body, as_of=as_of)
    except InputError as exc:
        _fail(str(exc))
    if claimreview:
        from .answers.textcheck import split_metadata

        meta = split_metadata(body)[0]
        author = meta.get("author") or meta.get("publisher")
        reviews = [
            _review(
                c.result,
                settings,
                report.as_of,
                author=str(author) if author else None,
                date=str(meta.get("published") or meta.get("date") or "") or None,
                url=str(meta["url"]) if meta.get("url") else None,
            )
            for c in report.claims
            if c.result.checkable
        ]
        sys.stdout.write(json.dumps(reviews, ensure_ascii=False, indent=2) + "\n")
        return
    if as_json:
        sys.stdout.write(report.model_dump_json(indent=2) + "\n")
    else:
        lang = (
            "en"
            if sum(c.result.language == "en" for c in report.claims) > len(report.claims) / 2
            else "nb"
        )
        sys.stdout.write(render_markdown(report, lang))


@app.command("eval")
def evaluate(
    write: WriteTo = None,
    index_dir: IndexDir = None,
) -> None:
    """Score the development sets: retrieval, figure exactness, verdicts, abstention."""
    from .bench.evaluate import render_markdown, run_eval

    settings = _settings(index_dir)
    if not settings.eval_dir.is_dir():
        _fail(f"{settings.eval_dir}: no such folder (set ASSISTANT_EVAL_DIR)")
    loaded = _load(settings)
    table = render_markdown(run_eval(loaded, settings.eval_dir))
    _emit(table, write, "eval")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    build: Annotated[
        bool, typer.Option("--build", help="Build the index first if needed.")
    ] = False,
    index_dir: IndexDir = None,
) -> None:
    """Serve the chat page, the HTTP API and the widget."""
    import logging
    import os

    import uvicorn

    from .indexing.store import IndexProblem, load_index
    from .web.app import create_app

    if "ASSISTANT_THREADS" not in os.environ:
        os.environ["ASSISTANT_THREADS"] = "1"  # one core per request; requests run in parallel
    settings = _settings(index_dir)
    if build:
        index(force=False, index_dir=index_dir)
    try:
        loaded = load_index(settings)
    except IndexProblem as exc:
        _fail(f"{exc} (or start with `assistant serve --build`)")
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    err.print(
        f"Serving {loaded.manifest['counts']['passages']} passages on http://{host}:{port}/ "
        f"(API docs at /docs; widget at /widget.js)",
        highlight=False,
    )
    uvicorn.run(
        create_app(settings, loaded), host=host, port=port, log_level="warning", access_log=False
    )


@corpus_app.command("check")
def corpus_check() -> None:
    """Check the corpus can be cited: one publisher, date and URL per document, a status tag on
    every sentence of a summary, figures that agree with their tables, no working notes, card
    release dates. One line per problem (file:line: what) and exit code 1, or one OK line."""
    from .corpus.check import check_corpus

    settings = _settings()
    report = check_corpus(settings.corpus_dir, settings.seeds_dir)
    if report.ok:
        out.print(report.summary(), highlight=False)
        return
    for problem in report.problems:
        out.print(str(problem), highlight=False, markup=False)
    err.print(f"{len(report.problems)} problem(s) in the corpus.", highlight=False)
    raise typer.Exit(1)


@bench_app.command("retrieval")
def bench_retrieval(
    questions: Annotated[Optional[Path], typer.Option(help="questions.jsonl")] = None,  # noqa: UP045
    write: WriteTo = None,
    index_dir: IndexDir = None,
) -> None:
    """R@1, R@3 and MRR for lexical, dense and hybrid retrieval, Norwegian and English."""
    from .bench.retrieval import render_markdown, run_retrieval_benchmark

    settings = _settings(index_dir)
    path = questions or settings.eval_dir / "questions.jsonl"
    if not path.is_file():
        _fail(f"{path}: no such file (set --questions or ASSISTANT_EVAL_DIR)")
    loaded = _load(settings)
    result = run_retrieval_benchmark(loaded, path)
    table = render_markdown(result)
    _emit(table, write, "retrieval")


@bench_app.command("matching")
def bench_matching(
    write: WriteTo = None,
    index_dir: IndexDir = None,
) -> None:
    """Claim matching against the register: precision, recall, polarity and confident errors
    on held-out paraphrases and near misses, over a sweep of the acceptance threshold."""
    from .bench.matching import render_markdown, run_matching_benchmark

    loaded = _load(_settings(index_dir))
    _emit(render_markdown(run_matching_benchmark(loaded)), write, "matching")


@bench_app.command("index")
def bench_index(
    write: WriteTo = None,
) -> None:
    """Time a cold index build (empty model cache) and a rebuild with nothing changed."""
    from .bench.index import render_markdown, run_index_benchmark

    table = render_markdown(run_index_benchmark())
    _emit(table, write, "index")


@bench_app.command("scale")
def bench_scale(
    sizes: Annotated[str, typer.Option(help="Synthetic corpus sizes, comma-separated.")] = (
        "10000,100000,1000000"
    ),
    queries: Annotated[int, typer.Option(min=10, max=10000, help="Queries per size.")] = 200,
    write: WriteTo = None,
) -> None:
    """Exact vs approximate vector search on synthetic passages: build time, size, memory,
    latency and recall (1M takes about 20 minutes on 2 cores)."""
    from .bench.scale import render_markdown, run_scale_benchmark

    counts = _whole_numbers(sizes, "--sizes", 100, 5_000_000, "100 and 5 000 000")

    def progress(stage: str, done: int, total: int) -> None:
        err.print(f"{stage}: {done}/{total}", highlight=False)

    _emit(render_markdown(run_scale_benchmark(counts, queries, progress=progress)), write, "scale")


def _whole_numbers(text: str, option: str, low: int, high: int, bounds: str) -> list[int]:
    """A comma-separated option such as ``--clients 1,8,32``, each number in [low, high]."""
    try:
        numbers = [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        _fail(f"{option} must be whole numbers separated by commas, not {text!r}")
    if not numbers or any(n < low or n > high for n in numbers):
        _fail(f"{option} must be between {bounds}")
    return numbers


@bench_app.command("web")
def bench_web(
    clients: Annotated[
        str, typer.Option(help="Concurrent clients per run, comma-separated.")
    ] = "1,8,32",
    seconds: Annotated[float, typer.Option(min=1, max=600, help="Length of each run.")] = 30,
    soak_minutes: Annotated[
        float, typer.Option(min=0, max=60, help="Then a soak of this many minutes (memory).")
    ] = 0,
    write: WriteTo = None,
    index_dir: IndexDir = None,
) -> None:
    """Start the server on loopback, time readiness, load it, and report memory."""
    from .bench.web import render_markdown, run_web_benchmark

    settings = _settings(index_dir)
    counts = _whole_numbers(clients, "--clients", 1, 256, "1 and 256")
    _load(settings)  # fail early and clearly when there is no index
    env = {"ASSISTANT_INDEX_DIR": str(settings.index_dir)}
    table = render_markdown(
        run_web_benchmark(settings.eval_dir, counts, seconds, env, soak_minutes * 60)
    )
    _emit(table, write, "web")


def main() -> None:
    app()
