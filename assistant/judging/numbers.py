"""Does a number a claim states hold against a number the sources give? Hedges ("nesten",
"over", "om lag"), the source's own wording ("over 90 %") and rounding decide. The spans come
from the lexicon's ``judging`` section, overridden per measure by its card."""

from __future__ import annotations

from ..text.numbers import StatedNumber

#: used when no lexicon is at hand (a card or the lexicon may override each)
DEFAULTS = {"exact": 0.5, "nearly": 5.0, "about": 2.0, "equal_gap": 3.0, "persons_about": 0.02}


def matches(
    stated: StatedNumber,
    value: float,
    value_qualifier: str | None = None,
    spans: dict[str, float] | None = None,
) -> bool:
    """Does ``value`` (from the sources) bear out ``stated`` (from the claim)?

    ``value_qualifier`` is how the source worded its own number: ``above`` means the true value
    is above ``value`` ("over 90 %"), ``below`` under it, ``approx_below`` just under it.
    """
    s = {**DEFAULTS, **(spans or {})}
    exact, nearly, about = s["exact"], s["nearly"], s["about"]
    c = stated.value
    span = exact
    if stated.unit in ("persons", "nok"):
        span = max(exact, s["persons_about"] * c) if stated.hedge in ("about", "nearly") else exact
    if value_qualifier == "approx_below":  # the source says "just under value"
        if stated.hedge in ("nearly", "about", "below"):
            return value - nearly <= c <= value + exact
        return stated.hedge == "exact" and abs(c - value) <= 1.0
    if value_qualifier == "above":  # the source only says "more than value"
        return stated.hedge == "above" and c <= value + span
    if value_qualifier == "below":  # the source only says "less than value"
        return stated.hedge == "below" and c >= value - span
    hedge = stated.hedge
    if hedge == "range" and stated.high is not None:
        return c - exact <= value <= stated.high + exact
    if hedge == "just_over":
        return c - exact <= value <= c + max(nearly, 0.08 * c)
    if hedge == "nearly":
        return c - max(nearly, 0.08 * c) <= value < c + exact
    if hedge == "above":
        return value > c
    if hedge == "below":
        return value < c
    if hedge == "about":
        return abs(value - c) <= max(about, 0.05 * c)
    if hedge == "not":  # "ikke 50 prosent", "ikke engang alle"
        return abs(value - c) > span
    return abs(value - c) <= span


def hedges_compatible(claim: StatedNumber, quoted: StatedNumber) -> bool:
    """Two texts state the same thing about a number (used when the evidence is a passage)."""
    if claim.unit != quoted.unit or abs(claim.value - quoted.value) > DEFAULTS["exact"]:
        return False
    loose = {"exact", "about", "only"}
    if claim.hedge in loose and quoted.hedge in loose:
        return True
    return claim.hedge == quoted.hedge
