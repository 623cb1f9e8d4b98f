"""Resolving every table-cell locator of the targets table against its raw HTML page.

Parsing pages is slow next to loading the tables, so ``load_tables`` only checks that a figure
from a page has a well-formed locator; ``check_locators`` (run by ``zja validate``, by ``zja
curate`` before it appends rows, and by the tests) finds each cell and compares its text with
the row's quote.
"""

from __future__ import annotations

from pathlib import Path

from zjanalysis.errors import Problem, TableError
from zjanalysis.sources.html import find_cell, read_tables
from zjanalysis.tables.loading import Tables, load_tables


def check_locators(tables: Tables) -> list[Problem]:
    """Problems of rows whose locator finds no cell, or a cell whose text is not the quote."""
    problems: list[Problem] = []
    path = tables.data_dir / "processed" / "targets.csv"
    located = tables.targets.dropna(subset=["locator"])
    for document_id, rows in located.groupby("document_id", sort=False):
        raw_file = tables.documents.loc[document_id, "raw_file"]
        pages = read_tables(tables.data_dir / "raw" / raw_file)
        for line, row in zip(rows.index, rows.itertuples(), strict=True):
            cell = find_cell(pages, row.locator)
            where = _line(tables, line)
            if cell is None:
                problems.append(
                    Problem(path, f"{raw_file} has no cell at {row.locator}", where, "locator")
                )
            elif cell.text != row.quote:
                problems.append(
                    Problem(
                        path,
                        f"the cell at {row.locator} of {raw_file} reads '{cell.text}', "
                        f"not '{row.quote}'",
                        where,
                        "quote",
                    )
                )
    return problems


def _line(tables: Tables, target_id) -> int:
    """Spreadsheet line of a target row (header = 1)."""
    return tables.targets.index.get_loc(target_id) + 2


def validate(data_dir: Path | str | None = None) -> Tables:
    """``load_tables`` plus every locator resolved; ``TableError`` lists all problems."""
    tables = load_tables(data_dir)
    problems = check_locators(tables)
    if problems:
        raise TableError(problems)
    return tables
