"""zja build on a small manifest in a temporary project: incremental, isolated, locked."""

from __future__ import annotations

import shutil
import subprocess
import sys

import nbformat
import pytest
from filelock import FileLock

from zjanalysis import paths
from zjanalysis.running.build import BuildLocked, build
from zjanalysis.running.manifest import ManifestError, load_manifest

pytestmark = pytest.mark.slow

MANIFEST = """\
jobs:
  - notebook: document_profile
    matrix:
      document_id: [sx_2018_work_points, zj_2020_reform_work_points]
  - notebook: indicator_trend
    params: {indicator_id: rd_intensity, jurisdiction_ids: [zhejiang]}
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(paths.DATA_DIR, root / "data")
    shutil.copytree(paths.NOTEBOOKS_DIR, root / "notebooks")
    (root / "reports").mkdir()
    (root / "schedule.yaml").write_text(MANIFEST, encoding="utf-8")
    return root


def run_build(project, **kw):
    return build(
        project / "schedule.yaml",
        out_dir=project / "reports",
        notebooks_dir=project / "notebooks",
        data_dir=project / "data",
        jobs=2,
        **kw,
    )


def statuses(summary):
    return {o.job.key: o.status for o in summary.outcomes}


def test_build_then_skip_then_rerun_only_readers(project):
    first = run_build(project)
    assert set(statuses(first).values()) == {"built"} and len(first.outcomes) == 3
    reports = project / "reports"
    assert (reports / "index.html").exists() and (reports / "index.xlsx").exists()
    index = (reports / "index.html").read_text(encoding="utf-8")
    for o in first.outcomes:
        folder = reports / o.job.name / o.job.slug
        assert any(folder.glob("*.pdf")) and any(folder.glob("*.xlsx"))
        assert f"{o.job.name}/{o.job.slug}/{o.job.slug}.pdf" in index
        assert (reports / "_logs" / f"{o.job.name}__{o.job.slug}.log").exists()

    second = run_build(project)
    assert set(statuses(second).values()) == {"skipped"}

    # a new defect noted in sx_2018_work_points' origin record concerns its profile only
    origin = project / "data" / "raw" / "origin.yaml"
    origin.write_text(
        origin.read_text(encoding="utf-8").replace(
            "    - site navigation, an empty visit counter",
            "    - (reviewed again)\n    - site navigation, an empty visit counter",
        ),
        encoding="utf-8",
    )
    third = statuses(run_build(project))
    assert third == {
        "document_profile/sx_2018_work_points_en": "built",
        "document_profile/zj_2020_reform_work_points_en": "skipped",
        "indicator_trend/rd_intensity_zhejiang_all_all_en": "skipped",
    }
    forced = run_build(project, force=True, only="indicator_trend*")
    assert statuses(forced) == {"indicator_trend/rd_intensity_zhejiang_all_all_en": "built"}


def test_failing_job_keeps_others_and_its_last_good_outputs(project):
    run_build(project)
    failing = project / "reports" / "document_profile" / "sx_2018_work_points_en"
    before = {p.name: p.read_bytes() for p in failing.iterdir()}
    nb_path = project / "notebooks" / "document_profile.ipynb"
    original = nb_path.read_bytes()
    nb = nbformat.read(nb_path, as_version=4)
    nb.cells.append(
        nbformat.v4.new_code_cell(
            'if document_id == "sx_2018_work_points":\n    raise RuntimeError("export target unavailable")'
        )
    )
    nbformat.write(nb, nb_path)
    try:
        summary = run_build(project)
    finally:
        nb_path.write_bytes(original)
    result = statuses(summary)
    assert result["document_profile/sx_2018_work_points_en"] == "failed"
    assert result["document_profile/zj_2020_reform_work_points_en"] == "built"
    assert not summary.ok
    assert {p.name: p.read_bytes() for p in failing.iterdir()} == before
    failed = next(o for o in summary.outcomes if o.status == "failed")
    assert "export target unavailable" in failed.error
    assert "export target unavailable" in failed.log.read_text(encoding="utf-8")
    assert "failed" in (project / "reports" / "index.html").read_text(encoding="utf-8")


def test_concurrent_build_is_refused(project):
    with (
        FileLock(str(project / "reports" / ".build.lock")),
        pytest.raises(BuildLocked, match="another build"),
    ):
        run_build(project)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("jobs:\n  - notebook: indicator_trend\n\t  params: {}\n", "line 3: not valid YAML"),
        (
            "jobs:\n  - notebook: indicator_trend\n  - notebook: indicatr_trend\n",
            "line 3: unknown report 'indicatr_trend'",
        ),
        (
            "jobs:\n  - notebook: indicator_trend\n    params: {indicator: rd_intensity}\n",
            "line 2: indicator_trend: unknown parameter 'indicator'",
        ),
        (
            "jobs:\n  - notebook: document_profile\n    matrix:\n      document_id: [sx_2018_work_points, nope]\n",
            "unknown document 'nope'",
        ),
        (
            "jobs:\n  - notebook: indicator_trend\n  - notebook: ../notebooks/explore\n",
            "line 3: '../notebooks/explore' is not a report name",
        ),
        (
            "jobs:\n  - notebook: indicator_trend\n    for_each: everything\n",
            "unknown for_each 'everything'",
        ),
        ("jobs: []\n", "non-empty 'jobs'"),
    ],
)
def test_malformed_manifest_is_refused_before_anything_runs(tmp_path, text, expected):
    manifest = tmp_path / "bad.yaml"
    manifest.write_text(text, encoding="utf-8")
    with pytest.raises(ManifestError, match=expected):
        build(manifest, out_dir=tmp_path / "out")
    assert not (tmp_path / "out" / "indicator_trend").exists()


def test_default_manifest_is_valid():
    jobs = load_manifest(paths.REPORTS_DIR / "schedule.yaml")
    names = {j.name for j in jobs}
    assert {
        "indicator_trend",
        "jurisdiction_overview",
        "document_profile",
        "target_attainment",
    } <= names
    assert len({j.key for j in jobs}) == len(jobs)


def test_cli_build_refuses_a_bad_manifest_with_exit_2(tmp_path):
    manifest = tmp_path / "bad.yaml"
    manifest.write_text("jobs:\n  - notebook: nope\n", encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "zjanalysis.cli",
            "build",
            "--manifest",
            str(manifest),
            "--out",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2 and "unknown report 'nope'" in result.stderr


def test_nothing_changed_is_decided_without_reading_the_manifest(project, monkeypatch):
    """A rebuild with nothing changed answers from the last build's plan: no manifest
    expansion (no tables, no pandas), no index rewrite; anything new takes the full path."""
    import zjanalysis.running.manifest as manifest_module

    run_build(project)  # up to date, whatever the tests before left
    reports = project / "reports"
    index = reports / "index.html"
    before = index.stat().st_mtime_ns

    def not_read(*args, **kwargs):
        raise AssertionError("the manifest was expanded")

    monkeypatch.setattr(manifest_module, "load_manifest", not_read)
    again = run_build(project)
    assert set(statuses(again).values()) == {"skipped"} and len(again.outcomes) == 3
    assert index.stat().st_mtime_ns == before
    only = run_build(project, only="document_profile")
    assert set(statuses(only)) == {
        "document_profile/sx_2018_work_points_en",
        "document_profile/zj_2020_reform_work_points_en",
    }
    # a report published outside the build (zja report) must reach the index
    folder = next((reports / "indicator_trend").iterdir())
    shutil.copytree(folder, reports / "indicator_trend" / "adhoc_copy")
    with pytest.raises(AssertionError, match="expanded"):
        run_build(project)
    monkeypatch.undo()
    listed = run_build(project)
    assert set(statuses(listed).values()) == {"skipped"}
    assert "adhoc_copy" in index.read_text(encoding="utf-8")
    # a deleted report is built again
    gone = listed.outcomes[0].job
    shutil.rmtree(reports / gone.name / gone.slug)
    assert statuses(run_build(project))[gone.key] == "built"


READ_MANIFEST = """\
jobs:
  - notebook: document_profile
    matrix:
      document_id: [sx_2018_work_points, cn_2021_rd_statistics_bulletin]
  - notebook: indicator_trend
    params: {indicator_id: rd_intensity, jurisdiction_ids: [zhejiang]}
  - notebook: province_comparison
    params: {indicator_id: rd_intensity, year: 2022}
"""


def test_an_edited_row_rebuilds_its_readers_and_editing_it_back_restores_their_bytes(
    tmp_path, monkeypatch
):
    """A note shows on the Data sheet of the reports that read its row: those rebuild, the
    others are skipped; edited back, the same rebuild, byte for byte as before."""
    from conftest import project_copy, rewrite_cell, row_index
    from openpyxl import load_workbook

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764892800")  # the time stamped in every output
    root = project_copy(tmp_path, READ_MANIFEST)
    reports = root / "reports"

    def again():
        return statuses(
            build(
                reports / "schedule.yaml",
                out_dir=reports,
                notebooks_dir=root / "notebooks",
                data_dir=root / "data",
                jobs=2,
            )
        )

    def outputs():  # what a reader gets (the executed notebook records its run's times)
        return {
            p.relative_to(reports): p.read_bytes()
            for p in reports.glob("*/*/*")
            if p.suffix in (".pdf", ".xlsx") or p.name in ("report.json", "fingerprint.json")
        }

    first = again()
    assert set(first.values()) == {"built"}
    original = outputs()
    targets = root / "data" / "processed" / "targets.csv"
    row = row_index(targets, "target_id", "crsb21-24")  # Zhejiang's 2021 R&D intensity
    showing = set()
    for key in first:
        book = next((reports / key).glob("*.xlsx"))
        data = load_workbook(book, read_only=True)["Data"]
        if "crsb21-24" in [r[0] for r in data.iter_rows(values_only=True)]:
            showing.add(key)
    assert showing and showing != set(first)
    note = targets.read_text(encoding="utf-8")
    rewrite_cell(targets, row, "note", "checked against the bulletin again")
    edited = again()
    assert {k for k, s in edited.items() if s == "built"} == showing
    assert {k for k, s in edited.items() if s == "skipped"} == set(first) - showing
    targets.write_text(note, encoding="utf-8")
    back = again()
    assert {k for k, s in back.items() if s == "built"} == showing
    assert outputs() == original
