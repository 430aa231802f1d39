"""A small server-side SVG bar chart of the series a figure comes from. No chart service, no
script: the page shows it as an image, and every label is escaped."""

from __future__ import annotations

from html import escape
from typing import Any

WIDTH, HEIGHT, PAD, AXIS = 420, 180, 8, 34


def bar_chart(series: list[dict[str, Any]], highlight: Any, unit: str, title: str) -> str:
    """Bars for ``series`` (dicts with ``key`` and ``value``); the highlighted key is darker."""
    points = [(str(r["key"]), float(r["value"])) for r in series if r.get("value") is not None]
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>"
    )
    if not points:
        return head + "</svg>"
    if len(points) > 10:
        return _horizontal(points, highlight, unit, title)
    top = max(max(v for _, v in points), 0.0) or 1.0
    n = len(points)
    slot = (WIDTH - 2 * PAD) / n
    bar = max(4.0, slot * 0.7)
    body = []
    suffix = " %" if unit == "percent" else ""
    for i, (key, value) in enumerate(points):
        h = (HEIGHT - AXIS - 2 * PAD) * max(value, 0.0) / top
        x = PAD + i * slot + (slot - bar) / 2
        y = HEIGHT - AXIS - h
        fill = "#1d4e89" if key == str(highlight) else "#9db4d0"
        label = f"{value:g}".replace(".", ",") + suffix
        body.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{fill}">'
            f"<title>{escape(key)}: {escape(label)}</title></rect>"
        )
        if n <= 20:
            body.append(
                f'<text x="{x + bar / 2:.1f}" y="{y - 3:.1f}" font-size="10" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
        short = key if len(key) <= 9 else key[:8] + "…"
        body.append(
            f'<text x="{x + bar / 2:.1f}" y="{HEIGHT - AXIS + 14:.1f}" font-size="10" '
            f'text-anchor="middle">{escape(short)}</text>'
        )
    return head + "".join(body) + "</svg>"


def _horizontal(points: list[tuple[str, float]], highlight: Any, unit: str, title: str) -> str:
    """Many labelled rows (counties): one bar per line, names on the left."""
    row, label_w, right = 16, 120, 44
    height = PAD * 2 + row * len(points)
    top = max(max(v for _, v in points), 0.0) or 1.0
    suffix = " %" if unit == "percent" else ""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>"
    ]
    for i, (key, value) in enumerate(points):
        y = PAD + i * row
        w = (WIDTH - label_w - right) * max(value, 0.0) / top
        fill = "#1d4e89" if key.casefold() == str(highlight).casefold() else "#9db4d0"
        text = f"{value:g}".replace(".", ",") + suffix
        parts.append(
            f'<text x="{label_w - 4}" y="{y + 11}" font-size="10" text-anchor="end">'
            f"{escape(key)}</text>"
            f'<rect x="{label_w}" y="{y + 2}" width="{w:.1f}" height="{row - 4}" fill="{fill}">'
            f"<title>{escape(key)}: {escape(text)}</title></rect>"
            f'<text x="{label_w + w + 3:.1f}" y="{y + 11}" font-size="10">{escape(text)}</text>'
        )
    return "".join(parts) + "</svg>"
