"""The cards and the lexicon compiled for reading: every table's and measure's words as
regular expressions, and every place a table holds, by name.

Built once per loaded index (and once per corpus in tests); pure data afterwards. Place names
come from the tables themselves: a county is known because a table has a row for it, so a new
table with new places needs no code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import Lexicon, Words, compile_words
from .models import Measure, Reach, Table


@dataclass(frozen=True)
class CompiledReach:
    words: tuple[tuple[Words, float], ...]
    requires: tuple[tuple[Words, ...], ...]
    excludes: tuple[Words, ...]


@dataclass(frozen=True)
class Place:
    """A place a table holds: a key value of its area dimension, or the one place a table is
    about (a country)."""

    name: str
    table: str
    words: Words
    keyed: bool  # the place is a row key (a county), not the table's whole scope (a country)
    total: bool = False  # the row standing for the whole (a national average)


@dataclass(frozen=True)
class Catalog:
    lexicon: Lexicon
    tables: dict[str, Table]
    reach: dict[tuple[str, str], CompiledReach]  # (table, measure or "") → compiled
    places: tuple[Place, ...]

    def table_reach(self, table: Table) -> CompiledReach:
        return self.reach[(table.id, "")]

    def measure_reach(self, table: Table, measure: Measure) -> CompiledReach:
        return self.reach[(table.id, measure.id)]


def _words(pattern: str, lexicon: Lexicon, where: str) -> Words:
    if pattern.startswith("@"):
        return lexicon.concepts[pattern[1:]]
    return compile_words(pattern, [pattern], where)


def _compile(reach: Reach, lexicon: Lexicon, where: str) -> CompiledReach:
    return CompiledReach(
        tuple((_words(p, lexicon, where), w) for p, w in reach.words),
        tuple(tuple(_words(p, lexicon, where) for p in group) for group in reach.requires),
        tuple(_words(p, lexicon, where) for p in reach.excludes),
    )


def build_catalog(lexicon: Lexicon, tables: dict[str, Table]) -> Catalog:
    reach: dict[tuple[str, str], CompiledReach] = {}
    places: list[Place] = []
    for table in tables.values():
        where = table.path
        reach[(table.id, "")] = _compile(table.reach, lexicon, where)
        for measure in table.measures:
            reach[(table.id, measure.id)] = _compile(measure.reach, lexicon, where)
        for name, patterns in table.places:
            alts = [p for p in patterns if not p.startswith("@")]
            alts += [
                q for p in patterns if p.startswith("@") for q in lexicon.concepts[p[1:]].patterns
            ]
            places.append(Place(name, table.id, compile_words(name, alts, where), keyed=False))
        if table.area is not None:
            for value in table.values(table.area.column, table.area.where):
                name = str(value)
                places.append(
                    Place(name, table.id, compile_words(name, [re.escape(name)], where), keyed=True)
                )
            total = table.area.total
            if total is not None:
                words = [re.escape(total), *table.area.total_words]
                places.append(
                    Place(total, table.id, compile_words(total, words, where), True, total=True)
                )
    return Catalog(lexicon, dict(tables), reach, tuple(places))
