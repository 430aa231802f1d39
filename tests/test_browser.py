"""End to end in a real browser: Debian's chromium driven by Playwright, against the real
server started on loopback, with the real index. Screenshots go to test-artifacts/."""

from __future__ import annotations

import http.server
import os
import shutil
import socket
import threading
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

if CHROMIUM is None:
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed; `make test` installs it with apt", pytrace=False)
    pytest.skip("chromium is not installed (run `make browser`)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


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
    """A news page on another origin that embeds the widget with one script tag."""
    root = tmp_path_factory.mktemp("host")
    (root / "index.html").write_text(
        "<!doctype html><html><head><meta charset=utf-8><title>Avis</title>"
        "<style>* { color: red !important; font-size: 40px !important; }"
        "button { display: none !important; }</style></head><body>"
        "<h1>En artikkel om integrering</h1>"
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


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert errors == []


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_question_on_the_page_shows_a_citation_and_a_figure(page, server) -> None:
    page.goto(server + "/")
    page.fill(
        "#input", "Hvor stor del av kommunenes utgifter dekket integreringstilskuddet i 2016?"
    )
    page.click("button[value=ask]")
    card = page.locator("article.card").first
    card.wait_for()
    assert "92,3 prosent" in card.inner_text()
    assert card.locator("table.figures td.num").first.inner_text() == "92.3"
    assert card.locator("ol.citations li").count() >= 1
    assert page.locator("#conversation").get_attribute("aria-live") == "polite"
    _shot(page, "chat-answer")


def test_opening_a_citation_highlights_the_passage(page, server) -> None:
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
    _shot(page, "source-highlight")


def test_widget_on_another_origin_answers_inside_its_shadow_root(page, host_page) -> None:
    page.goto(host_page)
    bubble = page.locator("[data-faktasjekk] >> css=button.bubble")
    bubble.click()
    page.locator("[data-faktasjekk] >> css=textarea").fill(
        "Oslo hadde høyest andel som gikk direkte over til arbeid eller utdanning i 2016."
    )
    page.locator("[data-faktasjekk] >> css=button.alt").click()
    badge = page.locator("[data-faktasjekk] >> css=.badge")
    badge.wait_for(timeout=20000)
    assert badge.inner_text() == "Motsies"
    assert page.locator("[data-faktasjekk] >> css=ol a").count() >= 1
    # the host page's hostile CSS did not reach the widget
    assert bubble.evaluate("e => getComputedStyle(e).display") != "none"
    _shot(page, "widget-cross-origin")


def test_injection_attempt_renders_as_text(page, server) -> None:
    page.goto(server + "/")
    evil = "<img src=x onerror=\"document.title='pwned'\"><b>Hvem evaluerte programmet?</b>"
    page.fill("#input", evil)
    page.click("button[value=ask]")
    question = page.locator("article.card .question").first
    question.wait_for()
    assert "<img src=x" in question.inner_text()
    assert page.title() != "pwned"
    assert page.locator("article.card img[src=x]").count() == 0
    _shot(page, "injection-as-text")


def test_chat_works_without_javascript(browser, server) -> None:
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(server + "/?lang=en")
    pg.fill("#input", "How many people took part in the introduction programme in 2018?")
    pg.click("button[value=ask]")
    pg.wait_for_load_state()
    assert "27,067" in pg.locator("article.card").inner_text()
    context.close()
