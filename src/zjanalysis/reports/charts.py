"""A report's chart: one matplotlib figure drawn with ``zjanalysis.plot``, rendered once.

The figure is saved once as SVG with its text kept as text: the notebook shows that SVG, and
the PDF prints the same SVG read back by svglib as a ReportLab drawing — vector shapes, and
text in the embedded Noto Sans SC that can be searched and copied.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from functools import cached_property

from zjanalysis.plot.axes import WIDTH, settle
from zjanalysis.plot.bars import bars_height
from zjanalysis.plot.provinces import targets_height
from zjanalysis.plot.theme import theme_context

REPORT_FONTS = {"noto sans sc": "NotoSansSC", "dejavu sans": "DejaVuSans"}  # SVG → ReportLab


@dataclass
class Chart:
    """A drawn chart: its matplotlib ``figure``, its ``svg`` text and its ReportLab
    ``drawing``, each made once."""

    figure: object
    title: str = ""

    @cached_property
    def svg(self) -> str:
        """The figure as an SVG element (no XML prolog), text as text in the theme's font."""
        buf = io.StringIO()
        with theme_context():
            self.figure.savefig(buf, format="svg", metadata={"Date": None})
        text = buf.getvalue()
        return text[text.index("<svg") :]

    @cached_property
    def drawing(self):
        """The SVG as a ReportLab drawing (points), its text in the PDF's registered fonts."""
        from svglib.svglib import svg2rlg

        from zjanalysis.fonts import pdf_fonts

        fonts = pdf_fonts()
        drawing = svg2rlg(io.BytesIO(self.svg.encode("utf-8")), font_map=_report_font_map())
        drawing.initialFontName = fonts.main  # else the renderer names Helvetica
        return drawing

    @property
    def width(self) -> float:
        """Width in inches."""
        return float(self.figure.get_figwidth())

    @property
    def height(self) -> float:
        """Height in inches."""
        return float(self.figure.get_figheight())

    def texts(self) -> list[str]:
        """Every text the figure draws (titles, ticks, labels, legend)."""
        return [t.get_text() for t in self.figure.findobj(_is_text) if t.get_text()]

    def _repr_svg_(self) -> str:
        return self.svg


def _is_text(artist) -> bool:
    from matplotlib.text import Text

    return isinstance(artist, Text) and artist.get_visible()


def _report_font_map():
    from svglib.fonts import FontMap

    class ReportFontMap(FontMap):
        """The theme's font families as the fonts the PDF has registered."""

        def find_font(self, font_name, weight="normal", style="normal"):
            name = REPORT_FONTS.get(font_name.strip("'\" ").lower())
            return (name, True) if name else super().find_font(font_name, weight, style)

    return ReportFontMap()


def _figure(height: float):
    from matplotlib.figure import Figure

    return Figure(figsize=(WIDTH, height), layout="constrained")


def _trend_height(spec) -> float:
    lines = spec.frame.dropna(subset=["value_std"]).groupby(["jurisdiction_id", "vintage"]).ngroups
    return 3.4 + 0.2 * math.ceil((lines + 2) / 3)


def draw(spec) -> Chart:
    """Draw the chart a ``ChartSpec`` describes, in the theme, as the report shows it."""
    from zjanalysis import plot

    with theme_context():
        if spec.kind == "ranking":
            fig = _figure(6.4)
            bars, ranks = fig.subplots(1, 2, width_ratios=[3.2, 1])
            fig.suptitle(spec.title, fontsize=11, parse_math=False)
            plot.province_rank(spec.frame, ax=bars, highlight=spec.highlight, lang=spec.lang)
            plot.rank_history(spec.history, ax=ranks, lang=spec.lang)
        elif spec.kind == "targets":
            fig = _figure(targets_height(len(spec.frame)))
            fig.suptitle(spec.title, fontsize=11, parse_math=False)
            plot.province_targets(
                spec.frame, ax=fig.subplots(), highlight=spec.highlight, lang=spec.lang
            )
        elif spec.kind == "trend":
            fig = _figure(_trend_height(spec))
            plot.trend(
                spec.frame,
                ax=fig.subplots(),
                lang=spec.lang,
                names=spec.names,
                title=spec.title,
                unit=spec.unit,
            )
        elif spec.kind == "attainment":
            rows, series = spec.table()[0].shape
            fig = _figure(bars_height(rows, series, stacked=True))
            plot.attainment(spec.frame, ax=fig.subplots(), title=spec.title, lang=spec.lang)
        elif spec.kind == "revisions":
            fig = _figure(bars_height(len(spec.frame)))
            plot.revisions(spec.frame, ax=fig.subplots(), title=spec.title, lang=spec.lang)
        else:
            fig = _figure(bars_height(len(spec.frame), max(len(spec.frame.columns), 1)))
            plot.counts(
                spec.frame,
                ax=fig.subplots(),
                title=spec.title,
                value_format=spec.value_format,
                lang=spec.lang,
            )
        if spec.kind in ("trend", "ranking"):  # laid out already, to place the value labels
            fig.set_layout_engine("none")
        else:
            settle(fig, freeze=True)
    return Chart(fig, spec.title)


def warm_chart() -> None:
    """Draw, save and read back one small chart with Chinese and Latin text, so that a warm
    kernel's first report does not pay for the font's caches."""
    import pandas as pd

    from zjanalysis import plot

    with theme_context():
        ax = plot.counts(
            pd.DataFrame({"目标 targets": [1, 2]}, index=["研发投入", "R&D"]),
            ax=_figure(2).subplots(),
        )
        Chart(ax.figure).drawing  # noqa: B018 (made for its side effects)
