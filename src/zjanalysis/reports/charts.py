"""Charts as vector drawings: one drawing is the notebook's inline SVG and the PDF's chart.

Drawn with ReportLab's graphics shapes in points, their text real text in the report fonts
(Noto Sans SC, DejaVu Sans where it lacks a character), so a chart in the PDF stays sharp at
any zoom and its numbers can be searched and copied. A chart takes a few hundredths of a
second; through matplotlib it took 0.3–1 s, most of a report's time.

Targets are hollow markers on dashed lines; reported figures (actual, estimate) are filled
markers on solid lines. Values are labelled with their units; the year axis has whole years.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass, field

import pandas as pd
from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, PolyLine, Rect, String
from reportlab.lib.colors import Color, toColor
from reportlab.pdfbase.pdfmetrics import stringWidth

from zjanalysis.reports.fonts import pdf_fonts
from zjanalysis.tables.formatting import number

PALETTE = ["#1f5fa8", "#c8102e", "#2a9d8f", "#e9a03b", "#6d597a", "#555555"]
TARGET_SERIES = ("targets", "目标")  # count series drawn hollow, like target markers
INK, GRID, AXIS = "#333333", "#e3e3e3", "#333333"
PT = 72  # points per inch
CHART_WIDTH = 8.27 - 2 * 0.65  # inches: the text width of the PDF's A4 portrait page
SCREEN_SCALE = 100 / PT  # the notebook shows a chart at about 100 pixels an inch
LABEL_SIZE = 7.5  # points: a value's label on a trend
LEGEND_SIZE = 7.5  # points: a legend's labels
LOG_SPREAD = 20  # values further apart than this share one chart on a log scale
VINTAGE_STYLE = {  # one visual language: hollow dashed targets, open triangles, solid finals
    "target": dict(dash=[5, 3], marker="circle", hollow=True),
    "preliminary": dict(dash=[1.2, 2.4], marker="triangle", hollow=True),
    "final": dict(dash=None, marker="circle", hollow=False),
}
STATUS_COLORS = {  # the same in the PDF and the workbook
    "achieved_early": "#1b7837",
    "achieved": "#5aae61",
    "missed": "#c8102e",
    "on_track": "#2a9d8f",
    "lagging": "#e9a03b",
    "not_yet_due": "#b8c4d6",
    "insufficient_data": "#d9d9d9",
}
SVG_HEAD = re.compile(r'<svg width="[^"]*" height="[^"]*"(.*?) viewBox="[^"]*"')
SVG_FAMILIES = {  # what a browser draws the SVG's text with
    "NotoSansSC": "'Noto Sans SC', 'Noto Sans CJK SC', 'Source Han Sans SC', "
    "'Microsoft YaHei', 'PingFang SC', sans-serif",
    "DejaVuSans": "'DejaVu Sans', sans-serif",
}


def color(value: str) -> Color:
    return toColor(value)


@dataclass
class Chart:
    """A drawn chart: its ReportLab ``drawing`` (points, origin bottom left), its parts by
    name (groups of shapes: ``title``, ``x_ticks``, ``y_labels``, ``bars``, ``legend`` …) and
    the main plotting box ``plot`` (x0, y0, x1, y1) with its data range ``x_range``."""

    drawing: Drawing
    parts: dict[str, Group] = field(default_factory=dict)
    plot: tuple[float, float, float, float] = (0, 0, 0, 0)
    x_range: tuple[float, float] = (0, 1)

    @property
    def width(self) -> float:
        """Width in inches."""
        return self.drawing.width / PT

    @property
    def height(self) -> float:
        """Height in inches."""
        return self.drawing.height / PT

    def texts(self, part: str | None = None) -> list[str]:
        """The text drawn (in ``part``, or anywhere), a string per label."""
        groups = [self.parts[part]] if part else [self.drawing]
        return [t for g in groups for t in _texts(g)]

    def svg(self) -> str:
        """The chart as SVG at screen size; its text stays text in a CJK-capable font."""
        from reportlab.graphics import renderSVG

        out = renderSVG.drawToString(self.drawing)
        w, h = self.drawing.width, self.drawing.height
        out = SVG_HEAD.sub(  # drawn in points, shown at screen size
            lambda m: (
                f'<svg width="{w * SCREEN_SCALE:.0f}" height="{h * SCREEN_SCALE:.0f}"'
                f'{m.group(1)} viewBox="0 0 {w:.2f} {h:.2f}"'
            ),
            out,
            count=1,
        )
        for name, families in SVG_FAMILIES.items():
            out = out.replace(f'style="font-family: {name};', f'style="font-family: {families};')
        title = html.escape(" ".join(self.texts("title")) if "title" in self.parts else "")
        out = out.replace("<title>...</title>", f"<title>{title}</title>", 1)
        return out[out.index("<svg") :]  # the element alone: inline in HTML as in a file

    def _repr_svg_(self) -> str:
        return self.svg()

    def draw_on(self, canvas, x: float, y: float, width: float) -> None:
        """Draw on a ReportLab canvas with the bottom left at (``x``, ``y``) points, scaled to
        ``width`` points."""
        from reportlab.graphics import renderPDF

        scale = width / self.drawing.width
        canvas.saveState()
        canvas.translate(x, y)
        canvas.scale(scale, scale)
        renderPDF.draw(self.drawing, canvas, 0, 0)
        canvas.restoreState()


def text_width(text, size: float) -> float:
    """Width in points of ``text`` drawn in the report fonts (each run in its own font)."""
    return sum(stringWidth(piece, font, size) for font, piece in pdf_fonts().runs(str(text)))


def _texts(group) -> list[str]:
    out = []
    for node in group.contents:
        if isinstance(node, Group):
            if getattr(node, "_label", None) is not None:
                out.append(node._label)
            else:
                out.extend(_texts(node))
        elif isinstance(node, String):
            out.append(node.text)
    return out


class Sketch:
    """A chart being drawn: shapes in points into named parts, text in font runs."""

    def __init__(self, width: float, height: float):
        self.fonts = pdf_fonts()
        self.drawing = Drawing(width, height)
        # the renderer's starting font (else Helvetica: a font the PDF would name, not embed)
        self.drawing.initialFontName = self.fonts.main
        self.width, self.height = width, height
        self.parts: dict[str, Group] = {}

    def part(self, name: str) -> Group:
        if name not in self.parts:
            self.parts[name] = Group()
            self.drawing.add(self.parts[name])
        return self.parts[name]

    def text(
        self,
        part: str,
        x: float,
        y: float,
        text,
        size: float = 8,
        ink: str = INK,
        anchor: str = "start",
        angle: float = 0,
        middle: bool = False,
    ) -> float:
        """One line of text, as it is (no markup, no maths), its baseline at ``y`` (or its
        middle, ``middle``); ``anchor`` start, middle or end at ``x``. Returns its width."""
        text = str(text)
        width = text_width(text, size)
        start = {"start": 0.0, "middle": -width / 2, "end": -width}[anchor]
        group = Group()
        group._label = text  # one label, however many font runs draw it
        pos = start
        fill = color(ink)
        for font, piece in self.fonts.runs(text):
            group.add(String(pos, 0, piece, fontName=font, fontSize=size, fillColor=fill))
            pos += stringWidth(piece, font, size)
        group.translate(x, y - (0.36 * size if middle else 0))
        if angle:
            group.rotate(angle)
        self.part(part).add(group)
        return width

    def line(self, part, points, ink=AXIS, width=0.8, dash=None) -> None:
        flat = [v for p in points for v in p]
        shape = Line(*flat) if len(points) == 2 else PolyLine(flat)
        shape.strokeColor, shape.strokeWidth = color(ink), width
        if dash:
            shape.strokeDashArray = dash
        self.part(part).add(shape)

    def rect(self, part, x, y, w, h, fill, stroke=None, width=0.0) -> None:
        if w < 0:
            x, w = x + w, -w
        self.part(part).add(
            Rect(
                x,
                y,
                w,
                h,
                fillColor=color(fill) if fill else None,
                strokeColor=color(stroke) if stroke else None,
                strokeWidth=width,
            )
        )

    def hatch(self, part, x, y, w, h, ink, step=4.0) -> None:
        """Diagonal lines filling a rectangle (a target's hollow bar)."""
        if w < 0:
            x, w = x + w, -w
        c = -h
        while c < w:
            lo, hi = max(0.0, -c), min(h, w - c)
            if lo < hi:
                self.line(part, [(x + c + lo, y + lo), (x + c + hi, y + hi)], ink, 0.6)
            c += step

    def marker(self, part, x, y, kind: str, ink: str, hollow: bool, size: float = 7) -> None:
        fill = color("white") if hollow else color(ink)
        if kind == "triangle":
            r = size * 0.62
            shape = Polygon([x, y + r, x - r * 0.87, y - r * 0.5, x + r * 0.87, y - r * 0.5])
        else:
            shape = Circle(x, y, size / 2)
        shape.fillColor, shape.strokeColor, shape.strokeWidth = fill, color(ink), 1.4
        self.part(part).add(shape)

    def chart(self, plot, x_range) -> Chart:
        return Chart(self.drawing, self.parts, plot, x_range)


@dataclass(frozen=True)
class Scale:
    """Data to points along one axis: ``lo``–``hi`` onto ``a``–``b`` (log10 if ``log``)."""

    lo: float
    hi: float
    a: float
    b: float
    log: bool = False

    def __call__(self, v: float) -> float:
        lo, hi = self.lo, self.hi
        if self.log:
            v, lo, hi = math.log10(v), math.log10(lo), math.log10(hi)
        return self.a + (v - lo) / ((hi - lo) or 1) * (self.b - self.a)


def nice_ticks(lo: float, hi: float, want: int = 6, integer: bool = False) -> list[float]:
    """Round tick values inside ``lo``–``hi``, about ``want`` of them: steps of 1, 2 or 5 × a
    power of ten (whole steps if ``integer``)."""
    if not hi > lo:
        return [lo]
    mag = math.floor(math.log10((hi - lo) / want))
    best: list[float] = []
    for k in (mag - 1, mag, mag + 1):
        for m in (1, 2, 5):
            step = m * 10.0**k
            if integer and step < 1:
                continue
            first, last = math.ceil(lo / step - 1e-9), math.floor(hi / step + 1e-9)
            ticks = [round(i * step, 10) for i in range(first, last + 1)]
            if not best or abs(len(ticks) - want) < abs(len(best) - want):
                best = ticks
    return best


def log_ticks(lo: float, hi: float) -> list[float]:
    """Powers of ten inside ``lo``–``hi`` (with 2× and 5× when fewer than three fit)."""
    decades = range(math.floor(math.log10(lo)), math.ceil(math.log10(hi)) + 1)
    ticks = [10.0**k for k in decades if lo <= 10.0**k <= hi]
    if len(ticks) < 3:
        ticks = sorted(m * 10.0**k for k in decades for m in (1, 2, 5) if lo <= m * 10.0**k <= hi)
    return ticks


def year_ticks(years) -> list[int]:
    """Whole years, one tick each (thinned when there are many)."""
    years = sorted({int(y) for y in years})
    step = max(1, (years[-1] - years[0]) // 12 + 1)
    return list(range(years[0], years[-1] + 1, step))


def legend_rows(labels: list[str], room: float, size: float = LEGEND_SIZE) -> list[list[int]]:
    """Legend entries (their indexes) in rows no wider than ``room`` points: a sample, the
    label, a gap."""
    rows: list[list[int]] = []
    used = 0.0
    for i, label in enumerate(labels):
        w = _entry_width(label, size)
        if not rows or used + w > room:
            rows.append([])
            used = 0.0
        rows[-1].append(i)
        used += w
    return rows


def legend_height(labels: list[str], room: float, size: float = LEGEND_SIZE) -> float:
    """Points a legend of ``labels`` takes in ``room`` points of width."""
    return len(legend_rows(labels, room, size)) * size * 1.7 + (4 if labels else 0)


def _entry_width(label: str, size: float) -> float:
    return 22 + text_width(label, size) + 12


def legend(sk: Sketch, entries, x0: float, x1: float, top: float, size: float = LEGEND_SIZE):
    """Legend entries ``(draw_sample(x, y), label)`` in rows from ``top`` down, centred between
    ``x0`` and ``x1``."""
    labels = [label for _, label in entries]
    for r, row in enumerate(legend_rows(labels, x1 - x0, size)):
        y = top - (r + 0.5) * size * 1.7
        x = (x0 + x1 - sum(_entry_width(labels[i], size) for i in row)) / 2
        for i in row:
            sample, label = entries[i]
            sample(x, y)
            sk.text("legend", x + 22, y, label, size, middle=True)
            x += _entry_width(label, size)


def axis_left(sk, scale: Scale, ticks, x: float, labels, size=8, grid_to: float | None = None):
    """A vertical axis at ``x``: line, ticks and their labels; grid lines up to ``grid_to``."""
    sk.line("axes", [(x, scale.a), (x, scale.b)])
    for t, label in zip(ticks, labels, strict=True):
        y = scale(t)
        if grid_to is not None:
            sk.line("grid", [(x, y), (grid_to, y)], GRID, 0.6)
        sk.line("axes", [(x - 3, y), (x, y)])
        sk.text("y_ticks", x - 5, y, label, size, anchor="end", middle=True)


def axis_bottom(sk, scale: Scale, ticks, y: float, labels, size=8, angle=0):
    """A horizontal axis at ``y``: line, ticks and their labels below."""
    sk.line("axes", [(scale.a, y), (scale.b, y)])
    for t, label in zip(ticks, labels, strict=True):
        x = scale(t)
        sk.line("axes", [(x, y), (x, y - 3)])
        if angle:
            sk.text("x_ticks", x + size * 0.36, y - 5, label, size, anchor="end", angle=angle)
        else:
            sk.text("x_ticks", x, y - 5 - size, label, size, anchor="middle")


def trend_chart(
    series: pd.DataFrame,
    title: str,
    unit: str,
    names: dict[str, str],
    lang: str = "en",
    height: float = 3.6,
) -> Chart:
    """One indicator's figures per jurisdiction and vintage.

    ``series`` is a trend or series table (``jurisdiction_id, year, vintage, value_std``);
    ``names`` maps jurisdiction ids to display names. Targets, preliminary and final figures
    are separate series; a chart spanning more than ``LOG_SPREAD``× uses a log scale.
    """
    from zjanalysis.tables.formatting import VINTAGE_LABELS

    data = series.dropna(subset=["value_std"])
    if "vintage" not in data:
        data = data.assign(
            vintage=data["kind"]
            .map({"target": "target", "estimate": "preliminary"})
            .fillna("final")
        )
    labels = VINTAGE_LABELS[lang]
    lines = []  # (colour, vintage, label, rows)
    for i, (jur, g) in enumerate(data.groupby("jurisdiction_id", sort=False)):
        for vintage in ("target", "preliminary", "final"):
            part = g[g["vintage"] == vintage].sort_values("year", kind="stable")
            if len(part):
                label = f"{names.get(jur, jur)} · {labels[vintage]}"
                lines.append((PALETTE[i % len(PALETTE)], vintage, label, part))
    width = CHART_WIDTH * PT
    legend_h = legend_height([label for *_, label, _ in lines], width - 80)
    sk = Sketch(width, height * PT + legend_h)
    sk.text("title", width / 2, sk.height - 14, title, 11, anchor="middle")
    top, bottom = sk.height - 30, legend_h + 34
    if not len(data):
        sk.text(
            "notes",
            width / 2,
            (top + bottom) / 2,
            "无数值" if lang == "zh" else "no numeric figures",
            9,
            anchor="middle",
        )
        return sk.chart((40, bottom, width - 10, top), (0, 1))
    lo, hi = float(data["value_std"].min()), float(data["value_std"].max())
    log = lo > 0 and hi / lo > LOG_SPREAD
    if log:
        y_lo, y_hi = lo / 1.6, hi * 1.9
        ticks = log_ticks(y_lo, y_hi)
    else:
        pad = (hi - lo) * 0.18 or abs(hi) * 0.1 or 1
        y_lo = 0 if lo >= 0 and lo <= hi * 0.5 else lo - pad
        y_hi = hi + pad * 1.6
        ticks = nice_ticks(y_lo, y_hi)
    tick_labels = [number(t) for t in ticks]
    left = 22 + max(text_width(t, 8) for t in tick_labels) + 8
    ys = Scale(y_lo, y_hi, bottom, top, log)
    years = year_ticks(data["year"])
    first, last = int(data["year"].min()), int(data["year"].max())
    xs = Scale(first - 0.6, last + 0.6, left, width - 12)
    axis_left(sk, ys, ticks, left, tick_labels, grid_to=width - 12)
    axis_bottom(sk, xs, years, bottom, [str(y) for y in years])
    sk.text(
        "labels",
        (left + width - 12) / 2,
        bottom - 28,
        "年份" if lang == "zh" else "year",
        8.5,
        anchor="middle",
    )
    sk.text("labels", 10, (top + bottom) / 2, unit, 8.5, anchor="middle", angle=90)
    for ink, vintage, _, part in lines:
        style = VINTAGE_STYLE[vintage]
        points = [(xs(r.year), ys(r.value_std)) for r in part.itertuples()]
        if len(points) > 1:
            sk.line("series", points, ink, 1.8, style["dash"])
        for x, y in points:
            sk.marker("series", x, y, style["marker"], ink, style["hollow"])
    placed: list[tuple[float, float, float, float]] = []
    said: set[tuple[int, int, str]] = set()
    for ink, vintage, _, part in lines:  # value labels last: above every line
        for r in part.itertuples():
            x, y = xs(r.year), ys(r.value_std)
            text = f"{number(r.value_std)}{unit}"
            if (round(x), round(y), text) in said:  # two vintages, one figure: said once
                continue
            said.add((round(x), round(y), text))
            placed.append(_value_label(sk, placed, x, y, text, ink, vintage != "preliminary"))
    legend(
        sk,
        [(_line_sample(sk, ink, VINTAGE_STYLE[v]), label) for ink, v, label, _ in lines],
        40,
        width - 40,
        legend_h + 2,
    )
    return sk.chart((left, bottom, width - 12, top), (xs.lo, xs.hi))


def _value_label(sk: Sketch, placed, x: float, y: float, text: str, ink: str, above: bool):
    """A value's label beside its marker where it overlaps no label drawn yet: above (targets,
    finals) or below (preliminary figures), then the other side, right, left, further out; the
    first place if all are taken. Returns the box it took."""
    w, h = text_width(text, LABEL_SIZE), LABEL_SIZE
    up, down = (x - w / 2, y + 6), (x - w / 2, y - 13)
    tries = [up, down] if above else [down, up]
    tries += [(x + 6, y - 3), (x - 6 - w, y - 3), (x - w / 2, y + 15), (x - w / 2, y - 22)]
    boxes = [(x0, base, x0 + w, base + h) for x0, base in tries]
    box = next((b for b in boxes if not any(_overlap(b, o) for o in placed)), boxes[0])
    sk.text("values", box[0], box[1], text, LABEL_SIZE, ink)
    return box


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _line_sample(sk: Sketch, ink: str, style: dict):
    def draw(x, y):
        sk.line("legend", [(x, y), (x + 18, y)], ink, 1.6, style["dash"])
        sk.marker("legend", x + 9, y, style["marker"], ink, style["hollow"], 6)

    return draw


def _box_sample(sk: Sketch, fill: str, hollow: bool):
    def draw(x, y):
        if hollow:
            sk.rect("legend", x, y - 4, 18, 8, "white", fill, 1)
            sk.hatch("legend", x, y - 4, 18, 8, fill)
        else:
            sk.rect("legend", x, y - 4, 18, 8, fill)

    return draw


def ranking_chart(
    ranking: pd.DataFrame,
    history: pd.DataFrame,
    title: str,
    unit: str,
    highlight: str,
    lang: str = "en",
    height: float = 6.2,
) -> Chart:
    """Ranked bars of every province with the national figure as a line and one place marked;
    beside them, that place's rank across years."""
    zh = lang == "zh"
    width = CHART_WIDTH * PT
    sk = Sketch(width, height * PT)
    sk.text("title", 4, sk.height - 14, title, 11)
    names = ranking["name_zh" if zh else "name_en"].astype(str).tolist()
    values = ranking["value"].astype(float).tolist()
    marked = (ranking["jurisdiction_id"] == highlight).tolist()
    left = 6 + max((text_width(n, 6.5) for n in names), default=0) + 6
    right = width * 0.70
    top, bottom = sk.height - 44, 34
    hi = max(values, default=1) * 1.12 or 1
    xs = Scale(min(0.0, min(values, default=0)), hi, left, right)
    ticks = nice_ticks(xs.lo, hi, 5)
    row = (top - bottom) / max(len(values), 1)
    for i, (name, value, mark) in enumerate(zip(names, values, marked, strict=True)):
        y = top - (i + 0.5) * row
        ink = PALETTE[1] if mark else "#9db4d3"
        sk.rect("bars", xs(0), y - row * 0.4, xs(value) - xs(0), row * 0.8, ink)
        sk.text("y_labels", left - 4, y, name, 6.5, anchor="end", middle=True)
        sk.text(
            "values",
            xs(max(value, 0)) + 2,
            y,
            number(value),
            6.5,
            PALETTE[1] if mark else INK,
            middle=True,
        )
    axis_bottom(sk, xs, ticks, bottom, [number(t) for t in ticks])
    sk.line("axes", [(left, bottom), (left, top)])
    sk.text("labels", (left + right) / 2, bottom - 28, unit, 8.5, anchor="middle")
    national = ranking.attrs.get("country")
    if national is not None and national == national:
        label = f"{'全国' if zh else 'China'} {number(national)}{unit}"
        if national <= hi:
            x = xs(national)
            sk.line("national", [(x, bottom), (x, top + 4)], INK, 1, [4, 2])
            sk.text("national", x, top + 8, label, 7, anchor="middle")
        else:  # a total: the country's figure is off the provinces' scale, so it is only named
            sk.text("national", right, top + 8, label, 7, anchor="end")
    _rank_panel(sk, history, zh, (width * 0.80, sk.height * 0.35, width - 8, sk.height * 0.86))
    return sk.chart((left, bottom, right, top), (xs.lo, xs.hi))


def _rank_panel(sk: Sketch, history: pd.DataFrame, zh: bool, box) -> None:
    """The marked place's rank by year (1 on top), or why it has none."""
    x0, y0, x1, y1 = box
    h = history.dropna(subset=["rank"]) if len(history) else history
    if len(history) and not len(h):  # China highlighted: the reference has no rank
        lines = ["全国为参照，不参与排名"] if zh else ["China is the reference:", "it has no rank"]
        for i, text in enumerate(lines):
            sk.text("ranks", (x0 + x1) / 2, (y0 + y1) / 2 - i * 11, text, 8, anchor="middle")
        return
    if not len(h):
        return
    worst = int(h["rank"].max())
    bottom_rank = min(int(h["of"].max()), worst + 3)
    ys = Scale(bottom_rank + 0.5, 0.5, y0, y1)
    years = year_ticks(h["year"])
    xs = Scale(min(years) - 0.6, max(years) + 0.6, x0, x1)
    ranks = nice_ticks(1, bottom_rank, 8, integer=True)
    axis_left(sk, ys, ranks, x0, [str(int(r)) for r in ranks], 7)
    axis_bottom(sk, xs, years, y0, [str(y) for y in years], 6.5, angle=90)
    sk.text(
        "ranks", (x0 + x1) / 2, y1 + 8, "历年排名" if zh else "Rank by year", 8.5, anchor="middle"
    )
    points = [(xs(r.year), ys(int(r.rank))) for r in h.itertuples()]
    if len(points) > 1:
        sk.line("ranks", points, PALETTE[1], 1.6)
    for (x, y), r in zip(points, h["rank"], strict=True):
        sk.marker("ranks", x, y, "circle", PALETTE[1], False, 5.5)
        sk.text("ranks", x, y + 5, str(int(r)), 7, anchor="middle")


def count_chart(
    counts: pd.DataFrame,
    title: str,
    lang: str = "en",
    value_format: str = "{:d}",
    colors: list[str] | None = None,
    height: float = 6.5,
) -> Chart:
    """Horizontal bars per category: one bar series per column of ``counts`` (e.g. targets and
    reported figures per theme); with ``colors`` (one per column) the series are stacked.
    The drawing grows with the categories, up to ``height`` inches."""
    stacked = colors is not None
    n, m = len(counts), max(len(counts.columns), 1)
    width = CHART_WIDTH * PT
    labels = [str(c)[:28] for c in counts.index]
    entries = [str(c) for c in counts.columns]
    legend_h = legend_height(entries, width - 40)
    row = 15 if stacked or m == 1 else 8 + 7 * m
    plot_h = min(max(n, 1) * row, height * PT - 64 - legend_h)
    sk = Sketch(width, plot_h + 64 + legend_h)
    sk.text("title", width / 2, sk.height - 14, title, 11, anchor="middle")
    top, bottom = sk.height - 26, legend_h + 32
    row = (top - bottom) / max(n, 1)
    left = 6 + max((text_width(t, 8.5) for t in labels), default=0) + 8
    left = min(left, width * 0.55)
    totals = counts.sum(axis=1) if stacked else counts.max(axis=1)
    lows = counts.clip(upper=0).sum(axis=1) if stacked else counts.min(axis=1)
    hi = max(float(totals.max()) if n else 0.0, 0.0) * 1.12
    lo = min(float(lows.min()) if n else 0.0, 0.0) * 1.12
    integer = value_format == "{:d}"
    if integer:
        hi = max(hi, 4.5)  # one or two statements are not drawn as a full-width bar
    hi = hi or 1.0
    xs = Scale(lo, hi, left, width - 24)
    ticks = nice_ticks(lo, hi, 6, integer=integer)
    base = [0.0] * n
    for j, col in enumerate(counts.columns):
        hollow = str(col) in TARGET_SERIES and not stacked
        fill = colors[j] if stacked else PALETTE[0]
        bar_h = row * 0.7 if stacked else row * 0.8 / m
        for i, v in enumerate(counts[col].astype(float)):
            y = top - (i + 0.5) * row
            if not stacked:
                y += (m - 1) / 2 * bar_h - j * bar_h
            start = base[i] if stacked else 0.0
            x_a, x_b = xs(start), xs(start + v)
            if v:
                if hollow:
                    sk.rect("bars", x_a, y - bar_h / 2, x_b - x_a, bar_h, "white", fill, 1)
                    sk.hatch("bars", x_a, y - bar_h / 2, x_b - x_a, bar_h, fill)
                else:
                    sk.rect(
                        "bars",
                        x_a,
                        y - bar_h / 2,
                        x_b - x_a,
                        bar_h,
                        fill,
                        "white" if stacked else None,
                        0.6,
                    )
                text = value_format.format(int(v) if integer else v)
                if stacked:
                    if text_width(text, 7.5) < abs(x_b - x_a) - 2:
                        sk.text(
                            "values",
                            (x_a + x_b) / 2,
                            y,
                            text,
                            7.5,
                            _on(fill),
                            anchor="middle",
                            middle=True,
                        )
                elif v > 0:
                    sk.text("values", x_b + 2, y, text, 8, middle=True)
                else:
                    sk.text("values", x_b - 2, y, text, 8, anchor="end", middle=True)
            if stacked:
                base[i] += v
    for i, label in enumerate(labels):
        sk.text("y_labels", left - 6, top - (i + 0.5) * row, label, 8.5, anchor="end", middle=True)
    if lo < 0:
        sk.line("axes", [(xs(0), bottom), (xs(0), top)], GRID, 0.8)
    sk.line("axes", [(left, bottom), (left, top)])
    axis_bottom(sk, xs, ticks, bottom, [number(t) for t in ticks])
    samples = [
        _box_sample(
            sk, colors[j] if stacked else PALETTE[0], str(c) in TARGET_SERIES and not stacked
        )
        for j, c in enumerate(counts.columns)
    ]
    legend(sk, list(zip(samples, entries, strict=True)), 20, width - 20, legend_h + 2)
    return sk.chart((left, bottom, width - 24, top), (lo, hi))


def _on(fill: str) -> str:
    """Text colour readable on ``fill``."""
    c = color(fill)
    return "white" if 0.299 * c.red + 0.587 * c.green + 0.114 * c.blue < 0.55 else INK
