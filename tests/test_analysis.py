"""Trend comparisons and attainment on the curated data."""

from __future__ import annotations

import pandas as pd
import pytest

from zjanalysis.analysis.coverage import coverage, indicators_with_years
from zjanalysis.analysis.overview import overview_table
from zjanalysis.analysis.trend import summary_sentences, trend_table
from zjanalysis.tables.loading import load_tables


def test_rd_intensity_changes_in_percentage_points():
    tt = trend_table("rd_intensity", ["zhejiang"])
    row = {(r.year, r.vintage): r for r in tt.itertuples()}
    # the 2023 final statistic against the previous final one (2022's 3.11%), never against
    # the 2023 preliminary figure (3.15%): a change compares one vintage
    assert row[2023, "final"].change == pytest.approx(3.2 - 3.11)
    assert (row[2023, "final"].previous_year, row[2023, "final"].previous_vintage) == (
        2022,
        "final",
    )
    # the 2020 figure restated in 2026 (2.77%) is a revision of the final 2.88%
    assert row[2020, "revised"].change == pytest.approx(2.77 - 2.88)
    assert row[2020, "revised"].previous_vintage == "final"
    # implied yearly change between consecutive targets, in points per year
    assert row[2021, "target"].implied_yearly == pytest.approx(2.9 - 2.8)
    assert row[2024, "target"].implied_yearly == pytest.approx((3.2 - 3.0) / 2)
    assert row[2030, "target"].implied_yearly == pytest.approx((3.5 - 3.35) / 4)
    assert (tt["change_unit"] == "百分点").all()


def test_levels_change_in_per_cent_across_scaled_units():
    tt = trend_table("tech_smes_new", ["zhejiang"]).dropna(subset=["value_std"]).set_index("year")
    # the 2024 target (1.2万家) against the previous target (10000家 for 2020), not against
    # the 16000 reported for 2023: a change compares like with like
    assert by(tt, 2024, "change") == pytest.approx((12000 / 10000 - 1) * 100)
    assert (by(tt, 2024, "previous_year"), by(tt, 2024, "previous_vintage")) == (2020, "target")
    assert by(tt, 2024, "implied_yearly") == pytest.approx(((12000 / 10000) ** (1 / 4) - 1) * 100)


def by(frame, year, column):
    value = frame.loc[year, column]
    return value.iloc[-1] if isinstance(value, pd.Series) else value


def test_summary_sentence_states_the_headline():
    tt = trend_table("rd_intensity", ["zhejiang"])
    (sentence,) = summary_sentences(tt, "rd_intensity", "en")
    assert "rose from 2.8% (2020) to ≥3.5% (2030)" in sentence
    assert "preliminary 3.15% for 2023" in sentence and "2.77% for 2020 as revised" in sentence
    (zh,) = summary_sentences(tt, "rd_intensity", "zh")
    assert "研发投入强度" in zh and "2023年初步数3.15%" in zh


def test_overview_links_previous_figures():
    ov = overview_table("zhejiang", 2024, lang="zh").set_index("indicator_id")
    # the 2024 target of 5000 new high-tech enterprises against the 2020 target of 4000
    assert ov.loc["hitech_enterprises_new", "previous_figure"] == "4000家"
    assert ov.loc["hitech_enterprises_new", "previous_year"] == 2020
    assert ov.loc["national_key_labs_total", "previous_figure"] == "20家"  # result after result


def test_overview_changes_compare_like_with_like():
    """A target is compared with an earlier target, a result with an earlier result: the 2024
    plan for strategic-base investment (>338亿元) is not a −36% fall from 2023's 531.15亿元
    completed, and there is no earlier target to compare it with."""
    ov = overview_table("zhejiang", 2024)
    plan = ov[ov["indicator_id"] == "strategic_base_projects_investment"].iloc[0]
    assert plan["kind"] == "target" and pd.isna(plan["change"]) and pd.isna(plan["previous_year"])
    assert len(ov[ov["change"].notna()])  # each of one vintage: test_messages checks them all


def test_coverage_counts_statements():
    cov = coverage("year")
    # 2020: 32 official figures (China and 31 provinces), Zhejiang's target 2.8 (three
    # documents, counted once), its 预计 2.8 (two documents, once) and the revised 2.77
    assert cov.loc["rd_intensity", 2020] == 32 + 1 + 1 + 1
    assert "rd_intensity" in indicators_with_years(2)


def stated_by(t, indicator_id):
    return t.targets.loc[t.targets["indicator_id"] == indicator_id, "jurisdiction_id"]


def test_trend_defaults_to_the_places_the_texts_speak_of():
    """The bulletins cover every province, other provinces' work reports state it too; a
    trend shows Zhejiang and its places, and the others only when asked for."""
    default = trend_table("rd_intensity")
    t = load_tables()
    stated = t.targets[t.targets["indicator_id"] == "rd_intensity"]
    in_texts = stated[
        stated["document_id"].map(t.documents["source_type"]) != "official_statistics"
    ]
    places = set(in_texts["jurisdiction_id"])
    home = {j for j in places if j == "zhejiang" or t.jurisdictions.loc[j, "level"] != "province"}
    assert set(default["jurisdiction_id"]) == home
    assert {"zhejiang", "shaoxing", "zj_mountain_26_counties"} <= home
    assert {"jiangxi", "hunan"} <= places - home  # in provinces' own reports: a comparison
    assert "jiangsu" not in set(default["jurisdiction_id"])  # in the bulletins only
    # an indicator only other provinces state: their places
    other = t.targets[t.targets["document_id"].str.startswith("gz_")]["indicator_id"]
    only = next(i for i in other if "zhejiang" not in set(stated_by(t, i)))
    assert set(trend_table(only)["jurisdiction_id"]) <= set(stated_by(t, only))
    # Zhejiang's official figures stay in its own trend
    assert "final" in set(default.loc[default["jurisdiction_id"] == "zhejiang", "vintage"])
    asked = trend_table("rd_intensity", ["zhejiang", "china", "jiangsu"])
    assert set(asked["jurisdiction_id"]) == {"zhejiang", "china", "jiangsu"}


def test_profile_of_a_statistics_page_follows_its_table():
    from zjanalysis.analysis.profile import profile_table
    from zjanalysis.sources.html import parse_locator

    p = profile_table("cn_2019_rd_statistics_bulletin")
    cells = [parse_locator(loc) for loc in p["locator"]]
    assert cells == sorted(cells) and p.loc[0, "jurisdiction_id"] == "china"


def test_restated_targets_count_once_in_overview_and_attainment():
    """The 2020 R&D-intensity target of 2.8% is stated in three documents (the later two name
    the first in same_as): one row in the overview and one judgement in attainment."""
    from zjanalysis.analysis.attainment import attainment_table
    from zjanalysis.tables.loading import load_tables

    t = load_tables().targets
    stated = t[
        (t["indicator_id"] == "rd_intensity")
        & (t["jurisdiction_id"] == "zhejiang")
        & (t["year"] == 2020)
        & (t["kind"] == "target")
    ]
    assert len(stated) >= 3 and stated["same_as"].notna().sum() == len(stated) - 1
    ov = overview_table("zhejiang", 2020)
    assert len(ov[(ov["indicator_id"] == "rd_intensity") & (ov["kind"] == "target")]) == 1
    at = attainment_table("zhejiang")
    assert len(at[(at["indicator_id"] == "rd_intensity") & (at["year"] == 2020)]) == 1


def test_rectification_deadlines_read_apart_in_both_languages():
    import re

    from zjanalysis.reports.target_attainment import target_attainment_report

    t = load_tables()
    deadlines = t.targets[t.targets["indicator_id"] == "task_deadline"]
    tasks_noted = deadlines["note"].str.startswith("task ").sum()
    for lang, word in (("en", r"— task \d+ “"), ("zh", r"— 任务\d+（")):
        names = [str(n) for n in target_attainment_report("zhejiang", lang=lang).summary.iloc[:, 1]]
        tasks = [n for n in names if re.search(word, n)]
        assert len(set(tasks)) == len(tasks) == tasks_noted > 1, tasks
        assert lang == "en" or not any("task " in n for n in names)
