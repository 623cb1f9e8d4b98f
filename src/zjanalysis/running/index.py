"""The index of published reports: ``reports/index.html`` and ``reports/index.xlsx``."""

from __future__ import annotations

import contextlib
import html
import os
from datetime import datetime
from pathlib import Path

from zjanalysis.errors import OutputError
from zjanalysis.running.manifest import Job


def _index_rows(all_jobs: list[Job], outcomes: dict, out_dir: Path) -> list[dict]:
    rows = []
    for job in all_jobs:
        folder = out_dir / job.name / job.slug
        files = (
            sorted(
                p
                for p in folder.glob("*")
                if p.is_file() and p.suffix in (".pdf", ".xlsx", ".ipynb")
            )
            if folder.is_dir()
            else []
        )
        outcome = outcomes.get(job.key)
        status = outcome.status if outcome else ("not built" if not files else "not selected")
        if status == "skipped":
            status = "up to date"
        made = (
            datetime.fromtimestamp(folder.stat().st_mtime).isoformat(sep=" ", timespec="seconds")
            if files
            else ""
        )
        rows.append(
            {
                "report": job.name,
                "parameters": ", ".join(
                    f"{k}={v}" for k, v in job.params.items() if v not in (None, [])
                ),
                "status": status,
                "built at": made,
                "files": [p.relative_to(out_dir).as_posix() for p in files],
                "log": (
                    outcome.log.relative_to(out_dir).as_posix() if outcome and outcome.log else ""
                ),
                "error": outcome.error if outcome else "",
            }
        )
    return rows


def write_index(all_jobs: list[Job], outcomes: dict, out_dir: Path) -> None:
    """Write ``index.html`` and ``index.xlsx`` (atomically) listing every report."""
    rows = _index_rows(all_jobs, outcomes, out_dir)
    stamp = datetime.now().isoformat(sep=" ", timespec="seconds")
    body = []
    for r in rows:
        links = " ".join(
            f'<a href="{html.escape(f)}">{html.escape(Path(f).suffix[1:])}</a>' for f in r["files"]
        )
        log = f' <a href="{html.escape(r["log"])}">log</a>' if r["log"] else ""
        cls = "failed" if r["status"] == "failed" else ""
        err = f'<div class="err">{html.escape(r["error"])}</div>' if r["error"] else ""
        body.append(
            f'<tr class="{cls}"><td>{html.escape(r["report"])}</td><td>{html.escape(r["parameters"])}</td>'
            f"<td>{html.escape(r['status'])}{err}</td><td>{html.escape(r['built at'])}</td><td>{links}{log}</td></tr>"
        )
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>zjanalysis reports</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:4px 8px;text-align:left}}
th{{background:#dce6f1}}tr.failed td{{background:#fde2e2}}.err{{font-size:80%;color:#900}}</style></head><body>
<h1>zjanalysis reports</h1><p>Index written {html.escape(stamp)} · {len(rows)} reports</p>
<table><tr><th>report</th><th>parameters</th><th>status</th><th>built at</th><th>files</th></tr>
{chr(10).join(body)}
</table></body></html>
"""
    write_atomic(out_dir / "index.html", lambda tmp: tmp.write_text(page, encoding="utf-8"))
    _write_index_xlsx(rows, out_dir)


def write_atomic(path: Path, write) -> None:
    """Write ``path`` through ``write(tmp)`` and a rename: the file appears whole or not at all,
    and a failed write (full or read-only disk) leaves no temporary file; ``OutputError``."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    except OSError as err:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise OutputError.of(path, err) from None


def _write_index_xlsx(rows: list[dict], out_dir: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from zjanalysis.reports.excel import print_setup, put

    wb = Workbook()
    ws = wb.active
    ws.title = "Reports"
    headers = [
        "report",
        "parameters",
        "status",
        "built at",
        "pdf",
        "xlsx",
        "notebook",
        "log",
        "error",
    ]
    for j, h in enumerate(headers, 1):
        put(ws, 1, j, h).font = Font(bold=True)
    for i, r in enumerate(rows, 2):
        for j, key in enumerate(["report", "parameters", "status", "built at"], 1):
            put(ws, i, j, r[key])
        by_suffix = {Path(f).suffix: f for f in r["files"]}
        for j, suffix in enumerate([".pdf", ".xlsx", ".ipynb"], 5):
            if suffix in by_suffix:
                cell = put(ws, i, j, Path(by_suffix[suffix]).name)
                cell.hyperlink = by_suffix[suffix]
                cell.style = "Hyperlink"
        if r["log"]:
            cell = put(ws, i, 8, "log")
            cell.hyperlink = r["log"]
        put(ws, i, 9, r["error"])
    for letter, width in zip("ABCDEFGHI", [22, 60, 12, 20, 30, 30, 30, 8, 60], strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:I{max(len(rows) + 1, 2)}"
    print_setup(ws)
    write_atomic(out_dir / "index.xlsx", wb.save)
