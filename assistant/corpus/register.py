"""The register of checked claims (``corpus/claims/*.yaml``): the recurring claims of the
debate, written as a fact-checker would, each with a verdict, an explanation that leads with
the conclusion, a short answer to the question form, evidence with its stance, and figures that
are computed live (so ``--as-of`` works and every number stays grounded).

Validated like a card: every field, every document and the words quoted from it, every table
and measure, every template. An entry built on UNVERIFIED material says so and cannot settle a
claim (its verdict must be ``not_enough_evidence``); opinion pieces and reported statements are
context, never evidence that supports or contradicts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..text.normalise import strip_tags
from .errors import CorpusError
from .models import Document, Table

REGISTER_DIR = "claims"
VERDICTS = ("supported", "partly_supported", "contradicted", "not_enough_evidence")
STANCES = ("supports", "contradicts", "context")
STATUSES = ("VERIFIED", "SECONDARY", "DERIVED", "UNVERIFIED")
_REQUIRED = (
    "id",
    "claim_nb",
    "claim_en",
    "verdict",
    "status",
    "explanation_nb",
    "explanation_en",
    "answer_nb",
    "answer_en",
    "evidence",
)
_KNOWN = {
    *_REQUIRED,
    "question_nb",
    "question_en",
    "variants",
    "figures",
    "caveats_nb",
    "caveats_en",
    "topics",
}


@dataclass(frozen=True)
class Variant:
    """The claim as someone said or asked it; who, when and where when known. An ``opposite``
    variant says the contrary without a word of negation ("the grant goes to refugees" against
    "the grant goes to other things"): an input close to it gets the verdict flipped, which a
    similarity score alone could never tell."""

    text: str
    who: str = ""
    when: str = ""
    where: str = ""
    url: str = ""
    opposite: bool = False


@dataclass(frozen=True)
class EntryFigure:
    """A figure an entry rests on, computed live: a table's measure for one key and sex."""

    name: str
    table: str
    measure: str
    key: Any = None
    sex: str = "all"


@dataclass(frozen=True)
class EntryEvidence:
    """A passage by its document and words in it (not by passage id: editing a summary
    elsewhere does not break the entry), and what it does for the claim."""

    document: str
    find: str
    stance: str


@dataclass(frozen=True)
class Entry:
    id: str
    claim_nb: str
    claim_en: str
    verdict: str
    status: str
    explanation_nb: str
    explanation_en: str
    answer_nb: str
    answer_en: str
    evidence: tuple[EntryEvidence, ...]
    question_nb: str = ""
    question_en: str = ""
    variants: tuple[Variant, ...] = ()
    figures: tuple[EntryFigure, ...] = ()
    caveats_nb: tuple[str, ...] = ()
    caveats_en: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    path: str = ""

    def texts(self) -> list[tuple[str, str]]:
        """Every wording of the entry to match an input against: (text, what it is)."""
        out = [(self.claim_nb, "claim"), (self.claim_en, "claim")]
        out += [(q, "question") for q in (self.question_nb, self.question_en) if q]
        out += [(v.text, "opposite" if v.opposite else "variant") for v in self.variants]
        return out

    def claim(self, lang: str) -> str:
        return self.claim_nb if lang == "nb" else self.claim_en

    @property
    def settles(self) -> bool:
        return self.status != "UNVERIFIED" and self.verdict != "not_enough_evidence"


@dataclass(frozen=True)
class Register:
    entries: tuple[Entry, ...] = ()
    raw: list[dict[str, Any]] = field(default_factory=list, compare=False, repr=False)

    def entry(self, entry_id: str) -> Entry:
        return next(e for e in self.entries if e.id == entry_id)

    def rows(self) -> list[tuple[str, str, str]]:
        """(entry id, text, kind) for every wording, in a stable order: the rows of the
        register's vectors in an index."""
        return [(e.id, text, kind) for e in self.entries for text, kind in e.texts()]


def _entry(item: Any, where: str) -> Entry:
    if not isinstance(item, dict):
        raise CorpusError(where, "each entry must be a mapping")
    eid = str(item.get("id") or "?")
    for key in _REQUIRED:
        if item.get(key) in (None, "", []):
            raise CorpusError(where, f"entry {eid!r} lacks '{key}'")
    unknown = set(item) - _KNOWN
    if unknown:
        raise CorpusError(where, f"entry {eid!r} has unknown keys: {sorted(unknown)}")
    if item["verdict"] not in VERDICTS:
        raise CorpusError(where, f"entry {eid!r}: verdict must be one of {', '.join(VERDICTS)}")
    if item["status"] not in STATUSES:
        raise CorpusError(where, f"entry {eid!r}: status must be one of {', '.join(STATUSES)}")
    if item["status"] == "UNVERIFIED" and item["verdict"] != "not_enough_evidence":
        raise CorpusError(
            where, f"entry {eid!r} rests on UNVERIFIED material and cannot settle the claim"
        )
    try:
        variants = tuple(
            Variant(text=v)
            if isinstance(v, str)
            else Variant(
                **{k: str(x) for k, x in v.items() if k != "opposite"},
                opposite=bool(v.get("opposite", False)),
            )
            for v in item.get("variants") or []
        )
        figures = tuple(
            EntryFigure(
                str(name),
                str(spec["table"]),
                str(spec["measure"]),
                spec.get("key"),
                str(spec.get("sex", "all")),
            )
            for name, spec in (item.get("figures") or {}).items()
        )
        evidence = tuple(
            EntryEvidence(str(e["document"]), str(e["find"]), str(e["stance"]))
            for e in item["evidence"]
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise CorpusError(
            where,
            f"entry {eid!r}: variants need text; figures need table and measure; evidence "
            f"needs document, find and stance ({exc})",
        ) from exc
    for e in evidence:
        if e.stance not in STANCES:
            raise CorpusError(where, f"entry {eid!r}: stance must be one of {', '.join(STANCES)}")
    for name in (f.name for f in figures):
        if not name.isidentifier():
            raise CorpusError(where, f"entry {eid!r}: figure name {name!r} is not an identifier")
    from .cards import template

    for key in ("explanation_nb", "explanation_en", "answer_nb", "answer_en"):
        _check_template(str(item[key]), {f.name for f in figures}, where, f"{eid}.{key}")
        template(str(item[key]))
    return Entry(
        id=eid,
        claim_nb=str(item["claim_nb"]),
        claim_en=str(item["claim_en"]),
        verdict=str(item["verdict"]),
        status=str(item["status"]),
        explanation_nb=str(item["explanation_nb"]).strip(),
        explanation_en=str(item["explanation_en"]).strip(),
        answer_nb=str(item["answer_nb"]).strip(),
        answer_en=str(item["answer_en"]).strip(),
        evidence=evidence,
        question_nb=str(item.get("question_nb") or ""),
        question_en=str(item.get("question_en") or ""),
        variants=variants,
        figures=figures,
        caveats_nb=tuple(str(c) for c in item.get("caveats_nb") or ()),
        caveats_en=tuple(str(c) for c in item.get("caveats_en") or ()),
        topics=tuple(str(t) for t in item.get("topics") or ()),
        path=where,
    )


def _check_template(source: str, names: set[str], where: str, what: str) -> None:
    from jinja2 import TemplateSyntaxError, meta
    from jinja2.sandbox import SandboxedEnvironment

    try:
        parsed = SandboxedEnvironment().parse(source)
    except TemplateSyntaxError as exc:
        raise CorpusError(where, f"{what}: not a valid Jinja2 template: {exc}") from exc
    unknown = meta.find_undeclared_variables(parsed) - names
    if unknown:
        raise CorpusError(
            where, f"{what} uses figures the entry does not declare: {sorted(unknown)}"
        )


def parse_register(data: list[tuple[str, Any]]) -> Register:
    """Entries from (file, YAML content) pairs; the ids must be unique."""
    entries: list[Entry] = []
    raw: list[dict[str, Any]] = []
    for where, content in data:
        if content is None:
            continue
        if not isinstance(content, list):
            raise CorpusError(where, "a register file holds a list of entries")
        for item in content:
            entry = _entry(item, where)
            if any(e.id == entry.id for e in entries):
                raise CorpusError(where, f"two entries share the id {entry.id!r}")
            entries.append(entry)
            raw.append({"file": where, **item})
    return Register(tuple(entries), raw)


def load_register(corpus_dir: Path, root: Path) -> Register:
    folder = corpus_dir / REGISTER_DIR
    data = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        shown = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
        try:
            data.append((shown, yaml.safe_load(path.read_text(encoding="utf-8"))))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise CorpusError(
                shown, f"not valid YAML: {exc}", line=mark.line + 1 if mark else None
            ) from exc
    return parse_register(data)


def register_from_raw(raw: list[dict[str, Any]]) -> Register:
    """The register as an index stored it (each entry with the file it came from)."""
    by_file: dict[str, list] = {}
    for item in raw:
        item = dict(item)
        by_file.setdefault(item.pop("file"), []).append(item)
    return parse_register(list(by_file.items()))


def check_register_references(
    register: Register, documents: dict[str, Document], tables: dict[str, Table]
) -> None:
    """Documents and the words quoted from them exist; opinion and statements are only
    context; figures name a table's measure."""
    for entry in register.entries:
        where = entry.path
        for ev in entry.evidence:
            doc = documents.get(ev.document)
            if doc is None:
                raise CorpusError(where, f"entry {entry.id!r}: no document {ev.document!r}")
            if ev.find not in doc.text and ev.find not in strip_tags(doc.text):
                raise CorpusError(where, f"entry {entry.id!r}: {ev.find!r} is not in {ev.document}")
            if not doc.settles and ev.stance != "context":
                raise CorpusError(
                    where,
                    f"entry {entry.id!r}: {ev.document} is {doc.kind}: context, never "
                    f"evidence that {ev.stance.removesuffix('s')}s a claim",
                )
        for fig in entry.figures:
            table = tables.get(fig.table)
            if table is None or table.measure(fig.measure) is None:
                raise CorpusError(
                    where, f"entry {entry.id!r}: no measure {fig.table}.{fig.measure}"
                )
        if entry.settles and not any(e.stance != "context" for e in entry.evidence):
            raise CorpusError(
                where, f"entry {entry.id!r} has a verdict but no evidence that settles it"
            )
