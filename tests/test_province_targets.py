"""Every province's aims side by side (``zja.province_targets``), checked against the rows."""

from __future__ import annotations

import pandas as pd
import pytest

import zjanalysis as zja
from zjanalysis.analysis.province_targets import (
    GOAL_YEAR,
    MIN_PROVINCES,
    REPORTED_YEAR,
    TARGET_YEAR,
    stated_by_provinces,
)
from zjanalysis.running.parameters import ParameterError
from zjanalysis.tables.loading import load_tables


def own_rows(indicator_id: str):
    """The indicator's rows from the provinces' own documents (not the bulletins)."""
    t = load_tables()
    tg = t.targets
    level = tg["jurisdiction_id"].map(t.jurisdictions["level"])
    source = tg["document_id"].map(t.documents["source_type"])
    return tg[
        (tg["indicator_id"] == indicator_id)
        & (level == "province")
        & (source != "official_statistics")
        & tg["same_as"].isna()
    ]


def one(rows, **where):
    for column, value in where.items():
        rows = rows[rows[column] == value]
    assert len(rows) == 1, rows
    return rows.iloc[0]


@pytest.mark.parametrize("indicator_id", stated_by_provinces())
def test_every_province_with_a_2026_target_appears_with_it(indicator_id):
    rows = own_rows(indicator_id)
    with_target = rows[(rows["kind"] == "target") & (rows["year"] == TARGET_YEAR)]
    table = zja.province_targets(indicator_id)
    shown = table.set_index("jurisdiction_id")
    assert set(with_target["jurisdiction_id"]) <= set(shown.index)
    for _, r in with_target.iterrows():
        assert shown.loc[r["jurisdiction_id"], "target_quote"]
        if pd.notna(r["value"]):  # a number: in the table, and ranked
            assert pd.notna(shown.loc[r["jurisdiction_id"], "target_value"])
            assert pd.notna(shown.loc[r["jurisdiction_id"], "target_rank"])


def test_the_default_schedule_covers_the_indicators_five_provinces_state():
    t = load_tables()
    tg = t.targets
    level = tg["jurisdiction_id"].map(t.jurisdictions["level"])
    source = tg["document_id"].map(t.documents["source_type"])
    own = tg[(level == "province") & (source != "official_statistics")]
    counts = own.groupby("indicator_id")["jurisdiction_id"].nunique()
    assert set(stated_by_provinces()) == set(counts[counts >= MIN_PROVINCES].index)
    from zjanalysis import paths
    from zjanalysis.running.manifest import load_manifest

    jobs = load_manifest(paths.REPORTS_DIR / "schedule.yaml")
    scheduled = {
        (j.params["indicator_id"], j.params["lang"]) for j in jobs if j.name == "province_targets"
    }
    assert scheduled == {(i, lang) for i in stated_by_provinces() for lang in ("zh", "en")}


def test_zhejiangs_rd_intensity_yearly_change_and_ranks_by_hand():
    """Zhejiang's 2025 figure, 2026 target and 2030 goal from its 2026 work report: the yearly
    change in points is (aim − 2025 figure) / years; its rank is one more than the provinces
    whose aim is higher."""
    rows = own_rows("rd_intensity")
    mine = rows[rows["jurisdiction_id"] == "zhejiang"]
    reported = one(mine, year=REPORTED_YEAR, kind="actual", document_id="zj_2026_gov_work_report")
    target = one(mine, year=TARGET_YEAR, kind="target")
    goal = one(mine, year=GOAL_YEAR, kind="target")
    table = zja.province_targets("rd_intensity").set_index("jurisdiction_id")
    z = table.loc["zhejiang"]
    assert z["latest_year"] == REPORTED_YEAR and z["latest_value"] == reported["value"]
    assert z["target_needed"] == pytest.approx((target["value"] - reported["value"]) / 1)
    assert z["goal_needed"] == pytest.approx(
        (goal["value"] - reported["value"]) / (GOAL_YEAR - REPORTED_YEAR)
    )
    for aim, year, mine_value in (("target", TARGET_YEAR, target), ("goal", GOAL_YEAR, goal)):
        aims = rows[(rows["kind"] == "target") & (rows["year"] == year)]
        higher = aims.loc[aims["value"] > mine_value["value"], "jurisdiction_id"].nunique()
        assert z[f"{aim}_rank"] == higher + 1
    standing = zja.province_targets("rd_intensity").attrs["highlight"]
    assert (
        standing["goal"]["of"]
        == rows[(rows["kind"] == "target") & (rows["year"] == GOAL_YEAR)][
            "jurisdiction_id"
        ].nunique()
    )


def test_a_province_without_a_2025_figure_runs_from_its_latest_statistic():
    """Chongqing states a 2030 goal but no 2025 figure: the change runs from the bulletins'
    newest year."""
    rows = own_rows("rd_intensity")
    goal = one(rows, jurisdiction_id="chongqing", year=GOAL_YEAR, kind="target")
    t = load_tables()
    stats = t.targets[
        (t.targets["indicator_id"] == "rd_intensity")
        & (t.targets["jurisdiction_id"] == "chongqing")
        & (t.targets["document_id"].map(t.documents["source_type"]) == "official_statistics")
    ]
    latest = stats.sort_values("year").iloc[-1]
    c = zja.province_targets("rd_intensity").set_index("jurisdiction_id").loc["chongqing"]
    assert c["latest_year"] == latest["year"] and c["latest_value"] == latest["value"]
    assert c["goal_needed"] == pytest.approx(
        (goal["value"] - latest["value"]) / (GOAL_YEAR - latest["year"])
    )


def test_a_count_needs_compound_growth_in_its_indicator_unit():
    """Henan's high-tech firms: 1.28万家 in 2025, 1.5万家 aimed for 2026 → +17.2 % in a year."""
    rows = own_rows("hitech_enterprises_total")
    henan = rows[rows["jurisdiction_id"] == "henan"]
    now = one(henan, year=REPORTED_YEAR, kind="actual")
    aim = one(henan, year=TARGET_YEAR, kind="target")
    units = load_tables().units
    scale = units.loc[now["unit"], "factor"], units.loc[aim["unit"], "factor"]
    table = zja.province_targets("hitech_enterprises_total")
    h = table.set_index("jurisdiction_id").loc["henan"]
    assert h["latest_value"] == pytest.approx(now["value"] * scale[0])
    assert h["target_needed"] == pytest.approx(
        (aim["value"] * scale[1] / (now["value"] * scale[0]) - 1) * 100
    )
    assert table.attrs["per_year_in_percent"] is True


def test_report_tells_zhejiangs_standing_in_both_languages_and_cites_every_row():
    from zjanalysis.reports.province_targets import province_targets_report

    rows = own_rows("rd_intensity")
    for lang in ("zh", "en"):
        content = province_targets_report("rd_intensity", "zhejiang", lang)
        assert len(content.summary) == len(zja.province_targets("rd_intensity"))
        assert set(rows["target_id"]) <= set(content.data["target_id"])
        place = "浙江省" if lang == "zh" else "Zhejiang"
        assert sum(place in s for s in content.sentences) >= 3
        assert content.chart.kind == "targets"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"indicator_id": "rd_intensity", "highlight": "shaoxing"}, "not a province"),
        ({"indicator_id": "rd_intensity", "highlight": "china"}, "not a province"),
        ({"indicator_id": "rd_expenditure_growth_margin", "highlight": "zhejiang"}, "no province"),
    ],
)
def test_parameters_are_checked_before_any_kernel(params, message):
    from zjanalysis.running.notebook import prepare

    with pytest.raises(ParameterError, match=message):
        prepare("province_targets", params)
