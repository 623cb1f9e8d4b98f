"""Shared fixtures: the real data, and disposable copies of it for malformed-input tests."""

from __future__ import annotations

import csv
import io
import os
import shutil
from pathlib import Path

import pytest

# the tests read and copy this checkout's data, whatever ZJA_ROOT the shell exports (the suite
# reads it once, on import); a test that wants another root gives it to the command it runs
os.environ.pop("ZJA_ROOT", None)

from zjanalysis import paths


def project_copy(root: Path, manifest: str) -> Path:
    """A disposable project under ``root``: copies of data/ and notebooks/, and reports/
    holding ``manifest`` as its schedule.yaml."""
    shutil.copytree(paths.DATA_DIR, root / "data")
    shutil.copytree(paths.NOTEBOOKS_DIR, root / "notebooks")
    (root / "reports").mkdir()
    (root / "reports" / "schedule.yaml").write_text(manifest, encoding="utf-8")
    return root


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the project's data/ folder that a test may break."""
    dest = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, dest)
    return dest


def rewrite_cell(path: Path, row_index: int, column: str, value: str) -> int:
    """Set one cell of a CSV (data row ``row_index``, 0-based); return its spreadsheet line."""
    text = path.read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    rows[row_index + 1][header.index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return row_index + 2


def row_index(path: Path, column: str, value: str) -> int:
    """Index of the first data row whose ``column`` equals ``value``."""
    with path.open(encoding="utf-8", newline="") as fh:
        for i, row in enumerate(csv.DictReader(fh)):
            if row[column] == value:
                return i
    raise LookupError(value)
