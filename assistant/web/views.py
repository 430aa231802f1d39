"""Data for source listings and pages, shared by the JSON API and the HTML pages."""

from __future__ import annotations

from typing import Any

from ..indexing.store import LoadedIndex


def anchor(passage_id: str) -> str:
    """The HTML id of a passage on its source page (passage ids hold a ':')."""
    return "p-" + passage_id.split(":", 1)[-1]


def source_list(index: LoadedIndex) -> dict[str, Any]:
    documents = [
        {
            "id": d.id,
            "title": d.title,
            "publisher": d.publisher,
            "published": d.published,
            "date_certainty": d.date_certainty,
            "kind": d.kind,
            "language": d.language,
            "url": d.url,
            "passages": len(d.passages),
        }
        for d in sorted(index.documents.values(), key=lambda d: (d.published, d.id))
    ]
    tables = [
        {
            "id": t.id,
            "title": t.title,
            "title_en": t.title_en,
            "publisher": t.publisher,
            "released": t.released,
            "url": t.url,
            "rows": len(t.rows),
            "measures": [m.id for m in t.measures],
        }
        for t in index.tables.values()
    ]
    return {"documents": documents, "tables": tables}


def source_detail(index: LoadedIndex, source_id: str) -> dict[str, Any] | None:
    doc = index.documents.get(source_id)
    if doc is not None:
        return {
            "type": "document",
            "id": doc.id,
            "title": doc.title,
            "publisher": doc.publisher,
            "authors": list(doc.authors),
            "published": doc.published,
            "date_certainty": doc.date_certainty,
            "url": doc.url,
            "kind": doc.kind,
            "language": doc.language,
            "about": doc.about,
            "text": doc.text,
            "passages": [
                {
                    "id": p.id,
                    "anchor": anchor(p.id),
                    "heading": p.heading,
                    "text": p.text,
                    "start": p.start,
                    "end": p.end,
                }
                for p in doc.passages
            ],
        }
    table = index.tables.get(source_id)
    if table is not None:
        names = [c.name for c in table.columns]
        return {
            "type": "table",
            "id": table.id,
            "title": table.title,
            "title_en": table.title_en,
            "publisher": table.publisher,
            "url": table.url,
            "released": table.released,
            "row": table.row,
            "row_nb": table.row_nb,
            "key": list(table.key),
            "columns": [
                {"name": c.name, "type": c.type, "unit": c.unit, "description": c.description}
                for c in table.columns
            ],
            "rows": [dict(zip(names, r, strict=True)) for r in table.rows],
            "caveats": list(table.caveats),
            "measures": [
                {
                    "id": m.id,
                    "label_nb": m.label_nb,
                    "label_en": m.label_en,
                    "unit": m.unit,
                    "sql": m.sql,
                }
                for m in table.measures
            ],
        }
    return None
