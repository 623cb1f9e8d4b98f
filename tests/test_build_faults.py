"""Killing and interrupting zja build, run as a real process on a copy of the project.

Ctrl-C stops promptly with one line saying what finished, exit 130 and an index for it;
SIGKILL of the parent takes its workers (and their kernels) with it; a second build is
refused while the first runs; what an interrupted run leaves is removed by the next build.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import psutil
import pytest
from conftest import project_copy

pytestmark = pytest.mark.slow

MANIFEST = """\
jobs:
  - notebook: document_profile
    matrix:
      document_id: [sx_2018_work_points, zj_2020_reform_work_points, zj_2024_reply_longgang,
                    zj_2022_common_prosperity_plan]
"""


# every document: enough work that a stop or a kill always finds reports running and others not
# started (four reports of about a second each in warm kernels can all finish before the signal)
EVERY_DOCUMENT = """\
jobs:
  - notebook: document_profile
    for_each: document
"""


@pytest.fixture
def project(tmp_path):
    return project_copy(tmp_path, MANIFEST)


@pytest.fixture
def long_project(tmp_path):
    return project_copy(tmp_path, EVERY_DOCUMENT)


def _as_from_a_terminal() -> None:
    """In the child before it starts: SIGINT and SIGTERM neither ignored nor blocked. A child
    inherits both from the test process — ignored when the suite runs in the background
    (`cmd &`), blocked if a library left them masked — and would then never see the test's
    Ctrl-C (CI saw such a build run to its end and exit 0)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})


def zja_build(project, *args, wait=True):
    command = [sys.executable, "-m", "zjanalysis.cli", "build", "--jobs", "2", *args]
    kwargs = dict(
        cwd=project,
        env={**os.environ, "ZJA_ROOT": str(project)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_as_from_a_terminal,
    )
    if wait:
        return subprocess.run(command, check=False, timeout=300, **kwargs)
    return subprocess.Popen(command, **kwargs)


def running_reports(project, process, timeout=120) -> list[psutil.Process]:
    """Wait until the build's workers are executing notebooks; return every descendant."""
    parent = psutil.Process(process.pid)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        if list((project / "reports").glob("*/.tmp-*")) and len(parent.children()) >= 2:
            time.sleep(1.5)  # the kernels start
            return parent.children(recursive=True)
        time.sleep(0.2)
    raise AssertionError("no report started")


def assert_all_gone(processes, timeout=20):
    _, alive = psutil.wait_procs(processes, timeout=timeout)
    assert not alive, [p.cmdline()[:4] for p in alive]


def test_ctrl_c_stops_promptly_says_what_finished_and_exits_130(long_project):
    project = long_project
    build = zja_build(project, wait=False)
    children = running_reports(project, build)
    started = time.monotonic()
    build.send_signal(signal.SIGINT)
    _, err = build.communicate(timeout=60)
    assert time.monotonic() - started < 20  # not after the running reports finish
    assert build.returncode == 130, err
    assert "Traceback" not in err
    assert err.splitlines()[-1].startswith("zja build: interrupted: ")
    assert "not run" in err.splitlines()[-1]
    assert_all_gone(children)
    index = (project / "reports" / "index.html").read_text(encoding="utf-8")
    assert "interrupted" in index
    assert not list((project / "reports").glob("*/.tmp-*"))


def test_sigterm_stops_like_ctrl_c_with_exit_143(long_project):
    project = long_project
    build = zja_build(project, wait=False)
    children = running_reports(project, build)
    build.send_signal(signal.SIGTERM)  # how cron's or systemd's stop arrives
    _, err = build.communicate(timeout=60)
    assert build.returncode == 143, err
    assert "Traceback" not in err
    assert err.splitlines()[-1].startswith("zja build: interrupted: ")
    assert_all_gone(children)
    assert not list((project / "reports").glob("*/.tmp-*"))


def test_a_worker_killed_from_outside_fails_its_jobs_and_nothing_else(long_project):
    project = long_project
    build = zja_build(project, wait=False)
    children = running_reports(project, build)
    workers = psutil.Process(build.pid).children()
    workers[0].send_signal(signal.SIGKILL)  # as the OOM killer would
    _, err = build.communicate(timeout=240)
    assert build.returncode == 1, err
    assert "Traceback" not in err
    assert "worker process died" in err
    assert_all_gone(children)
    assert not list((project / "reports").glob("*/.tmp-*"))
    index = (project / "reports" / "index.html").read_text(encoding="utf-8")
    assert "failed" in index


def test_what_kernels_print_goes_to_the_job_log_not_the_terminal(project):
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell(
            "output_dir: str | None = None\noutput_name: str | None = None",
            metadata={"tags": ["parameters"]},
        ),
        nbformat.v4.new_code_cell("import os\nos.write(2, b'kernel noise on fd 2\\n')"),
    ]
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(notebook, project / "notebooks" / "noisy.ipynb")
    (project / "reports" / "schedule.yaml").write_text(
        "jobs:\n  - notebook: noisy\n", encoding="utf-8"
    )
    build = zja_build(project)
    assert build.returncode == 0, build.stderr
    assert "kernel noise" not in build.stderr
    logs = list((project / "reports" / "_logs").glob("noisy*.log"))
    assert "kernel noise on fd 2" in logs[0].read_text(encoding="utf-8")


def test_kill_takes_the_workers_and_the_next_build_cleans_up(long_project):
    project = long_project
    build = zja_build(project, wait=False)
    children = running_reports(project, build)
    second = zja_build(project)
    assert second.returncode == 2 and "another build is running" in second.stderr
    build.send_signal(signal.SIGKILL)
    build.communicate(timeout=30)
    assert_all_gone(children)
    leftovers = list((project / "reports").glob("*/.tmp-*"))
    assert leftovers  # what the killed workers were writing
    time.sleep(1)
    third = zja_build(project, "--only", "no_such_report")  # takes the lock, then refuses
    assert third.returncode == 2 and "matches none" in third.stderr
    assert not any(p.exists() for p in leftovers)


def hanging_notebook(project, name="hang") -> None:
    """A report that publishes a PDF, and hangs instead while the project holds a file
    ``hang`` (the kernel finds the project through ZJA_ROOT)."""
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell(
            "output_dir: str | None = None\noutput_name: str | None = None",
            metadata={"tags": ["parameters"]},
        ),
        nbformat.v4.new_code_cell(
            "import os, pathlib, time\n"
            "if (pathlib.Path(os.environ['ZJA_ROOT']) / 'hang').exists():\n"
            "    time.sleep(3600)\n"
            "if output_dir:\n"
            "    (pathlib.Path(output_dir) / f'{output_name}.pdf').write_bytes(b'%PDF good')"
        ),
    ]
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(notebook, project / "notebooks" / f"{name}.ipynb")


def test_a_report_past_its_time_limit_fails_and_the_build_goes_on(project):
    """A hung report fails at the time limit (not after 900 s a cell), keeps its last good
    outputs; the other reports are built; exit 1 and the index say which and why."""
    hanging_notebook(project)
    manifest = project / "reports" / "schedule.yaml"
    manifest.write_text(
        "time_limit: 600\njobs:\n  - notebook: hang\n    time_limit: 8\n"
        "  - notebook: document_profile\n    params: {document_id: sx_2018_work_points}\n",
        encoding="utf-8",
    )
    assert zja_build(project).returncode == 0
    (pdf,) = (project / "reports" / "hang").glob("*/*.pdf")
    (project / "hang").write_text("", encoding="utf-8")
    manifest.write_text(manifest.read_text(encoding="utf-8") + "# changed\n", encoding="utf-8")
    second = zja_build(project, "--force")
    assert second.returncode == 1, second.stderr
    assert "failed  hang/default" in second.stderr and "built   document_profile/" in second.stderr
    assert "hang stopped: it ran over its time limit of 8 s" in second.stderr
    assert "Traceback" not in second.stderr
    assert pdf.read_bytes() == b"%PDF good"  # the last good output
    index = (project / "reports" / "index.html").read_text(encoding="utf-8")
    assert "time limit of 8 s" in index
    # the command line's limit is over the manifest's
    third = zja_build(project, "--force", "--only", "hang", "--time-limit", "3")
    assert third.returncode == 1 and "time limit of 3 s" in third.stderr, third.stderr


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_stopping_a_report_whose_kernel_hangs_is_one_line(project, sig, code):
    hanging_notebook(project)
    env = {**os.environ, "ZJA_ROOT": str(project)}
    command = [sys.executable, "-m", "zjanalysis.cli", "report", "hang"]
    first = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    (pdf,) = (project / "reports" / "hang").glob("*/*.pdf")
    (project / "hang").write_text("", encoding="utf-8")
    report = subprocess.Popen(
        command,
        cwd=project,
        env=env,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_as_from_a_terminal,
    )
    deadline = time.monotonic() + 120
    while not (
        list((project / "reports" / "hang").glob(".tmp-*"))
        and psutil.Process(report.pid).children()
    ):
        assert time.monotonic() < deadline and report.poll() is None
        time.sleep(0.2)
    time.sleep(3)  # the cell is running
    children = psutil.Process(report.pid).children(recursive=True)
    report.send_signal(sig)
    _, err = report.communicate(timeout=60)
    assert report.returncode == code, err
    lines = err.strip().splitlines()
    assert lines[-1] == "zja report: interrupted; the last good outputs are kept", err
    assert "Traceback" not in err and "Task exception" not in err, err
    assert_all_gone(children)
    assert pdf.read_bytes() == b"%PDF good"
    assert not list((project / "reports" / "hang").glob(".tmp-*"))
