"""Reports end to end: every notebook executed through running.notebook.run on the bundled data."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from zjanalysis import indicators, series
from zjanalysis.running import notebook as reports
from zjanalysis.running.parameters import ParameterError

pytestmark = pytest.mark.slow

RUNS = {
    "indicator_trend": {"indicator_id": "rd_intensity", "lang": "zh"},
    "jurisdiction_overview": {"jurisdiction_id": "longgang", "year": "2023"},
    "document_profile": {"document_id": "zj_2020_new_deal_rectification"},
    "target_attainment": {"jurisdiction_id": "zhejiang"},
    "province_comparison": {"indicator_id": "rd_intensity", "year": "2021", "lang": "zh"},
    "vintage_revisions": {},
    "province_targets": {"indicator_id": "rd_intensity", "lang": "zh"},
    "explore": {},
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    return {name: reports.run(name, params, out) for name, params in RUNS.items()}


def pdf_fonts(reader: PdfReader) -> dict[str, object]:
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[str(font["/BaseFont"])] = font
    return fonts


@pytest.mark.parametrize("name", list(RUNS))
def test_every_notebook_executes_and_publishes(built, name):
    result = built[name]
    assert result.folder.name == reports.slug(result.params)
    assert result.notebook.exists()
    suffixes = {p.suffix for p in result.files}
    assert ".ipynb" in suffixes
    if name != "explore":
        assert {".xlsx", ".pdf"} <= suffixes
    assert not any(p.name.startswith(".tmp-") for p in result.folder.parent.iterdir())


def test_pdf_embeds_cjk_font_and_text_extracts(built):
    pdf = next(p for p in built["indicator_trend"].files if p.suffix == ".pdf")
    reader = PdfReader(pdf)
    fonts = pdf_fonts(reader)
    cjk = [f for name, f in fonts.items() if "NotoSansSC" in name]
    assert cjk, fonts.keys()
    for name, font in fonts.items():  # every font embedded: none left to the reader's system
        assert font["/Subtype"] == "/TrueType", name
        embedded = font["/FontDescriptor"].get_object()["/FontFile2"].get_object().get_data()
        assert embedded[:4] == b"\x00\x01\x00\x00", "TrueType outlines, not CFF"
        assert "+" in name, "embedded as a subset"
        assert "/ToUnicode" in font, "text extracts as the characters drawn"
    text = "".join(page.extract_text() for page in reader.pages)
    assert indicators().loc["rd_intensity", "name_zh"] in text
    for value in series("rd_intensity")["display"]:
        if value[0].isdigit():
            assert value in text


def test_workbook_structure_formats_and_chart(built):
    xlsx = next(p for p in built["indicator_trend"].files if p.suffix == ".xlsx")
    wb = openpyxl.load_workbook(xlsx)
    assert wb.sheetnames == ["摘要", "数据", "来源文件", "图表数据", "说明"]  # a Chinese report
    summary = wb.worksheets[0]
    assert summary.freeze_panes == "A2"
    assert summary.auto_filter.ref
    assert len(summary._charts) == 1
    headers = [c.value for c in summary[1]]
    assert all(isinstance(h, str) for h in headers if h is not None)
    assert any("（%）" in h for h in headers), headers  # unit in the header
    value_col = next(i for i, h in enumerate(headers) if h.startswith("数值"))
    formats = {
        row[value_col].number_format
        for row in summary.iter_rows(min_row=2, max_row=6)
        if isinstance(row[value_col].value, float)
    }
    assert formats and "General" not in formats
    data_headers = [c.value for c in wb.worksheets[1][1]]
    assert {"kind", "comparator", "unit", "document_id", "quote"} <= set(data_headers)
    assert wb.worksheets[-1]["A1"].value == "项目"
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula"


def test_profile_report_lists_flags_and_provenance(built):
    pdf = next(p for p in built["document_profile"].files if p.suffix == ".pdf")
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "missing_number" in text and "7a1e2e2ffa3cad4046dda1598fdda7a1" in text


def test_parameter_errors_are_refused_before_any_kernel(monkeypatch, tmp_path):
    import papermill

    def no_kernel(*args, **kwargs):
        raise AssertionError("a kernel was started")

    monkeypatch.setattr(papermill, "execute_notebook", no_kernel)
    cases = [
        ("indicator_trend", {"indicator_id": "rd_intensty"}, "did you mean 'rd_intensity'"),
        ("indicator_trend", {"yaer_from": "2020"}, "unknown parameter 'yaer_from'"),
        ("indicator_trend", {"year_from": "twenty"}, "must be a whole number"),
        ("indicator_trend", {"year_from": "2024", "year_to": "2020"}, "after year_to"),
        ("indicator_trend", {"year_from": "20240"}, "outside"),
        ("indicator_trend", {"indicator_id": "rd_intensity", "year_from": "2031"}, "no figures"),
        ("jurisdiction_overview", {"jurisdiction_id": "hangzhou"}, "unknown jurisdiction"),
        ("jurisdiction_overview", {"year": "2012"}, "years with data"),
        ("document_profile", {"document_id": "sx_2018_work"}, "did you mean 'sx_2018_work_points'"),
        ("indicator_trend", {"lang": "fr"}, "unknown language 'fr'"),
        ("indicator_trend", {"output_dir": "/tmp"}, "set by the report runner"),
        ("indicator_trnd", {}, "did you mean 'indicator_trend'"),
        ("../notebooks/indicator_trend", {}, "is not a report name"),
        ("/tmp/elsewhere/indicator_trend", {}, "is not a report name"),
    ]
    for name, params, expected in cases:
        with pytest.raises(ParameterError, match=expected):
            reports.run(name, params, tmp_path)
    assert not any(tmp_path.iterdir())


def test_cli_parameter_error_exits_2_with_one_line():
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "zjanalysis.cli",
            "report",
            "indicator_trend",
            "-p",
            "indicator_id",
            "rd_intensty",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "did you mean 'rd_intensity'" in result.stderr


def test_failed_report_keeps_last_good_outputs(tmp_path):
    notebooks = tmp_path / "notebooks"
    shutil.copytree(Path(reports.paths.NOTEBOOKS_DIR), notebooks)
    out = tmp_path / "reports"
    params = {"document_id": "sx_2018_work_points"}
    good = reports.run("document_profile", params, out, notebooks_dir=notebooks)
    before = {p.name: p.read_bytes() for p in good.files}

    nb_path = notebooks / "document_profile.ipynb"
    import nbformat

    nb = nbformat.read(nb_path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell('raise RuntimeError("disk full while exporting")'))
    nbformat.write(nb, nb_path)
    with pytest.raises(
        reports.ReportFailed, match="RuntimeError: disk full while exporting"
    ) as err:
        reports.run("document_profile", params, out, notebooks_dir=notebooks)
    assert "cell" in str(err.value)
    after = {p.name: p.read_bytes() for p in good.folder.iterdir()}
    assert after == before
    assert (out / "document_profile" / "_failed" / f"{good.folder.name}.ipynb").exists()
    assert not [
        p for p in (out / "document_profile").iterdir() if p.name.startswith((".tmp-", ".old-"))
    ]


def test_cli_report_failure_exits_1(tmp_path):
    notebooks = tmp_path / "notebooks"
    shutil.copytree(Path(reports.paths.NOTEBOOKS_DIR), notebooks)
    import nbformat

    nb = nbformat.read(notebooks / "explore.ipynb", as_version=4)
    nb.cells.insert(2, nbformat.v4.new_code_cell("1 / 0"))
    nbformat.write(nb, notebooks / "explore.ipynb")
    with pytest.raises(reports.ReportFailed, match="ZeroDivisionError"):
        reports.run("explore", {}, tmp_path / "out", notebooks_dir=notebooks)


def test_notebooks_show_each_chart_once(built):
    import json

    for name in ("explore", "indicator_trend"):
        nb = json.loads(built[name].notebook.read_text(encoding="utf-8"))
        images = [
            o
            for c in nb["cells"]
            if c["cell_type"] == "code"
            for o in c.get("outputs", [])
            if {"image/png", "image/svg+xml"} & set(o.get("data", {}))
        ]
        assert len(images) == 1, name
        assert "image/svg+xml" in images[0]["data"], name  # the PDF's drawing, as vectors


def summary_rows(result) -> list[dict]:
    xlsx = next(p for p in result.files if p.suffix == ".xlsx")
    ws = openpyxl.load_workbook(xlsx).worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = next(rows)
    out = []
    for r in rows:
        if r[0] is None:  # the table ends at the first blank row; sentences follow
            break
        out.append(dict(zip(header, r, strict=False)))
    return out


def test_attainment_report_reproduces_the_teams_checks(built):
    rows = summary_rows(built["target_attainment"])
    by = {(r["Year"], r["Indicator"], r["Target"]): r for r in rows}
    hitech = by[(2020, "New high-tech enterprises", "4000 firms")]
    assert hitech["Status"] == "achieved" and hitech["% of target"] == 161.2
    assert hitech["Outcome used (year, vintage)"].startswith("6449 firms (2020")
    intensity = "R&D intensity (R&D expenditure as share of GDP)"
    assert by[(2020, intensity, "2.8%")]["Status"] == "achieved"
    assert by[(2020, intensity, "2.8%")]["Outcome used (year, vintage)"] == "2.88% (2020, final)"
    assert by[(2022, intensity, "3%")]["Status"] == "achieved"
    ahead = by[(2030, intensity, "≥3.5%")]
    assert (
        ahead["Status"] in ("on track", "lagging")
        and "needs +0.04 pp/yr" in ahead["Path and notes"]
    )
    pdf = next(p for p in built["target_attainment"].files if p.suffix == ".pdf")
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Biggest overshoots" in text and "preliminary" in text


def test_province_comparison_ranks_marks_and_charts(built):
    result = built["province_comparison"]
    rows = summary_rows(result)
    assert len(rows) == 31 and [r["排名"] for r in rows] == sorted(r["排名"] for r in rows)
    zhejiang = next(r for r in rows if r["省份"] == "浙江省")
    assert zhejiang["数值（%）"] == 2.94
    xlsx = next(p for p in result.files if p.suffix == ".xlsx")
    (chart,) = openpyxl.load_workbook(xlsx).worksheets[0]._charts
    assert chart.tagname == "barChart" and chart.y_axis.scaling.min == 0
    pdf = next(p for p in result.files if p.suffix == ".pdf")
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert f"居第{zhejiang['排名']}位" in text and "全国" in text


def test_revisions_report_lists_preliminary_and_final(built):
    rows = summary_rows(built["vintage_revisions"])
    intensity = [r for r in rows if r["Indicator"].startswith("R&D intensity")]
    assert [(r["Year"], r["Earlier figure"], r["Later figure"]) for r in intensity] == [
        (2019, "2.62% (preliminary)", "2.68% (final)"),
        (2020, "2.8% (preliminary)", "2.88% (final)"),
        (2020, "2.88% (final)", "2.77% (revised)"),  # the 2026 report's restatement
        (2021, "2.9% (preliminary)", "2.94% (final)"),
        (2023, "3.15% (preliminary)", "3.2% (final)"),
    ]


def test_font_is_prepared_before_the_kernel_so_no_notebook_shows_it(tmp_path, monkeypatch):
    """On a machine without the converted font, the message goes to the terminal or log of
    zja report / zja build, never into the published notebook."""
    from zjanalysis import fonts

    ready = fonts.cjk_font_path()
    monkeypatch.setenv("ZJA_CACHE_DIR", str(tmp_path / "cache"))  # the kernel inherits it
    monkeypatch.setattr(fonts, "convert_to_truetype", lambda src, dest: shutil.copy(ready, dest))
    said = []
    result = reports.run(
        "document_profile",
        {"document_id": "sx_2018_work_points"},
        tmp_path / "out",
        log=said.append,
    )
    assert any("preparing the CJK font" in m for m in said)
    assert "preparing the CJK font" not in result.notebook.read_text(encoding="utf-8")


def test_exported_explore_notebook_shows_the_picker_chart_offline(built):
    """nbconvert's HTML has no kernel and no widget state: the picker's cell shows the chart
    as an inline image (no script from a CDN needed) and says how to get the live picker."""
    import nbformat
    from nbconvert import HTMLExporter

    nb = nbformat.read(built["explore"].notebook, as_version=4)
    body, _ = HTMLExporter().from_notebook_node(nb)
    note = body.index("the picker redraws only with a running kernel")
    assert 'src="data:image/svg+xml;base64,' in body[note : note + 2000]


def output_text(path: Path) -> str:
    """The text a reader can meet in one output: PDF text, workbook cells, notebook JSON."""
    import json

    if path.suffix == ".pdf":
        return "".join(page.extract_text() for page in PdfReader(path).pages)
    if path.suffix == ".xlsx":
        wb = openpyxl.load_workbook(path)
        return "\n".join(
            str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row
        )
    return json.dumps(json.loads(path.read_text(encoding="utf-8")), ensure_ascii=False)


def injected_fragments(text: str) -> list[str]:
    """Pieces (6 characters, not plain ASCII) of recorded injected runs found in ``text``,
    line breaks and spaces ignored (a PDF wraps a quote anywhere)."""
    import re

    from zjanalysis.tables.loading import load_tables

    squash = re.compile(r"\s+")
    flat = squash.sub("", text)
    found = []
    for runs in load_tables().injected.values():
        for run in runs:
            r = squash.sub("", run.text)
            pieces = {r[i : i + 6] for i in range(max(1, len(r) - 5))}
            found += [p for p in pieces if not p.isascii() and p in flat]
    return found


def test_no_injected_text_in_any_output(built):
    """The trend of rd_intensity lists the spam repost's headline statement: its PDF,
    workbook and notebook show the quote with the advert removed and marked."""
    from zjanalysis.tables.quotes import injected_marker

    for result in built.values():
        for path in result.files:
            if path.suffix in (".pdf", ".xlsx", ".ipynb"):
                assert not injected_fragments(output_text(path)), path
    trend = [p for p in built["indicator_trend"].files if p.suffix in (".pdf", ".xlsx")]
    for path in trend:
        flat = "".join(output_text(path).split())
        assert "研发投入强度达3.3" + injected_marker("zh") + "%左右" in flat, path


@pytest.mark.parametrize("name", [n for n in RUNS if n != "explore"])
def test_the_executed_notebook_opens_in_the_reports_language(built, name):
    """The template's English notes for an analyst become what the report is, in its language."""
    import nbformat

    from zjanalysis.reports.report_types import about, heading

    lang = built[name].params.get("lang", "en")
    nb = nbformat.read(built[name].notebook, as_version=4)
    opening = nb.cells[0]
    assert opening.cell_type == "markdown"
    assert opening.source == f"# {heading(name, lang)}\n\n{about(name, lang)}"
    if lang == "zh":  # the template's notes are English; the report's are not
        template = nbformat.read(reports.notebook_path(name), as_version=4).cells[0].source
        assert opening.source != template
        assert not any(ch.isascii() and ch.isalpha() for ch in heading(name, lang))
