"""The target_attainment report: the targets of one place judged, and why."""

from __future__ import annotations

import pandas as pd

from zjanalysis.analysis.attainment import attainment_table
from zjanalysis.messages import N_, messages, translator
from zjanalysis.reports.common import (
    copy_notes,
    data_sheet,
    flag_notes,
    name_column,
    rate_text,
    report_content,
    sources_table,
    with_task,
)
from zjanalysis.reports.content import ChartSpec, ReportContent, fold_rows
from zjanalysis.tables.formatting import (
    STATUS_LABELS,
    VINTAGE_LABELS,
    format_frame,
    format_value,
    label,
    number,
)
from zjanalysis.tables.loading import load_tables

PATH_METHODS = {  # how a projection was made (analysis.progress)
    "linear": N_("a straight line through the last {n} figures"),
    "compound": N_("constant growth through the last {n} figures"),
    "recent_mean": N_("the mean of the last {n} figures, never against their direction"),
}


FOLD_AT_MOST = 3  # more targets without data than this read as one group in the PDF


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
    name_col = name_column(lang)
    at = attainment_table(
        jurisdiction_id, year_from=year_from, year_to=year_to, lang=lang, data_dir=data_dir
    )
    place = t.jurisdictions.loc[jurisdiction_id, name_col]
    names = with_task(at["indicator_id"].map(t.indicators[name_col]), at["target_id"], t, lang)
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
            rate_text(v, bool(p), u, lang)
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
        need = rate_text(r["needed_per_year"], per_cent, r["indicator_unit"], lang)
        rec = rate_text(r["recent_per_year"], per_cent, r["indicator_unit"], lang)
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
    data = data_sheet(t.targets[t.targets["target_id"].isin(at["target_id"])], t, lang)
    method_note = _(
        "Method: each target is compared with the best outcome of the same indicator, place and "
        "year from another document (a final statistic before a preliminary figure before a "
        "figure restated later); '≈' allows 5%; a target ahead is judged by projecting the last "
        "2–5 outcomes (a straight line for shares, constant growth for levels, the mean of the "
        "last three for growth rates and yearly new counts, never against their direction). A "
        "target is never judged met by its own document."
    )
    return report_content(
        t,
        name="target_attainment",
        title=_("{place}: target attainment").format(place=place),
        params={
            "jurisdiction_id": jurisdiction_id,
            "year_from": year_from,
            "year_to": year_to,
            "lang": lang,
        },
        sentences=sentences,
        summary=summary,
        data=data,
        sources=sources_table(
            list(data["document_id"]) + at["outcome_document_id"].dropna().tolist(), t, lang
        ),
        chart=ChartSpec("attainment", _("Targets per year by status"), at, lang=lang)
        if len(at)
        else None,
        notes=[
            method_note,
            *flag_notes(data["flags"], lang),
            *copy_notes(data["document_id"], t, lang),
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
