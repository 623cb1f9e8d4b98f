"""The curated tables as a Frictionless Data Package: generated from the declarations, valid."""

from __future__ import annotations

import csv
import json
import shutil

import frictionless
import pytest

from zjanalysis import paths
from zjanalysis.tables import datapackage, schema


def validate(descriptor) -> frictionless.Report:
    return frictionless.validate(str(descriptor))


def test_committed_package_is_what_the_declarations_give():
    assert paths.DATAPACKAGE_FILE.read_text(encoding="utf-8") == datapackage.text(), (
        "data/processed/datapackage.json is stale: run `make datapackage`"
    )


def test_frictionless_validates_the_curated_tables():
    report = validate(paths.DATAPACKAGE_FILE)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert {t.name for t in report.tasks} == set(schema.TABLES)


def test_package_carries_the_declared_keys_and_references():
    package = json.loads(paths.DATAPACKAGE_FILE.read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in package["resources"]}
    targets = resources["targets"]["schema"]
    assert targets["primaryKey"] == ["target_id"]
    refs = {fk["fields"]: fk["reference"]["resource"] for fk in targets["foreignKeys"]}
    assert {
        "document_id": "documents",
        "jurisdiction_id": "jurisdictions",
        "indicator_id": "indicators",
        "unit": "units",
        "same_as": "",  # a row of the same table
    }.items() <= refs.items()
    kind = next(f for f in targets["fields"] if f["name"] == "kind")
    assert kind["constraints"]["enum"] == list(schema.KINDS) == kind["categories"]
    for name, table in schema.TABLES.items():
        with (paths.PROCESSED_DIR / table.filename).open(encoding="utf-8", newline="") as fh:
            header = next(csv.reader(fh))
        assert [f["name"] for f in resources[name]["schema"]["fields"]] == header


def test_another_tool_reads_the_declared_types():
    package = frictionless.Package(str(paths.DATAPACKAGE_FILE))
    row = package.get_resource("targets").read_rows(size=1)[0]
    assert isinstance(row["year"], int) and row["kind"] in schema.KINDS
    docs = package.get_resource("documents").read_rows()
    assert any(r["published_date"] is not None for r in docs)
    assert all(r["published_date"] is None or r["published_date"].year >= 1949 for r in docs)


@pytest.mark.parametrize(
    ("column", "value", "error"),
    [
        ("kind", "aim", "constraint-error"),  # not an allowed code
        ("flags", "rank;bogus", "constraint-error"),  # a list item that is not a flag
        ("year", "3000", "constraint-error"),  # outside the declared years
        ("indicator_id", "no_such_indicator", "foreign-key"),
        ("same_as", "zz-1", "foreign-key"),  # a restatement of a row that does not exist
    ],
)
def test_the_package_refuses_what_validation_refuses(tmp_path, column, value, error):
    folder = tmp_path / "processed"
    shutil.copytree(paths.PROCESSED_DIR, folder)
    path = folder / "targets.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[1][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    report = validate(folder / "datapackage.json")
    assert not report.valid
    found = report.flatten(["rowNumber", "type"])
    assert found == [[2, error]], found
