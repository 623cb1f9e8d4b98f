"""Comparing extracted candidates with the curated table: recall and precision."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import pandas as pd

from zjanalysis.extraction.statements import Catalogue, DocumentInfo, extract_text
from zjanalysis.tables.loading import load_tables

MATCH_KEY = ("document_id", "year", "kind", "comparator", "value", "value_high", "unit")


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
    return DocumentInfo(document_id, year, place)


def guess_place(text: str, jurisdictions: pd.DataFrame) -> str:
    """The most local jurisdiction named in ``text`` (issuer, title, first lines), else the province."""
    for jid, row in jurisdictions.iloc[::-1].iterrows():
        if row["level"] not in ("country", "province", "county_group") and row["name_zh"] in text:
            return jid
    return "zhejiang"


def _key(row) -> tuple:
    def num(v):
        return (
            None
            if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA
            else round(float(v), 6)
        )

    return (
        row["document_id"],
        None if pd.isna(row["year"]) else int(row["year"]),
        row["kind"],
        row["comparator"],
        num(row["value"]),
        num(row["value_high"]),
        row["unit"] if isinstance(row["unit"], str) else "",
    )


@dataclass
class Evaluation:
    per_document: dict
    overall: dict
    missing_found: int
    missing_total: int
    missed: list
    extra: list


def evaluate(data_dir=None) -> Evaluation:
    """Extract every curated document and compare with its curated rows."""
    t = load_tables(data_dir)
    cat = Catalogue(t.indicators, t.units, t.jurisdictions)
    per_doc, missed, extra = {}, [], []
    tot = Counter()
    missing_found = missing_total = 0
    for doc_id in t.documents.index:
        cands = extract_text(t.raw_text(doc_id), cat, document_info(t, doc_id))
        cand_keys = Counter(_key(c.__dict__) for c in cands)
        curated = t.targets[t.targets["document_id"] == doc_id]
        cur_keys = Counter(_key(r) for _, r in curated.iterrows())
        matched = sum((cand_keys & cur_keys).values())
        for k, n in (cur_keys - cand_keys).items():
            missed += [k] * n
        for k, n in (cand_keys - cur_keys).items():
            extra += [k] * n
        gaps = curated[curated["flags"].fillna("").str.contains("missing_number")]
        gap_keys = Counter(_key(r) for _, r in gaps.iterrows())
        missing_total += sum(gap_keys.values())
        missing_found += sum((gap_keys & cand_keys).values())
        n_cur, n_cand = sum(cur_keys.values()), sum(cand_keys.values())
        per_doc[doc_id] = {
            "curated": n_cur,
            "candidates": n_cand,
            "matched": matched,
            "recall": matched / n_cur if n_cur else 1.0,
            "precision": matched / n_cand if n_cand else 1.0,
        }
        tot.update({"curated": n_cur, "candidates": n_cand, "matched": matched})
    overall = {
        **tot,
        "recall": tot["matched"] / tot["curated"],
        "precision": tot["matched"] / max(tot["candidates"], 1),
    }
    return Evaluation(per_doc, overall, missing_found, missing_total, missed, extra)
