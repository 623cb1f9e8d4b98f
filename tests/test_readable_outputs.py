"""Outputs as a reader meets them: workbooks with every number at its decimals, sheets that
print at a legible scale and charts that read their own numbers; PDFs that end on a real page
and fold targets without data."""

from __future__ import annotations

import re

import openpyxl
import pytest
from openpyxl.utils import column_index_from_string, range_boundaries

from zjanalysis.reports.document_profile import document_profile_report
from zjanalysis.reports.excel import (
    DATA_PRINT_COLUMNS,
    MIN_SCALE,
    column_points,
    fit_room,
    write_workbook,
)
from zjanalysis.reports.indicator_trend import indicator_trend_report
from zjanalysis.reports.jurisdiction_overview import jurisdiction_overview_report
from zjanalysis.reports.province_comparison import province_comparison_report
from zjanalysis.reports.target_attainment import target_attainment_report
from zjanalysis.reports.vintage_revisions import vintage_revisions_report

REPORTS = {  # one of every report type, both languages, every chart kind
    "trend_en": lambda: indicator_trend_report("rd_intensity", lang="en"),
    "trend_level_zh": lambda: indicator_trend_report("rd_expenditure", lang="zh"),
    "overview_en": lambda: jurisdiction_overview_report("zhejiang", 2023, lang="en"),
    "profile_en": lambda: document_profile_report("zj_2026_gov_work_report", lang="en"),
    "attainment_zh": lambda: target_attainment_report("zhejiang", lang="zh"),
    "province_en": lambda: province_comparison_report("rd_intensity", 2023, lang="en"),
    "revisions_zh": lambda: vintage_revisions_report(lang="zh"),
}


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    out = tmp_path_factory.mktemp("workbooks")
    built = {}
    for name, make in REPORTS.items():
        content = make()
        built[name] = (
            content,
            openpyxl.load_workbook(write_workbook(content, out / f"{name}.xlsx")),
        )
    return built


def own_decimals(value: float) -> int:
    """Decimals a number has as written (float noise below 1e-9 ignored)."""
    text = repr(round(float(value), 9))
    return 0 if "e" in text or text.endswith(".0") else len(text.split(".")[1])


def format_decimals(number_format: str) -> int:
    """Decimals a number format shows (its first section, quoted text left out)."""
    section = re.sub(r'"[^"]*"', "", number_format.split(";")[0])
    match = re.search(r"\.(0+)", section)
    return len(match.group(1)) if match else 0


def test_every_number_shows_the_decimals_it_has(books):
    checked = 0
    for name, (_, wb) in books.items():
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    v = cell.value
                    if isinstance(v, bool) or not isinstance(v, int | float):
                        continue
                    checked += 1
                    where = f"{name} {ws.title}!{cell.coordinate} {v!r} as {cell.number_format!r}"
                    assert cell.number_format != "General", where
                    assert format_decimals(cell.number_format) >= min(own_decimals(v), 6), where
    assert checked > 500


def test_a_yearly_change_of_a_tenth_shows_as_0_1(books):
    """The measured case: 'Implied yearly change vs previous target' read 0 where it is 0.1."""
    content, wb = books["trend_en"]
    ws = wb.worksheets[0]
    header = next(c for c in ws[1] if str(c.value).startswith("Implied yearly change"))
    cells = [
        ws.cell(row=r, column=header.column)
        for r in range(2, len(content.summary) + 2)
        if ws.cell(row=r, column=header.column).value is not None
    ]
    tenths = [c for c in cells if c.value == pytest.approx(0.1)]
    assert tenths and all(format_decimals(c.number_format) == 1 for c in tenths)


def printed_scale(ws) -> float:
    """The % a sheet prints at: given, or what fitting its print area's columns to the page
    width makes of them."""
    if not ws.sheet_properties.pageSetUpPr.fitToPage:
        return float(ws.page_setup.scale or 100)
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    area = ws.print_area[0] if isinstance(ws.print_area, list) else ws.print_area
    last = column_index_from_string(re.search(r":\$?([A-Z]+)\$?\d+$", area).group(1))
    width = sum(
        column_points(ws.column_dimensions[openpyxl.utils.get_column_letter(j)].width)
        for j in range(1, last + 1)
    )
    return min(100.0, 100 * fit_room(ws.page_setup.orientation) / width)


def test_every_sheet_prints_at_a_legible_scale(books):
    for name, (content, wb) in books.items():
        for ws in wb.worksheets:
            assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
            assert printed_scale(ws) >= MIN_SCALE, f"{name} {ws.title}"
        data = wb.worksheets[1]
        headers = [c.value for c in data[1]]
        wanted = [c.format(lang=content.lang) for c in DATA_PRINT_COLUMNS]
        assert headers[: len(wanted)] == wanted, name  # a reader's columns are the printed ones
        area = data.print_area[0] if isinstance(data.print_area, list) else data.print_area
        assert range_boundaries(area.split("!")[-1].replace("$", ""))[2] >= len(wanted)
        assert data.print_title_rows.replace("$", "") == "1:1"


def series_refs(series) -> tuple[str, str, str]:
    """A chart series' title, category (x) and value (y) references."""
    title = series.tx.strRef.f
    if series.xVal is not None:  # scatter
        return title, series.xVal.numRef.f, series.yVal.numRef.f
    cat = series.cat.numRef or series.cat.strRef
    return title, cat.f, series.val.numRef.f


def cells(wb, ref: str) -> list:
    sheet, area = ref.split("!")
    ws = wb[sheet.strip("'")]
    lo_col, lo_row, hi_col, hi_row = range_boundaries(area.replace("$", ""))
    return [
        ws.cell(row=r, column=c)
        for r in range(lo_row, hi_row + 1)
        for c in range(lo_col, hi_col + 1)
    ]


def test_chart_series_read_the_numbers_under_their_headers(books):
    for name, (_, wb) in books.items():
        (chart,) = wb.worksheets[0]._charts
        for s in chart.series:
            title, xs, ys = series_refs(s)
            (head,) = cells(wb, title)
            values, categories = cells(wb, ys), cells(wb, xs)
            chart_sheet = wb.worksheets[3].title  # Summary, Data, Sources, Chart data, About
            assert chart_sheet in ys and chart_sheet in xs, name
            assert head.row == 1 and head.value, name
            assert {c.column for c in values} == {head.column}, f"{name}: values under {head.value}"
            assert values[0].row == 2 and len(values) == len(categories), name
            assert {c.column for c in categories} == {1}, name  # the category column
            assert [c.row for c in categories] == [c.row for c in values], name


def test_trend_chart_draws_every_figure_on_an_axis_that_fits(books):
    content, wb = books["trend_en"]
    (chart,) = wb.worksheets[0]._charts
    drawn = sorted(
        c.value for s in chart.series for c in cells(wb, series_refs(s)[2]) if c.value is not None
    )
    expected = sorted(content.chart.frame["value_std"].dropna())
    assert drawn == pytest.approx(expected)
    lo, hi = chart.y_axis.scaling.min, chart.y_axis.scaling.max
    assert lo <= min(expected) and hi >= max(expected)
    assert lo > 0, "a 2.3–3.5 % series is not drawn from zero"
    assert hi - lo <= 2 * (max(expected) - min(expected)), (
        "the axis is not much wider than the data"
    )


def test_ranking_chart_labels_the_marked_place(books):
    content, wb = books["province_en"]
    (chart,) = wb.worksheets[0]._charts
    (s,) = chart.series
    marked = [i for i, j in enumerate(content.chart.frame["jurisdiction_id"]) if j == "zhejiang"]
    assert marked and [p.idx for p in s.dPt] == marked
    labels = {d.idx: d for d in s.dLbls.dLbl}
    assert set(labels) == set(marked)
    assert all(labels[i].showVal and labels[i].showCatName for i in marked)
    assert chart.x_axis.tickLblSkip == 1, "every province is named"


PDF_REPORTS = {  # a handful of each type, those that ended on a near-empty page among them
    "profile_2017_en": lambda: document_profile_report("zj_2017_sci_tech_situation", "en"),
    "profile_rect_zh": lambda: document_profile_report("zj_2020_new_deal_rectification", "zh"),
    "trend_teams_en": lambda: indicator_trend_report("leading_innovation_teams_new", lang="en"),
    "trend_trade_en": lambda: indicator_trend_report("tech_trade_value_growth", lang="en"),
    "trend_rd_zh": lambda: indicator_trend_report("rd_intensity", lang="zh"),
    "attainment_26_zh": lambda: target_attainment_report("zj_mountain_26_counties", lang="zh"),
    "attainment_sx_en": lambda: target_attainment_report("shaoxing", lang="en"),
    "overview_en": lambda: jurisdiction_overview_report("zhejiang", 2024, lang="en"),
    "province_zh": lambda: province_comparison_report("rd_intensity", 2021, lang="zh"),
    "revisions_en": lambda: vintage_revisions_report(lang="en"),
}


@pytest.mark.parametrize("name", list(PDF_REPORTS))
def test_no_pdf_ends_on_a_near_empty_page(tmp_path, name):
    from pypdf import PdfReader

    from zjanalysis.reports.pdf import write_pdf

    content = PDF_REPORTS[name]()
    reader = PdfReader(write_pdf(content, tmp_path / "r.pdf"))
    lines = [line.strip() for line in reader.pages[-1].extract_text().splitlines()]
    footer = {content.title, str(len(reader.pages)), f"{content.title} {len(reader.pages)}"}
    text = [line for line in lines if line and line not in footer]
    assert len(reader.pages) == 1 or len(text) >= 5, text


def test_targets_without_data_read_as_one_group_in_the_pdf(tmp_path):
    """55 of Zhejiang's 88 targets have no data: the PDF lists them one line per reason
    under the table, not a row each; the workbook keeps every row."""
    from pypdf import PdfReader

    from zjanalysis.reports.pdf import write_pdf

    content = target_attainment_report("zhejiang", lang="en")
    status = content.summary["Status"]
    without = int((status == "insufficient data").sum())
    (group,) = content.folded
    assert sorted(group.rows) == sorted(status.index[status == "insufficient data"])
    assert group.title.startswith(f"Insufficient data: {without} rows")
    assert sum(int(re.search(r"\((\d+)\): ", line).group(1)) for line in group.lines) == without
    assert len(group.lines) < without / 3
    text = "".join(
        p.extract_text() for p in PdfReader(write_pdf(content, tmp_path / "a.pdf")).pages
    )
    assert text.count("insufficient data") < 5  # the sentences and legend, no row of its own
    wb = openpyxl.load_workbook(write_workbook(content, tmp_path / "a.xlsx"))
    column = [c.value for c in wb.worksheets[0]["E"]]
    assert column.count("insufficient data") == without
