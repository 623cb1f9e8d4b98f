"""zja build --scheduler: the same jobs on a Dask cluster (a local one, started here) with the
same incremental rules, logs, index and exit codes."""

from __future__ import annotations

import os
import subprocess
import sys

import nbformat
import pytest
from conftest import project_copy

from zjanalysis.running.build import build

pytestmark = pytest.mark.slow

MANIFEST = """\
jobs:
  - notebook: document_profile
    matrix:
      document_id: [sx_2018_work_points, zj_2020_reform_work_points]
  - notebook: province_comparison
    params: {indicator_id: rd_intensity, year: 2022}
"""


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield local.scheduler_address


@pytest.fixture
def project(tmp_path):
    return project_copy(tmp_path, MANIFEST)


def zja_build(project, *args):
    return subprocess.run(
        [sys.executable, "-m", "zjanalysis.cli", "build", *args],
        cwd=project,
        env={**os.environ, "ZJA_ROOT": str(project)},
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def build_in(project, **kw):
    """``build`` in this process on the disposable project's folders."""
    return build(
        project / "reports" / "schedule.yaml",
        out_dir=project / "reports",
        notebooks_dir=project / "notebooks",
        data_dir=project / "data",
        **kw,
    )


def test_cluster_build_is_incremental_logs_and_indexes(cluster, project):
    first = zja_build(project, "--scheduler", cluster)
    assert first.returncode == 0, first.stderr
    assert "2 workers at tcp://" in first.stderr
    reports = project / "reports"
    index = (reports / "index.html").read_text(encoding="utf-8")
    for key in (
        "document_profile/sx_2018_work_points_en",
        "document_profile/zj_2020_reform_work_points_en",
        "province_comparison/rd_intensity_2022_zhejiang_en",
    ):
        name, slug = key.split("/")
        assert any((reports / key).glob("*.pdf")) and any((reports / key).glob("*.xlsx"))
        assert f"{key}/{slug}.pdf" in index
        log = (reports / "_logs" / f"{name}__{slug}.log").read_text(encoding="utf-8")
        assert "built: " in log
    second = zja_build(project, "--scheduler", cluster)
    assert second.returncode == 0 and " 0 to run, 3 up to date" in second.stderr

    # a failing job fails alone, with exit 1, its last good outputs kept
    failing = reports / "document_profile" / "sx_2018_work_points_en"
    before = {p.name: p.read_bytes() for p in failing.iterdir()}
    nb_path = project / "notebooks" / "document_profile.ipynb"
    nb = nbformat.read(nb_path, as_version=4)
    nb.cells.append(
        nbformat.v4.new_code_cell(
            'if document_id == "sx_2018_work_points":\n    raise RuntimeError("export target unavailable")'
        )
    )
    nbformat.write(nb, nb_path)
    third = zja_build(project, "--scheduler", cluster)
    assert third.returncode == 1, third.stderr
    assert "failed  document_profile/sx_2018_work_points_en" in third.stderr
    assert "built   document_profile/zj_2020_reform_work_points_en" in third.stderr
    assert " 2 to run, 1 up to date" in third.stderr  # only the notebook's readers rerun
    assert {p.name: p.read_bytes() for p in failing.iterdir()} == before
    assert "export target unavailable" in (
        reports / "_logs" / "document_profile__sx_2018_work_points_en.log"
    ).read_text(encoding="utf-8")


def test_same_outcomes_as_the_local_pool(cluster, project):
    summary = build_in(project, only="document_profile/zj_*", scheduler=cluster)
    assert [(o.job.key, o.status) for o in summary.outcomes] == [
        ("document_profile/zj_2020_reform_work_points_en", "built")
    ]
    local = build_in(project, only="document_profile/zj_*", jobs=1)
    assert [o.status for o in local.outcomes] == ["skipped"]  # the same fingerprints


def test_unreachable_scheduler_is_one_line_and_exit_2(project):
    result = zja_build(project, "--scheduler", "tcp://127.0.0.1:9")
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("zja build: cannot reach the Dask scheduler at tcp://127.0.0.1:9")
