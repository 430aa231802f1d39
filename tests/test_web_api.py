"""The HTTP API and pages, in process: shapes, limits, origins, headers, escaping."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
from fastapi.testclient import TestClient

from assistant.web.app import create_app

SCHEMA = json.loads(
    (Path(__file__).resolve().parent.parent / "docs" / "result.schema.json").read_text()
)
ALLOWED = "https://avis.example"


@pytest.fixture(scope="module")
def client(built_settings, loaded):
    settings = replace(built_settings, allowed_origins=ALLOWED, rate_limit="1000/minute")
    with TestClient(create_app(settings, loaded), raise_server_exceptions=False) as c:
        yield c


def test_ask_returns_the_published_result_shape(client) -> None:
    res = client.post(
        "/api/ask", json={"input": "Hvor mange deltok i introduksjonsprogrammet i 2018?"}
    )
    assert res.status_code == 200
    body = res.json()
    jsonschema.validate(body, SCHEMA)
    assert body["figures"][0]["value"] == 27067 and body["verdict"] is None


def test_check_returns_a_verdict(client) -> None:
    res = client.post(
        "/api/check",
        json={
            "input": "Integreringstilskuddet dekket over 99 prosent av kommunenes utgifter i 2016.",
            "as_of": "2017-11-30",
        },
    )
    assert res.json()["verdict"] == "contradicted"


def test_history_turns_carry_a_follow_up(client) -> None:
    first = "Hvor stor andel av dem som avsluttet i 2016 var i arbeid eller utdanning ett år etter?"
    res = client.post(
        "/api/ask", json={"input": "Og for menn?", "history": [{"role": "user", "content": first}]}
    )
    assert res.json()["figures"][0]["value"] == 71


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ({"input": ""}, "input"),
        ({"input": "x" * 2001}, "2000"),
        ({"input": 5}, "input"),
        ({"input": "ok", "as_of": "30.11.2017"}, "as_of"),
        ({"input": "ok", "history": ["h"] * 21}, "history"),
        ({"input": "ok", "extra": 1}, "extra"),
    ],
)
def test_invalid_body_is_a_clear_422(client, body, needle) -> None:
    res = client.post("/api/ask", json=body)
    assert res.status_code == 422
    assert needle in json.dumps(res.json())
    assert res.json()["limits"]["input_chars"] == 2000


def test_oversized_body_is_refused_with_413_naming_the_limit(client) -> None:
    res = client.post(
        "/api/ask",
        content=b'{"input": "' + b"a" * 300_000 + b'"}',
        headers={"content-type": "application/json"},
    )
    assert res.status_code == 413
    assert res.json()["limit"] == 262144


def test_wrong_content_type_is_a_4xx(client) -> None:
    res = client.post("/api/ask", content=b"input=hei", headers={"content-type": "text/plain"})
    assert 400 <= res.status_code < 500


def test_call_from_an_unknown_origin_is_refused(client) -> None:
    res = client.post("/api/ask", json={"input": "hei"}, headers={"origin": "https://evil.example"})
    assert res.status_code == 403


def test_allowed_origin_gets_cors_headers(client) -> None:
    pre = client.options(
        "/api/ask",
        headers={
            "origin": ALLOWED,
            "access-control-request-method": "POST",
            "access-control-request-headers": "content-type",
        },
    )
    assert pre.headers["access-control-allow-origin"] == ALLOWED
    res = client.post(
        "/api/ask",
        json={"input": "Hvem evaluerte introduksjonsprogrammet?"},
        headers={"origin": ALLOWED},
    )
    assert res.status_code == 200 and res.headers["access-control-allow-origin"] == ALLOWED


def test_rate_limit_answers_429_with_retry_after(built_settings, loaded) -> None:
    settings = replace(built_settings, rate_limit="2/minute")
    with TestClient(create_app(settings, loaded)) as c:
        codes = [
            c.post("/api/ask", json={"input": "Hvem evaluerte programmet?"}).status_code
            for _ in range(3)
        ]
        last = c.post("/api/ask", json={"input": "Hvem evaluerte programmet?"})
    assert codes[:2] == [200, 200] and last.status_code == 429
    assert int(last.headers["retry-after"]) > 0


def test_pages_carry_a_strict_csp_and_security_headers(client) -> None:
    res = client.get("/")
    csp = res.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert res.headers["x-content-type-options"] == "nosniff"
    assert res.headers["x-frame-options"] == "DENY"


def test_injected_markup_in_input_is_rendered_as_text(client) -> None:
    evil = "<script>alert(1)</script><img src=x onerror=alert(2)> Hvem evaluerte programmet?"
    page = client.post("/", data={"input": evil, "mode": "ask", "lang": "nb"}).text
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    link = client.get("/a", params={"q": evil}).text
    assert "<script>alert(1)" not in link


def test_plain_form_post_answers_without_javascript(client) -> None:
    page = client.post(
        "/",
        data={
            "input": "Hvor stor del av kommunenes utgifter dekket integreringstilskuddet i 2016?",
            "mode": "ask",
        },
    )
    assert page.status_code == 200
    assert "92,3 prosent" in page.text and 'class="citations"' in page.text


def test_permalink_recomputes_the_answer(client) -> None:
    page = client.get(
        "/a",
        params={
            "q": "Oslo hadde høyest andel som gikk direkte over til arbeid eller utdanning i 2016.",
            "mode": "check",
        },
    )
    assert "badge-contradicted" in page.text


def test_source_page_has_an_anchor_for_every_passage(client, loaded) -> None:
    doc = loaded.documents["fafo-2017-evaluering"]
    page = client.get(f"/sources/{doc.id}").text
    for p in doc.passages:
        assert f'id="p-{p.id.split(":")[1]}"' in page


def test_table_source_page_renders_the_table(client) -> None:
    page = client.get("/sources/imdi_direct_transition_2016_by_county").text
    assert "<table" in page and "Aust-Agder" in page


def test_unknown_source_is_a_json_404(client) -> None:
    res = client.get("/api/sources/nope")
    assert res.status_code == 404 and "nope" in res.json()["error"]


def test_sources_and_health_are_listed(client) -> None:
    assert len(client.get("/api/sources").json()["documents"]) >= 20
    assert client.get("/healthz").json()["status"] == "ok"


def test_chart_is_svg_with_escaped_labels(client) -> None:
    res = client.get(
        "/chart.svg",
        params={"table": "imdi_direct_transition_2016_by_county", "measure": "county_highest"},
    )
    assert res.headers["content-type"].startswith("image/svg+xml")
    assert "Aust-Agder" in res.text and "<script" not in res.text


def test_internal_error_is_a_plain_500_without_a_trace(client, monkeypatch) -> None:
    from assistant.web import app as app_module

    def boom(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(app_module, "respond", boom)
    res = client.post("/api/ask", json={"input": "Hvem evaluerte programmet?"})
    assert res.status_code == 500
    assert res.json() == {"error": "internal error"}
    assert "secret" not in res.text and "Traceback" not in res.text


def test_widget_script_is_small_and_calls_only_its_own_server(client) -> None:
    import gzip

    res = client.get("/widget.js")
    assert res.headers["content-type"].startswith("text/javascript")
    assert len(gzip.compress(res.content)) <= 30 * 1024
    assert "http://" not in res.text.replace("http://www.w3.org", "")
    assert "https://" not in res.text.split("*/", 1)[1]
