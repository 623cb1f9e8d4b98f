"""Excel and PDF writers on real report content, including hostile document text."""

from __future__ import annotations

import dataclasses

import openpyxl
import pytest

from zjanalysis.reports.document_profile import document_profile_report
from zjanalysis.reports.excel import write_workbook
from zjanalysis.reports.indicator_trend import indicator_trend_report
from zjanalysis.reports.jurisdiction_overview import jurisdiction_overview_report
from zjanalysis.running.notebook import slug

pytestmark = pytest.mark.slow


def test_text_from_documents_never_becomes_a_formula(tmp_path):
    content = indicator_trend_report("tech_smes_new")
    hostile = ['=HYPERLINK("http://x","click")', "+1+1", "-2+3", "@SUM(A1)", "=1+1"]
    data = content.data.copy()
    data["quote"] = (hostile * len(data))[: len(data)]
    summary = content.summary.copy()
    summary.iloc[0, 0] = "=cmd|' /C calc'!A0"
    content = dataclasses.replace(content, data=data, summary=summary)
    path = write_workbook(content, tmp_path / "x.xlsx")
    wb = openpyxl.load_workbook(path)
    column = next(col for col in wb.worksheets[1].iter_cols() if col[0].value == "quote")
    quotes = [c.value for c in column[1:]]
    assert quotes == list(data["quote"])
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate}"
    assert wb.worksheets[0]["A2"].value.startswith("=cmd")


def test_scaled_units_are_compared_in_one_unit(tmp_path):
    content = indicator_trend_report("tech_smes_new", ["zhejiang"])
    value_col = next(c for c in content.summary.columns if c.startswith("Value"))
    assert value_col == "Value (firms)"  # the unit in the report's language
    values = dict(zip(content.summary["Year"], content.summary[value_col], strict=False))
    assert values[2023] == pytest.approx(16000)


@pytest.mark.parametrize(
    "params",
    [
        {"a": "../../etc/passwd"},
        {"a": "研发 投入", "b": None},
        {"a": ["x/y", "z"]},
        {"a": "x" * 300},
    ],
)
def test_slug_is_always_a_safe_file_name(params):
    s = slug(params)
    assert s and "/" not in s and ".." not in s and len(s) <= 80
    assert all(ch.isascii() and (ch.isalnum() or ch in "._+-") for ch in s)


def test_year_columns_have_no_thousands_separator(tmp_path):
    from zjanalysis.reports.jurisdiction_overview import jurisdiction_overview_report

    content = jurisdiction_overview_report("zhejiang", 2024, "zh")
    wb = openpyxl.load_workbook(write_workbook(content, tmp_path / "o.xlsx"))
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    col = headers.index("上一数值年份") + 1
    years = [
        ws.cell(row=r, column=col)
        for r in range(2, ws.max_row + 1)
        if isinstance(ws.cell(row=r, column=col).value, int)
    ]
    assert years and {c.number_format for c in years} == {"0"}


def test_columns_fit_chinese_names_below_the_chart_data(tmp_path):
    from zjanalysis.reports.jurisdiction_overview import jurisdiction_overview_report

    content = jurisdiction_overview_report("zhejiang", 2024, "zh")
    ws = openpyxl.load_workbook(write_workbook(content, tmp_path / "o.xlsx")).worksheets[0]
    longest = max(len(v) for v in content.summary["指标"])
    assert ws.column_dimensions["B"].width >= longest * 2


def test_wrapped_cells_get_tall_rows_and_one_sans_font(tmp_path):
    """A wrapped Indicator cell never prints over the rows below, and headers are not serif."""
    from zjanalysis.reports.excel import FONT, LINE_PT
    from zjanalysis.reports.jurisdiction_overview import jurisdiction_overview_report

    content = jurisdiction_overview_report("zhejiang", 2024, "en")
    ws = openpyxl.load_workbook(write_workbook(content, tmp_path / "o.xlsx")).worksheets[0]
    wrapped = [c for c in ws["B"][1 : len(content.summary) + 1] if c.alignment.wrap_text]
    assert wrapped, "the long English+Chinese indicator names wrap"
    for cell in wrapped:
        assert ws.row_dimensions[cell.row].height >= 2 * LINE_PT, cell.coordinate
    assert {c.font.name for c in ws[1] if c.value} == {FONT}
    assert all(c.font.b for c in ws[1] if c.value)
    assert ws["A2"].font.name == FONT


def test_data_sheet_has_english_names_and_values_in_the_indicator_unit(tmp_path):
    from zjanalysis.tables.schema import DATA_SHEET_COLUMNS

    content = indicator_trend_report("tech_smes_new", ["zhejiang"])
    ws = openpyxl.load_workbook(write_workbook(content, tmp_path / "t.xlsx"))["Data"]
    rows = list(ws.iter_rows(values_only=True))
    assert sorted(rows[0]) == sorted(DATA_SHEET_COLUMNS)  # a reader's columns first
    by = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    scaled = next(r for r in by if r["unit"] == "万家" and r["value"] == 1.6)
    assert scaled["value_std"] == 16000 and scaled["indicator_unit"] == "家"
    assert scaled["indicator_en"] == "New technology-based SMEs"
    col = rows[0].index("value_std") + 1
    cell = next(c for c in ws.iter_cols(min_col=col, max_col=col) for c in c if c.value == 16000)
    assert cell.number_format.endswith('" 家"')  # the unit shows beside the number


def _broken_words(pdf_path, words: set[str]) -> list[str]:
    """Words a PDF breaks across two lines: one line ends with a piece of the word and the
    next begins with the rest (each line of a table cell is its own text run)."""
    import itertools
    import re

    from pypdf import PdfReader

    broken = []
    for page in PdfReader(pdf_path).pages:
        lines = page.extract_text().splitlines()
        for a, b in itertools.pairwise(lines):
            head = re.search(r"[A-Za-z0-9_]+$", a)
            tail = re.match(r"[A-Za-z0-9_]+", b)
            if head and tail and head.group() + tail.group() in words:
                broken.append(f"{head.group()} / {tail.group()}")
    return broken


@pytest.mark.parametrize(
    "make",
    [
        lambda: indicator_trend_report("rd_intensity", lang="en"),
        lambda: indicator_trend_report("rd_intensity", lang="zh"),
        lambda: document_profile_report("zj_2020_reform_work_points", "en"),
        lambda: jurisdiction_overview_report("zhejiang", 2024, "en"),
    ],
    ids=["trend-en", "trend-zh", "profile", "overview"],
)
def test_pdf_table_cells_never_break_a_word(tmp_path, make):
    """Document ids, flags and the table's header words appear whole in the PDF text (the
    Sources and Flags columns once read 'zj_2020_reform_work_poin / ts' and 'annual_averag /
    e'; a header measured to fit its column exactly once read 'Chang / e')."""
    from zjanalysis.reports.pdf import write_pdf
    from zjanalysis.tables.loading import load_tables
    from zjanalysis.tables.schema import FLAGS

    content = make()
    words = set(load_tables().documents.index) | set(FLAGS)
    words |= {w for c in content.summary.columns for w in str(c).split() if w.isalpha()}
    path = write_pdf(content, tmp_path / "r.pdf")
    assert _broken_words(path, words) == []
    text = "".join(p.extract_text() for p in __import__("pypdf").PdfReader(path).pages)
    assert any(d in text for d in content.data["document_id"])


def test_pdf_footer_is_cut_at_a_word_with_an_ellipsis():
    from zjanalysis.reports.pdf import FOOTER_SIZE, fit_line

    title = "Document profile: Reply on supporting Longgang's Qinglong Lake Science City (with the department's 2023 summary and 2024 plan)"
    line = fit_line(title, 3 * 72, FOOTER_SIZE)  # points: narrower than the title
    assert line.endswith("…") and title.startswith(line[:-1].rstrip())
    assert title[len(line[:-1].rstrip())] == " "  # cut before a space, not inside a word
