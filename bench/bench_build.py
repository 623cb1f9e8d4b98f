"""Benchmarks of the scheduled build (run by hand; prints figures, asserts nothing).

    .venv/bin/python bench/bench_build.py [--jobs N]

1. full build of the default manifest with --force, into a fresh folder;
2. the same notebooks and parameters executed one after another by the papermill command line;
3. a rebuild with nothing changed;
4. peak memory (summed RSS of the build's process tree) during the full build;
5. `import zjanalysis` plus loading every table, beyond `import pandas`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def peak_rss(cmd: list[str], **kw) -> tuple[float, float, subprocess.CompletedProcess]:
    """Run ``cmd``; return (seconds, peak summed RSS of its process tree in MiB, result)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)
    peak = 0.0
    done = threading.Event()

    def sample():
        nonlocal peak
        parent = psutil.Process(proc.pid)
        while not done.is_set():
            try:
                procs = [parent, *parent.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in procs if p.is_running()) / 2**20)
            except psutil.Error:
                pass
            time.sleep(0.1)

    t = threading.Thread(target=sample, daemon=True)
    t.start()
    out, _ = proc.communicate()
    done.set()
    t.join()
    return time.perf_counter() - start, peak, subprocess.CompletedProcess(cmd, proc.returncode, out)


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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from zjanalysis.running.manifest import load_manifest

    jobs = load_manifest(ROOT / "reports" / "schedule.yaml")
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"{psutil.virtual_memory().total / 2**30:.0f} GiB, Python {platform.python_version()}"
    )
    print(f"default manifest: {len(jobs)} reports")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        build_out = tmp / "build"
        build_out.mkdir()
        (build_out / "schedule.yaml").write_text((ROOT / "reports" / "schedule.yaml").read_text())
        zja = [
            str(BIN / "zja"),
            "build",
            "--force",
            "--jobs",
            str(args.jobs),
            "--out",
            str(build_out),
        ]
        full, peak, res = peak_rss(zja)
        assert res.returncode == 0, res.stdout[-2000:]
        rebuild, _, res = peak_rss([str(BIN / "zja"), "build", "--out", str(build_out)])
        assert res.returncode == 0 and " 0 to run" in res.stdout, res.stdout[-2000:]
        seq = sequential_papermill(jobs, tmp / "papermill")
    base, full_import = import_cost()
    print(f"full build --force, {args.jobs} workers: {full:7.1f} s")
    print(f"sequential papermill CLI:           {seq:7.1f} s")
    print(f"ratio build / sequential:           {full / seq:7.2f}   (target ≤ 0.60)")
    print(f"rebuild, nothing changed:           {rebuild:7.2f} s (target < 2 s)")
    print(f"peak memory of the full build:      {peak:7.0f} MiB (summed RSS of the process tree)")
    print(f"import pandas:                      {base:7.3f} s")
    print(
        f"import zjanalysis + load tables:    {full_import:7.3f} s  → {full_import - base:.3f} s beyond pandas (target ≤ 0.3 s)"
    )


if __name__ == "__main__":
    main()
