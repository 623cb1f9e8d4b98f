"""What each report reads (``reports.reads``): an edited row changes the fingerprint of the
reports that read it and of no other, and no other report's content changes."""

from __future__ import annotations

import importlib
import shutil
from pathlib import Path

import pytest
from conftest import rewrite_cell, row_index

from zjanalysis import paths
from zjanalysis.reports.reads import read_digest
from zjanalysis.running.manifest import load_manifest
from zjanalysis.tables.loading import load_tables

# (row, column, new value): a note, a figure's kind, a statistics bulletin's cell
EDITS = [
    ("rep24-14", "note", "checked again"),
    ("rep24-14", "kind", "actual"),
    ("crsb21-24", "note", "checked again"),
    ("wp20-02", "note", "checked again"),
]
SHARE_REBUILT = 0.10  # of the schedule, at most, for one edited note (issue 24)


def content_of(job, data_dir: Path):
    module = importlib.import_module(f"zjanalysis.reports.{job.name}")  # one per report type
    return getattr(module, f"{job.name}_report")(**job.params, data_dir=data_dir)


def what_it_says(c) -> tuple:
    """Everything a report shows but its data hash and time."""
    chart = c.chart
    frames = [c.summary, c.data, c.sources]
    if chart is not None:
        frames += [chart.frame, chart.history]
    return (
        c.title,
        tuple(c.sentences),
        tuple(c.notes),
        tuple(
            "" if f is None else f.to_json(date_format="iso", default_handler=str) for f in frames
        ),
    )


@pytest.fixture(scope="module")
def schedule():
    return load_manifest(paths.REPORTS_DIR / "schedule.yaml")


@pytest.fixture(scope="module")
def before(schedule):
    t = load_tables()
    return {job.key: read_digest(job.name, job.params, t) for job in schedule}


_CONTENT: dict[str, tuple] = {}


def said_before(job) -> tuple:
    """What the report says with the project's data, and the rows its Data sheet shows."""
    if job.key not in _CONTENT:
        c = content_of(job, paths.DATA_DIR)
        _CONTENT[job.key] = (what_it_says(c), set(c.data["target_id"]))
    return _CONTENT[job.key]


def near(job, row) -> bool:
    """A report that could read ``row``: of its indicator, place or document, or of many
    places (what a wrong rule would miss); the others are not built again, for time."""
    p = job.params
    return (
        p.get("indicator_id") == row["indicator_id"]
        or ("jurisdiction_id" in p and p["jurisdiction_id"] in (row["jurisdiction_id"], None))
        or p.get("document_id") == row["document_id"]
        or row["jurisdiction_id"] in (p.get("jurisdiction_ids") or ())
    )


def test_every_scheduled_report_has_a_rule_and_its_hash_is_its_reads(schedule):
    """The About sheet's data hash is the digest the build fingerprints."""
    from zjanalysis.reports.reads import READERS

    assert {j.name for j in schedule} <= set(READERS)
    t = load_tables()
    for job in schedule[:: max(1, len(schedule) // 12)]:
        assert content_of(job, paths.DATA_DIR).data_hash == read_digest(job.name, job.params, t)


@pytest.mark.slow
@pytest.mark.parametrize(("target_id", "column", "value"), EDITS)
def test_an_edit_changes_only_the_reports_that_read_it(
    schedule, before, tmp_path, target_id, column, value
):
    data = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, data)
    path = data / "processed" / "targets.csv"
    rewrite_cell(path, row_index(path, "target_id", target_id), column, value)
    t = load_tables(data)
    row = t.targets.loc[target_id]
    changed = {j.key for j in schedule if read_digest(j.name, j.params, t) != before[j.key]}
    assert changed, "an edited row is read by some report"
    for job in schedule:
        if job.key not in changed and near(job, row):  # not rebuilt: nothing it says changed
            assert what_it_says(content_of(job, data)) == said_before(job)[0], job.key
    if column == "note":  # shown on the Data sheet: exactly the reports showing the row rebuild
        showing = {j.key for j in schedule if near(j, row) and target_id in said_before(j)[1]}
        assert changed == showing
        assert len(changed) <= SHARE_REBUILT * len(schedule), sorted(changed)
