"""The jurisdiction_overview report: every indicator for one place and year."""

from __future__ import annotations

import pandas as pd

from zjanalysis.analysis.overview import overview_table
from zjanalysis.messages import messages, translator, unit_label
from zjanalysis.reports.common import (
    copy_notes,
    data_sheet,
    flag_notes,
    name_column,
    report_content,
    with_task,
)
from zjanalysis.reports.content import ChartSpec, ReportContent
from zjanalysis.tables.formatting import (
    THEME_LABELS,
    VINTAGE_LABELS,
    label,
)
from zjanalysis.tables.loading import load_tables


def jurisdiction_overview_report(
    jurisdiction_id: str, year: int, lang: str = "en", data_dir=None
) -> ReportContent:
    """Every indicator for one place and year, grouped by theme, with the previous figure."""
    t = load_tables(data_dir)
    _ = translator(lang)
    tr = messages(lang)
    name_col = name_column(lang)
    ov = overview_table(jurisdiction_id, year, lang=lang, data_dir=data_dir)
    place = t.jurisdictions.loc[jurisdiction_id, name_col]
    themes = ov["theme"].map(lambda th: label(THEME_LABELS, th, lang))
    vintage = ov["vintage"].map(lambda v: label(VINTAGE_LABELS, v, lang))
    summary = pd.DataFrame(
        {
            _("Theme"): themes,
            _("Indicator"): with_task(ov[name_col], ov["target_id"], t, lang),
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
    data = data_sheet(t.targets[t.targets["target_id"].isin(ov["target_id"])], t, lang)
    return report_content(
        t,
        name="jurisdiction_overview",
        title=_("{place}: science and technology indicators, {year}").format(
            place=place, year=year
        ),
        params={"jurisdiction_id": jurisdiction_id, "year": year, "lang": lang},
        sentences=sentences,
        summary=summary,
        data=data,
        chart=ChartSpec("counts", _("Statements per theme"), counts, lang=lang),
        notes=[*flag_notes(data["flags"], lang), *copy_notes(data["document_id"], t, lang)],
    )
