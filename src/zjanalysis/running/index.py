"""The index of published reports: ``reports/index.html`` and ``reports/index.xlsx``."""

from __future__ import annotations

import html
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
    "vintage_revisions": ("初步数与最终数", "Preliminary against final figures"),
    "document_profile": ("文件概况", "Document profiles"),
}
PLACE_PARAMS = ("jurisdiction_id", "highlight", "jurisdiction_ids")
NO_PLACE = "every place · 全部地区"  # the group of reports about no one place


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


FILTER_JS = """
const q = document.getElementById('q');
q.addEventListener('input', () => {
  const words = q.value.toLowerCase().split(/\\s+/).filter(Boolean);
  document.querySelectorAll('section').forEach(sec => {
    let shown = 0;
    sec.querySelectorAll('tbody').forEach(place => {
      let here = 0;
      place.querySelectorAll('tr:not(.place)').forEach(tr => {
        const text = (place.dataset.place + ' ' + tr.textContent).toLowerCase();
        const ok = words.every(w => text.includes(w));
        tr.hidden = !ok;
        here += ok;
      });
      place.hidden = here === 0;
      shown += here;
    });
    sec.hidden = shown === 0;
  });
});
"""


def _html_row(r: dict) -> str:
    e = html.escape
    pdf = next((f for f in r["files"] if f.endswith(".pdf")), "")
    title = f'<a href="{e(pdf)}">{e(r["title"])}</a>' if pdf else e(r["title"])
    links = " ".join(f'<a href="{e(f)}">{e(Path(f).suffix[1:])}</a>' for f in r["files"])
    log = f' <a href="{e(r["log"])}">log</a>' if r["log"] else ""
    cls = {"failed": "failed", "ad hoc (zja report)": "adhoc"}.get(r["status"], "")
    err = f'<div class="err">{e(r["error"])}</div>' if r["error"] else ""
    lang = {"zh": "中文", "en": "English"}.get(r["lang"], r["lang"])
    return (
        f'<tr class="{cls}"><td>{title}<div class="params">{e(r["parameters"])}</div></td>'
        f"<td>{e(r['place'])}</td><td>{e(lang)}</td><td>{e(r['status'])}{err}</td>"
        f"<td>{e(r['built at'])}</td><td>{links}{log}</td></tr>"
    )


def index_html(rows: list[dict], stamp: str) -> str:
    """The index page: reports grouped by type, then by place, each under its title in its own
    language, with a filter box (inline script: works from file://, no network)."""
    e = html.escape
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
        places = []  # one tbody per place, under a row naming it
        for place, rows_here in itertools.groupby(group, key=lambda r: r["place_group"]):
            rows_here = list(rows_here)
            shown = place or NO_PLACE
            places.append(
                f'<tbody data-place="{e(shown)}"><tr class="place"><th colspan="6">{e(shown)}'
                f' <span class="n">({len(rows_here)})</span></th></tr>'
                + "\n".join(_html_row(r) for r in rows_here)
                + "</tbody>"
            )
        sections.append(
            f'<section><h2>{e(zh)} · {e(en)} <span class="n">({len(group)})</span></h2>'
            "<table><thead><tr><th>title · 标题</th><th>place · 地区</th><th>language</th>"
            "<th>status</th><th>built</th><th>files</th></tr></thead>"
            + "\n".join(places)
            + "</table></section>"
        )
    failed = sum(r["status"] == "failed" for r in rows)
    return f"""<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>zjanalysis reports · 报告目录</title>
<style>body{{font-family:"Noto Sans SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em;color:#222}}
table{{border-collapse:collapse;width:100%;margin-bottom:1.5em;table-layout:fixed}}th:nth-child(1){{width:44%}}th:nth-child(2){{width:14%}}th:nth-child(3){{width:8%}}th:nth-child(4){{width:12%}}th:nth-child(5){{width:10%}}td,th{{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}}
th{{background:#dce6f1;font-weight:600}}tr.place th{{background:#f0f3f8;font-weight:600;padding-top:8px}}tr.failed td{{background:#fde2e2}}tr.adhoc td{{background:#f5f7fa}}
.err{{font-size:80%;color:#900}}.params{{font-size:75%;color:#777}}.n{{color:#777;font-weight:normal}}
h2{{font-size:1.15em;margin-top:1.5em}}#q{{font-size:1em;padding:6px;width:30em;max-width:90%}}</style></head><body>
<h1>zjanalysis reports · 报告目录</h1>
<p>{len(rows)} reports{f", {failed} failed" if failed else ""} · index written {e(stamp)}</p>
<p><input id="q" type="search" placeholder="filter: words of a title, place, status … 筛选" autofocus></p>
{chr(10).join(sections)}
<script>{FILTER_JS}</script>
</body></html>
"""


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
