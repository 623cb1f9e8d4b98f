"""Attainment: statuses, comparators, like with like, paths to targets ahead, relative targets."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from zjanalysis.analysis.attainment import (
    APPROX_TOLERANCE,
    attainment_table,
    meets,
    outcome_known,
)
from zjanalysis.analysis.progress import path_to


@pytest.fixture(scope="module")
def zhejiang():
    return attainment_table("zhejiang")


def one(at, indicator_id, year, **where):
    rows = at[(at["indicator_id"] == indicator_id) & (at["year"] == year)]
    for column, value in where.items():
        rows = rows[rows[column] == value]
    assert len(rows) == 1, rows
    return rows.iloc[0]


# --- the team's own checks, by value -----------------------------------------------------


def test_new_hitech_enterprises_2020_achieved_161_per_cent(zhejiang):
    r = one(zhejiang, "hitech_enterprises_new", 2020, target_value=4000)
    assert r["status"] == "achieved" and r["outcome_value"] == 6449
    assert r["pct_of_target"] == pytest.approx(6449 / 4000 * 100)
    assert round(r["pct_of_target"]) == 161
    assert r["gap"] == pytest.approx(2449)


def test_rd_intensity_2020_and_2022_achieved_on_the_final_statistic(zhejiang):
    r2020 = one(zhejiang, "rd_intensity", 2020)
    # the bulletin's 2.88 decides, not the 预计 2.8 nor the 2.77 restated in 2026
    assert (r2020["outcome_value"], r2020["status"]) == (2.88, "achieved")
    assert r2020["outcome_vintage"] == "final"
    assert r2020["outcome_document_id"] == "cn_2020_rd_statistics_bulletin"
    r2022 = one(zhejiang, "rd_intensity", 2022)
    assert (r2022["outcome_value"], r2022["status"]) == (3.11, "achieved")
    assert r2022["gap"] == pytest.approx(0.11)


def test_a_preliminary_outcome_that_decides_says_so(zhejiang):
    r = one(zhejiang, "rd_expenditure_growth", 2020)
    assert r["status"] == "missed" and r["outcome_vintage"] == "preliminary"
    zh = attainment_table("zhejiang", lang="zh").set_index("target_id").loc[r["target_id"]]
    assert "preliminary" in r["reason"] and "初步数" in zh["reason"]


def test_every_status_comes_with_its_evidence(zhejiang):
    assert set(zhejiang["status"]) <= {
        "achieved_early",
        "achieved",
        "missed",
        "on_track",
        "lagging",
        "not_yet_due",
        "insufficient_data",
    }
    decided = zhejiang[zhejiang["status"].isin(["achieved", "missed", "achieved_early"])]
    assert decided["outcome_document_id"].notna().all()
    unknown = zhejiang[zhejiang["status"] == "insufficient_data"]
    assert (unknown["reason"].str.len() > 0).all()
    zh = attainment_table("zhejiang", lang="zh").set_index("target_id")
    assert (zh.loc[unknown["target_id"], "reason"].str.len() > 0).all()
    # restated targets count once
    assert not zhejiang["target_id"].duplicated().any()


def test_the_2030_target_has_a_path_and_a_projection(zhejiang):
    r = one(zhejiang, "rd_intensity", 2030)
    assert r["status"] in ("on_track", "lagging")
    latest_year, latest = int(r["outcome_year"]), r["outcome_value_std"]
    assert r["needed_per_year"] == pytest.approx((3.5 - latest) / (2030 - latest_year))
    assert r["path_method"] == "linear" and r["path_points"] == 5
    assert (r["status"] == "on_track") == (r["projection"] >= 3.5)


# --- comparators and statuses on constructed rows ----------------------------------------


@pytest.mark.parametrize(
    ("comparator", "target", "value", "lower", "expected"),
    [
        (">=", 10, 10, False, True),
        (">", 10, 10, False, False),
        ("=", 2.8, 2.7, False, False),
        ("=", 2.8, 2.9, False, True),  # overshooting a plain aim meets it
        ("~", 40, 40 * (1 - APPROX_TOLERANCE), False, True),
        ("~", 40, 40 * (1 - APPROX_TOLERANCE) - 0.01, False, False),
        ("<=", 5, 6, False, False),
        ("<", 5, 4, False, True),
        ("range", 2, 2, False, True),
        ("range", 2, 1, False, False),
        ("=", 5, 3, True, True),  # a rank: third place meets "fifth"
        ("=", 5, 7, True, False),
        ("~", 10, 10.5, True, True),
    ],
)
def test_meets_follows_the_comparator(comparator, target, value, lower, expected):
    assert meets(value, target, comparator, lower) is expected


def test_outcome_known_from_october_of_the_next_year():
    assert not outcome_known(2025, pd.Timestamp("2026-09-30"))
    assert outcome_known(2025, pd.Timestamp("2026-10-01"))


def test_path_linear_for_shares():
    s = pd.Series([3.0, 3.1, 3.2], index=[2021, 2022, 2023])
    p = path_to(2030, 3.5, s, "share")
    assert p.method == "linear" and p.latest_year == 2023
    assert p.needed_per_year == pytest.approx(0.3 / 7)
    assert p.recent_per_year == pytest.approx(0.1)
    assert p.projection == pytest.approx(3.2 + 0.7)


def test_path_compound_for_levels():
    s = pd.Series([100.0, 110.0, 121.0, 133.1], index=[2020, 2021, 2022, 2023])
    p = path_to(2025, 200.0, s, "amount")
    assert p.method == "compound" and p.per_year_in_percent
    assert p.recent_per_year == pytest.approx(10.0)
    assert p.projection == pytest.approx(133.1 * 1.1**2)
    assert p.needed_per_year == pytest.approx(((200 / 133.1) ** 0.5 - 1) * 100)


def test_path_for_yearly_flows_is_the_recent_mean():
    s = pd.Series([50.0, 70.0, 60.0, 80.0], index=[2021, 2022, 2023, 2024])
    p = path_to(2026, 75.0, s, "count_new")
    # the mean of the last three (70) would turn a rising series down: the latest holds
    assert p.method == "recent_mean" and p.projection == pytest.approx(80.0)
    s = pd.Series([40.0, 60.0, 90.0, 70.0], index=[2021, 2022, 2023, 2024])
    assert path_to(2026, 75.0, s, "count_new").projection == pytest.approx(220 / 3)
    assert math.isnan(p.needed_per_year)


def test_one_outcome_is_too_few_for_a_trend():
    p = path_to(2030, 3.5, pd.Series([3.2], index=[2023]), "share")
    assert math.isnan(p.projection)


# --- on curated rows copied into a temporary data folder -----------------------------------


def _copy_data(tmp_path, extra_rows: list[dict], append: dict[str, str] | None = None):
    """A copy of the data folder with rows added to targets.csv and, as a new document would
    bring them, sentences appended to raw copies (their md5 updated in the origin record)."""
    import hashlib
    import shutil

    from zjanalysis.paths import DATA_DIR

    dst = tmp_path / "data"
    shutil.copytree(DATA_DIR, dst)
    origin = (dst / "raw" / "origin.yaml").read_text(encoding="utf-8")
    for raw_file, text in (append or {}).items():
        path = dst / "raw" / raw_file
        old = hashlib.md5(path.read_bytes()).hexdigest()
        path.write_bytes(path.read_bytes() + ("\n" + text + "\n").encode())
        origin = origin.replace(old, hashlib.md5(path.read_bytes()).hexdigest())
    (dst / "raw" / "origin.yaml").write_text(origin, encoding="utf-8")
    targets = pd.read_csv(dst / "processed" / "targets.csv", dtype=str, keep_default_na=False)
    add = pd.DataFrame(extra_rows, dtype=str).reindex(columns=targets.columns).astype(object)
    add = add.where(add.notna(), "")
    pd.concat([targets, add]).to_csv(dst / "processed" / "targets.csv", index=False)
    return dst


def _row(target_id, quote, **kw):
    base = {
        "target_id": target_id,
        "document_id": "zj_2024_reply_longgang",
        "section": "test",
        "jurisdiction_id": "zhejiang",
        "quote": quote,
    }
    return base | {k: str(v) for k, v in kw.items()}


def test_relative_target_with_and_without_its_reference(tmp_path):
    """Shaoxing 2018 'above the provincial average': Zhejiang's 2.57 exists, Shaoxing's own
    figure does not, so the report names it; once it exists, the target is judged."""
    at = attainment_table("shaoxing")
    r = one(at, "rd_intensity", 2018)
    assert r["status"] == "insufficient_data"
    assert "Shaoxing in 2018" in r["reason"] and "2.57" in r["reason"]
    # a later document gives Shaoxing's own figure (its own document could not judge it)
    data = _copy_data(
        tmp_path,
        [
            _row(
                "zzz-1",
                "全社会R&D经费占GDP比重达2.60%",
                document_id="sx_2018_summary_2019_plan",
                jurisdiction_id="shaoxing",
                indicator_id="rd_intensity",
                year=2018,
                kind="actual",
                comparator="=",
                value=2.6,
                unit="%",
            )
        ],
        append={"shaoxing-2018-sci-tech-summary-2019-plan.txt": "全社会R&D经费占GDP比重达2.60%。"},
    )
    r = one(attainment_table("shaoxing", data_dir=data), "rd_intensity", 2018)
    assert r["status"] == "achieved"
    assert r["reference_value_std"] == 2.57
    assert r["gap"] == pytest.approx(2.6 - 2.57)


def test_mountain_counties_name_both_missing_figures():
    at = attainment_table("zj_mountain_26_counties")
    r = one(at, "rd_intensity", 2024)
    assert r["status"] == "insufficient_data"
    assert "China in 2024" in r["reason"] and "mountainous counties" in r["reason"]


def test_relative_to_another_quantity_says_so(zhejiang):
    r = one(zhejiang, "hitech_investment_growth", 2024)
    assert r["status"] == "insufficient_data" and "quantity the tables do not hold" in r["reason"]


def test_cumulative_targets_compare_with_cumulative_outcomes_only(tmp_path):
    """A running total (累计) is not met by the year's new count, even when the numbers agree.
    (The targets are put in an earlier plan: a target is never judged by its own document.)"""
    quote = "科技型中小企业累计达1.6万家"
    data = _copy_data(
        tmp_path,
        [
            _row(
                "zzz-1",
                quote,
                indicator_id="tech_smes_new",
                year=2023,
                kind="target",
                comparator="=",
                value=1.6,
                unit="万家",
                flags="cumulative",
                document_id="zj_2022_common_prosperity_plan",
            ),
            _row(
                "zzz-2",
                quote,
                indicator_id="tech_smes_new",
                year=2023,
                kind="target",
                comparator="=",
                value=1.6,
                unit="万家",
                document_id="zj_2022_common_prosperity_plan",
            ),
        ],
        append={"zj-2022-common-prosperity-sci-tech-action-plan.txt": quote},
    )
    at = attainment_table("zhejiang", data_dir=data, indicator_id="tech_smes_new")
    cumulative = at[at["target_id"] == "zzz-1"].iloc[0]
    assert cumulative["status"] == "insufficient_data" and pd.isna(cumulative["outcome_value"])
    # the same figure as a yearly target is met by the 2023 report of 1.6万家 new ones
    yearly = at[at["target_id"] == "zzz-2"].iloc[0]
    assert (yearly["status"], yearly["outcome_value"]) == ("achieved", 1.6)


def test_report_counts_the_statuses_that_occur_in_their_declared_order(zhejiang):
    """The report's first sentence counts each status found, ordered as declared, none at 0."""
    from zjanalysis.reports.target_attainment import target_attainment_report
    from zjanalysis.tables.schema import STATUSES

    found = zhejiang["status"].value_counts()
    sentence = target_attainment_report("zhejiang", lang="en").sentences[0]
    counted = sentence.split(" — ")[1].rstrip(".").split(", ")
    words = {s: s.replace("_", " ") for s in STATUSES}
    expected = [f"{words[s]} {found[s]}" for s in STATUSES if found[s]]
    assert counted == expected and " 0" not in sentence, sentence
    assert len(expected) < len(STATUSES)  # some status is absent: it is not named
