"""The register of checked claims: validation, matching (without a model: hand-made vectors),
answers from it on the real index, follow-ups after a claim, and ClaimReview."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant.answers.claimreview import claim_review
from assistant.answers.models import Result
from assistant.answers.pipeline import respond
from assistant.claims.matching import best_and_related, denied_clause, match
from assistant.corpus import CorpusError, load_corpus
from assistant.corpus.register import parse_register

REPO = Path(__file__).resolve().parent.parent

ENTRY = """
- id: test-entry
  claim_nb: "Kommunene bruker tilskuddet på andre ting."
  claim_en: "Municipalities spend the grant on other things."
  verdict: contradicted
  status: VERIFIED
  answer_nb: "Nei."
  answer_en: "No."
  explanation_nb: "Nei."
  explanation_en: "No."
  evidence:
    - {document: beregningsutvalget-2016, find: "92,3 prosent", stance: contradicts}
"""


def _write(settings, body: str) -> None:
    folder = settings.corpus_dir / "claims"
    for old in folder.glob("*.yaml"):
        old.unlink()
    (folder / "test.yaml").write_text(body, encoding="utf-8")


# validation --------------------------------------------------------------------------


def test_a_valid_entry_loads(corpus_copy) -> None:
    _write(corpus_copy, ENTRY)
    corpus = load_corpus(corpus_copy.corpus_dir, corpus_copy.seeds_dir)
    assert [e.id for e in corpus.register.entries] == ["test-entry"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("status: VERIFIED", "status: UNVERIFIED"), "cannot settle"),
        (("beregningsutvalget-2016, find: \"92,3 prosent\"", "utrop-2010-vivekananthan-integreringstilskudd, find: \"redde kommunebudsjetter\""), "context, never evidence"),
        (("find: \"92,3 prosent\"", "find: \"99,9 prosent\""), "is not in beregningsutvalget-2016"),
        (("answer_nb: \"Nei.\"", "answer_nb: \"Nei: {{ dekning }}.\""), "does not declare"),
        (("stance: contradicts", "stance: refutes"), "stance must be one of"),
        (("verdict: contradicted", "verdict: false"), "verdict must be one of"),
    ],
)  # fmt: skip
def test_a_broken_entry_is_refused_with_the_file_and_the_entry_named(
    corpus_copy, change, message
) -> None:
    _write(corpus_copy, ENTRY.replace(*change))
    with pytest.raises(CorpusError) as caught:
        load_corpus(corpus_copy.corpus_dir, corpus_copy.seeds_dir)
    assert "claims/test.yaml" in str(caught.value) and message in str(caught.value)
    assert "test-entry" in str(caught.value)


# matching (hand-made vectors) ---------------------------------------------------------------


def _register():
    import yaml

    entries = yaml.safe_load(
        """
- id: other-things
  claim_nb: "Kommunene bruker tilskuddet på andre ting enn flyktninger."
  claim_en: "Municipalities spend the grant on other things than refugees."
  variants:
    - {text: "Kommunene bruker tilskuddet på flyktningene.", opposite: true}
  verdict: contradicted
  status: VERIFIED
  answer_nb: "Nei."
  answer_en: "No."
  explanation_nb: "Nei."
  explanation_en: "No."
  evidence: [{document: d, find: f, stance: contradicts}]
- id: sixty
  claim_nb: "60 prosent er i arbeid ett år etter."
  claim_en: "60 per cent are in work one year after."
  verdict: partly_supported
  status: VERIFIED
  answer_nb: "Delvis."
  answer_en: "Partly."
  explanation_nb: "Delvis."
  explanation_en: "Partly."
  evidence: [{document: d, find: f, stance: supports}]
"""
    )
    return parse_register([("claims/t.yaml", entries)])


def _vectors(register, close: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
    """A query vector and one unit vector per wording whose cosine with the query is
    ``close[wording]`` (0.5 for any wording not named)."""
    rows = register.rows()
    dim = len(rows) + 1
    query = np.zeros(dim, dtype=np.float32)
    query[0] = 1.0
    out = np.zeros((len(rows), dim), dtype=np.float32)
    for i, (_, text, _) in enumerate(rows):
        c = close.get(text, 0.5)
        out[i, 0] = c
        out[i, i + 1] = np.sqrt(1 - c * c)
    return query, out


def test_a_negated_input_flips_the_match(lexicon) -> None:
    register = _register()
    claim = "Kommunene bruker tilskuddet på andre ting enn flyktninger."
    query, vectors = _vectors(register, {claim: 0.97})
    text = "Det er en myte at kommunene bruker tilskuddet på andre ting enn flyktninger."
    [best, *_] = match(text, query, register, vectors, lexicon)
    assert best.entry.id == "other-things" and best.negated and best.applies


def test_an_opposite_wording_flips_the_match_without_any_negation(lexicon) -> None:
    register = _register()
    opposite = "Kommunene bruker tilskuddet på flyktningene."
    claim = "Kommunene bruker tilskuddet på andre ting enn flyktninger."
    query, vectors = _vectors(register, {opposite: 0.96, claim: 0.95})
    [best, *_] = match(
        "Kommunene bruker tilskuddet på flyktningene sine.", query, register, vectors, lexicon
    )
    assert best.kind == "opposite" and best.negated


def test_a_number_the_entry_does_not_state_is_judged_on_its_own_terms(lexicon) -> None:
    register = _register()
    query, vectors = _vectors(register, {"60 prosent er i arbeid ett år etter.": 0.97})
    [best, *_] = match("45 prosent er i arbeid ett år etter.", query, register, vectors, lexicon)
    assert best.entry.id == "sixty" and not best.applies and best.why_not == "numbers"


def test_another_horizon_is_not_the_checked_claim(lexicon) -> None:
    register = _register()
    query, vectors = _vectors(register, {"60 prosent er i arbeid ett år etter.": 0.97})
    [best, *_] = match("60 prosent er i arbeid fem år etter.", query, register, vectors, lexicon)
    assert not best.applies and best.why_not == "horizon"


def test_a_county_the_entry_does_not_name_is_judged_on_its_own(lexicon) -> None:
    from assistant.claims.matching import prepare
    from assistant.corpus.lexicon import compile_words

    places = [(name, compile_words(name, [name], "-")) for name in ("Oslo", "Finnmark")]
    prepared = prepare(_register(), lexicon, None, places)
    query, vectors = _vectors(prepared.register, {"60 prosent er i arbeid ett år etter.": 0.97})
    [best, *_] = match(
        "60 prosent er i arbeid ett år etter i Oslo.", query, prepared, vectors, lexicon
    )
    assert not best.applies and best.why_not == "place"
    [best, *_] = match("60 prosent er i arbeid ett år etter.", query, prepared, vectors, lexicon)
    assert best.applies


def test_a_time_after_settlement_says_nothing_against_an_entry_with_no_horizon(lexicon) -> None:
    register = _register()
    claim = "Kommunene bruker tilskuddet på andre ting enn flyktninger."
    query, vectors = _vectors(register, {claim: 0.97})
    text = "Kommunene bruker tilskuddet på andre ting enn flyktninger det første året etter."
    [best, *_] = match(text, query, register, vectors, lexicon)
    assert best.entry.id == "other-things" and best.applies


def test_an_input_without_the_claims_telling_words_takes_the_opposite_side(lexicon) -> None:
    register = _register()
    opposite = "Kommunene bruker tilskuddet på flyktningene."
    claim = "Kommunene bruker tilskuddet på andre ting enn flyktninger."
    # the model puts the claim a little closer; the input says nothing of "andre ting"
    query, vectors = _vectors(register, {opposite: 0.955, claim: 0.96})
    [best, *_] = match(
        "Kommunene bruker tilskuddet på flyktningene, slik det er ment, i snitt.",
        query,
        register,
        vectors,
        lexicon,
    )
    assert best.kind == "opposite" and best.negated and best.applies


def test_a_weak_match_is_related_not_the_answer(lexicon) -> None:
    register = _register()
    query, vectors = _vectors(register, {"60 prosent er i arbeid ett år etter.": 0.87})
    best, related = best_and_related(
        match("Seks av ti har jobb.", query, register, vectors, lexicon)
    )
    assert best is None and [m.entry.id for m in related] == ["sixty"]


def test_a_denied_clause_is_matched_on_its_own_words_and_turned(lexicon) -> None:
    register = _register()
    clause = denied_clause(
        "Det stemmer ikke at kommunene bruker tilskuddet på andre ting enn flyktninger.", lexicon
    )
    assert clause == "Kommunene bruker tilskuddet på andre ting enn flyktninger."
    query, vectors = _vectors(register, {clause: 0.99})
    [best, *_] = match(clause, query, register, vectors, lexicon, denied=True)
    assert best.entry.id == "other-things" and best.negated and best.applies
    assert denied_clause("Det er en myte.", lexicon) is None  # nothing left to match


def test_the_side_holding_more_of_what_the_input_says_gives_its_polarity(lexicon) -> None:
    register = _register()
    opposite = "Kommunene bruker tilskuddet på flyktningene."
    claim = "Kommunene bruker tilskuddet på andre ting enn flyktninger."
    # the model puts the opposite a little closer; the words "andre ting" decide
    query, vectors = _vectors(register, {opposite: 0.965, claim: 0.96})
    [best, *_] = match(
        "Kommunene bruker tilskuddet på andre ting enn flyktningene.",
        query,
        register,
        vectors,
        lexicon,
    )
    assert best.kind == "claim" and not best.negated and best.applies


def test_sides_alike_in_words_and_score_give_a_polarity_when_both_readings_agree(
    lexicon,
) -> None:
    import yaml

    [entry] = yaml.safe_load(
        """
- id: short
  claim_nb: "Norsktilskuddet dekker ikke kostnadene."
  claim_en: "The training grant does not cover the costs."
  variants:
    - {text: "Norsktilskuddet dekker kostnadene.", opposite: true}
  verdict: supported
  status: VERIFIED
  answer_nb: "Ja."
  answer_en: "Yes."
  explanation_nb: "Ja."
  explanation_en: "Yes."
  evidence: [{document: d, find: f, stance: supports}]
"""
    )
    register = parse_register([("claims/t.yaml", [entry])])
    close = {
        "Norsktilskuddet dekker kostnadene.": 0.95,
        "Norsktilskuddet dekker ikke kostnadene.": 0.945,
    }
    query, vectors = _vectors(register, close)
    # "ikke" is no content word: both sides hold the input's words, and the model cannot tell
    # them apart; read against either, the input says the claim
    [best] = match("Norsktilskuddet dekker ikke kostnadene.", query, register, vectors, lexicon)
    assert best.applies and not best.negated


def _two_entries():
    import yaml

    entries = yaml.safe_load(
        """
- id: earn
  claim_nb: "Kommunene tjener penger på flyktninger."
  claim_en: "Municipalities make money on refugees."
  verdict: contradicted
  status: VERIFIED
  answer_nb: "Nei."
  answer_en: "No."
  explanation_nb: "Nei."
  explanation_en: "No."
  evidence: [{document: d, find: f, stance: contradicts}]
- id: covers
  claim_nb: "Tilskuddet dekker kommunenes utgifter til flyktninger."
  claim_en: "The grant covers municipalities' refugee costs."
  verdict: partly_supported
  status: VERIFIED
  answer_nb: "Delvis."
  answer_en: "Partly."
  explanation_nb: "Delvis."
  explanation_en: "Partly."
  evidence: [{document: d, find: f, stance: supports}]
"""
    )
    return parse_register([("claims/t.yaml", entries)])


@pytest.mark.parametrize(("covers", "verdict_shown"), [(0.955, False), (0.90, True)])
def test_two_entries_too_close_to_call_give_neither_verdict(
    lexicon, covers: float, verdict_shown: bool
) -> None:
    register = _two_entries()
    query, vectors = _vectors(
        register,
        {
            "Kommunene tjener penger på flyktninger.": 0.95,
            "Tilskuddet dekker kommunenes utgifter til flyktninger.": covers,
        },
    )
    text = "Kommunene får dekket utgiftene og tjener penger på flyktninger."
    [top, *_] = match(text, query, register, vectors, lexicon)
    assert top.entry.id == "earn" and top.applies is verdict_shown
    assert top.why_not == ("" if verdict_shown else "ambiguous")


# answers from the register on the real index -------------------------------------------


def test_the_products_own_question_gets_a_short_answer_with_the_cover_ratio(loaded) -> None:
    result = respond(loaded, "Bruker kommunene integreringstilskuddet på andre ting?")
    assert result.short_answer.startswith("I gjennomsnitt nei")
    assert result.answer.startswith(result.short_answer)
    assert result.figures[0].value == pytest.approx(92.3) and "92,3 prosent" in result.short_answer
    assert result.citations[0].publisher == "Beregningsutvalget"
    assert result.citations[0].stance == "contradicts"
    assert {c.stance for c in result.citations} >= {"contradicts", "context"}
    english = respond(loaded, "Do municipalities use the integration grant for other purposes?")
    assert english.figures and english.figures[0].value == pytest.approx(92.3)
    assert english.match is not None and english.match.id == result.match.id


def test_the_products_question_as_of_2017_shows_only_what_was_published(loaded) -> None:
    result = respond(
        loaded, "Bruker kommunene integreringstilskuddet på andre ting?", as_of="2017-11-30"
    )
    assert [f.value for f in result.figures] == [pytest.approx(92.3)]
    assert "95,2" not in result.answer
    assert all(c.published <= "2017-11-30" for c in result.citations)


def test_a_myth_claim_is_checked_with_its_verdict_flipped(loaded) -> None:
    result = respond(
        loaded,
        "Det stemmer ikke at kommunene bruker integreringstilskuddet på andre ting enn "
        "flyktningene.",
        mode="claim",
    )
    assert result.verdict in ("supported", "partly_supported")
    assert result.match is not None


def test_a_checked_claims_short_answer_is_its_conclusion_and_the_body_the_rest(loaded) -> None:
    result = respond(loaded, "Integreringstilskuddet utbetales over fem år.", mode="claim")
    assert result.match is not None and result.verdict == "supported"
    short = result.short_answer
    assert len(short.split()) >= 4 and short.count(". ") <= 1  # not "Stemmer." alone
    assert short in result.answer and len(result.answer) > len(short) + 40


def test_an_opinion_is_not_checkable_and_says_why(loaded) -> None:
    result = respond(
        loaded, "Vi mener kommunene bør få mer frihet i integreringsarbeidet.", mode="claim"
    )
    assert result.checkable is False and result.verdict == "not_enough_evidence"
    assert result.figures == []


# follow-ups after a claim ------------------------------------------------------------------

CLAIM = "58 prosent av dem som avsluttet introduksjonsprogrammet i 2014 var i arbeid eller utdanning året etter."


def test_a_follow_up_question_after_a_claim_answers_for_the_new_slice(loaded) -> None:
    result = respond(loaded, "Og for kvinner?", history=[CLAIM])
    assert result.mode == "question"
    assert result.figures[0].value == 49 and result.figures[0].params["sex"] == "women"
    assert result.context == CLAIM


def test_a_follow_up_checked_as_a_claim_checks_the_claim_for_the_new_slice(loaded) -> None:
    result = respond(loaded, "Og for kvinner?", history=[CLAIM], mode="claim")
    assert result.verdict == "contradicted" and result.figures[0].value == 49
    later = respond(loaded, "Og i 2016?", history=[CLAIM], mode="claim")
    assert later.figures[0].rows[0]["key"] == 2016


# ClaimReview -----------------------------------------------------------------------------


def _result(verdict: str, mode: str = "claim") -> Result:
    return Result(
        input="Integreringstilskuddet dekker alle utgiftene.",
        mode=mode,
        language="nb",
        verdict=verdict if mode == "claim" else None,
        reason="Dekningsgraden var 92,3 prosent.",
        answer="Dekningsgraden var 92,3 prosent.",
        citations=[],
        figures=[],
    )


def test_claim_review_carries_the_verdict_and_who_made_the_claim() -> None:
    review = claim_review(
        _result("contradicted"),
        url="https://example.org/a?q=x",
        date_published="2026-12-01",
        claim_author="KS",
        claim_date="2017",
    )
    assert review["@type"] == "ClaimReview" and review["@context"] == "https://schema.org"
    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Motsies",
        "ratingValue": 1,
        "bestRating": 3,
        "worstRating": 1,
    }
    assert review["itemReviewed"]["author"]["name"] == "KS"
    assert review["claimReviewed"] == "Integreringstilskuddet dekker alle utgiftene."


def test_claim_review_names_not_enough_evidence_without_a_rating_value() -> None:
    review = claim_review(_result("not_enough_evidence"), url="u", date_published="2026-12-01")
    assert "ratingValue" not in review["reviewRating"]
    with pytest.raises(ValueError):
        claim_review(_result("", mode="question"), url="u", date_published="2026-12-01")


def test_the_cli_emits_claim_review(built_settings) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", "check", "Kommunene tjener penger på å bosette flyktninger.", "--claimreview"],
        capture_output=True,
        text=True,
        env={"ASSISTANT_INDEX_DIR": str(built_settings.index_dir), "ASSISTANT_PUBLIC_URL": "https://fakta.example", "PATH": "/usr/bin:/bin"},
        cwd=REPO,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    review = json.loads(proc.stdout)
    assert review["url"].startswith("https://fakta.example/a?q=")
    assert review["reviewRating"]["alternateName"] == "Motsies"
    assert review["reviewRating"]["ratingValue"] == 1


def test_the_permalink_page_of_a_checked_claim_carries_claim_review(loaded) -> None:
    from fastapi.testclient import TestClient

    from assistant.web.app import create_app

    with TestClient(create_app(loaded.settings, index=loaded)) as client:
        html = client.get(
            "/a",
            params={
                "q": "Integreringstilskuddet dekket 92,3 prosent av utgiftene i 2016.",
                "mode": "check",
            },
        ).text
    block = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    review = json.loads(block)
    assert review["@type"] == "ClaimReview" and review["reviewRating"]["ratingValue"] == 3
