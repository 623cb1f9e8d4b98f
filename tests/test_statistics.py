"""The official statistics: every figure of the six bulletins' annex tables, checked against an
independent parse of the raw pages (pandas.read_html), every locator resolved, and a bulletin
whose layout changed refused with its file and table named."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import rewrite_cell, row_index

from zjanalysis import load_tables, paths
from zjanalysis.errors import TableError
from zjanalysis.extraction.bulletins import BulletinError, read_bulletin, region_names
from zjanalysis.tables.locators import check_locators, validate

TABLES = load_tables()
BULLETINS = TABLES.documents[TABLES.documents["source_type"] == "official_statistics"]


def independent_annex(path: Path) -> pd.DataFrame:
    """Region, expenditure and intensity of a bulletin's first annex table, via pandas.read_html."""
    for table in pd.read_html(path, match="地", flavor="lxml"):
        for r in range(min(3, len(table))):  # the header row, below a title row in 2018
            if re.sub(r"\s", "", str(table.iloc[r, 0])) == "地区":
                body = table.iloc[r + 1 :, :3].copy()
                body.columns = ["region", "rd_expenditure", "rd_intensity"]
                body = body[body["region"].notna() & body["rd_intensity"].notna()]
                body["region"] = body["region"].map(lambda s: re.sub(r"\s", "", s))
                return body.astype({"rd_expenditure": float, "rd_intensity": float})
    raise AssertionError(f"{path.name}: no annex table found by pandas")


def test_six_bulletins_give_384_official_figures():
    assert len(BULLETINS) == 6
    assert sorted(BULLETINS["period_from"]) == list(range(2018, 2024))
    rows = TABLES.targets[TABLES.targets["document_id"].isin(BULLETINS.index)]
    assert len(rows) == 384
    assert set(rows["kind"]) == {"actual"} and rows["locator"].notna().all()
    assert rows["jurisdiction_id"].nunique() == 32  # China and 31 provinces


@pytest.mark.parametrize("document_id", list(BULLETINS.index))
def test_curated_statistics_equal_an_independent_parse(document_id):
    doc = BULLETINS.loc[document_id]
    expected = independent_annex(paths.RAW_DIR / doc["raw_file"])
    names = region_names(TABLES.jurisdictions)
    curated = TABLES.targets[TABLES.targets["document_id"] == document_id]
    got = curated.pivot(index="jurisdiction_id", columns="indicator_id", values="value")
    assert len(expected) == len(got) == 32
    for r in expected.itertuples():
        jid = names[r.region]
        assert got.loc[jid, "rd_expenditure"] == pytest.approx(r.rd_expenditure), r.region
        assert got.loc[jid, "rd_intensity"] == pytest.approx(r.rd_intensity), r.region
    assert set(curated["year"]) == {doc["period_from"]}


def test_zhejiang_official_intensity_runs_2018_to_2023():
    rows = TABLES.targets[
        TABLES.targets["document_id"].isin(BULLETINS.index)
        & (TABLES.targets["jurisdiction_id"] == "zhejiang")
        & (TABLES.targets["indicator_id"] == "rd_intensity")
    ].sort_values("year")
    assert rows["value"].tolist() == [2.57, 2.68, 2.88, 2.94, 3.11, 3.2]


def test_every_locator_resolves_to_its_quote():
    assert check_locators(TABLES) == []


def test_province_short_names_resolve():
    names = region_names(TABLES.jurisdictions)
    for short, jid in [
        ("内蒙古", "inner_mongolia"),
        ("广西", "guangxi"),
        ("新疆", "xinjiang"),
        ("全国", "china"),
        ("浙江", "zhejiang"),
        ("浙江省", "zhejiang"),
    ]:
        assert names[short] == jid
    provinces = TABLES.jurisdictions[TABLES.jurisdictions["parent_id"] == "china"]
    assert len(provinces) == 31 and provinces["admin_code"].str.fullmatch(r"\d{2}0000").all()


def test_a_locator_pointing_at_another_cell_is_refused(data_copy):
    path = data_copy / "processed" / "targets.csv"
    i = row_index(path, "document_id", "cn_2020_rd_statistics_bulletin")
    line = rewrite_cell(path, i, "locator", "table 4, row 9, column 2")
    with pytest.raises(TableError) as err:
        validate(data_copy)
    msg = str(err.value)
    assert f"line {line}, column 'quote'" in msg and "table 4, row 9, column 2" in msg


def test_a_locator_on_a_text_document_is_refused(data_copy):
    path = data_copy / "processed" / "targets.csv"
    line = rewrite_cell(
        path, row_index(path, "target_id", "wp20-02"), "locator", "table 1, row 1, column 1"
    )
    with pytest.raises(TableError, match=rf"line {line}, column 'locator': a locator is only for"):
        load_tables(data_copy)


def bulletin_copy(tmp_path: Path, year: int, edit) -> Path:
    src = paths.RAW_DIR / f"cn-{year}-rd-funding-statistics-communique.html"
    dest = tmp_path / src.name
    dest.write_text(edit(src.read_text(encoding="utf-8")), encoding="utf-8")
    return dest


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda s: re.sub(r"地\s*区", "省份", s), r"none of its \d+ tables is headed '地区'"),
        (
            lambda s: s.replace("投入强度", "强度指标"),
            r"table 4: the header .* has no column of 投入强度",
        ),
        (lambda s: re.sub("西\\s*藏", "西域", s), r"table 4, row \d+: region '西域' is not a name"),
        (
            lambda s: s.replace("2.68", "2.6八"),
            r"table 4, row \d+, column 3: '2.6八' is not a number",
        ),
    ],
    ids=["no-annex-table", "changed-header", "unknown-region", "not-a-number"],
)
def test_a_bulletin_whose_layout_changed_is_refused(tmp_path, edit, expected):
    page = bulletin_copy(tmp_path, 2019, edit)
    with pytest.raises(BulletinError, match=expected) as err:
        read_bulletin(page, TABLES.jurisdictions)
    assert str(page) in str(err.value)


def test_extract_refuses_a_changed_bulletin_in_one_line_and_writes_nothing(tmp_path):
    page = bulletin_copy(tmp_path, 2019, lambda s: s.replace("投入强度", "强度指标"))
    out = tmp_path / "candidates.csv"
    run = subprocess.run(
        [sys.executable, "-m", "zjanalysis.cli", "extract", str(page), "-o", str(out)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert run.returncode == 2, run.stderr
    assert run.stderr.count("\n") == 1 and "table 4" in run.stderr and page.name in run.stderr
    assert not out.exists()


def test_copies_of_the_annex_that_disagree_are_refused(tmp_path):
    # the 2021 page holds the annex table twice; change a figure in the second copy only
    def edit(text):
        i = text.rindex("2.94")  # Zhejiang's intensity, last occurrence
        return text[:i] + "2.95" + text[i + 4 :]

    page = bulletin_copy(tmp_path, 2021, edit)
    with pytest.raises(
        BulletinError, match=r"tables 3 and 6 are both annex tables but their figures differ"
    ):
        read_bulletin(page, TABLES.jurisdictions)


def test_added_bulletin_flows_through_add_document_extract_curate(data_copy, tmp_path):
    """The analysts' workflow on a statistics page, in a scratch data folder."""
    from zjanalysis.extraction.adding import add_document
    from zjanalysis.extraction.curate import curate
    from zjanalysis.extraction.extract import extract_files, write_candidates

    targets = data_copy / "processed" / "targets.csv"
    # remove the 2022 bulletin from the scratch copy, then add it again as an analyst would
    t = pd.read_csv(targets, dtype=str, keep_default_na=False)
    t[t["document_id"] != "cn_2022_rd_statistics_bulletin"].to_csv(
        targets, index=False, lineterminator="\n"
    )
    docs = data_copy / "processed" / "documents.csv"
    d = pd.read_csv(docs, dtype=str, keep_default_na=False)
    d[d["document_id"] != "cn_2022_rd_statistics_bulletin"].to_csv(
        docs, index=False, lineterminator="\n"
    )
    origin = data_copy / "raw" / "origin.yaml"
    text = origin.read_text(encoding="utf-8")
    start = text.index("- document_id: cn_2022_rd_statistics_bulletin")
    end = text.index("- document_id:", start + 1)
    origin.write_text(text[:start] + text[end:], encoding="utf-8")
    page = data_copy / "raw" / "cn-2022-rd-funding-statistics-communique.html"
    source = tmp_path / page.name
    shutil.move(page, source)

    doc_id = add_document(
        source,
        title="2022年全国科技经费投入统计公报",
        issuer="国家统计局",
        published="2023-09-18",
        document_id="cn_2022_bulletin",
        periods=[2022],
        doc_type="statistics_bulletin",
        copy_kind="statistics_page",
        source_type="official_statistics",
        data_dir=data_copy,
    )
    frame = extract_files([data_copy / "raw" / page.name], data_dir=data_copy)
    assert len(frame) == 64 and set(frame["document_id"]) == {doc_id}
    frame["keep"] = "x"
    candidates = write_candidates(frame, tmp_path / "candidates.csv")
    ids = curate(candidates, data_dir=data_copy)
    assert len(ids) == 64
    again = validate(data_copy)
    zj = again.targets[
        (again.targets["document_id"] == doc_id) & (again.targets["jurisdiction_id"] == "zhejiang")
    ]
    assert sorted(zj["value"]) == [3.11, 2416.8]
