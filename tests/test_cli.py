"""``zja validate`` exit codes and summary."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import rewrite_cell, row_index

from zjanalysis import paths


def zja(*args):
    return subprocess.run(
        [sys.executable, "-m", "zjanalysis.cli", *args], capture_output=True, text=True, check=False
    )


def test_validate_passes_on_bundled_data_and_summarises():
    result = zja("validate")
    assert result.returncode == 0, result.stderr
    assert "statements per document" in result.stdout
    assert "zj_2024_reply_longgang" in result.stdout
    assert "missing_number" in result.stdout


def test_validate_fails_on_broken_data(data_copy):
    path = data_copy / "processed" / "targets.csv"
    rewrite_cell(path, row_index(path, "target_id", "wp20-02"), "indicator_id", "rd_intensty")
    result = zja("validate", "--data-dir", str(data_copy))
    assert result.returncode == 2  # an input error, one line, like every command
    assert "did you mean 'rd_intensity'" in result.stderr
    assert result.stderr.count("\n") == 1


def test_unknown_subcommand_is_a_usage_error():
    assert zja("frobnicate").returncode == 2


@pytest.mark.parametrize(
    "command",
    [
        ["validate"],
        ["report", "indicator_trend"],
        ["build"],
        ["extract", "data/raw/zj-2020-sci-tech-reform-work-points.txt", "-o", "new.csv"],
        ["curate", "c.csv"],
    ],
    ids=lambda c: c[0],
)
def test_every_command_refuses_invalid_tables_in_one_line(tmp_path, command):
    shutil.copytree(paths.DATA_DIR, tmp_path / "data")
    shutil.copytree(paths.NOTEBOOKS_DIR, tmp_path / "notebooks")
    (tmp_path / "reports").mkdir()
    shutil.copy(paths.REPORTS_DIR / "schedule.yaml", tmp_path / "reports")
    from zjanalysis.extraction.candidates import CANDIDATE_COLUMNS

    row = {c: "" for c in CANDIDATE_COLUMNS} | {"keep": "x", "document_id": "sx_2018_work_points"}
    (tmp_path / "c.csv").write_text(
        ",".join(CANDIDATE_COLUMNS) + "\n" + ",".join(row.values()) + "\n", encoding="utf-8"
    )
    path = tmp_path / "data" / "processed" / "targets.csv"
    line = rewrite_cell(
        path, row_index(path, "target_id", "wp20-02"), "indicator_id", "rd_intensty"
    )
    run = subprocess.run(
        [sys.executable, "-m", "zjanalysis.cli", *command],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
        env={**os.environ, "ZJA_ROOT": str(tmp_path)},
    )
    assert run.returncode == 2, run.stderr
    assert run.stderr.count("\n") == 1 and "Traceback" not in run.stderr
    assert f"line {line}, column 'indicator_id'" in run.stderr


def test_report_help_lists_the_notebooks_parameters():
    result = zja("report", "target_attainment", "-h")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "usage: zja report" in out
    assert "jurisdiction_id (str, default zhejiang)" in out
    assert "year_from (int | None, default None)" in out
    assert "lang (str, default en)" in out and "allowed: zh, en" in out
    assert "output_dir" not in out  # set by the runner, not a user's parameter
    comparison = zja("report", "province_comparison", "--help").stdout
    assert "allowed: rd_expenditure, rd_intensity" in comparison
    unknown = zja("report", "target_attainmnt", "-h")
    assert unknown.returncode == 2 and "did you mean 'target_attainment'" in unknown.stderr


@pytest.mark.slow
def test_report_prints_its_files_and_says_when_the_index_lists_it(tmp_path):
    result = zja(
        "report",
        "document_profile",
        "-p",
        "document_id",
        "zj_2024_reply_longgang",
        "--out",
        str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    printed = [Path(line) for line in result.stdout.splitlines()]
    assert {p.suffix for p in printed} >= {".pdf", ".xlsx", ".ipynb"}
    assert all(p.is_file() and tmp_path in p.parents for p in printed)
    assert f"listed in {tmp_path / 'index.html'} from the next zja build" in result.stderr


def test_an_ad_hoc_report_never_overwrites_a_scheduled_one(tmp_path):
    """`zja report` with a scheduled job's parameters would publish into that job's folder:
    refused before any kernel, naming the job; nothing is written."""
    shutil.copy(paths.REPORTS_DIR / "schedule.yaml", tmp_path)
    result = zja("report", "vintage_revisions", "-p", "lang", "zh", "--out", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "vintage_revisions/all_zh is a scheduled report" in result.stderr
    assert "zja build --only 'vintage_revisions/all_zh'" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["schedule.yaml"]
