"""Normalisation keeps a map back to raw offsets; defects are marked, not hidden."""

from __future__ import annotations

import pytest

from zjanalysis.extraction.normalise import normalise, to_halfwidth, to_simplified
from zjanalysis.tables.loading import load_tables


def test_traditional_to_simplified_and_pinyin_removed():
    doc = normalise("推動高質量發(fā)展建設共同富裕示範區(qū)")
    assert doc.text == "推动高质量发展建设共同富裕示范区"


def test_pinyin_kept_when_not_after_a_chinese_character_or_uppercase():
    doc = normalise("全社会研发投入(R&D)和国家科技委员会(NSTC) (fā)")
    assert "(R&D)" in doc.text and "(NSTC)" in doc.text and "(fā)" in doc.text


def test_fullwidth_digits_and_punctuation():
    assert to_halfwidth("达２.８％，新增１２０家；") == "达2.8%,新增120家;"
    assert to_simplified("技術") == "技术"


def test_offset_map_points_back_to_raw_text():
    raw = "各年均增長12%,高新技術企業(yè)數(shù)增長"
    doc = normalise(raw)
    for target in ("12%", "高新技术企业数", "增长"):
        start = doc.text.rfind(target)
        a, b = doc.raw_span(start, start + len(target))
        assert normalise(raw[a:b]).text == target


def test_offsets_on_the_real_traditional_document():
    t = load_tables()
    raw = t.raw_text("zj_2022_common_prosperity_plan")
    doc = normalise(raw)
    start = doc.text.find("山区26县技术交易总额")
    a, b = doc.raw_span(start, start + len("山区26县技术交易总额"))
    assert raw[a:b] == "山區(qū)26縣技術交易總額"


def test_mojibake_run_is_marked():
    t = load_tables()
    doc = normalise(t.raw_text("zj_2022_common_prosperity_plan"))
    assert doc.mojibake, "the ??萍疾坑 run in 保障措施 is found"
    a, b = doc.mojibake[0]
    assert "?" in doc.text[a:b]
    assert not normalise(t.raw_text("sx_2018_work_points")).mojibake


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (
            "中药清热解毒治白癜风 http://pf.39.net/bdfyy/zjdy/150516/4624571.html",
            "spam or link line",
        ),
        ("  • 平台介绍", "navigation"),
        ("您当前位置:首页政策资讯政策资讯详情", "navigation"),
        ("转载请注明地址:http://www.sanfensana.com/sstx/5701.html", "navigation"),
        ("速看省科技领导小组办公室印发ldq", "spam title"),
    ],
)
def test_navigation_and_spam_lines_are_excluded(line, reason):
    doc = normalise(f"正文第一句。\n{line}\n新增高新技术企业100家。")
    start = doc.text.find(normalise(line).text.strip()[:4])  # (spaces by Chinese text go)
    assert doc.is_excluded(start) == reason
    assert doc.is_excluded(doc.text.find("新增")) is None
