"""Writing a report as an Excel workbook (openpyxl): Summary, Data, Sources, About.

Text from the documents is always stored as text, never as a formula; numeric columns get a
number format fitted to their values (on the Data sheet with each row's unit), headers carry
units, the header row is frozen and filtered, widths account for full-width Chinese
characters, and rows are as tall as their wrapped text.

Every cell uses one sans family, ``FONT``: Microsoft YaHei, the sans CJK font every Windows
Excel has (the PDFs embed Noto Sans SC, which Excel does not ship); where it is missing
(LibreOffice on Linux, Excel on a Mac) the application substitutes its default sans, never a
serif.
"""

from __future__ import annotations

import copy
import math
import unicodedata
import weakref
from datetime import UTC
from pathlib import Path

import pandas as pd

from zjanalysis.reports.content import ReportContent
from zjanalysis.tables.formatting import VINTAGE_LABELS

HEADER_FILL = "DCE6F1"
FONT = "Microsoft YaHei"
FONT_SIZE = 10
LINE_PT = 14.5  # height of one line of FONT_SIZE text, in points
MAX_WIDTH = 60  # widest column, in characters; longer text wraps
FORMULA_STARTS = ("=", "+", "-", "@")
TARGET_COLORS = ["1F5FA8", "C8102E", "2A9D8F", "E9A03B", "6D597A", "555555"]


def text_width(text: str) -> int:
    """Display width: full-width (CJK) characters count twice."""
    return round(sum(2.2 if unicodedata.east_asian_width(ch) in "WF" else 1.05 for ch in text))


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
    A blank value leaves the cell empty (styled only if asked)."""
    cell = ws.cell(row=row, column=col)
    blank = value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))
    if blank:
        if bold or fill or wrap is not None:
            _style(cell, (bold, fill, wrap, None, False))
        return cell
    if isinstance(value, pd.Timestamp):
        value = value.date()
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()  # numpy scalars
    text = isinstance(value, str)
    _style(
        cell,
        (
            bold,
            fill,
            wrap,
            None if text else number_format,
            text and value.startswith(FORMULA_STARTS),
        ),
    )
    cell.value = value
    if text:
        cell.data_type = "s"
    return cell


# per workbook, each combination of font, fill, alignment and number format made once: openpyxl
# compares and hashes every style object set on a cell (most of a workbook's writing time)
_STYLES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _style(cell, key: tuple) -> None:
    styles = _STYLES.setdefault(cell.parent.parent, {})
    known = styles.get(key)
    if known is not None:
        cell._style = copy.copy(known)
        return
    from openpyxl.styles import Alignment, PatternFill

    bold, fill, wrap, number_format, quote = key
    cell.font = body_font(bold)
    if fill:
        cell.fill = PatternFill("solid", fgColor=fill)
    if wrap is not None:
        cell.alignment = Alignment(wrap_text=wrap, vertical="top")
    if number_format:
        cell.number_format = number_format
    if quote:
        cell.quotePrefix = True
    styles[key] = copy.copy(cell._style)


def body_font(bold: bool = False):
    """The workbook's font (``FONT``), bold for headers."""
    from openpyxl.styles import Font

    return Font(name=FONT, size=FONT_SIZE, bold=bold)


def with_unit(number_format: str, unit) -> str:
    """A number format that shows the unit after the number: ``0.00" 亿元"``."""
    if not isinstance(unit, str) or not unit:
        return number_format
    return f'{number_format}"{" " if unit != "%" else ""}{unit.replace(chr(34), "")}"'


def lines_needed(text: str, width: float) -> int:
    """How many lines ``text`` takes in a wrapped column ``width`` characters wide."""
    return max(1, math.ceil(text_width(text) / max(width - 3, 1)))


def decimals_format(values: pd.Series) -> str:
    """'#,##0' with as many decimals as the values need (at most 3)."""
    d = 0
    for v in values.dropna():
        text = f"{float(v):.3f}".rstrip("0").rstrip(".")
        if "." in text:
            d = max(d, len(text.split(".")[1]))
    return "#,##0" + ("." + "0" * d if d else "")


def write_frame(ws, frame: pd.DataFrame, start_row: int = 1) -> int:
    """Write a table with a styled header; return the last row written."""
    formats = {
        col: decimals_format(frame[col])
        for col in frame.columns
        if pd.api.types.is_numeric_dtype(frame[col]) and not pd.api.types.is_bool_dtype(frame[col])
    }
    for col in frame.columns:
        if col in formats and ("year" in str(col).lower() or "年份" in str(col)):
            formats[col] = "0"
    units = _row_units(frame)
    lines = [1] * (len(frame) + 1)  # per row, header first
    wraps = {}  # per column number, which of its cells wrap
    for j, col in enumerate(frame.columns, 1):
        letter = ws.cell(row=start_row, column=j).column_letter
        texts = [str(col)] + [
            "" if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) else str(v)
            for v in frame[col].tolist()
        ]
        width = max(text_width(v) for v in texts) + 3
        current = ws.column_dimensions[letter].width if letter in ws.column_dimensions else 0
        width = max(8, min(width, MAX_WIDTH), current or 0)  # only ever widen
        ws.column_dimensions[letter].width = width
        needed = [lines_needed(text, width) for text in texts]
        wraps[j] = [n > 1 for n in needed[1:]]
        lines = [max(a, b) for a, b in zip(lines, needed, strict=True)]
        put(ws, start_row, j, str(col), bold=True, fill=HEADER_FILL, wrap=True)
    for k, row in enumerate(frame.itertuples(index=False)):
        for j, (col, value) in enumerate(zip(frame.columns, row, strict=True), 1):
            fmt = formats.get(col)
            if fmt and col in units:
                fmt = with_unit(fmt, units[col][k])
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


def print_setup(ws) -> None:
    """Print landscape on A4, fitted to the page width, repeating the header row."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = "1:1"


def _finish_table(ws, last_row: int, ncols: int) -> None:
    from openpyxl.utils import get_column_letter

    print_setup(ws)
    ws.freeze_panes = "A2"
    if last_row >= 1 and ncols:
        ws.auto_filter.ref = f"A1:{get_column_letter(ncols)}{max(last_row, 2)}"


ROW_CM = 0.53  # a default 15 pt row, in centimetres


def _chart_height(content: ReportContent) -> float:
    """Chart height in cm: fixed for a trend, growing with the categories of a bar chart."""
    if content.chart.kind == "trend":
        return 9.0
    if content.chart.kind == "ranking":
        return max(9.0, 0.45 * len(content.chart.frame) + 2)
    return max(7.0, 0.6 * len(content.chart.table()[0]) + 3)


def _trend_chart(ws, content: ReportContent, start_row: int):
    """A scatter-with-lines chart: one series per place and kind (target dashed, hollow)."""
    from openpyxl.chart import Reference, ScatterChart, Series

    spec = content.chart
    data = spec.frame.dropna(subset=["value_std"])
    zh = content.lang == "zh"
    put(ws, start_row, 1, "图表数据" if zh else "Chart data")
    col = 1
    chart = ScatterChart()
    chart.title = spec.title
    chart.style = 2
    chart.width = 18
    chart.x_axis.title = "年份" if zh else "Year"
    chart.y_axis.title = spec.unit
    chart.x_axis.number_format = "0"
    chart.x_axis.majorUnit = 1
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    if len(data):
        chart.x_axis.scaling.min = int(data["year"].min()) - 1
        chart.x_axis.scaling.max = int(data["year"].max()) + 1
    labels = VINTAGE_LABELS[content.lang]
    if "vintage" not in data:
        data = data.assign(
            vintage=data["kind"]
            .map({"target": "target", "estimate": "preliminary"})
            .fillna("final")
        )
    for i, (jur, g) in enumerate(data.groupby("jurisdiction_id", sort=False)):
        color = TARGET_COLORS[i % len(TARGET_COLORS)]
        for vintage in ("target", "preliminary", "final"):
            part = g[g["vintage"] == vintage]
            if part.empty:
                continue
            place = spec.names.get(jur, jur)
            label = f"{place} · {labels[vintage]}"
            put(ws, start_row + 1, col, "年份" if zh else "Year")
            put(ws, start_row + 1, col + 1, label)
            for k, (_, r) in enumerate(part.iterrows(), start_row + 2):
                put(ws, k, col, int(r["year"]), "0")
                put(ws, k, col + 1, float(r["value_std"]), decimals_format(part["value_std"]))
            end = start_row + 1 + len(part)
            xs = Reference(ws, min_col=col, min_row=start_row + 2, max_row=end)
            ys = Reference(ws, min_col=col + 1, min_row=start_row + 1, max_row=end)
            s = Series(ys, xs, title_from_data=True)
            s.marker.symbol = "triangle" if vintage == "preliminary" else "circle"
            s.marker.size = 8
            s.marker.graphicalProperties.line.solidFill = color
            s.graphicalProperties.line.solidFill = color
            s.graphicalProperties.line.width = 22000
            if vintage == "final":
                s.marker.graphicalProperties.solidFill = color
            else:  # targets hollow and dashed, preliminary figures hollow and dotted
                s.marker.graphicalProperties.solidFill = "FFFFFF"
                s.graphicalProperties.line.dashStyle = "dash" if vintage == "target" else "sysDot"
            chart.series.append(s)
            col += 2
    return chart


def _counts_chart(ws, content: ReportContent, start_row: int):
    """A horizontal bar chart with one series per column (targets, reported …)."""
    from openpyxl.chart import BarChart, Reference

    spec = content.chart
    frame, colors = spec.table()
    put(ws, start_row, 1, "图表数据" if content.lang == "zh" else "Chart data")
    table = frame.reset_index()
    table.columns = [str(c) for c in table.columns]
    last = write_frame(ws, table, start_row=start_row + 1)
    chart = BarChart()
    chart.type = "bar"
    chart.title = spec.title
    chart.style = 2
    chart.width = 18
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    if (frame.to_numpy(dtype=float) >= 0).all():
        chart.y_axis.scaling.min = 0  # bars start at zero, or 29 against 34 looks like 1:3
    data = Reference(
        ws, min_col=2, max_col=1 + len(frame.columns), min_row=start_row + 1, max_row=last
    )
    cats = Reference(ws, min_col=1, min_row=start_row + 2, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    if colors is not None:
        chart.grouping = "stacked"
        chart.overlap = 100
        for s, color in zip(chart.series, colors, strict=True):
            s.graphicalProperties.solidFill = color.lstrip("#").upper()
            s.graphicalProperties.line.solidFill = "FFFFFF"
        return chart
    for s, col in zip(chart.series, frame.columns, strict=True):
        hollow = str(col) in ("targets", "目标")
        s.graphicalProperties.solidFill = "FFFFFF" if hollow else TARGET_COLORS[0]
        s.graphicalProperties.line.solidFill = TARGET_COLORS[0]
    return chart


def _ranking_chart(ws, content: ReportContent, start_row: int):
    """Ranked bars of every place, the marked one in its own colour, the national figure in the title."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.chart.marker import DataPoint

    spec = content.chart
    zh = content.lang == "zh"
    frame = spec.frame
    put(ws, start_row, 1, "图表数据" if zh else "Chart data")
    names = frame["name_zh" if zh else "name_en"]
    table = pd.DataFrame({("地区" if zh else "Province"): names, spec.unit: frame["value"]})
    last = write_frame(ws, table, start_row=start_row + 1)
    chart = BarChart()
    chart.type = "bar"
    national = frame.attrs.get("country")
    chart.title = (
        spec.title
        + (f"（全国 {national:g}{spec.unit}）" if zh else f" (China {national:g}{spec.unit})")
        if national == national and national is not None
        else spec.title
    )
    chart.style = 2
    chart.width = 18
    chart.legend = None
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.x_axis.scaling.orientation = "maxMin"  # rank 1 at the top
    chart.y_axis.scaling.min = 0
    chart.y_axis.title = spec.unit
    data = Reference(ws, min_col=2, min_row=start_row + 1, max_row=last)
    cats = Reference(ws, min_col=1, min_row=start_row + 2, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    s = chart.series[0]
    s.graphicalProperties.solidFill = "9DB4D3"
    s.graphicalProperties.line.solidFill = "9DB4D3"
    for idx in [i for i, j in enumerate(frame["jurisdiction_id"]) if j == spec.highlight]:
        point = DataPoint(idx=idx)
        point.graphicalProperties.solidFill = TARGET_COLORS[1]
        point.graphicalProperties.line.solidFill = TARGET_COLORS[1]
        s.dPt.append(point)
    return chart


def write_workbook(content: ReportContent, path: Path) -> Path:
    """Write the report's workbook to ``path`` and return it."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Summary"
    last = write_frame(ws, content.summary)
    _finish_table(ws, last, len(content.summary.columns))
    row = last + 2
    # sentences and notes wrap within the table's width, so printing fits the table, not them
    ncols = max(len(content.summary.columns), 1)
    span = sum(
        ws.column_dimensions[ws.cell(row=1, column=j).column_letter].width or 8
        for j in range(1, ncols + 1)
    )
    for sentence in content.sentences + content.notes:
        put(ws, row, 1, sentence, wrap=True)
        if ncols > 1:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
        ws.row_dimensions[row].height = LINE_PT * lines_needed(sentence, span) + 3
        row += 1
    if content.chart is not None:
        chart_row = row + 1
        data_row = chart_row + math.ceil(_chart_height(content) / ROW_CM) + 2  # below the chart
        draw = {"trend": _trend_chart, "ranking": _ranking_chart}.get(
            content.chart.kind, _counts_chart
        )
        chart = draw(ws, content, data_row)
        chart.height = _chart_height(content)
        ws.add_chart(chart, f"A{chart_row}")

    for title, frame in (("Data", content.data), ("Sources", content.sources)):
        sheet = wb.create_sheet(title)
        last = write_frame(sheet, frame)
        _finish_table(sheet, last, len(frame.columns))

    about = wb.create_sheet("About")
    for i, (key, value) in enumerate([("item", "value"), *content.about()], 1):
        put(about, i, 1, key, bold=i == 1)
        put(about, i, 2, value, bold=i == 1)
    about.column_dimensions["A"].width = 40
    about.column_dimensions["B"].width = 70
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
