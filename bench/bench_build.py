"""Benchmarks of the scheduled build (run by hand; prints figures, asserts nothing).

    .venv/bin/python bench/bench_build.py [--jobs N] [--only PATTERN] [--scale N] [--skip-sequential]

1. full build of the default manifest (or its jobs matching --only) with --force, into a
   fresh folder: time, peak memory, and each report's own time in its (warm) worker;
2. the same notebooks and parameters executed one after another by the papermill command line;
3. a rebuild with nothing changed, then one with one note edited (on a copy of the data): how
   many reports it rebuilds (target ≤ 10 % of the schedule) and how long it takes;
4. a build of --scale generated jobs (province_comparison for every indicator × year ×
   highlighted province × language, then indicator_trend ones): how time and memory grow;
5. `import zjanalysis` plus loading every table, beyond `import pandas`.

The last line printed is `ratio: X` (build / sequential papermill CLI, same run).
"""

from __future__ import annotations

import argparse
import contextlib
import fnmatch
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


JOB_LINE = re.compile(r"^\[(\d+)/(\d+)\] (\w+)\s+(\S+) \(([0-9.]+) s\)")


@dataclass
class Run:
    """One command's run: seconds, peak summed RSS (MiB) of its process tree, its output,
    and for each finished job (seconds since start, its own seconds, tree RSS at that time)."""

    seconds: float
    peak: float
    result: subprocess.CompletedProcess
    jobs: list[tuple[float, float, float]] = field(default_factory=list)


def tree_rss(parent: psutil.Process) -> float:
    total = 0
    for p in [parent, *parent.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total / 2**20


def measured(cmd: list[str], **kw) -> Run:
    """Run ``cmd``, sampling the summed RSS of its process tree every 0.1 s."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)
    parent = psutil.Process(proc.pid)
    peak, now = 0.0, [0.0]
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            now[0] = tree_rss(parent)
            peak = max(peak, now[0])
            time.sleep(0.1)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    lines, jobs = [], []
    for line in proc.stdout:
        lines.append(line)
        found = JOB_LINE.match(line)
        if found:
            jobs.append((time.perf_counter() - start, float(found.group(5)), now[0]))
    proc.wait()
    done.set()
    t.join()
    out = "".join(lines)
    return Run(
        time.perf_counter() - start,
        peak,
        subprocess.CompletedProcess(cmd, proc.returncode, out),
        jobs,
    )


def sequential_papermill(jobs, out: Path) -> float:
    """Each job through the papermill CLI, one after another, with the same parameters."""
    start = time.perf_counter()
    for job in jobs:
        folder = out / job.name / job.slug
        folder.mkdir(parents=True)
        params = {**job.params, "output_dir": str(folder), "output_name": job.slug}
        cmd = [
            str(BIN / "papermill"),
            str(ROOT / "notebooks" / f"{job.name}.ipynb"),
            str(folder / f"{job.slug}.ipynb"),
            "-k",
            "python3",
            "--no-progress-bar",
            "--cwd",
            str(folder),
        ]
        for k, v in params.items():
            cmd += ["-y", json.dumps({k: v})]
        subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - start


def import_cost(repeats: int = 7) -> tuple[float, float]:
    def best(code: str) -> float:
        times = []
        for _ in range(repeats):
            t = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True)
            times.append(time.perf_counter() - t)
        return statistics.median(times)

    base = best("import pandas")
    full = best("import pandas, zjanalysis; zjanalysis.load_tables()")
    return base, full


EDIT_BUILD = """
import sys
from pathlib import Path
from zjanalysis.running.build import build
s = build(
    Path(sys.argv[1]), out_dir=Path(sys.argv[2]), data_dir=Path(sys.argv[3]), jobs=int(sys.argv[4]),
    only=sys.argv[5] or None,
)
print("BUILT", s.count("built"), "OF", len(s.outcomes))
"""


def edited_note_build(
    out: Path, tmp: Path, workers: int, only: str | None
) -> tuple[str, int, int, float]:
    """Build ``out`` again from a copy of the data with one note edited: the note of Zhejiang's
    R&D intensity target in the newest document (a row many reports read). Returns the row's
    id, the reports built, the jobs and the seconds."""
    import csv
    import shutil

    data = tmp / "edited" / "data"  # the kernels find it as ZJA_ROOT/data
    shutil.copytree(ROOT / "data", data)
    cmd = [sys.executable, "-c", EDIT_BUILD, str(out / "schedule.yaml"), str(out), str(data)]
    cmd += [str(workers), only or ""]
    same = subprocess.run(cmd, capture_output=True, text=True, check=True)  # the copy: all skipped
    assert "BUILT 0 " in same.stdout, same.stdout + same.stderr[-2000:]
    path = data / "processed" / "targets.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    with (data / "processed" / "documents.csv").open(encoding="utf-8", newline="") as fh:
        published = {d["document_id"]: d["published_date"] for d in csv.DictReader(fh)}
    row = max(
        (
            r
            for r in rows
            if r["jurisdiction_id"] == "zhejiang"
            and r["indicator_id"] == "rd_intensity"
            and r["kind"] == "target"
        ),
        key=lambda r: published[r["document_id"]] or "",
    )
    row["note"] = (row["note"] + " (checked again)").strip()
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    start = time.perf_counter()
    run = subprocess.run(cmd, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - start
    found = re.search(r"BUILT (\d+) OF (\d+)", run.stdout)
    return row["target_id"], int(found.group(1)), int(found.group(2)), seconds


def generated_jobs(count: int) -> list[dict]:
    """``count`` distinct valid jobs: province comparisons first, then indicator trends."""
    from zjanalysis.analysis.coverage import indicators_with_years
    from zjanalysis.analysis.provinces import statistics_indicators, statistics_years
    from zjanalysis.running.notebook import prepare
    from zjanalysis.running.parameters import ParameterError
    from zjanalysis.tables.loading import load_tables

    t = load_tables()
    # provinces only: a comparison marking China fails on rd_expenditure (left to the reports)
    places = [j for j in t.jurisdictions.index if t.jurisdictions.loc[j, "level"] == "province"]
    candidates = [
        ("province_comparison", {"indicator_id": i, "year": y, "highlight": h, "lang": lang})
        for i in statistics_indicators()
        for y in statistics_years(i)
        for h in places
        for lang in ("en", "zh")
    ]
    candidates += [
        ("indicator_trend", {"indicator_id": i, "year_from": y, "lang": lang})
        for i in indicators_with_years(2)
        for y in range(2000, 2031)
        for lang in ("en", "zh")
    ]
    jobs = []
    for name, params in candidates:
        if len(jobs) == count:
            break
        with contextlib.suppress(ParameterError):
            prepare(name, params)
            jobs.append({"notebook": name, "params": params})
    return jobs


def slope(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of y over x."""
    xs, ys = zip(*points, strict=True)
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in points) / sum((x - mx) ** 2 for x in xs)


def scaled_build(count: int, workers: int, tmp: Path) -> None:
    """Build ``count`` generated jobs; print how time and memory grow with the jobs done."""
    import yaml

    out = tmp / "scale"
    out.mkdir()
    jobs = generated_jobs(count)
    (out / "schedule.yaml").write_text(yaml.safe_dump({"jobs": jobs}), encoding="utf-8")
    run = measured([str(BIN / "zja"), "build", "--jobs", str(workers), "--out", str(out)])
    done = run.jobs
    failed = run.result.stdout.count("] failed ")
    print(
        f"\n{len(jobs)} generated jobs, {workers} workers: {run.seconds:.1f} s, peak {run.peak:.0f} MiB"
        + (f" ({failed} failed)" if failed else ""),
        flush=True,
    )
    print("  jobs done   elapsed s   tree RSS MiB")
    for frac in (0.1, 0.25, 0.5, 0.75, 1.0):
        i = max(0, round(frac * len(done)) - 1)
        print(f"  {i + 1:9d}   {done[i][0]:9.1f}   {done[i][2]:12.0f}")
    half = len(done) // 2
    first = slope([(i, d[0]) for i, d in enumerate(done[:half])])
    second = slope([(i, d[0]) for i, d in enumerate(done[half:], half)])
    mem = slope([(i, d[2]) for i, d in enumerate(done)])
    print(
        f"  time per job: {slope([(i, d[0]) for i, d in enumerate(done)]):.3f} s "
        f"(first half {first:.3f}, second half {second:.3f}: linear if equal)"
    )
    print(f"  memory slope: {mem * 100:+.1f} MiB per 100 jobs (flat if near 0)")
    print(f"  median report in a warm worker: {statistics.median(d[1] for d in done):.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    parser.add_argument("--only", default=None, help="glob over NAME or NAME/SLUG, as zja build")
    parser.add_argument(
        "--scale", type=int, default=1000, help="generated jobs to build (0: skip that part)"
    )
    parser.add_argument(
        "--skip-sequential", action="store_true", help="do not run the papermill CLI comparison"
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from zjanalysis.running.manifest import load_manifest

    jobs = [
        j
        for j in load_manifest(ROOT / "reports" / "schedule.yaml")
        if not args.only or fnmatch.fnmatch(j.key, args.only) or fnmatch.fnmatch(j.name, args.only)
    ]
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"{psutil.virtual_memory().total / 2**30:.0f} GiB, Python {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print(f"default manifest{f' --only {args.only}' if args.only else ''}: {len(jobs)} reports")
    only = ["--only", args.only] if args.only else []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        build_out = tmp / "build"
        build_out.mkdir()
        (build_out / "schedule.yaml").write_text((ROOT / "reports" / "schedule.yaml").read_text())
        zja = [str(BIN / "zja"), "build", "--jobs", str(args.jobs), "--out", str(build_out), *only]
        full = measured([*zja, "--force"])
        assert full.result.returncode == 0, full.result.stdout[-2000:]
        rebuild = measured(zja)
        assert rebuild.result.returncode == 0 and " 0 to run" in rebuild.result.stdout, (
            rebuild.result.stdout[-2000:]
        )
        note_row, rebuilt, of, note_seconds = edited_note_build(
            build_out, tmp, args.jobs, args.only
        )
        seq = None if args.skip_sequential else sequential_papermill(jobs, tmp / "papermill")
        base, full_import = import_cost()
        own = sorted(j[1] for j in full.jobs)
        print(
            f"\nfull build --force, {args.jobs} workers: {full.seconds:7.1f} s (target ≤ 60 s on 2 cores)"
        )
        if seq is not None:
            print(
                f"sequential papermill CLI:           {seq:7.1f} s  ({seq / len(jobs):.2f} s a report)"
            )
        print(
            f"one report in a warm worker:        {statistics.median(own):7.2f} s median "
            f"(fastest {own[0]:.2f}, slowest {own[-1]:.2f}; target median ≤ 0.5 s)"
        )
        print(f"rebuild, nothing changed:           {rebuild.seconds:7.2f} s (target < 1 s)")
        print(
            f"rebuild, one note edited ({note_row}): {rebuilt} of {of} reports "
            f"({rebuilt / of:.1%}; target ≤ 10 %) in {note_seconds:.1f} s"
        )
        print(
            f"peak memory of the full build:      {full.peak:7.0f} MiB (summed RSS of the process tree; target ≤ 1024)"
        )
        print(f"import pandas:                      {base:7.3f} s")
        print(
            f"import zjanalysis + load tables:    {full_import:7.3f} s  → {full_import - base:.3f} s beyond pandas (target ≤ 0.3 s)"
        )
        sys.stdout.flush()
        if args.scale:
            scaled_build(args.scale, args.jobs, tmp)
    print("\nratio build / sequential papermill CLI (target ≤ 0.08):")
    print(f"ratio: {full.seconds / seq:.3f}" if seq else "ratio: not measured (--skip-sequential)")


if __name__ == "__main__":
    main()
