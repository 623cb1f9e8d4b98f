"""The index of published reports: titles in each report's language, grouped, filterable,
ad-hoc reports included, every text escaped."""

from __future__ import annotations

import json

import openpyxl

from zjanalysis.running.index import write_index


def publish(root, name, slug, params, title, lang):
    folder = root / name / slug
    folder.mkdir(parents=True)
    (folder / "params.json").write_text(json.dumps({"report": name, "params": params}))
    about = {"report": name, "title": title, "lang": lang, "params": params}
    (folder / "report.json").write_text(json.dumps(about, ensure_ascii=False), encoding="utf-8")
    (folder / f"{slug}.pdf").write_bytes(b"%PDF-1.4\n")
    return folder


def test_index_lists_ad_hoc_reports_by_title_grouped_and_escaped(tmp_path):
    publish(
        tmp_path,
        "target_attainment",
        "zhejiang_all_all_zh",
        {"jurisdiction_id": "zhejiang", "lang": "zh"},
        "浙江省目标完成情况",
        "zh",
    )
    publish(
        tmp_path,
        "indicator_trend",
        "rd_intensity_en",
        {"indicator_id": "rd_intensity", "lang": "en"},
        "R&D intensity <b>targets</b>",
        "en",
    )
    (tmp_path / "indicator_trend" / "_failed").mkdir()
    write_index([], {}, tmp_path)
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "浙江省目标完成情况" in page and "浙江省" in page  # title and place in Chinese
    assert "R&amp;D intensity &lt;b&gt;targets&lt;/b&gt;" in page and "<b>targets" not in page
    assert page.index("目标完成情况 · Target attainment") < page.index(
        "指标趋势 · Indicator trends"
    )
    assert page.count("ad hoc (zja report)") == 2
    assert 'href="target_attainment/zhejiang_all_all_zh/zhejiang_all_all_zh.pdf"' in page
    assert '<input id="q"' in page and "<script>" in page and "src=" not in page  # no CDN
    ws = openpyxl.load_workbook(tmp_path / "index.xlsx")["Reports"]
    titles = [c.value for c in ws["B"][1:]]
    assert sorted(titles) == ["R&D intensity <b>targets</b>", "浙江省目标完成情况"]


def test_text_in_attributes_stays_text(tmp_path):
    """A place (here an unknown id, shown as it is) sits in an attribute of the page: quotes
    in it cannot close the attribute, nor markup open an element."""
    publish(
        tmp_path,
        "jurisdiction_overview",
        "odd",
        {"jurisdiction_id": '"><script>alert(1)</script>', "lang": "en"},
        "Overview 'quoted'",
        "en",
    )
    write_index([], {}, tmp_path)
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert page.count("<script>") == 1  # the filter's own
    assert 'data-place="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page
    assert "Overview &#39;quoted&#39;" in page


def test_every_report_type_has_its_heading_in_both_languages():
    """Each notebook a build can run is grouped under a Chinese and an English heading (a
    type without one showed its bare name, province_targets · province_targets)."""
    from zjanalysis.running.index import REPORT_TYPES
    from zjanalysis.running.notebook import available

    assert set(available()) - {"explore"} <= set(REPORT_TYPES)
    for zh, en in REPORT_TYPES.values():
        assert any("\u4e00" <= ch <= "\u9fff" for ch in zh) and en.isascii() and zh != en
