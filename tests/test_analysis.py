"""Trend comparisons and attainment on the curated data."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from zjanalysis.analysis.attainment import assess, attainment_table
from zjanalysis.analysis.coverage import coverage, indicators_with_years
from zjanalysis.analysis.overview import overview_table
from zjanalysis.analysis.trend import summary_sentences, trend_table


def test_rd_intensity_changes_in_percentage_points():
    tt = trend_table("rd_intensity", ["zhejiang"])
    row = {(r.year, r.vintage): r for r in tt.itertuples()}
    # the 2023 final statistic against the 2023 preliminary figure just before it
    assert row[2023, "final"].change == pytest.approx(3.2 - 3.15)
    # implied yearly change between consecutive targets, in points per year
    assert row[2021, "target"].implied_yearly == pytest.approx(2.9 - 2.8)
    assert row[2024, "target"].implied_yearly == pytest.approx((3.2 - 3.0) / 2)
    assert row[2030, "target"].implied_yearly == pytest.approx((3.5 - 3.35) / 4)
    assert (tt["change_unit"] == "百分点").all()


def test_levels_change_in_per_cent_across_scaled_units():
    tt = trend_table("tech_smes_new", ["zhejiang"]).dropna(subset=["value_std"]).set_index("year")
    assert by(tt, 2024, "change") == pytest.approx((12000 / 16000 - 1) * 100)
    assert by(tt, 2024, "implied_yearly") == pytest.approx(((12000 / 10000) ** (1 / 4) - 1) * 100)


def by(frame, year, column):
    value = frame.loc[year, column]
    return value.iloc[-1] if isinstance(value, pd.Series) else value


def test_summary_sentence_states_the_headline():
    tt = trend_table("rd_intensity", ["zhejiang"])
    (sentence,) = summary_sentences(tt, "rd_intensity", "en")
    assert "rose from 2.8% (2020) to ≥3.5% (2030)" in sentence and "3.15% in 2023" in sentence
    (zh,) = summary_sentences(tt, "rd_intensity", "zh")
    assert "研发投入强度" in zh and "3.15%" in zh


@pytest.mark.parametrize(
    ("comparator", "target", "reported", "status"),
    [
        (">=", 10, 10, "attained"),
        (">", 10, 10, "missed"),
        ("=", 2.8, 2.7, "missed"),
        ("~", 40, 39, "attained"),
        ("<=", 5, 6, "missed"),
        ("range", 2, 2, "attained"),
    ],
)
def test_assess_follows_the_comparator(comparator, target, reported, status):
    got, pct = assess(
        pd.Series({"value_std": target, "comparator": comparator}),
        pd.Series({"value_std": reported}),
    )
    assert got == status and pct == pytest.approx(reported / target * 100)


def test_relative_and_missing_targets_are_not_assessed():
    got, pct = assess(
        pd.Series({"value_std": math.nan, "comparator": "relative"}), pd.Series({"value_std": 3.0})
    )
    assert got == "not_assessable" and math.isnan(pct)


def test_attainment_table_matches_same_year_reports_only():
    at = attainment_table("longgang")
    assert set(at["year"]) == {2024}
    assert (at["status"] == "not_reported").all()  # 龙港's 2024 aims have no 2024 result yet


def test_overview_links_previous_figures():
    ov = overview_table("zhejiang", 2024).set_index("indicator_id")
    assert ov.loc["hitech_enterprises_new", "previous_figure"] == "6800家"
    assert ov.loc["hitech_enterprises_new", "previous_year"] == 2023


def test_coverage_counts_statements():
    cov = coverage("year")
    # 2020: 32 official figures (China and 31 provinces), Zhejiang's target 2.8 (three
    # documents, counted once), its 预计 2.8 (two documents, once) and the revised 2.77
    assert cov.loc["rd_intensity", 2020] == 32 + 1 + 1 + 1
    assert "rd_intensity" in indicators_with_years(2)


def test_trend_defaults_to_the_places_the_texts_speak_of():
    """The bulletins cover every province; a trend shows them only when asked for."""
    default = trend_table("rd_intensity")
    assert set(default["jurisdiction_id"]) == {"zhejiang", "shaoxing", "zj_mountain_26_counties"}
    # Zhejiang's official figures stay in its own trend
    assert "final" in set(default.loc[default["jurisdiction_id"] == "zhejiang", "vintage"])
    asked = trend_table("rd_intensity", ["zhejiang", "china", "jiangsu"])
    assert set(asked["jurisdiction_id"]) == {"zhejiang", "china", "jiangsu"}


def test_targets_are_judged_by_the_final_statistic_first():
    at = attainment_table("zhejiang").set_index(["indicator_id", "year"])
    new_hitech = at.loc[("hitech_enterprises_new", 2020)]
    new_hitech = new_hitech[new_hitech["target_value"] == 4000].iloc[0]
    assert (new_hitech["reported_value"], new_hitech["status"]) == (6449, "attained")
    assert new_hitech["reported_pct_of_target"] == pytest.approx(6449 / 4000 * 100)
    # 2020: the bulletin's 2.88 decides, not the 预计 2.8 nor the 2.77 restated in 2026
    r2020 = at.loc[("rd_intensity", 2020)]
    assert (r2020["reported_value"], r2020["status"]) == (2.88, "attained")
    assert r2020["reported_document_id"] == "cn_2020_rd_statistics_bulletin"
    r2022 = at.loc[("rd_intensity", 2022)]
    assert (r2022["reported_value"], r2022["status"]) == (3.11, "attained")


def test_profile_of_a_statistics_page_follows_its_table():
    from zjanalysis.analysis.profile import profile_table
    from zjanalysis.sources.html import parse_locator

    p = profile_table("cn_2019_rd_statistics_bulletin")
    cells = [parse_locator(loc) for loc in p["locator"]]
    assert cells == sorted(cells) and p.loc[0, "jurisdiction_id"] == "china"
