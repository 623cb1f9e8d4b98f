"""Extraction rules, on sentences of the kind these documents contain."""

from __future__ import annotations

import pandas as pd
import pytest

from zjanalysis.extraction.evaluation import evaluate
from zjanalysis.extraction.quantities import find_quantities
from zjanalysis.extraction.statements import Catalogue, DocumentInfo, extract_text
from zjanalysis.tables.loading import load_tables
from zjanalysis.tables.numerals import chinese_number

T = load_tables()
CAT = Catalogue(T.indicators, T.units, T.jurisdictions)


def q1(text):
    found = find_quantities(text)
    assert len(found) == 1, [(q.value, q.unit) for q in found]
    q = found[0]
    return q.value, q.value_high, q.unit, q.comparator


def extract(text, year=2025, place="zhejiang"):
    return extract_text(text, CAT, DocumentInfo("test_doc", year, place))


def one(text, **kw):
    found = extract(text, **kw)
    assert len(found) == 1, [(c.value, c.unit, c.indicator_id) for c in found]
    return found[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全年技术合同成交额达850亿元", (850, None, "亿元", "=")),
        ("高新技术产业增加值达到1.8万亿元", (1.8, None, "万亿元", "=")),
        ("新增科技型中小企业1.5万家", (1.5, None, "万家", "=")),
        ("研发人员数达4.2万人年", (4.2, None, "万人年", "=")),
        ("发放科技创新券6000万元以上", (6000, None, "万元", ">=")),
        ("新引进海外工程师200名左右", (200, None, "名", "~")),
        ("派遣科技特派员12000人次", (12000, None, "人次", "=")),
        ("发明专利授权量超2500件", (2500, None, "件", ">")),
        ("全社会R&D经费突破160亿元", (160, None, "亿元", ">")),
        ("帮扶活动不少于200次", (200, None, "次", ">=")),
        ("建设3所高水平大学", (3, None, "所", "=")),
        ("研发投入强度不低于3.3%", (3.3, None, "%", ">=")),
        ("单位能耗控制在0.5%以内", (0.5, None, "%", "<=")),
        ("规上企业研发费用占比提高0.5个百分点", (0.5, None, "百分点", "=")),
        ("布局省实验室2-3家", (2, 3, "家", "range")),
        ("新增孵化器2至3家", (2, 3, "家", "range")),
        ("建设海外孵化器1—2家", (1, 2, "家", "range")),
        ("新增创新联合体两家", (2, None, "家", "=")),
        ("新建重点实验室十二家", (12, None, "家", "=")),
        ("研发投入约2.5%", (2.5, None, "%", "~")),
    ],
)
def test_quantity_forms(text, expected):
    value, high, unit, cmp_ = expected
    assert q1(text) == (value, high, unit, cmp_)


@pytest.mark.parametrize(
    "text",
    [
        "推动规模以上工业企业研发机构全覆盖",  # 规模以上 is not a comparator
        "1亿元以上制造业企业无研发活动",  # a size class, not a figure
        "加强R&D投入,建设G60科创走廊",  # R&D and G60 are not quantities
        "2024年是新中国成立75周年",  # years are not quantities
        "向山区26县派遣第2批科技特派团",  # ordinals are not quantities
        "实施“315”科技创新体系和“凤凰行动2.0”版",  # programme names
        "打造三个创新发展高地,一个产业引进一个研究院",  # Chinese numerals without a trigger
        "联系电话:0571-87055403",
    ],
)
def test_not_quantities(text):
    assert find_quantities(text) == []


def test_chinese_numerals():
    assert chinese_number("两") == 2
    assert chinese_number("十二") == 12
    assert chinese_number("三百五十") == 350
    assert chinese_number("一点五") == 1.5


def test_one_character_numerals_read_as_cn2an_reads_them():
    """The characters read without cn2an give what cn2an gives (百, 千 alone: one of it)."""
    import cn2an

    from zjanalysis.tables.numerals import ONE_CHARACTER

    assert set("零〇一二两三四五六七八九十百千") == set(ONE_CHARACTER)
    for ch, value in ONE_CHARACTER.items():
        assert value == cn2an.cn2an("一" + ch if ch in "百千" else ch, "normal")


def test_growth_level_and_change_are_kept_apart():
    growth = one("力争全省R&D经费投入增长15%以上,")
    level = one("研发投入强度达3.3%。")
    change = one("规上工业企业研发费用占营业收入比重提高0.3个百分点。")
    assert growth.indicator_id == "rd_expenditure_growth" and growth.comparator == ">="
    assert level.indicator_id == "rd_intensity" and level.value == 3.3
    assert change.unit == "百分点" and change.indicator_id == "business_rd_to_revenue"


def test_missing_numbers_are_flagged_not_read_as_words():
    found = extract(
        "力争年新增高新技术企业家、科技型中小微企业家,技术合同成交额达亿元。优秀企业家精神得到弘扬。"
    )
    gaps = [c for c in found if "missing_number" in c.flags]
    assert [(c.value, c.unit) for c in gaps] == [(None, "家"), (None, "家"), (None, "亿元")]
    assert {c.indicator_id for c in gaps} == {
        "hitech_enterprises_new",
        "tech_smes_new",
        "tech_contract_value",
    }
    assert all("missing_year" in c.flags for c in gaps)
    assert len(found) == 3  # 企业家精神 is a word, not a stripped number


def test_stripped_year_in_a_deadline():
    c = one("确保年12月底前基本落实整改措施。")
    assert (c.value, c.unit, c.comparator) == (12, "月", "<=")
    assert "missing_year" in c.flags


def test_kinds_target_actual_estimate():
    text = (
        "2025年工作总结\n全年新认定高新技术企业6449家(年度目标4000家),研发投入强度预计达3.3%。\n"
        "2026年工作思路\n力争新增高新技术企业5000家。"
    )
    found = extract(text, year=2026)
    got = [(c.year, c.kind, c.value) for c in found]
    assert got == [
        (2025, "actual", 6449),
        (2025, "target", 4000),
        (2025, "estimate", 3.3),
        (2026, "target", 5000),
    ]


def test_year_from_sentence_heading_and_document():
    found = extract("到2027年,研发投入强度达3.5%。\n全年新增科技领军企业20家。", year=2025)
    assert [(c.year, c.indicator_id) for c in found] == [
        (2027, "rd_intensity"),
        (2025, "tech_leading_enterprises_new"),
    ]


def test_place_from_context_and_cumulative():
    found = extract(
        "支持龙港市建设,新增高新技术企业40家(累计226家)。\n省市县联动派遣科技特派员9000人次,其中向山区海岛县派遣1800人次。"
    )
    got = [(c.jurisdiction_id, c.indicator_id, c.value) for c in found]
    assert got == [
        ("longgang", "hitech_enterprises_new", 40),
        ("longgang", "hitech_enterprises_total", 226),
        ("zhejiang", "tech_commissioners_dispatched", 9000),
        ("zj_mountain_island_counties", "tech_commissioners_dispatched", 1800),
    ]
    assert "cumulative" in found[1].flags


def test_relative_targets():
    a = one("R&D经费占GDP的比重超全省平均水平。", place="shaoxing")
    b = one("山区26县R&D经费投入年均增速高于全省2个百分点。")
    assert (a.comparator, a.value, a.unit, a.indicator_id) == ("relative", None, "", "rd_intensity")
    assert (b.comparator, b.value, b.unit, b.jurisdiction_id) == (
        "relative",
        2,
        "百分点",
        "zj_mountain_26_counties",
    )


def test_enumeration_with_ge_gives_one_statement_each():
    found = extract(
        "到2028年,山区26县技术交易总额、高新技术企业数、科技型中小企业数各年均增长10%。", year=2024
    )
    assert [c.indicator_id for c in found] == [
        "tech_trade_value_growth",
        "hitech_enterprises_growth",
        "tech_smes_growth",
    ]
    assert all(c.value == 10 and c.year == 2028 and "annual_average" in c.flags for c in found)


def test_unknown_subject_is_still_a_candidate():
    c = one("新建未来工厂30家。")
    assert c.indicator_id == "" and c.subject == "未来工厂" and c.value == 30


def test_per_ten_thousand_denominator():
    c = one("万人发明专利拥有量达18件以上;")
    assert (c.unit, c.indicator_id, c.comparator) == ("件/万人", "invention_patents_per_10k", ">=")


def test_quotes_are_raw_spans():
    raw = T.raw_text("zj_2022_common_prosperity_plan")
    for c in extract_text(
        raw, CAT, DocumentInfo("zj_2022_common_prosperity_plan", 2022, "zhejiang")
    ):
        assert (
            raw[c.char_start : c.char_end] == c.quote or c.quote in raw[c.char_start : c.char_end]
        )


# the documents the text rules were written on, and the statistics pages the table reader reads;
# the texts added later are measured in bench/ (the extractor was not written for them)
WRITTEN_ON = [
    "zj_2020_reform_work_points",
    "zj_2024_reply_longgang",
    "zj_2022_common_prosperity_plan",
    "zj_2020_new_deal_rectification",
    "sx_2018_work_points",
    *(f"cn_{year}_rd_statistics_bulletin" for year in range(2018, 2024)),
]


def test_recall_and_precision_against_curated_table():
    """Keeps recall from falling below what the extractor reaches (see bench/)."""
    result = evaluate(documents=WRITTEN_ON)
    assert result.overall["recall"] >= 0.97
    assert result.overall["precision"] >= 0.90
    assert result.missing_found == result.missing_total


def test_rank_and_mojibake_flags():
    rank = one("区域创新能力蝉联全国第5,")
    assert (rank.value, rank.unit, rank.indicator_id) == (5, "位", "regional_innovation_rank")
    assert "rank" in rank.flags
    garbled = one("統(tǒng)籌推進。??萍疾坑嗅槍新增高新技术企业120家。")
    assert "mojibake" in garbled.flags and garbled.confidence < 0.7


def test_every_unit_the_extractor_writes_is_declared():
    from zjanalysis.extraction.quantities import BASE_UNITS, SCALED

    declared = set(T.units.index)
    assert set(BASE_UNITS) | SCALED | {"%", "百分点", "位", "月", "件/万人"} <= declared


# the texts added since (bench/README.md): a development set the rules were tuned on since, so
# these floors sit a margin below what is measured (96% recall, 96% in-scope precision)
# (the other provinces' 2026 work reports, issue 24, are not part of it: the extraction issue
# measures them on their own)
ADDED = [
    d
    for d in T.documents.index
    if d not in WRITTEN_ON
    and not (d.endswith("_2026_gov_work_report") and d != "zj_2026_gov_work_report")
]


def _frame(rows):
    import pandas as pd

    frame = pd.DataFrame(rows)
    return frame.astype(object).where(frame.notna(), "")


def test_development_set_recall_and_in_scope_precision():
    from zjanalysis.extraction.extract import extract_file

    rows = [
        r for d in ADDED for r in extract_file(T.data_dir / "raw" / T.documents.loc[d, "raw_file"])
    ]
    frame = _frame(rows)
    every = evaluate(documents=ADDED, candidates=frame)
    scoped = evaluate(documents=ADDED, candidates=frame[frame["in_scope"] == "yes"])
    assert every.overall["recall"] >= 0.92
    assert scoped.overall["precision"] >= 0.90
    # a government work report is mostly about other things: its S&T candidates stay usable
    assert scoped.per_document["zj_2026_gov_work_report"]["precision"] >= 0.80
    assert scoped.per_document["zj_2026_gov_work_report"]["recall"] >= 0.90


def test_development_set_read_as_unknown_files_with_their_date(tmp_path):
    """A copy not recognised as curated (one byte more) is read from --published alone."""
    from pathlib import Path

    from zjanalysis.extraction.candidates import slug_id
    from zjanalysis.extraction.extract import extract_file

    rows = []
    for d in ADDED:
        doc = T.documents.loc[d]
        if not doc["raw_file"].endswith(".txt"):
            continue
        copy = tmp_path / doc["raw_file"]
        copy.write_text(T.raw_text(d) + "\n", encoding="utf-8")
        published = None if pd.isna(doc["published_date"]) else doc["published_date"].date()
        rows += extract_file(copy, published=published)
    # unknown: named from the file, never taken for the curated document of the same name
    for r in rows:
        assert r["document_id"] not in T.documents.index
        assert r["document_id"].removesuffix("_unregistered") == slug_id(Path(r["source_file"]))
        r["document_id"] = r["document_id"].removesuffix("_unregistered")  # scored as its copy
    result = evaluate(
        documents=[d for d in ADDED if d.startswith(("zj_", "sx_"))], candidates=_frame(rows)
    )
    assert result.overall["recall"] >= 0.90


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("园区企业的专利申请量占全市的1/4", (25.0, None, "%", "~")),
        ("新兴产业产值占工业比重超过三分之一", (33.3, None, "%", ">")),
        ("外资研发中心占比达到2/5以上", (40.0, None, "%", ">=")),
    ],
)
def test_shares_written_as_fractions(text, expected):
    assert q1(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "会议定于2024/3/15召开",
        "按1/2/3级分类管理",
        "其中3/4的项目已完工",
    ],  # dates, codes, no share word
)
def test_fractions_that_are_not_shares(text):
    assert not [q for q in find_quantities(text) if q.unit == "%"]


def test_a_share_of_the_whole_is_not_linked_to_another_percentage():
    found = extract("2024年，研发投入强度达3.2%，高新技术企业超过5000家，占全省的1/3左右。")
    share = [c for c in found if c.value == 33.3]
    assert len(share) == 1 and share[0].indicator_id != "rd_intensity"


def test_one_number_for_two_years_gives_two_candidates():
    found = extract("研发投入强度2022年、2023年均保持在3%以上。", year=2024)
    assert sorted(c.year for c in found) == [2022, 2023]
    assert {c.indicator_id for c in found} == {"rd_intensity"}
    assert all("2022年、2023年" in c.quote for c in found)


def test_growth_after_a_ratio_belongs_to_the_figure_that_can_grow():
    found = extract("全年研发经费支出1500.2亿元，占GDP比重3.4%，同比增长9.8%。", year=2026)
    by_value = {c.value: c.indicator_id for c in found}
    assert by_value[3.4] == "rd_intensity"
    assert by_value[9.8] == "rd_expenditure_growth"


def test_an_annual_average_in_a_review_is_a_result_of_the_years_reviewed():
    from datetime import date

    info = DocumentInfo("test_doc", 2026, "zhejiang", published=date(2026, 1, 20))
    text = "过去五年，全省研发经费支出年均增长10.5%。到2030年，研发经费支出年均增长8%。"
    past, ahead = extract_text(text, CAT, info)
    assert (past.year, past.kind, past.value) == (2025, "actual", 10.5)
    assert (ahead.year, ahead.kind, ahead.value) == (2030, "target", 8.0)
    assert "annual_average" in past.flags and "annual_average" in ahead.flags


def test_targets_listed_with_fenbie_go_to_the_subjects_listed_before():
    text = "全省新认定高新技术企业6500家、科技型中小企业1.2万家，年度目标分别为4000家、10000家。"
    from datetime import date

    info = DocumentInfo("test_doc", 2026, "zhejiang", published=date(2026, 1, 20))
    targets = {c.value: c.indicator_id for c in extract_text(text, CAT, info) if c.kind == "target"}
    assert targets == {4000.0: "hitech_enterprises_new", 10000.0: "tech_smes_new"}
