"""Official statistics from the annex table of a national R&D funding statistics bulletin.

The bulletins (全国科技经费投入统计公报) end with a table of R&D expenditure (亿元) and R&D
intensity (%) for China and every province. ``read_bulletin`` finds that table by its header
(地区 | R&D经费（亿元） | …投入强度（%）), maps each region to a jurisdiction by its name or
aliases, and returns one figure per cell with the cell's locator and text. A page whose layout
differs — no such table, a changed header, copies that disagree, an unknown region, a cell that
is not a number — raises ``BulletinError`` naming the file and the table; nothing is returned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from zjanalysis.errors import InputError
from zjanalysis.sources.html import Cell, Table, read_tables

REGION_HEADER = "地区"
# (indicator, unit) of each figure column, told apart by the header's words
COLUMNS = {
    "rd_intensity": ("投入强度", "%"),
    "rd_expenditure": ("经费", "亿元"),
}
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


class BulletinError(InputError):
    """A statistics page whose layout is not the one the reader knows."""


@dataclass(frozen=True)
class Figure:
    """One official figure read from the annex table."""

    jurisdiction_id: str
    indicator_id: str
    unit: str
    value: float
    cell: Cell
    header: str


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def region_names(jurisdictions: pd.DataFrame) -> dict[str, str]:
    """Every Chinese name and alias of a jurisdiction (spaces removed) → its id."""
    names: dict[str, str] = {}
    for jid, row in jurisdictions.iterrows():
        aliases = row.get("aliases")
        for name in [row["name_zh"], *(str(aliases).split("|") if pd.notna(aliases) else [])]:
            if name:
                names[_squash(name)] = str(jid)
    return names


def _columns_of(header: list[Cell], path: Path, table: int) -> dict[int, tuple[str, str]]:
    found: dict[int, tuple[str, str]] = {}
    for cell in header[1:]:
        text = _squash(cell.text)
        for indicator, (word, unit) in COLUMNS.items():
            if word in text and f"（{unit}）" in text.replace("(", "（").replace(")", "）"):
                found[cell.column] = (indicator, unit)
                break
    missing = set(COLUMNS) - {ind for ind, _ in found.values()}
    if missing:
        wanted = "; ".join(f"{COLUMNS[m][0]}（{COLUMNS[m][1]}）" for m in sorted(missing))
        got = " | ".join(c.text for c in header)
        raise BulletinError(
            f"{path}, table {table}: the header '{got}' has no column of {wanted}; "
            "the bulletin's layout changed, so nothing was read"
        )
    return found


@dataclass(frozen=True)
class Annex:
    """The annex table of a bulletin: its number, header row, caption and figures."""

    table: int
    caption: str
    year: int
    figures: list[Figure]


def has_annex_table(path: Path) -> bool:
    """True if a page has a table headed 地区 (a statistics bulletin's annex)."""
    return any(
        len(row) > 1 and _squash(row[0].text) == REGION_HEADER
        for table in read_tables(path)
        for row in table.rows[:3]
    )


def _annex_tables(tables: list[Table], path: Path) -> list[tuple[Table, int]]:
    """(table, header row number) of every table headed by 地区."""
    annex = []
    for table in tables:
        for r, row in enumerate(table.rows[:3], 1):
            if len(row) > 1 and _squash(row[0].text) == REGION_HEADER:
                annex.append((table, r))
                break
    if not annex:
        raise BulletinError(
            f"{path}: none of its {len(tables)} tables is headed '{REGION_HEADER}' — no annex "
            "table of R&D expenditure by region, so nothing was read"
        )
    return annex


def _caption(table: Table, header_row: int) -> str:
    """A one-cell title row above the header, else the text just before the table."""
    above = [row[0].text for row in table.rows[: header_row - 1] if len(row) == 1 and row[0].text]
    return above[-1] if above else table.caption


def _figures(table: Table, header_row: int, path: Path, names: dict[str, str]) -> list[Figure]:
    header = table.rows[header_row - 1]
    columns = _columns_of(header, path, table.number)
    header_text = " | ".join(c.text for c in header)
    figures, seen = [], set()
    for row in table.rows[header_row:]:
        if not any(c.text for c in row):
            continue
        region = _squash(row[0].text)
        jid = names.get(region)
        if jid is None:
            raise BulletinError(
                f"{path}, table {table.number}, row {row[0].row}: region '{row[0].text}' is not "
                "a name or alias in jurisdictions.csv; add it there first"
            )
        if jid in seen:
            raise BulletinError(
                f"{path}, table {table.number}, row {row[0].row}: region '{row[0].text}' "
                "appears twice"
            )
        seen.add(jid)
        for cell in row[1:]:
            if cell.column not in columns:
                continue
            if not _NUMBER.fullmatch(cell.text):
                raise BulletinError(
                    f"{path}, {cell.locator}: '{cell.text}' is not a number "
                    f"({row[0].text}, {header[cell.column - 1].text})"
                )
            indicator, unit = columns[cell.column]
            figures.append(Figure(jid, indicator, unit, float(cell.text), cell, header_text))
    if not figures:
        raise BulletinError(f"{path}, table {table.number}: the annex table has no figures")
    return figures


def read_bulletin(path: Path, jurisdictions: pd.DataFrame, year: int | None = None) -> Annex:
    """The annex table of a bulletin with every figure, in table order (region, then column).

    ``year`` is the year the bulletin reports on; when given, the caption must name it.
    """
    path = Path(path)
    tables = read_tables(path)
    names = region_names(jurisdictions)
    found = [
        (table, row, _figures(table, row, path, names))
        for table, row in _annex_tables(tables, path)
    ]
    (table, row, figures), rest = found[0], found[1:]
    key = [(f.jurisdiction_id, f.indicator_id, f.value) for f in figures]
    for other, _, other_figures in rest:
        if [(f.jurisdiction_id, f.indicator_id, f.value) for f in other_figures] != key:
            raise BulletinError(
                f"{path}: tables {table.number} and {other.number} are both annex tables but "
                "their figures differ; which one is the bulletin's is not clear"
            )
    caption = _caption(table, row)
    years = [int(y) for y in re.findall(r"((?:19|20)\d{2})年", caption)]
    if not years:
        raise BulletinError(f"{path}, table {table.number}: its caption '{caption}' names no year")
    if year is not None and years[0] != year:
        raise BulletinError(
            f"{path}, table {table.number}: the caption '{caption}' is for {years[0]}, "
            f"the document for {year}"
        )
    return Annex(table.number, caption, years[0], figures)
