"""The one result shape shared by the CLI and the HTTP API.

Field names are a public contract (issue: "exactly these names"); ``docs/result.schema.json``
is generated from these models and checked in the tests.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Verdict = Literal["supported", "partly_supported", "contradicted", "not_enough_evidence"]
Stance = Literal["supports", "contradicts", "context"]
Voice = Literal["verbatim", "summary", "explainer"]
Status = Literal["VERIFIED", "SECONDARY", "DERIVED", "UNVERIFIED"]

#: how a verdict is named to readers, everywhere (CLI, reports, pages; the widget has a copy)
VERDICT_LABELS: dict[str, dict[str, str]] = {
    "supported": {"nb": "Støttes", "en": "Supported"},
    "partly_supported": {"nb": "Delvis riktig", "en": "Partly supported"},
    "contradicted": {"nb": "Motsies", "en": "Contradicted"},
    "not_enough_evidence": {"nb": "Ikke nok grunnlag", "en": "Not enough evidence"},
}


#: how a status tag is named to readers (the legend on source pages explains each)
STATUS_LABELS: dict[str, dict[str, str]] = {
    "VERIFIED": {"nb": "bekreftet", "en": "verified"},
    "SECONDARY": {"nb": "sekundærkilde", "en": "secondary source"},
    "DERIVED": {"nb": "beregnet av oss", "en": "calculated by us"},
    "UNVERIFIED": {"nb": "ubekreftet", "en": "unverified"},
}
#: what each status means, for the legend
STATUS_EXPLAINED: dict[str, dict[str, str]] = {
    "VERIFIED": {
        "nb": "Står på kildens egen side (eller en offentlig etat gjengir den).",
        "en": "Stated on the source's own page (or passed on by a public body).",
    },
    "SECONDARY": {
        "nb": "Bare funnet hos en tredjepart som viser til kilden, for eksempel en avis.",
        "en": "Found only at a third party citing the source, such as a newspaper.",
    },
    "DERIVED": {
        "nb": "Regnet ut av oss fra andre tall i kildene; utregningen står i teksten.",
        "en": "Calculated by us from other figures in the sources; the sum is shown.",
    },
    "UNVERIFIED": {
        "nb": "Ikke bekreftet i en kilde; brukes aldri til å avgjøre en påstand.",
        "en": "Not confirmed by a source; never used to settle a claim.",
    },
}
#: how the stance of a cited passage is named (the groups of a debate brief)
STANCE_LABELS: dict[str, dict[str, str]] = {
    "supports": {"nb": "Taler for", "en": "Supports"},
    "contradicts": {"nb": "Taler mot", "en": "Contradicts"},
    "context": {"nb": "Bakgrunn", "en": "Background"},
}


class Citation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    n: int = Field(description="The number the answer text uses: [n]")
    passage_id: str
    source_id: str
    title: str
    publisher: str
    published: str = Field(description="Publication date of the source (ISO, may be partial)")
    url: str
    text: str = Field(description="The passage, without status tags (see `statuses`)")
    start: int = Field(description="Character offset of the passage in the source text")
    end: int
    score: float = Field(description="Retrieval score (higher is more relevant)")
    kind: str = Field(
        default="",
        description="What the source is: statistics_release, report, evaluation, news, "
        "opinion, statement or explainer. Opinion and statements are context, never proof.",
    )
    voice: Voice = Field(
        default="summary",
        description="Whose words `text` is: `verbatim` (the source's own words, may be "
        "quoted), `summary` (our summary of the source) or `explainer` (our own background)",
    )
    attribution: str = Field(
        default="",
        description="How to name the passage to a reader, in the result's language "
        '("Sammendrag av Beregningsutvalgets rapport (2017)")',
    )
    statuses: list[Status] = Field(
        default_factory=list, description="Status tags of the facts in the passage"
    )
    stance: Stance = Field(
        default="context",
        description="What the passage does for the claim or answer: supports, contradicts, "
        "or gives context",
    )


class Figure(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(description="table.measure")
    label: str
    value: float
    unit: str
    params: dict[str, Any] = Field(description="Bound SQL parameters and the row key used")
    sql: str
    rows: list[dict[str, Any]] = Field(description="The rows the value was read from")
    table: str
    source_id: str
    as_of: str = Field(description="Publication date of the figure")
    title: str = Field(default="", description="The table's title, in the result's language")
    publisher: str = Field(default="", description="Who published the figures")
    value_text: str = Field(
        default="", description="The value as written in the answer, with its unit"
    )
    status: Status | None = Field(default=None, description="Status of the value in its row")
    note: str = Field(
        default="", description="How the value was reached where it is not read off one cell"
    )


class ClaimMatch(BaseModel):
    """A claim in the register of checked claims that the input is about."""

    model_config = ConfigDict(extra="forbid")
    id: str
    claim: str = Field(description="The checked claim, in the result's language")
    verdict: Verdict = Field(description="The register's verdict on the claim as written there")
    negated: bool = Field(description="The input says the opposite of the checked claim")
    score: float = Field(description="Similarity of the input to the claim or a variant")
    wording: str = Field(default="", description="The wording of the entry the input matched")
    said_by: str = Field(default="", description="Who said that wording in public, when known")
    said_when: str = Field(default="", description="When it was said, when known")
    said_where: str = Field(default="", description="Where it was said, when known")


class Result(BaseModel):
    model_config = ConfigDict(extra="forbid")

    input: str
    mode: Literal["question", "claim"]
    language: Literal["nb", "en"]
    verdict: Verdict | None = Field(
        description="null for an answered question; one of four for a claim; "
        "not_enough_evidence whenever the corpus does not cover the input"
    )
    reason: str | None = Field(default=None, description="One sentence: why this verdict")
    answer: str
    citations: list[Citation]
    figures: list[Figure]
    notes: list[str] = Field(default_factory=list, description="Caveats a reader must see")
    short_answer: str = Field(
        default="",
        description="One or two sentences that answer or state the verdict: the start of `answer`",
    )
    as_of: str | None = Field(
        default=None, description="The date the answer was judged by (sources published by it)"
    )
    checkable: bool = Field(
        default=True,
        description="false for an opinion, a forecast or a statement about the text itself: "
        "reported, not checked",
    )
    context: str | None = Field(
        default=None,
        description='The earlier turn a follow-up was read with ("Og for kvinner?" after a claim)',
    )
    match: ClaimMatch | None = Field(
        default=None, description="The checked claim in the register that the input is about"
    )
    related: list[ClaimMatch] = Field(
        default_factory=list, description="Checked claims close to the input (near misses)"
    )


def result_schema() -> dict[str, Any]:
    schema = Result.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://example.invalid/integrering-faktasjekk/result.schema.json"
    return schema
