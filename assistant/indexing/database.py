"""Write the DuckDB file: the statistics tables (typed), and documents, passages and cards.

Figures are computed with SQL over these tables at answer time, on a read-only connection.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from ..corpus import Corpus, CorpusError, Table
from ..corpus.sql import NO_DATE_LIMIT, measure_sql
from .layout import DATABASE

_SQL_TYPES = {"integer": "BIGINT", "number": "DOUBLE", "text": "VARCHAR", "date": "VARCHAR"}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _create_table(con, table: Table) -> None:
    cols = ", ".join(f"{_quote(c.name)} {_SQL_TYPES[c.type]}" for c in table.columns)
    con.execute(f"CREATE TABLE {_quote(table.id)} ({cols})")
    if table.rows:
        marks = ", ".join("?" for _ in table.columns)
        con.executemany(
            f"INSERT INTO {_quote(table.id)} VALUES ({marks})", [list(r) for r in table.rows]
        )


def _check_measures(con, corpus: Corpus) -> None:
    """Run every measure's SQL once for each sex: a card whose SQL does not run fails the
    build with the card and the measure named, not the first question that needs it."""
    for table in corpus.tables:
        for measure in table.measures:
            for sex in ("all", "men", "women"):
                sql = measure_sql(table, measure)
                params = {"sex": sex, "as_of": NO_DATE_LIMIT}
                try:
                    result = con.execute(sql, {k: v for k, v in params.items() if f"${k}" in sql})
                    names = [d[0] for d in result.description]
                except Exception as exc:  # duckdb raises several kinds
                    card = table.path.removesuffix(".csv") + ".card.yaml"
                    raise CorpusError(
                        card, f"measure {measure.id!r}: its SQL fails: {exc}"
                    ) from exc
                if "key" not in names or "value" not in names:
                    card = table.path.removesuffix(".csv") + ".card.yaml"
                    raise CorpusError(
                        card, f"measure {measure.id!r}: SQL must return key and value"
                    )


def write_database(out_dir: Path, corpus: Corpus) -> Path:
    import duckdb

    path = out_dir / DATABASE
    con = duckdb.connect(str(path))
    try:
        con.execute("""
            CREATE TABLE documents (id VARCHAR PRIMARY KEY, title VARCHAR, publisher VARCHAR,
              authors VARCHAR, published VARCHAR, date_certainty VARCHAR, url VARCHAR,
              kind VARCHAR, language VARCHAR, about VARCHAR, text VARCHAR, path VARCHAR,
              duplicates_removed INTEGER, voice VARCHAR)""")
        con.execute("""
            CREATE TABLE passages (id VARCHAR PRIMARY KEY, doc_id VARCHAR, position INTEGER,
              heading VARCHAR, text VARCHAR, start_offset INTEGER, end_offset INTEGER,
              vector_row INTEGER)""")
        con.execute("""
            CREATE TABLE source_tables (id VARCHAR PRIMARY KEY, title VARCHAR, title_en VARCHAR,
              publisher VARCHAR, url VARCHAR, released VARCHAR, row_meaning VARCHAR,
              row_meaning_nb VARCHAR, key_columns VARCHAR, date_column VARCHAR,
              columns VARCHAR, caveats VARCHAR, measures VARCHAR, path VARCHAR, card VARCHAR)""")
        # the lexicon as read: a loaded index parses it with the same code as the corpus
        con.execute("CREATE TABLE knowledge (name VARCHAR PRIMARY KEY, body VARCHAR)")
        if corpus.lexicon is not None:
            con.execute(
                "INSERT INTO knowledge VALUES ('lexicon', ?)",
                [json.dumps(corpus.lexicon.raw, ensure_ascii=False)],
            )
        if corpus.about:
            con.execute(
                "INSERT INTO knowledge VALUES ('about', ?)",
                [json.dumps(corpus.about, ensure_ascii=False)],
            )
        if corpus.register is not None:
            con.execute(
                "INSERT INTO knowledge VALUES ('register', ?)",
                [json.dumps(corpus.register.raw, ensure_ascii=False, default=str)],
            )
        con.executemany(
            "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                [
                    d.id,
                    d.title,
                    d.publisher,
                    json.dumps(list(d.authors), ensure_ascii=False),
                    d.published,
                    d.date_certainty,
                    d.url,
                    d.kind,
                    d.language,
                    d.about,
                    d.text,
                    d.path,
                    d.duplicates_removed,
                    d.voice,
                ]
                for d in corpus.documents
            ],
        )
        con.executemany(
            "INSERT INTO passages VALUES (?,?,?,?,?,?,?,?)",
            [
                [p.id, p.doc_id, p.position, p.heading, p.text, p.start, p.end, row]
                for row, p in enumerate(corpus.passages)
            ],
        )
        for table in corpus.tables:
            _create_table(con, table)
            con.execute(
                "INSERT INTO source_tables VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [
                    table.id,
                    table.title,
                    table.title_en,
                    table.publisher,
                    table.url,
                    table.released,
                    table.row,
                    table.row_nb,
                    json.dumps(list(table.key)),
                    table.date_column,
                    json.dumps([asdict(c) for c in table.columns], ensure_ascii=False),
                    json.dumps(list(table.caveats), ensure_ascii=False),
                    json.dumps([asdict(m) for m in table.measures], ensure_ascii=False),
                    table.path,
                    json.dumps(table.card, ensure_ascii=False, default=str),
                ],
            )
        _check_measures(con, corpus)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return path
