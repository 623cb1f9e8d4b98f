"""Comparing extracted candidates with the curated table: recall and precision."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from zjanalysis.tables.loading import load_tables

MATCH_KEY = ("document_id", "year", "kind", "comparator", "value", "value_high", "unit")


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


def _typed(row: dict) -> dict:
    """A candidate row with empty text cells read as missing and numbers as numbers."""

    def num(v):
        if v is None or v == "" or (isinstance(v, float) and math.isnan(v)):
            return math.nan
        return float(v)

    return {
        **row,
        "year": None if row.get("year") in (None, "") else num(row["year"]),
        "value": num(row.get("value")),
        "value_high": num(row.get("value_high")),
    }


@dataclass
class Evaluation:
    per_document: dict
    overall: dict
    missing_found: int
    missing_total: int
    missed: list
    extra: list


def evaluate(data_dir=None, documents=None, candidates: pd.DataFrame | None = None) -> Evaluation:
    """Compare extraction with the curated rows of each document.

    Args:
        data_dir: data folder (default: the project's).
        documents: document ids to evaluate (default: every curated document).
        candidates: saved candidate rows (a ``zja extract`` output, e.g. one made before a
            document was reviewed), matched to documents by the file name in ``source_file``;
            by default every document is extracted afresh.
    """
    from zjanalysis.extraction.candidates import extract_file

    t = load_tables(data_dir)
    per_doc, missed, extra = {}, [], []
    tot = Counter()
    missing_found = missing_total = 0
    by_file = {raw: doc for doc, raw in t.documents["raw_file"].items()}
    if candidates is not None:
        names = candidates["source_file"].map(lambda s: Path(str(s)).name)
        candidates = candidates.assign(document_id=names.map(by_file))
    for doc_id in documents or t.documents.index:
        if candidates is None:
            raw = t.data_dir / "raw" / t.documents.loc[doc_id, "raw_file"]
            cands = extract_file(raw)
        else:
            cands = candidates[candidates["document_id"] == doc_id].to_dict("records")
        cand_keys = Counter(_key(_typed(c)) for c in cands)
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
