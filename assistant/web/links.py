"""Addresses of answers: a permalink recomputes the conversation up to an answer from its URL
alone (the question, its mode, the date, the earlier turns with their modes, the language).
Plain functions with no web framework, so the command line builds the same links."""

from __future__ import annotations

from urllib.parse import urlencode

MAX_TURNS = 4  # earlier turns a page sends along (and recomputes on a permalink)


def permalink(
    text: str, mode: str, as_of: str | None, history: list[tuple[str, str]], lang: str
) -> str:
    """The path of an answer's page (mode "ask" or "check")."""
    params: list[tuple[str, str]] = [("q", text), ("mode", mode), ("lang", lang)]
    if as_of:
        params.append(("as_of", as_of))
    for h, m in history[-MAX_TURNS:]:
        params += [("h", h), ("hm", m)]
    return "/a?" + urlencode(params)
