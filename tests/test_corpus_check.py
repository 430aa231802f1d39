"""The corpus check: the repository's corpus passes, and each kind of problem is reported
with file:line on a broken copy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from assistant.corpus.check import WORKING_NOTE_PATTERNS, check_corpus

DOCS = "corpus/documents"
TABLES = "corpus/tables"


def _problems(settings) -> list[str]:
    return [str(p) for p in check_corpus(settings.corpus_dir, settings.seeds_dir).problems]


def _edit(settings, relative: str, old: str, new: str) -> Path:
    path = settings.corpus_dir.parent / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _line(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def test_the_repository_corpus_passes(repo: Path) -> None:
    report = check_corpus(repo / "corpus", repo / "seeds")
    assert [str(p) for p in report.problems] == []
    assert report.documents >= 40 and report.figures >= 100
    assert report.summary().startswith("Corpus OK:")


def test_a_publisher_that_is_several_is_reported(corpus_copy) -> None:
    name = f"{DOCS}/imdi-2017-07-06-resultater-2016.md"
    path = _edit(corpus_copy, name, "publisher: IMDi", 'publisher: "IMDi og NTB"')
    line = _line(path, "publisher:")
    assert f"{name}:{line}: publisher 'IMDi og NTB' is not one publisher's name" in _problems(
        corpus_copy
    )


def test_a_relay_in_the_publisher_is_reported(corpus_copy) -> None:
    name = f"{DOCS}/npk-2019-08-20-resultater-2018.md"
    _edit(corpus_copy, name, "publisher: NPK", 'publisher: "NPK (via Fjordabladet)"')
    assert any(p.startswith(f"{name}:4: publisher") for p in _problems(corpus_copy))


def test_a_date_that_does_not_fit_its_certainty_is_reported(corpus_copy) -> None:
    name = f"{DOCS}/ssb-deltakere.md"
    path = _edit(corpus_copy, name, 'published: "2017-06-27"', 'published: "2017-06"')
    line = _line(path, "published:")
    assert any(
        p.startswith(f"{name}:{line}: published '2017-06' does not fit date_certainty 'exact'")
        for p in _problems(corpus_copy)
    )


def test_an_address_without_https_or_with_tracking_is_reported(corpus_copy) -> None:
    name = f"{DOCS}/nrk-2018-12-sysselsetting-blant-innvandrere.md"
    path = _edit(
        corpus_copy,
        name,
        "url: https://www.nrk.no/norge/svaert-varierende-sysselsetting-blant-innvandrere-1.14323926",
        "url: http://www.nrk.no/norge/x-1.14323926?utm_source=fb&mobilmeny=1",
    )
    line = _line(path, "url:")
    problems = _problems(corpus_copy)
    assert any(p.startswith(f"{name}:{line}: url") and "not an https" in p for p in problems)
    assert f"{name}:{line}: url carries the tracking parameter 'utm_source'" in problems
    assert f"{name}:{line}: url carries the tracking parameter 'mobilmeny'" in problems


def test_an_explainer_not_published_by_the_project_is_reported(corpus_copy) -> None:
    name = f"{DOCS}/maleenheter.md"
    path = _edit(corpus_copy, name, "publisher: Faktasjekk integrering", "publisher: SSB")
    line = _line(path, "publisher:")
    assert any(
        p.startswith(f"{name}:{line}: an explainer is published by") for p in _problems(corpus_copy)
    )


def test_a_sentence_without_a_status_tag_is_reported_with_its_line(corpus_copy) -> None:
    name = f"{DOCS}/ssb-deltakere.md"
    path = _edit(
        corpus_copy, name, "9 259 kvinner [VERIFIED].", "9 259 kvinner. Det var mange [VERIFIED]."
    )
    line = _line(path, "9 259 kvinner. Det var mange")
    problems = _problems(corpus_copy)
    assert len(problems) == 1
    assert problems[0].startswith(
        f"{name}:{line}: sentence without a status tag before its full stop: "
        "'SSBs deltakerstatistikk for introduksjonsordningen"
    )


def test_a_tag_after_the_full_stop_does_not_count(corpus_copy) -> None:
    name = f"{DOCS}/tv2-2018-04-sanner-integrering.md"
    _edit(corpus_copy, name, "til kommunene [SECONDARY].", "til kommunene. [SECONDARY]")
    problems = _problems(corpus_copy)
    assert len(problems) == 1 and "without a status tag" in problems[0]
    assert "Ifølge TV 2 i april 2018" in problems[0]


def test_headings_and_verbatim_documents_need_no_tags(corpus_copy) -> None:
    _edit(
        corpus_copy, f"{DOCS}/ssb-deltakere.md", "## Deltakere i 2016", "## Deltakere i 2016 i alt"
    )
    assert _problems(corpus_copy) == []  # the op-ed (verbatim) carries no tags at all


def test_a_figure_missing_from_the_text_is_reported(corpus_copy) -> None:
    name = f"{DOCS}/ssb-deltakere.md"
    path = _edit(corpus_copy, name, '  - text: "14 702"', '  - text: "14 703"')
    line = _line(path, '- text: "14 703"')
    assert _problems(corpus_copy) == [f"{name}:{line}: figure '14 703' is not in the text"]


def test_a_figure_that_disagrees_with_its_table_is_reported(corpus_copy) -> None:
    name = f"{DOCS}/ssb-deltakere.md"
    path = corpus_copy.corpus_dir.parent / name
    path.write_text(path.read_text(encoding="utf-8").replace("9 259", "9 260"), encoding="utf-8")
    line = _line(path, '- text: "9 260"')
    assert _problems(corpus_copy) == [
        f"{name}:{line}: figure '9 260' disagrees with ssb_participants_by_year."
        "participants_women = 9259 ({'reference_year': 2016})"
    ]


def test_working_note_wording_is_reported_in_documents_cards_and_csvs(corpus_copy) -> None:
    doc = _edit(
        corpus_copy,
        f"{DOCS}/ssb-deltakere.md",
        "9 259 kvinner [VERIFIED].",
        "9 259 kvinner, ifølge arbeidsnotatene [VERIFIED].",
    )
    card = _edit(
        corpus_copy,
        f"{TABLES}/ssb_participants_by_year.card.yaml",
        "caveats:\n",
        'caveats:\n  - "The split was recorded without a quote."\n',
    )
    _edit(
        corpus_copy,
        f"{TABLES}/ssb_participants_by_year.csv",
        "https://www.ssb.no/utdanning/statistikker/introinnv/aar-deltakere,",
        "https://www.ssb.no/utdanning/statistikker/introinnv/aar-deltakere,Not in the excerpt.",
    )
    problems = _problems(corpus_copy)
    where = {p.split(": ", 1)[0] for p in problems}
    assert where == {
        f"{DOCS}/ssb-deltakere.md:{_line(doc, 'arbeidsnotatene')}",
        f"{TABLES}/ssb_participants_by_year.card.yaml:{_line(card, 'without a quote')}",
        f"{TABLES}/ssb_participants_by_year.csv:3",
    }


def test_column_names_and_keys_are_not_wording() -> None:
    # the CSV column and card key "notes" are names, not talk about the research
    assert not any(p.search("notes:") for p, _ in WORKING_NOTE_PATTERNS)
    assert not any(p.search("høringsnotat av 14. juli 2017") for p, _ in WORKING_NOTE_PATTERNS)


def test_a_card_released_before_its_newest_row_is_reported(corpus_copy) -> None:
    name = f"{TABLES}/ssb_participants_by_year.card.yaml"
    path = _edit(corpus_copy, name, 'released: "2025"', 'released: "2019-06-20"')
    line = _line(path, "released:")
    assert _problems(corpus_copy) == [
        f"{name}:{line}: released '2019-06-20' is older than its newest row (2025)"
    ]


def test_a_file_that_does_not_load_is_one_problem_with_its_line(corpus_copy) -> None:
    _edit(corpus_copy, f"{TABLES}/ssb_participants_by_year.csv", "2016,23961,", "2016,lots,")
    problems = _problems(corpus_copy)
    assert len(problems) == 1
    assert problems[0].startswith(f"{TABLES}/ssb_participants_by_year.csv:3: expected a whole")


def _cli(settings) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["ASSISTANT_CORPUS_DIR"] = str(settings.corpus_dir)
    env["ASSISTANT_SEEDS_DIR"] = str(settings.seeds_dir)
    return subprocess.run(
        [sys.executable, "-m", "assistant", "corpus", "check"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_the_command_prints_ok_or_one_line_per_problem_and_fails(corpus_copy) -> None:
    ok = _cli(corpus_copy)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert ok.stdout.startswith("Corpus OK:") and len(ok.stdout.strip().splitlines()) == 1

    _edit(corpus_copy, f"{DOCS}/ssb-deltakere.md", "9 259 kvinner [VERIFIED].", "9 259 kvinner.")
    _edit(
        corpus_copy, f"{DOCS}/maleenheter.md", "publisher: Faktasjekk integrering", "publisher: SSB"
    )
    bad = _cli(corpus_copy)
    assert bad.returncode == 1
    lines = bad.stdout.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{DOCS}/maleenheter.md:4: ")
    assert lines[1].startswith(f"{DOCS}/ssb-deltakere.md:")
    assert "Traceback" not in bad.stderr
