"""Extraction speed over a large corpus (run by hand; prints figures).

    .venv/bin/python bench/bench_extract_speed.py [--mb 50] [--jobs 2]

The corpus repeats the five raw documents into files of about 1 MB each until it holds at
least ``--mb`` MB of UTF-8 text; extraction runs once on one core and once with ``--jobs``. On a busy machine
read the CPU-time figure: wall time then counts the other work too.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from zjanalysis.extraction.extract import extract_files  # noqa: E402
from zjanalysis.tables.loading import load_tables  # noqa: E402


def make_corpus(folder: Path, megabytes: float) -> list[Path]:
    docs = [
        (ROOT / "data" / "raw" / p.name).read_text(encoding="utf-8")
        for p in sorted((ROOT / "data" / "raw").glob("*.txt"))
    ]
    block = "\n".join(docs)
    per_file = max(1, round(1_000_000 / len(block.encode())))
    files, total, i = [], 0, 0
    while total < megabytes * 1_000_000:
        path = folder / f"corpus-{i:04d}.txt"
        path.write_text("\n".join([block] * per_file), encoding="utf-8")
        total += path.stat().st_size
        files.append(path)
        i += 1
    return files


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=50)
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    args = parser.parse_args()
    load_tables()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        files = make_corpus(Path(tmp), args.mb)
        size = sum(f.stat().st_size for f in files) / 1_000_000
        print(f"corpus: {len(files)} files, {size:.1f} MB")
        for jobs in (1, args.jobs):
            start, cpu = time.perf_counter(), time.process_time()
            frame = extract_files(files, jobs=jobs)
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
            per_core = (  # CPU time is what one core spends, whatever else the machine does
                f", {size / cpu:5.2f} MB/s per core of CPU time (target ≥ 2)" if jobs == 1 else ""
            )
            print(
                f"--jobs {jobs}: {seconds:6.1f} s, {size / seconds:5.2f} MB/s wall{per_core}, "
                f"{len(frame)} candidates"
            )


if __name__ == "__main__":
    main()
