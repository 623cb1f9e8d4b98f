"""The province_comparison report: every province in one year from the official statistics."""

from __future__ import annotations

import pandas as pd

from zjanalysis.analysis.provinces import province_ranking, rank_history
from zjanalysis.messages import translator, unit_label
from zjanalysis.reports.common import (
    copy_notes,
    data_sheet,
    name_column,
    report_content,
)
from zjanalysis.reports.content import ChartSpec, ReportContent
from zjanalysis.sources.html import parse_locator
from zjanalysis.tables.formatting import (
    format_value,
    number,
    with_unit,
)
from zjanalysis.tables.loading import load_tables


def locator_text(locator, lang: str) -> str:
    """'table 1, row 20, column 3' as a reader of ``lang`` reads it."""
    if not isinstance(locator, str) or not locator:
        return ""
    table, row, column = parse_locator(locator)
    _ = translator(lang)
    return _("table {table}, row {row}, column {column}").format(
        table=table, row=row, column=column
    )


def province_comparison_report(
    indicator_id: str, year: int, highlight: str = "zhejiang", lang: str = "en", data_dir=None
) -> ReportContent:
    """Every province in one year from the official statistics, ranked, one place marked."""
    t = load_tables(data_dir)
    _ = translator(lang)
    name_col = name_column(lang)
    ind = t.indicators.loc[indicator_id]
    ranking = province_ranking(indicator_id, year, data_dir=data_dir)
    history = rank_history(indicator_id, highlight, data_dir=data_dir)
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
    data = data_sheet(rows, t, lang)
    data.insert(len(data.columns) - 2, "locator", rows["locator"].to_numpy())
    title = _("{indicator}: every province, {year}").format(indicator=name, year=year)
    return report_content(
        t,
        name="province_comparison",
        title=title,
        params={"indicator_id": indicator_id, "year": year, "highlight": highlight, "lang": lang},
        sentences=sentences,
        summary=summary,
        data=data,
        chart=ChartSpec(
            "ranking", title, ranking, unit, lang=lang, history=history, highlight=highlight
        ),
        notes=[
            _(
                "Figures from the annex tables of the national R&D statistics bulletins; tied "
                "values share a rank."
            ),
            *copy_notes(data["document_id"], t, lang),
        ],
    )
