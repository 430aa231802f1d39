"""Checking a whole text: sentences, claim detection, and the op-ed as the acceptance case."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.answers.report import render_markdown
from assistant.answers.textcheck import check_text, end_of_period
from assistant.claims.detect import classify, detect
from assistant.text.sentences import sentences

REPO = Path(__file__).resolve().parent.parent
OPED = (REPO / "seeds" / "000_34f5e4093077e492.txt").read_text(encoding="utf-8")

# Sentences of the op-ed that state an opinion, a value judgement or a forecast (facts.md §13
# lists the op-ed's checkable claims; these are the rest).
OPINIONS = [
    "KS mener kommunene jevnt over gjør en god integreringsjobb",
    "Det er alvorlig.",
    "Dette taler for at et fortsatt lokalt handlingsrom",
    "Kommunene trenger stabile og forutsigbare rammer",
    "Hvis integreringspengene i større grad øremerkes",
    "Dette bør ikke komme som en overraskelse",
    "Her tror vi at introduksjonsordningen",
    "I vårt høyt kvalifiserte arbeidsliv er kompetanse nøkkelen",
    "Derfor mener KS, som Brochmann II-utvalget",
    "Vi har stor tro på kraften",
    "Det er enormt mye kompetanse og erfaring å hente der ute.",
    "KS er overbevist om at kommunene",
    "For å videreføre dette viktige samfunnsoppdraget",
    "For oss andre handler det om å opprettholde",
]


def _texts(text: str) -> list[str]:
    return [" ".join(text[s.start : s.end].split()) for s, _ in sentences(text)]


def test_abbreviations_and_numbers_do_not_end_a_sentence() -> None:
    text = (
        "Ifølge SSB var bl.a. 92,3 % dekket, f.eks. i 2016. I perioden 2014-16 gikk "
        "30–35 prosent videre, dvs. ca. 1.5 ganger mer. Dr. Hansen sa det."
    )
    assert _texts(text) == [
        "Ifølge SSB var bl.a. 92,3 % dekket, f.eks. i 2016.",
        "I perioden 2014-16 gikk 30–35 prosent videre, dvs. ca. 1.5 ganger mer.",
        "Dr. Hansen sa det.",
    ]


def test_english_sentences_split_too() -> None:
    assert _texts("About 46 per cent went on, e.g. to work. Most did not.") == [
        "About 46 per cent went on, e.g. to work.",
        "Most did not.",
    ]


def test_markdown_headings_are_not_claims(lexicon) -> None:
    text = "## 60 prosent i arbeid\n\nNesten 60 prosent er i arbeid."
    kinds = [s.kind for s in detect(text, lexicon)]
    assert kinds == ["heading", "claim"]


def test_a_sentence_with_two_claims_is_split_and_completed(lexicon) -> None:
    [sentence] = detect(
        "Kartleggingen viser at kommunene bruker pengene på målgruppen og at "
        "tilskuddene nesten dekker utgiftene.",
        lexicon,
    )
    assert [c.check_text for c in sentence.claims] == [
        "Kartleggingen viser at kommunene bruker pengene på målgruppen",
        "Kartleggingen viser at tilskuddene nesten dekker utgiftene",
    ]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Vi mener kommunene gjør en god jobb.", "opinion"),
        ("Dette vil føre til bedre integrering neste år.", "forecast"),
        ("Det kan bli vanskelig.", "forecast"),
        ("Kommunene bør få mer frihet.", "opinion"),
        ("Over 20 prosent av kommunene tilbyr ikke fulltidsprogram.", "claim"),
        ("We believe the municipalities do well.", "opinion"),
        ("Denne kronikken ble gjengitt i Dagsavisen denne uken.", "self"),
    ],
)
def test_sentences_are_sorted_into_claims_opinions_forecasts_and_self_references(
    text, kind, lexicon
) -> None:
    assert classify(text, lexicon)[0] == kind


def test_partial_dates_mean_the_end_of_the_period() -> None:
    assert end_of_period("2017-11").isoformat() == "2017-11-30"
    assert end_of_period("2017").isoformat() == "2017-12-31"


@pytest.fixture(scope="module")
def oped_report(loaded):
    return check_text(loaded, OPED, as_of="2017-11-30")


def _claim(report, needle: str):
    found = [c for c in report.claims if needle in c.text]
    assert found, f"no claim found containing {needle!r}"
    return found[0]


def test_op_ed_numeric_claims_are_found_and_judged_as_the_evidence_says(oped_report) -> None:
    assert _claim(oped_report, "nesten 60 prosent").result.verdict == "partly_supported"
    assert _claim(oped_report, "30–35 prosent").result.verdict == "not_enough_evidence"
    norway = _claim(oped_report, "48 prosent").result
    assert norway.verdict in ("contradicted", "partly_supported")
    assert "46 prosent" in norway.reason
    assert _claim(oped_report, "nesten dekker").result.verdict == "supported"
    target_group = _claim(oped_report, "bruker pengene på målgruppen").result
    assert target_group.verdict in ("not_enough_evidence", "partly_supported")


def test_op_ed_duplicate_scrape_is_checked_once(oped_report) -> None:
    texts = [c.text for c in oped_report.claims]
    assert len(texts) == len(set(texts))
    assert oped_report.summary["repeated_sentences"] > 0


def test_at_most_two_op_ed_opinions_are_taken_for_claims(oped_report) -> None:
    claimed = [o for o in OPINIONS if any(o in c.text or c.text in o for c in oped_report.claims)]
    assert len(claimed) <= 2, claimed


def test_claim_offsets_point_at_the_claim(oped_report) -> None:
    for c in oped_report.claims:
        assert oped_report.text[c.start : c.end] == c.text


def test_text_date_from_front_matter_sets_as_of(loaded) -> None:
    text = (
        "---\ntitle: Kronikk\npublished: 2017-11\n---\nI Norge var gjennomsnittet i fjor "
        "på 48 prosent av dem som gikk direkte over til arbeid eller utdanning.\n"
    )
    report = check_text(loaded, text)
    assert report.as_of == "2017-11-30" and report.as_of_source == "metadata"
    assert report.claims[0].result.verdict == "contradicted"


def test_report_in_markdown_lists_claims_verdicts_and_sources(oped_report) -> None:
    md = render_markdown(oped_report)
    assert md.startswith("# Faktasjekk:")
    assert "| # | Påstand | Vurdering |" in md and "Delvis riktig" in md


def test_cli_checks_a_text_file_as_json(built_settings, tmp_path) -> None:
    article = tmp_path / "artikkel.md"
    article.write_text(
        "# Tall\n\nIntegreringstilskuddet dekket over 99 prosent av utgiftene i "
        "2016. Vi mener dette er bra.\n",
        encoding="utf-8",
    )
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", "check", "--text", str(article), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "ASSISTANT_INDEX_DIR": str(built_settings.index_dir)},
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert [c["result"]["verdict"] for c in report["claims"]] == ["contradicted"]
    assert report["summary"]["opinions"] == 1
