"""The rule core without a model: reading, frames, planning and judging over the real cards.

Sentences here are written for these tests (not the development sets): each proves one kind of
reading, so a new card or lexicon change that breaks a kind shows up here first.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from assistant.figures.compute import ComputedFigure
from assistant.figures.planner import Plan, Request, plan_part, year_key
from assistant.judging.frames import judge, weakest
from assistant.understanding.frames import parts_of
from assistant.understanding.query import detect_language
from assistant.understanding.reading import read

REFERENCE = date(2017, 11, 30)
PACKAGE = Path(__file__).resolve().parent.parent / "assistant"


def _read(catalog, text: str):
    return read(text, detect_language(text), catalog, REFERENCE)


def _plans(catalog, text: str) -> list[Plan]:
    return [plan_part(p, catalog) for p in parts_of(_read(catalog, text))]


def _plan(catalog, text: str) -> Plan:
    [plan] = _plans(catalog, text)
    return plan


# reading -------------------------------------------------------------------------------


def test_a_year_after_a_word_of_leaving_is_the_cohort(catalog) -> None:
    years = _read(catalog, "Blant dem som gikk ut av programmet i 2015 var mange i jobb.").years
    assert [(y.year, y.tied) for y in years] == [(2015, True)]


def test_a_year_followed_by_kullet_is_the_cohort(catalog) -> None:
    [y] = _read(catalog, "2013-kullet gjorde det bedre.").years
    assert y.tied


def test_a_bare_year_is_not_tied(catalog) -> None:
    [y] = _read(catalog, "I 2019 var 60 prosent i arbeid ett år etter.").years
    assert not y.tied


def test_last_year_counts_from_the_reference_date(catalog) -> None:
    [y] = _read(catalog, "I fjor fikk flere jobb etter introduksjonsprogrammet.").years
    assert (y.year, y.relative) == (2016, True)


def test_men_is_not_read_in_norwegian_where_it_means_but(catalog) -> None:
    assert _read(catalog, "Tallet steg, men ikke mye.").sex == "all"
    assert _read(catalog, "The share of men in work rose.").sex == "men"


def test_a_comparative_before_a_number_is_a_hedge_not_a_comparison(catalog) -> None:
    reading = _read(catalog, "Mer enn 40 prosent av kvinnene var i arbeid ett år etter.")
    assert "higher" not in reading.frames and "than" not in reading.frames


def test_values_in_words_are_read_as_numbers(catalog) -> None:
    numbers = _read(catalog, "Tilskuddet dekker nesten utgiftene til kommunene.").numbers
    assert [(n.value, n.hedge) for n in numbers] == [(100.0, "nearly")]


def test_a_fraction_is_a_rounded_share(catalog) -> None:
    numbers = _read(catalog, "Seks av ti var i arbeid eller utdanning året etter.").numbers
    assert [(n.value, n.hedge) for n in numbers] == [(60.0, "about")]


def test_parts_in_words_are_shares(catalog) -> None:
    numbers = _read(catalog, "Barely a third went straight into a job or education.").numbers
    assert [(n.value, n.hedge) for n in numbers] == [(33.3, "nearly")]
    numbers = _read(catalog, "To tredjedeler fullførte programmet.").numbers
    assert [(n.value, n.hedge) for n in numbers] == [(66.7, "about")]


def test_being_done_with_the_programme_ties_the_year_to_leaving(catalog) -> None:
    [year] = _read(
        catalog,
        "Av dem som var ferdige med programmet i 2015, var 61 prosent i jobb eller utdanning.",
    ).years
    assert year.year == 2015 and year.tied


# frames --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "relation"),
    [
        ("Menn lå foran kvinner i 2014-kullet når det gjelder arbeid eller utdanning.", "compare", "higher"),
        ("I 2014-kullet var 58 prosent i arbeid eller utdanning ett år etter.", "value", None),
        ("Kvinnene i 2016-kullet hadde lavere andel i arbeid enn mennene.", "compare", "lower"),
        ("Andelen i arbeid eller utdanning ett år etter steg fra 2014-kullet til 2016-kullet.", "change", "increase"),
        ("Andelen som gikk direkte over i arbeid har falt siden 2018.", "change", "decrease"),
        ("Telemark hadde lavest andel direkte over til arbeid eller utdanning.", "rank", "lowest"),
        ("Målet er at 70 prosent skal være i arbeid eller utdanning ett år etter.", "goal", "is"),
        ("Målet om 70 prosent i arbeid eller utdanning er aldri nådd.", "goal", "never_reached"),
        ("Fra 2013 til 2016 lå andelen mellom 55 og 65 prosent ett år etter.", "range", None),
    ],
)  # fmt: skip
def test_each_frame_is_recognised(catalog, text, kind, relation) -> None:
    [part] = parts_of(_read(catalog, text))
    assert (part.frame.kind, part.frame.relation) == (kind, relation)


def test_a_sentence_with_two_numbers_for_two_years_is_two_claims(catalog) -> None:
    parts = parts_of(
        _read(
            catalog,
            "Ett år etter var 62 prosent i arbeid eller utdanning i 2014, og 58 prosent i 2015.",
        )
    )
    assert [p.frame.kind for p in parts] == ["value", "value"]
    assert [[y.year for y in p.frame.years] for p in parts] == [[2014], [2015]]


def test_a_range_and_two_sexes_stay_one_claim(catalog) -> None:
    text = "Mellom 40 og 60 prosent av menn og kvinner var i arbeid ett år etter."
    assert len(parts_of(_read(catalog, text))) == 1


# planning ------------------------------------------------------------------------------


def test_words_choose_the_table_and_the_measure(catalog) -> None:
    plan = _plan(catalog, "Hvor stor andel gikk rett over i utdanning da de avsluttet i 2019?")
    choice = plan.choice
    assert choice is not None and choice.table.horizon == "at_exit"
    assert choice.measure.reach.requires and "education" in choice.measure.label_en


def test_ssb_bare_year_is_the_status_year_and_a_tied_year_the_cohort(catalog) -> None:
    bare = _plan(catalog, "Hvor mange var i arbeid eller utdanning ett år etter, målt i 2018?")
    tied = _plan(
        catalog, "Hvor mange av dem som avsluttet i 2017 var i arbeid eller utdanning ett år etter?"
    )
    assert bare.requests[0].key == 2017
    assert tied.requests[0].key == 2017


def test_a_horizon_no_table_holds_is_not_answered_with_another(catalog) -> None:
    plan = _plan(catalog, "Tre år etter programmet er bare 40 prosent av flyktningene i jobb.")
    assert plan.missing == "horizon" and plan.requests == []
    assert {c.table.horizon for c in plan.held} >= {"one_year", "at_exit"}


def test_a_sex_the_measure_does_not_hold_is_said_not_swapped(catalog) -> None:
    plan = _plan(catalog, "Bare 30 prosent av kvinnene var i jobb ett år etter programmet.")
    assert plan.missing == "sex"


def test_a_county_reaches_the_county_rows(catalog) -> None:
    plan = _plan(
        catalog, "Hvor stor andel i Rogaland gikk direkte over til arbeid eller utdanning?"
    )
    assert plan.requests == [
        Request(plan.choice.table.id, plan.choice.measure.id, "all", "Rogaland")
    ]


def test_a_measure_held_only_place_by_place_gives_no_value_without_a_place(catalog) -> None:
    plan = _plan(catalog, "Hvor stor andel gikk direkte over til arbeid?")
    assert plan.choice.table.area is not None  # only the county table counts work alone
    assert plan.missing == "by_place" and plan.requests == []


def test_a_place_alone_reaches_no_table(catalog) -> None:
    assert _plan(catalog, "Hvor mange bor i Rogaland?").choice is None
    assert _plan(catalog, "Hvor mange fylker har flest innbyggere?").choice is None


def test_two_countries_measured_differently_are_not_compared(catalog) -> None:
    plan = _plan(catalog, "Norge får flere i arbeid eller utdanning etter programmet enn Sverige.")
    assert plan.missing == "compare" and len(plan.sides) == 2


# judging -------------------------------------------------------------------------------


def _series_figure(catalog, text: str, series: list[dict], sex: str = "all", key=None):
    """A plan for ``text`` and a hand-made figure over ``series`` for its first request."""
    plan = _plan(catalog, text)
    request = plan.requests[0] if plan.requests else None
    assert request is not None, plan
    table = catalog.tables[request.table]
    measure = table.measure(request.measure)
    rows = [dict(r) for r in series]
    row = next((r for r in rows if key is not None and r["key"] == key), rows[-1])
    fig = ComputedFigure(
        request=Request(table.id, measure.id, sex, key),
        table=table,
        measure=measure,
        value=float(row["value"]),
        key=row["key"],
        row=row,
        series=rows,
        sql="SELECT 1",
        params={"sex": sex},
        as_of=None,
    )
    return plan, fig


SERIES = [{"key": 2013, "value": 62}, {"key": 2014, "value": 58}, {"key": 2016, "value": 66}]


def _verdict(plan, figs, lang="nb", confusable=()) -> str:
    spans = {"exact": 0.5, "nearly": 5.0, "about": 2.0, "equal_gap": 3.0, "persons_about": 0.02}
    outcome = judge(plan, figs, list(confusable), spans, lang)
    return outcome.verdict if outcome else "undecided"


def test_a_change_in_the_wrong_direction_is_contradicted(catalog) -> None:
    text = "Andelen i arbeid eller utdanning ett år etter økte fra 2013-kullet til 2014-kullet."
    plan, fig = _series_figure(catalog, text, SERIES)
    assert _verdict(plan, [fig]) == "contradicted"


def test_a_change_with_the_right_direction_but_wrong_numbers_is_partly_right(catalog) -> None:
    text = "Andelen i arbeid eller utdanning ett år etter falt fra 64 til 50 prosent fra 2013-kullet til 2014-kullet."
    plan, fig = _series_figure(catalog, text, SERIES)
    assert _verdict(plan, [fig]) == "partly_supported"


def test_a_change_since_a_year_runs_to_the_latest(catalog) -> None:
    text = "Andelen i arbeid eller utdanning ett år etter har økt siden 2014-kullet."
    plan, fig = _series_figure(catalog, text, SERIES)
    assert _verdict(plan, [fig]) == "supported"


def test_a_range_with_a_value_outside_is_contradicted(catalog) -> None:
    text = "For 2013-, 2014- og 2016-kullet var mellom 58 og 62 prosent i arbeid eller utdanning ett år etter."
    plan, fig = _series_figure(catalog, text, SERIES)
    assert plan.frame.kind == "range"
    assert _verdict(plan, [fig]) == "contradicted"


def test_a_goal_never_reached_is_checked_against_the_whole_series(catalog) -> None:
    text = "Målet om 70 prosent i arbeid eller utdanning ett år etter er aldri nådd."
    plan, fig = _series_figure(catalog, text, SERIES)
    assert _verdict(plan, [fig]) == "supported"
    plan, fig = _series_figure(catalog, text, [*SERIES, {"key": 2017, "value": 71}])
    assert _verdict(plan, [fig]) == "contradicted"


def test_a_goal_with_another_number_than_the_source_sets_is_contradicted(catalog) -> None:
    text = "Målet er at 80 prosent skal være i arbeid eller utdanning ett år etter programmet."
    plan, fig = _series_figure(catalog, text, SERIES)
    assert _verdict(plan, [fig]) == "contradicted"


def test_a_rank_names_the_top_row(catalog) -> None:
    series = [
        {"key": "Oslo", "value": 47},
        {"key": "Finnmark", "value": 56},
        {"key": "Troms", "value": 40},
    ]
    text = "Oslo hadde høyest andel som gikk direkte over til arbeid eller utdanning."
    plan, fig = _series_figure(catalog, text, series)
    assert _verdict(plan, [fig]) == "contradicted"
    text = "Troms hadde den laveste andelen som gikk direkte over til arbeid eller utdanning."
    plan, fig = _series_figure(catalog, text, series)
    assert _verdict(plan, [fig]) == "supported"


def test_sexes_compared_by_their_own_rows(catalog) -> None:
    text = "Kvinnene i 2014-kullet gjorde det like bra som mennene ett år etter."
    plan = _plan(catalog, text)
    assert plan.frame.kind == "compare" and [r.sex for r in plan.requests] == ["women", "men"]
    _, women = _series_figure(catalog, text, [{"key": 2014, "value": 49}], "women", 2014)
    _, men = _series_figure(catalog, text, [{"key": 2014, "value": 66}], "men", 2014)
    assert _verdict(plan, [women, men]) == "contradicted"


def test_a_denial_covers_its_own_clause_only(catalog) -> None:
    text = "Det er en myte at de fleste er i arbeid eller utdanning året etter – tallet er under 50 prosent."
    parts = {p.frame.numbers[0].text: p.frame.denied for p in parts_of(_read(catalog, text))}
    assert parts == {"de fleste": True, "50 prosent": False}
    denied = "Det er en myte at over 50 prosent er i arbeid eller utdanning året etter."
    [part] = parts_of(_read(catalog, denied))
    assert part.frame.denied


def test_clauses_about_two_places_are_two_parts(catalog) -> None:
    text = (
        "Aust-Agder hadde høyest andel direkte over til arbeid eller utdanning, mens Oslo lå lavt."
    )
    parts = parts_of(_read(catalog, text))
    assert [p.reading.places[0].value for p in parts] == ["Aust-Agder", "Oslo"]
    assert parts[0].frame.kind == "rank"


COUNTIES = [
    {"key": "Aust-Agder", "value": 58},
    {"key": "Hele Norge", "value": 99},  # a whole stands apart from the rows it sums up
    {"key": "Oslo", "value": 47},
    {"key": "Telemark", "value": 33},
]


def test_a_place_against_the_national_average_is_a_comparison_with_the_whole(catalog) -> None:
    text = "Oslo lå under landssnittet for direkte overgang til arbeid eller utdanning i 2016."
    plan = _plan(catalog, text)
    assert plan.frame.kind == "compare" and plan.frame.relation == "lower"
    assert plan.frame.slices[0].value == "Oslo"
    assert plan.frame.slices[1].mention.total
    _, fig = _series_figure(catalog, text, [dict(r, value=46) if r["key"] == "Hele Norge" else r for r in COUNTIES])  # fmt: skip
    assert _verdict(plan, [fig]) == "contradicted"  # 47 is not under 46


def test_the_whole_is_never_ranked_among_its_rows(catalog) -> None:
    text = "Aust-Agder hadde høyest andel direkte over til arbeid eller utdanning i 2016."
    _, fig = _series_figure(catalog, text, COUNTIES)
    assert _verdict(_plan(catalog, text), [fig]) == "supported"


def test_naming_the_national_average_keeps_a_national_measure(catalog) -> None:
    plan = _plan(
        catalog,
        "Landssnittet for andel i arbeid eller utdanning ett år etter var 58 prosent i 2015.",
    )
    assert plan.missing is None and plan.requests


def test_a_measure_the_claims_words_rule_out_is_not_offered_as_meant(catalog) -> None:
    loose = _plan(catalog, "Nesten 60 prosent var i jobb ett år etter at de avsluttet i 2014.")
    strict = _plan(
        catalog, "45 prosent var i arbeid eller utdanning ett år etter at de avsluttet i 2014."
    )
    assert loose.confusable
    assert all(r.measure != "employed_total" for r in strict.confusable)


def test_a_value_that_fits_a_confusable_measure_is_partly_right(catalog) -> None:
    text = "Nesten 60 prosent var i jobb ett år etter at de avsluttet i 2014."
    plan = _plan(catalog, text)
    assert plan.confusable, plan
    _, fig = _series_figure(catalog, text, [{"key": 2014, "value": 43}], key=2014)
    other_table = catalog.tables[plan.confusable[0].table]
    other = ComputedFigure(
        plan.confusable[0], other_table, other_table.measure(plan.confusable[0].measure), 58.0,
        2014, {"key": 2014, "value": 58}, [{"key": 2014, "value": 58}], "SELECT 1", {}, None,
    )  # fmt: skip
    assert _verdict(plan, [fig], confusable=[other]) == "partly_supported"


def test_the_weakest_part_decides(catalog) -> None:
    from assistant.judging.frames import Outcome

    outcomes = [
        Outcome("supported", "a"),
        Outcome("contradicted", "b"),
        Outcome("partly_supported", "c"),
    ]
    assert weakest(outcomes).verdict == "contradicted"
    assert weakest([Outcome("supported", "a"), Outcome("not_enough_evidence", "b")]).verdict == (
        "not_enough_evidence"
    )


def test_year_keys_follow_the_card(catalog) -> None:
    plan = _plan(catalog, "Hvor mange var i arbeid eller utdanning ett år etter i 2018?")
    [y] = plan.frame.years
    assert year_key(plan.choice.table, y) == 2017


# knowledge is data ---------------------------------------------------------------------


def _names(catalog) -> set[str]:
    names = set(catalog.tables)
    names |= {m.id for t in catalog.tables.values() for m in t.measures}
    names |= {p.name for p in catalog.places}
    return names


def test_no_table_measure_or_place_is_named_in_the_code(catalog) -> None:
    """A new table or measure needs no Python change: the code names none of them."""
    found = []
    names = _names(catalog)
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for name in names:
            if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text, re.I):
                found.append(f"{path.relative_to(PACKAGE)}: {name}")
    assert found == []


# what was found speaks to the question -------------------------------------------------


def _evidence(*texts: str):
    from assistant.answers.evidence import Evidence
    from assistant.corpus import Passage

    return Evidence(
        [(Passage(f"d:{i}", "d", i, "", t, 0, len(t)), 0.85) for i, t in enumerate(texts)]
    )


def test_found_passages_must_hold_a_word_of_the_question_beyond_its_topic(lexicon) -> None:
    from assistant.answers.evidence import speaks_to

    found = _evidence("KS mener kommunene gjør en god integreringsjobb.")
    ignored = (lexicon.strong, lexicon.asking)
    assert not speaks_to("Hva mener KS om eiendomsskatt?", found, *ignored)
    found_2017 = _evidence("KS mente i 2017 at kommunene gjør en god integreringsjobb.")
    assert not speaks_to("Hva mente KS om eiendomsskatt i 2017?", found_2017, *ignored)
    assert speaks_to("Hva mener KS om integreringsjobben kommunene gjør?", found, *ignored)
    assert speaks_to("Hva er introduksjonsprogrammet?", found, *ignored)  # topic words only


def test_a_long_word_of_the_question_is_found_inside_a_compound(lexicon) -> None:
    from assistant.answers.evidence import speaks_to

    found = _evidence("Vi trenger rikspolitikere som viser tillit til kommunene.")
    assert speaks_to("Hva forventer KS av politikerne?", found, lexicon.strong, lexicon.asking)


def test_a_question_whose_words_one_passage_holds_is_about_the_corpus() -> None:
    from assistant.answers.evidence import worded_in
    from assistant.text.stems import tokenize

    words = [frozenset(tokenize("Kommunene deler kunnskap og lærer av hverandre."))]
    assert worded_in("Hvordan kan kommunene lære av hverandre?", words)
    assert not worded_in("Hvor mange kommuner hadde eiendomsskatt i 2017?", words)
    assert not worded_in("Kommunene lærer?", words)  # too few words to tell
