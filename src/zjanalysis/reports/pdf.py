"""Writing a report as a PDF for readers: title, parameters, summary, chart, table, sources.

Pages are drawn with ReportLab: text as text in the bundled Noto Sans SC, embedded as
TrueType subsets with a ToUnicode map (Chinese renders in any viewer and extracts), and the
chart as the vector drawing the notebook shows (``ChartSpec.chart``).
Layout (wrapping, column widths) is computed here from approximate character widths.
"""

from __future__ import annotations

import math
import re
import unicodedata
from pathlib import Path

import pandas as pd
from reportlab.lib.colors import toColor
from reportlab.pdfbase.pdfmetrics import stringWidth

from zjanalysis.reports.content import ReportContent, param_text
from zjanalysis.reports.fonts import pdf_fonts
from zjanalysis.tables.formatting import KIND_LABELS

PAGE_W, PAGE_H = 8.27, 11.69  # A4, inches
MARGIN = 0.65
TEXT_W = PAGE_W - 2 * MARGIN
GREY = "#555555"
FOOTER_SIZE = 7
PT = 72  # PDF points per inch
ASCENT = 0.88  # Noto Sans SC's ascent in ems: from a line's top to its baseline
LATIN_EM = 0.58  # the width of a Latin character, in ems (a full-width one: 1)


def char_width(ch: str, size: float) -> float:
    """Approximate advance of one character in inches at ``size`` points."""
    em = 1.0 if unicodedata.east_asian_width(ch) in "WF" else LATIN_EM
    return em * size / 72


CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
# a line breaks at a space or beside a CJK character; a Latin word or id stays whole, and so
# does CJK punctuation with the character before it
OPENING, CLOSING = "（《「『“", "，。；：、）》」』”！？"
TOKENS = re.compile(rf"\s+|[{OPENING}]*(?:[{CJK}]|[^\s{CJK}]+)[{CLOSING}]*")


def wrap(text: str, width_in: float, size: float) -> list[str]:
    """Break ``text`` into lines no wider than ``width_in`` at spaces and CJK boundaries.

    A word is cut only when it alone is wider than the line (tables give every column at
    least its longest word, so this is for running text).
    """
    lines: list[str] = []
    for para in str(text).split("\n"):
        line, w = "", 0.0
        for token in TOKENS.findall(para):
            tw = _text_width(token, size)
            if token.isspace():
                if line:
                    line, w = line + token, w + tw
                continue
            if w + tw > width_in and line.strip():
                lines.append(line.rstrip())
                line, w = "", 0.0
            while tw > width_in and len(token) > 1:  # a word wider than the line: cut it
                k = len(token)
                while k > 1 and _text_width(token[:k], size) > width_in:
                    k -= 1
                lines.append(token[:k])
                token = token[k:]
                tw = _text_width(token, size)
            line, w = line + token, w + tw
        lines.append(line.rstrip())
    return lines


def fit_line(text: str, width_in: float, size: float) -> str:
    """``text`` on one line of ``width_in``: cut at a word or CJK boundary, with an ellipsis."""
    lines = wrap(text, width_in - _text_width("…", size), size)
    return lines[0] + ("…" if len(lines) > 1 else "") if lines else ""


def cell_text(value) -> str:
    """A table cell as text: numbers without trailing zeros, blanks for missing values."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)


def _text_width(text: str, size: float) -> float:
    if text.isascii():  # no full-width character
        return len(text) * LATIN_EM * size / 72
    return sum(char_width(ch, size) for ch in text)


def _min_width(text: str, size: float) -> float:
    """Narrowest width of a cell that breaks no word: its longest Latin word or id, or four
    CJK characters (which may break anywhere)."""
    words = re.findall(rf"[^\s{CJK}]+", str(text))
    latin = max((_text_width(w, size) for w in words), default=0.0)
    cjk = min(len(re.findall(rf"[{CJK}]", str(text))), 4) * size / 72
    return max(latin, cjk)


PAD = 0.14  # inches of padding in a table cell


def minimum_width(rows: list[list[str]], size: float) -> float:
    """Width a table needs so that no cell breaks inside a word."""
    return sum(max(_min_width(r[j], size) for r in rows) + PAD for j in range(len(rows[0])))


def column_widths(rows: list[list[str]], size: float, total: float = TEXT_W) -> list[float]:
    """Column widths (inches) that fit ``total``: each column gets at least its longest
    unbreakable word, and the space left is shared in proportion to how much more its cells
    (``rows[0]`` is the header) need."""
    ncols = len(rows[0])
    minimum = [max(max(_min_width(r[j], size) for r in rows) + PAD, 0.4) for j in range(ncols)]

    def natural_of(part):
        return [
            max(min(max(_text_width(r[j], size) for r in part), 3.0) + PAD, minimum[j])
            for j in range(ncols)
        ]

    whole, natural = natural_of(rows), natural_of(rows[1:] or rows)
    if sum(whole) <= total:
        return whole
    if sum(natural) <= total:  # the cells fit; what is left goes to the longest headers
        extra = [w - n for w, n in zip(whole, natural, strict=True)]
        share = (total - sum(natural)) / sum(extra)
        return [n + e * share for n, e in zip(natural, extra, strict=True)]
    spare = total - sum(minimum)
    if spare <= 0:
        return [m * total / sum(minimum) for m in minimum]
    need = [n - m for n, m in zip(natural, minimum, strict=True)]
    return [m + spare * d / sum(need) for m, d in zip(minimum, need, strict=True)]


class PdfPageWriter:
    """Flows text, charts and tables down A4 pages, starting new pages as needed; a table too
    wide for a portrait page gets landscape pages of its own."""

    def __init__(self, path: Path, title: str, lang: str = "en"):
        from reportlab.pdfgen.canvas import Canvas

        self.fonts = pdf_fonts()
        self.canvas = Canvas(
            str(path),
            pagesize=(PAGE_W * PT, PAGE_H * PT),
            pageCompression=1,
            initialFontName=self.fonts.main,
        )
        self.canvas.setTitle(title)
        self.canvas.setCreator("zjanalysis")
        self.canvas.setProducer("zjanalysis (ReportLab)")
        self.title = title
        self.lang = lang
        self.page = 0
        self.landscape = False
        self.new_page()

    @property
    def pw(self) -> float:
        return PAGE_H if self.landscape else PAGE_W

    @property
    def ph(self) -> float:
        return PAGE_W if self.landscape else PAGE_H

    @property
    def tw(self) -> float:
        return self.pw - 2 * MARGIN

    def draw(
        self, x: float, y: float, text: str, size: float, color: str = "black", top=True
    ) -> None:
        """One line of text at ``x`` inches from the left; ``y`` inches from the bottom is its
        top (``top``) or its baseline. Drawn as it is: no markup is read."""
        c = self.canvas
        c.setFillColor(toColor(color))
        baseline = (y - ASCENT * size / PT) if top else y
        pos = x * PT
        for font, piece in self.fonts.runs(text):
            c.setFont(font, size)
            c.drawString(pos, baseline * PT, piece)
            pos += stringWidth(piece, font, size)

    def new_page(self, landscape: bool | None = None) -> None:
        if self.page:
            self.canvas.showPage()
        if landscape is not None:
            self.landscape = landscape
        self.canvas.setPageSize((self.pw * PT, self.ph * PT))
        self.page += 1
        self.y = self.ph - MARGIN
        number = str(self.page)
        room = self.tw - _text_width(number, FOOTER_SIZE) - 0.3
        footer = fit_line(self.title, room, FOOTER_SIZE)
        self.draw(MARGIN, 0.35, footer, FOOTER_SIZE, GREY, top=False)
        width = stringWidth(number, self.fonts.main, FOOTER_SIZE) / PT
        self.draw(self.pw - MARGIN - width, 0.35, number, FOOTER_SIZE, GREY, top=False)

    def space(self, inches: float) -> None:
        self.y -= inches

    def ensure(self, inches: float) -> None:
        if self.y - inches < MARGIN:
            self.new_page()

    def text(
        self,
        text: str,
        size: float = 10,
        color: str = "black",
        indent: float = 0.0,
        gap: float = 0.04,
    ) -> None:
        lh = size * 1.45 / 72
        for line in wrap(text, self.tw - indent, size):
            self.ensure(lh)
            self.draw(MARGIN + indent, self.y, line, size, color)
            self.y -= lh
        self.y -= gap

    def chart(self, spec) -> None:
        """The chart (``ChartSpec.chart``, the drawing the notebook shows) at full width, as
        vector shapes and text."""
        drawing = spec.chart()
        width = min(drawing.width, self.tw)  # drawn for a portrait page; never wider than this one
        height = width * drawing.height / drawing.width
        self.ensure(height + 0.1)
        drawing.draw_on(self.canvas, MARGIN * PT, (self.y - height) * PT, width * PT)
        self.y -= height + 0.1

    def table(
        self,
        frame: pd.DataFrame,
        size: float = 7.5,
        max_rows: int | None = None,
        title: str = "",
    ) -> None:
        """A table whose cells wrap at spaces and CJK boundaries, never inside a word: it
        turns to landscape pages when portrait is too narrow, and to a smaller type after."""
        if frame.empty:
            if title:
                self.text(title, size=12.5, gap=0.06)
            self.text("（无）" if self.lang == "zh" else "(no rows)", size=size, color=GREY)
            return
        cols = [str(c) for c in frame.columns]
        rows = [[cell_text(v) for v in r] for r in frame.itertuples(index=False)]
        if max_rows is not None:
            rows = rows[:max_rows]
        was_landscape = self.landscape
        if minimum_width([cols, *rows], size) > self.tw and not self.landscape:
            self.new_page(landscape=True)
        while minimum_width([cols, *rows], size) > self.tw and size > 5.5:
            size -= 0.5
        widths = column_widths([cols, *rows], size, self.tw)
        lh = size * 1.35 / 72
        title_h = (12.5 * 1.45 / 72 + 0.06) if title else 0.0

        def draw_row(cells, fill=None, color="black"):
            wrapped = [wrap(c, max(w - 0.1, 0.2), size) for c, w in zip(cells, widths, strict=True)]
            height = max(len(w) for w in wrapped) * lh + 0.06
            if self.y - height < MARGIN:
                return None
            if fill:
                self.canvas.setFillColor(toColor(fill))
                self.canvas.rect(
                    MARGIN * PT,
                    (self.y - height) * PT,
                    sum(widths) * PT,
                    height * PT,
                    stroke=0,
                    fill=1,
                )
            x = MARGIN
            for lines, w in zip(wrapped, widths, strict=True):
                for k, line in enumerate(lines):
                    self.draw(x + 0.04, self.y - 0.03 - k * lh, line, size, color)
                x += w
            self.y -= height
            return height

        def row_height(cells) -> float:
            return (
                max(
                    len(wrap(c, max(w - 0.1, 0.2), size))
                    for c, w in zip(cells, widths, strict=True)
                )
                * lh
                + 0.06
            )

        # the title, the header and a first row together: never a heading alone at a page foot
        self.ensure(title_h + row_height(cols) + row_height(rows[0]))
        if title:
            self.text(title, size=12.5, gap=0.06)
        draw_row(cols, fill="#DCE6F1")
        for i, cells in enumerate(rows):
            if draw_row(cells, fill="#F5F7FA" if i % 2 else None) is None:
                self.new_page()
                draw_row(cols, fill="#DCE6F1")
                draw_row(cells, fill="#F5F7FA" if i % 2 else None)
        self.y -= 0.1
        if self.landscape and not was_landscape:
            self.new_page(landscape=False)  # the text after a wide table reads on portrait

    def close(self) -> None:
        self.canvas.save()


def write_pdf(content: ReportContent, path: Path) -> Path:
    """Write the report's PDF to ``path`` and return it."""
    zh = content.lang == "zh"
    path.parent.mkdir(parents=True, exist_ok=True)
    w = PdfPageWriter(path, content.title, content.lang)
    try:
        w.text(content.title, size=16, gap=0.08)
        made = (
            f"生成于 {content.generated_at:%Y-%m-%d %H:%M} · zjanalysis {content.version}"
            if zh
            else (f"Generated {content.generated_at:%Y-%m-%d %H:%M} · zjanalysis {content.version}")
        )
        w.text(made, size=8, color=GREY)
        params = "；".join(
            f"{k} = {param_text(v, content.lang)}" for k, v in content.params.items()
        )
        w.text(
            ("参数：" if zh else "Parameters: ") + params,
            size=8.5,
            color=GREY,
            gap=0.15,
        )
        for sentence in content.sentences:
            w.text(sentence, size=10.5, gap=0.06)
        w.space(0.1)
        if content.chart is not None:
            w.chart(content.chart)
        w.table(content.summary, title="比较表" if zh else "Comparison table")
        for note in content.notes:
            w.text(note, size=8.5, color=GREY)
        w.space(0.1)
        w.text("来源" if zh else "Sources", size=12.5, gap=0.06)
        for _, doc in content.sources.iterrows():
            line = " · ".join(cell_text(doc[c]) for c in doc.index if cell_text(doc[c]))
            w.text(line, size=8.5, gap=0.02)
        w.space(0.1)
        w.text("原文引文" if zh else "Quotes from the documents", size=12.5, gap=0.06)
        for _, r in content.data.iterrows():
            kind = KIND_LABELS[content.lang].get(r["kind"], r["kind"])
            head = f"[{r['target_id']}] {r['year']} {kind} {cell_text(r.get('figure', ''))} — {r['document_id']}"
            w.text(head, size=8, color=GREY, gap=0.0)
            w.text(f"“{r['quote']}”", size=9, indent=0.2, gap=0.05)
    finally:
        w.close()
    return path
