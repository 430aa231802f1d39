"""Compare a stated number, with its hedge, to a computed or quoted one. Pure functions."""

from __future__ import annotations

from ..figures.reading import StatedNumber

#: how far "nesten 60" may be below 60 and still hold
NEARLY_SPAN = 5.0
#: "om lag"/"about": within this many points, or 5 % of the number, whichever is larger
ABOUT_SPAN = 2.0
#: an unhedged number holds when it equals the figure after ordinary rounding
EXACT_SPAN = 0.5


def matches(stated: StatedNumber, value: float, value_qualifier: str | None = None) -> bool:
    """Does ``value`` (from the sources) bear out ``stated`` (from the claim)?

    ``value_qualifier`` is how the source worded its own number: ``above`` means the true value
    is above ``value`` ("over 90 %"), ``approx_below`` just under it.
    """
    c = stated.value
    if stated.unit == "persons":
        span = max(EXACT_SPAN, 0.02 * c) if stated.hedge in ("about", "nearly") else EXACT_SPAN
    else:
        span = EXACT_SPAN
    if value_qualifier == "approx_below":
        # the source says "just under value"
        if stated.hedge in ("nearly", "about", "below"):
            return value - NEARLY_SPAN <= c <= value + EXACT_SPAN
        return stated.hedge == "exact" and abs(c - value) <= 1.0
    if value_qualifier == "above":
        # the source only says "more than value"
        if stated.hedge == "above":
            return c <= value + span
        if stated.hedge == "below":
            return False
        return False
    hedge = stated.hedge
    if hedge == "range" and stated.high is not None:
        return c - EXACT_SPAN <= value <= stated.high + EXACT_SPAN
    if hedge == "just_over":
        return c - EXACT_SPAN <= value <= c + max(NEARLY_SPAN, 0.08 * c)
    if hedge == "nearly":
        return c - max(NEARLY_SPAN, 0.08 * c) <= value < c + EXACT_SPAN
    if hedge == "above":
        return value > c
    if hedge == "below":
        return value < c
    if hedge == "about":
        return abs(value - c) <= max(ABOUT_SPAN, 0.05 * c)
    return abs(value - c) <= span


def hedges_compatible(claim: StatedNumber, quoted: StatedNumber) -> bool:
    """Two texts state the same thing about a number (used when the evidence is a passage)."""
    if claim.unit != quoted.unit or abs(claim.value - quoted.value) > EXACT_SPAN:
        return False
    loose = {"exact", "about", "only"}
    if claim.hedge in loose and quoted.hedge in loose:
        return True
    return claim.hedge == quoted.hedge
