"""Charts as an analyst and a reader meet them: ``zja.plot`` draws on the analyst's Axes and
saves in every format with Chinese; labels never collide; the report's figure is the same in
the notebook (SVG, text as text) and the PDF (vector, fonts embedded, text extractable)."""

from __future__ import annotations

import itertools
import warnings

import matplotlib.pyplot as plt
import pytest
from matplotlib.figure import Figure

import zjanalysis as zja
from zjanalysis.plot.labels import renderer_of, value_labels
from zjanalysis.reports.document_profile import document_profile_report
from zjanalysis.reports.indicator_trend import indicator_trend_report
from zjanalysis.reports.jurisdiction_overview import jurisdiction_overview_report


def views():
    """Each plotting function with the frame of the view it draws."""
    return {
        "trend": lambda: (zja.plot.trend, zja.series("rd_intensity")),
        "attainment": lambda: (zja.plot.attainment, zja.attainment("zhejiang")),
        "province_rank": lambda: (
            zja.plot.province_rank,
            zja.compare_provinces("rd_intensity", 2023),
        ),
        "rank_history": lambda: (
            zja.plot.rank_history,
            zja.rank_history("rd_intensity", "zhejiang"),
        ),
        "revisions": lambda: (zja.plot.revisions, zja.revisions()),
    }


@pytest.mark.parametrize("name", list(views()))
def test_each_plot_function_draws_on_the_axes_it_is_given_and_returns_it(name):
    draw, data = views()[name]()
    fig, (mine, other) = plt.subplots(1, 2, figsize=(10, 4))
    mine.plot([0], [0])  # an analyst's own drawing stays
    ax = draw(data, ax=mine, lang="zh")
    assert ax is mine
    assert not (len(other.lines) or len(other.patches) or len(other.texts))
    assert len(mine.lines) + len(mine.patches) > 1
    plt.close(fig)


@pytest.mark.parametrize("name", list(views()))
def test_without_an_axes_each_plot_function_makes_a_figure(name):
    draw, data = views()[name]()
    ax = draw(data)
    assert ax.figure is not None and ax in ax.figure.axes
    plt.close(ax.figure)


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_a_figure_saves_with_chinese_rendered(tmp_path, fmt):
    """No glyph is missing (matplotlib warns when its font lacks one) and, in a PDF, the
    Chinese font is embedded and its text extracts."""
    from pypdf import PdfReader

    fig = Figure(figsize=(7, 4))
    zja.plot.trend(zja.series("rd_intensity"), ax=fig.subplots(), lang="zh", title="研发投入强度")
    path = tmp_path / f"rd.{fmt}"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph … missing from font(s)" would fail here
        fig.savefig(path, format=fmt)
    assert path.stat().st_size > 1000
    if fmt == "pdf":
        reader = PdfReader(path)
        fonts = [
            str(f.get_object()["/BaseFont"])
            for f in reader.pages[0]["/Resources"]["/Font"].values()
        ]
        assert any("NotoSansSC" in f for f in fonts), fonts
        text = reader.pages[0].extract_text()
        assert "研发投入强度" in text and "2.88%" in text


def test_set_theme_gives_an_analysts_own_plot_the_cjk_font(tmp_path):
    import matplotlib as mpl

    with mpl.rc_context():  # the theme goes with the context
        zja.set_theme(lang="zh")
        assert "Noto Sans SC" in mpl.rcParams["font.family"]
        fig, ax = plt.subplots()
        ax.set_title("浙江省研发投入")
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            fig.savefig(tmp_path / "own.png")
        plt.close(fig)
        zja.set_theme(lang="en")


def _boxes(ax):
    renderer = renderer_of(ax.figure)
    return [t.get_window_extent(renderer) for t in value_labels(ax)]


@pytest.mark.parametrize("places", [["zhejiang"], None], ids=["zhejiang", "every-place"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_value_labels_on_the_real_rd_series_never_overlap_and_stay_inside(places, lang):
    content = indicator_trend_report("rd_intensity", places, lang=lang)
    ax = content.chart.chart().figure.axes[0]
    boxes = _boxes(ax)
    assert len(boxes) >= 8  # most figures are still labelled
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b), (a, b)
    frame = ax.get_window_extent(renderer_of(ax.figure))
    for box in boxes:
        assert (
            frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
        )
    texts = {t.get_text() for t in value_labels(ax)}
    assert {"2.88%", "3.5%"} <= texts  # the 2020 final figure and the 2030 goal


def test_the_revised_figure_is_drawn_apart_from_the_final_line():
    """Zhejiang's 2020 R&D intensity: 2.88% final, restated as 2.77% in 2026."""
    content = indicator_trend_report("rd_intensity", ["zhejiang"])
    ax = content.chart.chart().figure.axes[0]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any(t.endswith("revised") for t in legend)
    finals = next(
        line for line in ax.lines if line.get_linestyle() == "-" and len(line.get_xdata()) > 3
    )
    years = list(finals.get_xdata())
    assert years == sorted(set(years))  # one final figure a year: no zig-zag


def test_a_wide_spread_is_drawn_on_a_labelled_log_axis():
    series = zja.series("rd_expenditure", None)
    ax = zja.plot.trend(series, ax=Figure().subplots(), lang="en")
    values = series["value_std"].dropna()
    assert values.max() / values.min() > 20
    assert ax.get_yscale() == "log" and "log scale" in ax.get_ylabel()


def test_a_single_year_chart_has_whole_year_ticks():
    ax = indicator_trend_report("tech_commissioners_dispatched").chart.chart().figure.axes[0]
    ticks = [t for t in ax.get_xticks() if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]]
    assert ticks == [2024]


def test_a_trend_over_many_years_has_whole_evenly_spaced_year_ticks():
    ax = indicator_trend_report("rd_intensity", ["zhejiang"]).chart.chart().figure.axes[0]
    lo, hi = ax.get_xlim()
    ticks = [t for t in ax.get_xticks() if lo <= t <= hi]
    assert all(float(t).is_integer() for t in ticks) and len(ticks) >= 5
    assert len({b - a for a, b in itertools.pairwise(ticks)}) == 1


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_near_empty_count_chart_starts_at_zero_with_room_after_its_bar(lang):
    ax = jurisdiction_overview_report("zj_mountain_26_counties", 2024, lang).chart.chart()
    ax = ax.figure.axes[0]
    lo, hi = ax.get_xlim()
    assert lo == 0
    widths = [p.get_width() for p in ax.patches if p.get_width()]
    assert widths and max(widths) < hi / 1.05


def test_count_chart_labels_no_empty_bar_and_names_every_section():
    content = document_profile_report("zj_2024_reply_longgang")
    ax = content.chart.chart().figure.axes[0]
    labels = [t.get_text() for t in ax.texts]
    assert labels and "0" not in labels
    names = [t.get_text() for t in ax.get_yticklabels()]
    assert len(names) == len(content.chart.frame)


def test_china_highlighted_says_it_has_no_rank():
    from zjanalysis.reports.province_comparison import province_comparison_report

    content = province_comparison_report("rd_expenditure", 2019, "china")
    assert any("no rank" in t for t in content.chart.chart().texts())


def test_the_notebook_picture_and_the_pdf_chart_are_one_figure_with_text_as_text(tmp_path):
    """The SVG keeps the chart's labels as text; the PDF draws the same SVG as vectors, its
    text extractable and in embedded fonts only."""
    from pypdf import PdfReader

    from zjanalysis.reports.pdf import write_pdf

    content = indicator_trend_report("rd_intensity", ["zhejiang"], lang="zh")
    chart = content.chart.chart()
    assert content.chart.chart() is chart  # drawn once
    assert "<svg" in chart.svg and ">2.88%</text>" in chart.svg and "Noto Sans SC" in chart.svg
    reader = PdfReader(write_pdf(content, tmp_path / "t.pdf"))
    text = reader.pages[0].extract_text()
    assert "2.88%" in text and "浙江省 · 最终数" in text
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            assert "/FontFile2" in font["/FontDescriptor"].get_object(), font["/BaseFont"]
    assert not reader.pages[0].images  # the chart is vectors and text, not a picture


def test_workbook_bar_charts_start_at_zero(tmp_path):
    import openpyxl

    from zjanalysis.reports.excel import write_workbook

    content = jurisdiction_overview_report("zhejiang", 2024, "en")
    ws = openpyxl.load_workbook(write_workbook(content, tmp_path / "o.xlsx")).worksheets[0]
    (chart,) = ws._charts
    assert chart.tagname == "barChart" and chart.y_axis.scaling.min == 0


def test_the_readme_tour_runs_and_saves_its_picture(tmp_path, monkeypatch):
    """README's JupyterLab tour runs as written, block after block, and saves its picture
    (all but the report it runs: the report tests run those)."""
    import re

    import matplotlib as mpl

    from zjanalysis.paths import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("## Exploring in JupyterLab")
    tour = readme[start : readme.index("\n## ", start + 1)]
    blocks = re.findall(r"```python\n(.*?)```", tour, re.S)
    assert len(blocks) >= 6 and "zja.run_report(" in tour
    monkeypatch.chdir(tmp_path)
    space: dict = {}
    with mpl.rc_context():  # the theme the example sets goes with the context
        for code in blocks:
            if "zja.run_report(" not in code:
                exec(compile(code, "README.md", "exec"), space)
        plt.close("all")
        zja.set_theme(lang="en")
    assert (tmp_path / "rd.png").stat().st_size > 10_000


def report_charts():
    """One report of every chart kind, with its hard cases (a total, China highlighted)."""
    from zjanalysis.reports.document_profile import document_profile_report
    from zjanalysis.reports.indicator_trend import indicator_trend_report
    from zjanalysis.reports.jurisdiction_overview import jurisdiction_overview_report
    from zjanalysis.reports.province_comparison import province_comparison_report
    from zjanalysis.reports.province_targets import province_targets_report
    from zjanalysis.reports.target_attainment import target_attainment_report
    from zjanalysis.reports.vintage_revisions import vintage_revisions_report

    return {
        "trend": lambda lang: indicator_trend_report("rd_intensity", lang=lang),
        "trend-level": lambda lang: indicator_trend_report("rd_expenditure", lang=lang),
        "overview": lambda lang: jurisdiction_overview_report("zhejiang", 2024, lang),
        "profile": lambda lang: document_profile_report("zj_2020_new_deal_rectification", lang),
        "attainment": lambda lang: target_attainment_report("zhejiang", lang=lang),
        "provinces": lambda lang: province_comparison_report(
            "rd_intensity", 2023, "zhejiang", lang
        ),
        "provinces-total": lambda lang: province_comparison_report(
            "rd_expenditure", 2019, "china", lang
        ),
        "revisions": lambda lang: vintage_revisions_report(None, lang),
        "targets": lambda lang: province_targets_report("rd_intensity", "zhejiang", lang),
        "targets-level": lambda lang: province_targets_report(
            "hitech_enterprises_total", "zhejiang", lang
        ),
    }


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("kind", list(report_charts()))
def test_every_text_inside_a_report_charts_axes_stays_inside_and_alone(kind, lang):
    """Value labels, bar values, China's figure, notes: none over another, none past the
    axes they belong to."""
    fig = report_charts()[kind](lang).chart.chart().figure
    renderer = renderer_of(fig)
    for ax in fig.axes:
        frame = ax.get_window_extent(renderer)
        boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in ax.texts]
        for (a, box_a), (b, box_b) in itertools.combinations(boxes, 2):
            assert not box_a.overlaps(box_b), (a, b)
        for text, box in boxes:
            assert frame.x0 - 1 <= box.x0 and box.x1 <= frame.x1 + 1, text
            assert frame.y0 - 1 <= box.y0 and box.y1 <= frame.y1 + 1, text
