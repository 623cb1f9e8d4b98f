"""Reading and checking the curated tables against their declarations in ``schema``.

Every problem names the file, the line (as a spreadsheet numbers rows: header = 1), the column
and a hint. All problems of all tables are collected and raised together as one ``TableError``.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from zjanalysis.errors import Problem, did_you_mean
from zjanalysis.files import link_out
from zjanalysis.tables.schema import NUMBER, TABLES, WHOLE_NUMBER, Table, text_problem


@dataclass
class RawTable:
    """A CSV file read as text: header and rows, each row with its line number."""

    table: Table
    path: Path
    rows: list[tuple[int, dict[str, str]]]


def read_csv(table: Table, path: Path, problems: list[Problem]) -> RawTable | None:
    """Read ``path`` as UTF-8 CSV and check its shape; ``None`` when it cannot be used at all."""
    if not path.is_file():
        what = "is a link to nothing" if path.is_symlink() else "file not found"
        problems.append(Problem(path, what, hint=f"the {table.name} table is required"))
        return None
    outside = link_out(path, path.parent.parent)
    if outside:
        problems.append(Problem(path, outside, hint="keep the table itself in data/processed/"))
        return None
    try:
        data = path.read_bytes()
    except OSError as err:
        problems.append(Problem(path, f"cannot be read ({err.strerror or err})"))
        return None
    if not data.strip():
        problems.append(
            Problem(
                path, "file is empty", hint=f"expected a header: {','.join(table.column_names)}"
            )
        )
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        problems.append(
            Problem(path, f"not UTF-8 (byte {err.start})", line, hint="save the file as UTF-8 CSV")
        )
        return None
    try:
        header, rows = csv_rows(text)
    except CsvShapeError as err:
        problems.append(Problem(path, err.message, err.line, hint=err.hint))
        return None
    expected = table.column_names
    missing = [c for c in expected if c not in header]
    unknown = [c for c in header if c not in expected]
    for c in missing:
        problems.append(Problem(path, f"missing column '{c}'", 1, hint=did_you_mean(c, unknown)))
    for c in unknown:
        problems.append(
            Problem(
                path,
                f"unknown column '{c}'",
                1,
                hint=did_you_mean(c, expected) or f"expected columns: {', '.join(expected)}",
            )
        )
    if missing or unknown:
        return None
    out: list[tuple[int, dict[str, str]]] = []
    for line, fields in rows:
        if not any(f.strip() for f in fields):
            continue
        if len(fields) != len(header):
            problems.append(
                Problem(
                    path,
                    f"row has {len(fields)} fields, the header has {len(header)}",
                    line,
                    hint="an unquoted comma, or a row cut short (truncated file?)",
                )
            )
            continue
        out.append((line, {h: f.strip() for h, f in zip(header, fields, strict=True)}))
    if not out and not any(p.path == path for p in problems):
        problems.append(Problem(path, "no data rows", hint="the file holds only a header"))
    if not text.endswith(("\n", "\r")) and rows:
        # a file cut mid-row still parses, its last cells silently shortened: every table the
        # suite writes ends with a line break, so a file without one is refused
        problems.append(
            Problem(
                path,
                "file ends mid-row (truncated?): its last line has no line break",
                rows[-1][0],
                hint="check that row is complete, then end the file with a newline",
            )
        )
    return RawTable(table, path, out)


class CsvShapeError(ValueError):
    """A CSV text that cannot be read as a table, at a line."""

    def __init__(self, message: str, line: int, hint: str = ""):
        super().__init__(message)
        self.message, self.line, self.hint = message, line, hint


def csv_rows(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header (names stripped) and the rows of a CSV text, each row with its first line.

    Raises ``CsvShapeError`` for a quote never closed (at the line where it opens), a cell
    over the csv module's field limit, and a column named twice (whose cells would silently
    overwrite each other)."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        header = [h.strip() for h in next(reader, [])]
        start = reader.line_num + 1
        for fields in reader:
            rows.append((start, fields))
            start = reader.line_num + 1
    except csv.Error as err:
        opened = open_quote_line(text)
        hint = "is a quote left open or the file cut short?"
        if opened is not None:  # the reader notices only at the end of the file: name the start
            raise CsvShapeError("a quote opened here is never closed", opened, hint) from None
        if "field limit" in str(err):
            limit = csv.field_size_limit()
            raise CsvShapeError(f"a cell longer than {limit} characters", start, hint) from None
        raise CsvShapeError(f"malformed CSV: {err}", start, hint) from None
    for i, name in enumerate(header):
        if name in header[:i]:
            raise CsvShapeError(
                f"column '{name}' is named twice (columns {header.index(name) + 1} and {i + 1})",
                1,
                "each column once: one of the two would be lost",
            )
    return header, rows


def open_quote_line(text: str) -> int | None:
    """The line where a quoted field opens and is never closed, or ``None``."""
    line, quoted, opened, at_start = 1, False, 0, True
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if quoted:
            if ch == '"':
                if i + 1 < n and text[i + 1] == '"':
                    i += 1
                else:
                    quoted = False
        elif ch == '"' and at_start:
            quoted, opened = True, line
        if ch == "\n" or (ch == "\r" and text[i + 1 : i + 2] != "\n"):
            line += 1
        at_start = not quoted and ch in ",\r\n"
        i += 1
    return opened if quoted else None


def parse_cell(column, raw: str):
    """Convert one cell to its declared type; raise ValueError with a readable message."""
    if raw == "":
        return None
    kind = column.dtype
    if kind in ("str", "category"):  # a category's values are checked against ``allowed``
        return raw
    if kind == "bool":
        if raw not in ("true", "false"):
            raise ValueError(f"'{raw}' is not true or false")
        return raw == "true"
    if kind == "int":
        if not WHOLE_NUMBER.fullmatch(raw):
            raise ValueError(f"'{raw}' is not a whole number (ASCII digits 0-9)")
        return int(raw)
    if kind == "float":
        if not NUMBER.fullmatch(raw):
            hint = (
                " (write the number only; the scale goes in 'unit')"
                if re.search(r"[万亿%]", raw)
                else " (ASCII digits 0-9 with an optional '.', e.g. 2.8)"
            )
            raise ValueError(f"'{raw}' is not a number{hint}")
        number = float(raw)
        if math.isinf(number):
            raise ValueError(f"'{raw}' is too large a number")
        if number == 0 and re.search(r"[1-9]", raw.lower().split("e")[0]):
            raise ValueError(f"'{raw}' is too small a number (it would be read as 0)")
        return number
    if kind == "date":
        try:
            return date.fromisoformat(raw)
        except ValueError:
            raise ValueError(f"'{raw}' is not a date in YYYY-MM-DD form") from None
    if kind == "list":
        return tuple(x.strip() for x in raw.split(column.sep) if x.strip())
    raise AssertionError(f"unknown dtype {kind}")


def check_cells(raw: RawTable, problems: list[Problem]) -> list[tuple[int, dict]]:
    """Type, required, allowed-value, pattern and primary-key checks of one table."""
    table, path = raw.table, raw.path
    parsed: list[tuple[int, dict]] = []
    seen: dict[tuple, int] = {}
    for line, row in raw.rows:
        values: dict = {}
        ok = True
        for col in table.columns:
            cell = row[col.name]
            bad_text = text_problem(cell)
            if bad_text:
                problems.append(
                    Problem(path, bad_text, line, col.name, hint="remove it; cells are one line")
                )
                ok = False
                continue
            if cell == "" and col.required:
                problems.append(Problem(path, "empty cell", line, col.name, hint=col.description))
                ok = False
                continue
            try:
                value = parse_cell(col, cell)
            except ValueError as err:
                problems.append(Problem(path, str(err), line, col.name, hint=col.description))
                ok = False
                continue
            if value is not None and col.pattern and not re.fullmatch(col.pattern, value):
                problems.append(
                    Problem(
                        path,
                        f"'{value}' is not a valid id",
                        line,
                        col.name,
                        hint=f"ids match {col.pattern}",
                    )
                )
                ok = False
            if (
                value is not None
                and col.between
                and not (col.between[0] <= value <= col.between[1])
            ):
                low, high = col.between
                problems.append(
                    Problem(path, f"{value} is not between {low} and {high}", line, col.name)
                )
                ok = False
            if value is not None and col.allowed:
                items = value if isinstance(value, tuple) else (value,)
                for item in items:
                    if item not in col.allowed:
                        hint = did_you_mean(item, col.allowed) or "allowed: " + ", ".join(
                            col.allowed
                        )
                        problems.append(
                            Problem(path, f"'{item}' is not allowed", line, col.name, hint=hint)
                        )
                        ok = False
            values[col.name] = value
        key = tuple(row[k] for k in table.key)
        if all(key):
            if key in seen:
                problems.append(
                    Problem(
                        path,
                        f"duplicate key {'/'.join(key)}",
                        line,
                        table.key[0],
                        hint=f"first used on line {seen[key]}",
                    )
                )
                ok = False
            else:
                seen[key] = line
        if ok:
            parsed.append((line, values))
    return parsed


def check_references(
    name: str,
    rows: list[tuple[int, dict]],
    path: Path,
    keys: dict[str, set],
    problems: list[Problem],
) -> None:
    """Foreign-key checks: every referencing cell names an existing row."""
    table = TABLES[name]
    for col in table.columns:
        if not col.references:
            continue
        ref_table, _ = col.references
        known = keys.get(ref_table)
        if known is None:
            continue
        for line, values in rows:
            value = values.get(col.name)
            if value is not None and value not in known:
                noun = ref_table.rstrip("s")
                hint = did_you_mean(value, known) or f"add it to {TABLES[ref_table].filename} first"
                problems.append(
                    Problem(path, f"unknown {noun} '{value}'", line, col.name, hint=hint)
                )
