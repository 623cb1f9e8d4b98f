"""Faults while writing: a full or read-only disk is one line naming the path, exit 1, and
leaves neither half-written files nor a lost report. OSErrors are injected (the tests may run
as root, for whom a read-only folder is writable)."""

from __future__ import annotations

import errno
import os
import pathlib
from pathlib import Path

import pytest

from zjanalysis import cli
from zjanalysis.running import notebook as notebook_module
from zjanalysis.running import plan
from zjanalysis.running.index import write_index
from zjanalysis.running.publish import remove_leftovers

MANIFEST = "jobs:\n  - notebook: indicator_trend\n    params: {indicator_id: rd_intensity}\n"


def full_disk(path, *args, **kwargs):
    open(path, "wb").close()  # the file was created, then the disk was full
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.fixture
def no_space_for_temporaries(monkeypatch):
    """Every write of a ``.*.tmp`` file fails like a full disk, after creating it empty."""
    real = pathlib.Path.write_text

    def write_text(self, *args, **kwargs):
        if self.name.endswith(".tmp"):
            full_disk(self)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "write_text", write_text)


def test_write_index_on_a_full_disk_leaves_no_temporary(tmp_path, no_space_for_temporaries):
    from zjanalysis.errors import OutputError

    (tmp_path / "index.html").write_text("last good index", encoding="utf-8")
    with pytest.raises(OutputError, match=r"index\.html: cannot be written \(No space left"):
        write_index([], {}, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html"]
    assert (tmp_path / "index.html").read_text(encoding="utf-8") == "last good index"


def test_build_on_a_full_disk_is_one_line_and_exit_1(
    tmp_path, monkeypatch, capsys, no_space_for_temporaries
):
    (tmp_path / "m.yaml").write_text(MANIFEST, encoding="utf-8")
    # every job up to date, so that the build goes straight to its index
    monkeypatch.setattr(plan, "fingerprint", lambda *a: "same")
    monkeypatch.setattr(plan, "published_fingerprint", lambda *a: "same")
    code = cli.main(["build", "--manifest", str(tmp_path / "m.yaml"), "--out", str(tmp_path)])
    err = capsys.readouterr().err.splitlines()
    assert code == 1 and err[-1].startswith("zja build: ") and "index.html" in err[-1]
    assert "No space left on device" in err[-1]
    assert not list(tmp_path.glob(".*.tmp"))


def fake_execute(input_path, output_path, **kwargs):
    Path(output_path).write_text("{}", encoding="utf-8")


@pytest.mark.parametrize(
    ("where", "error"),
    [("execute", errno.ENOSPC), ("publish", errno.EROFS), ("execute", errno.EACCES)],
)
def test_report_that_cannot_be_written_keeps_the_last_good_one(
    tmp_path, monkeypatch, capsys, where, error
):
    import papermill

    monkeypatch.setattr(papermill, "execute_notebook", fake_execute)
    args = ["report", "indicator_trend", "-p", "indicator_id", "rd_intensity"]
    assert cli.main([*args, "--out", str(tmp_path)]) == 0
    (folder,) = (tmp_path / "indicator_trend").iterdir()
    good = {p.name: p.read_bytes() for p in folder.iterdir()}

    def fail(*a, **k):
        raise OSError(error, os.strerror(error), str(tmp_path / "indicator_trend"))

    monkeypatch.setattr(
        *((papermill, "execute_notebook") if where == "execute" else (notebook_module, "publish")),
        fail,
    )
    assert cli.main([*args, "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("zja report: ") and os.strerror(error) in err[-1]
    assert str(tmp_path / "indicator_trend") in err[-1]
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == good
    assert [p.name for p in (tmp_path / "indicator_trend").iterdir()] == [folder.name]


def test_published_report_folders_are_readable_like_the_rest(tmp_path, monkeypatch):
    import papermill

    monkeypatch.setattr(papermill, "execute_notebook", fake_execute)
    result = notebook_module.run("indicator_trend", {"indicator_id": "rd_intensity"}, tmp_path)
    umask = os.umask(0o022)
    os.umask(umask)
    assert result.folder.stat().st_mode & 0o777 == 0o777 & ~umask


def test_next_build_removes_what_dead_runs_left_and_restores_set_aside_outputs(tmp_path):
    reports = tmp_path / "indicator_trend"
    dead = 2**22 + 12345  # above the default pid_max: no such process
    (reports / f".tmp-rd_intensity_en-p{dead}-abcd1234").mkdir(parents=True)
    (reports / ".tmp-old-style-abcd1234").mkdir()
    (reports / f".tmp-running-p{os.getpid()}-abcd1234").mkdir()  # a report running now
    (reports / "kept").mkdir()
    (reports / f".old-kept-p{dead}-0a1b2c3d").mkdir()  # published since: the old copy goes
    aside = reports / f".old-lost_en-p{dead}-0a1b2c3d"  # killed before publishing: put back
    aside.mkdir()
    (aside / "lost_en.pdf").write_bytes(b"%PDF")
    remove_leftovers(tmp_path)
    assert sorted(p.name for p in reports.iterdir()) == [
        f".tmp-running-p{os.getpid()}-abcd1234",
        "kept",
        "lost_en",
    ]
    assert (reports / "lost_en" / "lost_en.pdf").read_bytes() == b"%PDF"


def report_execute(input_path, output_path, parameters, **kwargs):
    """papermill's part, faked: the notebook writes a PDF into the folder it is given."""
    folder = Path(parameters["output_dir"])
    assert folder.is_absolute()  # the kernel's working folder is the temporary one
    (folder / f"{parameters['output_name']}.pdf").write_bytes(b"%PDF-1.4 report")
    Path(output_path).write_text("{}", encoding="utf-8")


def test_a_relative_out_is_the_callers_folder(tmp_path, monkeypatch):
    import papermill

    monkeypatch.setattr(papermill, "execute_notebook", report_execute)
    monkeypatch.chdir(tmp_path)
    args = ["report", "indicator_trend", "-p", "indicator_id", "rd_intensity", "--out", "mine"]
    assert cli.main(args) == 0
    (pdf,) = (tmp_path / "mine" / "indicator_trend").glob("*/*.pdf")
    assert pdf.read_bytes() == b"%PDF-1.4 report"


def build_once(tmp_path, capsys) -> str:
    code = cli.main(["build", "--manifest", str(tmp_path / "m.yaml"), "--out", str(tmp_path)])
    assert code == 0
    return capsys.readouterr().err


def test_a_build_remakes_a_report_that_lost_a_file(tmp_path, monkeypatch, capsys):
    """The fingerprint says the inputs are the same; the folder says the PDF is gone."""
    import papermill

    monkeypatch.setattr(papermill, "execute_notebook", report_execute)
    (tmp_path / "m.yaml").write_text(MANIFEST, encoding="utf-8")
    assert " 1 to run" in build_once(tmp_path, capsys)
    assert " 0 to run, 1 up to date" in build_once(tmp_path, capsys)
    (pdf,) = (tmp_path / "indicator_trend").glob("*/*.pdf")
    pdf.unlink()
    assert " 1 to run" in build_once(tmp_path, capsys)
    assert pdf.read_bytes() == b"%PDF-1.4 report"
    pdf.write_bytes(b"%PDF")  # cut short
    assert " 1 to run" in build_once(tmp_path, capsys)
    assert pdf.read_bytes() == b"%PDF-1.4 report"


def test_a_log_that_is_a_link_is_replaced_not_followed(tmp_path, monkeypatch, capsys):
    import papermill

    monkeypatch.setattr(papermill, "execute_notebook", report_execute)
    (tmp_path / "m.yaml").write_text(MANIFEST, encoding="utf-8")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.txt"
    outside.write_text("precious", encoding="utf-8")
    (tmp_path / "_logs").mkdir()
    log = tmp_path / "_logs" / "indicator_trend__rd_intensity_all_all_all_en.log"
    log.symlink_to(outside)
    build_once(tmp_path, capsys)
    assert outside.read_text(encoding="utf-8") == "precious"
    assert not log.is_symlink() and "built: " in log.read_text(encoding="utf-8")


@pytest.fixture
def no_space_for_bytes(monkeypatch):
    """Every write of a ``.*.tmp`` file through write_bytes or pandas fails like a full disk."""
    import pandas as pd

    real_bytes, real_csv = pathlib.Path.write_bytes, pd.DataFrame.to_csv

    def write_bytes(self, data):
        if self.name.endswith(".tmp"):
            full_disk(self)
        return real_bytes(self, data)

    def to_csv(self, path=None, *args, **kwargs):
        if path is not None and str(path).endswith(".tmp"):
            full_disk(path)
        return real_csv(self, path, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "write_bytes", write_bytes)
    monkeypatch.setattr(pd.DataFrame, "to_csv", to_csv)


def data_state(root: Path) -> dict:
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("command", ["add-document", "curate", "extract"])
def test_data_commands_on_a_full_disk_leave_nothing_half_written(
    tmp_path, monkeypatch, capsys, no_space_for_bytes, command
):
    """One line naming the file, exit 1 (an output failure, not bad input); data/ and the
    output folder exactly as before: no raw copy, no temporary, no half-appended table."""
    import shutil

    from zjanalysis import paths

    shutil.copytree(paths.DATA_DIR, tmp_path / "data")
    monkeypatch.setattr(paths, "DATA_DIR", tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "new.txt").write_text("2025年工作要点\n新增高新技术企业350家以上。\n", "utf-8")
    (tmp_path / "c.csv").write_text(
        "keep,document_id,jurisdiction_id,indicator_id,year,kind,comparator,value,value_high,"
        "unit,quote,flags,same_as\nx,zj_2020_reform_work_points,zhejiang,rd_intensity,2020,"
        "target,=,2.8,,%,占GDP比重达2.8%,repeated,wp20-02\n",
        encoding="utf-8",
    )
    before = data_state(tmp_path)
    args = {
        "add-document": ["add-document", "new.txt", "--title", "t", "--issuer", "i"],
        "curate": ["curate", "c.csv"],
        "extract": ["extract", "new.txt", "-o", "out/candidates.csv"],
    }[command]
    assert cli.main(args) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "No space left on device" in err[0], err
    assert data_state(tmp_path) == before


def test_a_failed_notebook_is_never_kept_through_a_link(tmp_path, monkeypatch, capsys):
    """reports/<name>/_failed that links elsewhere: the failure is told, nothing written there."""
    import papermill

    def failing(input_path, output_path, **kwargs):
        Path(output_path).write_text("{}", encoding="utf-8")
        raise papermill.PapermillExecutionError(1, 2, "x", "RuntimeError", "boom", [])

    monkeypatch.setattr(papermill, "execute_notebook", failing)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "out" / "indicator_trend").mkdir(parents=True)
    (tmp_path / "out" / "indicator_trend" / "_failed").symlink_to(elsewhere)
    args = ["report", "indicator_trend", "-p", "indicator_id", "rd_intensity"]
    assert cli.main([*args, "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert "failed in cell 2: RuntimeError: boom" in err and "is a link out of" in err, err
    assert not list(elsewhere.iterdir())
