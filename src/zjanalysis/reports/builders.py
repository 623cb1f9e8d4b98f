"""Building the content of each report from the curated tables (one function per notebook)."""

from __future__ import annotations

import re

import pandas as pd

from zjanalysis.analysis.attainment import attainment_table
from zjanalysis.analysis.overview import overview_table
from zjanalysis.analysis.profile import flag_counts, profile_table, provenance, section_counts
from zjanalysis.analysis.series import in_indicator_units
from zjanalysis.analysis.trend import summary_sentences, trend_table
from zjanalysis.reports.content import ChartSpec, ReportContent, data_fingerprint, fold_rows
from zjanalysis.tables.formatting import (
    KIND_LABELS,
    STATUS_LABELS,
    VINTAGE_LABELS,
    counted,
    format_frame,
    format_value,
    number,
)
from zjanalysis.tables.loading import load_tables
from zjanalysis.tables.schema import DATA_SHEET_COLUMNS

THEME_LABELS = {
    "rd_input": ("研发投入", "R&D input"),
    "enterprises": ("创新主体", "Enterprises"),
    "platforms": ("创新平台", "Platforms"),
    "projects": ("科技项目", "Projects"),
    "transfer": ("成果转化", "Technology transfer"),
    "industry": ("高新产业", "High-tech industry"),
    "finance": ("科技金融", "Finance"),
    "talent": ("科技人才", "Talent"),
    "ranking": ("区域创新", "Rankings"),
    "governance": ("督查整改", "Governance"),
}
FLAG_NOTES = {
    "missing_number": (
        "数字缺失：来源抓取时数字被删去，数值留空，未作推测。",
        "missing_number: the source lost the digits in scraping; the value is left empty, never guessed.",
    ),
    "missing_year": (
        "年份缺失：来源中年份数字被删去，年份取自文件所属时期。",
        "missing_year: the year digits are stripped in the source; the year is the document's period.",
    ),
    "relative": (
        "相对目标：以其他数值为参照（如超全省平均），没有具体数字。",
        "relative: stated against another figure (e.g. above the provincial average), without a number of its own.",
    ),
    "cumulative": ("累计数。", "cumulative: a running total (累计)."),
    "annual_average": (
        "年均增速，适用于整个规划期。",
        "annual_average: an average yearly rate over the plan period.",
    ),
}


FOLD_AT_MOST = 3  # more targets without data than this read as one group in the PDF


def _lang_index(lang: str) -> int:
    return 0 if lang == "zh" else 1


REPORTED_LABELS = ("实际/预计", "results and estimates")  # a count of actual and 预计 figures


TASK_NOTE = re.compile(r"task (\d+) \((.+)\)")  # how notes name a plan's numbered task


def _with_task(names: pd.Series, target_ids: pd.Series, t, lang: str = "en") -> pd.Series:
    """Indicator names, each deadline followed by its task (from ``note``, else the section):
    eight rectification deadlines read apart, not as eight identical rows."""
    rows = t.targets.loc[target_ids.to_numpy()]
    deadline = rows["indicator_id"].map(t.indicators["measure_type"]).eq("deadline").to_numpy()
    task = rows["note"].fillna(rows["section"]).to_numpy()
    if lang == "zh":  # task 3 (高新区) → 任务3（高新区）
        task = [TASK_NOTE.sub(r"任务\1（\2）", k) if isinstance(k, str) else k for k in task]
    return pd.Series(
        [
            f"{n} — {k}" if d and isinstance(k, str) and k else n
            for n, k, d in zip(names, task, deadline, strict=True)
        ],
        index=names.index,
        dtype="object",
    )


def _compared_with(years: pd.Series, kinds: pd.Series, lang: str) -> list[str]:
    """What a change was computed from: '2020 target', '2023年实际'."""
    labels = KIND_LABELS[lang]
    return [
        ""
        if pd.isna(y)
        else (f"{int(y)}年{labels.get(k, k)}" if lang == "zh" else f"{int(y)} {labels.get(k, k)}")
        for y, k in zip(years, kinds, strict=True)
    ]


def _statements(targets: pd.DataFrame, t, lang: str = "en") -> pd.DataFrame:
    """The Data sheet: every underlying statement with its figure as written, names in both
    languages and the value in the indicator's unit (``DATA_SHEET_COLUMNS``)."""
    out = targets.copy()
    out["figure"] = format_frame(out, lang)
    for col in ("zh", "en"):
        out[f"indicator_{col}"] = out["indicator_id"].map(t.indicators[f"name_{col}"])
        out[f"jurisdiction_{col}"] = out["jurisdiction_id"].map(t.jurisdictions[f"name_{col}"])
    out["value_std"] = in_indicator_units(out, t.indicators, t.units)
    out["indicator_unit"] = out["indicator_id"].map(t.indicators["unit"])
    return out[list(DATA_SHEET_COLUMNS)].reset_index(drop=True)


def _sources(document_ids, t) -> pd.DataFrame:
    docs = t.documents.loc[list(dict.fromkeys(document_ids))]
    out = docs[["document_id", "title", "issuer", "published_date", "doc_number"]].copy()
    out["published_date"] = out["published_date"].dt.strftime("%Y-%m-%d").astype("object")
    return out.reset_index(drop=True)


def _flag_notes(flags: pd.Series, lang: str) -> list[str]:
    present = set(flag_counts(flags).index)
    return [FLAG_NOTES[f][_lang_index(lang)] for f in FLAG_NOTES if f in present]


def indicator_trend_report(
    indicator_id: str,
    jurisdiction_ids: list[str] | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    lang: str = "en",
    data_dir=None,
) -> ReportContent:
    """One indicator across documents and years, targets and reported figures side by side."""
    t = load_tables(data_dir)
    zh = lang == "zh"
    ind = t.indicators.loc[indicator_id]
    tt = trend_table(
        indicator_id, jurisdiction_ids or None, year_from, year_to, lang, data_dir=data_dir
    )
    names = t.jurisdictions["name_zh" if zh else "name_en"].to_dict()
    unit = ind["unit"]
    cu = tt["change_unit"].iloc[0] if len(tt) else "%"
    per_year = f"{cu}/年"
    if not zh:
        cu = "pp" if cu == "百分点" else cu
        per_year = f"{cu}/yr"
    li = _lang_index(lang)
    summary = pd.DataFrame(
        {
            ("地区" if zh else "Place"): tt["jurisdiction_id"].map(names),
            ("年份" if zh else "Year"): tt["year"].astype("Int64"),
            ("类型" if zh else "Kind"): tt["kind"].map(KIND_LABELS[lang]),
            ("原文数值" if zh else "Figure as written"): tt["display"],
            (f"数值（{unit}）" if zh else f"Value ({unit})"): tt["value_std"],
            (
                f"较上一同类数值变化（{cu}）" if zh else f"Change vs previous of same kind ({cu})"
            ): tt["change"].round(2),
            ("比较对象" if zh else "Compared with"): _compared_with(
                tt["previous_year"], tt["previous_kind"], lang
            ),
            (
                f"较上一目标年均变化（{per_year}）"
                if zh
                else f"Implied yearly change vs previous target ({per_year})"
            ): tt["implied_yearly"].round(2),
            ("完成情况" if zh else "Attainment"): tt["attainment"].map(
                lambda s: STATUS_LABELS[s][li] if isinstance(s, str) else None
            ),
            ("来源文件" if zh else "Sources"): tt["sources"].str.replace(";", "; "),
        }
    )
    name = ind["name_zh"] if zh else f"{ind['name_en']} {ind['name_zh']}"
    title = (
        f"{ind['name_zh']}：目标与实际"
        if zh
        else f"{ind['name_en']} ({ind['name_zh']}): targets and reported results"
    )
    in_scope = (
        (t.targets["indicator_id"] == indicator_id)
        & t.targets["jurisdiction_id"].isin(tt["jurisdiction_id"])
        & t.targets["year"].isin(tt["year"])
    )
    data = _statements(t.targets[in_scope], t, lang)
    return ReportContent(
        name="indicator_trend",
        title=title,
        params={
            "indicator_id": indicator_id,
            "jurisdiction_ids": jurisdiction_ids,
            "year_from": year_from,
            "year_to": year_to,
            "lang": lang,
        },
        lang=lang,
        sentences=summary_sentences(tt, indicator_id, lang, data_dir=data_dir),
        summary=summary,
        data=data,
        sources=_sources(data["document_id"], t),
        chart=ChartSpec("trend", name, tt, unit, names, lang),
        notes=_flag_notes(data["flags"], lang),
        data_hash=data_fingerprint(t.data_dir),
    )


def jurisdiction_overview_report(
    jurisdiction_id: str, year: int, lang: str = "en", data_dir=None
) -> ReportContent:
    """Every indicator for one place and year, grouped by theme, with the previous figure."""
    t = load_tables(data_dir)
    zh = lang == "zh"
    li = _lang_index(lang)
    ov = overview_table(jurisdiction_id, year, lang, data_dir=data_dir)
    place = t.jurisdictions.loc[jurisdiction_id, "name_zh" if zh else "name_en"]
    kinds = KIND_LABELS[lang]
    summary = pd.DataFrame(
        {
            ("主题" if zh else "Theme"): ov["theme"].map(lambda th: THEME_LABELS[th][li]),
            ("指标" if zh else "Indicator"): _with_task(
                ov["name_zh"] if zh else ov["name_en"] + " " + ov["name_zh"],
                ov["target_id"],
                t,
                lang,
            ),
            ("类型" if zh else "Kind"): ov["kind"].map(kinds),
            (f"{year}年数值" if zh else f"Figure {year}"): ov["figure"],
            ("上一同类数值" if zh else "Previous figure of the same kind"): ov["previous_figure"],
            ("上一数值年份" if zh else "Previous year"): ov["previous_year"],
            ("上一数值类型" if zh else "Previous kind"): ov["previous_kind"].map(kinds),
            ("变化" if zh else "Change"): ov["change"].round(2),
            ("变化单位" if zh else "Change unit"): (
                ov["change_unit"] if zh else ov["change_unit"].replace({"百分点": "pp"})
            ).where(ov["change"].notna()),
        }
    )
    counts = (
        ov.assign(
            theme_label=ov["theme"].map(lambda th: THEME_LABELS[th][li]),
            reported=ov["kind"] != "target",
        )
        .groupby(["theme_label", "reported"], sort=False)
        .size()
        .unstack(fill_value=0)
        .rename(columns={False: "目标" if zh else "targets", True: REPORTED_LABELS[li]})
        .rename_axis("主题" if zh else "Theme")
    )
    n_t = int((ov["kind"] == "target").sum())
    n_prev = int(ov["previous_figure"].notna().sum())
    sentences = [
        f"{place}{year}年共有{len(ov)}项量化表述：目标{n_t}项，实际或预计{len(ov) - n_t}项；"
        f"其中{n_prev}项有更早的同类数值可比较（目标比目标，实际比实际）。"
        if zh
        else f"{place}, {year}: {counted(len(ov), 'quantitative statement')} — "
        f"{counted(n_t, 'target')} and {counted(len(ov) - n_t, 'result or estimate', 'results or estimates')}; "
        f"{n_prev} {'has' if n_prev == 1 else 'have'} an earlier figure of the same kind to compare with "
        "(a target with a target, a result with a result)."
    ]
    data = _statements(t.targets[t.targets["target_id"].isin(ov["target_id"])], t, lang)
    return ReportContent(
        name="jurisdiction_overview",
        title=f"{place}{year}年科技指标概览"
        if zh
        else f"{place}: science and technology indicators, {year}",
        params={"jurisdiction_id": jurisdiction_id, "year": year, "lang": lang},
        lang=lang,
        sentences=sentences,
        summary=summary,
        data=data,
        sources=_sources(data["document_id"], t),
        chart=ChartSpec(
            "counts", "各主题表述数" if zh else "Statements per theme", counts, lang=lang
        ),
        notes=_flag_notes(data["flags"], lang),
        data_hash=data_fingerprint(t.data_dir),
    )


def document_profile_report(document_id: str, lang: str = "en", data_dir=None) -> ReportContent:
    """What one document commits to: statements by section, flags and provenance."""
    t = load_tables(data_dir)
    zh = lang == "zh"
    prof = profile_table(document_id, lang, data_dir=data_dir)
    origin = provenance(document_id, data_dir=data_dir)
    doc = t.documents.loc[document_id]
    kinds = KIND_LABELS[lang]
    summary = pd.DataFrame(
        {
            ("章节" if zh else "Section"): prof["section"],
            ("地区" if zh else "Place"): prof["jurisdiction"],
            ("指标" if zh else "Indicator"): _with_task(
                prof["name_zh"] if zh else prof["name_en"], prof["target_id"], t, lang
            ),
            ("年份" if zh else "Year"): prof["year"],
            ("类型" if zh else "Kind"): prof["kind"].map(kinds),
            ("原文数值" if zh else "Figure as written"): prof["figure"],
            ("标记" if zh else "Flags"): prof["flags"],
        }
    )
    counts = (
        section_counts(prof)
        .rename(
            columns={
                "targets": "目标" if zh else "targets",
                "reported": REPORTED_LABELS[_lang_index(lang)],
            }
        )
        .rename_axis("章节" if zh else "Section")
    )
    flags = flag_counts(prof["flags"])
    n_t = int((prof["kind"] == "target").sum())
    flag_text = ", ".join(f"{k} {v}" for k, v in flags.items()) or ("无" if zh else "none")
    years = ", ".join(str(y) for y in sorted(prof["year"].unique()))
    sentences = [
        f"《{doc['title']}》共有{len(prof)}项量化表述：目标{n_t}项，实际或预计{len(prof) - n_t}项，涉及年份{years}；标记：{flag_text}。"
        if zh
        else f"{doc['title_en']} ({doc['title']}): {counted(len(prof), 'quantitative statement')} — "
        f"{counted(n_t, 'target')}, {counted(len(prof) - n_t, 'result or estimate', 'results or estimates')}, "
        f"for {years}; flags: {flag_text}."
    ]

    def label(zh_text: str, en_text: str) -> str:
        return zh_text if zh else en_text

    notes = [
        f"{label('发布机构', 'Issuer')}: {origin['issuer']}",
        f"{label('文号', 'Document number')}: {origin['doc_number'] or label('无', 'none')}",
        f"{label('发布日期', 'Published')}: {origin['published_date'] or label('原文未载', 'not given in the text')}",
        f"{label('来源网站', 'Source site')}: {origin['source_site'] or label('未注明', 'not named')}",
        f"{label('原始文件', 'Raw file')}: data/raw/{origin['raw_file']} (md5 {origin['md5']}, {origin['script']})",
        *[f"{label('抓取缺陷', 'Defect')}: {d}" for d in origin["defects"]],
        *_flag_notes(prof["flags"], lang),
    ]
    data = _statements(t.targets[t.targets["document_id"] == document_id], t, lang)
    return ReportContent(
        name="document_profile",
        title=(f"文件概况：{doc['title']}" if zh else f"Document profile: {doc['title_en']}"),
        params={"document_id": document_id, "lang": lang},
        lang=lang,
        sentences=sentences,
        summary=summary,
        data=data,
        sources=_sources([document_id], t),
        chart=ChartSpec(
            "counts", "各章节表述数" if zh else "Statements per section", counts, lang=lang
        ),
        notes=notes,
        data_hash=data_fingerprint(t.data_dir),
    )


def _rate_text(value: float, in_percent: bool, unit: str, lang: str) -> str:
    """A yearly change: '+0.04 pp/yr', '+7.9%/yr', '+12 家/yr'."""
    if pd.isna(value):
        return ""
    if in_percent:
        u = "%"
    elif unit == "%":
        u = "个百分点" if lang == "zh" else " pp"
    else:
        u = unit
    return f"{value:+.2f}{u}" + ("/年" if lang == "zh" else "/yr")


def _path_note(
    needed: str, recent: str, projection: float, year: int, reason: str, lang: str
) -> str:
    """'needs +0.04 pp/yr, recent +0.08 pp/yr, projected 3.72 in 2030; <reason>'."""
    zh = lang == "zh"
    parts = []
    if needed:
        parts.append(f"需{needed}" if zh else f"needs {needed}")
    if recent:
        parts.append(f"近年{recent}" if zh else f"recent {recent}")
    if not pd.isna(projection):
        parts.append(
            f"推算{year}年{number(round(projection, 2))}"
            if zh
            else f"projected {number(round(projection, 2))} in {year}"
        )
    if reason:
        parts.append(reason)
    return ("；" if zh else "; ").join(parts)


def target_attainment_report(
    jurisdiction_id: str,
    year_from: int | None = None,
    year_to: int | None = None,
    lang: str = "en",
    data_dir=None,
) -> ReportContent:
    """Targets of one place judged: achieved (early) or missed, on track or lagging, and why."""
    t = load_tables(data_dir)
    zh = lang == "zh"
    li = _lang_index(lang)
    vint = VINTAGE_LABELS[lang]
    at = attainment_table(jurisdiction_id, year_from, year_to, data_dir=data_dir)
    place = t.jurisdictions.loc[jurisdiction_id, "name_zh" if zh else "name_en"]
    names = _with_task(
        at["indicator_id"].map(t.indicators["name_zh" if zh else "name_en"]),
        at["target_id"],
        t,
        lang,
    )
    target_fig = format_frame(at, lang, "target_value", "target_value_high")
    outcome = [
        "" if pd.isna(v) else f"{format_value(v, None, '=', u)} ({int(y)}, {vint.get(k, k)})"
        for v, u, y, k in zip(
            at["outcome_value_std"],
            at["indicator_unit"],
            at["outcome_year"],
            at["outcome_vintage"],
            strict=True,
        )
    ]
    status = at["status"].map(lambda s: STATUS_LABELS[s][li])
    needed = [
        _rate_text(v, p is True, u, lang)
        for v, p, u in zip(
            at["needed_per_year"], at["per_year_in_percent"], at["indicator_unit"], strict=True
        )
    ]
    recent = [
        _rate_text(v, p is True, u, lang)
        for v, p, u in zip(
            at["recent_per_year"], at["per_year_in_percent"], at["indicator_unit"], strict=True
        )
    ]
    summary = pd.DataFrame(
        {
            ("年份" if zh else "Year"): at["year"],
            ("指标" if zh else "Indicator"): names,
            ("目标" if zh else "Target"): target_fig,
            ("所用实际数（年份，类型）" if zh else "Outcome used (year, vintage)"): outcome,
            ("状态" if zh else "Status"): status,
            ("占目标（%）" if zh else "% of target"): at["pct_of_target"].round(1),
            ("差距（指标单位）" if zh else "Gap (indicator unit)"): at["gap"].round(2),
            ("路径与说明" if zh else "Path and notes"): [
                _path_note(n, r, p, y, reason, lang)
                for n, r, p, y, reason in zip(
                    needed,
                    recent,
                    at["projection"],
                    at["year"],
                    at["reason_zh" if zh else "reason"],
                    strict=True,
                )
            ],
        }
    )
    by_status = at["status"].value_counts()
    parts = [f"{STATUS_LABELS[s][li]} {int(by_status[s])}" for s in STATUS_LABELS if s in by_status]
    lo, hi = (at["year"].min(), at["year"].max()) if len(at) else (None, None)
    span = f"{lo}–{hi}" if lo != hi else f"{lo}"
    as_of = at["as_of"].iloc[0] if len(at) else ""
    if not len(at):
        sentences = [
            f"{place}在所选年份没有目标。" if zh else f"{place}: no targets in the years chosen."
        ]
    else:
        sentences = [
            f"{place}{span}年共有{len(at)}项目标（截至{as_of}的文件）：" + "，".join(parts) + "。"
            if zh
            else f"{place}, {span}: {counted(len(at), 'target')}, judged on the documents up to {as_of} — "
            + ", ".join(parts)
            + "."
        ]
    judged = at[
        at["status"].isin(["achieved", "achieved_early", "missed"]) & at["pct_of_target"].notna()
    ]
    if len(judged):
        top = judged.sort_values("pct_of_target", ascending=False).head(3)
        low = judged[judged["status"] == "missed"].sort_values("pct_of_target").head(3)

        def listing(rows):
            return ("；" if zh else "; ").join(
                f"{names[i]} {r['year']}（{r['pct_of_target']:.0f}%）"
                if zh
                else f"{names[i]} {r['year']} ({r['pct_of_target']:.0f}%)"
                for i, r in rows.iterrows()
            )

        sentences.append(
            f"超出目标最多：{listing(top)}。" if zh else f"Biggest overshoots: {listing(top)}."
        )
        if len(low):
            sentences.append(
                f"差距最大的未实现目标：{listing(low)}。"
                if zh
                else f"Biggest misses: {listing(low)}."
            )
    ahead = at[
        at["status"].isin(["on_track", "lagging", "not_yet_due"]) & at["outcome_value_std"].notna()
    ]
    for i, r in ahead.iterrows():
        latest = f"{number(r['outcome_value_std'])}{r['indicator_unit']}"
        goal = f"{target_fig[i]}"
        if pd.notna(r["needed_per_year"]):
            need = _rate_text(
                r["needed_per_year"], r["per_year_in_percent"] is True, r["indicator_unit"], lang
            )
            rec = _rate_text(
                r["recent_per_year"], r["per_year_in_percent"] is True, r["indicator_unit"], lang
            )
            sentences.append(
                f"{names[i]}：{r['outcome_year']}年为{latest}，{r['year']}年达到{goal}需{need}"
                + (f"，近年为{rec}" if rec else "")
                + f"（{STATUS_LABELS[r['status']][li]}）。"
                if zh
                else f"{names[i]}: {latest} in {r['outcome_year']}; reaching {goal} by {r['year']} needs {need}"
                + (f", against {rec} recently" if rec else "")
                + f" ({STATUS_LABELS[r['status']][li]})."
            )
    prelim = at[
        at["status"].isin(["achieved", "achieved_early", "missed"])
        & (at["outcome_vintage"] == "preliminary")
    ]
    if len(prelim):
        sentences.append(
            f"其中{len(prelim)}项的判断依据初步数，最终统计公布后可能改变。"
            if zh
            else f"{len(prelim)} of these judgements rest on preliminary figures and may change once final statistics are out."
        )
    data = _statements(t.targets[t.targets["target_id"].isin(at["target_id"])], t, lang)
    method_note = (
        "判断方法：目标与同一指标、地区、年份的最佳实际数比较（统计公报最终数优先于初步数，初步数优先于后来文件中的数）；"
        "“约/左右”允许5%的偏差；未来目标按最近2—5个实际数的趋势推算（比重用线性，总量用复合增长，增速和年度新增数用最近3年平均）。"
        if zh
        else "Method: each target is compared with the best outcome of the same indicator, place and year (a final statistic before "
        "a preliminary figure before a figure restated later); '≈' (约, 左右) allows 5%; a target ahead is judged by projecting "
        "the last 2–5 outcomes (linear for shares, compound growth for levels, the mean of the last three for growth rates and "
        "yearly new counts)."
    )
    return ReportContent(
        name="target_attainment",
        title=f"{place}目标完成情况" if zh else f"{place}: target attainment",
        params={
            "jurisdiction_id": jurisdiction_id,
            "year_from": year_from,
            "year_to": year_to,
            "lang": lang,
        },
        lang=lang,
        sentences=sentences,
        summary=summary,
        data=data,
        sources=_sources(
            list(data["document_id"]) + at["outcome_document_id"].dropna().tolist(), t
        ),
        chart=ChartSpec(
            "attainment", "各年目标状态" if zh else "Targets per year by status", at, lang=lang
        )
        if len(at)
        else None,
        notes=[method_note, *_flag_notes(data["flags"], lang)],
        folded=_without_data(summary, at["status"], lang),
        data_hash=data_fingerprint(t.data_dir),
    )


def _without_data(summary: pd.DataFrame, status: pd.Series, lang: str) -> list:
    """Targets without data, for the PDF one line per reason (year, indicator and target of
    each) under the table rather than a row each; the workbook keeps every row."""
    mask = status.eq("insufficient_data").to_numpy()
    if mask.sum() <= FOLD_AT_MOST:
        return []
    year, indicator, target, notes = (summary.columns[i] for i in (0, 1, 2, -1))
    label = STATUS_LABELS["insufficient_data"][_lang_index(lang)]
    return [fold_rows(summary, mask, label, notes, [year, indicator, target], lang)]


def province_comparison_report(
    indicator_id: str, year: int, highlight: str = "zhejiang", lang: str = "en", data_dir=None
) -> ReportContent:
    """Every province in one year from the official statistics, ranked, one place marked."""
    from zjanalysis.analysis.provinces import province_ranking, rank_history

    t = load_tables(data_dir)
    zh = lang == "zh"
    ind = t.indicators.loc[indicator_id]
    ranking = province_ranking(indicator_id, year, data_dir)
    history = rank_history(indicator_id, highlight, data_dir)
    unit = ind["unit"]
    national = ranking.attrs["country"]
    diff_unit = ("个百分点" if zh else "pp") if unit == "%" else unit
    summary = pd.DataFrame(
        {
            ("排名" if zh else "Rank"): ranking["rank"],
            ("地区" if zh else "Province"): ranking["name_zh" if zh else "name_en"],
            (f"数值（{unit}）" if zh else f"Value ({unit})"): ranking["value"],
            (
                f"与全国之差（{diff_unit}）" if zh else f"Difference from China ({diff_unit})"
            ): ranking["vs_country"].round(2),
            ("来源单元格" if zh else "Source cell"): ranking["locator"],
        }
    )
    name = ind["name_zh"] if zh else ind["name_en"]
    place = t.jurisdictions.loc[highlight, "name_zh" if zh else "name_en"]
    mine = ranking[ranking["jurisdiction_id"] == highlight]
    first = ranking.iloc[0]
    sentences = []
    if len(mine):
        m = mine.iloc[0]
        above = m["vs_country"] >= 0
        sentences.append(
            f"{year}年{place}{name}为{number(m['value'])}{unit}，在{len(ranking)}个省份中居第{m['rank']}位，"
            f"{'高于' if above else '低于'}全国（{number(national)}{unit}）{number(abs(round(m['vs_country'], 2)))}{diff_unit}。"
            if zh
            else f"{place}: {name} {number(m['value'])}{unit} in {year}, rank {m['rank']} of {len(ranking)} provinces, "
            f"{number(abs(round(m['vs_country'], 2)))} {diff_unit} {'above' if above else 'below'} China's {number(national)}{unit}."
        )
    elif highlight == "china" and ind["measure_type"] == "level":  # a total: shares, not "above"
        share = round(100 * first["value"] / national, 1)
        top_name = first["name_zh" if zh else "name_en"]
        sentences.append(
            f"{year}年全国{name}为{number(national)}{unit}，其中{top_name}占{number(share)}%。"
            if zh
            else f"China: {name} {number(national)}{unit} in {year}; {top_name} alone accounts for {number(share)}% of it."
        )
    elif highlight == "china":
        above = int((ranking["value"] > national).sum())
        sentences.append(
            f"{year}年全国{name}为{number(national)}{unit}，{above}个省份高于全国。"
            if zh
            else f"China: {name} {number(national)}{unit} in {year}; {above} provinces are above it."
        )
    top = first["name_zh" if zh else "name_en"]
    sentences.append(
        f"最高为{top}（{number(first['value'])}{unit}），最低为{ranking.iloc[-1]['name_zh']}（{number(ranking.iloc[-1]['value'])}{unit}）。"
        if zh
        else f"Highest {top} ({number(first['value'])}{unit}), lowest {ranking.iloc[-1]['name_en']} ({number(ranking.iloc[-1]['value'])}{unit})."
    )
    h = history.dropna(subset=["rank"])
    if len(h) > 1 and highlight != "china":
        steps = ("，" if zh else ", ").join(
            f"{int(r['year'])}: {int(r['rank'])}" for _, r in h.iterrows()
        )
        sentences.append(
            f"{place}历年排名：{steps}。" if zh else f"{place}'s rank by year: {steps}."
        )
    rows = t.targets[
        (t.targets["indicator_id"] == indicator_id)
        & (t.targets["year"] == year)
        & (t.targets["document_id"].map(t.documents["source_type"]) == "official_statistics")
    ]
    data = _statements(rows, t, lang)
    data.insert(len(data.columns) - 2, "locator", rows["locator"].to_numpy())
    title = f"各省{name}比较（{year}年）" if zh else f"{name}: every province, {year}"
    return ReportContent(
        name="province_comparison",
        title=title,
        params={"indicator_id": indicator_id, "year": year, "highlight": highlight, "lang": lang},
        lang=lang,
        sentences=sentences,
        summary=summary,
        data=data,
        sources=_sources(data["document_id"], t),
        chart=ChartSpec(
            "ranking",
            title,
            ranking,
            unit,
            lang=lang,
            history=history,
            highlight=highlight,
        ),
        notes=[
            "数值取自国家统计局等发布的全国科技经费投入统计公报附表；并列者名次相同。"
            if zh
            else "Figures from the annex tables of the national R&D statistics bulletins; tied values share a rank.",
        ],
        data_hash=data_fingerprint(t.data_dir),
    )


def vintage_revisions_report(
    jurisdiction_id: str | None = None, lang: str = "en", data_dir=None
) -> ReportContent:
    """Preliminary figures against final ones: how far a 预计 figure moves, and which way."""
    from zjanalysis.analysis.revisions import revision_summary, revisions_table

    t = load_tables(data_dir)
    zh = lang == "zh"
    rev = revisions_table(jurisdiction_id, data_dir)
    names = rev["indicator_id"].map(t.indicators["name_zh" if zh else "name_en"])
    places = rev["jurisdiction_id"].map(t.jurisdictions["name_zh" if zh else "name_en"])

    def delta_unit(u):
        return ("个百分点" if zh else "pp") if u == "%" else u

    summary = pd.DataFrame(
        {
            ("指标" if zh else "Indicator"): names,
            ("地区" if zh else "Place"): places,
            ("年份" if zh else "Year"): rev["year"],
            ("初步数" if zh else "Preliminary"): [
                f"{number(v)}{u}" for v, u in zip(rev["preliminary"], rev["unit"], strict=True)
            ],
            ("初步数来源" if zh else "Preliminary from"): rev["preliminary_document_id"],
            ("最终数" if zh else "Final"): [
                f"{number(v)}{u}" for v, u in zip(rev["final"], rev["unit"], strict=True)
            ],
            ("最终数来源" if zh else "Final from"): rev["final_document_id"],
            ("修订" if zh else "Revision"): [
                f"{v:+.2f}{' ' if not zh and u == '%' else ''}{delta_unit(u)}"
                for v, u in zip(rev["revision"], rev["unit"], strict=True)
            ],
            ("修订幅度（%）" if zh else "Revision (% of preliminary)"): rev["revision_pct"].round(
                2
            ),
        }
    )
    sentences = []
    for _, r in revision_summary(rev).iterrows():
        nm = t.indicators.loc[r["indicator_id"], "name_zh" if zh else "name_en"]
        du = delta_unit(r["unit"])
        direction = (
            ("全部上修" if zh else "all upward")
            if r["up"] == r["n"]
            else ("全部下修" if zh else "all downward")
            if r["down"] == r["n"]
            else (
                f"上修{r['up']}次、下修{r['down']}次" if zh else f"{r['up']} up, {r['down']} down"
            )
        )
        sentences.append(
            f"{nm}：{r['n']}个年份有初步数和最终数，{direction}，平均修订{r['mean']:+.2f}{du}（{r['mean_pct']:+.1f}%）。"
            if zh
            else f"{nm}: {r['n']} years with both figures, {direction}; mean revision {r['mean']:+.2f} {du} ({r['mean_pct']:+.1f}%)."
        )
    if rev.empty:
        sentences.append(
            "尚无同时有初步数和最终数的指标年份。"
            if zh
            else "No indicator and year has both a preliminary and a final figure yet."
        )
    rows = t.targets[
        t.targets["target_id"].isin(
            t.targets.index[
                t.targets.set_index(["indicator_id", "jurisdiction_id", "year"]).index.isin(
                    list(zip(rev["indicator_id"], rev["jurisdiction_id"], rev["year"], strict=True))
                )
                & (t.targets["kind"] != "target")
            ]
        )
    ]
    data = _statements(rows, t, lang)
    place = (
        t.jurisdictions.loc[jurisdiction_id, "name_zh" if zh else "name_en"]
        if jurisdiction_id
        else None
    )
    title = (
        f"{place or ''}初步数与最终数：修订幅度"
        if zh
        else f"{place + ': ' if place else ''}preliminary against final figures"
    )
    return ReportContent(
        name="vintage_revisions",
        title=title,
        params={"jurisdiction_id": jurisdiction_id, "lang": lang},
        lang=lang,
        sentences=sentences,
        summary=summary,
        data=data,
        sources=_sources(data["document_id"], t),
        chart=ChartSpec(
            "revisions",
            "修订幅度（占初步数%）" if zh else "Revision as % of the preliminary figure",
            rev,
            lang=lang,
        )
        if len(rev)
        else None,
        notes=[
            "初步数为最早公布的预计数或统计公报公布前的数；最终数优先取统计公报。"
            if zh
            else "The preliminary figure is the first published estimate (预计) or a figure announced before the "
            "statistics; the final figure comes from the statistics bulletin where there is one.",
        ],
        data_hash=data_fingerprint(t.data_dir),
    )
