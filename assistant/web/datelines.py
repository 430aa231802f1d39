"""Read a text's date from its dateline, so /check can judge an article as it stood when it
was published: "Publisert 30. november 2017", "Hamar, 30.11.2017", "2017-11-30",
"Published 30 November 2017", "November 30, 2017".

Only a line near the top (the first three non-empty lines, each short), or a line anywhere that
starts with a word such as "Publisert", counts: a date in the body is what the text is about,
not when it was written. Front matter (``published:``) is read by the answer layer itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("januar", "january", "jan"),
            ("februar", "february", "feb"),
            ("mars", "march", "mar"),
            ("april", "apr"),
            ("mai", "may"),
            ("juni", "june", "jun"),
            ("juli", "july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "october", "okt", "oct"),
            ("november", "nov"),
            ("desember", "december", "des", "dec"),
        ]
    )
    for name in names
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
PATTERNS = [
    re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"),
    re.compile(r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})"),
    re.compile(rf"(?P<d>\d{{1,2}})\.?\s+(?P<mn>{_MONTH})\.?\s+(?P<y>\d{{4}})", re.I),
    re.compile(rf"(?P<mn>{_MONTH})\.?\s+(?P<d>\d{{1,2}}),?\s+(?P<y>\d{{4}})", re.I),
]
LEAD_WORDS = re.compile(
    r"^\s*(publisert|oppdatert|dato|skrevet|published|updated|posted|date)\b", re.I
)
TOP_LINES, SHORT_LINE = 3, 120


@dataclass(frozen=True)
class Dateline:
    date: date
    text: str  # the line it was read from, as written


def _date_in(line: str) -> date | None:
    for pattern in PATTERNS:
        m = pattern.search(line)
        if not m:
            continue
        month = int(m.group("m")) if "m" in m.groupdict() else MONTHS[m.group("mn").lower()]
        try:
            return date(int(m.group("y")), month, int(m.group("d")))
        except ValueError:
            continue
    return None


def find_dateline(text: str) -> Dateline | None:
    """The date a text states for itself, or None."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines:
        if LEAD_WORDS.match(line) and len(line) <= SHORT_LINE:
            found = _date_in(line)
            if found:
                return Dateline(found, line)
    for line in lines[:TOP_LINES]:
        if len(line) <= SHORT_LINE:
            found = _date_in(line)
            if found:
                return Dateline(found, line)
    return None
