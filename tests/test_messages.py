"""One language per report, from one catalogue; changes and revisions compare like with like."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from zjanalysis import messages, paths
from zjanalysis.analysis.attainment import attainment_table
from zjanalysis.analysis.overview import overview_table
from zjanalysis.analysis.progress import path_to
from zjanalysis.analysis.revisions import revisions_table
from zjanalysis.analysis.series import series, vintages
from zjanalysis.analysis.trend import trend_table
from zjanalysis.reports.document_profile import document_profile_report
from zjanalysis.reports.indicator_trend import indicator_trend_report
from zjanalysis.reports.jurisdiction_overview import jurisdiction_overview_report
from zjanalysis.reports.province_comparison import province_comparison_report
from zjanalysis.reports.province_targets import province_targets_report
from zjanalysis.reports.target_attainment import target_attainment_report
from zjanalysis.reports.vintage_revisions import vintage_revisions_report
from zjanalysis.tables.loading import load_tables

CJK = re.compile(r"[\u3400-\u9fff]")
# where Chinese may stand in an English report: quotes, document titles, glosses in brackets
QUOTED = re.compile(r"「[^」]*」|“[^”]*”|《[^》]*》|\([^()]*[\u3400-\u9fff][^()]*\)")
# what may stand in Latin letters in a Chinese report: ids, file names, paths, md5 sums, units
CODES = re.compile(r"\S*[_/.@]\S*|\b[0-9a-f]{32}\b|R&D|GDP|\bpp\b|E?FLOPS|Eflops")
WORD = re.compile(r"[A-Za-z]{2,}")


def units() -> list[str]:
    return list(load_tables().units.index)


def test_catalogues_hold_every_message_and_only_those():
    assert messages.problems(units()) == []


def test_every_message_is_marked_where_the_extractor_finds_it():
    """A literal passed through ``translator(lang)(...)`` is invisible to Babel's extractor:
    the code calls ``_`` (or ``N_`` where a message is defined)."""
    package = Path(messages.__file__).parent
    hidden = [
        f"{p.relative_to(package)}:{i}"
        for p in package.rglob("*.py")
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"translator\([^)]*\)\(\s*[\"']", line)
    ]
    assert hidden == []


def test_both_catalogues_translate_the_same_templates():
    """A template's placeholders are the same in both languages, so .format never fails."""
    zh, en = messages.read_catalogue("zh"), messages.read_catalogue("en")
    names = re.compile(r"\{(\w*)\}")
    for m in zh:
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        wanted = set(names.findall(ids[0]))
        for s in strings:
            assert set(names.findall(s)) == wanted, m.id
        assert en.get(m.id, m.context) is not None


def test_units_are_written_in_the_report_language():
    from zjanalysis.tables.formatting import format_value

    assert format_value(865.7, None, "=", "亿元", lang="zh") == "865.7亿元"
    assert format_value(865.7, None, "=", "亿元", lang="en") == "865.7 CNY 100 million"
    assert format_value(3.5, None, ">=", "%", lang="en") == "≥3.5%"
    assert not CJK.search(format_value(40, 45, "range", "家", lang="en"))


def report_texts(content):
    """Every text a reader meets in a report, but the documents' own words (quotes, sections)."""
    yield "title", content.title
    yield from (("sentence", s) for s in content.sentences)
    yield from (("note", s) for s in content.notes)
    yield from (("header", str(c)) for c in content.summary.columns)
    for col in content.summary.columns:
        yield from ((f"cell {col}", v) for v in content.summary[col] if isinstance(v, str))
    if content.chart is not None:
        yield "chart title", content.chart.title
        if content.chart.kind in ("counts", "attainment", "revisions"):
            table, _colors = content.chart.table()
            yield from (("chart series", str(c)) for c in table.columns)
            yield "chart axis", str(table.index.name or "")


def sample_reports():
    t = load_tables()
    return [
        (indicator_trend_report, {"indicator_id": "rd_intensity"}),
        (indicator_trend_report, {"indicator_id": "rd_expenditure"}),
        (jurisdiction_overview_report, {"jurisdiction_id": "zhejiang", "year": 2020}),
        (target_attainment_report, {"jurisdiction_id": "zhejiang"}),
        (target_attainment_report, {"jurisdiction_id": "shaoxing"}),
        (province_comparison_report, {"indicator_id": "rd_intensity", "year": 2023}),
        (vintage_revisions_report, {"jurisdiction_id": "zhejiang"}),
        (province_targets_report, {"indicator_id": "rd_intensity"}),
        (province_targets_report, {"indicator_id": "hitech_enterprises_total"}),
        *[(document_profile_report, {"document_id": d}) for d in t.documents.index],
    ]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_report_speaks_one_language(lang):
    """No Chinese outside quotes, titles and glosses in English reports; no English words
    outside ids and codes in Chinese ones."""
    wrong = []
    for build, params in sample_reports():
        content = build(lang=lang, **params)
        for where, text in report_texts(content):
            rest = QUOTED.sub("", text) if lang == "en" else CODES.sub("", text)
            if CJK.search(rest) if lang == "en" else WORD.search(rest):
                wrong.append(f"{content.name} {params} {where}: {text[:80]}")
    assert wrong == []


def test_the_schedule_builds_every_report_type_in_both_languages():
    manifest = yaml.safe_load((paths.REPORTS_DIR / "schedule.yaml").read_text(encoding="utf-8"))
    langs: dict[str, set] = {}
    for job in manifest["jobs"]:
        fixed = job.get("params", {}).get("lang")
        langs.setdefault(job["notebook"], set()).update(
            [fixed] if fixed else job.get("matrix", {}).get("lang", [])
        )
    notebooks = {p.stem for p in paths.NOTEBOOKS_DIR.glob("*.ipynb")} - {"explore"}
    assert set(langs) == notebooks
    assert all(v == {"zh", "en"} for v in langs.values()), langs


def test_every_change_compares_one_vintage():
    t = load_tables()
    for indicator in t.indicators.index[t.indicators.index.isin(t.targets["indicator_id"])]:
        tt = trend_table(indicator)
        compared = tt[tt["previous_vintage"].notna()]
        same = compared["previous_vintage"] == compared["vintage"]
        restated = (compared["vintage"] == "revised") & (compared["previous_vintage"] == "final")
        assert (same | restated).all(), indicator
        assert compared["change"].notna().all()
    for year in (2019, 2020, 2023):
        ov = overview_table("zhejiang", year)
        for _, r in ov[ov["previous_figure"].notna()].iterrows():
            earlier = series(r["indicator_id"], "zhejiang", year_to=year - 1)
            assert r["vintage"] in set(earlier["vintage"])


def test_a_restated_final_figure_is_a_revision():
    """A final figure stated again later with another value is ``revised`` in the series,
    listed by the revisions report, and never a second "final" of its year."""
    t = load_tables()
    rep = t.targets[t.targets["kind"] == "actual"]
    v = vintages(rep, t.documents, revisions=True)
    revised = rep[v == "revised"]
    assert len(revised)  # the record holds restatements (e.g. after the 2023 census)
    rev = revisions_table()
    listed = set(
        zip(
            rev.loc[rev["later_vintage"] == "revised", "later_document_id"],
            rev.loc[rev["later_vintage"] == "revised", "year"],
            strict=True,
        )
    )
    for _, r in revised.iterrows():
        assert (r["document_id"], r["year"]) in listed
        s = series(r["indicator_id"], r["jurisdiction_id"])
        finals = s[(s["year"] == r["year"]) & (s["vintage"] == "final")]
        assert len(set(finals["value_std"])) <= 1


def test_a_target_is_never_judged_met_by_its_own_document():
    at = attainment_table(None)
    met = at[at["status"].isin(["achieved", "achieved_early"]) & at["outcome_document_id"].notna()]
    assert len(met)
    assert (met["outcome_document_id"] != met["document_id"]).all()


def test_a_projection_follows_the_recent_direction():
    falling = pd.Series([9.0, 7.5, 6.0, 4.0], index=[2021, 2022, 2023, 2024])
    for measure in ("growth_rate", "share", "level"):
        path = path_to(2027, 8.0, falling, measure)
        assert path.projection <= falling.iloc[-1], measure
    rising = pd.Series([4.0, 6.0, 7.5, 9.0], index=[2021, 2022, 2023, 2024])
    assert path_to(2027, 8.0, rising, "growth_rate").projection >= 9.0
