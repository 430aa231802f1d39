"""Read a question or claim: language, years, sex, place, the concepts it names, and the
numbers it states with their hedges ("nesten 60 prosent", "more than 20 percent").

Pure functions over text. Rules, not a model: a fact-checker must be able to see why a
sentence was read the way it was, and the same sentence must always be read the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..text.numbers import StatedNumber, stated_numbers

_NB_HINTS = re.compile(
    r"[æøå]|\b(hvor|hva|hvem|hvilke[nt]?|hvorfor|hvordan|og|er|av|det|som|ikke|til|fra|med|"
    r"kommunene|prosent|andel|i fjor|etter|var|gikk|har)\b",
    re.I,
)
_EN_HINTS = re.compile(
    r"\b(the|what|which|who|how|why|of|and|is|are|was|were|did|does|do|in|to|percent|share|"
    r"last year|after|many|much)\b",
    re.I,
)

_QUESTION_START = re.compile(
    r"^\s*(hvor|hva|hvem|hvilke[nt]?|hvorfor|hvordan|når|er det|finnes|kan|bruker|dekker|"
    r"varierer|spiller|kommer|har|bidrar|og|how|what|which|who|why|when|where|do|does|did|is|"
    r"are|was|were|can|could|should|tell me)\b",
    re.I,
)

COUNTIES = (
    "Aust-Agder",
    "Vest-Agder",
    "Finnmark",
    "Sør-Trøndelag",
    "Nord-Trøndelag",
    "Akershus",
    "Hedmark",
    "Østfold",
    "Møre og Romsdal",
    "Oslo",
    "Sogn og Fjordane",
    "Buskerud",
    "Nordland",
    "Rogaland",
    "Hordaland",
    "Troms",
    "Vestfold",
    "Oppland",
    "Telemark",
)

# Concept patterns, Norwegian and English. Order does not matter; mapping combines them.
CONCEPTS: dict[str, tuple[str, ...]] = {
    "sweden": (
        r"sverige",
        r"svensk",
        r"sweden",
        r"swedish",
        r"arbetsförmedlingen",
        r"etableringsuppdrag",
    ),
    "direct": (
        r"direkte",
        r"rett over",
        r"rett i",
        r"straight",
        r"directly",
        r"ved avslutning",
        r"at exit",
        r"\bimdi\b",
        r"gikk over til",
        r"\bover (?:til|i) arbeid",
        r"went on to",
        r"moved (?:on )?(?:in)?to",
    ),
    "one_year": (
        r"året etter",
        r"ett år etter",
        r"et år etter",
        r"år senere",
        r"one year after",
        r"a year (?:later|after)",
        r"the year after",
        r"\bssb\b",
        r"november året",
    ),
    "work_or_education": (
        r"arbeid (?:og/)?eller utdanning",
        r"arbeid og/eller",
        r"jobb eller utdanning",
        r"work (?:and/)?or (?:education|studies|study)",
        r"employment or education",
        r"arbeid eller studier",
        r"jobs? or education",
        r"work or school",
    ),
    "work_only": (
        r"ikke utdanning",
        r"not education",
        r"only work",
        r"only in work",
        r"bare (?:i )?arbeid",
        r"kun (?:i )?arbeid",
        r"employed only",
        r"bare sysselsatt",
    ),
    "education_only": (
        r"bare (?:i )?utdanning",
        r"kun (?:i )?utdanning",
        r"education only",
        r"only in education",
    ),
    "work": (
        r"\bi arbeid\b",
        r"\bi jobb\b",
        r"sysselsat\w*",
        r"\bin work\b",
        r"\bemployed\b",
        r"\bjobb\b",
        r"\bworking\b",
        r"in a job",
        r"\bat work\b",
        r"\bin jobs\b",
        r"\bemployment\b",
        r"\barbeid\b",
        r"\bwork\b",
    ),
    "education": (
        r"utdanning",
        r"education",
        r"studier",
        r"studies",
    ),
    "unemployed": (
        r"arbeidsledig\w*",
        r"på tiltak",
        r"unemploy\w*",
        r"ledighet",
    ),
    "unknown_status": (
        r"annen eller ukjent",
        r"ukjent status",
        r"other or unknown",
        r"unknown status",
    ),
    "cover": (
        r"dekke[tr]?",
        r"dekning\w*",
        r"cover(?:s|ed|age)?",
        r"\bdekt\b",
    ),
    "uncovered": (
        r"ikke dekket",
        r"udekket",
        r"not covered",
        r"uncovered",
        r"betalte selv",
        r"selv betalte",
        r"paid themselves",
        r"bar selv",
    ),
    "uam": (
        r"enslige mindreårige",
        r"mindreårige",
        r"unaccompanied",
        r"\bminors\b",
    ),
    "expense": (
        r"utgift(?:en|er)? per",
        r"kostnad(?:en|er)? per",
        r"per flyktning",
        r"per refugee",
        r"cost per",
    ),
    "grant": (
        r"integreringstilskudd\w*",
        r"tilskudd\w*",
        r"\bgrants?\b",
        r"integreringsmid\w*",
        r"integration money",
    ),
    "participants": (
        r"deltakere",
        r"deltok",
        r"took part",
        r"participants?",
        r"participated",
        r"enrolled",
    ),
    "former": (
        r"tidligere deltakere",
        r"former participants",
    ),
    "count": (
        r"hvor mange",
        r"how many",
        r"antall",
        r"number of",
        r"\bcount\b",
    ),
    "share": (
        r"andel",
        r"hvor stor del",
        r"share",
        r"proportion",
        r"prosent",
        r"percent",
        r"%",
    ),
    "ended": (
        r"avsluttet",
        r"avsluttede",
        r"avbrøt",
        r"\bended\b",
        r"finished",
        r"completed",
        r"\bleft\b",
        r"\bexited\b",
        r"gikk ut",
        r"kullet",
        r"cohort",
        r"\bexits\b",
    ),
    "change": (
        r"økte",
        r"økning",
        r"\bendret",
        r"endring",
        r"\bfalt\b",
        r"nedgang",
        r"increase[ds]?",
        r"\bchange[ds]?\b",
        r"\brose\b",
        r"\bfell\b",
        r"\bdrop(?:ped)?\b",
        r"\bgrew\b",
    ),
    "gap": (
        r"forskjell\w*",
        r"like bra",
        r"like godt",
        r"as well as",
        r"\bgap\b",
        r"difference",
        r"sammenlignet med menn",
        r"enn menn",
        r"than men",
    ),
    "highest": (
        r"høyest\w*",
        r"\bbest\w*",
        r"highest",
        r"\bmost\b",
        r"\btop\b",
    ),
    "lowest": (
        r"lavest\w*",
        r"dårligst\w*",
        r"svakest\w*",
        r"lowest",
        r"worst",
        r"weakest",
    ),
    "county": (
        r"fylke\w*",
        r"count(?:y|ies)",
    ),
    "norway": (
        r"\bnorge\b",
        r"norway",
        r"norwegian",
        r"landsbasis",
        r"nationally",
        r"hele landet",
    ),
    "programme": (
        r"introduksjonsprogram\w*",
        r"introduksjonsordning\w*",
        r"introduction programme",
        r"introduction program",
        r"introductory program\w*",
        r"the programme",
        r"programmet",
    ),
}
#: concepts that say what a number measures; a number without one needs its context
MEASURE_CONCEPTS = (
    "work",
    "education",
    "work_or_education",
    "work_only",
    "education_only",
    "unemployed",
    "unknown_status",
    "cover",
    "uncovered",
    "uam",
    "expense",
    "participants",
    "gap",
)
_CONCEPT_RE = {k: re.compile("|".join(v), re.I) for k, v in CONCEPTS.items()}

# What the corpus is about. An input that names none of these is out of scope however close
# its embedding lands: multilingual-e5-small puts "Hvor mange innbyggere har Tromsø?" as near
# to the corpus as some on-topic English questions, so cosine alone cannot tell them apart.
_DOMAIN = re.compile(
    r"introduksjons\w*|integrering\w*|integrer\w*|flyktning\w*|innvandr\w*|etterkommer\w*"
    r"|bosetting\w*|bosatt\w*|bosette\w*|tilskudd\w*|kommune\w*|kommunal\w*|sosialhjelp\w*"
    r"|norskopplæring\w*|kvalifisering\w*|beregningsutvalg\w*|\bfafo\b|\bimdi\b|\bssb\b"
    r"|listhaug|brochmann|\bnou\b|kronikk\w*|deltaker\w*|mindreårige|nyankomne|nyankommet"
    r"|arbetsförmedlingen|etableringsuppdrag\w*|etableringsplan\w*|\bifau\b|annengenerasjon\w*"
    r"|refugee\w*|immigra\w*|integration|introduct\w* program\w*|municipal\w*|\bgrants?\b"
    r"|social assistance|welfare|descendant\w*|settle\w*|unaccompanied|newcomer\w*"
    r"|newly arrived|statistics norway|establishment (?:programme|program|plan)|op-ed"
    r"|second.generation|participants?|programme|velferd\w*|sosiale (?:forskjeller|ulikheter)",
    re.I,
)
_KS = re.compile(r"\bKS\b")


_SWEDEN = re.compile(r"\b(?:sverige|sweden)\b", re.I)
_NORWAY = re.compile(r"\b(?:norge|norway)\b", re.I)


def in_domain(text: str) -> bool:
    """Does the text name anything the corpus is about? (Comparing Norway with Sweden counts.)"""
    return bool(
        _DOMAIN.search(text) or _KS.search(text) or (_SWEDEN.search(text) and _NORWAY.search(text))
    )


_YEAR = re.compile(r"(?<![\d,.])((?:19|20)\d\d)(?:\s*[–-]\s*(\d\d(?:\d\d)?))?(?![\d,%])")
_EXIT_CONTEXT = re.compile(
    r"(avsluttet|avbrøt|avslutta|gikk ut|ended|left|finished|completed|exited|kullet|cohort|"
    r"exits?|leavers)\b[^.?!]{0,70}?$",
    re.I,
)
_COHORT_SUFFIX = re.compile(r"^\s*-?\s*(?:kullet|kull|cohort|exits|leavers)", re.I)
_LAST_YEAR = re.compile(r"\bi fjor\b|\bfjor\b|\blast year\b|\bforrige år\b", re.I)
_THIS_YEAR = re.compile(r"\bi år\b|\bthis year\b", re.I)
# "men" is English for men but Norwegian for "but": it counts only in English text
_MEN_NB = re.compile(r"\bmenn\b|\bmennene\b|\bmannlige\b|\bgutter\b", re.I)
_MEN_EN = re.compile(r"\bmen\b|\bmale\b|\bmenn\b", re.I)
_WOMEN = re.compile(r"\bkvinner\b|\bkvinnene\b|\bwomen\b|\bfemale\b|\bkvinnelige\b", re.I)


@dataclass
class Reading:
    text: str
    language: str
    is_question: bool
    concepts: set[str] = field(default_factory=set)
    years: list[int] = field(default_factory=list)
    exit_years: list[int] = field(default_factory=list)
    sex: str = "all"  # all | men | women | both
    county: str | None = None
    numbers: list[StatedNumber] = field(default_factory=list)

    def has(self, *names: str) -> bool:
        return any(n in self.concepts for n in names)

    @property
    def names_a_measure(self) -> bool:
        """Does the text say what is measured (work, education, cover, participants …)?"""
        return self.has(*MEASURE_CONCEPTS)


def detect_language(text: str) -> str:
    nb = len(_NB_HINTS.findall(text))
    en = len(_EN_HINTS.findall(text))
    return "en" if en > nb else "nb"


def is_question(text: str) -> bool:
    stripped = text.strip()
    return stripped.endswith("?") or bool(_QUESTION_START.match(stripped))


def read_years(text: str, today: date) -> tuple[list[int], list[int]]:
    """Years named in the text, and which of them are exit years ("avsluttet i 2016")."""
    years: list[int] = []
    exit_years: list[int] = []
    for m in _YEAR.finditer(text):
        first = int(m.group(1))
        span = [first]
        if m.group(2):
            last = int(m.group(2)) if len(m.group(2)) == 4 else first // 100 * 100 + int(m.group(2))
            if first < last <= first + 20:
                span = list(range(first, last + 1))
        before = text[max(0, m.start() - 80) : m.start()]
        after = text[m.end() : m.end() + 12]
        exit_context = bool(_EXIT_CONTEXT.search(before)) or bool(_COHORT_SUFFIX.match(after))
        for y in span:
            years.append(y)
            if exit_context:
                exit_years.append(y)
    if years:
        return years, exit_years
    if _LAST_YEAR.search(text):
        return [today.year - 1], []
    if _THIS_YEAR.search(text):
        return [today.year], []
    return [], []


def read(text: str, today: date | None = None) -> Reading:
    """Everything the figure mapping and the verdict need to know about ``text``."""
    today = today or date.today()
    concepts = {name for name, rx in _CONCEPT_RE.items() if rx.search(text)}
    if in_domain(text):
        concepts.add("domain")
    language = detect_language(text)
    men = bool((_MEN_EN if language == "en" else _MEN_NB).search(text))
    women = bool(_WOMEN.search(text))
    sex = "both" if men and women else "men" if men else "women" if women else "all"
    county = next((c for c in COUNTIES if re.search(rf"\b{re.escape(c)}\b", text, re.I)), None)
    years, exit_years = read_years(text, today)
    return Reading(
        text=text,
        language=language,
        is_question=is_question(text),
        concepts=concepts,
        years=years,
        exit_years=exit_years,
        sex=sex,
        county=county,
        numbers=stated_numbers(text),
    )
