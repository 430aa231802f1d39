"""The words of the pages, in Norwegian and English: labels, help texts, error messages and
the example questions and claims a newcomer can click."""

from __future__ import annotations

from ..answers.models import VERDICT_LABELS

UI: dict[str, dict] = {
    "nb": {
        "title": "Faktasjekk: introduksjonsprogrammet",
        "h1": "Faktasjekk av introduksjonsprogrammet og integreringstilskuddet",
        "ask": "Spør",
        "check": "Sjekk påstand",
        "placeholder": "Still et spørsmål eller lim inn en påstand",
        "input_label": "Spørsmål eller påstand",
        "as_of": "Publisert innen (valgfritt)",
        "as_of_hint": "Bare kilder publisert innen datoen brukes, og «i fjor» regnes fra den.",
        "sources": "Kilder",
        "source": "Kilde",
        "figures": "Tall",
        "show_sql": "Slik er tallet hentet ut",
        "row_caption": "Raden tallet er hentet fra",
        "sql_caption": "Spørringen, med parametrene satt inn",
        "params": "Parametre",
        "chart_values": "Tallene i diagrammet",
        "permalink": "Permalenke",
        "copy_label": "Kopier som tekst",
        "copied": "Kopiert",
        "switch": "English",
        "switch_lang": "en",
        "verdicts": {k: v["nb"] for k, v in VERDICT_LABELS.items()},
        "verdict_help": {
            "supported": "Kildene sier det samme, med samme tall og samme mål.",
            "partly_supported": "Tallet stemmer, men for et annet år eller et nært beslektet "
            "mål enn påstanden sier.",
            "contradicted": "Kildene viser et annet tall for det påstanden handler om.",
            "not_enough_evidence": "Kildene i korpuset avgjør ikke påstanden. Det betyr ikke "
            "at den er feil.",
        },
        "not_checkable": "Ikke sjekkbar",
        "not_checkable_help": "En mening eller en prognose: den blir gjengitt, ikke sjekket.",
        "intro": "Svarene bygger bare på kildene i korpuset: sitater med kilde og tall "
        "beregnet fra statistikktabeller. Ingenting er fritt formulert av en språkmodell.",
        "notes": "Merk",
        "conversation": "Samtale",
        "all_sources": "Alle kilder",
        "passage": "Avsnitt",
        "check_text": "Sjekk en tekst",
        "paste": "Lim inn en artikkel, en tale eller et debattreferat",
        "report": "Faktasjekkrapport",
        "opinion": "Mening (ikke sjekket)",
        "forecast": "Prognose (ikke sjekket)",
        "marked": "Teksten med påstandene markert",
        "question": "Spørsmål",
        "follow_up_of": "Oppfølging av",
        "earlier": "Tidligere i samtalen",
        "status_legend": "Hva merkene betyr",
        "match": "Sjekket påstand i registeret vårt",
        "negated": "Innspillet sier det motsatte av denne påstanden.",
        "related": "Beslektede sjekkede påstander",
        "excerpt": "Vis utdrag",
        "skip": "Hopp til innholdet",
        "nav": "Hovedmeny",
        "err_empty": "Skriv et spørsmål eller en påstand først.",
        "err_long": "Teksten er {n} tegn lang. Grensen er {max} tegn: kort den ned og prøv igjen.",
        "err_busy": "For mange spørsmål på kort tid. Vent litt og prøv igjen.",
        "err_network": "Fikk ikke kontakt med tjenesten. Prøv igjen.",
        "err_text_empty": "Lim inn en tekst først.",
        "err_date": "Datoen må skrives som ÅÅÅÅ-MM-DD.",
        "chars": "tegn",
        "help": "Slik leser du svarene",
        "modes": "«Spør» gir et svar med tall og kilder. «Sjekk påstand» vurderer en påstand og "
        "gir en av fire vurderinger. En setning uten spørsmålstegn blir sjekket som en påstand.",
        "as_of_explained": "«Publisert innen» er datoen du vil sjekke etter: bare kilder "
        "publisert innen den datoen brukes, og «i fjor» og «i år» regnes fra den. Bruk datoen "
        "en artikkel ble publisert når du sjekker den. Uten dato brukes alle kildene, og «i "
        "fjor» betyr i fjor regnet fra i dag.",
        "covers": "Dette dekker tjenesten",
        "examples": "Prøv et eksempel",
        "example_questions": "Spørsmål",
        "example_claims": "Påstander",
        "legend": "Vurderingene",
        "topics": "Introduksjonsprogrammet for flyktninger: deltakere, hvor mange som er i "
        "arbeid eller utdanning ett år etter (SSB) og direkte etter programmet (IMDi), "
        "forskjeller mellom fylker, kvinner og menn. Integreringstilskuddet: hvor mye av "
        "kommunenes utgifter det dekker (Beregningsutvalget). Til sammenligning: Sveriges "
        "etableringsprogram.",
        "years": "Tall for årene {first}–{last}",
        "source_count": "{docs} dokumenter og {tables} statistikktabeller fra {publishers}",
        "date_label": "Når ble teksten publisert?",
        "date_hint": "Vi sjekker teksten slik den sto da: bare kilder publisert innen den "
        "datoen brukes, og «i fjor» regnes fra den. Står datoen i teksten (en datolinje "
        "øverst, eller «published:» i front matter), leser vi den derfra.",
        "judged_by": "Vurdert per {date}",
        "date_from_option": "datoen du oppga",
        "date_from_metadata": "datoen i tekstens front matter",
        "date_from_dateline": "datolinjen i teksten: «{line}»",
        "no_date": "Ingen dato funnet i teksten, og ingen oppgitt. Teksten er sjekket mot alle "
        "kildene, og «i fjor» er regnet fra i dag. Oppgi datoen teksten ble publisert for å "
        "sjekke den slik den sto da.",
        "recheck": "Sjekk på nytt med denne datoen",
        "claims_word": "påstander",
        "mark_legend": "Slik er teksten markert",
        "mark_claim": "Understreket og farget: en påstand, med nummer og vurdering etter.",
        "mark_opinion": "Kursiv: en mening eller en prognose. Den blir ikke sjekket.",
        "results_ready": "Resultatet er klart",
        "markdown": "Rapporten som Markdown",
        "error_title": "Noe gikk galt",
        "err_not_found": "Fant ingen side eller kilde med denne adressen.",
        "err_invalid": "Forespørselen kunne ikke leses: {detail}",
        "back": "Tilbake til forsiden",
        "docs": "API",
        "data_table": "Tabellen",
        "columns": "Kolonnene",
        "measures": "Mål (SQL)",
        "caveats": "Forbehold",
        "published": "Publisert",
        "publisher": "Utgiver",
        "authors": "Forfattere",
        "kind": "Type",
        "language": "Språk",
        "address": "Adresse",
        "row_is": "Hver rad er",
        "documents": "Dokumenter",
        "tables": "Statistikktabeller",
        "not_in_english": "",
    },
    "en": {
        "title": "Fact check: the introduction programme",
        "h1": "Fact-checking the introduction programme and the integration grant",
        "ask": "Ask",
        "check": "Check claim",
        "placeholder": "Ask a question or paste a claim",
        "input_label": "Question or claim",
        "as_of": "Published by (optional)",
        "as_of_hint": "Only sources published by this date are used, and “last year” counts "
        "from it.",
        "sources": "Sources",
        "source": "Source",
        "figures": "Figures",
        "show_sql": "How this figure was read",
        "row_caption": "The row the figure comes from",
        "sql_caption": "The query, with its parameters filled in",
        "params": "Parameters",
        "chart_values": "The figures in the chart",
        "permalink": "Permalink",
        "copy_label": "Copy as text",
        "copied": "Copied",
        "switch": "Norsk",
        "switch_lang": "nb",
        "verdicts": {k: v["en"] for k, v in VERDICT_LABELS.items()},
        "verdict_help": {
            "supported": "The sources say the same, with the same number and the same measure.",
            "partly_supported": "The number is right, but for another year or a closely "
            "related measure than the claim says.",
            "contradicted": "The sources show a different figure for what the claim is about.",
            "not_enough_evidence": "The sources in the corpus do not settle the claim. That "
            "does not mean it is wrong.",
        },
        "not_checkable": "Not checkable",
        "not_checkable_help": "An opinion or a forecast: reported, not checked.",
        "intro": "Answers rest only on the sources in the corpus: quotations with their source "
        "and figures computed from statistics tables. Nothing is written freely by a language "
        "model.",
        "notes": "Note",
        "conversation": "Conversation",
        "all_sources": "All sources",
        "passage": "Passage",
        "check_text": "Check a text",
        "paste": "Paste an article, a speech or a debate transcript",
        "report": "Fact-check report",
        "opinion": "Opinion (not checked)",
        "forecast": "Forecast (not checked)",
        "marked": "The text with its claims marked",
        "question": "Question",
        "follow_up_of": "Follow-up to",
        "earlier": "Earlier in the conversation",
        "status_legend": "What the labels mean",
        "match": "Checked claim in our register",
        "negated": "The input says the opposite of this claim.",
        "related": "Related checked claims",
        "excerpt": "Show excerpt",
        "skip": "Skip to content",
        "nav": "Main menu",
        "err_empty": "Type a question or a claim first.",
        "err_long": "The text is {n} characters long. The limit is {max}: shorten it and try "
        "again.",
        "err_busy": "Too many questions in a short time. Please wait a little and try again.",
        "err_network": "Could not reach the service. Please try again.",
        "err_text_empty": "Paste a text first.",
        "err_date": "Write the date as YYYY-MM-DD.",
        "chars": "characters",
        "help": "How to read the answers",
        "modes": "“Ask” gives an answer with figures and sources. “Check claim” judges a claim "
        "and gives one of four verdicts. A sentence without a question mark is checked as a "
        "claim.",
        "as_of_explained": "“Published by” is the date to check against: only sources "
        "published by then are used, and “last year” and “this year” count from it. Use the "
        "date an article was published when you check it. Without a date all sources are "
        "used, and “last year” means last year from today.",
        "covers": "What this covers",
        "examples": "Try an example",
        "example_questions": "Questions",
        "example_claims": "Claims",
        "legend": "The verdicts",
        "topics": "Norway's introduction programme for refugees: participants, how many are in "
        "work or education one year after (Statistics Norway) and directly after the "
        "programme (IMDi), differences between counties, women and men. The integration "
        "grant: how much of the municipalities' costs it covers (Beregningsutvalget). For "
        "comparison: Sweden's establishment programme.",
        "years": "Figures for {first}–{last}",
        "source_count": "{docs} documents and {tables} statistics tables from {publishers}",
        "date_label": "When was the text published?",
        "date_hint": "The text is checked as it stood then: only sources published by that "
        "date are used, and “last year” counts from it. If the text states its date (a "
        "dateline at the top, or “published:” in front matter), it is read from there.",
        "judged_by": "Judged as of {date}",
        "date_from_option": "the date you gave",
        "date_from_metadata": "the date in the text's front matter",
        "date_from_dateline": "the dateline in the text: “{line}”",
        "no_date": "No date found in the text, and none given. The text was checked against "
        "all sources, and “last year” counted from today. Give the date the text was "
        "published to check it as it stood then.",
        "recheck": "Check again with this date",
        "claims_word": "claims",
        "mark_legend": "How the text is marked",
        "mark_claim": "Underlined and coloured: a claim, followed by its number and verdict.",
        "mark_opinion": "Italics: an opinion or a forecast. It is not checked.",
        "results_ready": "The result is ready",
        "markdown": "The report as Markdown",
        "error_title": "Something went wrong",
        "err_not_found": "There is no page or source at this address.",
        "err_invalid": "The request could not be read: {detail}",
        "back": "Back to the front page",
        "docs": "API",
        "data_table": "The table",
        "columns": "The columns",
        "measures": "Measures (SQL)",
        "caveats": "Caveats",
        "published": "Published",
        "publisher": "Publisher",
        "authors": "Authors",
        "kind": "Type",
        "language": "Language",
        "address": "Address",
        "row_is": "Each row is",
        "documents": "Documents",
        "tables": "Statistics tables",
        "not_in_english": "(in Norwegian)",
    },
}

#: what a newcomer can click on the empty page: (text, mode), each checked by a test
EXAMPLES: dict[str, dict[str, list[str]]] = {
    "nb": {
        "ask": [
            "Hvor stor andel av dem som avsluttet introduksjonsprogrammet i 2014 var i arbeid "
            "eller utdanning ett år etter?",
            "Hvor stor del av kommunenes utgifter dekket integreringstilskuddet i 2016?",
            "Hvor mange deltok i introduksjonsprogrammet i 2018?",
        ],
        "check": [
            "Oslo hadde høyest andel som gikk direkte over til arbeid eller utdanning i 2016.",
            "58 prosent var i arbeid eller utdanning ett år etter introduksjonsprogrammet.",
            "Kvinner gjør det like bra som menn etter introduksjonsprogrammet.",
        ],
    },
    "en": {
        "ask": [
            "What share of those who left the introduction programme in 2014 were in work or "
            "education a year later?",
            "How much of the municipalities' costs did the integration grant cover in 2016?",
            "How many people took part in the introduction programme in 2018?",
        ],
        "check": [
            "Oslo had the highest share going directly to work or education in 2016.",
            "58 per cent were in work or education one year after the introduction programme.",
            "Women do as well as men after the introduction programme.",
        ],
    },
}
