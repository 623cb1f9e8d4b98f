"""The 2026 government work reports of other provinces, as curated: one indicator per measure
whatever a province calls it, and every row where and when its document puts it."""

from __future__ import annotations

import pytest

from zjanalysis.extraction.normalise import normalise
from zjanalysis.extraction.statements import Catalogue
from zjanalysis.tables.loading import load_tables
from zjanalysis.tables.quotes import find_quote

TABLES = load_tables()
CATALOGUE = Catalogue(TABLES.indicators, TABLES.units, TABLES.jurisdictions)

# curated here, by ISO code: the jurisdiction each report speaks for
PROVINCES = {
    "tj": "tianjin",
    "he": "hebei",
    "sx": "shanxi",
    "nm": "inner_mongolia",
    "ln": "liaoning",
    "jl": "jilin",
    "hl": "heilongjiang",
    "fj": "fujian",
    "jx": "jiangxi",
    "ha": "henan",
    "hn": "hunan",
}

# (report, wording as the report writes it, the indicator it names): the same measure in
# different provinces' words
WORDINGS = [
    ("jx", "全社会研发投入强度", "rd_intensity"),
    ("hn", "全社会研发投入强度", "rd_intensity"),
    ("nm", "R&D经费投入强度", "rd_intensity"),
    ("he", "全社会研发投入年均增长", "rd_expenditure_growth"),
    ("ln", "全社会研发经费年均增长", "rd_expenditure_growth"),
    ("sx", "研发经费投入年均增长", "rd_expenditure_growth"),
    ("jl", "全社会研发经费投入增长", "rd_expenditure_growth"),
    ("hn", "研发经费投入增长", "rd_expenditure_growth"),
    ("nm", "技术合同成交额增长", "tech_contract_value_growth"),
    ("nm", "技术合同交易额增长", "tech_contract_value_growth"),
    ("jx", "登记技术合同成交额增长", "tech_contract_value_growth"),
    ("tj", "每万人高价值发明专利拥有量", "high_value_invention_patents_per_10k"),
    ("jx", "每万人口高价值发明专利拥有量", "high_value_invention_patents_per_10k"),
    ("jl", "规上企业研发经费投入增长", "business_rd_expenditure_growth"),
    ("jx", "规模以上工业企业研发经费支出占营业收入比重", "business_rd_to_revenue"),
    ("fj", "数字经济增加值", "digital_economy_value_added"),
    ("jx", "数字经济规模", "digital_economy_value_added"),
    ("tj", "工业战略性新兴产业占规上工业比重", "strategic_emerging_value_added_share"),
    ("ha", "战略性新兴产业增加值占规上工业比重", "strategic_emerging_value_added_share"),
    ("ha", "战略性新兴产业占规上工业增加值比重", "strategic_emerging_value_added_share"),
    ("he", "综合算力指数", "computing_power_index_rank"),
    ("sx", "综合算力指数", "computing_power_index_rank"),
    ("fj", "国家卓越级智能工厂", "smart_factories_new"),
    ("ln", "先进级以上智能工厂", "smart_factories_new"),
    ("ln", "国家级制造业单项冠军企业", "national_single_champions_total"),
    ("ha", "制造业单项冠军", "national_single_champions_total"),
    ("fj", "国家级5G工厂", "national_5g_factories_new"),
    ("ln", "5G工厂", "national_5g_factories_new"),
    ("nm", "智算规模", "intelligent_computing_power"),
    ("hn", "智能算力", "intelligent_computing_power"),
    ("fj", "国家级人才计划入选者", "national_talent_programme_selectees_new"),
    ("nm", "科技领域国家重点人才计划", "national_talent_programme_selectees_new"),
    ("ln", "省级专精特新企业", "specialised_smes_provincial_new"),
    ("hl", "专精特新中小企业", "specialised_smes_provincial_new"),
    ("ln", "技术经理人", "tech_brokers_trained"),
]


def raw_text(code: str) -> str:
    return TABLES.raw_text(f"{code}_2026_gov_work_report")


def named_indicator(wording: str) -> str | None:
    """The indicator of the longest catalogue alias in ``wording``."""
    found = CATALOGUE.aliases_in(normalise(wording).text)
    return CATALOGUE.alias_to[max(found, key=len)] if found else None


@pytest.mark.parametrize(("code", "wording", "indicator_id"), WORDINGS)
def test_each_wording_names_its_indicator(code, wording, indicator_id):
    assert wording in raw_text(code)  # a real phrase of that report
    assert named_indicator(wording) == indicator_id


def test_one_measure_in_several_wordings_is_one_indicator():
    by_indicator: dict[str, set[str]] = {}
    for _, wording, indicator_id in WORDINGS:
        by_indicator.setdefault(indicator_id, set()).add(wording)
    assert len(by_indicator["rd_intensity"]) >= 2
    assert len(by_indicator["rd_expenditure_growth"]) >= 5
    for indicator_id, wordings in by_indicator.items():
        assert {named_indicator(w) for w in wordings} == {indicator_id}


def _province_of(place_id):
    """The province a place lies in (itself for a province), by its parents."""
    while TABLES.jurisdictions.loc[place_id, "level"] != "province":
        place_id = TABLES.jurisdictions.loc[place_id, "parent_id"]
    return place_id


@pytest.mark.parametrize("code", sorted(PROVINCES))
def test_each_report_is_curated_for_its_own_province(code):
    document_id = f"{code}_2026_gov_work_report"
    doc = TABLES.documents.loc[document_id]
    rows = TABLES.targets[TABLES.targets["document_id"] == document_id]
    place = TABLES.jurisdictions.loc[PROVINCES[code]]
    assert place["name_zh"] in doc["title"]
    assert len(rows) >= 5
    # the province, or a place within it (a city, park or zone whose figure the report gives)
    assert PROVINCES[code] in set(rows["jurisdiction_id"])
    for place_id in set(rows["jurisdiction_id"]):
        assert _province_of(place_id) == PROVINCES[code], place_id
    text = raw_text(code)
    published = doc["published_date"].year
    for row in rows.itertuples():
        assert find_quote(row.quote, text) >= 0, row.target_id
        assert doc["period_from"] <= row.year <= doc["period_to"], row.target_id
        # a report published in 2026 aims at 2026 or later and reports on earlier years
        assert (row.kind == "target") == (row.year >= published), row.target_id
        if "annual_average" in str(row.flags):
            assert "年均" in row.quote, row.target_id
        if "rank" in str(row.flags):
            assert TABLES.indicators.loc[row.indicator_id, "measure_type"] == "rank"


def test_every_report_states_a_2026_target_or_a_2030_goal():
    targets = TABLES.targets[TABLES.targets["kind"] == "target"]
    for code in PROVINCES:
        mine = targets[targets["document_id"] == f"{code}_2026_gov_work_report"]
        assert set(mine["year"]) & {2026, 2030}, code
