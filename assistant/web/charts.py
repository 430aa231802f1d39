"""Small server-side SVG bar charts of the series a figure comes from. No chart service, no
script: the page shows one as an image, and every label is escaped.

A chart carries its own title, the unit of its value axis, a source line and the marked bar,
so it still says what it shows when it is shared on its own. Years are placed on a true time
scale: a run of years with no figures is an empty, shaded stretch labelled as such, never a
bar squeezed next to its neighbour.
"""

from __future__ import annotations

import itertools
import math
import textwrap
from html import escape
from typing import Any

from .words import number

WIDTH = 340
FONT = (
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, "
    "'Liberation Sans', 'DejaVu Sans', sans-serif"
)
INK, MUTED, GRID = "#1b1f24", "#4b5563", "#d6dbe1"
BAR, MARKED, GAP = "#6f8fb8", "#163d6b", "#eef1f4"
LEFT, RIGHT = 36, 8


def _ticks(low: float, high: float, most: int = 5) -> list[float]:
    """Round tick values covering [low, high], at most ``most`` of them."""
    extent = (high - low) or abs(high) or 1.0
    raw = extent / most
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start = math.floor(low / step) * step
    ticks, v = [], start
    while v < high + step * 0.999:
        ticks.append(round(v, 6))
        v += step
    return ticks


def _width(text: str, size: int) -> float:
    """About how wide ``text`` is drawn at ``size`` px in a sans-serif font (digits and
    most letters are close to 0.6 em): enough to keep labels off the edges."""
    return len(text) * size * 0.62


def _lines(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width) or [""]


def _text(x: float, y: float, body: str, size: int = 12, **attrs: Any) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{escape(str(v))}"' for k, v in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}"{extra}>{escape(body)}</text>'


def _head(height: float, title: str, desc: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="{WIDTH}" height="{height:.0f}" font-family="{escape(FONT)}" fill="{INK}" '
        f'role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title><desc>{escape(desc)}</desc>"
        f'<rect width="{WIDTH}" height="{height:.0f}" fill="#fff"/>'
    )


def _title_block(title: str, subtitle: str) -> tuple[list[str], float]:
    parts, y = [], 6.0
    for line in _lines(title, 32):
        y += 18
        parts.append(_text(8, y, line, 15, font_weight="700"))
    for line in _lines(subtitle, 46):
        y += 16
        parts.append(_text(8, y, line, 12, fill=MUTED))
    return parts, y


def _source_block(source: str, y: float) -> tuple[list[str], float]:
    parts = []
    for line in _lines(source, 52):
        y += 15
        parts.append(_text(8, y, line, 11, fill=MUTED))
    return parts, y + 8


def bar_chart(
    points: list[tuple[Any, float]],
    highlight: list[Any],
    *,
    title: str,
    axis_title: str,
    source: str,
    marked_text: str,
    gap_text: str,
    desc: str,
    lang: str,
) -> str:
    """Bars for ``points`` ((key, value) pairs); the highlighted keys are dark. Years as keys
    are spaced as years; more than ten named keys (counties) are drawn as horizontal bars."""
    marked = {str(k).casefold() for k in highlight}
    if not points:
        parts, y = _title_block(title, axis_title)
        src, y = _source_block(source, y + 10)
        return _head(y, title, desc) + "".join(parts + src) + "</svg>"
    if not all(isinstance(k, int) for k, _ in points) and len(points) > 10:
        return _horizontal(points, marked, title, axis_title, source, marked_text, desc, lang)
    return _vertical(points, marked, title, axis_title, source, marked_text, gap_text, desc, lang)


def _vertical(
    points: list[tuple[Any, float]],
    marked: set[str],
    title: str,
    axis_title: str,
    source: str,
    marked_text: str,
    gap_text: str,
    desc: str,
    lang: str,
) -> str:
    parts, y = _title_block(title, f"{axis_title} · {marked_text}")
    top, plot_h = y + 16, 150.0
    bottom = top + plot_h
    values = [v for _, v in points]
    ticks = _ticks(min(0.0, min(values)), max(0.0, max(values)))
    low, high = ticks[0], ticks[-1]

    def ypos(v: float) -> float:
        return bottom - (v - low) / ((high - low) or 1.0) * plot_h

    years = all(isinstance(k, int) for k, _ in points)
    if years:
        first, last = min(k for k, _ in points), max(k for k, _ in points)
        slots = last - first + 1
    else:
        first, slots = 0, len(points)
    # the axis is as wide as its longest tick label ("800 000" needs more than "60")
    left = max(LEFT, max(_width(number(t, lang), 12) for t in ticks) + 9)
    slot = (WIDTH - left - RIGHT) / slots

    def xpos(i: int, key: Any) -> float:
        return left + ((key - first) if years else i) * slot + slot / 2

    body = []
    for tick in ticks:
        ty = ypos(tick)
        body.append(
            f'<line x1="{left:.1f}" x2="{WIDTH - RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        body.append(_text(left - 5, ty + 4, number(tick, lang), 12, text_anchor="end"))
    if years:  # the years with no figures: a shaded, labelled stretch
        present = sorted(k for k, _ in points)
        for a, b in itertools.pairwise(present):
            if b - a <= 1:
                continue
            x0 = left + (a + 1 - first) * slot
            w = (b - a - 1) * slot
            body.append(
                f'<rect x="{x0:.1f}" y="{top:.1f}" width="{w:.1f}" height="{plot_h:.1f}" '
                f'fill="{GAP}"/>'
            )
            label = f"{gap_text} {a + 1}" + (f"–{b - 1}" if b - 1 > a + 1 else "")
            if w >= 8 * len(label) * 0.62:
                body.append(
                    _text(x0 + w / 2, top + 16, label, 11, fill=MUTED, text_anchor="middle")
                )
            elif w >= 14:
                cx = x0 + w / 2
                body.append(
                    _text(
                        cx,
                        top + 8,
                        label,
                        11,
                        fill=MUTED,
                        text_anchor="end",
                        transform=f"rotate(-90 {cx:.1f} {top + 8:.1f})",
                        dy="4",
                    )
                )
    bar = max(3.0, min(slot * 0.7, 40.0))
    zero = ypos(0.0)
    labelled: list[float] = []
    order = sorted(
        range(len(points)),
        key=lambda i: (str(points[i][0]).casefold() not in marked, i not in (0, len(points) - 1)),
    )
    for i in order:  # which keys get an axis label: marked and ends first, then as room allows
        x = xpos(i, points[i][0])
        if all(abs(x - other) >= 38 for other in labelled):
            labelled.append(x)
    for i, (key, value) in enumerate(points):
        x = xpos(i, key)
        is_marked = str(key).casefold() in marked
        y0, y1 = sorted((ypos(value), zero))
        body.append(
            f'<rect x="{x - bar / 2:.1f}" y="{y0:.1f}" width="{bar:.1f}" '
            f'height="{max(y1 - y0, 1.0):.1f}" fill="{MARKED if is_marked else BAR}">'
            f"<title>{escape(str(key))}: {escape(number(value, lang))}</title></rect>"
        )
        if is_marked or slot >= 30:
            vy = y0 - 4 if value >= 0 else y1 + 13
            text, size = number(value, lang), 13 if is_marked else 11
            half = _width(text, size) / 2
            vx = min(max(x, half + 2), WIDTH - half - 2)  # a label at an edge stays inside
            body.append(
                _text(
                    vx,
                    vy,
                    text,
                    size,
                    text_anchor="middle",
                    font_weight="700" if is_marked else "400",
                )
            )
        if x in labelled:
            short = str(key) if len(str(key)) <= 10 else str(key)[:9] + "…"
            body.append(_text(x, bottom + 17, short, 13, text_anchor="middle"))
    body.append(
        f'<line x1="{left:.1f}" x2="{WIDTH - RIGHT}" y1="{zero:.1f}" y2="{zero:.1f}" '
        f'stroke="{INK}" stroke-width="1"/>'
    )
    src, height = _source_block(source, bottom + 26)
    return _head(height, title, desc) + "".join(parts + body + src) + "</svg>"


def _horizontal(
    points: list[tuple[Any, float]],
    marked: set[str],
    title: str,
    axis_title: str,
    source: str,
    marked_text: str,
    desc: str,
    lang: str,
) -> str:
    """Many named rows (counties): one bar per line, names on the left."""
    parts, y = _title_block(title, f"{axis_title} · {marked_text}")
    row, label_w, right = 22, 118, 40
    top = y + 12
    high = max(max(v for _, v in points), 0.0) or 1.0
    body = []
    for i, (key, value) in enumerate(points):
        ry = top + i * row
        w = (WIDTH - label_w - right) * max(value, 0.0) / high
        is_marked = str(key).casefold() in marked
        weight = "700" if is_marked else "400"
        body.append(
            _text(label_w - 6, ry + 15, str(key), 13, text_anchor="end", font_weight=weight)
        )
        body.append(
            f'<rect x="{label_w}" y="{ry + 3}" width="{w:.1f}" height="{row - 6}" '
            f'fill="{MARKED if is_marked else BAR}">'
            f"<title>{escape(str(key))}: {escape(number(value, lang))}</title></rect>"
        )
        body.append(_text(label_w + w + 4, ry + 15, number(value, lang), 13, font_weight=weight))
    src, height = _source_block(source, top + len(points) * row + 4)
    return _head(height, title, desc) + "".join(parts + body + src) + "</svg>"
