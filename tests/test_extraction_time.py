"""Kind and year from a document's structure and its publication date, on sentences written
for these tests (other places, years and figures than the sources)."""

from __future__ import annotations

from datetime import date

import pytest

from zjanalysis.extraction.statements import Catalogue, DocumentInfo, extract_text
from zjanalysis.extraction.timing import heading_frame, plan_period
from zjanalysis.tables.loading import load_tables

T = load_tables()
CAT = Catalogue(T.indicators, T.units, T.jurisdictions)


def extract(text, published=None, year=None):
    year = year or (published.year if published else None)
    return extract_text(text, CAT, DocumentInfo("test_doc", year, "zhejiang", published))


def when(text, published=None, year=None):
    return [(c.year, c.kind, c.value) for c in extract(text, published, year)]


def test_five_year_plans_and_headings():
    assert plan_period("十四") == (2021, 2025)
    assert plan_period("十五") == (2026, 2030)
    f = heading_frame("二、“十五五”时期的主要目标任务", 2026)
    assert (f.year, f.kind) == (2030, "target")
    f = heading_frame("一、2030年主要工作和“十五五”发展成就", 2031)
    assert (f.year, f.kind, f.period_start) == (2030, "actual", 2026)


def test_review_part_of_a_work_report_is_results_and_from_to_spans_the_plan():
    text = (
        "一、2030年主要工作和“十五五”发展成就\n"
        "全年新增高新技术企业3200家。五年来研发投入强度从3.1%提高到3.6%。\n"
        "二、2031年重点工作\n"
        "新增科技型中小企业8000家。\n"
    )
    assert when(text, date(2031, 1, 20)) == [
        (2030, "actual", 3200),
        (2025, "actual", 3.1),
        (2030, "actual", 3.6),
        (2031, "target", 8000),
    ]


def test_last_year_and_this_year_in_news_are_read_from_the_publication_date():
    text = (
        "今年全省将力争技术交易总额达到2600亿元。\n"
        "去年,全省新增省重点实验室12家,技术合同成交额预计达2400亿元,区域创新能力保持全国第3位。\n"
        "在人才方面,新引进顶尖人才35人。\n"
    )
    found = extract(text, date(2027, 2, 10))
    got = [(c.year, c.kind, c.value, c.indicator_id) for c in found]
    assert got == [
        (2027, "target", 2600, "tech_trade_value"),
        (2026, "actual", 12, "provincial_key_labs_new"),
        (2026, "estimate", 2400, "tech_contract_value"),
        (2026, "actual", 3, "regional_innovation_rank"),
        (2026, "actual", 35, "top_talents_new"),  # the topic 去年 carries to the next paragraph
    ]


def test_a_situation_report_without_a_date_line_is_results():
    text = (
        "2029年宁波市科技工作基本情况\n"
        "2029年,全市科技系统深入实施创新驱动战略。全年研发经费支出880.5亿元,占GDP比重3.05%。\n"
        "一、平台建设取得突破\n新认定高新技术企业640家。\n"
    )
    found = extract(text, year=2029)
    assert [(c.year, c.kind, c.indicator_id) for c in found] == [
        (2029, "actual", "rd_expenditure"),
        (2029, "actual", "rd_intensity"),
        (2029, "actual", "hitech_enterprises_new"),
    ]


def test_an_estimate_without_a_year_is_about_the_year_just_ended():
    text = "预计全省规上工业企业研发费用达2100亿元,同比增长9.5%。"
    assert when(text, date(2028, 1, 15)) == [(2027, "estimate", 2100), (2027, "estimate", 9.5)]


def test_estimate_governs_its_clause_and_a_later_year_starts_a_new_segment():
    text = "2027年全省研发经费预计达2500亿元,2028年研发经费增长目标12%以上。"
    assert when(text, date(2028, 2, 1)) == [(2027, "estimate", 2500), (2028, "target", 12)]
    text = "去年研发投入强度预计达3.4%,区域创新能力继续保持全国第2位。"
    assert when(text, date(2028, 2, 1)) == [(2027, "estimate", 3.4), (2027, "actual", 2)]


def test_a_year_before_publication_is_a_result_even_with_achievement_verbs():
    text = "2026年全省实现技术合同成交额3100亿元。"
    assert when(text, date(2027, 3, 1)) == [(2026, "actual", 3100)]


def test_since_and_now_are_the_publication_year():
    text = "2025年以来,支持该市建设重点实验室2家。目前已建成博士创新站6家。"
    assert when(text, date(2026, 8, 1)) == [(2025, "actual", 2), (2026, "actual", 6)]


def test_this_year_under_a_dated_summary_heading_is_the_heading_year():
    text = "一、2029年主要工作\n今年以来,新认定高新技术企业900家。\n"
    assert when(text, date(2030, 1, 18)) == [(2029, "actual", 900)]


def test_plan_words_announce_a_part_only_as_the_heading_s_last_word():
    text = "2031年工作要点\n建立以成效为导向的评价机制\n新建新型研发机构25家。\n"
    assert when(text, date(2031, 3, 1)) == [(2031, "target", 25)]


# whose number: lists, shared numbers, ratios and year-on-year changes


def test_ratio_after_an_amount_and_growth_after_a_subject():
    text = "2030年,全年研发经费支出990.6亿元,占GDP比重3.15%;技术交易总额820亿元,同比增长12.5%。"
    found = extract(text, date(2031, 2, 1))
    assert [(c.indicator_id, c.value, c.kind) for c in found] == [
        ("rd_expenditure", 990.6, "actual"),
        ("rd_intensity", 3.15, "actual"),
        ("tech_trade_value", 820, "actual"),
        ("tech_trade_value_growth", 12.5, "actual"),
    ]


def test_respectively_maps_values_onto_the_subjects_listed_before():
    text = "去年,战略性新兴产业、高新技术产业增加值分别增长8.8%、6.1%。"
    found = extract(text, date(2029, 1, 20))
    assert [(c.indicator_id, c.value, c.year) for c in found] == [
        ("strategic_emerging_value_added_growth", 8.8, 2028),
        ("hitech_value_added_growth", 6.1, 2028),
    ]


def test_respectively_in_brackets_refers_to_figures_just_stated():
    text = "一、2027年工作总结\n新认定高新技术企业5120家、科技型中小企业14800家(年度目标分别为4500家、12000家)。"
    found = extract(text, date(2028, 2, 1))
    assert [(c.indicator_id, c.value, c.kind) for c in found] == [
        ("hitech_enterprises_new", 5120, "actual"),
        ("tech_smes_new", 14800, "actual"),
        ("hitech_enterprises_new", 4500, "target"),
        ("tech_smes_new", 12000, "target"),
    ]


def test_one_number_for_two_subjects_gives_two_candidates():
    found = extract("2029年,知识产权和专利综合实力均居全国第7位。", year=2029)
    assert [(c.indicator_id, c.value) for c in found] == [
        ("ip_composite_strength_rank", 7),
        ("patent_composite_strength_rank", 7),
    ]


# surface forms


def test_ranks_in_chinese_numerals_and_within_the_first_n():
    found = extract(
        "区域创新能力由全国第九位上升至第六位,力争进入全国前五。", date(2031, 2, 1), 2030
    )
    assert [(c.value, c.comparator, c.unit) for c in found] == [
        (9, "=", "位"),
        (6, "=", "位"),
        (5, "<=", "位"),
    ]
    assert [c.year for c in found[:2]] == [2029, 2030]  # 由A上升至B: A is the year before
    assert extract("人才数量稳居全国第一方阵。", year=2030) == []


def test_more_than_and_junk_inside_a_figure():
    more = extract("新引进博士后1500多人。", year=2030)
    assert [(c.value, c.comparator, c.unit) for c in more] == [(1500, ">", "人")]
    junk = extract("力争研发投入强度达3.6最新资料免费下载%左右。", year=2030)
    assert [(c.value, c.comparator, c.unit) for c in junk] == [(3.6, "~", "%")]
    assert junk[0].quote == "力争研发投入强度达3.6最新资料免费下载%左右"


# files without an origin record: --published, the date line, HTML pages


def test_a_new_file_is_read_against_its_publication_date(tmp_path):
    from zjanalysis.extraction.extract import extract_file

    path = tmp_path / "city-news.txt"
    path.write_text("去年全市新增高新技术企业420家。今年力争新增480家。\n", encoding="utf-8")
    got = [
        (r["year"], r["kind"], r["value"]) for r in extract_file(path, published=date(2029, 2, 3))
    ]
    assert got == [(2028, "actual", 420), (2029, "target", 480)]
    dated = tmp_path / "dated.txt"
    dated.write_text(
        "发布日期:2029-02-03 浏览次数:\n去年全市新增高新技术企业420家。\n", encoding="utf-8"
    )
    assert [(r["year"], r["kind"]) for r in extract_file(dated)] == [(2028, "actual")]


def test_an_html_page_is_read_as_its_text(tmp_path):
    from zjanalysis.extraction.extract import extract_file

    page = tmp_path / "news.html"
    page.write_text(
        "<html><head><title>某市科技工作会议</title><script>var n = 99;</script></head><body>"
        "<div class='nav'>首页 &gt; 新闻</div><p>发布时间：2030-01-25</p>"
        "<p>去年,全市技术交易总额达到<b>315亿元</b>,同比增长14.2%。</p>"
        "<p>今年,全市将力争新认定高新技术企业<span>600</span>家。</p></body></html>",
        encoding="utf-8",
    )
    rows = extract_file(page)
    assert [(r["year"], r["kind"], r["value"], r["unit"]) for r in rows] == [
        (2029, "actual", 315, "亿元"),
        (2029, "actual", 14.2, "%"),
        (2030, "target", 600, "家"),
    ]
    assert rows[0]["quote"] == "全市技术交易总额达到315亿元"


# catalogue and scope


def test_subjects_with_a_verb_or_bracket_inside_are_still_linked():
    text = (
        "2030年,全省研究与试验发展(R&D)经费投入2300亿元;高新技术产业实现增加值1.4万亿元,"
        "同比增长11.5%;高新技术企业从3.1万家增加到3.9万家。"
    )
    found = extract(text, date(2031, 1, 25))
    assert [c.indicator_id for c in found] == [
        "rd_expenditure",
        "hitech_value_added",
        "hitech_value_added_growth",
        "hitech_enterprises_total",  # 从…增加到: a stock, not new firms
        "hitech_enterprises_total",
    ]


def test_a_mixed_report_marks_which_candidates_are_science_and_technology():
    text = (
        "2030年,全省生产总值增长5.8%,居民人均可支配收入增长5.1%;新认定高新技术企业5500家,"
        "新增海外科研飞地12个,新建城市书房300家。"
    )
    found = extract(text, date(2031, 1, 25))
    assert [(c.value, c.indicator_id, c.in_scope) for c in found] == [
        (5.8, "", False),
        (5.1, "", False),
        (5500, "hitech_enterprises_new", True),
        (12, "", True),  # not in the catalogue, but a research subject: kept for review
        (300, "", False),
    ]


def test_respectively_after_figures_and_a_change_of_a_share():
    text = (
        "全年新认定高新技术企业3900家、科技型中小企业1.1万家,分别比上年增长7.5%、9.3%。"
        "预计研发投入强度达3.2%,较上年提高0.12个百分点。"
    )
    found = extract(text, date(2030, 1, 22))
    assert [(c.indicator_id, c.year, c.kind, c.value) for c in found] == [
        ("hitech_enterprises_new", 2029, "actual", 3900),
        ("tech_smes_new", 2029, "actual", 1.1),
        ("hitech_enterprises_growth", 2029, "actual", 7.5),
        ("tech_smes_growth", 2029, "actual", 9.3),
        ("rd_intensity", 2029, "estimate", 3.2),
        ("rd_intensity", 2029, "estimate", 0.12),
    ]


def test_a_horizon_opening_a_paragraph_dates_the_aims_after_it():
    text = (
        "一、主要目标\n到2029年,全市创新能力显著增强。全社会研发投入强度达到3.6%以上,"
        "科技型中小企业达到3万家。2027年,技术合同成交额达到500亿元。\n"
    )
    found = extract(text, date(2027, 3, 1))
    assert [(c.year, c.kind, c.value, c.indicator_id) for c in found] == [
        (2029, "target", 3.6, "rd_intensity"),
        (2029, "target", 3, "tech_smes_total"),  # 达到3万家: how many there are
        (2027, "target", 500, "tech_contract_value"),
    ]


def test_a_rate_above_another_rate_is_a_relative_aim():
    found = extract(
        "今年,确保高新技术产业投资增速高于全部投资增速,研发投入强度达3.4%。", date(2030, 2, 1)
    )
    assert [(c.comparator, c.value, c.unit, c.indicator_id, c.year) for c in found] == [
        ("relative", None, "", "hitech_investment_growth", 2030),
        ("=", 3.4, "%", "rd_intensity", 2030),
    ]


@pytest.mark.parametrize(
    ("ordinal", "end"),
    [("十一", 2010), ("十三", 2020), ("十五", 2030), ("十六", 2035), ("十九", 2050)],
)
@pytest.mark.parametrize(
    "phrase",
    ["到“{p}五”末,", "“{p}五”期末,", "到{p}五末,", "“{p}五”时期,", "“{p}五”期间,"],
)
def test_every_plan_phrase_gives_the_plans_last_year(ordinal, end, phrase):
    """Each way a text names a plan's end or period (十一五 … 十九五) dates its figures."""
    text = phrase.format(p=ordinal) + "全省研发投入强度达到3.2%。"
    assert [year for year, _, _ in when(text, date(2026, 2, 1))] == [end]


def test_one_reading_of_chinese_numerals_for_values_quotes_and_plans():
    """Extraction and validation read a numeral the same way: a sequence of digits (二〇二〇)
    is the number it spells, not its last digit."""
    from zjanalysis.extraction.quantities import find_quantities
    from zjanalysis.tables.quotes import states_value

    for words, value in [("二〇二〇", 2020), ("三五", 35), ("两千", 2000), ("三百五十", 350)]:
        (q,) = find_quantities(f"新增{words}家")
        assert q.value == value and states_value(f"新增{words}家", value)
    assert plan_period("十五") == (2026, 2030)


@pytest.mark.parametrize(
    ("words", "value"),
    [("百分之三", 3), ("百分之三点二", 3.2), ("三分之一", 33.3), ("1/3", 33.3)],
)
def test_shares_in_words_and_fractions_are_candidates(words, value):
    text = f"到2027年,规上工业企业研发机构设置率达到{words}。"
    (c,) = extract(text, date(2026, 2, 1))
    assert (c.value, c.unit, c.year) == (value, "%", 2027)
    from zjanalysis.tables.quotes import states_value

    assert states_value(c.quote, value)
