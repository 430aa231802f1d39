"""Answers and verdicts on the real index: computed figures, grounding, abstention, context."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from assistant.answers.grounding import ungrounded_numbers
from assistant.answers.models import result_schema
from assistant.answers.pipeline import InputError, respond
from assistant.config import Settings

REPO = Path(__file__).resolve().parent.parent
EVAL = Settings.from_env().eval_dir
SCHEMA = json.loads((REPO / "docs" / "result.schema.json").read_text())


LOCAL = REPO / "tests" / "data"


def _jsonl(path: Path) -> list[dict]:
    """A development set; a missing or empty one fails the run instead of skipping it."""
    if not path.is_file():
        raise FileNotFoundError(f"{path}: development set missing (set ASSISTANT_EVAL_DIR)")
    items = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    if not items:
        raise ValueError(f"{path}: development set is empty")
    return items


def _dev(name: str) -> list[dict]:
    return _jsonl(EVAL / f"{name}.jsonl")


def test_published_schema_matches_the_models() -> None:
    assert result_schema() == SCHEMA


@pytest.mark.parametrize("item", _dev("figures"), ids=lambda d: d["id"])
def test_dev_figure_is_computed_exactly(loaded, item) -> None:
    result = respond(loaded, item["question"])
    values = [f.value for f in result.figures[:3]]
    assert any(abs(v - item["value"]) <= item["tol"] for v in values), result.answer
    if item.get("text"):
        assert item["text"] in result.answer


def test_dev_questions_are_answered_not_abstained(loaded) -> None:
    silent = [
        d["question"]
        for d in _dev("questions")
        if not (r := respond(loaded, d["question"])).citations and not r.figures
    ]
    assert silent == []


@pytest.mark.parametrize("item", _dev("claims"), ids=lambda d: d["id"])
def test_dev_claim_gets_an_acceptable_verdict(loaded, item) -> None:
    result = respond(loaded, item["claim"], mode="claim")
    assert result.verdict in item["ok"], result.reason
    if item["ok"] == ["not_enough_evidence"]:
        assert result.citations == []


@pytest.mark.parametrize(
    "item",
    _dev("claims-frames") + _jsonl(LOCAL / "claims-frames-local.jsonl"),
    ids=lambda d: d["claim"][:50],
)
def test_claims_that_compare_change_rank_or_set_goals_get_an_acceptable_verdict(
    loaded, item
) -> None:
    result = respond(loaded, item["claim"], mode="claim")
    assert result.verdict in item["ok"], result.answer
    assert ungrounded_numbers(result) == [], result.answer


@pytest.mark.parametrize("item", _dev("abstain"), ids=lambda d: d["question"][:50])
def test_off_topic_questions_get_no_figure_and_no_citation(loaded, item) -> None:
    result = respond(loaded, item["question"])
    assert result.figures == [] and result.citations == [], result.answer
    assert result.verdict == "not_enough_evidence"


@pytest.mark.parametrize(
    "text",
    [
        d.get("question") or d["claim"]
        for n in ("questions", "figures", "claims", "claims-qualitative")
        for d in _dev(n)
    ]
    + [
        d["claim"]
        for n in ("heldout-claims", "heldout-claims-2")
        for d in _jsonl(LOCAL / f"{n}.jsonl")
    ],
)
def test_every_number_in_an_answer_comes_from_a_figure_or_cited_passage(loaded, text) -> None:
    result = respond(loaded, text)
    assert ungrounded_numbers(result) == [], result.answer
    jsonschema.validate(json.loads(result.model_dump_json()), SCHEMA)


def test_figures_show_their_sql_rows_and_source(loaded) -> None:
    result = respond(loaded, "Hvor stor del av utgiftene dekket integreringstilskuddet i 2016?")
    fig = result.figures[0]
    assert fig.value == pytest.approx(92.3)
    assert "SELECT" in fig.sql and "$as_of" in fig.sql
    assert fig.rows and fig.rows[0]["key"] == 2016
    assert fig.table == "beregningsutvalget_cover_ratios" and fig.as_of.startswith("2017")


def test_ssb_year_label_is_the_status_year_not_the_exit_year(loaded) -> None:
    by_status = respond(
        loaded, "Hvor stor andel var i arbeid eller utdanning ett år etter, målt i 2017?"
    )
    by_exit = respond(
        loaded,
        "Hvor stor andel av dem som avsluttet i 2016 var i arbeid eller utdanning ett år etter?",
    )
    assert by_status.figures[0].rows[0]["key"] == 2016
    assert by_exit.figures[0].rows[0]["key"] == 2016
    assert by_status.figures[0].value == by_exit.figures[0].value == 62


def test_answer_names_the_measure_used_and_shows_the_other(loaded) -> None:
    result = respond(loaded, "Hvor mange var i arbeid ett år etter introduksjonsprogrammet i 2015?")
    ids = [f.id for f in result.figures]
    assert ids[0].endswith("employed_total")
    assert any(i.endswith("work_or_education") for i in ids[1:])
    assert "Mål brukt" in result.answer and "Andre mål" in result.answer


def test_claim_with_right_number_but_wrong_measure_is_partly_supported(loaded) -> None:
    result = respond(
        loaded,
        "Nesten 60 prosent av flyktningene er i arbeid ett år etter "
        "avsluttet introduksjonsprogram.",
        mode="claim",
        as_of="2017-11-30",
    )
    assert result.verdict == "partly_supported"
    assert [f.value for f in result.figures[:2]] == [43, 58]


def test_a_compound_claim_is_false_when_one_part_is_and_undecided_parts_are_named(
    loaded,
) -> None:
    false_part = respond(
        loaded,
        "Telemark gjorde det best av alle fylkene i 2016, mens Oslo lå lavt.",
        mode="claim",
    )
    assert false_part.verdict == "contradicted"
    assert "Resten av påstanden" in false_part.answer
    true_part = respond(
        loaded,
        "Aust-Agder gjorde det best av alle fylkene i 2016, mens Oslo lå lavt.",
        mode="claim",
    )
    assert true_part.verdict == "not_enough_evidence"
    assert "bare en del av påstanden" in true_part.answer
    assert [f.rows[0]["key"] for f in true_part.figures] == ["Aust-Agder"]


def test_as_of_hides_figures_published_later_and_says_newer_exist(loaded) -> None:
    result = respond(
        loaded,
        "Hvor stor andel var i arbeid eller utdanning ett år etter introduksjonsprogrammet?",
        as_of="2017-11-30",
    )
    assert result.figures[0].rows[0]["key"] == 2014
    assert any("Nyere tall" in n for n in result.notes)
    assert all(c.published <= "2017-11-30" for c in result.citations)


def test_hedged_claims_are_read_with_their_hedge(loaded) -> None:
    over = respond(
        loaded, "Integreringstilskuddet dekket over 90 prosent av utgiftene i 2016.", mode="claim"
    )
    under = respond(
        loaded, "Integreringstilskuddet dekket under 90 prosent av utgiftene i 2016.", mode="claim"
    )
    assert (over.verdict, under.verdict) == ("supported", "contradicted")


def test_english_claim_is_answered_in_english(loaded) -> None:
    result = respond(
        loaded,
        "More than half of those who left the programme in 2016 were in "
        "work or education a year later.",
    )
    assert result.mode == "claim" and result.language == "en"
    assert result.verdict == "supported"


@pytest.mark.parametrize(
    "text",
    [
        "Hvor mange innbyggere har Tromsø?",
        "What is the capital of France?",
        "Hva er renten i Sverige?",
        "Det kom 50 000 asylsøkere til Norge i 2021.",
    ],
)
def test_input_outside_the_corpus_is_not_covered_and_cites_nothing(loaded, text) -> None:
    result = respond(loaded, text)
    assert result.verdict == "not_enough_evidence"
    assert result.citations == [] and result.figures == []


@pytest.mark.parametrize(
    "text", ["Hva mener KS om eiendomsskatt?", "Hva sier Fafo om bompenger?", "Hvem leder KS?"]
)
def test_a_question_in_scope_by_a_topic_word_alone_is_not_answered_with_unrelated_passages(
    loaded, text
) -> None:
    result = respond(loaded, text)
    assert result.citations == [] and result.figures == []


def test_a_question_about_what_the_op_ed_says_quotes_it(loaded) -> None:
    result = respond(loaded, "Hva går det nye forskningsprosjektet til KS ut på?")
    assert result.citations and "forskningsprosjekt" in result.answer


def test_follow_up_question_uses_the_previous_turn(loaded) -> None:
    first = "Hvor stor andel av dem som avsluttet i 2016 var i arbeid eller utdanning ett år etter?"
    result = respond(loaded, "Og for kvinner?", history=[{"role": "user", "content": first}])
    assert result.figures[0].value == 50
    assert result.figures[0].params["sex"] == "women"


def test_follow_up_about_sweden_switches_to_the_swedish_measure(loaded) -> None:
    first = "Hvor stor andel gikk direkte over til arbeid eller utdanning i 2016?"
    result = respond(loaded, "What about Sweden?", history=[first])
    assert result.figures[0].table == "sweden_establishment_programme_90_days"
    assert result.language == "en"


def test_question_without_a_figure_quotes_cited_passages(loaded) -> None:
    result = respond(
        loaded, "Hvorfor har mange av tiltakene i introduksjonsprogrammet liten effekt?"
    )
    assert result.verdict is None and result.figures == []
    assert result.citations and "[1]" in result.answer


@pytest.mark.parametrize("bad", ["", "   ", "x" * 5000])
def test_empty_or_oversized_input_is_refused_clearly(loaded, bad) -> None:
    with pytest.raises(InputError):
        respond(loaded, bad)


def test_bad_as_of_date_is_refused_clearly(loaded) -> None:
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        respond(loaded, "Hvor mange deltok i 2018?", as_of="30.11.2017")


def test_every_example_on_the_empty_page_is_answered(loaded) -> None:
    """The examples a newcomer clicks (corpus/about.yaml) must stay answerable."""
    for lang in ("nb", "en"):
        for mode in ("ask", "check"):
            for text in loaded.about["examples"][lang][mode]:
                result = respond(loaded, text, mode="claim" if mode == "check" else None)
                assert result.figures or result.citations, text
                assert result.language == lang, text
                if mode == "check":
                    assert result.verdict != "not_enough_evidence", text
