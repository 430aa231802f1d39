"""End to end in a real browser: Debian's chromium driven by Playwright, against the real
server started on loopback, with the real index. Nothing of ours is mocked.

Every page a journalist reads is opened at phone width (390 px) and desktop width (1280 px):
it must not scroll sideways, axe-core (run from the installed file, no CDN) must find no
serious or critical problem on it, and a full-page screenshot goes to test-artifacts/.
"""

from __future__ import annotations

import http.server
import importlib.util
import os
import re
import shutil
import socket
import threading
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
REPO = Path(__file__).resolve().parent.parent
WIDTHS = [390, 1280]
OP_ED = (REPO / "seeds" / "000_34f5e4093077e492.txt").read_text(encoding="utf-8")

if CHROMIUM is None:
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed; `make test` installs it with apt", pytrace=False)
    pytest.skip("chromium is not installed (run `make browser`)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


def _axe_source() -> str:
    spec = importlib.util.find_spec("axe_playwright_python")
    if spec is None or spec.origin is None:
        pytest.fail(
            "axe-playwright-python (which ships axe.min.js) is not installed", pytrace=False
        )
    return (Path(spec.origin).parent / "axe.min.js").read_text(encoding="utf-8")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def host_port() -> int:
    return _free_port()


@pytest.fixture(scope="module")
def server(built_settings, host_port):
    """The real server (`assistant serve`) on a free loopback port."""
    from assistant.bench.web import Server

    running = Server(
        env={
            "ASSISTANT_INDEX_DIR": str(built_settings.index_dir),
            "ASSISTANT_ALLOWED_ORIGINS": f"http://127.0.0.1:{host_port}",
        }
    )
    yield running.base
    running.stop()


@pytest.fixture(scope="module")
def host_page(server, host_port, tmp_path_factory):
    """A news page on another origin that embeds the widget with one script tag, with CSS
    that would wreck a widget that is not isolated."""
    root = tmp_path_factory.mktemp("host")
    (root / "index.html").write_text(
        '<!doctype html><html lang="nb"><head><meta charset=utf-8>'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><title>Avis</title>'
        "<style>* { color: #a00 !important; font-size: 30px !important; "
        "font-family: Georgia, serif !important; }"
        "button { display: none !important; }</style></head><body>"
        "<main><h1>En artikkel om integrering</h1><p>Brødtekst.</p></main>"
        f'<script src="{server}/widget.js" data-lang="nb" async></script></body></html>'
    )

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **k):
            super().__init__(*a, directory=str(root), **k)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", host_port), Quiet)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{host_port}/index.html"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


@pytest.fixture(scope="module")
def axe_source() -> str:
    return _axe_source()


class Opened:
    """A page in its own context, with its script errors and CSP reports collected."""

    def __init__(self, browser, width: int, js: bool = True) -> None:
        self.context = browser.new_context(
            viewport={"width": width, "height": 844 if width < 600 else 900},
            java_script_enabled=js,
        )
        self.page = self.context.new_page()
        self.width = width
        self.errors: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on(
            "console",
            lambda m: (
                self.errors.append(m.text)
                if "Content Security Policy" in m.text or "Refused to" in m.text
                else None
            ),
        )

    def close(self) -> None:
        self.context.close()
        assert self.errors == []


@pytest.fixture()
def opened(browser):
    made: list[Opened] = []

    def make(width: int, js: bool = True) -> Opened:
        made.append(Opened(browser, width, js))
        return made[-1]

    yield make
    for o in made:
        o.close()


def inspect(o: Opened, name: str, axe_source: str) -> None:
    """No sideways scroll, no serious or critical axe finding, a screenshot."""
    page = o.page
    sideways = page.evaluate("document.documentElement.scrollWidth")
    assert sideways <= o.width, f"{name} at {o.width} px is {sideways} px wide"
    page.evaluate(axe_source)
    found = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
             .filter(v => v.impact === "serious" || v.impact === "critical")
             .map(v => ({id: v.id, impact: v.impact, help: v.help,
                         nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}))"""
    )
    assert found == [], f"axe on {name} at {o.width} px: {found}"
    ARTIFACTS.mkdir(exist_ok=True)
    height = page.evaluate("document.documentElement.scrollHeight")
    viewport = page.viewport_size
    # a viewport as tall as the page, so the composer sits where it is in the flow
    page.set_viewport_size({"width": o.width, "height": min(height, 12000)})
    page.screenshot(path=str(ARTIFACTS / f"{name}-{o.width}.png"), full_page=True)
    page.set_viewport_size(viewport)


def visible_text_is_journalist_language(text: str, loaded) -> None:
    """No table id, column name or English unit word in what a Norwegian reader sees."""
    for table in loaded.tables.values():
        assert table.id not in text
        for col in table.columns:
            if "_" in col.name:
                assert col.name not in text, col.name
    for word in ("percent", "per cent", "percentage_points", "persons", "people", "NOK"):
        assert not re.search(rf"\b{word}\b", text), word


ASK_2014 = (
    "Hvor stor andel av dem som avsluttet introduksjonsprogrammet i 2014 var i arbeid eller "
    "utdanning ett år etter?"
)


def ask(page, text: str, mode: str = "ask"):
    count = page.locator("#conversation article.card").count()
    page.fill("#input", text)
    page.click(f"#ask-form button[value={mode}]")
    card = page.locator("#conversation article.card").nth(count)
    card.wait_for(timeout=30000)
    return card


@pytest.mark.parametrize("width", WIDTHS)
def test_empty_chat_page_orients_a_newcomer(opened, server, axe_source, width) -> None:
    o = opened(width)
    o.page.goto(server + "/")
    assert o.page.locator("h1").count() == 1
    assert 4 <= o.page.locator("a.example").count() <= 6
    text = o.page.locator("#onboarding").inner_text()
    assert "Støttes" in text and "Motsies" in text and "Publisert innen" in text
    assert re.search(r"Tall for årene \d{4}–\d{4}", text)
    inspect(o, "chat-empty", axe_source)


@pytest.mark.parametrize("width", WIDTHS)
def test_answer_shows_the_figure_in_plain_words_with_a_chart(
    opened, server, loaded, axe_source, width
) -> None:
    o = opened(width)
    page = o.page
    page.goto(server + "/")
    card = ask(page, ASK_2014)
    assert page.evaluate("document.activeElement.tagName") == "ARTICLE"
    assert "58 prosent" in card.locator(".short").inner_text()
    first = card.locator(".figure").first
    assert first.locator(".value").inner_text() == "58 prosent"
    assert "Svaret bygger på" in first.locator(".role").text_content()
    assert "SSB" in first.locator(".figure-source").inner_text()
    chart = first.locator("img.chart")
    chart.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=chart.element_handle()
    )
    assert "2014: 58" in chart.get_attribute("alt")
    assert "Ingen tall for 2010–2012" in chart.get_attribute("alt")
    ref = card.locator("a.ref").first
    target = ref.get_attribute("href")
    assert card.locator(target).count() == 1  # each [n] leads to its citation
    visible_text_is_journalist_language(card.inner_text(), loaded)
    card.locator("details.how summary").first.click()
    how = card.locator("details.how").first.inner_text()
    assert "$as_of" not in card.locator("pre.sql").first.inner_text()  # parameters bound
    assert "Avsluttet programmet i" in how
    inspect(o, "chat-answer", axe_source)


@pytest.mark.parametrize("width", WIDTHS)
def test_follow_up_keeps_its_context_in_the_permalink_and_the_language_switch(
    opened, server, axe_source, width
) -> None:
    o = opened(width)
    page = o.page
    page.goto(server + "/")
    ask(page, ASK_2014)
    follow = ask(page, "Og for kvinner?")
    assert "49 prosent" in follow.locator(".short").inner_text()
    assert "Oppfølging av" in follow.inner_text()
    follow.locator("a.permalink").click()
    page.wait_for_url("**/a?**")
    cards = page.locator("article.card")
    assert cards.count() == 2  # the permalink shows the question it follows up
    assert "49 prosent" in cards.nth(1).locator(".short").inner_text()
    page.click("a.switch")
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("article.card").count() == 2
    assert "Follow-up to" in page.locator("article.card").nth(1).inner_text()
    inspect(o, "follow-up", axe_source)


@pytest.mark.parametrize("width", WIDTHS)
def test_check_marks_the_op_ed_in_text_and_colour_and_says_its_date(
    opened, server, axe_source, width
) -> None:
    o = opened(width)
    page = o.page
    page.goto(server + "/check")
    page.fill("#text", OP_ED)
    page.fill("#as_of", "2017-11-30")
    page.click(".check-form button[type=submit]")
    page.wait_for_selector("#results")
    assert page.evaluate("document.activeElement.id") == "results"
    results = page.locator("#results")
    assert "Vurdert per 30. november 2017" in results.inner_text()
    tags = page.locator(".marked-text .tag").all_inner_texts()
    assert any("Motsies" in t for t in tags) and any("Støttes" in t for t in tags)
    assert page.locator(".mark-legend").is_visible()
    assert "Motsies" in page.locator("#claim-18 .badge").first.inner_text()
    inspect(o, "check-op-ed", axe_source)


def test_check_without_a_date_asks_for_one(opened, server) -> None:
    o = opened(1280)
    o.page.goto(server + "/check")
    o.page.fill("#text", OP_ED)
    o.page.click(".check-form button[type=submit]")
    o.page.wait_for_selector("#results")
    assert "Ingen dato funnet" in o.page.locator(".no-date").inner_text()
    assert o.page.locator(".no-date input[type=date]").count() == 1


@pytest.mark.parametrize("width", WIDTHS)
def test_source_page_shows_status_labels_with_a_legend(opened, server, axe_source, width) -> None:
    o = opened(width)
    o.page.goto(server + "/sources/ssb-2016-12-19-tidligere-deltakere")
    text = o.page.locator("main").inner_text()
    assert "[VERIFIED]" not in text and "bekreftet" in text
    assert "Står på kildens egen side" in o.page.locator("details.legend").inner_text()
    inspect(o, "source-page", axe_source)


@pytest.mark.parametrize("width", WIDTHS)
def test_table_page_scrolls_by_keyboard(opened, server, axe_source, width) -> None:
    o = opened(width)
    page = o.page
    page.goto(server + "/sources/ssb_one_year_after_status_by_exit_cohort")
    wrap = page.locator(".data-wrap")
    assert wrap.get_attribute("tabindex") == "0"
    wrap.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("e => e.scrollLeft > 0", arg=wrap.element_handle(), timeout=3000)
    assert "Avsluttet programmet i" in page.locator("table.data thead").inner_text()
    inspect(o, "table-page", axe_source)


@pytest.mark.parametrize("width", WIDTHS)
def test_widget_keeps_question_and_verdict_in_view(opened, host_page, axe_source, width) -> None:
    o = opened(width)
    page = o.page
    page.goto(host_page)
    bubble = page.locator("[data-faktasjekk] >> css=button.bubble")
    bubble.click()
    assert page.locator("[data-faktasjekk] >> css=button.ex").count() >= 3  # suggestions
    box = page.locator("[data-faktasjekk] >> css=textarea")
    box.fill("Hvor mange deltok i introduksjonsprogrammet i 2018?")
    page.locator("[data-faktasjekk] >> css=form button[type=submit]").click()
    page.locator("[data-faktasjekk] >> css=.turn").first.wait_for(timeout=30000)
    box.fill("Oslo hadde høyest andel som gikk direkte over til arbeid eller utdanning i 2016.")
    page.locator("[data-faktasjekk] >> css=button.alt").click()
    turn = page.locator("[data-faktasjekk] >> css=.turn").nth(1)
    turn.wait_for(timeout=30000)
    badge = turn.locator(".badge")
    assert badge.inner_text() == "Motsies"
    assert turn.locator(".fig .v").inner_text() == "58 prosent"  # the key figure
    assert "/a?" in turn.locator("a.perma").get_attribute("href")
    log = page.locator("[data-faktasjekk] >> css=.log")
    inside = page.evaluate(
        """([log, q, b]) => { const l = log.getBoundingClientRect();
             return [q, b].every(e => { const r = e.getBoundingClientRect();
               return r.top >= l.top - 1 && r.bottom <= l.bottom + 1; }); }""",
        [log.element_handle(), turn.locator(".q").element_handle(), badge.element_handle()],
    )
    assert inside, "the question and the verdict scrolled out of view"
    font = bubble.evaluate("e => getComputedStyle(e).fontFamily")
    assert font.rstrip().endswith("sans-serif") and "Georgia" not in font
    assert bubble.evaluate("e => getComputedStyle(e).display") != "none"
    inspect(o, "widget", axe_source)


def test_docs_render_offline_under_the_csp(opened, server) -> None:
    o = opened(1280)
    elsewhere: list[str] = []

    def only_loopback(route):
        if route.request.url.startswith(server):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    o.context.route("**/*", only_loopback)
    o.page.goto(server + "/docs")
    title = o.page.locator(".swagger-ui .info .title")
    title.wait_for(timeout=15000)
    assert "Faktasjekk" in title.inner_text()
    assert o.page.locator(".opblock-summary-path").filter(has_text="/api/ask").count() == 1
    assert elsewhere == []
    ARTIFACTS.mkdir(exist_ok=True)
    o.page.screenshot(path=str(ARTIFACTS / "docs-1280.png"), full_page=True)


def test_opening_a_citation_highlights_the_passage(opened, server) -> None:
    page = opened(1280).page
    page.goto(server + "/")
    page.fill("#input", "Hvem har evaluert introduksjonsprogrammet?")
    page.keyboard.press("Enter")
    link = page.locator("article.card ol.citations a").first
    link.wait_for()
    href = link.get_attribute("href")
    link.click()
    page.wait_for_url("**/sources/**")
    anchor = href.split("#", 1)[1]
    target = page.locator(f"#{anchor}")
    assert target.is_visible()
    background = target.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "source-highlight.png"), full_page=True)


def test_injection_attempt_renders_as_text(opened, server) -> None:
    page = opened(1280).page
    page.goto(server + "/")
    evil = "<img src=x onerror=\"document.title='pwned'\"><b>Hvem evaluerte programmet?</b>"
    card = ask(page, evil)
    assert "<img src=x" in card.locator(".question").inner_text()
    assert page.title() != "pwned"
    assert page.locator("article.card img[src=x]").count() == 0


def test_chat_works_without_javascript(opened, server) -> None:
    page = opened(1280, js=False).page
    page.goto(server + "/?lang=en")
    page.fill("#input", "How many people took part in the introduction programme in 2018?")
    page.click("button[value=ask]")
    page.wait_for_load_state()
    assert "27,067" in page.locator("article.card").inner_text()


@pytest.mark.parametrize(
    ("typed", "needle"),
    [("x" * 5000, "5\u00a0000 tegn"), ("   ", "Skriv et spørsmål")],
)
def test_bad_input_without_javascript_gets_a_readable_page(opened, server, typed, needle) -> None:
    page = opened(390, js=False).page
    page.goto(server + "/")
    page.fill("#input", typed)
    page.click("button[value=ask]")
    page.wait_for_load_state()
    assert needle in page.locator(".error").inner_text()
    assert page.locator("#input").input_value() == typed.strip() or len(typed) > 2000
    assert page.locator("article.card").count() == 0


def test_bad_input_with_javascript_is_refused_before_sending(opened, server) -> None:
    page = opened(390).page
    page.goto(server + "/")
    page.fill("#input", "    ")
    page.click("button[value=ask]")
    assert "Skriv et spørsmål" in page.locator("#form-error").inner_text()
    page.fill("#input", "y" * 2500)
    assert "2\u00a0500 / 2\u00a0000" in page.locator("#input-count").inner_text()
    page.click("button[value=check]")
    assert "Grensen er 2\u00a0000" in page.locator("#form-error").inner_text()
    assert page.locator("#input").input_value() == "y" * 2500  # not cut silently
