"""Writing a report as a PDF for readers: title, parameters, summary, chart, table, sources.

Pages are laid out by ReportLab's platypus: a story of flowables on A4 page templates
(portrait, and landscape for a table too wide for portrait), tables that repeat their header
row on every page, headings kept with what follows, a footer with the title and page number.
Text is a ``TextBlock``: wrapped at spaces and beside CJK characters, never inside a Latin word
or id, measured with the embedded fonts' own metrics, and drawn as it is (no markup is read).
The chart is the SVG the notebook shows, as a vector drawing (``charts.Chart.drawing``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from reportlab.lib.colors import toColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import ActionFlowable

from zjanalysis.fonts import CJK, pdf_fonts, text_width
from zjanalysis.messages import translator
from zjanalysis.plot.theme import HEADER_FILL, NOTE, STRIPE_FILL
from zjanalysis.reports.content import ReportContent, param_text
from zjanalysis.tables.formatting import VINTAGE_LABELS, blank, label

PT = 72  # points per inch
MARGIN = 0.65 * PT
FOOTER_SIZE = 7
ASCENT = 0.88  # Noto Sans SC's ascent in ems: from a line's top to its baseline
PAD = 4  # points of padding either side of a table cell's text
SMALLEST = 5.5  # a wide table's type shrinks to this size at most

# a line breaks at a space or beside a CJK character; a Latin word or id stays whole, and so
# does CJK punctuation with the character before it
OPENING, CLOSING = "（《「『“", "，。；：、）》」』”！？"
TOKENS = re.compile(rf"\s+|[{OPENING}]*(?:[{CJK}]|[^\s{CJK}]+)[{CLOSING}]*")


def wrap(text: str, width: float, size: float) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` points at spaces and CJK boundaries.

    A word is cut only when it alone is wider than the line (tables give every column at
    least its longest word, so this is for running text).
    """
    width += 0.01  # a word measured to fit exactly fits (widths are sums of floats)
    lines: list[str] = []
    for para in str(text).split("\n"):
        line, w = "", 0.0
        for token in TOKENS.findall(para):
            tw = text_width(token, size)
            if token.isspace():
                if line:
                    line, w = line + token, w + tw
                continue
            if w + tw > width and line.strip():
                lines.append(line.rstrip())
                line, w = "", 0.0
            while tw > width and len(token) > 1:  # a word wider than the line: cut it
                k = len(token)
                while k > 1 and text_width(token[:k], size) > width:
                    k -= 1
                lines.append(token[:k])
                token = token[k:]
                tw = text_width(token, size)
            line, w = line + token, w + tw
        lines.append(line.rstrip())
    return lines


def fit_line(text: str, width: float, size: float) -> str:
    """``text`` on one line of ``width`` points: cut at a word or CJK boundary, with an
    ellipsis."""
    lines = wrap(text, width - text_width("…", size), size)
    return lines[0] + ("…" if len(lines) > 1 else "") if lines else ""


def cell_text(value) -> str:
    """A table cell as text: numbers without trailing zeros, blanks for missing values."""
    if blank(value):
        return ""
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return str(value)


def draw_text(canvas, x: float, baseline: float, text: str, size: float, color="black"):
    """One line at (``x``, ``baseline``) points, each run in the font that has its
    characters; drawn as it is (ReportLab's drawString reads no markup)."""
    fonts = pdf_fonts()
    canvas.setFillColor(toColor(color))
    for font, piece in fonts.runs(text):
        canvas.setFont(font, size)
        canvas.drawString(x, baseline, piece)
        x += text_width(piece, size)


class TextBlock(Flowable):
    """Wrapped text: ``size`` points, lines ``leading`` × size apart, ``indent`` points in."""

    def __init__(self, text, size=10.0, color="black", indent=0.0, after=0.0, lines=None):
        super().__init__()
        self.text, self.size, self.color = str(text), size, color
        self.indent, self.after = indent, after
        self.lead = size * 1.4
        self.lines = lines

    def wrap(self, avail_width, avail_height):
        if self.lines is None or getattr(self, "_width", None) != avail_width:
            self.lines = wrap(self.text, max(avail_width - self.indent, self.size), self.size)
            self._width = avail_width
        self.width = avail_width
        self.height = len(self.lines) * self.lead + self.after
        return self.width, self.height

    def split(self, avail_width, avail_height):
        self.wrap(avail_width, avail_height)
        fit = int((avail_height - self.after) // self.lead)
        if fit <= 0 or fit >= len(self.lines):
            return [] if fit <= 0 else [self]
        head = TextBlock("", self.size, self.color, self.indent, 0.0, self.lines[:fit])
        tail = TextBlock("", self.size, self.color, self.indent, self.after, self.lines[fit:])
        head._width = tail._width = avail_width
        return [head, tail]

    def draw(self):
        top = self.height - self.after
        for i, line in enumerate(self.lines):
            baseline = top - i * self.lead - (self.lead - self.size) / 2 - ASCENT * self.size
            draw_text(self.canv, self.indent, baseline, line, self.size, self.color)


def _min_width(text: str, size: float) -> float:
    """Narrowest width of a cell that breaks no word: its longest Latin word or id, or four
    CJK characters (which may break anywhere)."""
    words = re.findall(rf"[^\s{CJK}]+", str(text))
    latin = max((text_width(w, size) for w in words), default=0.0)
    cjk = text_width("".join(re.findall(rf"[{CJK}]", str(text))[:4]), size)
    return max(latin, cjk)


def minimum_widths(rows: list[list[str]], size: float) -> list[float]:
    """Each column's narrowest width (points) that breaks no word, padding included."""
    return [
        max(max(_min_width(r[j], size) for r in rows) + 2 * PAD, 28) for j in range(len(rows[0]))
    ]


def column_widths(rows: list[list[str]], size: float, total: float) -> list[float]:
    """Column widths (points) that fit ``total``: each column gets at least its longest
    unbreakable word, and the space left is shared in proportion to how much more its cells
    (``rows[0]`` is the header) need."""
    ncols = len(rows[0])
    minimum = minimum_widths(rows, size)

    def natural_of(part):
        return [
            max(min(max(text_width(r[j], size) for r in part), 3 * PT) + 2 * PAD, minimum[j])
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


class ReportDocument(BaseDocTemplate):
    """A4 pages, portrait and landscape, each with the report's title and page number below."""

    def __init__(self, path: Path, title: str):
        super().__init__(
            str(path),
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN,
            title=title,
            creator="zjanalysis",
            author="zjanalysis",
            pageCompression=1,
            initialFontName=pdf_fonts().main,  # else the canvas names Helvetica, never embedded
        )
        self.report_title = title
        self.addPageTemplates(
            [self._template("portrait", A4), self._template("landscape", landscape(A4))]
        )

    def _template(self, name: str, size) -> PageTemplate:
        w, h = size
        frame = Frame(MARGIN, MARGIN, w - 2 * MARGIN, h - 2 * MARGIN, 0, 0, 0, 0, id=name)
        return PageTemplate(id=name, frames=[frame], pagesize=size, onPage=self._footer)

    def _footer(self, canvas, doc) -> None:
        w, _ = canvas._pagesize
        number = str(doc.page)
        room = w - 2 * MARGIN - text_width(number, FOOTER_SIZE) - 20
        y = 0.35 * PT
        canvas.saveState()
        canvas.setProducer("zjanalysis (ReportLab)")
        draw_text(
            canvas, MARGIN, y, fit_line(self.report_title, room, FOOTER_SIZE), FOOTER_SIZE, NOTE
        )
        x = w - MARGIN - text_width(number, FOOTER_SIZE)
        draw_text(canvas, x, y, number, FOOTER_SIZE, NOTE)
        canvas.restoreState()

    @property
    def text_width(self) -> float:
        return A4[0] - 2 * MARGIN


def table_flowables(
    frame: pd.DataFrame, doc: ReportDocument, title: str, lang: str, groups=()
) -> list:
    """A table whose cells wrap at spaces and CJK boundaries, never inside a word, with its
    header on every page: on landscape pages when portrait is too narrow, in a smaller type
    after that; its title kept with its first rows. Each of ``groups`` (``RowGroup``: rows
    left out of ``frame``) follows as a title row and one line per reason across the table."""
    heading = TextBlock(title, 12.5, after=4) if title else None
    if frame.empty and not groups:
        _ = translator(lang)
        empty = TextBlock(_("(no rows)"), 7.5, NOTE, after=6)
        return [b for b in (heading, empty) if b is not None]
    size = 7.5
    cols = [str(c) for c in frame.columns]
    rows = [[cell_text(v) for v in r] for r in frame.itertuples(index=False)]

    def least(s):
        return sum(
            max(_min_width(r[j], s) for r in [cols, *rows]) + 2 * PAD for j in range(len(cols))
        )

    portrait = doc.text_width
    wide = landscape(A4)[0] - 2 * MARGIN
    turn = least(size) > portrait
    room = wide if turn else portrait
    while least(size) > room and size > SMALLEST:
        size -= 0.5
    widths = column_widths([cols, *rows], size, room)
    data = [[TextBlock(c, size) for c in cols]] + [[TextBlock(c, size) for c in r] for r in rows]
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), toColor(HEADER_FILL)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), pdf_fonts().main),  # a cell's default: Helvetica
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    style += [("BACKGROUND", (0, i), (-1, i), toColor(STRIPE_FILL)) for i in range(2, len(data), 2)]
    blank = [""] * (len(cols) - 1)
    for group in groups:  # one row for the title, one per reason, each across the table
        style += [
            ("SPAN", (0, len(data)), (-1, len(data))),
            ("BACKGROUND", (0, len(data)), (-1, len(data)), toColor(HEADER_FILL)),
        ]
        data.append([TextBlock(group.title, size), *blank])
        for line in group.lines:
            style.append(("SPAN", (0, len(data)), (-1, len(data))))
            data.append([TextBlock(line, size), *blank])
    table = Table(data, colWidths=widths, repeatRows=1, style=TableStyle(style), hAlign="LEFT")
    out: list = []
    if turn:
        out += [NextPageTemplate("landscape"), PageBreak()]
    # the header and two rows, measured by the cells the table then draws (their lines kept)
    first_rows = sum(
        max(c.wrap(w - 2 * PAD, 0)[1] for c, w in zip(r, widths, strict=True) if c != "") + 4
        for r in data[:3]
    )
    out.append(CondPageBreak(first_rows + (heading.wrap(room, 0)[1] if heading else 0)))
    if heading:
        out.append(heading)
    out += [table, Spacer(1, 8)]
    if turn:
        out += [NextPageTemplate("portrait"), PageBreak()]  # the text after it reads on portrait
    return out


TAIL_PT = 90  # the story's last this many points stay together: about six lines


class Kept(KeepTogether):
    """Flowables kept on one page, which says how tall they are (``height``)."""

    def __init__(self, parts: list):
        super().__init__(parts)
        self.parts = list(parts)

    def height(self, canvas, width: float) -> float:
        return sum(p.wrapOn(canvas, width, 10**6)[1] for p in self.parts)


def keep_tail(story: list, width: float) -> list:
    """``story`` with its last flowables, ``TAIL_PT`` points of them (back to at most a page
    break), kept together: the last page never holds a stray line or three."""
    from io import BytesIO

    from reportlab.pdfgen.canvas import Canvas

    scratch = Canvas(BytesIO())  # measuring only
    height, k = 0.0, len(story)
    while k > 0 and height < TAIL_PT:
        flowable = story[k - 1]
        if isinstance(flowable, CondPageBreak | PageBreak | ActionFlowable):
            break
        if isinstance(flowable, Kept):
            height += flowable.height(scratch, width)
        else:
            height += flowable.wrapOn(scratch, width, 10**6)[1]
        k -= 1
    return story[:k] + [Kept(story[k:])] if len(story) - k > 1 else story


def chart_flowable(spec, width: float):
    """The chart (``ChartSpec.chart``, the figure the notebook shows) as a vector drawing,
    never wider than ``width`` points."""
    drawing = spec.chart().drawing
    if drawing.width > width + 0.5:
        scale = width / drawing.width
        drawing.scale(scale, scale)
        drawing.width, drawing.height = width, drawing.height * scale
    drawing.hAlign = "LEFT"
    return drawing


def write_pdf(content: ReportContent, path: Path) -> Path:
    """Write the report's PDF to ``path`` and return it."""
    _ = translator(content.lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = ReportDocument(path, content.title)
    made = _("Generated {time} · zjanalysis {version}").format(
        time=f"{content.generated_at:%Y-%m-%d %H:%M}", version=content.version
    )
    params = _("; ").join(f"{k} = {param_text(v, content.lang)}" for k, v in content.params.items())
    story: list = [
        TextBlock(content.title, 16, after=6),
        TextBlock(made, 8, NOTE, after=2),
        TextBlock(_("Parameters: {parameters}").format(parameters=params), 8.5, NOTE, after=10),
    ]
    story += [TextBlock(s, 10.5, after=4) for s in content.sentences]
    story.append(Spacer(1, 6))
    if content.chart is not None:
        story += [chart_flowable(content.chart, doc.text_width), Spacer(1, 6)]
    folded = {r for group in content.folded for r in group.rows}
    story += table_flowables(
        content.summary.drop(index=[r for r in content.summary.index if r in folded]),
        doc,
        _("Comparison table"),
        content.lang,
        content.folded,
    )
    story += [TextBlock(n, 8.5, NOTE, after=2) for n in content.notes]
    story += [
        Spacer(1, 6),
        CondPageBreak(60),
        TextBlock(_("Sources"), 12.5, after=4),
    ]
    for _i, doc_row in content.sources.iterrows():
        line = " · ".join(cell_text(doc_row[c]) for c in doc_row.index if cell_text(doc_row[c]))
        story.append(TextBlock(line, 8.5, after=2))
    story += [
        Spacer(1, 6),
        CondPageBreak(60),
        TextBlock(_("Quotes from the documents"), 12.5, after=4),
    ]
    for _i, r in content.data.iterrows():
        kind = label(VINTAGE_LABELS, r["vintage"], content.lang)
        head = f"[{r['target_id']}] {r['year']} {kind} {cell_text(r.get('figure', ''))} — {r['document_id']}"
        story.append(
            Kept([TextBlock(head, 8, NOTE), TextBlock(f"“{r['quote']}”", 9, indent=14, after=4)])
        )
    doc.build(keep_tail(story, doc.text_width))
    return path
