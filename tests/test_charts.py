"""Charts as a reader sees them: whole years, bars from zero, labels and legends in room."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

from zjanalysis.reports.builders import (
    document_profile_report,
    indicator_trend_report,
    jurisdiction_overview_report,
)


def test_a_single_year_chart_has_whole_year_ticks():
    content = indicator_trend_report("tech_commissioners_dispatched")
    fig = content.chart.figure()
    ax = fig.axes[0]
    fig.canvas.draw()
    ticks = [t for t in ax.get_xticks() if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]]
    assert ticks == [2024]
    assert [t.get_text() for t in ax.get_xticklabels() if t.get_text()] == ["2024"]
    plt.close(fig)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_near_empty_count_chart_starts_at_zero_with_its_legend_off_the_bars(lang):
    """One statement: one bar, drawn from 0 with room after it, its legend below the axes."""
    content = jurisdiction_overview_report("zj_mountain_26_counties", 2024, lang)
    fig = content.chart.figure()
    fig.canvas.draw()
    ax = fig.axes[0]
    renderer = fig.canvas.get_renderer()
    assert ax.get_xlim()[0] == 0
    widest = max(p.get_x() + p.get_width() for p in ax.patches)
    assert ax.get_xlim()[1] > widest * 1.05
    legend = ax.get_legend().get_window_extent(renderer)
    assert legend.y1 <= ax.get_window_extent(renderer).y0
    plt.close(fig)


def test_count_chart_labels_no_empty_bar_and_keeps_section_names_inside():
    content = document_profile_report("zj_2024_reply_longgang")
    fig = content.chart.figure()
    fig.canvas.draw()
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.texts]
    assert labels and "0" not in labels
    renderer = fig.canvas.get_renderer()
    left = min(t.get_window_extent(renderer).x0 for t in ax.get_yticklabels() if t.get_text())
    assert left >= 0
    plt.close(fig)


def test_workbook_bar_charts_start_at_zero(tmp_path):
    import openpyxl

    from zjanalysis.reports.excel import write_workbook

    content = jurisdiction_overview_report("zhejiang", 2024, "en")
    ws = openpyxl.load_workbook(write_workbook(content, tmp_path / "o.xlsx"))["Summary"]
    (chart,) = ws._charts
    assert chart.tagname == "barChart" and chart.y_axis.scaling.min == 0
