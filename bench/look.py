"""Render what a reader sees, to PNG: every report type in zh and en, each workbook kind, the
index and the exported explore notebook (``make look``).

Looking needs tools the project itself never needs: ``pdftoppm`` (poppler-utils), ``soffice``
(LibreOffice, e.g. libreoffice-calc-nogui) and ``chromium``; a missing one is named and its
step skipped. CJK text in LibreOffice and Chromium needs a system CJK font (fonts-noto-cjk).

    .venv/bin/python bench/look.py [--out /tmp/zja-look] [--only NAME] [--dpi 60]

Reports are made with ``zja report``'s own ``run`` into ``OUT/reports`` (never into the
project's reports/), so the index there lists them as ad hoc reports.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

from zjanalysis.running.index import write_index
from zjanalysis.running.notebook import run

CASES = {  # one report per type, with parameters that show its hard cases
    "indicator_trend": {"indicator_id": "tech_commissioners_dispatched"},  # a single year
    "jurisdiction_overview": {"jurisdiction_id": "zhejiang", "year": 2024},
    "document_profile": {"document_id": "zj_2020_new_deal_rectification"},  # deadlines
    "target_attainment": {"jurisdiction_id": "zhejiang"},
    "province_comparison": {"indicator_id": "rd_intensity", "year": 2023},
    "vintage_revisions": {},
}


def tool(name: str) -> str | None:
    found = shutil.which(name)
    if not found:
        print(f"look: {name} not found — that step is skipped", file=sys.stderr)
    return found


def quiet(*cmd: str) -> None:
    try:
        subprocess.run(
            cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120
        )
    except subprocess.TimeoutExpired:
        print(f"look: {cmd[0]} took over 120 s on {cmd[-1]} — skipped", file=sys.stderr)


def to_png(pdf: Path, dest: Path, dpi: int, pages: int = 3, stem: str = "") -> list[Path]:
    """The first ``pages`` pages of a PDF as PNGs named ``stem`` (default: the PDF's)."""
    stem = stem or pdf.stem
    quiet("pdftoppm", "-png", "-r", str(dpi), "-l", str(pages), str(pdf), str(dest / stem))
    return sorted(dest.glob(f"{stem}-*.png"))


def screenshot(chromium: str, url: str, png: Path, height: int = 1000) -> None:
    quiet(
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        f"--screenshot={png}",
        f"--window-size=1280,{height}",
        url,
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("/tmp/zja-look"))
    ap.add_argument("--only", default=None, help="one report name")
    ap.add_argument("--dpi", type=int, default=60)
    args = ap.parse_args()
    reports, png = args.out / "reports", args.out / "png"
    png.mkdir(parents=True, exist_ok=True)
    pdftoppm, soffice, chromium = tool("pdftoppm"), tool("soffice"), tool("chromium")
    made = []
    for name, params in CASES.items():
        if args.only and name != args.only:
            continue
        for lang in ("en", "zh"):
            start = time.monotonic()
            result = run(name, {**params, "lang": lang}, reports, log=lambda _m: None)
            made.append(result)
            print(f"{name} {lang}: {time.monotonic() - start:.1f} s", flush=True)
    explore = None if args.only else run("explore", {}, reports, log=lambda _m: None)
    write_index([], {}, reports)
    for result in made:
        pdf = next(p for p in result.files if p.suffix == ".pdf")
        xlsx = next(p for p in result.files if p.suffix == ".xlsx")
        if pdftoppm:
            to_png(pdf, png, args.dpi, stem=f"{result.name}_{pdf.stem}_pdf")
        if soffice and pdftoppm:
            sheets = args.out / "xlsx"
            quiet(soffice, "--headless", "--convert-to", "pdf", "--outdir", str(sheets), str(xlsx))
            converted = sheets / f"{xlsx.stem}.pdf"
            if converted.exists():
                renamed = converted.with_name(f"{result.name}_{xlsx.stem}_xlsx.pdf")
                converted.replace(renamed)
                to_png(renamed, png, args.dpi, pages=2)
    if chromium:
        screenshot(chromium, (reports / "index.html").resolve().as_uri(), png / "index.png")
        if explore is not None:
            from nbconvert import HTMLExporter

            html, _ = HTMLExporter().from_filename(str(explore.notebook))
            page = args.out / "explore.html"
            page.write_text(html, encoding="utf-8")
            screenshot(chromium, page.resolve().as_uri(), png / "explore.png", height=6000)
    print(f"\n{len(list(png.glob('*.png')))} PNGs in {png}")


if __name__ == "__main__":
    main()
