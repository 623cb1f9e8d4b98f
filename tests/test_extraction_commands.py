"""zja extract, add-document and curate, end to end in a temporary project."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from datetime import date

import pytest

from zjanalysis import paths
from zjanalysis.tables.loading import load_tables

NEW_DOC = """关于印发《2025年全市科技创新工作要点》的通知
绍兴市科学技术局
2025年3月10日
2025年全市科技创新工作要点
一、主要目标
力争全社会R&D经费突破180亿元,研发人员数达4.5万人年;新增高新技术企业350家以上、省科技型中小企业1500家以上;
技术交易总额30亿元以上;万人发明专利拥有量达20件以上。
二、重点任务
1. 新建重点实验室(公共科技创新平台)12家。新建未来工厂5家。
"""


@pytest.fixture
def project(tmp_path):
    shutil.copytree(paths.DATA_DIR, tmp_path / "data")
    (tmp_path / "new-sx-2025.txt").write_text(NEW_DOC, encoding="utf-8")
    return tmp_path


def zja(project, *args):
    env = {**os.environ, "ZJA_ROOT": str(project)}
    return subprocess.run(
        [sys.executable, "-m", "zjanalysis.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=project,
        env=env,
    )


def read_rows(path):
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def write_rows(path, rows, fieldnames):
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fieldnames)
        w.writeheader()
        w.writerows(rows)


def test_add_extract_curate_round_trip(project):
    res = zja(
        project,
        "add-document",
        "new-sx-2025.txt",
        "--title",
        "2025年全市科技创新工作要点",
        "--issuer",
        "绍兴市科学技术局",
        "--published",
        "2025-03-10",
        "--document-id",
        "sx_2025_work_points",
    )
    assert res.returncode == 0, res.stderr
    raw = project / "data" / "raw" / "new-sx-2025.txt"
    assert raw.read_bytes() == (project / "new-sx-2025.txt").read_bytes()
    tables = load_tables(project / "data")
    assert tables.documents.loc["sx_2025_work_points", "published_date"].year == 2025
    record = next(r for r in tables.origin if r["document_id"] == "sx_2025_work_points")
    # the copy is taken today; no licence was given, so none is claimed
    assert record["accessed"] == date.today() and record["licence"] == "not stated"

    res = zja(project, "extract", str(raw), "-o", "cands.csv")
    assert res.returncode == 0, res.stderr
    rows = read_rows(project / "cands.csv")
    assert {r["document_id"] for r in rows} == {"sx_2025_work_points"}
    by_value = {(r["value"], r["unit"]): r for r in rows}
    assert by_value[("180.0", "亿元")]["comparator"] == ">"
    assert by_value[("20.0", "件/万人")]["indicator_id"] == "invention_patents_per_10k"
    assert all(r["jurisdiction_id"] == "shaoxing" and r["year"] == "2025" for r in rows)
    unknown = by_value[("5.0", "家")]
    assert unknown["indicator_id"] == "" and unknown["subject"] == "未来工厂"

    for r in rows:
        r["keep"] = "x" if r["indicator_id"] else ""
    write_rows(project / "cands.csv", rows, list(rows[0]))
    before = len(load_tables(project / "data").targets)
    res = zja(project, "curate", "cands.csv")
    assert res.returncode == 0, res.stderr
    kept = sum(1 for r in rows if r["keep"])
    assert f"appended {kept} row(s)" in res.stdout
    after = load_tables(project / "data").targets
    assert len(after) == before + kept
    new = after[after["document_id"] == "sx_2025_work_points"]
    assert set(new["year"]) == {2025} and new["quote"].map(lambda q: q in NEW_DOC).all()

    res = zja(project, "curate", "cands.csv")  # the same rows again
    assert res.returncode == 2 and "already curated as" in res.stderr  # refused input: exit 2
    assert len(load_tables(project / "data").targets) == before + kept


def test_curate_refuses_unknown_columns_and_invalid_rows(project):
    res = zja(
        project,
        "extract",
        str(project / "data" / "raw" / "zj-2020-sci-tech-reform-work-points.txt"),
        "-o",
        "c.csv",
    )
    assert res.returncode == 0, res.stderr
    rows = read_rows(project / "c.csv")
    write_rows(project / "bad.csv", [{**r, "kepp": "x"} for r in rows], [*rows[0], "kepp"])
    res = zja(project, "curate", "bad.csv")
    assert (
        res.returncode == 2  # refused input
        and "unknown column(s) 'kepp'" in res.stderr
        and "did you mean 'keep'" in res.stderr
    )

    rows[0]["keep"] = "yes"
    rows[0]["comparator"] = "≥"
    rows[1]["keep"] = "yes"
    rows[1]["quote"] = rows[1]["quote"] + "不在原文"
    write_rows(project / "c.csv", rows, list(rows[0]))
    targets_before = (project / "data" / "processed" / "targets.csv").read_bytes()
    res = zja(project, "curate", "c.csv")
    assert res.returncode == 2  # refused input
    assert "c.csv, line 2, column 'comparator': '≥' is not allowed" in res.stderr
    assert "c.csv, line 3, column 'quote': quote not found" in res.stderr
    assert (project / "data" / "processed" / "targets.csv").read_bytes() == targets_before


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p: p / "missing.txt", "file not found"),
        (lambda p: p / "data", "is a folder"),
        (
            lambda p: (
                (p / "gbk.txt").write_bytes("新增高新技术企业100家".encode("gb18030"))
                and p / "gbk.txt"
            ),
            "not UTF-8",
        ),
        (
            lambda p: (p / "empty.txt").write_text("  \n", encoding="utf-8") and p / "empty.txt",
            "file is empty",
        ),
    ],
)
def test_extract_refuses_unusable_files(project, make, expected):
    path = make(project)
    res = zja(project, "extract", str(path), "-o", "out.csv")
    assert res.returncode == 2 and expected in res.stderr
    assert not (project / "out.csv").exists()


def test_add_document_refuses_bad_input_and_changes_nothing(project):
    origin = (project / "data" / "raw" / "origin.yaml").read_bytes()
    res = zja(
        project,
        "add-document",
        "new-sx-2025.txt",
        "--title",
        "t",
        "--issuer",
        "i",
        "--published",
        "10/03/2025",
    )
    assert res.returncode == 2 and "YYYY-MM-DD" in res.stderr
    res = zja(
        project,
        "add-document",
        str(project / "data" / "raw" / "shaoxing-2018-sci-tech-work-points.txt"),
        "--title",
        "t",
        "--issuer",
        "i",
        "--document-id",
        "sx_copy",
    )
    assert res.returncode == 2 and "never replaced" in res.stderr
    assert (project / "data" / "raw" / "origin.yaml").read_bytes() == origin


def test_extract_with_jobs_matches_single_process(project, tmp_path):
    files = sorted(str(p) for p in (project / "data" / "raw").glob("*.txt"))
    assert zja(project, "extract", *files, "-o", "one.csv").returncode == 0
    assert zja(project, "extract", *files, "-o", "two.csv", "--jobs", "2").returncode == 0
    assert (project / "one.csv").read_bytes() == (project / "two.csv").read_bytes()


def test_formula_like_text_is_escaped_in_candidates(project):
    (project / "f.txt").write_text("=新增高新技术企业100家。\n", encoding="utf-8")
    assert zja(project, "extract", "f.txt", "-o", "f.csv").returncode == 0
    (row,) = read_rows(project / "f.csv")
    assert row["quote"].startswith("'=")


@pytest.mark.parametrize(
    ("output", "expected"),
    [
        ("data/raw/zj-2020-sci-tech-reform-work-points.txt", "inside the data folder"),
        ("data/processed/targets.csv", "inside the data folder"),
        ("data", "inside the data folder"),
        ("outbox", "is a folder"),
        ("README.md", "already exists; choose another name or add --force"),
        ("README.md/cands.csv", "README.md is a file, not a folder"),
    ],
)
def test_extract_output_never_overwrites_data_or_folders(project, output, expected):
    raw = project / "data" / "raw" / "zj-2020-sci-tech-reform-work-points.txt"
    before = {p: p.read_bytes() for p in (project / "data").rglob("*") if p.is_file()}
    (project / "README.md").write_text("mine\n", encoding="utf-8")
    (project / "outbox").mkdir()
    res = zja(project, "extract", str(raw), "-o", output)
    assert res.returncode == 2 and expected in res.stderr, res.stderr
    assert res.stderr.count("\n") == 1
    assert {p: p.read_bytes() for p in (project / "data").rglob("*") if p.is_file()} == before
    assert (project / "README.md").read_text(encoding="utf-8") == "mine\n"


def test_extract_replaces_an_existing_output_only_with_force(project):
    raw = project / "data" / "raw" / "zj-2020-sci-tech-reform-work-points.txt"
    assert zja(project, "extract", str(raw), "-o", "c.csv").returncode == 0
    assert zja(project, "extract", str(raw), "-o", "c.csv").returncode == 2
    assert zja(project, "extract", str(raw), "-o", "c.csv", "--force").returncode == 0


def test_extract_published_must_be_a_date(project):
    res = zja(project, "extract", "new-sx-2025.txt", "-o", "c.csv", "--published", "2025-13-01")
    assert res.returncode == 2 and "YYYY-MM-DD" in res.stderr
    res = zja(project, "extract", "new-sx-2025.txt", "-o", "c.csv", "--published", "2025-03-10")
    assert res.returncode == 0 and {r["year"] for r in read_rows(project / "c.csv")} == {"2025"}


def test_a_work_report_lists_its_science_and_technology_candidates_first():
    from zjanalysis.extraction.extract import extract_files

    frame = extract_files([paths.RAW_DIR / "zj-2026-gov-work-report.txt"])
    in_scope = (frame["in_scope"] == "yes").tolist()
    first_other = in_scope.index(False)
    assert first_other > 0 and not any(in_scope[first_other:])  # S&T, then the rest
    for group in (frame[:first_other], frame[first_other:]):  # each in document order
        assert group["char_start"].is_monotonic_increasing


def test_an_unregistered_file_named_like_a_curated_document_is_not_taken_for_it(tmp_path):
    from zjanalysis.extraction.extract import extract_files

    document_id = load_tables().documents.index[0]
    other = tmp_path / f"{document_id}.txt"
    other.write_text("2025年，全市研发投入强度达到3.1%。\n", encoding="utf-8")
    frame = extract_files([other])
    assert set(frame["document_id"]) == {f"{document_id}_unregistered"}
