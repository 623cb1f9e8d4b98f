"""Building the content of each report from the curated tables (one function per notebook).

Every word a reader sees comes from the message catalogues (``_`` is the report language's
``gettext``); names of places and indicators come from the tables in that language.
"""

from __future__ import annotations

import re

import pandas as pd

from zjanalysis.analysis.attainment import attainment_table
from zjanalysis.analysis.overview import overview_table
from zjanalysis.analysis.profile import flag_counts, profile_table, provenance, section_counts
from zjanalysis.analysis.series import in_indicator_units, vintages
from zjanalysis.analysis.trend import summary_sentences, trend_table
from zjanalysis.messages import N_, messages, translator, unit_label
from zjanalysis.reports.content import ChartSpec, ReportContent, fold_rows
from zjanalysis.reports.reads import read_digest
from zjanalysis.sources.html import parse_locator
from zjanalysis.tables.formatting import (
    FLAG_LABELS,
    SCRIPT_LABELS,
    STATUS_LABELS,
    THEME_LABELS,
    VINTAGE_LABELS,
    flags_text,
    format_frame,
    format_value,
    label,
    mark_chinese,
    number,
    with_unit,
)
from zjanalysis.tables.loading import load_tables
from zjanalysis.tables.quotes import INJECTED_NOTES, injected_marker
from zjanalysis.tables.schema import DATA_SHEET_COLUMNS

FLAG_NOTES = {
    "missing_number": N_(
        "missing_number: the source lost the digits in scraping; the value is left empty, "
        "never guessed."
    ),
    "missing_year": N_(
        "missing_year: the year digits are stripped in the source; the year is the "
        "document's period."
    ),
    "relative": N_(
        "relative: stated against another figure (e.g. above the provincial average), "
        "without a number of its own."
    ),
    "cumulative": N_("cumulative: a running total."),
    "annual_average": N_("annual_average: an average yearly rate over the plan period."),
}
PATH_METHODS = {  # how a projection was made (analysis.progress)
    "linear": N_("a straight line through the last {n} figures"),
    "compound": N_("constant growth through the last {n} figures"),
    "recent_mean": N_("the mean of the last {n} figures, never against their direction"),
}


def _content(t, **fields) -> ReportContent:
    """A report's content; its data hash covers what it read (``reports.reads``)."""
    return ReportContent(**fields, data_hash=read_digest(fields["name"], fields["params"], t))


FOLD_AT_MOST = 3  # more targets without data than this read as one group in the PDF
TASK_NOTE = re.compile(r"task (\d+) \((.+)\)")  # how notes name a plan's numbered task


def _names(lang: str) -> str:
    """The column of the tables' names in ``lang``."""
    return "name_zh" if lang == "zh" else "name_en"


def _with_task(names: pd.Series, target_ids: pd.Series, t, lang: str = "en") -> pd.Series:
    """Indicator names, each deadline followed by its task (from ``note``, else the section):
    eight rectification deadlines read apart, not as eight identical rows."""
    _ = translator(lang)
    rows = t.targets.loc[target_ids.to_numpy()]
    deadline = rows["indicator_id"].map(t.indicators["measure_type"]).eq("deadline").to_numpy()
    tasks = []
    for note, section in zip(rows["note"], rows["section"], strict=True):
        m = TASK_NOTE.fullmatch(note) if isinstance(note, str) else None
        if m:
            tasks.append(_("task {n} “{name}”").format(n=m[1], name=m[2]))
        else:
            tasks.append(f"「{section}」" if isinstance(section, str) and section else "")
    return pd.Series(
        [f"{n} — {k}" if d and k else n for n, k, d in zip(names, tasks, deadline, strict=True)],
        index=names.index,
        dtype="object",
    )


def _compared_with(years: pd.Series, vintages: pd.Series, lang: str) -> list[str]:
    """What a change was computed from: '2020 target', '2023年最终数'."""
    _ = translator(lang)
    return [
        ""
        if pd.isna(y)
        else _("{year} {vintage}").format(year=int(y), vintage=label(VINTAGE_LABELS, v, lang))
        for y, v in zip(years, vintages, strict=True)
    ]


def locator_text(locator, lang: str) -> str:
    """'table 1, row 20, column 3' as a reader of ``lang`` reads it."""
    if not isinstance(locator, str) or not locator:
        return ""
    table, row, column = parse_locator(locator)
    _ = translator(lang)
    return _("table {table}, row {row}, column {column}").format(
        table=table, row=row, column=column
    )


def _statements(targets: pd.DataFrame, t, lang: str = "en") -> pd.DataFrame:
    """The Data sheet: every underlying statement with its figure as written, names in both
    languages and the value in the indicator's unit (``DATA_SHEET_COLUMNS``)."""
    out = targets.copy()
    out["figure"] = format_frame(out, lang)
    out["vintage"] = vintages(out, t.documents, revisions=True)
    out["quote"] = t.quotes_shown(out, lang)
    for col in ("zh", "en"):
        out[f"indicator_{col}"] = out["indicator_id"].map(t.indicators[f"name_{col}"])
        out[f"jurisdiction_{col}"] = out["jurisdiction_id"].map(t.jurisdictions[f"name_{col}"])
    out["value_std"] = in_indicator_units(out, t.indicators, t.units)
    out["indicator_unit"] = out["indicator_id"].map(t.indicators["unit"])
    return out[list(DATA_SHEET_COLUMNS)].reset_index(drop=True)


def _sources(document_ids, t, lang: str = "en") -> pd.DataFrame:
    """The documents cited; in English the title in English with the Chinese one after it."""
    docs = t.documents.loc[list(dict.fromkeys(document_ids))]
    out = docs[["document_id", "title", "issuer", "published_date", "doc_number"]].copy()
    if lang != "zh":
        out["title"] = [
            f"{en} 《{zh}》" if isinstance(en, str) and en else f"《{zh}》"
            for en, zh in zip(docs["title_en"], docs["title"], strict=True)
        ]
        out["issuer"] = [f"“{i}”" if isinstance(i, str) else i for i in docs["issuer"]]
    out["published_date"] = out["published_date"].dt.strftime("%Y-%m-%d").astype("object")
    return out.reset_index(drop=True)


def _copy_notes(document_ids, t, lang: str) -> list[str]:
    """What the report says of each cited copy with injected text: a spam repost (adverts),
    or a copy with page furniture in its text."""
    notes = []
    for doc in dict.fromkeys(document_ids):
        runs = t.injected.get(doc)
        if not runs:
            continue
        kind = "advert" if any(r.kind == "advert" for r in runs) else "furniture"
        row = t.documents.loc[doc]
        notes.append(
            label(INJECTED_NOTES, kind, lang).format(
                title=f"《{row['title']}》"
                if lang == "zh"
                else f"{row['title_en']} 《{row['title']}》",
                n=len(runs),
                marker=injected_marker(lang),
            )
        )
    return notes


def _flag_notes(flags: pd.Series, lang: str) -> list[str]:
    _ = translator(lang)
    present = set(flag_counts(flags).index)
    return [_(FLAG_NOTES[f]) for f in FLAG_NOTES if f in present]


def _origin_notes(origin: dict, lang: str) -> list[str]:
    """The copy's source site and defects, which the origin record describes in English: in
    English with the document's words marked, in Chinese a pointer to the record."""
    _ = translator(lang)
    if lang == "zh":
        return [_("Source site and defects of the copy: described in data/raw/origin.yaml")]
    site = origin["source_site"]
    return [
        _("Source site: {site}").format(site=mark_chinese(site) if site else _("not named")),
        *[_("Defect: {defect}").format(defect=mark_chinese(d)) for d in origin["defects"]],
    ]


def _per_year(unit: str, lang: str) -> str:
    _ = translator(lang)
    return _("{unit}/yr").format(unit=unit)


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
    _ = translator(lang)
    name_col = _names(lang)
    ind = t.indicators.loc[indicator_id]
    tt = trend_table(
        indicator_id, jurisdiction_ids or None, year_from, year_to, lang, data_dir=data_dir
    )
    names = t.jurisdictions[name_col].to_dict()
    unit = unit_label(ind["unit"], lang)
    change_unit = unit_label(tt["change_unit"].iloc[0] if len(tt) else "%", lang)
    summary = pd.DataFrame(
        {
            _("Place"): tt["jurisdiction_id"].map(names),
            _("Year"): tt["year"].astype("Int64"),
            _("Vintage"): tt["vintage"].map(lambda v: label(VINTAGE_LABELS, v, lang)),
            _("Figure as written"): tt["display"],
            _("Value ({unit})").format(unit=unit): tt["value_std"],
            _("Change vs previous figure of the same vintage ({unit})").format(
                unit=change_unit
            ): tt["change"].round(2),
            _("Compared with"): _compared_with(tt["previous_year"], tt["previous_vintage"], lang),
            _("Implied yearly change vs previous target ({unit})").format(
                unit=_per_year(change_unit, lang)
            ): tt["implied_yearly"].round(2),
            _("Attainment"): tt["attainment"].map(lambda s: label(STATUS_LABELS, s, lang)),
            _("Sources"): tt["sources"].str.replace(";", "; "),
        }
    )
    name = ind[name_col]
    in_scope = (
        (t.targets["indicator_id"] == indicator_id)
        & t.targets["jurisdiction_id"].isin(tt["jurisdiction_id"])
        & t.targets["year"].isin(tt["year"])
    )
    data = _statements(t.targets[in_scope], t, lang)
    return _content(
        t,
        name="indicator_trend",
        title=_("{indicator}: targets and reported results").format(indicator=name),
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
        sources=_sources(data["document_id"], t, lang),
        chart=ChartSpec("trend", name, tt, unit, names, lang),
        notes=[*_flag_notes(data["flags"], lang), *_copy_notes(data["document_id"], t, lang)],
    )


def jurisdiction_overview_report(
    jurisdiction_id: str, year: int, lang: str = "en", data_dir=None
) -> ReportContent:
    """Every indicator for one place and year, grouped by theme, with the previous figure."""
    t = load_tables(data_dir)
    _ = translator(lang)
    tr = messages(lang)
    name_col = _names(lang)
    ov = overview_table(jurisdiction_id, year, lang, data_dir=data_dir)
    place = t.jurisdictions.loc[jurisdiction_id, name_col]
    themes = ov["theme"].map(lambda th: label(THEME_LABELS, th, lang))
    vintage = ov["vintage"].map(lambda v: label(VINTAGE_LABELS, v, lang))
    summary = pd.DataFrame(
        {
            _("Theme"): themes,
            _("Indicator"): _with_task(ov[name_col], ov["target_id"], t, lang),
            _("Vintage"): vintage,
            _("Figure {year}").format(year=year): ov["figure"],
            _("Previous figure of the same vintage"): ov["previous_figure"],
            _("Previous year"): ov["previous_year"],
            _("Change"): ov["change"].round(2),
            _("Change unit"): ov["change_unit"]
            .map(lambda u: unit_label(u, lang))
            .where(ov["change"].notna()),
        }
    )
    targets_label, reported_label = _("targets"), _("results and estimates")
    counts = (
        ov.assign(theme_label=themes, reported=ov["kind"] != "target")
        .groupby(["theme_label", "reported"], sort=False)
        .size()
        .unstack(fill_value=0)
        .rename(columns={False: targets_label, True: reported_label})
        .rename_axis(_("Theme"))
    )
    n_t = int((ov["kind"] == "target").sum())
    n_prev = int(ov["previous_figure"].notna().sum())
    sentences = [
        tr.ngettext(
            "{place}, {year}: {n} quantitative statement — {targets} targets and {reported} "
            "results or estimates; {compared} with an earlier figure of the same vintage to "
            "compare with (a target with a target, a final figure with a final one).",
            "{place}, {year}: {n} quantitative statements — {targets} targets and {reported} "
            "results or estimates; {compared} with an earlier figure of the same vintage to "
            "compare with (a target with a target, a final figure with a final one).",
            len(ov),
        ).format(
            place=place, year=year, n=len(ov), targets=n_t, reported=len(ov) - n_t, compared=n_prev
        )
    ]
    data = _statements(t.targets[t.targets["target_id"].isin(ov["target_id"])], t, lang)
    return _content(
        t,
        name="jurisdiction_overview",
        title=_("{place}: science and technology indicators, {year}").format(
            place=place, year=year
        ),
        params={"jurisdiction_id": jurisdiction_id, "year": year, "lang": lang},
        lang=lang,
        sentences=sentences,
        summary=summary,
        data=data,
        sources=_sources(data["document_id"], t, lang),
        chart=ChartSpec("counts", _("Statements per theme"), counts, lang=lang),
        notes=[*_flag_notes(data["flags"], lang), *_copy_notes(data["document_id"], t, lang)],
    )


def document_profile_report(document_id: str, lang: str = "en", data_dir=None) -> ReportContent:
    """What one document commits to: statements by section, flags and provenance."""
    t = load_tables(data_dir)
    _ = translator(lang)
    tr = messages(lang)
    name_col = _names(lang)
    prof = profile_table(document_id, lang, data_dir=data_dir)
    origin = provenance(document_id, data_dir=data_dir)
    doc = t.documents.loc[document_id]
    vintage = prof["vintage"].map(lambda v: label(VINTAGE_LABELS, v, lang))
    summary = pd.DataFrame(
        {
            _("Section"): [f"「{x}」" if isinstance(x, str) and x else "" for x in prof["section"]],
            _("Place"): prof["jurisdiction_id"].map(t.jurisdictions[name_col]),
            _("Indicator"): _with_task(prof[name_col], prof["target_id"], t, lang),
            _("Year"): prof["year"],
            _("Vintage"): vintage,
            _("Figure as written"): prof["figure"],
            _("Flags"): [flags_text(f, lang) for f in prof["flags"]],
        }
    )
    counts = (
        section_counts(prof)
        .rename(columns={"targets": _("targets"), "reported": _("results and estimates")})
        .rename_axis(_("Section"))
    )
    flags = flag_counts(prof["flags"])
    n_t = int((prof["kind"] == "target").sum())
    flag_text = _(", ").join(
        _("{flag} {n}").format(flag=label(FLAG_LABELS, k, lang), n=v) for k, v in flags.items()
    ) or _("none")
    years = _(", ").join(str(y) for y in sorted(prof["year"].unique()))
    title = doc["title"] if lang == "zh" else f"{doc['title_en']} 《{doc['title']}》"
    sentences = [
        tr.ngettext(
            "{title}: {n} quantitative statement — {targets} targets and {reported} results or "
            "estimates, for {years}; flags: {flags}.",
            "{title}: {n} quantitative statements — {targets} targets and {reported} results "
            "or estimates, for {years}; flags: {flags}.",
            len(prof),
        ).format(
            title=f"《{doc['title']}》" if lang == "zh" else title,
            n=len(prof),
            targets=n_t,
            reported=len(prof) - n_t,
            years=years,
            flags=flag_text,
        )
    ]
    issuer = origin["issuer"] if lang == "zh" else f"“{origin['issuer']}”"
    notes = [
        _("Issuer: {issuer}").format(issuer=issuer),
        _("Document number: {number}").format(
            number=(origin["doc_number"] if lang == "zh" else f"“{origin['doc_number']}”")
            if origin["doc_number"]
            else _("none")
        ),
        _("Published: {date}").format(date=origin["published_date"] or _("not given in the text")),
        _("Raw file: data/raw/{file} (md5 {md5}, {script})").format(
            file=origin["raw_file"],
            md5=origin["md5"],
            script=label(SCRIPT_LABELS, origin["script"], lang),
        ),
        *_origin_notes(origin, lang),
        *_flag_notes(prof["flags"], lang),
        *_copy_notes([document_id], t, lang),
    ]
    data = _statements(t.targets[t.targets["document_id"] == document_id], t, lang)
    return _content(
        t,
        name="document_profile",
        title=_("Document profile: {title}").format(title=title),
        params={"document_id": document_id, "lang": lang},
        lang=lang,
        sentences=sentences,
        summary=summary,
        data=data,
        sources=_sources([document_id], t, lang),
        chart=ChartSpec("counts", _("Statements per section"), counts, lang=lang),
        notes=notes,
    )


def _rate_text(value: float, in_percent: bool, unit: str, lang: str) -> str:
    """A yearly change: '+0.04 pp/yr', '+7.9%/yr', '+12 firms/yr'."""
    if pd.isna(value):
        return ""
    written = with_unit(
        f"{value:+.2f}", "%" if in_percent else "百分点" if unit == "%" else unit, lang
    )
    return _per_year(written, lang)


def _path_note(row: pd.Series, needed: str, recent: str, lang: str) -> str:
    """'needs +0.04 pp/yr; recent +0.08 pp/yr; projected 3.72 in 2030 (a straight line
    through the last 4 figures); <reason>'."""
    _ = translator(lang)
    parts = []
    if needed:
        parts.append(_("needs {rate}").format(rate=needed))
    if recent:
        parts.append(_("recent {rate}").format(rate=recent))
    if not pd.isna(row["projection"]):
        parts.append(
            _("projected {value} in {year} ({method})").format(
                value=number(round(row["projection"], 2)),
                year=row["year"],
                method=label(PATH_METHODS, row.path_method, lang).format(n=row.path_points),
            )
        )
    if row["reason"]:
        parts.append(row["reason"])
    return _("; ").join(parts)


def target_attainment_report(
    jurisdiction_id: str,
    year_from: int | None = None,
    year_to: int | None = None,
    lang: str = "en",
    data_dir=None,
) -> ReportContent:
    """Targets of one place judged: achieved (early) or missed, on track or lagging, and why."""
    t = load_tables(data_dir)
    _ = translator(lang)
    tr = messages(lang)
    name_col = _names(lang)
    at = attainment_table(jurisdiction_id, year_from, year_to, data_dir=data_dir, lang=lang)
    place = t.jurisdictions.loc[jurisdiction_id, name_col]
    names = _with_task(at["indicator_id"].map(t.indicators[name_col]), at["target_id"], t, lang)
    target_fig = format_frame(at, lang, "target_value", "target_value_high")
    outcome = [
        ""
        if pd.isna(v)
        else _("{figure} ({year}, {vintage})").format(
            figure=format_value(v, None, "=", u, lang=lang),
            year=int(y),
            vintage=label(VINTAGE_LABELS, k, lang),
        )
        for v, u, y, k in zip(
            at["outcome_value_std"],
            at["indicator_unit"],
            at["outcome_year"],
            at["outcome_vintage"],
            strict=True,
        )
    ]
    status = at["status"].map(lambda s: label(STATUS_LABELS, s, lang))

    def rates(column):
        return [
            _rate_text(v, bool(p), u, lang)
            for v, p, u in zip(
                at[column],
                at["per_year_in_percent"].fillna(False),
                at["indicator_unit"],
                strict=True,
            )
        ]

    needed, recent = rates("needed_per_year"), rates("recent_per_year")
    summary = pd.DataFrame(
        {
            _("Year"): at["year"],
            _("Indicator"): names,
            _("Target"): target_fig,
            _("Outcome used (year, vintage)"): outcome,
            _("Status"): status,
            _("% of target"): at["pct_of_target"].round(1),
            _("Gap (indicator unit)"): at["gap"].round(2),
            _("Path and notes"): [
                _path_note(row, n, r, lang)
                for (_i, row), n, r in zip(at.iterrows(), needed, recent, strict=True)
            ],
        }
    )
    by_status = at["status"].value_counts(sort=False)  # declared order, absent ones as 0
    parts = _(", ").join(
        _("{status} {n}").format(status=label(STATUS_LABELS, s, lang), n=int(n))
        for s, n in by_status.items()
        if n
    )
    lo, hi = (at["year"].min(), at["year"].max()) if len(at) else (None, None)
    span = f"{lo}–{hi}" if lo != hi else f"{lo}"
    as_of = at["as_of"].iloc[0] if len(at) else ""
    if not len(at):
        sentences = [_("{place}: no targets in the years chosen.").format(place=place)]
    else:
        sentences = [
            tr.ngettext(
                "{place}, {years}: {n} target, judged on the documents up to {date} — {statuses}.",
                "{place}, {years}: {n} targets, judged on the documents up to {date} — {statuses}.",
                len(at),
            ).format(place=place, years=span, n=len(at), date=as_of, statuses=parts)
        ]
    judged = at[
        at["status"].isin(["achieved", "achieved_early", "missed"]) & at["pct_of_target"].notna()
    ]
    if len(judged):
        top = judged.sort_values("pct_of_target", ascending=False).head(3)
        low = judged[judged["status"] == "missed"].sort_values("pct_of_target").head(3)

        def listing(rows):
            return _("; ").join(
                _("{indicator} {year} ({pct}%)").format(
                    indicator=names[i], year=r["year"], pct=f"{r['pct_of_target']:.0f}"
                )
                for i, r in rows.iterrows()
            )

        sentences.append(_("Biggest overshoots: {list}.").format(list=listing(top)))
        if len(low):
            sentences.append(_("Biggest misses: {list}.").format(list=listing(low)))
    ahead = at[
        at["status"].isin(["on_track", "lagging", "not_yet_due"]) & at["outcome_value_std"].notna()
    ]
    for i, r in ahead.iterrows():
        if pd.isna(r["needed_per_year"]):
            continue
        per_cent = r["per_year_in_percent"] is not pd.NA and bool(r["per_year_in_percent"])
        need = _rate_text(r["needed_per_year"], per_cent, r["indicator_unit"], lang)
        rec = _rate_text(r["recent_per_year"], per_cent, r["indicator_unit"], lang)
        values = dict(
            indicator=names[i],
            latest=format_value(r["outcome_value_std"], None, "=", r["indicator_unit"], lang=lang),
            latest_year=r["outcome_year"],
            target=target_fig[i],
            year=r["year"],
            needed=need,
            recent=rec,
            status=label(STATUS_LABELS, r.status, lang),
        )
        sentences.append(
            (
                _(
                    "{indicator}: {latest} in {latest_year}; reaching {target} by {year} needs "
                    "{needed}, against {recent} recently ({status})."
                )
                if rec
                else _(
                    "{indicator}: {latest} in {latest_year}; reaching {target} by {year} needs "
                    "{needed} ({status})."
                )
            ).format(**values)
        )
    prelim = at[
        at["status"].isin(["achieved", "achieved_early", "missed"])
        & (at["outcome_vintage"] == "preliminary")
    ]
    if len(prelim):
        sentences.append(
            tr.ngettext(
                "{n} of these judgements rests on a preliminary figure and may change once final "
                "statistics are out.",
                "{n} of these judgements rest on preliminary figures and may change once final "
                "statistics are out.",
                len(prelim),
            ).format(n=len(prelim))
        )
    data = _statements(t.targets[t.targets["target_id"].isin(at["target_id"])], t, lang)
    method_note = _(
        "Method: each target is compared with the best outcome of the same indicator, place and "
        "year from another document (a final statistic before a preliminary figure before a "
        "figure restated later); '≈' allows 5%; a target ahead is judged by projecting the last "
        "2–5 outcomes (a straight line for shares, constant growth for levels, the mean of the "
        "last three for growth rates and yearly new counts, never against their direction). A "
        "target is never judged met by its own document."
    )
    return _content(
        t,
        name="target_attainment",
        title=_("{place}: target attainment").format(place=place),
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
            list(data["document_id"]) + at["outcome_document_id"].dropna().tolist(), t, lang
        ),
        chart=ChartSpec("attainment", _("Targets per year by status"), at, lang=lang)
        if len(at)
        else None,
        notes=[
            method_note,
            *_flag_notes(data["flags"], lang),
            *_copy_notes(data["document_id"], t, lang),
        ],
        folded=_without_data(summary, at["status"], lang),
    )


def _without_data(summary: pd.DataFrame, status: pd.Series, lang: str) -> list:
    """Targets without data, for the PDF one line per reason (year, indicator and target of
    each) under the table rather than a row each; the workbook keeps every row."""
    mask = status.eq("insufficient_data").to_numpy()
    if mask.sum() <= FOLD_AT_MOST:
        return []
    year, indicator, target, notes = (summary.columns[i] for i in (0, 1, 2, -1))
    words = label(STATUS_LABELS, "insufficient_data", lang)
    return [fold_rows(summary, mask, words, notes, [year, indicator, target], lang)]


def province_comparison_report(
    indicator_id: str, year: int, highlight: str = "zhejiang", lang: str = "en", data_dir=None
) -> ReportContent:
    """Every province in one year from the official statistics, ranked, one place marked."""
    from zjanalysis.analysis.provinces import province_ranking, rank_history

    t = load_tables(data_dir)
    _ = translator(lang)
    name_col = _names(lang)
    ind = t.indicators.loc[indicator_id]
    ranking = province_ranking(indicator_id, year, data_dir)
    history = rank_history(indicator_id, highlight, data_dir)
    unit = unit_label(ind["unit"], lang)
    national = ranking.attrs["country"]
    diff_unit = unit_label("百分点" if ind["unit"] == "%" else ind["unit"], lang)

    def figure(v) -> str:
        return format_value(v, None, "=", ind["unit"], lang=lang)

    def difference(v) -> str:
        return with_unit(
            number(abs(round(v, 2))), "百分点" if ind["unit"] == "%" else ind["unit"], lang
        )

    summary = pd.DataFrame(
        {
            _("Rank"): ranking["rank"],
            _("Province"): ranking[name_col],
            _("Value ({unit})").format(unit=unit): ranking["value"],
            _("Difference from China ({unit})").format(unit=diff_unit): ranking["vs_country"].round(
                2
            ),
            _("Source cell"): [locator_text(x, lang) for x in ranking["locator"]],
        }
    )
    name = ind[name_col]
    place = t.jurisdictions.loc[highlight, name_col]
    mine = ranking[ranking["jurisdiction_id"] == highlight]
    first, last = ranking.iloc[0], ranking.iloc[-1]
    sentences = []
    if len(mine):
        m = mine.iloc[0]
        sentences.append(
            (
                _(
                    "{place}: {indicator} {value} in {year}, rank {rank} of {n} provinces, "
                    "{difference} above China's {national}."
                )
                if m["vs_country"] >= 0
                else _(
                    "{place}: {indicator} {value} in {year}, rank {rank} of {n} provinces, "
                    "{difference} below China's {national}."
                )
            ).format(
                place=place,
                indicator=name,
                value=figure(m["value"]),
                year=year,
                rank=m["rank"],
                n=len(ranking),
                difference=difference(m["vs_country"]),
                national=figure(national),
            )
        )
    elif highlight == "china" and ind["measure_type"] == "level":  # a total: shares, not "above"
        sentences.append(
            _(
                "China: {indicator} {value} in {year}; {top} alone accounts for {share}% of it."
            ).format(
                indicator=name,
                value=figure(national),
                year=year,
                top=first[name_col],
                share=number(round(100 * first["value"] / national, 1)),
            )
        )
    elif highlight == "china":
        sentences.append(
            _("China: {indicator} {value} in {year}; {n} provinces are above it.").format(
                indicator=name,
                value=figure(national),
                year=year,
                n=int((ranking["value"] > national).sum()),
            )
        )
    sentences.append(
        _("Highest {top} ({top_value}), lowest {bottom} ({bottom_value}).").format(
            top=first[name_col],
            top_value=figure(first["value"]),
            bottom=last[name_col],
            bottom_value=figure(last["value"]),
        )
    )
    h = history.dropna(subset=["rank"])
    if len(h) > 1 and highlight != "china":
        steps = _(", ").join(f"{int(r['year'])}: {int(r['rank'])}" for _i, r in h.iterrows())
        sentences.append(_("{place}'s rank by year: {ranks}.").format(place=place, ranks=steps))
    rows = t.targets[
        (t.targets["indicator_id"] == indicator_id)
        & (t.targets["year"] == year)
        & (t.targets["document_id"].map(t.documents["source_type"]) == "official_statistics")
    ]
    data = _statements(rows, t, lang)
    data.insert(len(data.columns) - 2, "locator", rows["locator"].to_numpy())
    title = _("{indicator}: every province, {year}").format(indicator=name, year=year)
    return _content(
        t,
        name="province_comparison",
        title=title,
        params={"indicator_id": indicator_id, "year": year, "highlight": highlight, "lang": lang},
        lang=lang,
        sentences=sentences,
        summary=summary,
        data=data,
        sources=_sources(data["document_id"], t, lang),
        chart=ChartSpec(
            "ranking", title, ranking, unit, lang=lang, history=history, highlight=highlight
        ),
        notes=[
            _(
                "Figures from the annex tables of the national R&D statistics bulletins; tied "
                "values share a rank."
            ),
            *_copy_notes(data["document_id"], t, lang),
        ],
    )


def vintage_revisions_report(
    jurisdiction_id: str | None = None, lang: str = "en", data_dir=None
) -> ReportContent:
    """Earlier figures against later ones: how far a preliminary figure moves to the final
    one, and how far a final figure is restated later (revised)."""
    from zjanalysis.analysis.revisions import revision_summary, revisions_table

    t = load_tables(data_dir)
    _ = translator(lang)
    tr = messages(lang)
    name_col = _names(lang)
    rev = revisions_table(jurisdiction_id, data_dir)
    names = rev["indicator_id"].map(t.indicators[name_col])
    places = rev["jurisdiction_id"].map(t.jurisdictions[name_col])

    def figure(v, u) -> str:
        return format_value(v, None, "=", u, lang=lang)

    def step(v, u) -> str:
        return with_unit(f"{v:+.2f}", "百分点" if u == "%" else u, lang)

    summary = pd.DataFrame(
        {
            _("Indicator"): names,
            _("Place"): places,
            _("Year"): rev["year"],
            _("Earlier figure"): [
                f"{figure(v, u)} ({label(VINTAGE_LABELS, k, lang)})"
                for v, u, k in zip(rev["earlier"], rev["unit"], rev["earlier_vintage"], strict=True)
            ],
            _("Earlier from"): rev["earlier_document_id"],
            _("Later figure"): [
                f"{figure(v, u)} ({label(VINTAGE_LABELS, k, lang)})"
                for v, u, k in zip(rev["later"], rev["unit"], rev["later_vintage"], strict=True)
            ],
            _("Later from"): rev["later_document_id"],
            _("Revision"): [step(v, u) for v, u in zip(rev["revision"], rev["unit"], strict=True)],
            _("Revision (% of the earlier figure)"): rev["revision_pct"].round(2),
        }
    )
    sentences = []
    for _i, r in revision_summary(rev).iterrows():
        values = dict(
            indicator=t.indicators.loc[r["indicator_id"], name_col],
            n=r["n"],
            up=r["up"],
            down=r["down"],
            mean=step(r["mean"], r["unit"]),
            pct=f"{r['mean_pct']:+.1f}",
        )
        template = (
            N_("{indicator}: {n} revisions, all upward; mean {mean} ({pct}%).")
            if r["up"] == r["n"]
            else N_("{indicator}: {n} revisions, all downward; mean {mean} ({pct}%).")
            if r["down"] == r["n"]
            else N_("{indicator}: {n} revisions, {up} up and {down} down; mean {mean} ({pct}%).")
        )
        sentences.append(_(template).format(**values))
    restated = rev[rev["later_vintage"] == "revised"]
    if len(restated):
        sentences.append(
            tr.ngettext(
                "{n} of them restates a final figure years later (such as after an economic "
                "census), not a preliminary one.",
                "{n} of them restate a final figure years later (such as after an economic "
                "census), not a preliminary one.",
                len(restated),
            ).format(n=len(restated))
        )
    if rev.empty:
        sentences.append(_("No indicator and year has a figure revised yet."))
    keys = set(zip(rev["indicator_id"], rev["jurisdiction_id"], rev["year"], strict=True))
    in_rev = [
        k in keys
        for k in zip(
            t.targets["indicator_id"], t.targets["jurisdiction_id"], t.targets["year"], strict=True
        )
    ]
    rows = t.targets[pd.Series(in_rev, index=t.targets.index) & (t.targets["kind"] != "target")]
    data = _statements(rows, t, lang)
    place = t.jurisdictions.loc[jurisdiction_id, name_col] if jurisdiction_id else None
    title = (
        _("{place}: revisions of reported figures").format(place=place)
        if place
        else _("Revisions of reported figures")
    )
    return _content(
        t,
        name="vintage_revisions",
        title=title,
        params={"jurisdiction_id": jurisdiction_id, "lang": lang},
        lang=lang,
        sentences=sentences,
        summary=summary,
        data=data,
        sources=_sources(data["document_id"], t, lang),
        chart=ChartSpec("revisions", _("Revision as % of the earlier figure"), rev, lang=lang)
        if len(rev)
        else None,
        notes=[
            _(
                "A revision compares the first published figure of a year with the next one "
                "that replaces it: a preliminary figure (an estimate, or announced before the "
                "statistics) with the final statistic, and a final figure with a later "
                "restatement of it (revised)."
            ),
            *_copy_notes(data["document_id"], t, lang),
        ],
    )


def province_targets_report(
    indicator_id: str, highlight: str = "zhejiang", lang: str = "en", data_dir=None
) -> ReportContent:
    """One indicator, every province: statistics by year, the reported figure, the coming
    year's target and the five-year goal with their quotes, the yearly change each needs, and
    where one place stands among them."""
    from zjanalysis.analysis.province_targets import AIMS, COUNTRY, province_targets

    t = load_tables(data_dir)
    _ = translator(lang)
    name_col = _names(lang)
    ind = t.indicators.loc[indicator_id]
    table = province_targets(indicator_id, highlight, lang=lang, data_dir=data_dir)
    years = table.attrs["years"]
    in_percent = table.attrs["per_year_in_percent"]
    unit = unit_label(ind["unit"], lang)
    name = ind[name_col]
    place = t.jurisdictions.loc[highlight, name_col]
    names = dict(zip(table["jurisdiction_id"], table[name_col], strict=True))

    def figure(v) -> str:
        return format_value(v, None, "=", ind["unit"], lang=lang)

    def rate(v) -> str:
        return _rate_text(v, in_percent, ind["unit"], lang)

    rate_unit = _per_year(
        unit_label("%" if in_percent else "百分点" if ind["unit"] == "%" else ind["unit"], lang),
        lang,
    )
    aim_names = {
        "target": _("Target {year}").format(year=years["target"]),
        "goal": _("Goal {year}").format(year=years["goal"]),
    }
    columns = {_("Province"): table[name_col]}
    for y in table.attrs["statistics_years"]:
        columns[_("Statistic {year} ({unit})").format(year=y, unit=unit)] = table[f"statistics_{y}"]
    columns[_("Reported {year}").format(year=years["reported"])] = table["reported_display"]
    columns[_("Latest figure ({unit})").format(unit=unit)] = table["latest_value"]
    columns[_("Year of the latest figure")] = table["latest_year"]
    columns[_("Rank of the latest figure")] = table["latest_rank"]
    for aim in AIMS:  # the number to sort by, then the figure as the province wrote it
        columns[_("{aim} ({unit})").format(aim=aim_names[aim], unit=unit)] = table[f"{aim}_value"]
        columns[_("{aim} as written").format(aim=aim_names[aim])] = table[f"{aim}_display"]
        columns[_("{aim}: needed a year ({unit})").format(aim=aim_names[aim], unit=rate_unit)] = (
            table[f"{aim}_needed"].round(3)
        )
        columns[_("{aim}: rank").format(aim=aim_names[aim])] = table[f"{aim}_rank"]
    for aim in AIMS:
        columns[_("{aim}: quote").format(aim=aim_names[aim])] = [
            f"“{q}”" if q else "" for q in table[f"{aim}_quote"]
        ]
    summary = pd.DataFrame(columns)

    standing = table.attrs["highlight"]
    mine = table[table["jurisdiction_id"] == highlight]
    what_names = {"latest": _("Latest figure"), **aim_names}
    sentences = []
    for what in ("latest", *AIMS):
        s = standing[what]
        if s["of"] == 0:
            continue
        values = {"value": figure(s["value"]), "leader_value": figure(s["leader_value"])}
        if what == "latest":  # with their years: the provinces' latest differ
            latest_year = dict(zip(table["jurisdiction_id"], table["latest_year"], strict=True))
            for key, who in (("value", highlight), ("leader_value", s["leader"])):
                if who in latest_year and pd.notna(latest_year[who]):
                    values[key] = _("{value} ({year})").format(
                        value=values[key], year=latest_year[who]
                    )
        s = {**s, **values}
        if s["rank"] is None:
            sentences.append(
                _(
                    "{what}: {n} provinces state one, {place} none; highest {leader} ({value})."
                ).format(
                    what=what_names[what],
                    n=s["of"],
                    place=place,
                    leader=names[s["leader"]],
                    value=s["leader_value"],
                )
            )
        elif s["leader"] == highlight:
            sentences.append(
                _("{what}: {place} {value}, rank {rank} of {n} provinces, the highest.").format(
                    what=what_names[what],
                    place=place,
                    value=s["value"],
                    rank=s["rank"],
                    n=s["of"],
                )
            )
        else:
            sentences.append(
                _(
                    "{what}: {place} {value}, rank {rank} of {n} provinces; {leader} leads with "
                    "{leader_value}, a gap of {gap}."
                ).format(
                    what=what_names[what],
                    place=place,
                    value=s["value"],
                    rank=s["rank"],
                    n=s["of"],
                    leader=names[s["leader"]],
                    leader_value=s["leader_value"],
                    gap=with_unit(
                        f"{s['gap']:+.2f}", "百分点" if ind["unit"] == "%" else ind["unit"], lang
                    ),
                )
            )
    if len(mine):
        m = mine.iloc[0]
        for aim in AIMS:
            if pd.notna(m[f"{aim}_needed"]):
                sentences.append(
                    _(
                        "{place} needs {rate} from {latest} ({year}) to reach {aim_figure} by "
                        "{aim_year}."
                    ).format(
                        place=place,
                        rate=rate(m[f"{aim}_needed"]),
                        latest=figure(m["latest_value"]),
                        year=m["latest_year"],
                        aim_figure=m[f"{aim}_display"],
                        aim_year=years[aim],
                    )
                )
    national, national_year = table.attrs["country"]
    if national == national:
        sentences.append(
            _("China: {value} in {year} (national statistics).").format(
                value=figure(national), year=national_year
            )
        )
    places = [*table["jurisdiction_id"], COUNTRY]  # China's statistic is cited too
    data = _statements(
        t.targets[
            (t.targets["indicator_id"] == indicator_id) & t.targets["jurisdiction_id"].isin(places)
        ],
        t,
        lang,
    )
    title = _("{indicator}: every province's targets").format(indicator=name)
    return _content(
        t,
        name="province_targets",
        title=title,
        params={"indicator_id": indicator_id, "highlight": highlight, "lang": lang},
        lang=lang,
        sentences=sentences,
        summary=summary,
        data=data,
        sources=_sources(data["document_id"], t, lang),
        chart=ChartSpec("targets", title, table, unit, lang=lang, highlight=highlight),
        notes=[
            _(
                "Each province's figures as its own documents state them (≈, ≥ and the base of "
                "its measure are its own), beside the national statistics bulletins. The latest "
                "figure is the newest before {year} (a final statistic first); the yearly change "
                "an aim needs runs from it, in points a year for shares and per cent a year for "
                "levels, and is not given for rates and yearly flows, whose aim is the figure "
                "itself. Ranks put ties together; an aim without a number has none."
            ).format(year=years["target"]),
            *_flag_notes(data["flags"], lang),
        ],
    )
