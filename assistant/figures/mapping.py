"""Map a reading of a question or claim to a measure and its parameters.

The rules mirror how the sources define their figures: status one year after (SSB) is not
direct transition at exit (IMDi) is not 90 days after (Sweden). When the text does not say
which was meant, the mapping picks the measure the wording points to and lists the measures
a reader could also have meant, so the answer can name the one used and show the others.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .reading import Reading

SSB = "ssb_one_year_after_status_by_exit_cohort"
IMDI = "imdi_direct_transition_national"
COUNTY = "imdi_direct_transition_2016_by_county"
GRANT = "beregningsutvalget_cover_ratios"
SWEDEN = "sweden_establishment_programme_90_days"
PARTICIPANTS = "ssb_participants_by_year"


@dataclass(frozen=True)
class Request:
    """One measure to compute, with its bound parameters."""

    table: str
    measure: str
    key: object | None = None  # the row asked for (a year or a county); None = the latest
    params: dict[str, object] = field(default_factory=dict)


@dataclass
class Plan:
    primary: Request | None
    alternatives: list[Request] = field(default_factory=list)


def _sex(reading: Reading) -> str:
    return reading.sex if reading.sex in ("men", "women") else "all"


def _ssb_key(reading: Reading) -> int | None:
    """The exit cohort asked about. SSB labels its rows by the year status is measured, so a
    bare year is a status year and the cohort left the year before; a year tied to leaving
    ("avsluttet i 2016", "2016-kullet") is the cohort itself."""
    if reading.exit_years:
        return reading.exit_years[-1]
    if reading.years:
        return reading.years[-1] - 1
    return None


def _outcome_measure(reading: Reading) -> str:
    """Which SSB outcome the wording names."""
    if reading.has("work_or_education"):
        return "work_or_education"
    if reading.has("work_only"):
        return "employed_only"
    if reading.has("education_only"):
        return "education_only"
    if reading.has("unemployed"):
        return "unemployed_or_on_measures"
    if reading.has("unknown_status"):
        return "other_or_unknown"
    if reading.has("work") and not reading.has("education"):
        return "employed_total"
    return "work_or_education"


def _ssb_plan(reading: Reading) -> Plan:
    sex = _sex(reading)
    if reading.has("gap") or reading.sex == "both":
        key = _ssb_key(reading)
        return Plan(
            Request(SSB, "gender_gap", key, {"sex": "all"}),
            [
                Request(SSB, "work_or_education", key, {"sex": "men"}),
                Request(SSB, "work_or_education", key, {"sex": "women"}),
            ],
        )
    if reading.has("change") and len(set(reading.years)) >= 2:
        cohorts = sorted(set(reading.exit_years or [y - 1 for y in reading.years]))
        params = {"sex": "all", "year_from": cohorts[0], "year_to": cohorts[-1]}
        return Plan(
            Request(SSB, "change", None, params),
            [
                Request(SSB, "work_or_education", cohorts[0], {"sex": "all"}),
                Request(SSB, "work_or_education", cohorts[-1], {"sex": "all"}),
            ],
        )
    key = _ssb_key(reading)
    if reading.has("count") and not reading.has("work", "education", "unemployed", "share"):
        return Plan(Request(SSB, "former_participants", key, {"sex": sex}))
    measure = _outcome_measure(reading)
    primary = Request(SSB, measure, key, {"sex": sex if measure == "work_or_education" else "all"})
    others = [
        Request(SSB, m, key, {"sex": "all"})
        for m in ("work_or_education", "employed_total")
        if m != measure
    ]
    if measure == "work_or_education" and sex != "all":
        others = [Request(SSB, "work_or_education", key, {"sex": "all"})]
    return Plan(primary, others)


def _imdi_plan(reading: Reading) -> Plan:
    key = reading.years[-1] if reading.years else None
    sex = _sex(reading)
    if reading.has("count") and not reading.has("share", "work", "education"):
        return Plan(Request(IMDI, "ended", key, {"sex": "all"}))
    if reading.has("work_only") or (reading.has("work") and not reading.has("education")):
        measure = "direct_work"
    elif reading.has("education_only") or (reading.has("education") and not reading.has("work")):
        measure = "direct_education"
    else:
        measure = "direct_work_or_education"
    primary = Request(
        IMDI,
        measure,
        key,
        {
            "sex": sex
            if measure.endswith("education") and measure.startswith("direct_work_or")
            else "all"
        },
    )
    others = [
        Request(IMDI, m, key, {"sex": "all"})
        for m in ("direct_work_or_education", "direct_work")
        if m != measure
    ]
    return Plan(primary, others)


def _county_plan(reading: Reading) -> Plan | None:
    if reading.has("highest") and not reading.has("lowest"):
        plan = Plan(
            Request(COUNTY, "county_highest", None, {"sex": "all"}),
            [Request(COUNTY, "county_lowest", None, {"sex": "all"})],
        )
        if reading.county:
            plan.alternatives.insert(
                0,
                Request(COUNTY, "county_direct_work_or_education", reading.county, {"sex": "all"}),
            )
        return plan
    if reading.has("lowest"):
        plan = Plan(
            Request(COUNTY, "county_lowest", None, {"sex": "all"}),
            [Request(COUNTY, "county_highest", None, {"sex": "all"})],
        )
        if reading.county:
            plan.alternatives.insert(
                0,
                Request(COUNTY, "county_direct_work_or_education", reading.county, {"sex": "all"}),
            )
        return plan
    if reading.county:
        return Plan(
            Request(COUNTY, "county_direct_work_or_education", reading.county, {"sex": "all"})
        )
    return None


def plan(reading: Reading) -> Plan:
    """Choose the measure the text asks about, or none when no table covers it."""
    r = reading
    outcome = r.has(
        "work", "education", "work_or_education", "work_only", "education_only", "unknown_status"
    )
    if r.has("sweden"):
        if outcome or "90" in r.text:
            key = r.years[-1] if r.years else None
            return Plan(Request(SWEDEN, "work_or_studies_90_days", key, {"sex": "all"}))
        return Plan(None)
    if r.county or (r.has("county") and r.has("highest", "lowest")):
        county = _county_plan(r)
        if county:
            return county
    if r.has("uam") and r.has("cover", "grant", "expense"):
        key = r.years[-1] if r.years else None
        return Plan(
            Request(GRANT, "uam_cover_ratio", key, {"sex": "all"}),
            [Request(GRANT, "cover_ratio", key, {"sex": "all"})],
        )
    if r.has("cover", "uncovered") and (
        r.has("grant") or "utgift" in r.text.lower() or "cost" in r.text.lower()
    ):
        key = r.years[-1] if r.years else None
        measure = "uncovered_share" if r.has("uncovered") else "cover_ratio"
        other = "cover_ratio" if measure == "uncovered_share" else "uam_cover_ratio"
        return Plan(
            Request(GRANT, measure, key, {"sex": "all"}),
            [Request(GRANT, other, key, {"sex": "all"})],
        )
    if (r.has("expense") and r.has("grant", "programme")) or (
        r.has("expense") and "flyktning" in r.text.lower()
    ):
        key = r.years[-1] if r.years else None
        return Plan(Request(GRANT, "avg_expense_per_refugee", key, {"sex": "all"}))
    if r.has("participants") and not r.has("former", "ended") and not outcome:
        key = r.years[-1] if r.years else None
        return Plan(Request(PARTICIPANTS, "participants", key, {"sex": _sex(r)}))
    if r.has("direct"):
        return _imdi_plan(r)
    if r.has("one_year") or (outcome and r.has("ended", "programme", "former")):
        return _ssb_plan(r)
    if r.has("gap") and r.sex == "both" and r.has("programme"):
        return _ssb_plan(r)
    if r.has("count") and r.has("ended") and r.has("programme"):
        return _imdi_plan(r)
    return Plan(None)
