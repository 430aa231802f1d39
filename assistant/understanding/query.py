"""The input, parsed once at the edge (CLI, API, page) into one typed object and passed down.

Language is decided here and nowhere else.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from ..text.normalise import clean

MAX_INPUT_CHARS = 2000
Mode = Literal["question", "claim"]

_NB_HINTS = re.compile(
    r"[æøå]|\b(hvor|hva|hvem|hvilke[nt]?|hvorfor|hvordan|og|er|av|det|som|ikke|til|fra|med|"
    r"kommunene|prosent|andel|i fjor|etter|var|gikk|har|en|et|på|å|blir|ble)\b",
    re.I,
)
_EN_HINTS = re.compile(
    r"\b(the|what|which|who|how|why|of|and|is|are|was|were|did|does|do|in|to|percent|share|"
    r"last year|after|many|much|than|that|for|with)\b",
    re.I,
)


class InputError(ValueError):
    """The input cannot be answered as given (empty, too long, bad date)."""


def detect_language(text: str) -> Literal["nb", "en"]:
    """Norwegian unless English function words outnumber Norwegian ones."""
    nb = len(_NB_HINTS.findall(text))
    en = len(_EN_HINTS.findall(text))
    return "en" if en > nb else "nb"


def parse_as_of(value: str | date | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(f"as_of must be a date YYYY-MM-DD, got {value!r}") from exc


def _turn_text(turn: Any) -> str | None:
    """The text of a user turn in the history (a string or a {role, content} mapping)."""
    if isinstance(turn, str):
        content: Any = turn
    elif isinstance(turn, dict) and turn.get("role", "user") == "user":
        content = turn.get("content") or turn.get("input")
    else:
        return None
    if not isinstance(content, str):
        return None
    # only the start of a long turn is read: it sets the context, and embedding a whole
    # pasted article with every follow-up would cost seconds
    return clean(content[: MAX_INPUT_CHARS * 2])[:MAX_INPUT_CHARS] or None


@dataclass(frozen=True)
class Query:
    """One input to answer: the text, its language, the date it is judged by, and the
    conversation before it."""

    text: str
    language: Literal["nb", "en"]
    mode: Mode | None  # what the caller asked for; None lets the wording decide
    as_of: date | None  # judge by what was published by this date
    today: date
    history: tuple[str, ...] = ()  # earlier user turns, oldest first

    @property
    def reference(self) -> date:
        """The date "i fjor" and "last year" count from."""
        return self.as_of or self.today

    @property
    def previous(self) -> str | None:
        return self.history[-1] if self.history else None


def parse_query(
    text: Any,
    *,
    mode: Mode | None = None,
    history: Sequence[Any] = (),
    as_of: str | date | None = None,
    today: date | None = None,
) -> Query:
    """Validate and normalise an input; raise :class:`InputError` with a reason a user can act
    on."""
    if not isinstance(text, str) or not text.strip():
        raise InputError("the input is empty")
    cleaned = clean(text)
    if len(cleaned) > MAX_INPUT_CHARS:
        raise InputError(f"the input is longer than {MAX_INPUT_CHARS} characters")
    if mode not in (None, "question", "claim"):
        raise InputError(f"mode must be 'question' or 'claim', got {mode!r}")
    turns = tuple(t for t in (_turn_text(turn) for turn in history) if t)
    return Query(
        text=cleaned,
        language=detect_language(cleaned),
        mode=mode,
        as_of=parse_as_of(as_of),
        today=today or date.today(),
        history=turns,
    )
