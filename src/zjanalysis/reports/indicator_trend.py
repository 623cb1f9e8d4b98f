"""The indicator_trend report: one indicator across documents and years."""

from __future__ import annotations

import pandas as pd

from zjanalysis.analysis.trend import summary_sentences, trend_table
from zjanalysis.messages import translator, unit_label
from zjanalysis.reports.common import (
    copy_notes,
    data_sheet,
    flag_notes,
    name_column,
    per_year,
    report_content,
)
from zjanalysis.reports.content import ChartSpec, ReportContent
from zjanalysis.tables.formatting import (
    STATUS_LABELS,
    VINTAGE_LABELS,
    label,
)
from zjanalysis.tables.loading import load_tables


def _compared_with(years: pd.Series, vintages: pd.Series, lang: str) -> list[str]:
    """What a change was computed from: '2020 target', '2023年最终数'."""
    _ = translator(lang)
    return [
        ""
        if pd.isna(y)
        else _("{year} {vintage}").format(year=int(y), vintage=label(VINTAGE_LABELS, v, lang))
        for y, v in zip(years, vintages, strict=True)
    ]


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
    name_col = name_column(lang)
    ind = t.indicators.loc[indicator_id]
    tt = trend_table(
        indicator_id,
        jurisdiction_ids or None,
        year_from=year_from,
        year_to=year_to,
        lang=lang,
        data_dir=data_dir,
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
                unit=per_year(change_unit, lang)
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
    data = data_sheet(t.targets[in_scope], t, lang)
    return report_content(
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
        sentences=summary_sentences(tt, indicator_id, lang, data_dir=data_dir),
        summary=summary,
        data=data,
        chart=ChartSpec("trend", name, tt, unit, names, lang),
        notes=[*flag_notes(data["flags"], lang), *copy_notes(data["document_id"], t, lang)],
    )
