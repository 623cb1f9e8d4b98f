"""Writing a report as an Excel workbook (openpyxl): Summary, Data, Sources, Chart data, About.

Text from the documents is always stored as text, never as a formula. Every number is shown
with the decimals it has (a cell's format follows its own value, on the Data sheet with its
row's unit), headers carry units and wrap, the header row is frozen and filtered, widths
come from the font's metrics (``fonts.text_width``), and rows are as tall as their wrapped text.

Each sheet prints on A4, landscape when it is too wide for portrait, fitted to the page width
at ``MIN_SCALE`` % or more (columns that would push it below stay on screen, off the print
area: the Data sheet puts the ones a reader needs first), its header row repeated. The
Summary's chart reads its numbers from the Chart data sheet, under their own headers; a trend's
value axis fits its figures, and a ranking labels the place it marks.

Cells are styled through a few named styles (``zja …``) in one sans family, ``FONT``:
Microsoft YaHei, the sans CJK font every Windows Excel has (the PDFs embed Noto Sans SC, which
Excel does not ship); where it is missing (LibreOffice on Linux, Excel on a Mac) the
application substitutes its default sans, never a serif.
"""

from __future__ import annotations

import math
import re
from datetime import UTC
from functools import cache, lru_cache
from pathlib import Path

import pandas as pd

from zjanalysis.fonts import CJK, text_width
from zjanalysis.messages import N_, translator
from zjanalysis.plot.bars import TARGET_SERIES
from zjanalysis.plot.theme import HEADER_FILL, HIGHLIGHT, MUTED, PALETTE, VINTAGE_STYLE
from zjanalysis.reports.content import ReportContent
from zjanalysis.tables.formatting import FORMULA_STARTS, VINTAGE_LABELS, blank, label

FONT = "Microsoft YaHei"
FONT_SIZE = 10
LINE_PT = 14.5  # height of one line of FONT_SIZE text, in points
MAX_WIDTH = 50  # widest column, in characters; longer text wraps
# a column's width is counted in characters of Excel's unit, 7 px (Calibri 11's digit): an em
# of FONT_SIZE text, 13.3 px, takes 1.9 of them; 2.2 (the width a CJK character always had
# here) leaves 15 % to spare for the font Excel draws in (YaHei, or the application's default
# sans where it is missing), for every character alike
EM_CHARS = 2.2
HEADER_LINES = 3  # a header wraps to this many lines before its column widens for it
MAX_DECIMALS = 6  # a number shows at most this many decimals
MARKER_SYMBOLS = {"o": "circle", "^": "triangle", "D": "diamond"}  # matplotlib's → DrawingML's
YEAR_HEADER = re.compile(r"\byears?\b|年份", re.IGNORECASE)  # not "yearly": a rate

SHEETS = {  # the workbook's sheets, in order
    "summary": N_("Summary"),
    "data": N_("Data"),
    "sources": N_("Sources"),
    "chart": N_("Chart data"),
    "about": N_("About"),
}
# the text this module writes itself, in each language

# printing: A4, widths in points. A column w characters wide prints w × CHAR_PT + COLUMN_PAD_PT
# points at 100 %: the character is the default font's digit, 5.25 pt in Excel's Calibri and
# 7 pt in the DejaVu Sans LibreOffice puts in its place where Calibri is missing — the wider,
# so a sheet prints at least at the scale computed here, larger in Excel
CHAR_PT = 7.0
COLUMN_PAD_PT = 3.75
PRINT_TARGET = 70  # % a table's printed columns are narrowed to print at, their text wrapping
PAGE_PT = {"portrait": (595.3, 841.9), "landscape": (841.9, 595.3)}
MARGIN_IN = 0.5  # left, right, top and bottom
MIN_SCALE = 60  # % of full size: below it, type is too small to read
PORTRAIT_SCALE = 85  # portrait when the printed columns fit it at this scale or more
DEFAULT_WIDTH = 8.43  # a column whose width is not set
# the Data sheet's columns a reader needs, first and in the print area ({lang}: the report's)
DATA_PRINT_COLUMNS = (
    "target_id",
    "year",
    "jurisdiction_{lang}",
    "indicator_{lang}",
    "vintage",
    "figure",
    "quote",
    "document_id",
)


@lru_cache(maxsize=1 << 16)  # a workbook measures the same words and characters again and again
def column_chars(text: str) -> float:
    """Width of ``text`` in a column's characters: its width in ems from the font's own
    advance widths (``fonts.text_width``), a full-width character (1 em) taking ``EM_CHARS``."""
    return text_width(text, 1.0) * EM_CHARS


def rgb(color: str) -> str:
    """A theme colour (``#1f5fa8``) as openpyxl writes it (``1F5FA8``)."""
    return color.lstrip("#").upper()


@cache
def _style_name(bold: bool, fill: str | None, wrap: bool | None, numeric: bool) -> str:
    """The name of a cell's named style, ``zja …``, from what it looks like."""
    parts = (
        "header" if bold else "text",
        f"fill {fill}" if fill else "",
        {True: "wrapped", False: "top", None: ""}[wrap],
        "number" if numeric else "",
    )
    return "zja " + " ".join(part for part in parts if part)


def _style(wb, bold: bool, fill: str | None, wrap: bool | None, numeric: bool) -> str:
    """The named style of a cell (registered in ``wb`` on first use): the workbook's font,
    bold and filled for headers, top-aligned and wrapped or not, numbers right-aligned with
    a space before the next column. Its sides are written out without lines, so that
    merging cells finds no border to copy to each of them (merges took 5 times as long)."""
    name = _style_name(bold, fill, wrap, numeric)
    if name not in wb.named_styles:
        from openpyxl.styles import Alignment, Border, NamedStyle, PatternFill, Side

        sides = Border(left=Side(), right=Side(), top=Side(), bottom=Side())
        style = NamedStyle(name=name, font=body_font(bold), border=sides)
        if fill:
            style.fill = PatternFill("solid", fgColor=fill)
        if numeric:
            style.alignment = Alignment(horizontal="right", indent=1, vertical="top")
        elif wrap is not None:
            style.alignment = Alignment(wrap_text=wrap, vertical="top")
        wb.add_named_style(style)
    return name


def put(
    ws,
    row: int,
    col: int,
    value,
    number_format: str | None = None,
    *,
    bold: bool = False,
    fill: str | None = None,
    wrap: bool | None = None,
):
    """Write one cell in the workbook's font, ``bold``, ``fill``-ed and, if ``wrap`` is given,
    top-aligned and wrapped or not; strings are forced to text so nothing becomes a formula.
    A number gets ``number_format``, by default one showing the decimals it has. A blank
    value leaves the cell empty (styled only if asked)."""
    cell = ws.cell(row=row, column=col)
    if blank(value):
        if bold or fill or wrap is not None:
            cell.style = _style(ws.parent, bold, fill, wrap, False)
        return cell
    if isinstance(value, pd.Timestamp):
        value = value.date()
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()  # numpy scalars
    numeric = isinstance(value, int | float) and not isinstance(value, bool)
    cell.style = _style(ws.parent, bold, fill, wrap, numeric)
    if numeric:
        cell.number_format = number_format or value_format(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    return cell


def body_font(bold: bool = False):
    """The workbook's font (``FONT``), bold for headers."""
    from openpyxl.styles import Font

    return Font(name=FONT, size=FONT_SIZE, bold=bold)


def decimals(value: float) -> int:
    """How many decimals ``value`` has, at most ``MAX_DECIMALS``: 0.1 → 1, 2.88 → 2, 3.0 → 0
    (float noise such as 0.30000000000000004 does not count)."""
    text = f"{float(value):.{MAX_DECIMALS}f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def value_format(value, unit=None, year: bool = False) -> str:
    """The number format of one value: a year as it is (``0``), else ``#,##0`` with the
    value's own decimals, followed by ``unit`` when given."""
    if year and float(value).is_integer():
        return "0"
    d = decimals(value)
    return with_unit("#,##0" + ("." + "0" * d if d else ""), unit)


def with_unit(number_format: str, unit) -> str:
    """A number format that shows the unit after the number: ``0.00" 亿元"``."""
    if not isinstance(unit, str) or not unit:
        return number_format
    return f'{number_format}"{" " if unit != "%" else ""}{unit.replace(chr(34), "")}"'


WRAP_TOKENS = re.compile(rf"\s+|[{CJK}]|[^\s{CJK}]+")  # where a spreadsheet breaks a line


def lines_needed(text: str, width: float) -> int:
    """How many lines ``text`` takes in a wrapped column ``width`` characters wide: words
    kept whole on a line where they fit, CJK broken anywhere, a word wider than the column
    cut."""
    room = max(width - 1.5, 1.0)
    lines = 0
    for para in str(text).split("\n"):
        lines, used = lines + 1, 0.0
        for token in WRAP_TOKENS.findall(para):
            w = column_chars(token)
            if token.isspace():
                used += w if used else 0.0
                continue
            if used and used + w > room:
                lines, used = lines + 1, 0.0
            while w > room:  # cut
                lines, w = lines + 1, w - room
            used += w
    return max(lines, 1)


def _longest_word(text: str) -> float:
    """Width of the longest piece of ``text`` a wrapped cell cannot break: a Latin word or id
    (CJK text breaks anywhere)."""
    return max((round(column_chars(w)) for w in re.findall(rf"[^\s{CJK}]+", text)), default=0)


def column_width(header: str, texts: list[str]) -> float:
    """A column's width in characters: its longest value (up to ``MAX_WIDTH``, then it
    wraps), and room for its header on at most ``HEADER_LINES`` lines, never breaking a
    Latin word of it."""
    body = max((round(column_chars(t)) for t in texts), default=0)
    head = max(_longest_word(header), round(column_chars(header)) / HEADER_LINES)
    return max(8, min(max(body, head) + 3, MAX_WIDTH))


def narrowest_width(header: str, texts: list[str]) -> float:
    """The narrowest a column may get: no word of its cells or header broken, four CJK
    characters a line, and never below 8."""
    least = max(_longest_word(t) for t in [header, *texts])
    cjk = 4 * EM_CHARS if re.search(rf"[{CJK}]", "".join(texts)) else 0
    return max(8, max(least, cjk) + 3)


def fit_widths(natural: list[float], least: list[float], budget: float) -> list[float]:
    """Column widths whose sum is at most ``budget`` where it can be: the columns wider than
    they must be give up their excess in proportion (their text wraps), none below ``least``."""
    over = sum(natural) - budget
    spare = [max(n - m, 0) for n, m in zip(natural, least, strict=True)]
    if over <= 0 or not sum(spare):
        return natural
    share = min(over / sum(spare), 1.0)
    return [n - d * share for n, d in zip(natural, spare, strict=True)]


def _texts(values) -> list[str]:
    return ["" if blank(v) else _shown(_plain(v)) for v in values]


def _plain(value):
    """A numpy scalar as the Python number it holds; anything else as it is."""
    if hasattr(value, "item") and not isinstance(value, str | pd.Timestamp):
        return value.item()
    return value


def _shown(value) -> str:
    """A value as its cell shows it (numbers with their decimals and separators)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return f"{value:,.{decimals(value)}f}"


def write_frame(ws, frame: pd.DataFrame, start_row: int = 1, print_cols: int = 0) -> int:
    """Write a table with a styled, wrapped header; return the last row written. Its first
    ``print_cols`` columns (default all) are narrowed, their longest texts wrapping, to print
    across a landscape page at ``PRINT_TARGET`` %."""
    units = _row_units(frame)
    texts = []  # per column, header first, each cell as shown (numbers with their unit)
    for col in frame.columns:
        shown = _texts(frame[col].tolist())
        if col in units:
            shown = [
                f"{t} {u}" if t and isinstance(u, str) else t
                for t, u in zip(shown, units[col], strict=True)
            ]
        texts.append([str(col), *shown])
    widths = [column_width(t[0], t[1:]) for t in texts]
    n = print_cols or len(widths)
    budget = (fit_room("landscape") * 100 / PRINT_TARGET - n * COLUMN_PAD_PT) / CHAR_PT
    least = [narrowest_width(t[0], t[1:]) for t in texts[:n]]
    widths[:n] = fit_widths(widths[:n], least, budget)

    lines = [1] * (len(frame) + 1)  # per row, header first
    wraps = {}  # per column number, which of its cells wrap
    for j, (col, width, column) in enumerate(zip(frame.columns, widths, texts, strict=True), 1):
        ws.column_dimensions[ws.cell(row=start_row, column=j).column_letter].width = width
        needed = [lines_needed(text, width) for text in column]
        wraps[j] = [k > 1 for k in needed[1:]]
        lines = [max(a, b) for a, b in zip(lines, needed, strict=True)]
        put(ws, start_row, j, str(col), bold=True, fill=rgb(HEADER_FILL), wrap=True)
    years = [bool(YEAR_HEADER.search(str(col))) for col in frame.columns]
    for k, row in enumerate(frame.itertuples(index=False)):
        for j, (col, value) in enumerate(zip(frame.columns, row, strict=True), 1):
            fmt = None
            value = _plain(value)
            if isinstance(value, int | float) and not isinstance(value, bool) and value == value:
                unit = units[col][k] if col in units else None
                fmt = value_format(value, unit, years[j - 1])
            # every cell top-aligned, so a row of wrapped and single lines reads level
            put(ws, start_row + 1 + k, j, value, fmt, wrap=wraps[j][k])
    for k, n in enumerate(lines):  # a wrapped cell never prints over the rows below
        ws.row_dimensions[start_row + k].height = LINE_PT * n + 3
    return start_row + len(frame)


def _row_units(frame: pd.DataFrame) -> dict[str, list]:
    """Per numeric column of a statements table, each row's unit (for its number format)."""
    out = {}
    if "unit" in frame:
        for col in ("value", "value_high"):
            if col in frame:
                out[col] = frame["unit"].tolist()
    if "value_std" in frame and "indicator_unit" in frame:
        out["value_std"] = frame["indicator_unit"].tolist()
    return out


def column_points(width: float | None) -> float:
    """A column's printed width in points at 100 %, from its width in characters."""
    return (width or DEFAULT_WIDTH) * CHAR_PT + COLUMN_PAD_PT


def fit_room(orientation: str) -> float:
    """Points across an A4 page between the margins."""
    return PAGE_PT[orientation][0] - 2 * 72 * MARGIN_IN


def fit_scale(width_pt: float, orientation: str) -> float:
    """The % at which ``width_pt`` points of columns fit the page's width (at most 100)."""
    return min(100.0, 100.0 * fit_room(orientation) / max(width_pt, 1.0))


def printed_width(ws, ncols: int) -> float:
    """Points the first ``ncols`` columns of ``ws`` take at 100 %."""
    from openpyxl.utils import get_column_letter

    return sum(
        column_points(ws.column_dimensions[get_column_letter(j)].width) for j in range(1, ncols + 1)
    )


def print_setup(ws, ncols: int | None = None, last_row: int | None = None, min_width=0.0) -> None:
    """Print on A4 with the header row repeated on every page, fitted to the page width:
    portrait when the first ``ncols`` columns (default all) fit it at ``PORTRAIT_SCALE`` % or
    more, else landscape; the columns that would bring landscape below ``MIN_SCALE`` % are
    left out of the print area, and empty ones added to reach ``min_width`` points (a chart's)."""
    from openpyxl.utils import get_column_letter

    ncols = ncols or max(ws.max_column, 1)
    while ncols > 1 and fit_scale(printed_width(ws, ncols), "landscape") < MIN_SCALE:
        ncols -= 1
    while printed_width(ws, ncols) < min_width:
        ncols += 1
    portrait = fit_scale(printed_width(ws, ncols), "portrait") >= PORTRAIT_SCALE
    ws.page_setup.orientation = "portrait" if portrait else "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_margins.left = ws.page_margins.right = MARGIN_IN
    ws.page_margins.top = ws.page_margins.bottom = MARGIN_IN + 0.1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_area = f"A1:{get_column_letter(ncols)}{max(last_row or ws.max_row, 1)}"


def _finish_table(
    ws, last_row: int, ncols: int, print_cols: int | None = None, repeat_header: bool = True
) -> None:
    """Print setup (the header row repeated on every page, if ``repeat_header``), the header
    row frozen and filtered."""
    from openpyxl.utils import get_column_letter

    print_setup(ws, print_cols)
    if repeat_header:
        ws.print_title_rows = "1:1"
    ws.freeze_panes = "A2"
    if last_row >= 1 and ncols:
        ws.auto_filter.ref = f"A1:{get_column_letter(ncols)}{max(last_row, 2)}"


CHART_CM = (16, 24)  # narrowest and widest chart, in cm
ROW_CM = 0.53  # a default 15 pt row, in centimetres
CM_PT = 72 / 2.54


def _chart_height(content: ReportContent) -> float:
    """Chart height in cm: fixed for a trend, growing with the categories of a bar chart."""
    if content.chart.kind == "trend":
        return 11.0
    if content.chart.kind == "ranking":
        return max(9.0, 0.5 * len(content.chart.frame) + 3)
    return max(7.0, 0.6 * len(content.chart.table()[0]) + 3)


def nice_axis(values) -> tuple[float, float, float]:
    """Value-axis minimum, maximum and step that fit ``values`` with a little room (steps
    of 1, 2, 2.5 or 5 × 10ⁿ; from zero only when the figures come near it)."""
    lo, hi = float(min(values)), float(max(values))
    span = hi - lo or abs(hi) * 0.2 or 1.0
    raw = span / 5
    base = 10 ** math.floor(math.log10(raw))
    step = next(base * m for m in (1, 2, 2.5, 5, 10) if base * m >= raw)
    vmin = math.floor((lo - 0.05 * span) / step) * step
    vmax = math.ceil((hi + 0.05 * span) / step) * step
    if lo >= 0 > vmin:
        vmin = 0.0
    return round(vmin, 10), round(vmax, 10), step


def _trend_chart(ws, content: ReportContent):
    """A scatter-with-lines chart: one series per place and vintage (target dashed and
    hollow), read from one table of years × series on ``ws``; the value axis fits the data."""
    from openpyxl.chart import Reference, ScatterChart, Series

    spec = content.chart
    _ = translator(content.lang)
    data = spec.frame.dropna(subset=["value_std"])  # a trend table: vintages labelled

    series = []  # (label, colour, vintage, {year: [values]})
    for i, (jur, g) in enumerate(data.groupby("jurisdiction_id", sort=False)):
        for vintage in VINTAGE_STYLE:  # the vintages the theme draws, in its order
            part = g[g["vintage"] == vintage]
            if len(part):
                by_year = part.groupby("year")["value_std"].apply(list).to_dict()
                label = f"{spec.names.get(jur, jur)} · {_(VINTAGE_LABELS[vintage])}"
                series.append((label, rgb(PALETTE[i % len(PALETTE)]), vintage, by_year))
    rows = []  # a year appears as often as its most-stated series needs
    for year in sorted({y for *_, by_year in series for y in by_year}):
        for k in range(max(len(s[3].get(year, [])) for s in series)):
            rows.append(
                [int(year)]
                + [s[3][year][k] if k < len(s[3].get(year, [])) else None for s in series]
            )
    table = pd.DataFrame(rows, columns=[_("Year"), *(s[0] for s in series)])
    last = write_frame(ws, table)

    chart = ScatterChart()
    chart.title = spec.title
    chart.style = 2
    chart.legend.position = "b"  # below: the plot keeps the chart's width
    chart.display_blanks = "span"  # a series' line runs over the years it has no figure for
    chart.x_axis.title = _("Year")
    chart.y_axis.title = spec.unit
    chart.x_axis.number_format = "0"
    chart.x_axis.majorUnit = 1
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    if len(data):
        chart.x_axis.scaling.min = int(data["year"].min()) - 1
        chart.x_axis.scaling.max = int(data["year"].max()) + 1
        vmin, vmax, step = nice_axis(data["value_std"])
        chart.y_axis.scaling.min, chart.y_axis.scaling.max = vmin, vmax
        chart.y_axis.majorUnit = step
        chart.y_axis.number_format = value_format(step)
    xs = Reference(ws, min_col=1, min_row=2, max_row=last)
    for j, (_label, color, vintage, _years) in enumerate(series, 2):
        s = Series(Reference(ws, min_col=j, min_row=1, max_row=last), xs, title_from_data=True)
        style = VINTAGE_STYLE[vintage]  # the charts' look, in DrawingML's words
        s.marker.symbol = MARKER_SYMBOLS[style["marker"]]
        s.marker.size = 8
        s.marker.graphicalProperties.line.solidFill = color
        s.marker.graphicalProperties.solidFill = "FFFFFF" if style["hollow"] else color
        line = s.graphicalProperties.line
        if style["linestyle"] == "none":  # figures apart, joined by no line
            line.noFill = True
        else:
            line.solidFill, line.width = color, 22000
        if style["linestyle"] not in ("-", "none"):  # (offset, (on, off)): dotted or dashed
            on, off = style["linestyle"][1]
            line.dashStyle = "sysDot" if on < off else "dash"
        chart.series.append(s)
    return chart


def _counts_chart(ws, content: ReportContent):
    """A horizontal bar chart with one series per column (targets, reported …)."""
    from openpyxl.chart import BarChart, Reference

    spec = content.chart
    frame, colors = spec.table()
    table = frame.reset_index()
    table.columns = [str(c) for c in table.columns]
    last = write_frame(ws, table)
    chart = BarChart()
    chart.type = "bar"
    chart.title = spec.title
    chart.style = 2
    chart.legend.position = "b"
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.x_axis.tickLblSkip = 1  # every category named
    if (frame.to_numpy(dtype=float) >= 0).all():
        chart.y_axis.scaling.min = 0  # bars start at zero, or 29 against 34 looks like 1:3
    data = Reference(ws, min_col=2, max_col=1 + len(frame.columns), min_row=1, max_row=last)
    cats = Reference(ws, min_col=1, min_row=2, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    if colors is not None:
        chart.grouping = "stacked"
        chart.overlap = 100
        for s, color in zip(chart.series, colors, strict=True):
            s.graphicalProperties.solidFill = rgb(color)
            s.graphicalProperties.line.solidFill = "FFFFFF"
        return chart
    for s, col in zip(chart.series, frame.columns, strict=True):
        hollow = str(col) == translator(content.lang)(TARGET_SERIES)  # as the chart draws it
        s.graphicalProperties.solidFill = "FFFFFF" if hollow else rgb(PALETTE[0])
        s.graphicalProperties.line.solidFill = rgb(PALETTE[0])
    return chart


def _ranking_chart(ws, content: ReportContent):
    """Ranked bars of every place, the marked one in its own colour and labelled with its
    name and value, the national figure in the title."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.chart.label import DataLabel, DataLabelList
    from openpyxl.chart.marker import DataPoint

    spec = content.chart
    _ = translator(content.lang)
    frame = spec.frame
    names = frame["name_zh" if content.lang == "zh" else "name_en"]
    table = pd.DataFrame({_("Province"): names.to_numpy(), spec.unit: frame["value"].to_numpy()})
    last = write_frame(ws, table)
    chart = BarChart()
    chart.type = "bar"
    national = frame.attrs.get("country")
    chart.title = (
        _("{title} (China {value})").format(title=spec.title, value=f"{national:g}{spec.unit}")
        if national is not None and national == national
        else spec.title
    )
    chart.style = 2
    chart.legend = None
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.x_axis.tickLblSkip = 1  # every province named
    chart.x_axis.scaling.orientation = "maxMin"  # rank 1 at the top
    if len(frame) and (frame["value"].dropna() >= 0).all():
        vmin, vmax, step = nice_axis([0, *frame["value"].dropna()])
        chart.y_axis.scaling.min, chart.y_axis.scaling.max = vmin, vmax
        chart.y_axis.majorUnit = step
        chart.y_axis.number_format = value_format(step)
    chart.y_axis.title = spec.unit
    data = Reference(ws, min_col=2, min_row=1, max_row=last)
    cats = Reference(ws, min_col=1, min_row=2, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    s = chart.series[0]
    s.graphicalProperties.solidFill = rgb(MUTED)
    s.graphicalProperties.line.solidFill = rgb(MUTED)
    marked = [i for i, j in enumerate(frame["jurisdiction_id"]) if j == spec.highlight]
    for idx in marked:
        point = DataPoint(idx=idx)
        point.graphicalProperties.solidFill = rgb(HIGHLIGHT)
        point.graphicalProperties.line.solidFill = rgb(HIGHLIGHT)
        s.dPt.append(point)
    if marked:  # the marked bar says whose it is and its value
        s.dLbls = DataLabelList(
            dLbl=[
                DataLabel(
                    idx=i,
                    showVal=True,
                    showCatName=True,
                    showSerName=False,
                    showLegendKey=False,
                    showPercent=False,
                    separator=" ",
                    dLblPos="outEnd",
                )
                for i in marked
            ],
            showVal=False,
            showCatName=False,
            showSerName=False,
            showLegendKey=False,
            showPercent=False,
        )
    return chart


def _layout(ws, last_row: int, repeat: bool) -> tuple[int, float, float]:
    """Where rows 1 to ``last_row`` end in print (an estimate from their heights): pages
    used, points used on the last one, and points a page holds — at the sheet's scale, the
    header row taking its place again on every page if ``repeat``."""
    page = (PAGE_PT[ws.page_setup.orientation][1] - 2 * 72 * (MARGIN_IN + 0.1)) * 100
    page /= print_scale(ws)
    pages, used = 1, 0.0
    for r in range(1, last_row + 1):
        h = ws.row_dimensions[r].height or 15
        if used + h > page:
            pages, used = pages + 1, (ws.row_dimensions[1].height or 15) if repeat else 0.0
        used += h
    return pages, used, page


def _paginate_summary(ws, table_rows: int, chart_row: int | None, chart_cm: float) -> None:
    """Repeat the Summary's header row only when its table runs over a page (else it would
    head the chart's page), and start the chart on a new page when it would not fit below
    what precedes it (a chart is never cut by a page's end)."""
    from openpyxl.worksheet.pagebreak import Break

    repeat = _layout(ws, table_rows, repeat=True)[0] > 1
    if repeat:
        ws.print_title_rows = "1:1"
    if chart_row is None:
        return
    _, used, page = _layout(ws, chart_row - 1, repeat)
    if used + chart_cm * CM_PT > page and used > 0:
        ws.row_breaks.append(Break(id=chart_row - 1))


def printed_columns(ws) -> int:
    """How many columns, from A, the sheet's print area holds."""
    from openpyxl.utils import column_index_from_string

    area = ws.print_area[0] if isinstance(ws.print_area, list) else ws.print_area
    return column_index_from_string(re.search(r":\$?([A-Z]+)\$?\d+$", area).group(1))


def print_scale(ws) -> float:
    """The % a sheet prints at: what fit-to-width makes of its print area's column widths in
    its orientation."""
    return fit_scale(printed_width(ws, printed_columns(ws)), ws.page_setup.orientation)


def _write_notes(ws, row: int, texts: list[str], ncols: int) -> int:
    """Sentences and notes below the table, each wrapped across its first ``ncols`` columns
    (those printed); return the next free row."""
    span = sum(
        ws.column_dimensions[ws.cell(row=1, column=j).column_letter].width or DEFAULT_WIDTH
        for j in range(1, ncols + 1)
    )
    for text in texts:
        put(ws, row, 1, text, wrap=True)
        if ncols > 1:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
        ws.row_dimensions[row].height = LINE_PT * lines_needed(text, span) + 3
        row += 1
    return row


def _data_print_columns(content: ReportContent) -> list[str]:
    """The Data sheet's columns a reader needs (``DATA_PRINT_COLUMNS``), those it has."""
    wanted = [c.format(lang=content.lang) for c in DATA_PRINT_COLUMNS]
    return [c for c in wanted if c in content.data.columns]


def write_workbook(content: ReportContent, path: Path) -> Path:
    """Write the report's workbook to ``path`` and return it."""
    from openpyxl import Workbook

    _ = translator(content.lang)
    wb = Workbook()
    ws = wb.active
    ws.title = label(SHEETS, "summary", content.lang)
    table_rows = write_frame(ws, content.summary)
    _finish_table(ws, table_rows, len(content.summary.columns), repeat_header=False)
    shown = min(printed_columns(ws), max(len(content.summary.columns), 1))
    chart_row = _write_notes(ws, table_rows + 2, content.sentences + content.notes, shown) + 1

    for key, frame, first in (
        ("data", content.data, _data_print_columns(content)),
        ("sources", content.sources, []),
    ):
        sheet = wb.create_sheet(label(SHEETS, key, content.lang))
        frame = frame[first + [c for c in frame.columns if c not in first]]
        last = write_frame(sheet, frame, print_cols=len(first))
        _finish_table(sheet, last, len(frame.columns), len(first) or None)

    if content.chart is not None:  # drawn on Summary from its numbers on the Chart data sheet
        sheet = wb.create_sheet(label(SHEETS, "chart", content.lang))
        draw = {"trend": _trend_chart, "ranking": _ranking_chart}.get(
            content.chart.kind, _counts_chart
        )
        chart = draw(sheet, content)
        chart.height = _chart_height(content)
        chart.width = min(max(printed_width(ws, shown) / CM_PT, CHART_CM[0]), CHART_CM[1])
        _finish_table(sheet, sheet.max_row, sheet.max_column)
        ws.add_chart(chart, f"A{chart_row}")
        print_setup(
            ws,
            printed_columns(ws),
            last_row=chart_row + math.ceil(chart.height / ROW_CM) + 1,
            min_width=chart.width * CM_PT,
        )
        _paginate_summary(ws, table_rows, chart_row, chart.height)
    else:
        _paginate_summary(ws, table_rows, None, 0.0)

    about = wb.create_sheet(label(SHEETS, "about", content.lang))
    about.column_dimensions["A"].width = 40
    about.column_dimensions["B"].width = 70
    for i, (key, value) in enumerate([(_("item"), _("value")), *content.about()], 1):
        put(about, i, 1, key, bold=i == 1, wrap=True)
        put(about, i, 2, value, bold=i == 1, wrap=True)
        lines = max(lines_needed(str(key), 40), lines_needed(str(value), 70))
        about.row_dimensions[i].height = LINE_PT * lines + 3
    about.freeze_panes = "A2"
    print_setup(about)
    path.parent.mkdir(parents=True, exist_ok=True)
    _save(wb, path, content.generated_at)
    return path


def _save(wb, path: Path, when) -> None:
    """Save ``wb`` stamped with ``when`` alone (its properties and every part of its zip), so
    that the same content saved twice is the same file."""
    import io
    import zipfile

    from openpyxl.writer.excel import ExcelWriter

    stamp = when.astimezone(UTC).replace(tzinfo=None)
    wb.properties.created = wb.properties.modified = stamp  # wb.save would stamp now
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    with (
        zipfile.ZipFile(buffer) as made,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for info in made.infolist():
            part = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            part.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(part, made.read(info.filename))
