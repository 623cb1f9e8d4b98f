"""Comparing extracted candidates with the curated table: recall and precision, of all
candidates and of the in-scope ones (what a curator reads first), by document and by type."""

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
    from zjanalysis.extraction.extract import extract_file

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
        scoped_keys = Counter(_key(_typed(c)) for c in cands if c.get("in_scope") == "yes")
        curated = t.targets[t.targets["document_id"] == doc_id]
        cur_keys = Counter(_key(r) for _, r in curated.iterrows())
        matched = sum((cand_keys & cur_keys).values())
        scoped_matched = sum((scoped_keys & cur_keys).values())
        for k, n in (cur_keys - cand_keys).items():
            missed += [k] * n
        for k, n in (cand_keys - cur_keys).items():
            extra += [k] * n
        gaps = curated[curated["flags"].fillna("").str.contains("missing_number")]
        gap_keys = Counter(_key(r) for _, r in gaps.iterrows())
        missing_total += sum(gap_keys.values())
        missing_found += sum((gap_keys & cand_keys).values())
        n_cur, n_cand = sum(cur_keys.values()), sum(cand_keys.values())
        n_scoped = sum(scoped_keys.values())
        counts = {
            "curated": n_cur,
            "candidates": n_cand,
            "matched": matched,
            "in_scope": n_scoped,
            "in_scope_matched": scoped_matched,
        }
        per_doc[doc_id] = {
            **counts,
            "doc_type": t.documents.loc[doc_id, "doc_type"],
            **rates(counts),
        }
        tot.update(counts)
    overall = {**tot, **rates(tot)}
    return Evaluation(per_doc, overall, missing_found, missing_total, missed, extra)


def rates(n: dict) -> dict:
    """Recall and precision of all candidates and of the in-scope ones (None for 0 / 0)."""

    def ratio(a, b):
        return n[a] / n[b] if n[b] else None

    return {
        "recall": ratio("matched", "curated"),
        "precision": ratio("matched", "candidates"),
        "in_scope_recall": ratio("in_scope_matched", "curated"),
        "in_scope_precision": ratio("in_scope_matched", "in_scope"),
    }


COUNTS = ("curated", "candidates", "matched", "in_scope", "in_scope_matched")


def by_document_type(result: Evaluation) -> dict[str, dict]:
    """Counts, recall and precision summed over the documents of each type, and overall."""
    groups: dict[str, Counter] = {}
    for r in result.per_document.values():
        groups.setdefault(r["doc_type"], Counter()).update({k: r[k] for k in COUNTS})
        groups.setdefault("overall", Counter()).update({k: r[k] for k in COUNTS})
    return {
        name: {
            **n,
            "documents": sum(
                1 for r in result.per_document.values() if name in (r["doc_type"], "overall")
            ),
            **rates(n),
        }
        for name, n in sorted(groups.items(), key=lambda kv: kv[0] == "overall")
    }


def evaluation_table(result: Evaluation) -> str:
    """The figures of ``by_document_type`` as a plain-text table."""

    def pct(v):
        return "—" if v is None else f"{v:.1%}"

    head = (
        f"{'document type':26s} {'docs':>4s} {'curated':>7s} {'rows':>5s} {'in scope':>8s} | "
        f"{'recall':>6s} {'prec.':>6s} | {'in-scope recall':>15s} {'in-scope prec.':>14s}"
    )
    lines = [head, "-" * len(head)]
    for name, r in by_document_type(result).items():
        lines.append(
            f"{name:26s} {r['documents']:4d} {r['curated']:7d} {r['candidates']:5d} {r['in_scope']:8d} | "
            f"{pct(r['recall']):>6s} {pct(r['precision']):>6s} | "
            f"{pct(r['in_scope_recall']):>15s} {pct(r['in_scope_precision']):>14s}"
        )
    return "\n".join(lines)
