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


VICTIM = (
    "import os, pathlib, time\n"
    "root = pathlib.Path(os.environ['ZJA_ROOT'])\n"
    "with open(root / 'pids', 'a') as fh:\n"
    "    fh.write(f'{os.getppid()}\\n')  # the Dask worker running this kernel\n"
    "while (root / 'hold').exists():\n"
    "    time.sleep(0.2)\n"
    "(pathlib.Path(output_dir) / f'{output_name}.pdf').write_bytes(b'%PDF ' + root.name.encode())"
)


def wait_for_pids(project, build, count, timeout=180) -> list[int]:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert build.poll() is None, build.communicate()
        pids = (project / "pids").read_text().split() if (project / "pids").exists() else []
        if len(pids) >= count:
            return [int(p) for p in pids]
        time.sleep(0.2)
    raise AssertionError(f"no report started {count} time(s)")


def test_a_worker_lost_mid_report_is_retried_once_on_another_then_failed(tmp_path):
    """A local cluster whose worker the test kills (SIGKILL, as the OOM killer would) while
    it runs a report: the report is run again on the other worker; if that worker dies too,
    it fails, exit 1, its last good outputs kept and nothing half-published."""
    import signal

    distributed = pytest.importorskip("distributed")
    project = project_copy(tmp_path, "jobs:\n  - notebook: victim\n")
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "output_dir: str | None = None\noutput_name: str | None = None",
            metadata={"tags": ["parameters"]},
        ),
        nbformat.v4.new_code_cell(VICTIM),
    ]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, project / "notebooks" / "victim.ipynb")
    reports = project / "reports"
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        command = [sys.executable, "-m", "zjanalysis.cli", "build", "--force"]
        command += ["--scheduler", cluster.scheduler_address]
        env = {**os.environ, "ZJA_ROOT": str(project)}

        def start():
            (project / "hold").touch()
            (project / "pids").unlink(missing_ok=True)
            return subprocess.Popen(
                command, cwd=project, env=env, stderr=subprocess.PIPE, text=True
            )

        build = start()
        (first,) = wait_for_pids(project, build, 1)
        os.kill(first, signal.SIGKILL)
        pids = wait_for_pids(project, build, 2)
        assert pids[1] != first  # another worker process
        (project / "hold").unlink()
        _, err = build.communicate(timeout=300)
        assert build.returncode == 0, err
        assert "built   victim/default" in err and "built on a second worker" in err
        (pdf,) = reports.glob("victim/*/*.pdf")
        assert "built on a second worker" in (reports / "index.html").read_text("utf-8")
        good = pdf.read_bytes()

        build = start()
        for n in (1, 2):
            os.kill(wait_for_pids(project, build, n)[-1], signal.SIGKILL)
        _, err = build.communicate(timeout=300)
        assert build.returncode == 1, err
        assert "failed  victim/default" in err and "its worker died twice" in err, err
        assert "Traceback" not in err
        assert pdf.read_bytes() == good
        assert not list(reports.glob("victim/.tmp-*")) and not list(reports.glob("victim/.old-*"))
        assert len((project / "pids").read_text().split()) == 2  # not a third time
        assert "failed" in (reports / "index.html").read_text("utf-8")


BARRIER = (
    "import json, os, pathlib, time\n"
    "root = pathlib.Path(os.environ['ZJA_ROOT'])\n"
    "(root / 'started').mkdir(exist_ok=True)\n"
    "(root / 'started' / output_name).write_text(json.dumps(\n"
    "    {'worker': os.getppid(), 'cwd': os.path.samefile(os.getcwd(), output_dir)}))\n"
    "deadline = time.monotonic() + 120  # both reports running at once, or this one fails\n"
    "while len(list((root / 'started').iterdir())) < 2:\n"
    "    assert time.monotonic() < deadline, 'the other report never started'\n"
    "    time.sleep(0.1)\n"
)


def test_one_worker_runs_two_reports_at_once_in_threads(project):
    """A worker with two threads runs two reports side by side, each kernel in its own folder
    and given the project's root; the worker's own folder and environment stay as they were."""
    import json

    distributed = pytest.importorskip("distributed")
    nb_path = project / "notebooks" / "document_profile.ipynb"
    nb = nbformat.read(nb_path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(BARRIER))
    nbformat.write(nb, nb_path)
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=2, processes=True, dashboard_address=None
        ) as local,
        distributed.Client(local) as client,
    ):
        before = client.run(lambda: (os.getcwd(), os.environ.get("ZJA_ROOT")))
        summary = build_in(project, only="document_profile/*", scheduler=local.scheduler_address)
        after = client.run(lambda: (os.getcwd(), os.environ.get("ZJA_ROOT")))
    assert [o.status for o in summary.outcomes] == ["built", "built"], summary.outcomes
    seen = [json.loads(p.read_text()) for p in (project / "started").iterdir()]
    assert len(seen) == 2 and all(s["cwd"] for s in seen)
    assert len({s["worker"] for s in seen}) == 1  # one worker process ran both
    assert after == before and next(iter(after.values()))[1] is None
