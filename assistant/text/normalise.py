"""Normalising text: what input looks like once it can be processed, and how two texts are
compared for "the same words"."""

from __future__ import annotations

import re
import unicodedata

#: the status tag a summary puts after a fact: [VERIFIED], [SECONDARY], [DERIVED], [UNVERIFIED]
STATUS_TAG = re.compile(r"\s*\[(VERIFIED|SECONDARY|DERIVED|UNVERIFIED)\]")
STATUSES = ("VERIFIED", "SECONDARY", "DERIVED", "UNVERIFIED")


def clean(text: str) -> str:
    """Text as it can be processed: lone surrogates (valid in JSON escapes, not in UTF-8)
    become U+FFFD, and runs of white space become one space."""
    return " ".join(text.encode("utf-8", "replace").decode("utf-8").split())


def fold(text: str) -> str:
    """A comparison key: NFKC, one space between words, case folded."""
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


def strip_tags(text: str) -> str:
    """The text without its status tags, as a reader or a model should see it."""
    return STATUS_TAG.sub("", text)


def tags_in(text: str) -> list[str]:
    """The status tags in ``text``, each once, in order of first appearance."""
    return list(dict.fromkeys(m.group(1) for m in STATUS_TAG.finditer(text)))
