"""Injected text (adverts, page furniture) is found by general rules and recorded per document."""

from __future__ import annotations

from pathlib import Path

import pytest

from zjanalysis import paths
from zjanalysis.sources.injected import find_injected
from zjanalysis.tables.loading import load_tables

SHARED = paths.ROOT.parent / "shared" / "sources"


@pytest.mark.parametrize(
    ("sentence", "run", "kind"),
    [
        # lottery advert between a number and its per-cent sign
        ("全年研发投入强度达2.9六合彩开奖结果今晚%以上。", "六合彩开奖结果今晚", "advert"),
        # lottery advert with digits inside, between a number and a measure word
        ("新增高新技术企业1200新澳门2024年正版免费公开家。", "新澳门2024年正版免费公开", "advert"),
        # an advert between words, no number around it
        ("全省技术交易额管家婆一码一肖100%准确达到800亿元。", "管家婆一码一肖100%准确", "advert"),
        # site promotion after a clause
        ("科技进步贡献率达65%,加微信领取免费资料,新增企业4000家。", "加微信领取免费资料", "advert"),
        # a clinic advert line with its link
        ("正文。\n治白癜风哪家好 http://ad.example.com/x.html\n新增100家。", None, "advert"),
        # words with no advert vocabulary between a number and its %
        ("研发经费增长12某某网络科技有限公司%以上。", "某某网络科技有限公司", "spliced"),
        ("高于全国平均1.5abcxyz个百分点。", "abcxyz", "spliced"),
        # newspaper page-jump notes, two in a row
        (
            "推进产业升级（下转第3版）（上接第1版）取得新成效。",
            "（下转第3版）（上接第1版）",
            "page_marker",
        ),
        ("建设科创走廊(转A2版)。", "(转A2版)", "page_marker"),
    ],
)
def test_injected_runs_are_found(sentence, run, kind):
    found = find_injected(sentence)
    assert len(found) == 1, found
    expected = run or "治白癜风哪家好 http://ad.example.com/x.html"
    assert (found[0].text, found[0].kind) == (expected, kind)
    assert sentence[found[0].start : found[0].end] == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "深化粤港澳大湾区合作,加强与香港、澳门的科技交流。",
        "发行福利彩票和体育彩票,规范彩票投注站管理。",
        "推进“一码通”,企业办事一码通行,打击跨境赌博。",
        "研发投入强度提高0.1个百分点,增长5.5%左右,占比达2.8%。",
        "比上年提高个百分点,力争年增长%。",  # digits lost in scraping are no injection
        "2025年增长8%,第4位,5年累计提高1.2个百分点,免费开放资料下载。",
        "天天向上,新增全国重点实验室18家,公开发布最新成果110项。",
    ],
)
def test_clean_sentences_have_no_injected_text(sentence):
    assert find_injected(sentence) == []


def _documents(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*") if p.suffix in (".txt", ".html"))


def test_the_spam_repost_run_is_found():
    t = load_tables()
    text = t.raw_text("zj_2025_gov_report_news")
    runs = find_injected(text)
    assert [r.text for r in runs] == ["澳门天天彩正版免费全年资料"]
    assert text[runs[0].start - 3 : runs[0].end + 1] == "3.3" + runs[0].text + "%"


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared/sources not beside this checkout")
def test_nothing_is_found_in_the_clean_sources():
    """Every shared source but the three with injected text (README: a spam repost, a spam
    site's repost with a clinic advert, a newspaper page-jump note) yields nothing."""
    found = {p.name: find_injected(p.read_text(encoding="utf-8")) for p in _documents(SHARED)}
    with_runs = {name: [r.kind for r in runs] for name, runs in found.items() if runs}
    assert with_runs == {
        "zj-2025-gov-work-report-rd-news.txt": ["advert"],
        "zj-2020-sci-tech-new-deal-rectification-plan.txt": ["advert"],
        "xz-2026-gov-work-report.txt": ["page_marker"],
    }
    assert len(found) > 40
