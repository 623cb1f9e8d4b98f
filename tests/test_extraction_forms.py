"""Issue 25: forms of figures that unseen reports use, each on sentences written for the test
(other places, subjects and numbers than any source document)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from zjanalysis.extraction.documents import guess_place
from zjanalysis.extraction.evaluation import by_document_type, evaluate
from zjanalysis.extraction.statements import Catalogue, DocumentInfo, extract_text
from zjanalysis.extraction.summary import skipped_sentences
from zjanalysis.tables.loading import load_tables
from zjanalysis.tables.numerals import chinese_number

T = load_tables()
CAT = Catalogue(T.indicators, T.units, T.jurisdictions)
PUBLISHED = date(2027, 1, 25)  # a report delivered early in 2027, reviewing 2026


def extract(text, published=PUBLISHED):
    return extract_text(text, CAT, DocumentInfo("test_doc", published.year, "zhejiang", published))


def figures(text, **kw):
    return [(c.value, c.value_high, c.unit, c.comparator) for c in extract(text, **kw)]


def test_spaces_around_numbers_from_pdf_to_text():
    (c,) = extract("2024 年全市 R&D 经费占 GDP 比重达 3.06 %")
    assert (c.year, c.kind, c.indicator_id, c.value, c.unit) == (
        2024,
        "actual",
        "rd_intensity",
        3.06,
        "%",
    )
    assert c.quote.startswith("2024 年")  # the quote is the raw text, spaces and all


def test_every_item_of_a_respectively_list():
    found = extract("高新技术产业、战略性新兴产业增加值占比分别提高到61.7%、33.9%")
    assert [c.value for c in found] == [61.7, 33.9]
    assert found[0].subject.startswith("高新技术产业增加值")  # the head noun, joined at a word
    shared = extract("研发投入强度和高新技术产业增加值占比分别提高0.2和1.4个百分点")
    assert [(c.value, c.unit) for c in shared] == [(0.2, "百分点"), (1.4, "百分点")]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("区域创新能力位列第一", 1),
        ("企业创新能力居全国首位", 1),
        ("知识产权综合实力稳居榜首", 1),
        ("工业机器人装机量全球第二", 2),
        ("综合科技进步水平位居全国第5", 5),
    ],
)
def test_ranks_in_words(text, value):
    (c,) = extract(text)
    assert (c.value, c.unit, c.comparator) == (value, "位", "=")


@pytest.mark.parametrize(
    "text", ["列入第一批试点", "建成全国第一个示范区", "把科技作为第一生产力", "排名提升5位"]
)
def test_words_that_are_not_ranks(text):
    assert [c for c in extract(text) if c.unit == "位"] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("新当选两院院士5位", (5, None, "名", "=")),  # persons, as the tables count them
        ("新增科技型企业2600户", (2600, None, "户", "=")),  # 户 is declared: kept
        ("开发首台套产品45款", (45, None, "个", "=")),
        ("组建科技特派团36支", (36, None, "支", "=")),  # 支 is declared: kept
        ("举办技术对接会88场", (88, None, "次", "=")),
    ],
)
def test_measure_words(text, expected):
    if "户" in text and "户" not in T.units.index:
        expected = (*expected[:2], "家", expected[3])  # counted as firms until 户 is declared
    if "支" in text and "支" not in T.units.index:
        expected = (*expected[:2], "个", expected[3])  # items until 支 is declared
    assert figures(text) == [expected]


def test_multiplier_words():
    assert figures("技术交易额超千亿元") == [(1000, None, "亿元", ">")]
    assert figures("科技型中小企业达到4万多家") == [(4, None, "万家", ">")]
    assert figures("数字经济增加值突破万亿元") == [(1, None, "万亿元", ">")]
    assert figures("引进青年人才2.3万余人") == [(2.3, None, "万人", ">")]
    assert chinese_number("千") == 1000 and chinese_number("百") == 100


def test_five_year_statements():
    text = (
        "过去五年，全市科技型中小企业5年增加1万多家，研发经费年均增长10.6%、高于全国1.1个百分点。"
    )
    found = extract(text)
    assert [(c.year, c.kind, c.value, c.unit, c.comparator) for c in found] == [
        (2026, "actual", 1, "万家", ">"),
        (2026, "actual", 10.6, "%", "="),
        (2026, "actual", 1.1, "百分点", "relative"),
    ]
    assert found[0].subject == "全市科技型中小企业"  # 5年增加 is not part of the subject
    assert found[2].indicator_id == found[1].indicator_id != ""  # the margin of the growth


def test_counts_of_new_things_in_a_plan_are_not_size_classes():
    (c,) = extract("2027年，培育25个以上创新联合体")
    assert (c.value, c.unit, c.comparator, c.kind) == (25, "个", ">=", "target")
    assert c.indicator_id == "innovation_consortia_new" and c.in_scope
    assert extract("支持5亿元以上工业企业设立研发机构") == []  # money before 以上: a class


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("规上企业研发费用占营业收入比重提高百分之二", 2, "%"),
        ("高新技术企业占规上工业企业的四分之一以上", 25, "%"),
    ],
)
def test_fractions_and_percentages_in_words(text, value, unit):
    found = [c for c in extract(text) if c.unit == unit]
    assert [c.value for c in found] == [value]


def test_traditional_characters_with_pinyin_glosses():
    (c,) = extract("2026年全市研發(fā)經費(fèi)投入增長(zhǎng)12.5%")
    assert (c.year, c.value, c.unit, c.indicator_id) == (2026, 12.5, "%", "rd_expenditure_growth")


def test_results_of_the_year_a_report_reviews():
    text = (
        "一、2026年工作回顾\n"
        "(一)圆满完成科技创新各项任务\n"
        "新增国家级科技企业孵化器8家。\n"
        "三、2027年主要工作\n"
        "(二)加快建设科技强市\n"
        "新增国家级科技企业孵化器10家。\n"
    )
    found = extract(text)
    assert [(c.value, c.year, c.kind) for c in found] == [(8, 2026, "actual"), (10, 2027, "target")]


def test_a_year_after_bi_is_the_base_of_a_change():
    (c,) = extract("过去五年，有效发明专利比2021年增长47.3%")
    assert (c.year, c.kind) == (2026, "actual")


def test_an_average_over_the_next_plan_is_for_its_last_year():
    text = "二、“十五五”时期主要目标\n全社会研发经费投入年均增长9%以上。"
    (c,) = extract(text)
    assert (c.year, c.kind, c.value) == (2030, "target", 9)


def test_a_provinces_report_is_placed_in_the_province():
    head = "下载 打印\n2027年江西省政府工作报告\n——2027年1月20日在江西省人民代表大会上"
    assert guess_place(head, T.jurisdictions) == "jiangxi"
    assert guess_place("绍兴市科学技术局 2025年全市科技创新工作要点", T.jurisdictions) == "shaoxing"


def test_scope_is_the_catalogue_or_a_science_subject():
    text = "新增技能人才3万人,新增专精特新企业120家,新增国家级孵化器6家。"
    scoped = {c.value: c.in_scope for c in extract(text)}
    assert scoped == {3: False, 120: True, 6: True}
    for c in extract(text):
        assert 0 < c.confidence < 1 and c.reason  # every row says how sure and why


def test_sentences_with_figures_that_gave_no_row_are_listed():
    text = "2026年1月20日。新开国际航线12条。新增高新技术企业500家。第三届大会召开。"
    spans = [(c.char_start, c.char_end) for c in extract(text)]
    assert [s for _, s in skipped_sentences(text, spans)] == ["新开国际航线12条。"]


def test_evaluation_reports_in_scope_rows_by_document_type():
    result = evaluate(documents=["zj_2024_reply_longgang", "sx_2018_work_points"])
    groups = by_document_type(result)
    assert set(groups) == {"reply_with_work_summary", "work_points", "overall"}
    overall = groups["overall"]
    assert overall["curated"] == len(
        T.targets[T.targets["document_id"].isin(["zj_2024_reply_longgang", "sx_2018_work_points"])]
    )
    assert overall["in_scope_recall"] >= 0.95 and overall["in_scope_precision"] >= 0.95
    assert not pd.isna(overall["in_scope_matched"])


def test_a_numbered_part_that_reports_results_without_a_year():
    text = (
        "一、砥砺奋进开新局，全省各项事业取得新进展新成效\n"
        "(二)科技自立自强步伐加快\n"
        "新增国家级科技企业孵化器7家，新认定省级高层次人才1860人。\n"
    )
    found = extract(text)
    assert [(c.value, c.year, c.kind) for c in found] == [
        (7, 2026, "actual"),
        (1860, 2026, "actual"),
    ]


def test_what_follows_a_number_is_what_it_counts():
    # the words after the number name the counted thing: not the indicator named before it
    (lab, towns) = extract("2026年新增全国重点实验室4家，17个特色小镇加快成型。")
    assert lab.indicator_id == "national_key_labs_new" and lab.in_scope
    assert towns.indicator_id == "" and not towns.in_scope
    # a verb after the number: it counts what the sentence named before
    (c,) = extract("推进产业创新服务综合体提质增效，力争6家列入省级名单。")
    assert c.indicator_id == "industry_innovation_complexes" and c.in_scope


def test_a_short_alias_needs_the_science_words_it_leaves_out():
    found = extract("2026年建成社区养老服务综合体42个，全省重点项目完成投资3600亿元。")
    assert [c.indicator_id for c in found] == ["", ""]
    assert not any(c.in_scope for c in found)
    assert any("shortens a science name" in r for r in found[0].reason)
    (c,) = extract("科创强基重大项目有序推进，全年完成投资880亿元。")
    assert c.indicator_id == "strategic_base_projects_investment"


def test_a_science_word_counts_only_in_the_figures_own_subject():
    text = "2026年，与14个国家开展科技合作，新增院士3人，居全国第7位。"
    scoped = {c.value: c.in_scope for c in extract(text)}
    assert scoped == {14: False, 3: True, 7: False}
    for c in extract(text):
        assert any(r.startswith(("in scope:", "out of scope:")) for r in c.reason)


def test_a_share_of_gdp_belongs_to_the_figure_named_before_it():
    (other,) = extract("2026年数字经济核心产业增加值占地区生产总值比重达11.2%")
    assert other.indicator_id != "rd_intensity"
    (rd,) = extract("2026年全社会研发经费占地区生产总值比重达3.4%")
    assert rd.indicator_id == "rd_intensity"


@pytest.mark.parametrize(
    "sentence",
    [
        "“十四五”以来，市场预期持续改善，高新技术企业数量达到1.2万家。",
        "五年来，我们稳预期、强信心，全社会研发经费投入增长到980亿元。",
        "过去五年，好的预期不断释放，技术合同成交额达到1500亿元以上。",
    ],
)
def test_yuqi_as_a_noun_does_not_make_a_result_a_target(sentence):
    (c,) = [c for c in extract(sentence) if c.unit != "年"]
    assert c.kind == "actual"


def test_yuqi_before_a_goal_or_a_verb_still_marks_a_target():
    for text in ("研发投入强度预期达3.5%。", "主要预期目标是：高新技术企业增长10%以上。"):
        (c,) = extract(text)
        assert c.kind == "target", text


@pytest.mark.parametrize(
    "text",
    [
        "2026年，数字经济规模突破1万亿元、达1.3万亿元。",
        "2026年，技术合同成交额突破500亿元，达到568.3亿元。",
        "2026年，全省高新技术企业超过1万家、达1.2万家。",
    ],
)
def test_a_threshold_passed_before_the_figure_reached_is_not_kept(text):
    passed, reached = extract(text)
    assert passed.comparator == ">" and not passed.in_scope
    assert reached.comparator == "=" and reached.in_scope


def test_a_threshold_followed_by_another_figure_stays():
    found = extract("2026年，技术合同成交额突破500亿元、增长12%。")
    assert [c.in_scope for c in found] == [True, True]


@pytest.mark.parametrize(
    "text",
    [
        "2026年，科技企业贷款余额超900亿元。",
        "2026年，科技型企业贷款余额增长25%。",
        "2026年，知识产权质押融资额达到120亿元。",
        "2026年，落实支持科技创新的减税降费及退税150亿元。",
    ],
)
def test_lending_and_fund_raising_are_not_science_figures(text):
    (c,) = extract(text)
    assert not c.in_scope and any("another kind" in r for r in c.reason)


def test_a_finance_figure_the_catalogue_holds_stays_in_scope():
    """S&T loans are curated (sci_tech_loans_balance): linked to the catalogue, kept."""
    (c,) = extract("2026年，科技贷款余额超9000亿元。")
    assert c.in_scope and c.indicator_id == "sci_tech_loans_balance"


@pytest.mark.parametrize(
    "text",
    [
        "2026年，某某科技城落户87个项目。",
        "2026年，某某科学城汇聚300多个科研团队。",
        "2026年，某某实验室集聚科研人员1110人。",
    ],
)
def test_what_one_park_or_laboratory_gathered_is_not_the_provinces(text):
    (c,) = extract(text)
    assert not c.in_scope


def test_a_province_wide_count_of_laboratories_stays_in_scope():
    found = extract("2026年，新增全国重点实验室5家，新增科研人员1200人。")
    assert all(c.in_scope for c in found)


def test_figures_in_the_notes_explaining_terms_are_out_of_scope():
    body = "2026年新增高新技术企业1000家。\n"
    notes = "名词解释\n1.“1520”工程：培育50家专精特新企业、100家科技型企业。\n"
    before = extract(body)
    found = extract(body + notes)
    assert [c.in_scope for c in before] == [True]
    assert [c.in_scope for c in found] == [True, False, False]
    assert "notes explaining terms" in found[-1].reason[-1]


@pytest.mark.parametrize(
    "text",
    [
        "2026年，全省雏鹰瞪羚独角兽企业达到5200家。",
        "2026年，认定雏鹰企业、瞪羚企业410户。",
        "2026年，培育“独角兽”、“瞪羚”企业200家。",
        "2026年，新增专精特新“小巨人”企业和单项冠军企业60家。",
    ],
)
def test_one_count_of_several_tiers_of_firm_is_no_tiers_figure(text):
    (c,) = extract(text)
    assert c.indicator_id == "" and not c.in_scope
    assert "several kinds of firm" in c.reason[-1]


def test_each_tier_with_its_own_number_keeps_its_figure():
    found = extract("2026年，新增瞪羚企业120家、独角兽企业3家，专精特新“小巨人”企业达到80家。")
    assert [c.in_scope for c in found] == [True, True, True]
    assert found[0].indicator_id == "gazelle_enterprises_new"


def test_a_list_after_what_one_place_gathered_is_still_that_places():
    found = extract("2026年，某实验室集聚科研人员900人、实施自主科研项目60项、转化科研成果210项。")
    assert [c.in_scope for c in found] == [False, False, False]
    found = extract("2026年，某科学城汇聚科研团队120个，全省新增科研项目300项。")
    assert [c.in_scope for c in found] == [False, True]


@pytest.mark.parametrize(
    "text", ["2026年，新建500个社区养老服务综合体。", "2026年，建好首批30个教师培养改革试点项目。"]
)
def test_a_short_alias_after_the_number_needs_the_science_words_too(text):
    (c,) = extract(text)
    assert c.indicator_id == "" and not c.in_scope
    assert any("after the number shortens" in r for r in c.reason)


def test_a_short_alias_after_the_number_links_near_its_full_name():
    (c,) = extract("推进产业创新服务综合体建设。2026年新建20个综合体。")
    assert c.indicator_id == "industry_innovation_complexes" and c.in_scope


def test_the_next_items_subject_is_not_this_figures():
    first, second = extract("2026年新建3家省级制造业创新中心和30家省级企业技术中心。")
    assert first.indicator_id != "enterprise_tech_centres_new"
    assert second.indicator_id == "enterprise_tech_centres_new"


def test_a_predicate_two_items_share_still_names_what_both_count():
    # the first item's own words say nothing; the verb after the second item counts both
    first, second = extract("2025年，120名个人和8个科技创新团队入选“珠峰英才”计划。")
    assert first.indicator_id == "provincial_talent_programme_selected" and first.in_scope
    assert second.indicator_id == "provincial_talent_programme_teams"


def test_five_years_under_a_dated_review_heading_start_after_the_plan_began():
    text = (
        "一、2026年工作回顾\n"
        "五年来，我们坚持创新驱动。技术合同成交额从900亿元增加到2600亿元，"
        "5G基站从2.1万个增加到9.8万个。\n"
    )
    got = [(c.value, c.year, c.kind) for c in extract(text)]
    assert got == [
        (900, 2021, "actual"),
        (2600, 2026, "actual"),
        (2.1, 2021, "actual"),
        (9.8, 2026, "actual"),
    ]


def test_this_year_so_far_under_a_dated_heading_is_still_the_headings_year():
    (c,) = extract("一、2026年工作回顾\n今年以来，新增高新技术企业1200家。\n")
    assert c.year == 2026


def test_a_catalogue_figure_in_the_notes_stays_with_its_own_notes_year():
    notes = (
        "名词解释\n"
        "1.“启航工程”：到2030年，新增全国重点实验室8家。\n"
        "2.“领航工程”：培育30家专精特新企业。\n"
    )
    labs, firms = extract("2026年新增高新技术企业1000家。\n" + notes)[1:]
    assert (labs.indicator_id, labs.year, labs.in_scope) == ("national_key_labs_new", 2030, True)
    assert firms.year != 2030 and not firms.in_scope


@pytest.mark.parametrize(
    "text", ["2026年，力争新增单项冠军企业30家以上。", "2025年，新增国家级单项冠军企业6户。"]
)
def test_single_champions_are_a_tier_of_science_firms(text):
    (c,) = extract(text)
    assert c.in_scope
