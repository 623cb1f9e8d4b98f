"""Time of building a report's content and writing its workbook and PDF (run by hand; prints
figures, asserts nothing).

    .venv/bin/python bench/bench_writers.py [--repeat N]
    PYTHONPATH=/path/to/other/src .venv/bin/python bench/bench_writers.py   # another version

For a few reports of different shapes: the CPU time (process time, less disturbed by other
work on a shared machine than the clock) of building the content again (the fastest of
three, after a first call), then the fastest and the
median of ``--repeat`` workbook writes and of a few PDF writes (the chart is drawn once, by the
first PDF, and reused).
"""

from __future__ import annotations

import argparse
import importlib
import os
import statistics
import tempfile
import time
from pathlib import Path

REPORTS = [  # (report type, parameters)
    ("indicator_trend", {"indicator_id": "rd_intensity", "lang": "zh"}),
    ("document_profile", {"document_id": "zj_2026_gov_work_report", "lang": "zh"}),
    ("target_attainment", {"jurisdiction_id": "zhejiang", "lang": "en"}),
    ("province_targets", {"indicator_id": "rd_intensity", "lang": "zh"}),
]


def builder(name: str):
    """The report type's builder (``reports.<name>``; before the split: ``reports.builders``)."""
    try:
        module = importlib.import_module(f"zjanalysis.reports.{name}")
    except ModuleNotFoundError:
        module = importlib.import_module("zjanalysis.reports.builders")
    return getattr(module, f"{name}_report")


def cpu_ms(work, repeat: int) -> tuple[float, float]:
    """Fastest and median CPU milliseconds of ``repeat`` runs of ``work``."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        work()
        times.append((time.process_time() - start) * 1000)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=15, help="workbook writes per report")
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    from zjanalysis.fonts import pdf_fonts
    from zjanalysis.reports.excel import write_workbook
    from zjanalysis.reports.pdf import write_pdf

    pdf_fonts()  # registered once per process, outside the figures
    out = Path(tempfile.mkdtemp(prefix="zja-bench-writers-"))
    print(
        f"{'report':<44} {'content':>8} {'xlsx min':>9} {'median':>7} {'pdf min':>8} {'median':>7}"
    )
    for name, params in REPORTS:
        make = builder(name)
        content = make(**params)  # the first call imports and loads what the type needs
        build = cpu_ms(lambda m=make, p=params: m(**p), 3)[0]
        write_pdf(content, out / "warm.pdf")  # draws the chart once
        xlsx = cpu_ms(lambda c=content: write_workbook(c, out / "report.xlsx"), args.repeat)
        pdf = cpu_ms(lambda c=content: write_pdf(c, out / "report.pdf"), 3)
        label = f"{name} {next(iter(params.values()))} {params['lang']}"
        print(f"{label:<44} {build:8.0f} {xlsx[0]:9.1f} {xlsx[1]:7.1f} {pdf[0]:8.1f} {pdf[1]:7.1f}")


if __name__ == "__main__":
    main()
