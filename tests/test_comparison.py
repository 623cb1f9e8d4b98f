"""Provinces compared from the official statistics, and preliminary figures against final ones."""

from __future__ import annotations

import pandas as pd
import pytest
from test_statistics import BULLETINS, independent_annex

from zjanalysis import paths
from zjanalysis.analysis.provinces import (
    province_ranking,
    rank_history,
    statistics_indicators,
    statistics_years,
)
from zjanalysis.analysis.revisions import revision_summary, revisions_table
from zjanalysis.running.param_checks import check_values
from zjanalysis.running.parameters import ParameterError


@pytest.mark.parametrize("document_id", list(BULLETINS.index))
@pytest.mark.parametrize("indicator_id", ["rd_intensity", "rd_expenditure"])
def test_ranking_follows_the_bulletins_own_figures(document_id, indicator_id):
    """Ranks recomputed from an independent parse of the raw page (China's row excluded)."""
    doc = BULLETINS.loc[document_id]
    annex = independent_annex(paths.RAW_DIR / doc["raw_file"])
    national = annex.iloc[0]  # the bulletin lists 全国 first, then the provinces
    provinces = annex.iloc[1:]
    ranking = province_ranking(indicator_id, int(doc["period_from"]))
    assert len(ranking) == len(provinces) == 31
    assert ranking.attrs["country"] == pytest.approx(national[indicator_id])
    expected_rank = provinces[indicator_id].rank(ascending=False, method="min").astype(int)
    got = dict(zip(ranking["name_zh"].str[:2], ranking["rank"], strict=True))
    for region, rank in zip(provinces["region"], expected_rank, strict=True):
        assert got[region[:2]] == rank, region
    assert ranking["value"].is_monotonic_decreasing
    assert (ranking["vs_country"] == ranking["value"] - national[indicator_id]).all()


def test_zhejiang_rank_across_years():
    h = rank_history("rd_intensity", "zhejiang")
    assert list(h["year"]) == statistics_years("rd_intensity") == list(range(2018, 2024))
    for _, r in h.iterrows():
        ranking = province_ranking("rd_intensity", int(r["year"]))
        assert r["rank"] == 1 + int((ranking["value"] > r["value"]).sum())
    assert set(statistics_indicators()) == {"rd_intensity", "rd_expenditure"}


def test_a_year_without_statistics_is_refused_with_the_years_that_have_them():
    with pytest.raises(LookupError, match="2018, 2019"):
        province_ranking("rd_intensity", 2016)
    with pytest.raises(ParameterError, match="years: 2018"):
        check_values("province_comparison", {"indicator_id": "rd_intensity", "year": 2016})
    with pytest.raises(ParameterError, match="not in the official statistics"):
        check_values("province_comparison", {"indicator_id": "tech_smes_new", "year": 2020})
    with pytest.raises(ParameterError, match="not a province"):
        check_values(
            "province_comparison",
            {"indicator_id": "rd_intensity", "year": 2020, "highlight": "shaoxing"},
        )


def test_revisions_of_zhejiang_rd_intensity():
    rev = revisions_table("zhejiang")
    ri = rev[rev["indicator_id"] == "rd_intensity"]
    got = {
        (r.year, r.earlier_vintage, r.later_vintage): (r.earlier, r.later) for r in ri.itertuples()
    }
    assert got == {
        (2019, "preliminary", "final"): (2.62, 2.68),
        (2020, "preliminary", "final"): (2.8, 2.88),
        # the 2026 work report restates 2020 after the census revision: a revision too
        (2020, "final", "revised"): (2.88, 2.77),
        (2021, "preliminary", "final"): (2.9, 2.94),
        (2023, "preliminary", "final"): (3.15, 3.2),
    }
    finals = ri[ri["later_vintage"] == "final"]
    assert finals["later_document_id"].str.endswith("rd_statistics_bulletin").all()
    assert ri["revision"].to_numpy() == pytest.approx([0.06, 0.08, -0.11, 0.04, 0.05])
    summary = revision_summary(rev).set_index("indicator_id")
    assert summary.loc["rd_intensity", "n"] == 5
    assert (summary.loc["rd_intensity", "up"], summary.loc["rd_intensity", "down"]) == (4, 1)


def test_revisions_pair_only_figures_of_one_year_and_place():
    rev = revisions_table()
    assert not rev.duplicated(["indicator_id", "jurisdiction_id", "year", "later_vintage"]).any()
    assert (rev["earlier_document_id"] != rev["later_document_id"]).all()
    assert revision_summary(rev.iloc[0:0]).empty
    assert isinstance(rev, pd.DataFrame)


def test_china_highlighted_has_no_rank_and_the_chart_says_so():
    from zjanalysis.reports.province_comparison import province_comparison_report

    content = province_comparison_report("rd_expenditure", 2019, "china")
    # China's R&D expenditure is the provinces' total: a share, not "provinces above it"
    assert "accounts for" in content.sentences[0] and "above" not in content.sentences[0]
