"""What is known of a document beyond its text: its year and its own place."""

from __future__ import annotations

import pandas as pd

from zjanalysis.extraction.statements import DocumentInfo


def document_info(t, document_id: str) -> DocumentInfo:
    """What the curated tables know of a document: its year and its own place."""
    doc = t.documents.loc[document_id]
    year = (
        int(doc["published_date"].year)
        if not pd.isna(doc["published_date"])
        else int(doc["period_from"])
    )
    rows = t.targets[t.targets["document_id"] == document_id]
    if len(rows):
        place = rows["jurisdiction_id"].mode().iloc[0]
    else:
        place = guess_place(f"{doc['issuer']} {doc['title']}", t.jurisdictions)
    published = None if pd.isna(doc["published_date"]) else doc["published_date"].date()
    return DocumentInfo(document_id, year, place, published)


def guess_place(text: str, jurisdictions: pd.DataFrame) -> str:
    """The jurisdiction ``text`` (issuer, title, first lines) names first — a province's own
    report names the province before any city — the most local of names starting together;
    else Zhejiang."""
    rows = zip(jurisdictions.index, jurisdictions["level"], jurisdictions["name_zh"], strict=True)
    found = [
        (at, -i, jid)
        for i, (jid, level, name) in enumerate(rows)
        if level not in ("country", "county_group") and (at := text.find(name)) >= 0
    ]
    return min(found)[2] if found else "zhejiang"
