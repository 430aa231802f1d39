"""The SVG bar chart, drawn without a server: every label stays inside the drawing."""

from __future__ import annotations

import re

from assistant.web.charts import WIDTH, bar_chart


def _chart(points, highlight) -> str:
    return bar_chart(
        points,
        highlight,
        title="Integreringstilskuddet per person over fem år",
        axis_title="Kroner",
        source="Kilde: statsbudsjettet.no",
        marked_text="mørk stolpe: tallet i svaret",
        gap_text="ingen tall",
        desc="",
        lang="nb",
    )


def _extent(svg: str) -> list[tuple[float, float, str]]:
    """Each text's left and right edge, estimated from its anchor, size and length."""
    out = []
    for m in re.finditer(r'<text x="([\d.-]+)" y="[\d.-]+" font-size="(\d+)"([^>]*)>([^<]*)<', svg):
        x, size, attrs, body = float(m.group(1)), int(m.group(2)), m.group(3), m.group(4)
        if "rotate" in attrs:
            continue
        w = len(body) * size * 0.55
        if 'text-anchor="end"' in attrs:
            out.append((x - w, x, body))
        elif 'text-anchor="middle"' in attrs:
            out.append((x - w / 2, x + w / 2, body))
        else:
            out.append((x, x + w, body))
    return out


def test_large_values_and_their_axis_labels_stay_inside_the_chart() -> None:
    svg = _chart([(2003, 421_000), (2010, 580_000), (2014, 669_600)], [2014])
    assert "669\xa0600" in svg and "800\xa0000" in svg
    for left, right, body in _extent(svg):
        assert left >= 0 and right <= WIDTH, body


def test_small_shares_keep_the_narrow_axis() -> None:
    svg = _chart([(2013, 55.0), (2014, 43.0)], [2014])
    assert re.search(r"<line x1=\"36(\.0)?\"", svg)
