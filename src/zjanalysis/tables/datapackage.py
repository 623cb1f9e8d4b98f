"""The curated tables as a Frictionless Data Package (``data/processed/datapackage.json``).

Written from the column declarations of ``schema`` (the one place they live), so that other
tools (``frictionless``, R, OpenRefine, a spreadsheet through CSV) read the tables with their
types, allowed values, keys and references. ``python -m zjanalysis.tables.datapackage`` (``make
datapackage``) writes it; a test checks the committed file equals a fresh one.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from zjanalysis import paths
from zjanalysis.files import write_atomic
from zjanalysis.tables.schema import TABLES, Column, Table

FIELD_TYPES = {
    "str": "string",
    "category": "string",
    "int": "integer",
    "float": "number",
    "bool": "boolean",
    "date": "date",
    "list": "string",  # items joined by the column's separator, as in the CSV
}


def field(column: Column) -> dict:
    """A Table Schema field: type, meaning and constraints of one column."""
    out: dict = {
        "name": column.name,
        "type": FIELD_TYPES[column.dtype],
        "description": column.description,
    }
    if column.dtype == "bool":
        out.update(trueValues=["true"], falseValues=["false"])
    constraints: dict = {}
    if column.required:
        constraints["required"] = True
    if column.dtype == "list":
        item = (
            "(?:" + "|".join(re.escape(a) for a in column.allowed) + ")"
            if column.allowed
            else f"[^{re.escape(column.sep)}]+"
        )
        sep = re.escape(column.sep)
        constraints["pattern"] = f"{item}(?:{sep}{item})*"
    elif column.allowed:
        constraints["enum"] = list(column.allowed)
    elif column.pattern:
        constraints["pattern"] = column.pattern
    if column.between:
        constraints["minimum"], constraints["maximum"] = column.between
    if constraints:
        out["constraints"] = constraints
    if column.dtype == "category":  # Table Schema 2: the codes are ordered as declared
        out.update(categories=list(column.allowed), categoriesOrdered=True)
    return out


def resource(table: Table) -> dict:
    """A tabular data resource: one curated CSV, its fields, primary key and foreign keys."""
    foreign = [
        {
            "fields": c.name,
            "reference": {
                "resource": "" if c.references[0] == table.name else c.references[0],
                "fields": c.references[1],
            },
        }
        for c in table.columns
        if c.references
    ]
    schema: dict = {
        "fields": [field(c) for c in table.columns],
        "missingValues": [""],
        "primaryKey": list(table.key),
    }
    if foreign:
        schema["foreignKeys"] = foreign
    return {
        "name": table.name,
        "path": table.filename,
        "profile": "tabular-data-resource",
        "description": table.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


def datapackage() -> dict:
    """The package descriptor of every curated table."""
    return {
        "name": "zjanalysis-curated-tables",
        "title": "Quantitative science-and-technology policy targets of Chinese provinces",
        "description": (
            "Curated targets and reported results from Chinese science-and-technology policy "
            "documents, one row per statement, each quoting its raw document (data/raw/, with "
            "the origin record of each source in data/raw/origin.yaml). Generated from the "
            "column declarations in src/zjanalysis/tables/schema.py."
        ),
        "profile": "tabular-data-package",
        "resources": [resource(t) for t in TABLES.values()],
    }


def text() -> str:
    """The descriptor as the file holds it."""
    return json.dumps(datapackage(), ensure_ascii=False, indent=2) + "\n"


def write(path: Path | None = None) -> Path:
    """Write the descriptor (default: ``data/processed/datapackage.json``)."""
    path = path or paths.DATAPACKAGE_FILE
    content = text()
    write_atomic(path, lambda tmp: tmp.write_text(content, encoding="utf-8"))
    return path


if __name__ == "__main__":
    print(f"wrote {write(Path(sys.argv[1]) if len(sys.argv) > 1 else None)}")
