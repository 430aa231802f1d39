"""Check that every number in an answer comes from a computed figure or a cited passage.

Used by the tests over the development set and by ``assistant eval``: the product's first
principle, made checkable.
"""

from __future__ import annotations

import re
from typing import Any

from .models import Result

_NUMBER = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?")


_EN_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?!\d)")


def _norm(raw: str) -> float:
    cleaned = re.sub(r"[ \u00a0\u202f]", "", raw)
    if _EN_THOUSANDS.fullmatch(cleaned):
        return float(cleaned.replace(",", ""))  # 4,469 in English text
    return float(cleaned.replace(",", "."))


def numbers_in(text: str) -> list[tuple[str, float]]:
    """Numbers written Norwegian style (4 469; 92,3) or English style (4,469; 92.3)."""
    pattern = re.compile(_EN_THOUSANDS.pattern + "|" + _NUMBER.pattern)
    return [(m.group(), _norm(m.group())) for m in pattern.finditer(text)]


def _values(obj: Any) -> set[float]:
    found: set[float] = set()
    if isinstance(obj, bool) or obj is None:
        return found
    if isinstance(obj, (int, float)):
        found.add(round(float(obj), 4))
    elif isinstance(obj, str):
        found |= {round(v, 4) for _, v in numbers_in(obj)}
    elif isinstance(obj, dict):
        for v in obj.values():
            found |= _values(v)
    elif isinstance(obj, (list, tuple)):
        for v in obj:
            found |= _values(v)
    return found


def allowed_numbers(result: Result) -> set[float]:
    allowed: set[float] = set()
    for fig in result.figures:
        allowed |= _values(fig.value) | _values(fig.params) | _values(fig.rows)
        allowed |= _values(fig.as_of) | _values(fig.label)
    for cite in result.citations:
        allowed |= _values(cite.text) | _values(cite.published) | {float(cite.n)}
        allowed |= _values(cite.title)
    allowed |= _values(result.input)  # restating the claim is not a new number
    return allowed


def ungrounded_numbers(result: Result) -> list[str]:
    """Numbers in the answer that neither a figure nor a cited passage holds."""
    allowed = allowed_numbers(result)
    return [raw for raw, value in numbers_in(result.answer) if round(value, 4) not in allowed]
