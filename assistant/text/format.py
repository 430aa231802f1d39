"""Numbers and dates as a reader reads them, in Norwegian or English: "92,3" / "92.3",
"4 469" / "4,469", "19. desember 2016" / "19 December 2016". One copy, used by the answers
and the pages alike."""

from __future__ import annotations

import re
from typing import Any

MONTHS = {
    "nb": "januar februar mars april mai juni juli august september oktober november desember",
    "en": "January February March April May June July August September October November December",
}
_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def number(value: float | int, lang: str) -> str:
    """62 → "62", 92.3 → "92,3" (nb) / "92.3" (en), 4469 → "4 469" / "4,469"; one decimal."""
    rounded = round(float(value), 1)
    if abs(rounded - round(rounded)) < 1e-9:
        text = f"{round(rounded):,}"
        return text.replace(",", "\u00a0") if lang == "nb" else text
    text = f"{rounded:,.1f}"
    if lang == "nb":
        return text.replace(",", "\u00a0").replace(".", ",")
    return text


def human_date(value: Any, lang: str) -> str:
    """ "2016-12-19" → "19. desember 2016" / "19 December 2016"; "2017-11" → "november 2017";
    "2024" → "2024"; an empty or unknown date → "ukjent dato" / "date unknown"."""
    text = str(value or "").strip()
    m = _ISO.fullmatch(text)
    if not m:
        unknown = "ukjent dato" if lang == "nb" else "date unknown"
        return text if text and text != "unknown" else unknown
    year, month, day = m.group(1), m.group(2), m.group(3)
    if not month:
        return year
    name = MONTHS["nb" if lang == "nb" else "en"].split()[int(month) - 1]
    if not day:
        return f"{name} {year}"
    return f"{int(day)}. {name} {year}" if lang == "nb" else f"{int(day)} {name} {year}"
