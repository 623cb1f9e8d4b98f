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


def _origin(data_dir: Path) -> Path:
    return data_dir / "raw" / "origin.yaml"


def _refused(data_dir: Path) -> str:
    from zjanalysis.errors import TableError

    with pytest.raises(TableError) as err:
        load_tables(data_dir)
    return str(err.value)


def test_every_recorded_run_holds_its_text_and_every_found_run_is_recorded():
    t = load_tables()
    for rec in t.origin:
        text = t.raw_text(rec["document_id"])
        recorded = rec.get("injected", [])
        for run in recorded:
            assert text[run.start : run.end] == run.text
        for run in find_injected(text):
            assert any(r.start <= run.start and run.end <= r.end for r in recorded), run
    # the two founding copies with spam, and Tibet's report with a newspaper page-jump note
    assert set(t.injected) == {
        "zj_2025_gov_report_news",
        "zj_2020_new_deal_rectification",
        "xz_2026_gov_work_report",
    }


def test_an_unrecorded_run_is_refused(data_copy):
    path = _origin(data_copy)
    text = path.read_text(encoding="utf-8")
    start = text.index("  injected:\n    - {start: 19, end: 32")
    end = text.index("\n", text.index("\n", start) + 1) + 1
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    message = _refused(data_copy)
    assert "zj_2025_gov_report_news: injected text at 19–32" in message
    assert "not recorded in injected" in message


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("{start: 19, end: 32", "{start: 18, end: 31", "is not '澳门天天彩正版免费全年资料'"),
        ("end: 32, kind: advert", "end: 32, kind: spam", "an injected run is not"),
        ("end: 32, kind: advert", "end: 32, sort: advert", "an injected run is not"),
    ],
)
def test_a_malformed_or_misplaced_record_is_refused(data_copy, old, new, expected):
    path = _origin(data_copy)
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    message = _refused(data_copy)
    assert expected in message and "origin.yaml, line" in message


def test_a_number_only_the_advert_states_is_refused(data_copy):
    """The clinic advert's link holds digits: a value read from it is not the source's."""
    targets = data_copy / "processed" / "targets.csv"
    row = (
        "zz-01,zj_2020_new_deal_rectification,总体要求,zhejiang,rd_intensity,2020,target,=,"
        "39,,%,治白癜风\u00a0http://pf.39.net,,,,,\n"
    )
    targets.write_text(targets.read_text(encoding="utf-8") + row, encoding="utf-8")
    assert "39 is not stated in its quote" in _refused(data_copy)


def test_the_clean_statement_of_a_figure_comes_first(data_copy):
    targets = data_copy / "processed" / "targets.csv"
    text = targets.read_text(encoding="utf-8")
    text = text.replace("资料%左右,,repeated,,zgrn25-02,", "资料%左右,,,,,")
    text = text.replace("达3.3%左右,,,,,curated", "达3.3%左右,,repeated,,zgrn25-01,curated")
    targets.write_text(text, encoding="utf-8")
    message = _refused(data_copy)
    assert "zgrn25-01's quote carries injected text and zgrn25-02 states" in message


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_quotes_are_shown_with_the_run_elided_and_marked(lang):
    from zjanalysis.tables.quotes import injected_marker

    t = load_tables()
    shown = t.quotes_shown(t.targets, lang)
    run = t.injected["zj_2025_gov_report_news"][0].text
    marker = injected_marker(lang)
    assert shown["zgrn25-01"] == f"浙江目标今年研发投入强度达3.3{marker}%左右"
    assert not shown.str.contains(run, regex=False).any()
    changed = shown != t.targets["quote"]
    assert list(shown.index[changed]) == ["zgrn25-01"]  # every other quote as curated


def test_views_cite_the_clean_statement_of_a_figure():
    from zjanalysis import series

    s = series("rd_intensity", year_from=2025, year_to=2025)
    target = s[(s["kind"] == "target") & (s["document_id"] == "zj_2025_gov_report_news")]
    assert list(target["quote"]) == ["该省将力争全年研发投入强度达3.3%左右"]


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_spam_reposts_profile_prints_no_advert(tmp_path, lang):
    """PDF and workbook of the repost's profile: the quote elided and marked, the copy named
    a spam repost, the advert nowhere."""
    from pypdf import PdfReader

    from zjanalysis.reports.document_profile import document_profile_report
    from zjanalysis.reports.output import write_outputs
    from zjanalysis.tables.quotes import injected_marker

    content = document_profile_report("zj_2025_gov_report_news", lang)
    pdf = next(p for p in write_outputs(content, tmp_path, "x") if p.suffix == ".pdf")
    text = "".join("".join(page.extract_text().split()) for page in PdfReader(pdf).pages)
    run = load_tables().injected["zj_2025_gov_report_news"][0].text
    assert run not in text and run[:6] not in text and run[-6:] not in text
    marker = injected_marker(lang)
    assert "3.3" + "".join(marker.split()) + "%左右" in text
    assert "".join(content.notes[-1].split()) in text
    assert ("spam repost" if lang == "en" else "垃圾网站的转载") in content.notes[-1]
    assert not content.data["quote"].str.contains(run, regex=False).any()
