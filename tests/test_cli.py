"""``zja validate`` exit codes and summary."""

from __future__ import annotations

import subprocess
import sys

from conftest import rewrite_cell, row_index


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
    assert result.returncode == 1
    assert "did you mean 'rd_intensity'" in result.stderr


def test_unknown_subcommand_is_a_usage_error():
    assert zja("frobnicate").returncode == 2
