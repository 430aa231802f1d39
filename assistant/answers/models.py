"""The one result shape shared by the CLI and the HTTP API.

Field names are a public contract (issue: "exactly these names"); ``docs/result.schema.json``
is generated from these models and checked in the tests.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Verdict = Literal["supported", "partly_supported", "contradicted", "not_enough_evidence"]

#: how a verdict is named to readers, everywhere (CLI, reports, pages; the widget has a copy)
VERDICT_LABELS: dict[str, dict[str, str]] = {
    "supported": {"nb": "Støttes", "en": "Supported"},
    "partly_supported": {"nb": "Delvis riktig", "en": "Partly supported"},
    "contradicted": {"nb": "Motsies", "en": "Contradicted"},
    "not_enough_evidence": {"nb": "Ikke nok grunnlag", "en": "Not enough evidence"},
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
    text: str = Field(description="The passage, verbatim")
    start: int = Field(description="Character offset of the passage in the source text")
    end: int
    score: float = Field(description="Retrieval score (higher is more relevant)")


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


def result_schema() -> dict[str, Any]:
    schema = Result.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://example.invalid/integrering-faktasjekk/result.schema.json"
    return schema
