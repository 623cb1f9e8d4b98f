"""The candidates table that ``zja extract`` writes and ``zja curate`` reads, and what the
extraction commands share: its columns, reading a document, figure keys."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import pandas as pd

from zjanalysis.errors import InputError
from zjanalysis.tables.loading import RESTATED_COLUMNS
from zjanalysis.tables.schema import TARGETS

# the targets.csv columns a reviewer fills (target_id and note are set on curation), plus provenance
CANDIDATE_COLUMNS = [
    "keep",
    *(c.name for c in TARGETS.columns if c.name not in ("target_id", "note")),
    "char_start",
    "char_end",
    "subject",
    "confidence",
    "in_scope",
    "reason",
    "source_file",
]
KEEP_WORDS = {"1", "y", "yes", "true", "x", "keep", "是", "✓", "✔"}
NUMBER_COLUMNS = ["year", "value", "value_high", "char_start", "char_end", "confidence"]


class ExtractionError(InputError):
    """A file or candidates table that cannot be used; the message names it."""


def read_document(path: Path) -> str:
    """The text of a UTF-8 document; clear errors for missing, unreadable, non-UTF-8 or empty files."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ExtractionError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise ExtractionError(f"{path}: is a folder, not a text file") from None
    except OSError as err:
        raise ExtractionError(f"{path}: cannot be read ({err.strerror})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise ExtractionError(
            f"{path}: not UTF-8 (byte {err.start}, line {line}); convert it first, e.g. iconv -f GB18030 -t UTF-8"
        ) from None
    if not text.strip():
        raise ExtractionError(f"{path}: file is empty")
    return text


def slug_id(path: Path) -> str:
    stem = re.sub(r"[^a-z0-9]+", "_", path.stem.lower()).strip("_")
    return stem if stem and stem[0].isalpha() else f"doc_{stem or 'unnamed'}"


def parse_published(value: str | None) -> date | None:
    """A ``--published`` value (YYYY-MM-DD) as a date; a clear error otherwise."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ExtractionError(f"--published '{value}' is not a date in YYYY-MM-DD form") from None


NUMERIC_KEY_COLUMNS = ("value", "value_high", "year")


def _key_part(column: str, value):
    """One column's part of a figure key: empty for missing, numbers as numbers, text stripped."""
    if (
        value is None
        or value is pd.NA
        or (isinstance(value, float) and value != value)
        or value == ""
    ):
        return ""
    if column in NUMERIC_KEY_COLUMNS:
        try:
            return float(value)
        except (TypeError, ValueError):
            return str(value)
    return str(value).strip()


def _key_column(column: str, values: list) -> list:
    """``_key_part`` of every value of a column, at once for a column of plain text or numbers."""
    types = set(map(type, values))
    numeric = column in NUMERIC_KEY_COLUMNS
    if types <= {str} and not numeric:
        return [v.strip() for v in values]
    if types <= {float} and numeric:
        return ["" if v != v else v for v in values]  # NaN: missing
    if types <= {int} and numeric:
        return [float(v) for v in values]
    return [_key_part(column, v) for v in values]


def figure_key(row) -> tuple:
    """What must agree for two rows to state the same figure (numbers compared as numbers)."""
    return tuple(_key_part(c, row[c]) for c in RESTATED_COLUMNS)


def figure_keys(frame: pd.DataFrame) -> list[tuple]:
    """``_figure_key`` of every row, column by column (a frame of 10⁴ rows in milliseconds)."""
    columns = [_key_column(c, frame[c].tolist()) for c in RESTATED_COLUMNS]
    return list(zip(*columns, strict=True)) if columns[0] else []


def append_csv_row(path: Path, row: list) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(row)
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text + buf.getvalue(), encoding="utf-8")


def header_of(path: Path) -> list[str]:
    """The column names of a CSV file, in the file's order."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [h.strip() for h in next(csv.reader(fh))]
