"""Passages for an answer: retrieved, then kept only when relevant, published by the date the
answer is judged by, and not the text being checked itself.

A text is never evidence for itself: when a whole text is checked, the documents whose
passages it contains are left out (matched by content, not by file name).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date

from ..corpus import Document, Passage
from ..corpus.lexicon import Words
from ..retrieval.hybrid import search
from ..text.normalise import fold, strip_tags
from ..text.stems import tokenize

#: cosine below which a passage is not about the question. multilingual-e5-small compresses
#: cosines (unrelated English text 0.73–0.77, on-topic 0.79–0.95), so this floor only drops
#: the clearly unrelated; the scope check decides whether the corpus covers an input at all
#: (docs/BENCHMARKS.md, "Abstention")
MIN_RELEVANCE = 0.78
#: passages more than this far below the best one are not cited
RELATIVE_WINDOW = 0.04
#: a document is the checked text's own when this share of its passages occur in the text
SELF_SHARE = 0.5


@dataclass
class Evidence:
    """What retrieval found, already filtered for relevance, date and source."""

    passages: list[tuple[Passage, float]] = field(default_factory=list)
    documents: dict[str, Document] = field(default_factory=dict)


def retrieve(
    index,
    query: str,
    as_of: date | None,
    *,
    settling_only: bool = False,
    exclude: Collection[str] = (),
    k: int = 12,
    vector=None,
    terms: str = "",
) -> Evidence:
    """Passages for ``query``. ``settling_only`` leaves out opinion and reported statements
    (context, never proof); ``exclude`` names documents never to cite (the checked text).
    ``vector`` is the query's vector when it is already computed; ``terms`` are extra words
    for the lexical side (a figure's label)."""
    hits = search(index, query, k=k, vector=vector, terms=terms)
    kept = []
    best = hits[0].dense if hits else 0.0
    for hit in hits:
        doc = index.documents[hit.passage.doc_id]
        if hit.dense < MIN_RELEVANCE or hit.dense < best - RELATIVE_WINDOW:
            continue
        if as_of is not None and doc.published > as_of.isoformat():
            continue
        if doc.id in exclude or (settling_only and not doc.settles):
            continue
        kept.append((hit.passage, hit.dense))
    return Evidence(kept, index.documents)


def documents_in(text: str, documents: dict[str, Document]) -> set[str]:
    """The documents whose text ``text`` contains (most of their passages, word for word):
    the text being checked, wherever it is stored in the corpus and whatever it is called."""
    folded = fold(text)
    own = set()
    for doc in documents.values():
        if not doc.passages:
            continue
        inside = sum(1 for p in doc.passages if fold(strip_tags(p.text)) in folded)
        if inside / len(doc.passages) >= SELF_SHARE:
            own.add(doc.id)
    return own


#: passages searched for the rest of a question's words (:func:`speaks_to`)
SPEAKS_TO_TOP = 3
#: a stem this long is found inside a compound too, by its first COMPOUND_PREFIX letters
#: (Snowball leaves "politikerne" as "politikern", which "rikspolitikere" does not contain)
COMPOUND_STEM, COMPOUND_PREFIX = 5, 7


def speaks_to(text: str, evidence: Evidence, *ignored: Words) -> bool:
    """Does the evidence hold any of the question's own words beyond its topic words?

    A question can be in scope by a topic word alone ("Hva mener KS om eiendomsskatt?") while
    nothing in the corpus is about what it asks; the model's cosines do not tell the two
    apart (0.85 either way), the words do. ``ignored`` are the word lists that say nothing
    about what is asked (topic words, words of asking). Words are compared as Norwegian stems,
    a long stem's first seven letters also inside a compound ("politik" of "politikern" in
    "rikspolitikere"), so this holds for Norwegian text only: callers skip it for other
    languages. A question of topic words only ("Hva er introduksjonsprogrammet?") is answered
    by whatever is found."""
    rest = text
    for words in ignored:
        rest = words.regex.sub(" ", rest)
    # a year or a number is said of every topic: it is not what the question is about
    stems = {s for s in tokenize(rest) if not s.isdigit()}
    if not stems:
        return True
    long = {s[:COMPOUND_PREFIX] for s in stems if len(s) >= COMPOUND_STEM}
    for p, _ in evidence.passages[:SPEAKS_TO_TOP]:
        lower = p.text.lower()
        if stems & set(tokenize(p.text)) or any(s in lower for s in long):
            return True
    return False


#: a question with at least this many content words is in scope when one passage holds them
#: all (:func:`worded_in`)
MIN_WORDED = 3


def worded_in(text: str, passage_words: list[frozenset[str]]) -> bool:
    """Does one passage hold every content word of ``text`` (as Norwegian stems)?

    The scope list leaves out words every topic shares ("kommune"), so "Hvordan kan kommunene
    lære av hverandre?" names no topic word although the op-ed says just that. A passage that
    holds all of a question's words (at least MIN_WORDED of them) is about it; "Hvor mange
    kommuner hadde eiendomsskatt i 2017?" shares "kommune" with many passages and
    "eiendomsskatt" with none."""
    stems = set(tokenize(text))
    return len(stems) >= MIN_WORDED and any(stems <= words for words in passage_words)
