"""The warm-kernel engine: what one report does is invisible to the next, a failure does not
carry over, the kernel restarts when it must, and the outputs equal a fresh kernel's."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import openpyxl
import pytest
from pypdf import PdfReader

from zjanalysis import paths
from zjanalysis.running import notebook as reports
from zjanalysis.running import warm

pytestmark = pytest.mark.slow

PARAMS = 'output_dir: str = ""\noutput_name: str = ""\nrun_id: str = ""'

LEAKY = """\
import builtins, decimal, logging, os, random, sys, warnings
import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
secret = 42
builtins.zja_secret = 42
sys.path.insert(0, {probe!r})
import zja_probe_module
zja_probe_module.state.append(run_id)
mpl.rcParams["lines.linewidth"] = 7.5
plt.figure()
warnings.filterwarnings("error", message="zja probe")
os.environ["ZJA_PROBE"] = "set by the leaky report"
pd.set_option("display.precision", 2)
pd.set_option("display.max_rows", 3)
np.seterr(all="raise")
np.set_printoptions(precision=2)
np.random.seed(1234)
random.seed(1234)
logging.basicConfig(level=logging.DEBUG)
logging.getLogger("zja.probe").setLevel(logging.ERROR)
logging.getLogger("matplotlib").setLevel(logging.DEBUG)
get_ipython().run_line_magic("precision", "1")
decimal.getcontext().prec = 3
os.umask(0o077)
sys.setrecursionlimit(5000)
import zjanalysis.reports.charts
"""

PROBE = """\
import builtins, decimal, json, logging, os, random, sys, warnings
import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from zjanalysis import paths
umask = os.umask(0o022)
os.umask(umask)
seen = {
    "builtin": hasattr(builtins, "zja_secret"),
    "pandas": [pd.get_option("display.precision"), pd.get_option("display.max_rows")],
    "numpy_err": np.geterr(),
    "numpy_print": np.get_printoptions()["precision"],
    "numpy_random": float(np.random.random()),
    "random": random.random(),
    "root_logger": [logging.getLogger().level, len(logging.getLogger().handlers)],
    "loggers": [logging.getLogger("zja.probe").level, logging.getLogger("matplotlib").level],
    "precision": get_ipython().display_formatter.formatters["text/plain"].float_precision,
    "decimal": decimal.getcontext().prec,
    "umask": umask,
    "recursion": sys.getrecursionlimit(),
    "pid": os.getpid(),
    "secret": "secret" in globals(),
    "module": "zja_probe_module" in sys.modules,
    "sys_path": any("probe" in p for p in sys.path),
    "linewidth": mpl.rcParams["lines.linewidth"],
    "figures": plt.get_fignums(),
    "filter": any(f[1] is not None and f[1].pattern == "zja probe" for f in warnings.filters),
    "env": os.environ.get("ZJA_PROBE"),
    "cwd": os.getcwd() == output_dir,
    "root": str(paths.ROOT),
    "data_dir": str(paths.DATA_DIR),
    "zja_root": os.environ.get("ZJA_ROOT"),
}
print("SEEN " + json.dumps(seen))
"""


def notebook(path: Path, *cells: str) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(PARAMS, metadata={"tags": ["parameters"]})]
    nb.cells += [nbformat.v4.new_code_cell(c) for c in cells]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, path)


@pytest.fixture
def books(tmp_path):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    probe = tmp_path / "probe"
    probe.mkdir()
    (probe / "zja_probe_module.py").write_text("state = []\n", encoding="utf-8")
    reseed = "np.random.seed(1234)\nrandom.seed(1234)"  # what the next report would draw
    notebook(folder / "leaky.ipynb", LEAKY.format(probe=str(probe)), PROBE, reseed)
    notebook(folder / "probe.ipynb", PROBE)
    notebook(folder / "failing.ipynb", "leftover = 1", "raise RuntimeError('report broke')")
    rebind = "import zjanalysis.files\nzjanalysis.files.NOT_A_PLACE = ()"
    notebook(folder / "rebinding.ipynb", rebind)
    return folder


def seen(result) -> dict:
    nb = nbformat.read(result.notebook, as_version=4)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("name") == "stdout" and out["text"].startswith("SEEN "):
                return json.loads(out["text"][5:])
    raise AssertionError("the probe printed nothing")


def run(books, name, out, **kw):
    return reports.run(name, {"run_id": kw.pop("run_id", "x")}, out, notebooks_dir=books, **kw)


SEEDED = {"numpy_random", "random"}  # a new kernel seeds its generators from the system


def test_what_a_report_changes_is_invisible_to_the_next(books, tmp_path):
    out = tmp_path / "out"
    leaky = seen(run(books, "leaky", out, run_id="a"))
    assert leaky["secret"] and leaky["module"] and leaky["linewidth"] == 7.5  # the probe sees
    clean = seen(run(books, "probe", out, run_id="b"))
    assert clean["pid"] == leaky["pid"]  # the same warm kernel ran both
    fresh = seen(run(books, "probe", out, run_id="c", engine=warm.COLD_ENGINE_NAME))
    assert fresh["pid"] != clean["pid"]
    for key in ("pid", *SEEDED):
        clean.pop(key), fresh.pop(key)
    assert clean == fresh  # everything the leaky report changed, as a new kernel has it
    assert clean == {**clean, "secret": False, "module": False, "linewidth": 1.5, "env": None}


def test_the_random_generators_are_seeded_afresh(books, tmp_path):
    """After a report that seeded them, the next one does not draw the seeded numbers."""
    import random

    import numpy as np

    out = tmp_path / "out"
    leaky = seen(run(books, "leaky", out))
    np.random.seed(1234)
    random.seed(1234)
    seeded = {"numpy_random": np.random.random(), "random": random.random()}
    assert {k: leaky[k] for k in SEEDED} == seeded  # the probe draws what the seed gives
    clean = seen(run(books, "probe", out))
    assert clean["pid"] == leaky["pid"]
    assert all(clean[k] != seeded[k] for k in SEEDED)


def test_each_report_gets_its_data_folder_and_the_next_the_default(books, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(paths.DATA_DIR, project / "data")
    copy = seen(run(books, "probe", tmp_path / "out", data_dir=project / "data"))
    default = seen(run(books, "probe", tmp_path / "out"))
    assert copy["pid"] == default["pid"]
    assert copy["data_dir"] == str((project / "data").resolve())
    assert copy["zja_root"] == str(project.resolve())
    assert default["data_dir"] == str(paths.DATA_DIR) and default["zja_root"] is None


def test_a_failed_report_does_not_affect_the_next(books, tmp_path):
    out = tmp_path / "out"
    before = seen(run(books, "probe", out))
    with pytest.raises(reports.ReportFailed, match="report broke"):
        run(books, "failing", out)
    after = seen(run(books, "probe", out))
    assert after["pid"] != before["pid"]  # restarted: whatever the failure left is gone
    assert not after["secret"]


def test_a_report_that_rebinds_a_module_of_the_suite_gets_the_next_a_new_kernel(books, tmp_path):
    out = tmp_path / "out"
    before = seen(run(books, "probe", out))
    run(books, "rebinding", out)
    after = seen(run(books, "probe", out))
    assert after["pid"] != before["pid"]


def test_the_kernel_restarts_after_max_runs_and_when_the_suite_changes(
    books, tmp_path, monkeypatch
):
    out = tmp_path / "out"
    monkeypatch.setattr(warm, "MAX_RUNS", 2)
    warm.POOL.shutdown_all()  # count from a new kernel
    pids = [seen(run(books, "probe", out))["pid"] for _ in range(3)]
    assert pids[0] == pids[1] != pids[2]
    suite = tmp_path / "suite"
    suite.mkdir()
    module = suite / "module.py"
    module.write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(warm, "SUITE_DIR", suite)
    monkeypatch.setattr(warm, "MAX_RUNS", 100)
    warm.POOL.shutdown_all()  # the next kernel records the stand-in suite
    first = seen(run(books, "probe", out))["pid"]
    assert seen(run(books, "probe", out))["pid"] == first
    module.write_text("x = 2  # edited\n", encoding="utf-8")
    assert seen(run(books, "probe", out))["pid"] != first


STAMP = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d)?([+-]\d\d:\d\d)?")


def unstamped(value):
    """The value with the time it was made masked (the one thing two runs may differ in)."""
    return STAMP.sub("<time>", value) if isinstance(value, str) else value


def workbook_cells(path: Path) -> dict:
    wb = openpyxl.load_workbook(path)
    return {
        ws.title: [[unstamped(c.value) for c in row] for row in ws.iter_rows()]
        for ws in wb.worksheets
    }


def pdf_text(path: Path) -> list[str]:
    return [unstamped(page.extract_text()) for page in PdfReader(path).pages]


REAL = [
    ("province_comparison", {"indicator_id": "rd_intensity", "year": "2021", "lang": "zh"}),
    ("target_attainment", {"jurisdiction_id": "zhejiang"}),
]


def test_outputs_equal_a_fresh_kernels(books, tmp_path):
    run(books, "leaky", tmp_path / "scratch")  # a warm kernel that has seen a leaky report
    for name, params in REAL:
        warm_result = reports.run(name, params, tmp_path / "warm")
        fresh_result = reports.run(name, params, tmp_path / "fresh", engine=warm.COLD_ENGINE_NAME)
        for suffix, read in ((".xlsx", workbook_cells), (".pdf", pdf_text)):
            a, b = (
                next(p for p in r.files if p.suffix == suffix) for r in (warm_result, fresh_result)
            )
            assert read(a) == read(b), (name, suffix)
        counts = [
            [c.get("execution_count") for c in nbformat.read(r.notebook, as_version=4).cells]
            for r in (warm_result, fresh_result)
        ]
        assert counts[0] == counts[1]


# what differs between any two runs of a notebook: a table's random id, an object's address
RUN_BOUND = re.compile(r"\bT_[0-9a-f]{5}(?![0-9a-f])| at 0x[0-9a-f]+")


def test_outputs_after_a_leaky_report_are_a_cold_runs_byte_for_byte(books, tmp_path, monkeypatch):
    """With the time stamped in every output fixed, a report run in the warm kernel right after
    one that changed every setting it could writes the same files as in a new kernel."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764892800")
    name, params = REAL[0]
    outputs = {}
    for engine in (warm.COLD_ENGINE_NAME, warm.ENGINE_NAME):
        if engine == warm.ENGINE_NAME:
            run(books, "leaky", tmp_path / "scratch")  # in the warm kernel the report runs in
        result = reports.run(name, params, tmp_path / engine, engine=engine)
        outputs[engine] = {
            p.name: p.read_bytes()
            for p in result.files
            if p.suffix in (".pdf", ".xlsx") or p.name == "report.json"
        }  # not params.json, which gives the notebook's size: the notebook records run times
        cells = nbformat.read(result.notebook, as_version=4).cells
        shown = json.dumps([c.get("outputs", []) for c in cells], sort_keys=True)
        shown = shown.replace(str(result.folder.parent), "<folder>")
        outputs[engine]["shown"] = RUN_BOUND.sub("<id>", shown)
    assert {".pdf", ".xlsx"} <= {Path(n).suffix for n in outputs[warm.ENGINE_NAME]}
    assert outputs[warm.ENGINE_NAME] == outputs[warm.COLD_ENGINE_NAME]


def test_papermill_command_line_knows_the_engine(books, tmp_path):
    papermill = Path(sys.executable).with_name("papermill")
    result = subprocess.run(
        [
            str(papermill),
            str(books / "probe.ipynb"),
            str(tmp_path / "out.ipynb"),
            "--engine",
            warm.ENGINE_NAME,
            "-p",
            "output_dir",
            str(tmp_path),
            "--cwd",
            str(tmp_path),
            "--no-progress-bar",
        ],
        capture_output=True,
        text=True,
        check=False,
        env={k: v for k, v in os.environ.items() if k != "ZJA_ROOT"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    nb = nbformat.read(tmp_path / "out.ipynb", as_version=4)
    assert any("SEEN " in o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
