"""The cells of an HTML page's tables, each with a locator that finds it again.

A locator is ``table T, row R, column C``, all 1-based: ``<table>`` elements in page order,
the ``<tr>`` rows of that table (through ``thead``/``tbody``/``tfoot``, not those of a nested
table), and the ``<td>``/``<th>`` cells of that row. A cell's text is its text content with
runs of whitespace collapsed to one space. Parsing is lxml's HTML parser; no regular
expressions over markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_LOCATOR = re.compile(r"table ([1-9]\d*), row ([1-9]\d*), column ([1-9]\d*)")


@dataclass(frozen=True)
class Cell:
    """One table cell: where it sits and its text."""

    table: int
    row: int
    column: int
    text: str

    @property
    def locator(self) -> str:
        return f"table {self.table}, row {self.row}, column {self.column}"


def cell_text(element) -> str:
    """An element's text content with whitespace runs collapsed (non-breaking spaces too)."""
    return " ".join(element.text_content().split())


@dataclass(frozen=True)
class Table:
    """One ``<table>``: its number in the page, its rows of cells, and the text just before it."""

    number: int
    rows: list[list[Cell]]
    caption: str


def _text_before(element, limit: int = 200) -> str:
    """The text of the nearest non-empty element before ``element`` (its caption, usually)."""
    el = element
    while el is not None:
        prev = el.getprevious()
        while prev is None and el.getparent() is not None:
            el = el.getparent()
            prev = el.getprevious()
        if prev is None:
            return ""
        text = cell_text(prev)
        if text:
            return text[-limit:]
        el = prev
    return ""


def _parse(source: Path | bytes):
    """The page's element tree; pages are UTF-8 (as every document here), whatever they declare
    or fail to declare."""
    import lxml.html

    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    return lxml.html.fromstring(data, parser=lxml.html.HTMLParser(encoding="utf-8"))


def read_tables(source: Path | bytes) -> list[Table]:
    """Every table of a page, in page order."""

    root = _parse(source)
    tables = []
    for t, table in enumerate(root.iter("table"), 1):
        rows = table.xpath("./tr|./thead/tr|./tbody/tr|./tfoot/tr")
        cells = [
            [Cell(t, r, c, cell_text(cell)) for c, cell in enumerate(row.xpath("./td|./th"), 1)]
            for r, row in enumerate(rows, 1)
        ]
        tables.append(Table(t, cells, _text_before(table)))
    return tables


def parse_locator(locator: str) -> tuple[int, int, int]:
    """(table, row, column) of a locator; ``ValueError`` if it is not one."""
    m = _LOCATOR.fullmatch(locator.strip())
    if not m:
        raise ValueError(f"'{locator}' is not a locator like 'table 3, row 12, column 2'")
    return int(m[1]), int(m[2]), int(m[3])


def find_cell(tables: list[Table], locator: str) -> Cell | None:
    """The cell a locator points to, or ``None`` when the page has no such cell."""
    t, r, c = parse_locator(locator)
    try:
        return tables[t - 1].rows[r - 1][c - 1]
    except IndexError:
        return None


BLOCKS = {
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "title", "section",
    "article", "table", "ul", "ol", "dd", "dt", "blockquote", "header", "footer",
}  # fmt: skip


def page_text(source: Path | bytes, skip_tables: bool = False) -> str:
    """The readable text of a page: one line per block element (paragraph, heading, list item,
    table row), without scripts and styles; ``skip_tables`` leaves tables out."""
    from lxml import etree

    root = _parse(source)
    drop = "//script|//style|//noscript|//template" + ("|//table" if skip_tables else "")
    for el in root.xpath(drop):
        el.drop_tree()
    parts: list[str] = []
    for event, el in etree.iterwalk(root, events=("start", "end")):
        block = isinstance(el.tag, str) and el.tag in BLOCKS
        if event == "start":
            if block:
                parts.append("\n")
            if isinstance(el.tag, str) and el.text:
                parts.append(el.text)
        else:
            if block:
                parts.append("\n")
            if el.tail and el is not root:
                parts.append(el.tail)
    lines = (" ".join(line.split()) for line in "".join(parts).splitlines())
    return "\n".join(line for line in lines if line)
