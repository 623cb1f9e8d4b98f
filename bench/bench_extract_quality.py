"""Extraction quality against the curated table (run by hand; prints figures).

    .venv/bin/python bench/bench_extract_quality.py [--show-misses] [--document ID ...]
    .venv/bin/python bench/bench_extract_quality.py --candidates bench/extract_baseline

A candidate matches a curated row when document, year, kind, comparator, value, value_high
and unit agree; each curated row can be matched once. Prints recall and precision per
document and overall, and whether every missing_number statement was found.

``--candidates DIR`` scores saved ``zja extract`` outputs instead of extracting afresh:
``bench/extract_baseline/`` holds what the extractor of commit 13b969a produced for every text
of ../shared/sources before any of the 13 added texts was reviewed — the figure of how
extraction does on documents it was not written for.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from zjanalysis.extraction.evaluation import evaluate


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--document", nargs="+", default=None, help="document ids to score")
    parser.add_argument("--candidates", type=Path, default=None, help="folder of candidate CSVs")
    args = parser.parse_args()
    saved = None
    if args.candidates:
        files = sorted(args.candidates.glob("*.csv"))
        saved = pd.concat(
            [pd.read_csv(f, dtype=str, keep_default_na=False, encoding="utf-8-sig") for f in files]
        )
    result = evaluate(documents=args.document, candidates=saved)
    print(
        f"{'document':36s} {'curated':>7s} {'found':>6s} {'matched':>7s} {'recall':>7s} {'precision':>9s}"
    )
    for doc, r in result.per_document.items():
        print(
            f"{doc:36s} {r['curated']:7d} {r['candidates']:6d} {r['matched']:7d} {r['recall']:7.1%} {r['precision']:9.1%}"
        )
    o = result.overall
    print(
        f"{'overall':36s} {o['curated']:7d} {o['candidates']:6d} {o['matched']:7d} {o['recall']:7.1%} {o['precision']:9.1%}"
    )
    print(f"missing_number statements found: {result.missing_found}/{result.missing_total}")
    if args.show_misses:
        print("\nmissed curated rows:")
        for row in result.missed:
            print("  ", row)
        print("\nunmatched candidates:")
        for row in result.extra:
            print("  ", row)


if __name__ == "__main__":
    main()
