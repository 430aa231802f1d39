"""Fuzzing: property-based tests (hypothesis) of the claim reader, the pipeline, the HTTP API and
the CLI, and a schema-driven run (schemathesis) against the app's own OpenAPI.

Every generated case must end in a normal answer or a clear 4xx (the CLI: exit 0, 1 or 2), never
a 500, a hang or a leaked trace. The HTTP tests count what reaches the app; together they send
well over 10 000 requests, and the last test checks that they did. FUZZ_SCALE=0.1 makes a quick
local run with a tenth of the examples.
"""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jsonschema
import pytest
import schemathesis
from conftest import repo_catalog, repo_corpus
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from typer.testing import CliRunner

from assistant.answers.models import Result
from assistant.answers.pipeline import MAX_INPUT_CHARS, InputError, respond
from assistant.answers.textcheck import MAX_TEXT_CHARS
from assistant.claims.detect import detect
from assistant.cli import app as cli_app
from assistant.text.numbers import stated_numbers
from assistant.understanding.frames import parts_of
from assistant.understanding.query import detect_language
from assistant.understanding.reading import read
from assistant.web.app import create_app

REPO = Path(__file__).resolve().parent.parent
RESULT_SCHEMA = json.loads((REPO / "docs" / "result.schema.json").read_text())
ALLOWED = "https://avis.example"
VERDICTS = {None, "supported", "partly_supported", "contradicted", "not_enough_evidence"}
TODAY = date(2024, 6, 1)

#: no request may take longer than this on an idle machine: a typical answer takes 0.1 s and
#: the costliest legitimate one (2000 characters on the topic to embed) about 1 s
REQUEST_BUDGET = 5.0

SCALE = float(os.environ.get("FUZZ_SCALE", "1"))


def _examples(n: int) -> int:
    return max(1, int(n * SCALE))


#: the HTTP tests and the schemathesis run together send more than MIN_REQUESTS requests
MIN_REQUESTS = 10_000
JSON_EXAMPLES = _examples(600)  # x 3 endpoints x 2 content types
RAW_EXAMPLES = _examples(550)  # x 8 endpoints
FORM_EXAMPLES = _examples(250)  # x 3 endpoints
GET_EXAMPLES = _examples(600)
SCHEMA_EXAMPLES = _examples(1000)

FUZZ = settings(
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=list(HealthCheck),
)


class Hang(Exception):
    pass


@contextmanager
def within(seconds: float, what: str) -> Iterator[None]:
    """Interrupt a call in the main thread that takes longer than ``seconds`` (a hang)."""

    def expire(signum: int, frame: Any) -> None:
        raise Hang(f"{what} took longer than {seconds:.1f} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def busy() -> float:
    """How much slower than idle this machine runs now (load average per core, at least 1)."""
    return max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1))


def text_budget(text: str) -> float:
    """Seconds a pure text function may take: 1 s, plus 1 s per 25 000 characters."""
    return (1.0 + len(text) / 25_000) * busy()


# ---------------------------------------------------------------------------------------------
# Strategies

ODD_NUMBERS = [
    "1e308",
    "1e309",
    "-1e308",
    "1e-400",
    "9" * 400,
    "9" * 400 + " prosent",
    "0." + "0" * 300 + "1 %",
    "٣٤",
    "٣٤ prosent",
    "١٢٣٤٥ personer",
    "１２",
    "１２ prosent",
    "۱۲۳۴",
    "१२ %",
    "½",
    "²³",
    "Ⅻ",
    "NaN",
    "nan prosent",
    "inf %",
    "Infinity",
    "-0",
    "0x1F",
    "1_000",
    "1 000 000",
    "1\u00a0000,5 prosent",
    "1\u202f000",
    "12,5 %",
    "12.5.3",
    ".5 prosent",
    "5. prosent",
    "−12 prosent",
    "1,2,3,4",
    "00000012",
    "3,14e-10",
    "99,9999999999999999999 %",
    "20 – 30 prosent",
    "2016–17",
    "2016-2099",
    "19999",
    "i 0",
    "år 10000",
]
SHAPED = [
    "'; DROP TABLE passages; --",
    '" OR 1=1 --',
    "1; SELECT * FROM figures WHERE 1=1",
    "' UNION SELECT NULL, version() --",
    "$year_from",
    "?",
    "%s %d {0} {input}",
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(2)>",
    '"><svg onload=alert(3)>',
    "</textarea><script>alert(4)</script>",
    "[x](javascript:alert(5))",
    "&lt;b&gt; &amp; &#x3C;script",
    "{{ 7*7 }}",
    "{% for x in y %}",
    "${7*7}",
    "---\ntitle: <script>\npublished: 2017-13\n---\n",
    "---\n[unclosed\n---\n",
    "# Overskrift\n\n",
    "../../../../etc/passwd",
    "%00%0d%0a",
    "\\u0000\\x00",
    "\u202eRTL",
    "\ufeffBOM",
    "zero\u200bwidth",
    "e\u0301",
    "😀👍🏽",
    "ﷺ",
    "𝕴𝖓𝖙𝖊𝖌𝖗𝖊𝖗𝖎𝖓𝖌",
]
DOMAIN = [
    "Hvor mange deltok i introduksjonsprogrammet i 2018?",
    "Integreringstilskuddet dekket over 99 prosent av kommunenes utgifter i 2016.",
    "Oslo hadde høyest andel som gikk direkte over til arbeid eller utdanning i 2016.",
    "Og for menn?",
    "What about Sweden?",
    "How many refugees were in work one year after the programme?",
    "Fafo-evalueringen viser at 57 prosent var i arbeid, og at 9 prosent var i utdanning.",
    "nesten halvparten",
    "flertallet av deltakerne",
    "f.eks. ca. 3 mill. kr.",
    "i fjor",
    "this year",
    "kvinner",
    "women",
    "fylke",
    "avsluttet i 2015",
    "sverige og norge",
]
CONTROL = st.characters(max_codepoint=0x1F) | st.sampled_from(["\x7f", "\x85", "\u2028", "\u2029"])
SURROGATES = st.sampled_from(["\ud800", "\udcff", "\udfff", "\udbff\udc00"])

FRAGMENT = st.one_of(
    st.text(max_size=30),
    st.lists(CONTROL | st.sampled_from(["\x1b[31m", "\r\n"]), min_size=1, max_size=8).map("".join),
    st.sampled_from(ODD_NUMBERS),
    st.sampled_from(SHAPED),
    st.sampled_from(DOMAIN),
    st.integers().map(str),
    st.floats().map(str),
)
#: text as a reader types it: words, numbers in odd formats, markup, control characters
TEXT = st.one_of(
    st.lists(FRAGMENT, max_size=12).map(" ".join),
    st.text(max_size=200),
    # long runs: mostly over the input limit (embedding 2000 in-domain characters takes ~1 s)
    st.builds(lambda chunk, n: (chunk * n)[:2500], FRAGMENT, st.sampled_from([2, 3, 1000])),
)
#: the same, with lone surrogates (what Python makes of non-UTF-8 bytes in argv or stdin)
ANY_TEXT = TEXT | st.lists(TEXT | SURROGATES, min_size=1, max_size=4).map("".join)

AS_OF = st.one_of(
    st.none(),
    st.dates().map(date.isoformat),
    st.sampled_from(
        [
            "",
            "2017-11-30",
            "30.11.2017",
            "2017-02-30",
            "0001-01-01",
            "9999-12-31",
            "2017-W48-4",
            "20171130",
            "2017-11-30T12:00:00",
            "٢٠١٧-١١-٣٠",
            "+02017-11-30",
            "2017-11-30\x00",
            "2017-11-30' OR '1'='1",
            "<script>alert(1)</script>",
        ]
    ),
    st.text(max_size=20),
)
SOME_AS_OF = AS_OF.filter(lambda v: v is not None)

JSON_LEAF = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**300), max_value=10**300),
    st.floats(),
    st.text(max_size=40),
    st.sampled_from(ODD_NUMBERS + SHAPED + DOMAIN),
)
JSON_ANY = st.recursive(
    JSON_LEAF,
    lambda kids: (
        st.lists(kids, max_size=6)
        | st.dictionaries(
            st.text(max_size=12) | st.sampled_from(["input", "history", "text"]), kids, max_size=6
        )
    ),
    max_leaves=15,
)
TURN = st.fixed_dictionaries(
    {},
    optional={
        "role": st.sampled_from(["user", "assistant", "system", "", "USER"]) | JSON_LEAF,
        "content": TEXT | JSON_LEAF,
        "input": TEXT,
        "extra": JSON_LEAF,
    },
)
ASK_BODY = st.fixed_dictionaries(
    {},
    optional={
        "input": TEXT | TEXT | JSON_ANY,
        "history": st.lists(TURN | TEXT | JSON_LEAF, max_size=5)
        | st.integers(19, 23).map(lambda n: ["Og for menn?"] * n)  # at and over the limit
        | JSON_ANY,
        "as_of": AS_OF | JSON_ANY,
        "mode": st.sampled_from(["claim", "question"]) | JSON_LEAF,
        "extra": JSON_ANY,
    },
)
TEXT_BODY = st.fixed_dictionaries(
    {},
    optional={
        "text": st.lists(TEXT, max_size=6).map("\n\n".join) | JSON_ANY,
        "as_of": AS_OF | JSON_ANY,
        "extra": JSON_ANY,
    },
)


def _nested(depth: int, shape: str) -> bytes:
    """JSON nested ``depth`` levels deep, raw (json.dumps would hit the recursion limit)."""
    if shape == "list":
        return ("[" * depth + "]" * depth).encode()
    if shape == "dict":
        return ('{"a":' * depth + "1" + "}" * depth).encode()
    value = ("[" * depth + '"x"' + "]" * depth).encode()
    if shape == "input":
        return b'{"input": ' + value + b"}"
    return b'{"input": "Hvem evaluerte programmet?", "history": ' + value + b"}"


DEEP_JSON = st.builds(
    _nested, st.integers(1, 3000), st.sampled_from(["list", "dict", "input", "history"])
)
ODD_JSON = st.builds(
    lambda key, raw: ('{"%s": %s}' % (key, raw)).encode(),  # noqa: UP031 - raw JSON on purpose
    st.sampled_from(["input", "text", "as_of", "history"]),
    st.sampled_from(
        [
            "1e999",
            "-1e999",
            "NaN",
            "Infinity",
            "-0",
            "0x10",
            "1_000",
            "01",
            "1.",
            "+1",
            ".5",
            "9" * 5000,
            "1e-999",
            "٣٤",
            '"\\ud800"',
            '"\\u0000"',
            '"a" "b"',
            "[1,]",
            "{}",
            "true",
            '"' + "x" * 3000 + '"',
        ]
    ),
)
JSON_BYTES = st.one_of(
    JSON_ANY.map(lambda v: json.dumps(v).encode()),
    ASK_BODY.map(lambda v: json.dumps(v).encode()),
    ASK_BODY.map(lambda v: json.dumps(v, ensure_ascii=False).encode()),
    TEXT_BODY.map(lambda v: json.dumps(v).encode()),
    DEEP_JSON,
    ODD_JSON,
)


def _multipart(fields: list[tuple[str, bytes]], boundary: str, cut: int | None) -> bytes:
    body = (
        b"".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value
            + b"\r\n"
            for name, value in fields
        )
        + f"--{boundary}--\r\n".encode()
    )
    return body if cut is None else body[:cut]


FIELD_NAMES = st.sampled_from(["input", "text", "mode", "as_of", "lang", "h", "q", "x"]) | st.text(
    st.characters(min_codepoint=0x20, max_codepoint=0x7E, exclude_characters='"'), max_size=10
)
FIELD_VALUES = TEXT.map(lambda t: t.encode("utf-8")) | st.binary(max_size=200)
MULTIPART = st.builds(
    _multipart,
    st.lists(st.tuples(FIELD_NAMES, FIELD_VALUES), max_size=8),
    st.just("fuzzboundary"),
    st.none() | st.integers(0, 400),
)
URLENCODED = st.lists(st.tuples(FIELD_NAMES, TEXT | st.binary(max_size=50)), max_size=8).map(
    lambda pairs: "&".join(
        quote(k) + "=" + quote(v if isinstance(v, bytes) else v.encode("utf-8", "replace"))
        for k, v in pairs
    ).encode()
)
RAW_BODY = st.one_of(
    st.binary(max_size=3000),
    TEXT.map(lambda t: t.encode("utf-8")),
    TEXT.map(lambda t: t.encode("utf-16")),
    TEXT.map(lambda t: t.encode("latin-1", "replace")),
    JSON_BYTES,
    MULTIPART,
    URLENCODED,
)
CONTENT_TYPES = st.one_of(
    st.sampled_from(
        [
            None,
            "application/json",
            "application/json; charset=utf-8",
            "application/json; charset=latin-1",
            "application/json; charset=nonsense",
            "application/vnd.api+json",
            "text/plain",
            "text/html",
            "application/xml",
            "multipart/form-data",
            "multipart/form-data; boundary=fuzzboundary",
            "multipart/form-data; boundary=",
            "multipart/form-data; boundary=" + "b" * 200,
            "application/x-www-form-urlencoded",
            "application/x-www-form-urlencoded; charset=utf-16",
            "application/octet-stream",
            "*/*",
            "",
            ";;;",
        ]
    ),
    st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=60),
)
HEADER_TEXT = st.text(
    st.characters(min_codepoint=0x20, max_codepoint=0xFF) | st.just("\t"), max_size=80
)
ORIGINS = (
    st.none()
    | st.sampled_from(
        [ALLOWED, ALLOWED + "/", "http://testserver", "https://evil.example", "null", "", "*"]
    )
    | HEADER_TEXT
)
API_PATHS = ["/api/ask", "/api/check", "/api/check-text"]
FORM_PATHS = ["/", "/ui/answer", "/check"]
POST_PATHS = [*API_PATHS, *FORM_PATHS]


# ---------------------------------------------------------------------------------------------
# What every response must look like

LEAKS = ("Traceback", 'File "/', '.py", line', "site-packages", str(REPO))
OWN_SCRIPTS = {
    "/static/app.js",
    "/static/check.js",
    "/static/docs.js",
    "/docs/assets/swagger-ui-bundle.js",
    "/widget.js",
}


class _Markup(HTMLParser):
    """Tags and attributes as a browser reads them (escaped text is not markup)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.foreign_scripts: list[str] = []
        self.handlers: list[str] = []
        self.js_urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        data_block = values.get("type") == "application/ld+json" and "src" not in values
        if tag == "script" and values.get("src") not in OWN_SCRIPTS and not data_block:
            self.foreign_scripts.append(str(attrs))
        self.handlers += [name for name, _ in attrs if name.startswith("on")]
        for name in ("href", "src", "action", "formaction"):
            if (values.get(name) or "").strip().lower().startswith("javascript:"):
                self.js_urls.append(values[name] or "")

    handle_startendtag = handle_starttag


class Recorder:
    """Wraps the app: counts the requests each test sends and keeps every 5xx answered."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.by_test: Counter[str] = Counter()
        self.server_errors: list[tuple[str, str, int]] = []

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        test = os.environ.get("PYTEST_CURRENT_TEST", "?").split("::")[-1]
        self.by_test[test.split(" ")[0].split("[")[0]] += 1

        async def watch(message: dict) -> None:
            if message["type"] == "http.response.start" and message["status"] >= 500:
                self.server_errors.append((scope["method"], scope["path"], message["status"]))
            await send(message)

        await self.app(scope, receive, watch)


def _as_text(sent: Any) -> str:
    return sent.decode("latin-1") if isinstance(sent, bytes) else str(sent)


def check_response(
    status: int, headers: Any, body: bytes, sent: Any, elapsed: float, what: str
) -> None:
    """Not a 5xx, no hang, no trace; a JSON 4xx says what is wrong under "error"; no markup
    from the request comes back as markup."""
    text = body.decode("utf-8", "replace")
    assert status < 500, f"{what} -> {status}: {text[:500]}"
    assert elapsed < REQUEST_BUDGET * busy(), f"{what} took {elapsed:.1f} s (status {status})"
    sent_text = _as_text(sent)
    for marker in LEAKS:
        assert marker not in text or marker in sent_text, f"{what} leaks {marker!r}: {text[:500]}"
    content_type = headers.get("content-type") or ""
    if isinstance(content_type, list):  # schemathesis keeps every value of a header
        content_type = content_type[0] if content_type else ""
    if 400 <= status < 500 and content_type.startswith("application/json") and body:
        payload = json.loads(body)
        assert isinstance(payload, dict) and isinstance(payload.get("error"), str), (
            f"{what} -> {status} without an 'error' message: {text[:300]}"
        )
        assert payload["error"].strip(), f"{what} -> {status} with an empty 'error'"
    if content_type.startswith(("text/html", "image/svg")):
        markup = _Markup()
        markup.feed(text)
        assert not markup.foreign_scripts, f"{what}: injected <script>: {markup.foreign_scripts}"
        assert not markup.handlers, f"{what}: injected event handlers {markup.handlers}"
        assert not markup.js_urls, f"{what}: javascript: URL {markup.js_urls}"


def call(client: TestClient, method: str, url: str, sent: Any = None, **kwargs: Any) -> Any:
    started = time.perf_counter()
    res = client.request(method, url, **kwargs)
    elapsed = time.perf_counter() - started
    what = f"{method} {url[:100]} {_as_text(sent)[:200]!r}"
    check_response(res.status_code, res.headers, res.content, sent, elapsed, what)
    return res


# ---------------------------------------------------------------------------------------------
# Fixtures


@pytest.fixture(scope="module")
def recorder(built_settings, loaded, pytestconfig) -> Iterator[Recorder]:
    """The app as tests build it, without a rate limit in the way of the fuzzing."""
    settings = replace(built_settings, allowed_origins=ALLOWED, rate_limit="1000000/minute")
    rec = Recorder(create_app(settings, loaded))
    yield rec
    reporter = pytestconfig.pluginmanager.get_plugin("terminalreporter")
    capture = pytestconfig.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:
        counts = ", ".join(f"{name} {n}" for name, n in rec.by_test.most_common())
        with capture.global_and_fixture_disabled():
            reporter.write_line(
                f"\ntest_fuzz: {sum(rec.by_test.values())} requests ({counts}); "
                f"{len(rec.server_errors)} answered 5xx"
            )


@pytest.fixture(scope="module")
def client(recorder) -> Iterator[TestClient]:
    with TestClient(recorder, raise_server_exceptions=False) as c:
        yield c


# ---------------------------------------------------------------------------------------------
# 1. The claim reader (and the claim detector that cuts a text into claims for it)


def _check_reading(text: str) -> None:
    catalog = repo_catalog()
    with within(text_budget(text), f"read() of {len(text)} characters"):
        reading = read(text, detect_language(text), catalog, TODAY)
        parts_of(reading)
        numbers = stated_numbers(text)
    assert reading.language in ("nb", "en")
    assert reading.sex in ("all", "men", "women", "both")
    assert all(isinstance(y.year, int) for y in reading.years)
    for n in [*reading.numbers, *numbers]:
        assert isinstance(n.value, float) and math.isfinite(n.value), n
        assert n.high is None or (isinstance(n.high, float) and math.isfinite(n.high)), n


def _check_detection(text: str) -> None:
    with within(text_budget(text), f"detect() of {len(text)} characters"):
        found = detect(text, repo_corpus().lexicon)
    for sentence in found:  # offsets point into the text as given
        assert text[sentence.start : sentence.end] == sentence.text, sentence
        for claim in sentence.claims:
            assert text[claim.start : claim.end] == claim.text, claim


@settings(FUZZ, max_examples=_examples(1000))
@given(text=ANY_TEXT | st.text(st.characters(codec=None, exclude_categories=()), max_size=500))
@example("9" * 400 + " prosent")
@example("I 2018 deltok " + "9" * 400 + " personer")
@example("٣٤ prosent av ١٢٣٤٥ personer, １２ % i ２０１６")
@example("\x00\x01\x1b[31m 12,5 %\x7f\u2028 \udcff")
def test_reader_never_raises_and_reads_finite_numbers(text: str) -> None:
    _check_reading(text)


@settings(FUZZ, max_examples=_examples(300))
@given(text=st.lists(ANY_TEXT, max_size=8).map("\n".join))
def test_claim_detector_never_raises_and_points_into_the_text(text: str) -> None:
    _check_detection(text)


LONG_SHAPES = ["1", " \t", "a. ", "Integreringstilskuddet dekket 9,5 % i 2016. "]


@pytest.mark.parametrize("unit", LONG_SHAPES)
def test_reader_and_detector_are_quick_on_the_longest_text_the_app_accepts(unit: str) -> None:
    """/api/check-text takes up to MAX_TEXT_CHARS; one sentence of it can be the whole text."""
    text = (unit * (MAX_TEXT_CHARS // len(unit) + 1))[:MAX_TEXT_CHARS]
    _check_reading(text)
    _check_detection(text)


# ---------------------------------------------------------------------------------------------
# 2. The pipeline


def _check_respond(loaded, text: str, **kwargs: Any) -> Result | None:
    try:
        with within(REQUEST_BUDGET * busy(), f"respond() on {len(text)} characters"):
            result = respond(loaded, text, today=TODAY, **kwargs)
    except InputError as exc:
        assert str(exc).strip()
        return None
    assert isinstance(result, Result)
    payload = json.loads(result.model_dump_json())
    jsonschema.validate(payload, RESULT_SCHEMA)
    assert payload["verdict"] in VERDICTS
    if kwargs.get("mode") == "claim":
        assert payload["mode"] == "claim" and payload["verdict"] is not None
    return result


@settings(FUZZ, max_examples=_examples(150))
@given(
    text=ANY_TEXT,
    mode=st.sampled_from([None, "question", "claim"]),
    as_of=AS_OF,
    history=st.lists(TURN | TEXT | JSON_LEAF, max_size=4),
)
@example(text="integreringstilskudd \udcff", mode=None, as_of=None, history=[])
def test_respond_answers_or_raises_input_error(loaded, text, mode, as_of, history) -> None:
    _check_respond(loaded, text, mode=mode, as_of=as_of, history=history)


@settings(FUZZ, max_examples=_examples(30))
@given(chunk=TEXT.filter(lambda t: t.strip()), size=st.integers(MAX_INPUT_CHARS + 1, 1 << 20))
@example(chunk="a", size=1 << 20)
def test_respond_refuses_long_input(loaded, chunk: str, size: int) -> None:
    text = (chunk * (size // len(chunk) + 1))[:size]
    assume(len(" ".join(text.split())) > MAX_INPUT_CHARS)  # not mostly whitespace
    with (
        within(REQUEST_BUDGET * busy(), "respond() on long input"),
        pytest.raises(InputError) as info,
    ):
        respond(loaded, text, today=TODAY)
    assert str(MAX_INPUT_CHARS) in str(info.value)


# ---------------------------------------------------------------------------------------------
# 3. The HTTP API, in process


@settings(FUZZ, max_examples=JSON_EXAMPLES)
@given(
    body=JSON_BYTES,
    origin=st.none() | st.sampled_from([ALLOWED, "https://evil.example"]),
    other_type=CONTENT_TYPES,
)
def test_api_json_bodies(client, body: bytes, origin: str | None, other_type: str | None) -> None:
    """Each body is sent as JSON, and again under another (usually wrong) content type."""
    for content_type in ("application/json", other_type):
        headers = (
            [] if content_type is None else [(b"content-type", content_type.encode("latin-1"))]
        )
        if origin is not None:
            headers.append((b"origin", origin.encode()))
        for path in API_PATHS:
            res = call(client, "POST", path, body, content=body, headers=headers)
            if res.status_code == 200 and path != "/api/check-text":
                jsonschema.validate(res.json(), RESULT_SCHEMA)


@settings(FUZZ, max_examples=RAW_EXAMPLES)
@given(
    method=st.sampled_from(["POST"] * 6 + ["GET", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"]),
    body=RAW_BODY,
    content_type=CONTENT_TYPES,
    origin=ORIGINS,
    extra=st.lists(
        st.tuples(
            st.sampled_from(
                ["content-length", "host", "accept", "x-forwarded-for", "cookie", "authorization"]
            ),
            HEADER_TEXT,
        ),
        max_size=2,
    ),
)
def test_api_raw_bodies_and_headers(client, method, body, content_type, origin, extra) -> None:
    headers: list[tuple[bytes, bytes]] = [(k.encode(), v.encode("latin-1")) for k, v in extra]
    if content_type is not None:
        headers.append((b"content-type", content_type.encode("latin-1")))
    if origin is not None:
        headers.append((b"origin", origin.encode("latin-1")))
    for path in [*POST_PATHS, "/api/sources", "/a"]:
        call(client, method, path, (body, headers), content=body, headers=headers)


FORM_FIELDS = st.fixed_dictionaries(
    {"input": TEXT},
    optional={
        "text": st.lists(TEXT, max_size=4).map("\n\n".join),
        "mode": st.sampled_from(["ask", "check", "claim", ""]) | TEXT,
        "as_of": SOME_AS_OF,
        "lang": st.sampled_from(["nb", "en", "se", ""]) | TEXT,
        "h": st.lists(TEXT, max_size=6),
        "junk": TEXT,
    },
)


@settings(FUZZ, max_examples=FORM_EXAMPLES)
@given(fields=FORM_FIELDS, multipart=st.booleans())
@example(
    fields={
        "input": "<script>alert(1)</script> Hvem evaluerte programmet?",
        "text": "<script>alert(2)</script> Tilskuddet dekket 99 prosent i 2016.",
        "h": ["<b>x</b>"],
    },
    multipart=False,
)
def test_html_forms(client, fields: dict[str, Any], multipart: bool) -> None:
    pairs = [(k, v) for k, value in fields.items() for v in (value if k == "h" else [value])]
    body = _multipart([(k, v.encode()) for k, v in pairs], "fuzzboundary", None)
    for path in FORM_PATHS:
        if multipart:
            headers = {"content-type": "multipart/form-data; boundary=fuzzboundary"}
            call(client, "POST", path, fields, content=body, headers=headers)
        else:
            call(client, "POST", path, fields, data=dict(fields))


def _url(path: str, params: list[tuple[str, str]]) -> str:
    query = "&".join(f"{quote(k, safe='')}={quote(v, safe='')}" for k, v in params)
    return f"{path}?{query}" if query else path


QUERY_VALUE = TEXT | st.integers().map(str) | SOME_AS_OF
TABLES = [
    "beregningsutvalget_cover_ratios",
    "imdi_direct_transition_2016_by_county",
    "imdi_direct_transition_national",
    "ssb_one_year_after_status_by_exit_cohort",
    "ssb_participants_by_year",
]
GET_REQUEST = st.one_of(
    st.builds(
        lambda params: ("/a", params),
        st.lists(
            st.tuples(st.sampled_from(["q", "mode", "as_of", "lang", "h", "h", "x"]), QUERY_VALUE),
            max_size=8,
        ),
    ),
    st.builds(
        lambda lang, path: (path, [("lang", lang)]),
        QUERY_VALUE,
        st.sampled_from(["/", "/sources", "/demo", "/check"]),
    ),
    st.builds(
        lambda ident, prefix: (prefix + quote(ident, safe=""), []),
        TEXT.filter(lambda t: t not in ("", ".", "..")) | st.sampled_from(TABLES),
        st.sampled_from(["/sources/", "/api/sources/"]),
    ),
    st.builds(
        lambda params: ("/chart.svg", params),
        st.lists(
            st.tuples(
                st.sampled_from(
                    ["table", "measure", "key", "sex", "year_from", "year_to", "as_of"]
                ),
                QUERY_VALUE
                | st.sampled_from([*TABLES, "county_direct_work_or_education", "cover_ratio"]),
            ),
            max_size=8,
        ),
    ),
)


@settings(FUZZ, max_examples=GET_EXAMPLES)
@given(target=GET_REQUEST)
@example(target=("/a", [("q", "<script>alert(1)</script> Hvem evaluerte programmet?")]))
def test_pages_with_random_query_parameters(client, target) -> None:
    path, params = target
    call(client, "GET", _url(path, params), params)


def test_one_megabyte_body_is_refused_with_413(client) -> None:
    body = b'{"input": "' + b"a" * (1 << 20) + b'"}'

    def chunks() -> Iterator[bytes]:  # streamed: no Content-Length to go by
        for start in range(0, len(body), 65536):
            yield body[start : start + 65536]

    for path in POST_PATHS:
        res = call(client, "POST", path, body[:80], content=body, headers={"content-type": "x"})
        assert res.status_code == 413, path
        res = call(client, "POST", path, body[:80], content=chunks())
        assert res.status_code == 413, f"{path} (streamed)"


@pytest.mark.parametrize(
    ("method", "url", "kwargs"),
    [
        ("POST", "/api/ask", {"content": b"[" * 1000 + b"]" * 1000}),
        ("POST", "/api/ask", {"content": b'{"input": ' + b"9" * 5000 + b"}"}),
        ("PUT", "/api/ask", {"json": {"input": "hei"}}),
        ("GET", "/api/nothing-here", {}),
        (
            "POST",
            "/ui/answer",
            {
                "content": b"--b\r\nContent-Disposition: form-data\r\n\r\nx",
                "headers": {"content-type": "multipart/form-data; boundary=b"},
            },
        ),
    ],
    ids=["deep-json", "5000-digit-number", "wrong-method", "unknown-path", "broken-multipart"],
)
def test_framework_errors_use_the_error_envelope(client, method, url, kwargs) -> None:
    kwargs.setdefault("headers", {"content-type": "application/json"})
    res = call(client, method, url, kwargs.get("content", b""), **kwargs)
    assert 400 <= res.status_code < 500


LONG_DIGITS = "1" * 8000  # the longest history turn the API accepts
LONG_SPACES = " " * 8000
LONG_PROSE = ("Hvor mange deltok i introduksjonsprogrammet i 2018? " * 400)[:20_000]


@pytest.mark.parametrize(
    ("method", "url", "kwargs"),
    [
        (
            "POST",
            "/api/ask",
            {"json": {"input": "Og for menn?", "history": [{"role": "user", "content": text}]}},
        )
        for text in (LONG_DIGITS, LONG_SPACES)
    ]
    + [
        ("POST", "/ui/answer", {"data": {"input": "Og for menn?", "h": LONG_DIGITS}}),
        # a form's history items are bounded only by the body limit (256 KB)
        ("POST", "/ui/answer", {"data": {"input": "Og for menn?", "h": "x" + " " * 30_000}}),
        ("POST", "/ui/answer", {"data": {"input": "Og for menn?", "h": LONG_PROSE}}),
        ("GET", _url("/a", [("q", "Og for menn?"), ("h", LONG_DIGITS)]), {}),
        ("POST", "/api/check-text", {"json": {"text": "1" * 6000}}),
        ("POST", "/api/check-text", {"json": {"text": "a. " * 6000}}),
    ],
    ids=[
        "history-digits",
        "history-spaces",
        "form-h-digits",
        "form-h-spaces",
        "form-h-prose",
        "permalink-h",
        "text-digits",
        "text-dots",
    ],
)
def test_long_runs_in_any_field_do_not_hang(client, method, url, kwargs) -> None:
    call(client, method, url, "", **kwargs)


# ---------------------------------------------------------------------------------------------
# 4. The CLI

CLI_TEXT = TEXT.filter(lambda t: "\x00" not in t)
CLI_TOKEN = st.one_of(
    CLI_TEXT,
    st.sampled_from(
        [
            "--as-of",
            "-k",
            "--top",
            "--json",
            "--mode",
            "--text",
            "@file",
            "--index-dir",
            "-",
            "--",
            "--help",
            "hybrid",
            "dense",
            "lexical",
            "ask",
            "check",
            "search",
            "-x",
            "--as-of=2017-11-30",
            "-k0",
            "--top=101",
        ]
    ),
    st.integers().map(str),
    st.integers(1, 6000).map(lambda n: "9" * n),
    SOME_AS_OF,
)
#: never index, serve, eval or bench: they rebuild, listen or run for minutes
SAFE_COMMANDS = st.sampled_from(["ask", "check", "search"]) | st.text(max_size=8).filter(
    lambda c: c not in ("index", "serve", "eval", "bench")
)


@settings(FUZZ, max_examples=_examples(100))
@given(
    command=SAFE_COMMANDS,
    args=st.lists(CLI_TOKEN, max_size=6),
    stdin=st.lists(CLI_TEXT, max_size=3).map("\n".join),
    file_bytes=st.none() | st.binary(max_size=300),
)
@example(
    command="ask",
    args=["Hvem evaluerte programmet?", "--as-of", "2017-02-30"],
    stdin="",
    file_bytes=None,
)
@example(command="search", args=["hei", "-k", "9" * 5000], stdin="", file_bytes=None)
@example(command="check", args=["-"], stdin="a\n\n" + "x" * 3000, file_bytes=None)
@example(command="check", args=["--text", "@file"], stdin="", file_bytes=b"\xff\xfe tekst")
@example(
    command="check",
    args=["--text", "-", "--json"],
    stdin="---\npublished: 2017-13\n---\nTilskuddet dekket 99 prosent.",
    file_bytes=None,
)
def test_cli_exits_cleanly(
    built_settings, tmp_path_factory, command, args, stdin, file_bytes
) -> None:
    path = tmp_path_factory.mktemp("cli") / "tekst.md"
    path.write_bytes(stdin.encode() if file_bytes is None else file_bytes)
    argv = [command, *(str(path) if a == "@file" else a for a in args)]
    env = {"ASSISTANT_INDEX_DIR": str(built_settings.index_dir)}
    started = time.perf_counter()
    result = CliRunner().invoke(cli_app, argv, input=stdin, env=env)
    elapsed = time.perf_counter() - started
    shown = f"{argv!r} -> {result.exit_code}: {result.output[-600:]}"
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{shown}\n{result.exception!r}"
    )
    assert result.exit_code in (0, 1, 2), shown
    assert "Traceback" not in result.output, shown
    assert elapsed < 30, f"{shown} took {elapsed:.0f} s"


@pytest.mark.parametrize(
    ("args", "stdin", "env"),
    [
        (["ask", b"integreringstilskudd \xff"], None, {}),
        (["ask", b"\xff", "--json"], None, {}),
        (["search", b"\xff"], None, {}),
        (["ask", "-"], b"integreringstilskudd \xff\n", {}),
        (["check", "--text", "-"], b"Tilskuddet dekket 99 prosent i 2016 \xff.\n", {}),
        (["ask", b"x" * 100_000], None, {}),
        (["search", "integreringstilskudd"], None, {"ASSISTANT_THREADS": "100000"}),
    ],
    ids=[
        "argv-bytes",
        "argv-bytes-json",
        "search-bytes",
        "stdin-bytes",
        "text-stdin-bytes",
        "huge-argv",
        "threads-setting",
    ],
)
def test_cli_run_as_a_process_exits_cleanly(built_settings, args, stdin, env) -> None:
    """What only a real process shows: non-UTF-8 bytes in argv or stdin, huge arguments."""
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        input=stdin,
        capture_output=True,
        env={**os.environ, "ASSISTANT_INDEX_DIR": str(built_settings.index_dir), **env},
        timeout=120,
        check=False,
    )
    output = (proc.stdout + proc.stderr).decode("utf-8", "replace")
    assert proc.returncode in (0, 1, 2), f"exit {proc.returncode}: {output[-800:]}"
    assert "Traceback" not in output, output[-800:]


# ---------------------------------------------------------------------------------------------
# 5. Schema-driven: schemathesis against the app's own OpenAPI
#
# schemathesis.pytest.from_fixture() cannot be used: with pytest 9 it fails on
# `request.node._nodeid`. The schema's own hypothesis strategies drive the run instead.


@pytest.fixture(scope="module")
def api_cases(recorder):
    schema = schemathesis.openapi.from_asgi("/openapi.json", recorder)
    return st.one_of(
        schema.as_strategy(schemathesis.GenerationMode.POSITIVE),
        schema.as_strategy(schemathesis.GenerationMode.NEGATIVE),
    )


@settings(FUZZ, max_examples=SCHEMA_EXAMPLES)
@given(data=st.data())
def test_openapi_operations_never_answer_5xx(api_cases, data) -> None:
    case = data.draw(api_cases, label="case")
    started = time.perf_counter()
    response = case.call_and_validate(checks=[not_a_server_error])
    check_response(
        response.status_code,
        response.headers,
        response.content,
        (case.path_parameters, case.query, case.headers, case.body),
        time.perf_counter() - started,
        f"{case.method} {case.formatted_path}",
    )


# ---------------------------------------------------------------------------------------------
# The whole run

HTTP_FUZZ_TESTS = {
    "test_api_json_bodies",
    "test_api_raw_bodies_and_headers",
    "test_html_forms",
    "test_pages_with_random_query_parameters",
    "test_openapi_operations_never_answer_5xx",
}


def test_http_fuzzing_sent_enough_requests_and_no_5xx(recorder, request) -> None:
    assert not recorder.server_errors, recorder.server_errors[:20]
    if SCALE < 1:
        pytest.skip(f"FUZZ_SCALE={SCALE}: the request total is checked at full scale")
    missing = HTTP_FUZZ_TESTS - set(recorder.by_test)
    if missing:
        pytest.skip(f"run the whole module to count the requests (not run: {sorted(missing)})")
    if request.session.testsfailed:
        pytest.skip("a test failed, so the fuzzing may have stopped early: not counting")
    total = sum(recorder.by_test[name] for name in HTTP_FUZZ_TESTS)
    assert total >= MIN_REQUESTS, dict(recorder.by_test)
