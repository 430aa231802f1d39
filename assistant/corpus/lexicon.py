"""The lexicon (``corpus/lexicon.yaml``): words of the domain that belong to no single table.

Loaded and validated like a card: every pattern must compile, every section must be there, and
an error names the file and the entry. The compiled :class:`Words` are what the reader of a
question matches; nothing here knows what the words mean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import CorpusError

LEXICON_FILE = "lexicon.yaml"
_SECTIONS = ("concepts", "scope", "frames", "cues", "sexes", "horizons", "judging")
_OPTIONAL_SECTIONS = ("claim_signals", "quantities", "qualifiers", "unheld")
#: concepts the code reads by name: whether a question asks for a number (a count, a share),
#: and whether a ranking is over counties
CODE_CONCEPTS = ("count", "share", "county")
#: frame and cue names the code reads; the lexicon must define each (it may define more)
FRAME_WORDS = (
    "increase",
    "decrease",
    "changed",
    "since",
    "higher",
    "lower",
    "equal",
    "than",
    "gap",
    "highest",
    "lowest",
    "goal",
    "reached",
    "never",
    "all_periods",
)
CUE_WORDS = (
    "opinion",
    "forecast",
    "self_reference",
    "negation",
    "exit_year",
    "denial",
    "cohort_suffix",
    "last_year",
    "this_year",
    "follow_up",
    "question_start",
)
JUDGING_KEYS = ("exact", "nearly", "about", "equal_gap", "persons_about")


#: texts whose search result each word list keeps (then it starts afresh)
SEARCH_CACHE = 1024


def _edges(pattern: str) -> tuple[str, str]:
    pre = r"(?<!\w)" if pattern[:1].isalnum() else ""
    post = r"(?!\w)" if pattern[-1:].isalnum() else ""
    return pre, post


def wrap(pattern: str) -> str:
    """Whole words where a pattern starts or ends with a letter: "arbeid" must not match inside
    "arbeidsledig", but "arbeidsledig\\w*" may end anywhere."""
    pre, post = _edges(pattern)
    return f"{pre}(?:{pattern}){post}"


def alternation(patterns: tuple[str, ...]) -> str:
    """``wrap(a)|wrap(b)|…`` with neighbours that share their edges written once,
    ``(?<!\\w)(?:(?:a)|(?:b))(?!\\w)``: the same matches in the same order (backtracking
    tries ``b`` when ``a`` fails at an edge either way), but the look-arounds run once per
    run of patterns instead of once per pattern, which makes long word lists several times
    faster to search."""
    runs: list[tuple[tuple[str, str], list[str]]] = []
    for p in patterns:
        edges = _edges(p)
        if runs and runs[-1][0] == edges:
            runs[-1][1].append(p)
        else:
            runs.append((edges, [p]))
    return "|".join(
        f"{pre}(?:{'|'.join(f'(?:{p})' for p in ps)}){post}" for (pre, post), ps in runs
    )


@dataclass(frozen=True)
class Words:
    """A named set of patterns (both languages), compiled into one case-insensitive regex.

    Where the lexicon splits a list by language, ``languages`` holds each language's own
    :class:`Words`: most words are tried in both (users mix languages), but some must not be
    ("men" is English for men and Norwegian for "but")."""

    name: str
    patterns: tuple[str, ...]
    regex: re.Pattern = field(compare=False, repr=False)
    languages: tuple[tuple[str, Words], ...] = field(default=(), compare=False, repr=False)
    #: the last searches by text: one sentence is searched for the same words by several
    #: stages (detection, reading, planning, matching), and a whole text is many sentences
    _found: dict[str, re.Match | None] = field(
        default_factory=dict, compare=False, repr=False, init=False
    )

    def in_language(self, lang: str) -> Words:
        """The words of one language, where the list is split by language; else all."""
        return dict(self.languages).get(lang, self)

    def match_start(self, text: str) -> re.Match | None:
        """A match at the very start of ``text`` (after white space)."""
        stripped = text.lstrip()
        return self.regex.match(stripped)

    def search(self, text: str) -> re.Match | None:
        found = self._found
        if text in found:
            return found[text]
        if len(found) >= SEARCH_CACHE:
            found.clear()
        hit = found[text] = self.regex.search(text)
        return hit

    def finditer(self, text: str):
        return self.regex.finditer(text)

    def __bool__(self) -> bool:
        return bool(self.patterns)


def compile_words(name: str, patterns: list[str] | tuple[str, ...], where: str) -> Words:
    """Compile ``patterns``; a pattern that does not compile is a :class:`CorpusError`."""
    pats = tuple(str(p) for p in patterns)
    for p in pats:
        try:
            re.compile(p)
        except re.error as exc:
            raise CorpusError(
                where, f"{name}: pattern {p!r} is not a regular expression: {exc}"
            ) from exc
    if not pats:
        return Words(name, (), re.compile(r"(?!x)x"))
    return Words(name, pats, re.compile(alternation(pats), re.I))


def _patterns(spec: Any, name: str, where: str) -> list[str]:
    """A list of patterns, or ``{nb: [...], en: [...]}``."""
    if isinstance(spec, dict):
        out: list[str] = []
        for lang, items in spec.items():
            if lang not in ("nb", "en") or not isinstance(items, list):
                raise CorpusError(where, f"{name}: expected lists under 'nb' and 'en'")
            out += [str(i) for i in items]
        return out
    if isinstance(spec, list):
        return [str(i) for i in spec]
    raise CorpusError(where, f"{name}: expected a list of patterns or {{nb: [...], en: [...]}}")


@dataclass(frozen=True)
class Unheld:
    """A slice in the corpus's scope that no table holds, and what to say about it."""

    id: str
    words: Words
    says_nb: str
    says_en: str


@dataclass(frozen=True)
class Quantity:
    """A value stated without a number ("dekker nesten utgiftene": nearly 100 %)."""

    value: float
    hedge: str
    words: Words


@dataclass(frozen=True)
class Lexicon:
    concepts: dict[str, Words]
    strong: Words
    frames: dict[str, Words]
    cues: dict[str, Words]
    sexes: dict[str, Words]
    horizons: dict[str, Words]
    unheld: tuple[Unheld, ...]
    judging: dict[str, float]
    quantities: tuple[Quantity, ...] = ()
    signals: dict[str, Words] = field(default_factory=dict)
    #: words that narrow a measure in a way no card's measure holds unless it says so
    qualifiers: dict[str, Words] = field(default_factory=dict)
    raw: dict[str, Any] = field(compare=False, repr=False, default_factory=dict)
    #: words of asking that say nothing about what is asked ("mener", "sier"): left out
    #: when checking that what was found speaks to the rest of a question
    asking: Words = field(default_factory=lambda: compile_words("scope.asking", (), "-"))

    def concept(self, name: str) -> Words:
        return self.concepts[name]


def parse_lexicon(data: Any, where: str = LEXICON_FILE) -> Lexicon:
    """Validate and compile a lexicon read from YAML (or from an index's stored copy)."""
    if not isinstance(data, dict):
        raise CorpusError(where, "the lexicon must be a mapping")
    for section in _SECTIONS:
        if section not in data:
            raise CorpusError(where, f"the lexicon lacks the section '{section}'")
    unknown = sorted(set(data) - set(_SECTIONS) - set(_OPTIONAL_SECTIONS))
    if unknown:
        known = ", ".join((*_SECTIONS, *_OPTIONAL_SECTIONS))
        raise CorpusError(where, f"unknown section {unknown[0]!r} (the sections are: {known})")

    def group(section: str, required: tuple[str, ...] = ()) -> dict[str, Words]:
        spec = data[section]
        if not isinstance(spec, dict):
            raise CorpusError(where, f"'{section}' must map names to patterns")
        out = {}
        for k, v in spec.items():
            name = f"{section}.{k}"
            words = compile_words(name, _patterns(v, name, where), where)
            if isinstance(v, dict):
                by_lang = tuple(
                    (str(lang), compile_words(f"{name}.{lang}", [str(i) for i in items], where))
                    for lang, items in v.items()
                )
                words = Words(words.name, words.patterns, words.regex, by_lang)
            out[str(k)] = words
        for name in required:
            if name not in out:
                raise CorpusError(where, f"'{section}' lacks '{name}'")
        return out

    scope = data["scope"]
    if not isinstance(scope, dict) or "strong" not in scope or set(scope) - {"strong", "asking"}:
        raise CorpusError(where, "'scope' holds the lists 'strong' and (optionally) 'asking'")
    unheld = []
    for i, item in enumerate(data.get("unheld") or []):
        try:
            unheld.append(
                Unheld(
                    str(item["id"]),
                    compile_words(
                        f"unheld.{item['id']}",
                        _patterns(item["patterns"], f"unheld[{i}]", where),
                        where,
                    ),
                    str(item["says_nb"]),
                    str(item["says_en"]),
                )
            )
        except (KeyError, TypeError) as exc:
            raise CorpusError(
                where, f"unheld[{i}] needs id, patterns, says_nb and says_en"
            ) from exc
    quantities = []
    for i, item in enumerate(data.get("quantities") or []):
        try:
            quantities.append(
                Quantity(
                    float(item["value"]),
                    str(item["hedge"]),
                    compile_words(
                        f"quantities[{i}]",
                        _patterns(item["patterns"], f"quantities[{i}]", where),
                        where,
                    ),
                )
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise CorpusError(where, f"quantities[{i}] needs value, hedge and patterns") from exc
    judging = data["judging"]
    for key in JUDGING_KEYS:
        if not isinstance(judging.get(key), (int, float)):
            raise CorpusError(where, f"judging.{key} must be a number")
    sexes = group("sexes", ("men", "women"))
    return Lexicon(
        concepts=group("concepts", CODE_CONCEPTS),
        strong=compile_words("scope.strong", _patterns(scope["strong"], "scope", where), where),
        asking=compile_words(
            "scope.asking", _patterns(scope.get("asking") or [], "scope", where), where
        ),
        frames=group("frames", FRAME_WORDS),
        cues=group("cues", CUE_WORDS),
        sexes=sexes,
        horizons=group("horizons"),
        unheld=tuple(unheld),
        judging={k: float(judging[k]) for k in JUDGING_KEYS},
        quantities=tuple(quantities),
        signals=group("claim_signals") if "claim_signals" in data else {},
        qualifiers=group("qualifiers") if "qualifiers" in data else {},
        raw=data,
    )


def load_lexicon(corpus_dir: Path, root: Path) -> Lexicon:
    path = corpus_dir / LEXICON_FILE
    shown = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
    if not path.is_file():
        raise CorpusError(shown, "the lexicon file is missing")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise CorpusError(
            shown, f"not valid YAML: {exc}", line=mark.line + 1 if mark else None
        ) from exc
    return parse_lexicon(data, shown)
