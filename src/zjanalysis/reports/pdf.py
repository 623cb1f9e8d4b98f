"""Writing a report as a PDF for readers: title, parameters, summary, chart, table, sources.

Rendered entirely with matplotlib so that one renderer draws text and charts, with the
bundled Noto Sans SC embedded as a subset (Type 42, Identity-H + ToUnicode): Chinese text
renders in any viewer and extracts correctly.
"""

from __future__ import annotations

import math
import re
import unicodedata
from pathlib import Path

import pandas as pd

from zjanalysis.reports.charts import literal
from zjanalysis.reports.content import ReportContent, param_text
from zjanalysis.reports.fonts import use_cjk_font

PAGE_W, PAGE_H = 8.27, 11.69  # A4, inches
MARGIN = 0.65
TEXT_W = PAGE_W - 2 * MARGIN
GREY = "#555555"


def char_width(ch: str, size: float) -> float:
    """Approximate advance of one character in inches at ``size`` points."""
    em = 1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.58
    return em * size / 72


def wrap(text: str, width_in: float, size: float) -> list[str]:
    """Break ``text`` into lines no wider than ``width_in``, preferring spaces for Latin text."""
    lines: list[str] = []
    for para in str(text).split("\n"):
        line, w, last_space = "", 0.0, -1
        for ch in para:
            cw = char_width(ch, size)
            if w + cw > width_in and line:
                if last_space > 0 and unicodedata.east_asian_width(ch) not in "WF":
                    lines.append(line[:last_space])
                    line = line[last_space + 1 :]
                else:
                    lines.append(line)
                    line = ""
                w = sum(char_width(c, size) for c in line)
                last_space = -1
            line += ch
            w += cw
            if ch == " ":
                last_space = len(line) - 1
        lines.append(line)
    return lines


def cell_text(value) -> str:
    """A table cell as text: numbers without trailing zeros, blanks for missing values."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)


def _text_width(text: str, size: float) -> float:
    return sum(char_width(ch, size) for ch in text)


def _min_width(text: str, size: float) -> float:
    """Narrowest sensible width of a cell: its longest Latin word (at most 1.3 in) or
    four CJK characters, which may break anywhere."""
    words = re.findall(r"[^\s\u2e80-\u9fff\uff00-\uffef]+", str(text))
    latin = max((_text_width(w, size) for w in words), default=0.0)
    cjk = min(len(re.findall(r"[\u2e80-\u9fff\uff00-\uffef]", str(text))), 4) * size / 72
    return max(min(latin, 1.3), cjk)


def column_widths(rows: list[list[str]], size: float, total: float = TEXT_W) -> list[float]:
    """Column widths (inches) that fit ``total``: each column gets at least its longest
    unbreakable word, and the space left is shared in proportion to how much more it needs."""
    pad = 0.14
    ncols = len(rows[0])
    natural = [min(max(_text_width(r[j], size) for r in rows), 3.0) + pad for j in range(ncols)]
    minimum = [
        min(max(max(_min_width(r[j], size) for r in rows) + pad, 0.4), natural[j])
        for j in range(ncols)
    ]
    if sum(natural) <= total:
        return natural
    spare = total - sum(minimum)
    if spare <= 0:
        return [m * total / sum(minimum) for m in minimum]
    need = [n - m for n, m in zip(natural, minimum, strict=True)]
    return [m + spare * d / sum(need) for m, d in zip(minimum, need, strict=True)]


class PdfPageWriter:
    """Flows text, charts and tables down A4 pages, starting new pages as needed."""

    def __init__(self, path: Path, title: str):
        use_cjk_font()
        from matplotlib.backends.backend_pdf import PdfPages

        self.pdf = PdfPages(path, metadata={"Title": title, "Creator": "zjanalysis"})
        self.title = title
        self.fig = None
        self.page = 0
        self.new_page()

    def new_page(self) -> None:
        import matplotlib.pyplot as plt

        self._flush()
        self.fig = plt.figure(figsize=(PAGE_W, PAGE_H))
        self.page += 1
        self.y = PAGE_H - MARGIN
        self.fig.text(
            MARGIN / PAGE_W, 0.35 / PAGE_H, literal(self.title[:90]), fontsize=7, color=GREY
        )
        self.fig.text(
            1 - MARGIN / PAGE_W, 0.35 / PAGE_H, str(self.page), fontsize=7, color=GREY, ha="right"
        )

    def _flush(self) -> None:
        import matplotlib.pyplot as plt

        if self.fig is not None:
            self.pdf.savefig(self.fig)
            plt.close(self.fig)
            self.fig = None

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
        for line in wrap(text, TEXT_W - indent, size):
            self.ensure(lh)
            self.fig.text(
                (MARGIN + indent) / PAGE_W,
                self.y / PAGE_H,
                literal(line),
                fontsize=size,
                color=color,
                va="top",
            )
            self.y -= lh
        self.y -= gap

    def chart(self, spec, height: float = 3.6) -> None:
        self.ensure(height + 0.1)
        ax = self.fig.add_axes(
            (
                (MARGIN + 0.55) / PAGE_W,
                (self.y - height + 0.35) / PAGE_H,
                (TEXT_W - 0.7) / PAGE_W,
                (height - 0.75) / PAGE_H,
            )
        )
        spec.figure(ax=ax)
        self.y -= height + 0.1

    def table(self, frame: pd.DataFrame, size: float = 7.5, max_rows: int | None = None) -> None:
        from matplotlib.patches import Rectangle

        if frame.empty:
            self.text("(no rows)", size=size, color=GREY)
            return
        cols = [str(c) for c in frame.columns]
        rows = [[cell_text(v) for v in r] for r in frame.itertuples(index=False)]
        if max_rows is not None:
            rows = rows[:max_rows]
        widths = column_widths([cols, *rows], size)
        lh = size * 1.35 / 72

        def draw_row(cells, fill=None, color="black"):
            wrapped = [wrap(c, max(w - 0.1, 0.2), size) for c, w in zip(cells, widths, strict=True)]
            height = max(len(w) for w in wrapped) * lh + 0.06
            if self.y - height < MARGIN:
                return None
            if fill:
                self.fig.patches.append(
                    Rectangle(
                        (MARGIN / PAGE_W, (self.y - height) / PAGE_H),
                        TEXT_W / PAGE_W,
                        height / PAGE_H,
                        transform=self.fig.transFigure,
                        facecolor=fill,
                        edgecolor="none",
                        zorder=0,
                    )
                )
            x = MARGIN
            for lines, w in zip(wrapped, widths, strict=True):
                for k, line in enumerate(lines):
                    self.fig.text(
                        (x + 0.04) / PAGE_W,
                        (self.y - 0.03 - k * lh) / PAGE_H,
                        literal(line),
                        fontsize=size,
                        va="top",
                        color=color,
                    )
                x += w
            self.y -= height
            return height

        self.ensure(lh * 4)
        draw_row(cols, fill="#DCE6F1")
        for i, cells in enumerate(rows):
            if draw_row(cells, fill="#F5F7FA" if i % 2 else None) is None:
                self.new_page()
                draw_row(cols, fill="#DCE6F1")
                draw_row(cells, fill="#F5F7FA" if i % 2 else None)
        self.y -= 0.1

    def close(self) -> None:
        self._flush()
        self.pdf.close()


def write_pdf(content: ReportContent, path: Path) -> Path:
    """Write the report's PDF to ``path`` and return it."""
    zh = content.lang == "zh"
    path.parent.mkdir(parents=True, exist_ok=True)
    w = PdfPageWriter(path, content.title)
    try:
        w.text(content.title, size=16, gap=0.08)
        made = (
            f"生成于 {content.generated_at:%Y-%m-%d %H:%M} · zjanalysis {content.version}"
            if zh
            else (f"Generated {content.generated_at:%Y-%m-%d %H:%M} · zjanalysis {content.version}")
        )
        w.text(made, size=8, color=GREY)
        params = "；".join(f"{k} = {param_text(v)}" for k, v in content.params.items())
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
            w.chart(content.chart, height=content.chart.height)
        w.text("比较表" if zh else "Comparison table", size=12.5, gap=0.06)
        w.table(content.summary)
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
            head = f"[{r['target_id']}] {r['year']} {r['kind']} {cell_text(r.get('figure', ''))} — {r['document_id']}"
            w.text(head, size=8, color=GREY, gap=0.0)
            w.text(f"“{r['quote']}”", size=9, indent=0.2, gap=0.05)
    finally:
        w.close()
    return path
