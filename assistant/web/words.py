"""How the pages write numbers, units, dates and column names for a reader, in Norwegian or
English. Pure functions and tables: no index, no I/O.

The answer layer writes its own sentences; this module only formats what the web layer shows
around them (figure blocks, row tables, charts, source pages), so that a Norwegian page never
shows a column name, a table id or an English unit.
"""

from __future__ import annotations

import re
from typing import Any

MONTHS = {
    "nb": [
        "januar",
        "februar",
        "mars",
        "april",
        "mai",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "desember",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}

#: a unit as a word after a number ("58 prosent")
UNIT_WORDS: dict[str, tuple[str, str]] = {
    "percent": ("prosent", "per cent"),
    "percentage_points": ("prosentpoeng", "percentage points"),
    "persons": ("personer", "people"),
    "nok": ("kroner", "NOK"),
    "municipalities": ("kommuner", "municipalities"),
}
#: a unit as the title of a chart's value axis or a column
UNIT_TITLES: dict[str, tuple[str, str]] = {
    "percent": ("Prosent", "Per cent"),
    "percentage_points": ("Prosentpoeng", "Percentage points"),
    "persons": ("Antall personer", "Number of people"),
    "nok": ("Kroner", "NOK"),
    "municipalities": ("Antall kommuner", "Number of municipalities"),
}
#: a unit as a short sign in a table cell
UNIT_SIGNS: dict[str, tuple[str, str]] = {
    "percent": ("%", "%"),
    "percentage_points": ("pp", "pp"),
    "nok": ("kr", "NOK"),
}

#: every column of the statistics tables and every name a measure's SQL gives a value, as a
#: reader's column header (tests/test_web_api.py checks that every column has one)
COLUMN_LABELS: dict[str, tuple[str, str]] = {
    # keys and years
    "exit_cohort": ("Avsluttet programmet i", "Left the programme in"),
    "exit_year": ("Avsluttet i", "Ended in"),
    "status_year": ("Status målt (november)", "Status measured (November)"),
    "reference_year": ("År", "Year"),
    "expense_year": ("Utgiftsår", "Expense year"),
    "measurement_year": ("Måleår", "Year measured"),
    "area": ("Fylke", "County"),
    "area_type": ("Områdetype", "Area type"),
    "period_description": ("Periode", "Period"),
    "from_cohort": ("Fra kullet", "From cohort"),
    "to_cohort": ("Til kullet", "To cohort"),
    # dates and provenance
    "release_date": ("Publisert", "Published"),
    "report_published": ("Rapport publisert", "Report published"),
    "source_date": ("Publisert", "Published"),
    "source_publisher": ("Utgiver", "Publisher"),
    "source_url": ("Kildeadresse", "Source address"),
    "source_urls": ("Kildeadresser", "Source addresses"),
    "verification_status": ("Status", "Status"),
    "status": ("Status", "Status"),
    "derived_columns": ("Beregnet av oss", "Calculated by us"),
    "secondary_columns": ("Bare fra sekundærkilde", "Secondary source only"),
    "preliminary": ("Foreløpig", "Preliminary"),
    "notes": ("Merknader", "Notes"),
    # SSB status one year after
    "n_former_participants": ("Tidligere deltakere", "Former participants"),
    "n_men": ("Menn", "Men"),
    "n_women": ("Kvinner", "Women"),
    "n_work_or_education": ("I arbeid eller utdanning", "In work or education"),
    "n_work_or_education_men": ("Menn i arbeid eller utdanning", "Men in work or education"),
    "n_work_or_education_women": (
        "Kvinner i arbeid eller utdanning",
        "Women in work or education",
    ),
    "work_or_education_pct": ("I arbeid eller utdanning", "In work or education"),
    "work_or_education_men_pct": ("Menn i arbeid eller utdanning", "Men in work or education"),
    "work_or_education_women_pct": (
        "Kvinner i arbeid eller utdanning",
        "Women in work or education",
    ),
    "employed_only_pct": ("Bare i arbeid", "Employed only"),
    "employed_and_in_education_pct": ("I arbeid og utdanning", "Employed and in education"),
    "education_only_pct": ("Bare i utdanning", "In education only"),
    "employed_total_pct": ("I arbeid i alt", "Employed in all"),
    "unemployed_or_on_measures_pct": ("Ledige eller på tiltak", "Unemployed or on measures"),
    "other_or_unknown_pct": ("Annen eller ukjent status", "Other or unknown status"),
    "n_employed_only": ("Bare i arbeid", "Employed only"),
    "n_employed_and_in_education": ("I arbeid og utdanning", "Employed and in education"),
    "n_education_only": ("Bare i utdanning", "In education only"),
    "n_unemployed_or_on_measures": ("Ledige eller på tiltak", "Unemployed or on measures"),
    "n_other_or_unknown": ("Annen eller ukjent status", "Other or unknown status"),
    "men_pct": ("Menn", "Men"),
    "women_pct": ("Kvinner", "Women"),
    "from_pct": ("Andel i fra-kullet", "Share in the from cohort"),
    "to_pct": ("Andel i til-kullet", "Share in the to cohort"),
    # IMDi direct transition
    "n_ended": ("Avsluttet", "Ended"),
    "n_ended_qualifier": ("Avsluttet, presisering", "Ended, qualifier"),
    "direct_work_or_education_pct": (
        "Direkte til arbeid eller utdanning",
        "Directly to work or education",
    ),
    "direct_work_or_education_pct_qualifier": ("Presisering", "Qualifier"),
    "direct_work_or_education_men_pct": ("Menn, direkte", "Men, directly"),
    "direct_work_or_education_men_pct_qualifier": ("Menn, presisering", "Men, qualifier"),
    "direct_work_or_education_women_pct": ("Kvinner, direkte", "Women, directly"),
    "direct_work_or_education_women_pct_qualifier": ("Kvinner, presisering", "Women, qualifier"),
    "direct_work_pct": ("Direkte til arbeid", "Directly to work"),
    "direct_education_pct": ("Direkte til utdanning", "Directly to education"),
    "n_direct_to_work": ("Direkte til arbeid", "Directly to work"),
    "n_direct_to_education": ("Direkte til utdanning", "Directly to education"),
    "direct_work_or_education_pct_derived": (
        "Direkte til arbeid eller utdanning, beregnet",
        "Directly to work or education, calculated",
    ),
    "direct_work_pct_derived": ("Direkte til arbeid, beregnet", "Directly to work, calculated"),
    "direct_education_pct_derived": (
        "Direkte til utdanning, beregnet",
        "Directly to education, calculated",
    ),
    # participants
    "participants_total": ("Deltakere i alt", "Participants in all"),
    "participants_total_qualifier": ("Presisering", "Qualifier"),
    "participants_men": ("Menn", "Men"),
    "participants_women": ("Kvinner", "Women"),
    # Beregningsutvalget
    "n_sample_municipalities": ("Kommuner i utvalget", "Municipalities in the sample"),
    "integration_grant_cover_ratio_pct": ("Dekningsgrad", "Share covered"),
    "integration_grant_cover_ratio_qualifier": ("Presisering", "Qualifier"),
    "integration_grant_cover_ratio_status": ("Status", "Status"),
    "integration_grant_cover_ratio_derived_pct": (
        "Dekningsgrad, beregnet",
        "Share covered, calculated",
    ),
    "cover_ratio_pct": ("Dekningsgrad", "Share covered"),
    "derived_estimate": ("Beregnet anslag", "Calculated estimate"),
    "avg_expense_per_refugee_5yrs_nok": (
        "Utgift per flyktning over fem år",
        "Expense per refugee over five years",
    ),
    "avg_expense_per_refugee_5yrs_status": ("Status", "Status"),
    "integration_measures_admin_expense_per_person_nok": (
        "Administrasjon per person",
        "Administration per person",
    ),
    "introduction_benefit_expense_per_refugee_5yrs_nok": (
        "Introduksjonsstønad per flyktning over fem år",
        "Introduction benefit per refugee over five years",
    ),
    "uam_cover_ratio_pct": (
        "Dekningsgrad, enslige mindreårige",
        "Share covered, unaccompanied minors",
    ),
    "uam_cover_ratio_status": ("Status", "Status"),
    "uam_avg_expense_5yrs_nok": (
        "Utgift per enslig mindreårig over fem år",
        "Expense per unaccompanied minor over five years",
    ),
    # Sweden
    "work_or_studies_90_days_after_pct": (
        "I arbeid eller studier etter 90 dager",
        "In work or studies after 90 days",
    ),
    "value_qualifier": ("Presisering", "Qualifier"),
    "qualifier": ("Presisering", "Qualifier"),
    # generic names in measure SQL
    "value": ("Verdi", "Value"),
}

#: what a qualifier column says about its value, in words before the number
QUALIFIERS: dict[str, tuple[str, str]] = {
    "above": ("over", "more than"),
    "approx": ("om lag", "about"),
    "approx_below": ("knapt", "just under"),
}

#: what each kind of document is, for source lists and pages
KINDS: dict[str, tuple[str, str]] = {
    "statistics_release": ("statistikk", "statistics release"),
    "report": ("rapport", "report"),
    "evaluation": ("evaluering", "evaluation"),
    "news": ("nyhetssak", "news report"),
    "opinion": ("meningsinnlegg", "opinion piece"),
    "statement": ("uttalelse", "statement"),
    "explainer": ("bakgrunnsartikkel", "explainer"),
}
DATE_CERTAINTY: dict[str, tuple[str, str]] = {
    "approximate": ("omtrentlig dato", "approximate date"),
    "month": ("bare måned kjent", "month only"),
    "year": ("bare år kjent", "year only"),
    "unknown": ("ukjent dato", "date unknown"),
}
LANGUAGES: dict[str, tuple[str, str]] = {
    "nb": ("norsk", "Norwegian"),
    "nn": ("nynorsk", "Norwegian Nynorsk"),
    "en": ("engelsk", "English"),
    "sv": ("svensk", "Swedish"),
    "da": ("dansk", "Danish"),
}


def pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "nb" else pair[1]


def number(value: float | int, lang: str) -> str:
    """62 → "62", 92.3 → "92,3" (nb) / "92.3" (en), 4469 → "4 469" / "4,469"."""
    rounded = round(float(value), 1)
    if abs(rounded - round(rounded)) < 1e-9:
        text = f"{round(rounded):,}"
        return text.replace(",", "\u00a0") if lang == "nb" else text
    text = f"{rounded:,.1f}"
    if lang == "nb":
        return text.replace(",", "\u00a0").replace(".", ",")
    return text


def with_unit(value: float | int, unit: str, lang: str, qualifier: str | None = None) -> str:
    """58 → "58 prosent" / "58 per cent"; NOK in English reads "NOK 775,500"."""
    before = pick(QUALIFIERS[qualifier], lang) + " " if qualifier in QUALIFIERS else ""
    n = number(value, lang)
    if unit == "nok" and lang == "en":
        return f"{before}NOK {n}"
    word = UNIT_WORDS.get(unit)
    return f"{before}{n} {pick(word, lang)}" if word else f"{before}{n}"


def human_date(value: Any, lang: str) -> str:
    """ "2016-12-19" → "19. desember 2016" / "19 December 2016"; "2017-11" → "november 2017";
    "2024" → "2024"; an empty or unknown date → "ukjent dato"."""
    text = str(value or "").strip()
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
    if not m:
        return text if text and text != "unknown" else pick(("ukjent dato", "date unknown"), lang)
    year, month, day = m.group(1), m.group(2), m.group(3)
    if not month:
        return year
    name = MONTHS[lang if lang == "nb" else "en"][int(month) - 1]
    if not day:
        return f"{name} {year}"
    return f"{int(day)}. {name} {year}" if lang == "nb" else f"{int(day)} {name} {year}"


def column_label(name: str, lang: str) -> str:
    pair = COLUMN_LABELS.get(name)
    if pair:
        return pick(pair, lang)
    return name.replace("_", " ").capitalize()


def cell(value: Any, unit: str, lang: str) -> str:
    """One table cell as a reader should see it."""
    if value is None or value == "":
        return ""
    if unit in ("year", "text") or isinstance(value, bool):
        return str(value)
    if unit == "date":
        return human_date(value, lang)
    if isinstance(value, (int, float)):
        sign = UNIT_SIGNS.get(unit)
        n = number(value, lang)
        if sign is None:
            return n
        if unit == "nok" and lang == "en":
            return f"NOK {n}"
        return f"{n}\u00a0{pick(sign, lang)}"
    return str(value)


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]
