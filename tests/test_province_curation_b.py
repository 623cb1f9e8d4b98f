"""Provinces' 2026 government work reports curated on branch issue-24b (gx hi cq gz yn xz sn gs qh nx xj):
one indicator id across the provinces' wordings, and every curated row traceable."""

from __future__ import annotations

import pytest

from zjanalysis.extraction.normalise import normalise
from zjanalysis.extraction.statements import Catalogue
from zjanalysis.tables.loading import load_tables
from zjanalysis.tables.quotes import find_quote

TABLES = load_tables()
CATALOGUE = Catalogue(TABLES.indicators, TABLES.units, TABLES.jurisdictions)

# document → the province it speaks for
DOCUMENTS = {
    "gx_2026_gov_work_report": "guangxi",
    "hi_2026_gov_work_report": "hainan",
    "cq_2026_gov_work_report": "chongqing",
    "gz_2026_gov_work_report": "guizhou",
    "yn_2026_gov_work_report": "yunnan",
    "xz_2026_gov_work_report": "tibet",
    "sn_2026_gov_work_report": "shaanxi",
    "gs_2026_gov_work_report": "gansu",
    "qh_2026_gov_work_report": "qinghai",
    "nx_2026_gov_work_report": "ningxia",
    "xj_2026_gov_work_report": "xinjiang",
}

# phrases exactly as the reports write them, and the one indicator each must reach
WORDINGS = {
    "rd_intensity": [
        "全社会研发经费投入强度达到3.25%",  # Chongqing
        "研发投入强度提升至1.8%",  # Hainan
        "全社会研发经费投入强度提高到1.6%左右",  # Guizhou
        "到2030年全社会研发投入强度达到3.2％左右",  # Shaanxi (full-width ％)
    ],
    "rd_expenditure_growth": [
        "全社会研发经费投入增速年均超20%",  # Hainan
        "全社会研发投入年均增长10.5%",  # Yunnan
        "全社会研发经费投入年均增长10%左右",  # Ningxia
    ],
    "hitech_mfg_value_added_growth": [
        "规上高技术制造业增加值增长28.1%",  # Hainan
        "装备制造业、高技术制造业增加值分别增长17.7%、17.6%",  # Yunnan
    ],
    "digital_economy_core_revenue_growth": [
        "数字经济核心产业营收增长7.5%",  # Hainan
        "数字经济核心产业营业收入年均增长11.8%以上",  # Yunnan
    ],
    "computing_power": [
        "全省算力规模突破160Eflops",  # Guizhou
        "算力规模突破4000P",  # Yunnan
        "算力规模达到11.4万P",  # Gansu
        "算力总规模突破4万P",  # Qinghai
    ],
    "high_value_invention_patents_per_10k": [
        "每万人口高价值发明专利拥有量达3.3件",  # Guizhou
        "每万人高价值发明专利拥有量从11件提高到24件",  # Zhejiang
    ],
    "business_rd_expenditure_growth": ["企业研发经费增长59.61％"],  # Shaanxi
    "poc_and_pilot_platforms_new": ["新建概念验证和中试平台20家"],  # Shaanxi
    "strategic_emerging_value_added_share": ["工业中战略性新兴产业占比30％以上"],  # Shaanxi
    "digital_economy_core_value_added_share": [
        "数字经济核心产业增加值比重达到9.5％",  # Shaanxi
        "数字经济核心产业增加值占地区生产总值比重达8%左右",  # Guizhou
    ],
    "tech_achievements_transferred": ["转移转化成果1.25万项"],  # Shaanxi
    "tech_transfer_enterprises_new": ["科技成果转化企业新增1013家"],  # Shaanxi
    "five_g_base_stations": [
        "5G基站从1.9万座增加到14.3万座",
        "建成5G基站8.99万个",
    ],  # Shaanxi, Gansu
    "specialised_smes_provincial_new": ["培育省级专精特新中小企业322户"],  # Gansu
    "innovative_and_specialised_smes_new": ["新增创新型、专精特新中小企业70家"],  # Qinghai
    "tech_smes_and_little_giants_new": ["新增科技型和科技小巨人企业195家"],  # Qinghai
    "digital_industry_output_growth": ["数字产业总产值增长8%以上"],  # Ningxia
    "innovative_enterprises_cultivated_new": [
        "新培育科技型、高成长创新型、新型工业化示范型企业300家"  # Ningxia
    ],
    "tech_contract_value_growth": ["技术合同成交额增长30%以上"],  # Ningxia
    "key_tech_breakthroughs": ["突破重大技术102项", "力争攻克关键技术105项以上"],  # Guangxi
}


def indicator_of(phrase: str) -> str | None:
    """The indicator of the longest catalogue alias the phrase contains."""
    found = CATALOGUE.aliases_in(normalise(phrase).text)
    return CATALOGUE.alias_to[max(found, key=len)] if found else None


@pytest.mark.parametrize(
    ("indicator_id", "phrase"),
    [(ind, phrase) for ind, phrases in WORDINGS.items() for phrase in phrases],
)
def test_provincial_wordings_reach_one_indicator(indicator_id, phrase):
    assert indicator_of(phrase) == indicator_id


def test_wordings_are_real_phrases_of_the_documents():
    texts = [TABLES.raw_text(doc) for doc in [*DOCUMENTS, "zj_2026_gov_work_report"]]
    for phrases in WORDINGS.values():
        for phrase in phrases:
            assert any(phrase in text for text in texts), phrase


@pytest.mark.parametrize(("document_id", "province"), DOCUMENTS.items())
def test_curated_province_rows_are_traceable(document_id, province):
    doc = TABLES.documents.loc[document_id]
    assert doc["doc_type"] == "gov_work_report"
    rows = TABLES.targets[TABLES.targets["document_id"] == document_id]
    assert len(rows) >= 5
    # the report's own place on every row (the extractor proposes Zhejiang for them)
    assert set(rows["jurisdiction_id"]) == {province}
    text = TABLES.raw_text(document_id)
    for row in rows.itertuples():
        assert find_quote(row.quote, text) >= 0, row.target_id
        # a 2025 figure is a result, a 2026 or 2030 one an aim
        assert (row.kind == "target") == (row.year >= 2026), row.target_id
        # an aim for 2026, 2030 or the horizon of a plan in between (三年安排…: 2028)
        assert row.year in (2020, 2025) or 2026 <= row.year <= 2030, row.target_id
