"""Recall and precision of in-scope candidates on the curated documents, by document type
(issue 25; run by hand, prints figures, asserts nothing).

    .venv/bin/python bench/bench_extract_scope.py                       # this code, this data
    .venv/bin/python bench/bench_extract_scope.py --data /tmp/d/data    # another data folder
    .venv/bin/python bench/bench_extract_scope.py --src /work/main/src  # another version's code

A candidate matches a curated row when document, year, kind, comparator, value, value_high and
unit agree (each curated row matched once). In-scope recall: curated rows matched by an
in-scope candidate; in-scope precision: in-scope candidates that match one. The scoring is
written out here, not imported, so that ``--src`` can score an older extractor the same way.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections import Counter
from pathlib import Path


def key(doc: str, row) -> tuple:
    def num(v):
        if v is None or v == "" or (isinstance(v, float) and math.isnan(v)):
            return None
        return round(float(v), 6)

    unit = row["unit"] if isinstance(row["unit"], str) else ""
    year = num(row["year"])
    return (
        doc,
        year,
        row["kind"],
        row["comparator"],
        num(row["value"]),
        num(row["value_high"]),
        unit,
    )


def pct(n, d) -> str:
    return f"{n / d:.1%}" if d else "—"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=None, help="data folder (default: project's)")
    parser.add_argument("--src", type=Path, default=Path(__file__).resolve().parents[1] / "src")
    parser.add_argument("--documents", nargs="+", default=None, help="document ids to score")
    parser.add_argument("--show", action="store_true", help="list misses and in-scope extras")
    args = parser.parse_args()
    sys.path.insert(0, str(args.src))
    try:
        from zjanalysis.extraction.extract import extract_file
    except ImportError:  # a version before extraction.extract (extract_file in candidates)
        from zjanalysis.extraction.candidates import extract_file
    from zjanalysis.tables.loading import load_tables

    t = load_tables(args.data)
    curated = [d for d in t.documents.index if d in set(t.targets["document_id"])]
    docs = [d for d in curated if d in args.documents] if args.documents else curated
    groups: dict[str, Counter] = {}
    started, size = time.process_time(), 0
    for doc in docs:
        raw = t.data_dir / "raw" / t.documents.loc[doc, "raw_file"]
        size += raw.stat().st_size
        try:
            rows = extract_file(raw, data_dir=args.data)
        except Exception as err:  # an older extractor may crash: counted, not fatal
            print(f"{doc}: extraction failed: {err!r}")
            rows = []
        cur = Counter(key(doc, r) for _, r in t.targets[t.targets["document_id"] == doc].iterrows())
        every = Counter(key(doc, r) for r in rows)
        scoped = Counter(key(doc, r) for r in rows if r.get("in_scope") == "yes")
        n = Counter(
            curated=sum(cur.values()),
            rows=sum(every.values()),
            matched=sum((every & cur).values()),
            in_scope=sum(scoped.values()),
            in_scope_matched=sum((scoped & cur).values()),
            documents=1,
        )
        for name in (t.documents.loc[doc, "doc_type"], "overall"):
            groups.setdefault(name, Counter()).update(n)
        if args.show:
            for k in (cur - scoped).elements():
                print("  missed in scope:", k)
            for k in (scoped - cur).elements():
                print("  in scope, not curated:", k)
    cpu = time.process_time() - started
    head = (
        f"{'document type':26s} {'docs':>4s} {'curated':>7s} {'rows':>5s} {'in scope':>8s} | "
        f"{'recall':>6s} {'prec.':>6s} | {'in-scope recall':>15s} {'in-scope prec.':>14s}"
    )
    print(f"code: {args.src}   data: {t.data_dir}")
    print(head)
    print("-" * len(head))
    for name, n in sorted(groups.items(), key=lambda kv: kv[0] == "overall"):
        print(
            f"{name:26s} {n['documents']:4d} {n['curated']:7d} {n['rows']:5d} {n['in_scope']:8d} | "
            f"{pct(n['matched'], n['curated']):>6s} {pct(n['matched'], n['rows']):>6s} | "
            f"{pct(n['in_scope_matched'], n['curated']):>15s} "
            f"{pct(n['in_scope_matched'], n['in_scope']):>14s}"
        )
    print(f"{size / 1e6:.2f} MB extracted in {cpu:.2f} s of CPU (tables loaded once)")


if __name__ == "__main__":
    main()
