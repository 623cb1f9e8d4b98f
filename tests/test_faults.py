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
from zjanalysis.running import build as build_module
from zjanalysis.running import notebook as notebook_module

MANIFEST = "jobs:\n  - notebook: indicator_trend\n    params: {indicator_id: rd_intensity}\n"


def full_disk(path, *args, **kwargs):
    Path(path).write_bytes(b"")  # the file was created, then the disk was full
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
        build_module.write_index([], {}, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html"]
    assert (tmp_path / "index.html").read_text(encoding="utf-8") == "last good index"


def test_build_on_a_full_disk_is_one_line_and_exit_1(
    tmp_path, monkeypatch, capsys, no_space_for_temporaries
):
    (tmp_path / "m.yaml").write_text(MANIFEST, encoding="utf-8")
    # every job up to date, so that the build goes straight to its index
    monkeypatch.setattr(build_module, "fingerprint", lambda *a: "same")
    monkeypatch.setattr(build_module, "published_fingerprint", lambda *a: "same")
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
    build_module.remove_leftovers(tmp_path)
    assert sorted(p.name for p in reports.iterdir()) == [
        f".tmp-running-p{os.getpid()}-abcd1234",
        "kept",
        "lost_en",
    ]
    assert (reports / "lost_en" / "lost_en.pdf").read_bytes() == b"%PDF"
