"""Charts as a reader sees them: whole years, bars from zero, labels and legends in room,
the same drawing in the notebook and the PDF."""

from __future__ import annotations

import itertools

import pytest

from zjanalysis.reports.builders import (
    document_profile_report,
    indicator_trend_report,
    jurisdiction_overview_report,
)
from zjanalysis.tables.formatting import number


def bounds(chart, part: str) -> tuple[float, float, float, float]:
    """(x0, y0, x1, y1) in points of what a part of the chart draws, text included."""
    return chart.parts[part].getBounds()


def test_a_single_year_chart_has_whole_year_ticks():
    chart = indicator_trend_report("tech_commissioners_dispatched").chart.chart()
    assert chart.texts("x_ticks") == ["2024"]
    assert chart.x_range[0] < 2024 < chart.x_range[1]


def test_a_trend_over_many_years_has_evenly_spaced_year_ticks_and_labels_every_value():
    content = indicator_trend_report("rd_intensity", ["zhejiang"])
    chart = content.chart.chart()
    years = sorted(content.chart.frame.dropna(subset=["value_std"])["year"].astype(int).unique())
    ticks = [int(t) for t in chart.texts("x_ticks")]
    step = ticks[1] - ticks[0]
    assert ticks[0] == years[0] and years[-1] - step < ticks[-1] <= years[-1] and len(ticks) >= 6
    assert all(b - a == step for a, b in itertools.pairwise(ticks))
    values = content.chart.frame["value_std"].dropna()
    assert set(chart.texts("values")) == {f"{number(v)}%" for v in values}  # each, with its unit
    assert "2.88%" in chart.texts("values")  # the 2020 final figure


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_near_empty_count_chart_starts_at_zero_with_its_legend_off_the_bars(lang):
    """One statement: one bar, drawn from 0 with room after it, its legend below the axes."""
    chart = jurisdiction_overview_report("zj_mountain_26_counties", 2024, lang).chart.chart()
    x0, y0, x1, _ = chart.plot
    assert chart.x_range[0] == 0
    bar = bounds(chart, "bars")
    assert bar[0] == pytest.approx(x0) and bar[2] < x0 + (x1 - x0) / 1.05
    assert bounds(chart, "legend")[3] <= bounds(chart, "x_ticks")[1] < y0


def test_count_chart_labels_no_empty_bar_and_keeps_section_names_inside():
    chart = document_profile_report("zj_2024_reply_longgang").chart.chart()
    labels = chart.texts("values")
    assert labels and "0" not in labels
    assert bounds(chart, "y_labels")[0] >= 0
    assert bounds(chart, "values")[2] <= chart.drawing.width


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_part_of_every_chart_kind_stays_inside_its_drawing(lang):
    from zjanalysis.reports.builders import province_comparison_report, target_attainment_report

    for content in (
        indicator_trend_report("rd_intensity", lang=lang),
        province_comparison_report("rd_intensity", 2023, "zhejiang", lang),
        target_attainment_report("zhejiang", lang=lang),
        document_profile_report("zj_2024_reply_longgang", lang),
    ):
        chart = content.chart.chart()
        x0, y0, x1, y1 = chart.drawing.getBounds()
        assert x0 >= 0 and y0 >= 0, content.name
        assert x1 <= chart.drawing.width and y1 <= chart.drawing.height, content.name


def test_the_notebook_picture_and_the_pdf_chart_are_one_drawing_with_text_as_text(tmp_path):
    """The SVG shows the drawing's labels as text (escaped), and so does the PDF."""
    from pypdf import PdfReader

    from zjanalysis.reports.pdf import write_pdf

    content = indicator_trend_report("rd_intensity", ["zhejiang"], lang="zh")
    chart = content.chart.chart()
    assert content.chart.chart() is chart  # drawn once
    svg = chart.svg()
    assert "<svg" in svg and "2.88%" in svg and "Noto Sans SC" in svg
    text = PdfReader(write_pdf(content, tmp_path / "t.pdf")).pages[0].extract_text()
    assert "2.88%" in text and "年份" in text


def test_workbook_bar_charts_start_at_zero(tmp_path):
    import openpyxl

    from zjanalysis.reports.excel import write_workbook

    content = jurisdiction_overview_report("zhejiang", 2024, "en")
    ws = openpyxl.load_workbook(write_workbook(content, tmp_path / "o.xlsx"))["Summary"]
    (chart,) = ws._charts
    assert chart.tagname == "barChart" and chart.y_axis.scaling.min == 0
