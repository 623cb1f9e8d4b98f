"""The index of published reports: ``reports/index.html`` (from the Jinja2 template
``running/templates/index.html.j2``, every value escaped) and ``reports/index.xlsx``."""

from __future__ import annotations

import functools
import itertools
import json
from datetime import datetime
from pathlib import Path

from zjanalysis.files import write_atomic
from zjanalysis.running.manifest import Job
from zjanalysis.running.notebook import PARAMS_FILE

REPORT_TYPES = {  # report name → (zh, en) heading, in the order the index shows them
    "target_attainment": ("目标完成情况", "Target attainment"),
    "jurisdiction_overview": ("地区概览", "Overview of a place and year"),
    "indicator_trend": ("指标趋势", "Indicator trends"),
    "province_comparison": ("各省比较", "Provinces compared"),
    "province_targets": ("各省目标", "Every province's targets"),
    "vintage_revisions": ("初步数与最终数", "Preliminary against final figures"),
    "document_profile": ("文件概况", "Document profiles"),
}
PLACE_PARAMS = ("jurisdiction_id", "highlight", "jurisdiction_ids")
NO_PLACE = "every place · 全部地区"  # the group of reports about no one place
TEMPLATE = "index.html.j2"  # in running/templates/


def _read_json(path: Path) -> dict:
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _outputs(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.glob("*") if p.is_file() and p.suffix in (".pdf", ".xlsx", ".ipynb")
    )


def _place(name: str, params: dict, places: dict[str, str]) -> str:
    """The place a report is about, by name (a document profile: its issuer's place is not
    known here, so none)."""
    for key in PLACE_PARAMS:
        value = params.get(key)
        if isinstance(value, list):
            return ", ".join(places.get(v, v) for v in value)
        if isinstance(value, str) and value:
            return places.get(value, value)
    return ""


def _row(name, params, folder, out_dir, status, outcome, places) -> dict:
    files = _outputs(folder)
    about = _read_json(folder / "report.json")
    lang = about.get("lang") or params.get("lang") or ""
    made = about.get("generated_at", "")[:16].replace("T", " ") or (
        datetime.fromtimestamp(folder.stat().st_mtime).isoformat(sep=" ", timespec="minutes")
        if files
        else ""
    )
    return {
        "report": name,
        "title": about.get("title") or f"{name}/{folder.name}",
        "lang": lang,
        "place": _place(name, params, places.get(lang, places["en"])),
        "place_group": " · ".join(
            dict.fromkeys(_place(name, params, places[k]) for k in ("zh", "en"))
        ),
        "parameters": ", ".join(f"{k}={v}" for k, v in params.items() if v not in (None, [])),
        "status": status,
        "built at": made,
        "files": [p.relative_to(out_dir).as_posix() for p in files],
        "log": outcome.log.relative_to(out_dir).as_posix() if outcome and outcome.log else "",
        "error": outcome.error if outcome else "",
    }


def _place_names(data_dir: Path | None) -> dict[str, dict[str, str]]:
    try:
        from zjanalysis.tables.loading import load_tables

        j = load_tables(data_dir).jurisdictions
    except Exception:  # the index is written even when the tables cannot be read
        return {"zh": {}, "en": {}}
    return {"zh": j["name_zh"].to_dict(), "en": j["name_en"].to_dict()}


def _index_rows(
    all_jobs: list[Job], outcomes: dict, out_dir: Path, data_dir: Path | None = None
) -> list[dict]:
    """One row per scheduled job, then one per report published by ``zja report`` (a folder
    under ``reports/<name>/`` that no job of the manifest owns)."""
    places = _place_names(data_dir)
    rows, owned = [], set()
    for job in all_jobs:
        folder = out_dir / job.name / job.slug
        owned.add((job.name, job.slug))
        outcome = outcomes.get(job.key)
        files = _outputs(folder)
        status = outcome.status if outcome else ("not built" if not files else "not selected")
        if status == "skipped":
            status = "up to date"
        rows.append(_row(job.name, job.params, folder, out_dir, status, outcome, places))
    for params_file in sorted(out_dir.glob(f"*/*/{PARAMS_FILE}")):
        folder = params_file.parent
        name = folder.parent.name
        if folder.name.startswith((".", "_")) or (name, folder.name) in owned:
            continue
        found = _read_json(params_file)
        params = found.get("params") if isinstance(found.get("params"), dict) else {}
        rows.append(_row(name, params, folder, out_dir, "ad hoc (zja report)", None, places))
    return rows


def _page_row(r: dict) -> dict:
    """What the page shows of an index row."""
    return {
        **r,
        "pdf": next((f for f in r["files"] if f.endswith(".pdf")), ""),
        "links": [(f, Path(f).suffix[1:]) for f in r["files"]],
        "cls": {"failed": "failed", "ad hoc (zja report)": "adhoc"}.get(r["status"], ""),
        "lang": {"zh": "中文", "en": "English"}.get(r["lang"], r["lang"]),
        "built": r["built at"],
    }


@functools.cache
def _template():
    """The page's template, every value escaped (a document's text never becomes markup)."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("zjanalysis.running", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    return env.get_template(TEMPLATE)


def index_html(rows: list[dict], stamp: str) -> str:
    """The index page: reports grouped by type, then by place, each under its title in its own
    language, with a filter box (inline script: works from file://, no network)."""
    order = list(REPORT_TYPES) + sorted({r["report"] for r in rows} - set(REPORT_TYPES))
    sections = []
    for name in order:
        group = sorted(
            (r for r in rows if r["report"] == name),
            key=lambda r: (r["place_group"] == "", r["place_group"], r["lang"], r["title"]),
        )
        if not group:
            continue
        zh, en = REPORT_TYPES.get(name, (name, name))
        places = [  # one tbody per place, under a row naming it
            {"name": place or NO_PLACE, "rows": [_page_row(r) for r in rows_here]}
            for place, rows_here in itertools.groupby(group, key=lambda r: r["place_group"])
        ]
        sections.append({"zh": zh, "en": en, "count": len(group), "places": places})
    failed = sum(r["status"] == "failed" for r in rows)
    return _template().render(sections=sections, total=len(rows), failed=failed, stamp=stamp)


def write_index(
    all_jobs: list[Job], outcomes: dict, out_dir: Path, data_dir: Path | None = None
) -> None:
    """Write ``index.html`` and ``index.xlsx`` (atomically) listing every report."""
    rows = _index_rows(all_jobs, outcomes, out_dir, data_dir)
    stamp = datetime.now().isoformat(sep=" ", timespec="seconds")
    page = index_html(rows, stamp)
    write_atomic(out_dir / "index.html", lambda tmp: tmp.write_text(page, encoding="utf-8"))
    _write_index_xlsx(rows, out_dir)


def _write_index_xlsx(rows: list[dict], out_dir: Path) -> None:
    from openpyxl import Workbook

    from zjanalysis.reports.excel import body_font, print_setup, put

    wb = Workbook()
    ws = wb.active
    ws.title = "Reports"
    headers = [
        "report",
        "title",
        "place",
        "language",
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
        put(ws, 1, j, h).font = body_font(bold=True)
    for i, r in enumerate(rows, 2):
        keys = ["report", "title", "place", "lang", "parameters", "status", "built at"]
        for j, key in enumerate(keys, 1):
            put(ws, i, j, r[key])
        by_suffix = {Path(f).suffix: f for f in r["files"]}
        for j, suffix in enumerate([".pdf", ".xlsx", ".ipynb"], 8):
            if suffix in by_suffix:
                cell = put(ws, i, j, Path(by_suffix[suffix]).name)
                cell.hyperlink = by_suffix[suffix]
                cell.style = "Hyperlink"
        if r["log"]:
            cell = put(ws, i, 11, "log")
            cell.hyperlink = r["log"]
        put(ws, i, 12, r["error"])
    widths = [22, 60, 16, 8, 40, 12, 18, 30, 30, 30, 8, 60]
    for letter, width in zip("ABCDEFGHIJKL", widths, strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:L{max(len(rows) + 1, 2)}"
    print_setup(ws)
    write_atomic(out_dir / "index.xlsx", wb.save)
