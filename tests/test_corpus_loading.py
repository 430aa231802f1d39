"""Corpus loading: the duplicated seed is indexed once, and bad files get precise errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.corpus import CorpusError, load_corpus
from assistant.corpus.documents import build_passages

OPED = "ks-2017-hva-er-god-integrering"


def test_seed_op_ed_is_kept_verbatim_in_seeds(repo: Path) -> None:
    shared = repo.parent / "shared" / "seeds" / "000_34f5e4093077e492.txt"
    if not shared.exists():
        pytest.skip("../shared is not beside this checkout")
    assert (repo / "seeds" / shared.name).read_bytes() == shared.read_bytes()


def test_duplicated_scrape_is_indexed_once(repo: Path) -> None:
    corpus = load_corpus(repo / "corpus", repo / "seeds")
    oped = corpus.document(OPED)
    texts = [p.text for p in oped.passages]
    assert len(texts) == len(set(texts))
    assert oped.duplicates_removed >= len(oped.passages)
    assert oped.text.count("Vi øser ut penger") == 1


def test_passage_offsets_point_at_the_passage_text(repo: Path) -> None:
    corpus = load_corpus(repo / "corpus", repo / "seeds")
    for doc in corpus.documents:
        for p in doc.passages:
            assert doc.text[p.start : p.end] == p.text, p.id


def test_passages_carry_the_heading_they_sit_under(repo: Path) -> None:
    oped = load_corpus(repo / "corpus", repo / "seeds").document(OPED)
    sweden = next(p for p in oped.passages if "30–35 prosent" in p.text)
    assert sweden.heading == "Norge har gode og stabile resultater"


def test_passage_ids_do_not_change_when_other_paragraphs_change() -> None:
    _, before, _ = build_passages("d", "## A\n\nFirst paragraph.\n\nSecond one.", markdown=True)
    _, after, _ = build_passages("d", "## A\n\nA new first.\n\nSecond one.", markdown=True)
    assert before[1].id == after[1].id
    assert before[0].id != after[0].id


def test_every_document_has_complete_metadata(repo: Path) -> None:
    corpus = load_corpus(repo / "corpus", repo / "seeds")
    assert len(corpus.documents) >= 20
    for doc in corpus.documents:
        assert doc.title and doc.publisher, doc.id
        # a source's own https address; an explainer the project writes lives at its source page
        own_page = doc.kind == "explainer" and doc.url == f"/sources/{doc.id}"
        assert doc.url.startswith("https://") or own_page, doc.id
        assert doc.language in ("nb", "en", "sv"), doc.id


def _break(settings, name: str, old: str, new: str, count: int = 1) -> None:
    path = settings.corpus_dir / "tables" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_text_in_a_numeric_column_names_file_line_and_column(corpus_copy) -> None:
    _break(corpus_copy, "ssb_participants_by_year.csv", "2016,23961,", "2016,lots,")
    with pytest.raises(CorpusError) as err:
        load_corpus(corpus_copy.corpus_dir, corpus_copy.seeds_dir)
    message = str(err.value)
    assert "ssb_participants_by_year.csv:3" in message
    assert "participants_total" in message and "lots" in message


def test_wrong_column_count_names_the_line(corpus_copy) -> None:
    _break(corpus_copy, "ssb_participants_by_year.csv", "2018,27067,", "2018,27067,1,")
    with pytest.raises(CorpusError, match=r"ssb_participants_by_year.csv:4: expected 10 columns"):
        load_corpus(corpus_copy.corpus_dir, corpus_copy.seeds_dir)


def test_column_unknown_to_the_card_is_refused(corpus_copy) -> None:
    _break(corpus_copy, "ssb_participants_by_year.csv", "reference_year,", "year_of_reference,")
    with pytest.raises(CorpusError, match=r":1: column 'year_of_reference': the card does not"):
        load_corpus(corpus_copy.corpus_dir, corpus_copy.seeds_dir)


def test_unit_unknown_to_the_format_is_refused(corpus_copy) -> None:
    _break(corpus_copy, "ssb_participants_by_year.card.yaml", "unit: persons", "unit: heads")
    with pytest.raises(CorpusError, match=r"card.yaml: column '\w+': unit 'heads'"):
        load_corpus(corpus_copy.corpus_dir, corpus_copy.seeds_dir)


def test_a_whole_the_rows_do_not_hold_is_refused(corpus_copy) -> None:
    name = "imdi_direct_transition_2016_by_county.card.yaml"
    _break(corpus_copy, name, 'value: "Hele Norge"', 'value: "Heile Noreg"')
    with pytest.raises(CorpusError, match=r"dimensions.area.total: no row has area = 'Heile"):
        load_corpus(corpus_copy.corpus_dir, corpus_copy.seeds_dir)


def test_a_whole_without_words_is_refused(corpus_copy) -> None:
    name = "imdi_direct_transition_2016_by_county.card.yaml"
    _break(corpus_copy, name, "      words: [", "      named_by: [")
    with pytest.raises(CorpusError, match=r"dimensions.area.total needs 'value'"):
        load_corpus(corpus_copy.corpus_dir, corpus_copy.seeds_dir)


def test_bad_date_is_refused(corpus_copy) -> None:
    _break(corpus_copy, "ssb_participants_by_year.csv", "2017-06-27", "27.06.2017")
    with pytest.raises(CorpusError, match=r"csv:3: column 'release_date': expected a date"):
        load_corpus(corpus_copy.corpus_dir, corpus_copy.seeds_dir)


def test_document_without_front_matter_is_refused(corpus_copy) -> None:
    (corpus_copy.corpus_dir / "documents" / "broken.md").write_text("Just text.\n")
    with pytest.raises(CorpusError, match=r"broken.md:1: missing front matter"):
        load_corpus(corpus_copy.corpus_dir, corpus_copy.seeds_dir)


def _lexicon_data(repo: Path) -> dict:
    import yaml

    return yaml.safe_load((repo / "corpus" / "lexicon.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(qualifier=d.pop("qualifiers")), "unknown section 'qualifier'"),
        (lambda d: d["concepts"].pop("county"), "'concepts' lacks 'county'"),
        (lambda d: d["scope"].update(weak=["kommune"]), "'scope' holds the lists"),
        (lambda d: d["frames"]["increase"]["nb"].append("økt("), "is not a regular expression"),
    ],
    ids=["misspelt section", "concept the code reads", "scope list", "bad pattern"],
)
def test_a_broken_lexicon_is_refused_with_what_is_wrong(repo: Path, change, message) -> None:
    from assistant.corpus.lexicon import parse_lexicon

    data = _lexicon_data(repo)
    parse_lexicon(data)  # the lexicon as shipped loads
    change(data)
    with pytest.raises(CorpusError, match=re.escape(message)):
        parse_lexicon(data)
