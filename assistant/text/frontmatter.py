"""YAML front matter: ``---`` on the first line, a YAML mapping, ``---``, then the body."""

from __future__ import annotations

from typing import Any

import yaml


class FrontMatterError(ValueError):
    """The front matter cannot be read; ``line`` is where (1-based), when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def has_front_matter(text: str) -> bool:
    return text.startswith("---\n") and text.find("\n---", 4) > 0


def split_front_matter(text: str) -> tuple[dict[str, Any], str, int]:
    """(metadata, body, line number where the body starts). Raises :class:`FrontMatterError`."""
    if not text.startswith("---\n"):
        raise FrontMatterError("missing front matter (the file must start with '---')", line=1)
    end = text.find("\n---", 4)
    if end < 0:
        raise FrontMatterError("front matter is not closed with '---'", line=1)
    try:
        meta = yaml.safe_load(text[4:end]) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise FrontMatterError(
            f"front matter is not valid YAML: {exc}", line=mark.line + 2 if mark else 1
        ) from exc
    if not isinstance(meta, dict):
        raise FrontMatterError("front matter must be a mapping", line=2)
    newline = text.find("\n", end + 4)
    body = text[newline + 1 :] if newline >= 0 else ""
    return meta, body, text[: end + 4].count("\n") + 2
