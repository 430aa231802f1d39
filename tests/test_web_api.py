"""The HTTP API and pages, in process: shapes, limits, origins, headers, escaping."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from html import unescape
from html.parser import HTMLParser
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
        params={
            "table": "imdi_direct_transition_2016_by_county",
            "measure": "county_direct_work_or_education",
        },
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


# --- pages a journalist reads (issue 13) ------------------------------------------------------

VOID = {"img", "br", "input", "meta", "link", "hr", "source", "wbr", "col", "area", "base"}


class _Visible(HTMLParser):
    """The text a reader sees: no script, style, hidden element or closed <details> body (its
    summary shows), plus the alt text of images."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str]] = []
        self.parts: list[str] = []

    def _state(self) -> str:
        return self.stack[-1][1] if self.stack else "visible"

    def handle_starttag(self, tag, attrs) -> None:
        names = dict(attrs)
        parent = self._state()
        if parent == "hidden":
            state = "hidden"
        elif parent == "closed":
            state = "visible" if tag == "summary" else "hidden"
        elif tag in ("script", "style", "template", "textarea") or "hidden" in names:
            state = "hidden"
        elif tag == "details" and "open" not in names:
            state = "closed"
        else:
            state = "visible"
        if tag == "img" and state == "visible":
            self.parts.append(names.get("alt") or "")
        if tag not in VOID:
            self.stack.append((tag, state))

    def handle_endtag(self, tag) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                return

    def handle_data(self, data) -> None:
        if self._state() == "visible":
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def assert_journalist_language(text: str, loaded) -> None:
    for table in loaded.tables.values():
        assert table.id not in text, table.id
        for col in table.columns:
            if "_" in col.name:
                assert col.name not in text, col.name
    for word in ("percent", "per cent", "percentage_points", "persons", "people", "NOK"):
        assert not re.search(rf"\b{word}\b", text), (word, text[:300])
    assert not re.search(r"\[(VERIFIED|SECONDARY|DERIVED|UNVERIFIED)\]", text)


NORWEGIAN_INPUTS = [
    ("Hvor stor andel av dem som avsluttet i 2014 var i arbeid eller utdanning ett år etter?", ""),
    ("58 prosent var i arbeid eller utdanning ett år etter introduksjonsprogrammet.", ""),
    ("Hvor stor del av kommunenes utgifter dekket integreringstilskuddet i 2015?", ""),
    ("Integreringstilskuddet dekket over 99 prosent av kommunenes utgifter i 2016.", ""),
    ("Hvor mange deltok i introduksjonsprogrammet i 2018?", ""),
    ("Oslo hadde høyest andel som gikk direkte over til arbeid eller utdanning i 2016.", ""),
    ("I Norge var gjennomsnittet i fjor på 48 prosent", "2017-11-30"),
    ("I perioden 2014-16 gikk 30–35 prosent av deltakerne i Sverige over til arbeid", "2017-11-30"),
    ("Kvinner gjør det like bra som menn etter introduksjonsprogrammet.", ""),
    ("Andelen i arbeid eller utdanning økte fra 2013-kullet til 2014-kullet.", ""),
    ("Hvor mange avsluttet introduksjonsprogrammet i 2016?", ""),
    ("Hvor stor andel av 2016-kullet var i arbeid ett år etter?", ""),
]


@pytest.mark.parametrize(("text", "as_of"), NORWEGIAN_INPUTS)
def test_norwegian_answer_shows_no_table_id_column_name_or_english_unit(
    client, loaded, text, as_of
) -> None:
    page = client.get("/a", params={"q": text, "mode": "check", "as_of": as_of, "lang": "nb"})
    assert page.status_code == 200
    shown = visible_text(page.text)
    assert text[:30] in shown
    assert_journalist_language(shown, loaded)


def test_checked_op_ed_shows_no_table_id_column_name_or_english_unit(client, repo, loaded) -> None:
    text = (repo / "seeds" / "000_34f5e4093077e492.txt").read_text(encoding="utf-8")
    page = client.post("/check", data={"text": text, "as_of": "2017-11-30", "lang": "nb"})
    assert page.status_code == 200
    shown = visible_text(page.text)
    assert "Vurdert per 30. november 2017 (datoen du oppga)" in shown
    assert_journalist_language(shown, loaded)


def test_every_name_a_row_shows_has_a_reader_label(loaded) -> None:
    """Card columns carry their own headers; what a measure's SQL adds has a generic one."""
    from assistant.web.words import RESULT_LABELS, column_label

    missing = []
    for table in loaded.tables.values():
        assert all(c.label_nb and c.label_en for c in table.columns), table.id
        for measure in table.measures:
            fig = respond_rows(loaded, table, measure)
            for name in fig:
                label = column_label(name, "nb", table)
                if table.column(name) is None and name not in RESULT_LABELS:
                    missing.append(f"{table.id}.{measure.id}: {name} → {label}")
    assert missing == []


def respond_rows(index, table, measure) -> list[str]:
    from assistant.corpus.sql import measure_sql

    cursor = index.cursor()
    result = (
        cursor.execute(measure_sql(table, measure), {"sex": "all", "as_of": "9999-12-31"})
        if "$sex" in measure.sql
        else cursor.execute(measure_sql(table, measure), {"as_of": "9999-12-31"})
    )
    return [d[0] for d in result.description]


def test_figure_block_reads_in_plain_words(client) -> None:
    html = client.get(
        "/a", params={"q": "Hvor mange deltok i introduksjonsprogrammet i 2018?", "lang": "nb"}
    ).text
    shown = visible_text(html)
    assert "27 067 personer" in shown
    assert "Kilde: SSB" in shown and "20. juni 2019" in shown
    sql = unescape(html.split('<pre class="sql"', 1)[1].split("</pre>", 1)[0])
    assert "$as_of" not in sql and "'9999-12-31'" in sql  # the parameters are bound
    assert "ingen datogrense" in html
    assert re.search(r'<a class="ref" href="#answer-c1"', html)  # [n] links to its citation
    assert 'id="answer-c1"' in html


def test_verdict_rests_on_the_first_figure_shown(client) -> None:
    html = client.get(
        "/a",
        params={"q": "58 prosent var i arbeid eller utdanning ett år etter", "mode": "check"},
    ).text
    first = html.split('class="figure role-', 1)[1][:2000]
    assert first.startswith("decisive")
    assert '<span class="value">58 prosent</span>' in first
    assert "avsluttet programmet i 2014" in first


def test_follow_up_permalink_shows_its_context(client) -> None:
    first = "Hvor stor andel av dem som avsluttet i 2016 var i arbeid eller utdanning ett år etter?"
    html = client.get(
        "/a", params=[("q", "Og for menn?"), ("h", first), ("hm", "ask"), ("lang", "nb")]
    ).text
    assert html.count('<article class="card') == 2
    assert "Oppfølging av" in html and "71 prosent" in visible_text(html)


def test_language_switch_keeps_the_conversation(client) -> None:
    html = client.get(
        "/a", params=[("q", "Og for menn?"), ("h", "Hvor mange deltok i 2018?"), ("lang", "nb")]
    ).text
    switch = re.search(r'<a class="switch" href="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert "lang=en" in switch and "q=Og+for+menn" in switch and "h=Hvor+mange" in switch
    no_js = client.post(
        "/", data={"input": "Hvor mange deltok i 2018?", "mode": "ask", "lang": "nb"}
    ).text
    switch = re.search(r'<a class="switch" href="([^"]+)"', no_js).group(1)
    assert switch.startswith("/a?q=Hvor+mange") and "lang=en" in switch


@pytest.mark.parametrize(
    ("method", "path", "data", "needle"),
    [
        ("post", "/", {"input": "x" * 5000, "mode": "ask"}, "5\u00a0000 tegn"),
        ("post", "/", {"input": "   ", "mode": "ask"}, "Skriv et spørsmål"),
        ("post", "/", {"input": "", "mode": "check"}, "Skriv et spørsmål"),
        ("get", "/a?q=" + "x" * 2500, None, "2\u00a0500 tegn"),
        ("get", "/a?q=+++", None, "Skriv et spørsmål"),
        ("post", "/check", {"text": "  \n "}, "Lim inn en tekst"),
        ("post", "/check", {"text": "a" * 100_001}, "100\u00a0001 tegn"),
        ("post", "/check", {"text": "Hei.", "as_of": "30.11.2017"}, "ÅÅÅÅ-MM-DD"),
        ("post", "/ui/answer", {"input": "   "}, "Skriv et spørsmål"),
    ],
)
def test_bad_input_on_a_page_gets_a_readable_html_error(client, method, path, data, needle) -> None:
    res = client.post(path, data=data) if method == "post" else client.get(path)
    assert res.status_code == 422
    assert res.headers["content-type"].startswith("text/html")
    assert needle in res.text
    assert not res.text.lstrip().startswith("{")  # a page, never a raw JSON body


def test_over_long_form_is_refused_with_a_page_not_json(client) -> None:
    res = client.post("/check", data={"text": "å" * 200_000})
    assert res.status_code == 413
    assert res.headers["content-type"].startswith("text/html") and "for stor" in res.text


def test_page_errors_are_pages_and_api_errors_stay_json(client) -> None:
    page = client.get("/sources/nope")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "Fant ingen side" in page.text
    assert client.get("/api/sources/nope").json()["error"]


def test_check_reads_the_date_from_a_dateline(client, repo) -> None:
    text = "Publisert 30. november 2017\n\n" + (
        repo / "seeds" / "000_34f5e4093077e492.txt"
    ).read_text(encoding="utf-8")
    shown = visible_text(client.post("/check", data={"text": text, "lang": "nb"}).text)
    assert "Vurdert per 30. november 2017 (datolinjen i teksten" in shown
    assert "Motsies: 1" in shown


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Oslo, 30.11.2017\nKronikk om integrering.", "2017-11-30"),
        ("Kronikk\nPublisert: 2. desember 2017 kl. 10.00\n\nTekst.", "2017-12-02"),
        ("Published November 30, 2017\n\nText.", "2017-11-30"),
        ("---\ntitle: x\n---\nNo date here.", None),
        ("Overskrift\nIngress\nTekst\nI 2016 ble 4. mai 2016 en viktig dag.", None),
    ],
)
def test_dateline_is_read_only_where_a_text_states_its_own_date(text, expected) -> None:
    from assistant.web.datelines import find_dateline

    found = find_dateline(text)
    assert (found.date.isoformat() if found else None) == expected


def test_chart_has_title_unit_source_and_true_year_spacing(client) -> None:
    svg = client.get(
        "/chart.svg",
        params={
            "table": "ssb_one_year_after_status_by_exit_cohort",
            "measure": "work_or_education",
            "key": "2014",
            "lang": "nb",
        },
    ).text
    assert "Andel i arbeid eller utdanning" in svg and "Prosent" in svg
    assert "Kilde: SSB" in svg and "sans-serif" in svg
    assert "ingen tall 2010–2012" in svg  # the gap is drawn and named
    bars = {
        int(m.group(2)): float(m.group(1))
        for m in re.finditer(r'<rect x="([\d.]+)"[^>]*><title>(\d{4}):', svg)
    }
    step = bars[2014] - bars[2013]
    assert abs((bars[2013] - bars[2009]) - 4 * step) < 0.5  # four years apart, drawn so
    assert "58" in svg.split("<desc>", 1)[1].split("</desc>", 1)[0]


def _figure_blocks(client, claim: str) -> tuple[str, str]:
    """A claim's permalink page, and its figure blocks as plain text."""
    page = client.get("/a", params={"q": claim, "mode": "claim"}).text
    text = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", page)))
    return page, text[text.find("Vurderingen bygger") :]


def test_a_comparison_shows_the_gap_then_each_side_with_its_own_unit_and_place(client) -> None:
    _, blocks = _figure_blocks(
        client, "Finnmark hadde høyere direkte overgang til arbeid eller utdanning enn Oslo i 2016."
    )
    assert blocks.startswith("Vurderingen bygger på dette tallet 9 prosentpoeng")
    assert "Forskjell mellom Finnmark og Oslo" in blocks
    assert "56 prosent bekreftet" in blocks and "47 prosent bekreftet" in blocks
    assert "I Finnmark" in blocks and "I Oslo" in blocks
    assert "47 prosentpoeng" not in blocks and "56 prosentpoeng" not in blocks


def test_a_county_against_the_national_average_names_both(client) -> None:
    page, blocks = _figure_blocks(
        client, "Oslo lå under landssnittet for direkte overgang til arbeid eller utdanning i 2016."
    )
    assert "Motsies" in page and "I Oslo" in blocks and "I Hele Norge" in blocks
    assert "I Telemark" not in blocks  # no row the claim did not name


def test_chart_as_of_a_date_cites_the_release_it_draws(client) -> None:
    params = {
        "table": "ssb_one_year_after_status_by_exit_cohort",
        "measure": "work_or_education",
        "lang": "nb",
    }
    then = client.get("/chart.svg", params={**params, "as_of": "2017-11-30"}).text
    now = client.get("/chart.svg", params=params).text
    assert "19. desember 2016)" in then and "2024)" not in then and "2024)" in now


def test_head_of_widget_script_works(client) -> None:
    res = client.head("/widget.js")
    assert res.status_code == 200 and res.headers["content-type"].startswith("text/javascript")


def test_docs_are_served_by_the_app_itself_under_the_csp(client) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert "/docs/assets/swagger-ui-bundle.js" in page.text and "/static/docs.js" in page.text
    assert "https://" not in page.text and "<script>" not in page.text  # no CDN, no inline script
    assert "unsafe-inline" not in page.headers["content-security-policy"]
    for name, kind in (("swagger-ui-bundle.js", "text/javascript"), ("swagger-ui.css", "text/css")):
        asset = client.get(f"/docs/assets/{name}")
        assert asset.status_code == 200 and asset.headers["content-type"].startswith(kind)
    assert client.get("/docs/assets/../../app.py").status_code == 404


def _schema(spec: dict, path: str, status: str) -> dict:
    ref = spec["paths"][path]["post"]["responses"][status]["content"]["application/json"]["schema"]
    return {**ref, "components": spec["components"]}


def _same_shape(body: dict, schema: dict, spec: dict) -> None:
    jsonschema.validate(body, schema)
    name = schema["$ref"].rsplit("/", 1)[1]
    assert set(body) == set(spec["components"]["schemas"][name]["properties"])


def test_openapi_error_schemas_match_the_real_bodies(client, built_settings, loaded) -> None:
    spec = client.get("/openapi.json").json()
    for path in ("/api/ask", "/api/check", "/api/check-text"):
        assert {"413", "422", "429"} <= set(spec["paths"][path]["post"]["responses"])
    invalid = client.post("/api/ask", json={"input": "x" * 2001})
    _same_shape(invalid.json(), _schema(spec, "/api/ask", "422"), spec)
    refused = client.post("/api/ask", json={"input": "   "})  # refused by the pipeline
    assert refused.status_code == 422
    _same_shape(refused.json(), _schema(spec, "/api/ask", "422"), spec)
    large = client.post(
        "/api/check",
        content=b'{"input": "' + b"a" * 300_000 + b'"}',
        headers={"content-type": "application/json"},
    )
    _same_shape(large.json(), _schema(spec, "/api/check", "413"), spec)
    settings = replace(built_settings, rate_limit="1/minute")
    with TestClient(create_app(settings, loaded)) as c:
        c.post("/api/ask", json={"input": "Hvem evaluerte programmet?"})
        busy = c.post("/api/ask", json={"input": "Hvem evaluerte programmet?"})
    assert busy.status_code == 429
    _same_shape(busy.json(), _schema(spec, "/api/ask", "429"), spec)


def test_source_page_shows_status_tags_as_labels_with_a_legend(client) -> None:
    html = client.get("/sources/ssb-2016-12-19-tidligere-deltakere").text
    shown = visible_text(html)
    assert "[VERIFIED]" not in shown and "bekreftet" in shown
    assert "Står på kildens egen side" in html
    table = client.get("/sources/ssb_one_year_after_status_by_exit_cohort").text
    assert 'class="table-wrap data-wrap" tabindex="0" role="region"' in table


def test_card_renders_the_new_result_fields_when_present(loaded) -> None:
    """Stances, attribution, voice, statuses, short answer, as_of, checkable, match and related:
    shown when the answer layer fills them."""
    from assistant.answers.models import Citation, ClaimMatch, Result
    from assistant.web.pages import card_context, templates

    def cite(n: int, stance: str, voice: str) -> Citation:
        return Citation(
            n=n,
            passage_id=f"fafo-2017-evaluering:{n:010d}",
            source_id="fafo-2017-evaluering",
            title="Evaluering",
            publisher="Fafo",
            published="2017-06-01",
            url="https://example.invalid",
            text=f"Tekst {n}.",
            start=0,
            end=5,
            score=0.9,
            voice=voice,
            attribution=f"Attribusjon {n}",
            statuses=["VERIFIED", "DERIVED"],
            stance=stance,
        )

    match = ClaimMatch(id="c1", claim="Påstanden", verdict="contradicted", negated=True, score=0.9)
    result = Result(
        input="Påstand?",
        mode="claim",
        language="nb",
        verdict="contradicted",
        reason="Fordi.",
        answer="Vurdering: motsies. Fordi. Mer tekst [1] og [2].",
        citations=[cite(1, "supports", "verbatim"), cite(2, "contradicts", "summary")],
        figures=[],
        short_answer="Kort svar.",
        as_of="2017-11-30",
        match=match,
        related=[ClaimMatch(id="c2", claim="Nær", verdict="supported", negated=False, score=0.8)],
    )
    html = templates.get_template("_card.html").render(
        c=card_context(loaded, result, "check", None, [], "nb", "t")
    )
    shown = visible_text(html)
    assert shown.index("Kort svar.") < shown.index("Mer tekst")
    assert "Vurdert per 30. november 2017" in shown
    assert "Taler for" in shown and "Taler mot" in shown
    assert "Attribusjon 1" in shown and "bekreftet" in shown and "beregnet av oss" in shown
    assert "«Tekst 1.»" in html and "«Tekst 2.»" not in html  # only verbatim text is quoted
    assert "Sjekket påstand" in shown and "sier det motsatte" in shown and "Nær" in shown
    assert 'href="#t-c2"' in html and 'id="t-c2"' in html
    opinion = result.model_copy(update={"checkable": False, "verdict": None})
    html = templates.get_template("_card.html").render(
        c=card_context(loaded, opinion, "check", None, [], "nb", "t")
    )
    assert "Ikke sjekkbar" in visible_text(html)
