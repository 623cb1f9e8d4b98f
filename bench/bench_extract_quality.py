"""Extraction quality against the curated table (run by hand; prints figures).

    .venv/bin/python bench/bench_extract_quality.py [--show-misses] [--document ID ...]
    .venv/bin/python bench/bench_extract_quality.py --candidates bench/extract_baseline

A candidate matches a curated row when document, year, kind, comparator, value, value_high
and unit agree; each curated row can be matched once. For every document of the tables it
prints, side by side:

- ``before``: recall and precision of the candidates saved in ``bench/extract_baseline/``,
  what the extractor of commit 13b969a produced for every text before any of the 13 added
  texts was reviewed (the six statistics pages it could not read count as 0%);
- ``today``: recall and precision of extracting afresh, and the precision of the candidates
  marked ``in_scope`` (what a reviewer filtering a long mixed report sees);
- ``as new``: recall of extracting a copy of the text that is not recognised as a curated
  document (one byte appended), given only its publication date as ``--published`` would —
  how a document from outside the project is read.

``--candidates DIR`` scores saved ``zja extract`` outputs only.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from zjanalysis.extraction.evaluation import evaluate
from zjanalysis.extraction.extract import extract_file
from zjanalysis.tables.loading import load_tables

BASELINE = Path(__file__).resolve().parent / "extract_baseline"


def read_saved(folder: Path) -> pd.DataFrame:
    files = sorted(folder.glob("*.csv"))
    return pd.concat(
        [pd.read_csv(f, dtype=str, keep_default_na=False, encoding="utf-8-sig") for f in files]
    )


def as_frame(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    return frame.astype(object).where(frame.notna(), "")


def as_new(t, documents) -> pd.DataFrame:
    """Candidates of unrecognised copies of the documents, each with its publication date."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for doc in documents:
            raw = t.data_dir / "raw" / t.documents.loc[doc, "raw_file"]
            copy = Path(tmp) / raw.name
            shutil.copyfile(raw, copy)
            if copy.suffix == ".txt":
                with copy.open("a", encoding="utf-8") as fh:
                    fh.write("\n")
            published = t.documents.loc[doc, "published_date"]
            found = extract_file(copy, published=None if pd.isna(published) else published.date())
            rows += [{**r, "document_id": doc} for r in found]  # scored as the copy of doc
    return as_frame(rows)


# the texts the rules were first written on (tests/test_extraction.py keeps their floors)
FOUNDING = [
    "zj_2020_reform_work_points",
    "zj_2024_reply_longgang",
    "zj_2022_common_prosperity_plan",
    "zj_2020_new_deal_rectification",
    "sx_2018_work_points",
]


def pct(value) -> str:
    return "—" if value is None else f"{value:.1%}"


def total(result, docs) -> dict:
    """Recall and precision over some documents (precision None when nothing was found)."""
    n = {
        k: sum(result.per_document[d][k] for d in docs)
        for k in ("curated", "candidates", "matched")
    }
    return {
        **n,
        "recall": n["matched"] / n["curated"] if n["curated"] else None,
        "precision": n["matched"] / n["candidates"] if n["candidates"] else None,
    }


def line(name, rows, b, d, s, n) -> str:
    return (
        f"{name:34s} {rows:4d} | {pct(b['recall']):>8s} {pct(b['precision']):>6s} | "
        f"{pct(d['recall']):>7s} {pct(d['precision']):>6s} {pct(s['precision']):>10s} | "
        f"{pct(n['recall']):>8s}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--document", nargs="+", default=None, help="document ids to score")
    parser.add_argument("--candidates", type=Path, default=None, help="folder of candidate CSVs")
    args = parser.parse_args()
    t = load_tables()
    documents = args.document or list(t.documents.index)
    if args.candidates:
        result = evaluate(documents=documents, candidates=read_saved(args.candidates))
        print(
            f"{'document':36s} {'curated':>7s} {'found':>6s} {'matched':>7s} {'recall':>7s} {'precision':>9s}"
        )
        for doc, r in result.per_document.items():
            print(
                f"{doc:36s} {r['curated']:7d} {r['candidates']:6d} {r['matched']:7d} "
                f"{r['recall']:7.1%} {r['precision']:9.1%}"
            )
        o = result.overall
        print(
            f"{'overall':36s} {o['curated']:7d} {o['candidates']:6d} {o['matched']:7d} {o['recall']:7.1%} {o['precision']:9.1%}"
        )
        return
    fresh = as_frame(
        [
            r
            for doc in documents
            for r in extract_file(t.data_dir / "raw" / t.documents.loc[doc, "raw_file"])
        ]
    )
    today = evaluate(documents=documents, candidates=fresh)
    scoped = evaluate(documents=documents, candidates=fresh[fresh["in_scope"] == "yes"])
    before = evaluate(documents=documents, candidates=read_saved(BASELINE))
    new = evaluate(documents=documents, candidates=as_new(t, documents))
    head = (
        f"{'document':34s} {'rows':>4s} | {'before R':>8s} {'P':>6s} | {'today R':>7s} {'P':>6s} "
        f"{'in-scope P':>10s} | {'as new R':>8s}"
    )
    print(head)
    print("-" * len(head))
    results = (before, today, scoped, new)
    for doc in documents:
        b, d, s, n = (total(x, [doc]) for x in results)
        print(line(doc, d["curated"], b, d, s, n))
    print("-" * len(head))
    groups = {
        "five founding texts": [d for d in documents if d in FOUNDING],
        "statistics pages": [
            d for d in documents if t.documents.loc[d, "raw_file"].endswith(".html")
        ],
        "added texts (development set)": [
            d
            for d in documents
            if d not in FOUNDING and not t.documents.loc[d, "raw_file"].endswith(".html")
        ],
        "overall": documents,
    }
    for name, docs in groups.items():
        if docs:
            b, d, s, n = (total(x, docs) for x in results)
            print(line(f"{name} ({len(docs)})", d["curated"], b, d, s, n))
    d, s = total(today, documents), total(scoped, documents)
    print(f"candidates today: {d['candidates']} ({s['candidates']} in scope)")
    print(f"missing_number statements found: {today.missing_found}/{today.missing_total}")
    if args.show_misses:
        print("\nmissed curated rows:")
        for row in today.missed:
            print("  ", row)
        print("\nunmatched candidates:")
        for row in today.extra:
            print("  ", row)


if __name__ == "__main__":
    main()
