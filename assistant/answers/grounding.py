"""Check that every number in an answer comes from a computed figure or a cited passage.

Used by the tests over the development set and by ``assistant eval``: the product's first
principle, made checkable.
"""

from __future__ import annotations

from typing import Any

from ..text.numbers import named_years, numbers_in
from .models import Result


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
        # a change of -4 is written "fell by 4": the size of a figure is grounded too
        allowed |= _values(fig.value) | _values(abs(fig.value))
        allowed |= _values(fig.params) | _values(fig.rows)
        allowed |= _values(fig.as_of) | _values(fig.label)
    for cite in result.citations:
        allowed |= _values(cite.text) | _values(cite.published) | {float(cite.n)}
        allowed |= _values(cite.title)
    allowed |= _values(result.input)  # restating the claim is not a new number
    # nor naming a year inside a range it names ("2011–2015": no value for 2012)
    allowed |= {
        float(y)
        for ny in named_years(result.input)
        for y in range(min(ny.years), max(ny.years) + 1)
    }
    allowed |= _values(result.context)  # nor restating the turn a follow-up was read with
    return allowed


def ungrounded_numbers(result: Result) -> list[str]:
    """Numbers in the answer that neither a figure nor a cited passage holds."""
    allowed = allowed_numbers(result)
    return [raw for raw, value in numbers_in(result.answer) if round(value, 4) not in allowed]
