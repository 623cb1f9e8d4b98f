"""The province_targets report: one indicator, every province's statistics, targets and goals."""

from __future__ import annotations

import pandas as pd

from zjanalysis.analysis.province_targets import AIMS, COUNTRY, province_targets
from zjanalysis.messages import translator, unit_label
from zjanalysis.reports.common import (
    data_sheet,
    flag_notes,
    name_column,
    per_year,
    rate_text,
    report_content,
)
from zjanalysis.reports.content import ChartSpec, ReportContent
from zjanalysis.tables.formatting import (
    format_value,
    with_unit,
)
from zjanalysis.tables.loading import load_tables


def province_targets_report(
    indicator_id: str, highlight: str = "zhejiang", lang: str = "en", data_dir=None
) -> ReportContent:
    """One indicator, every province: statistics by year, the reported figure, the coming
    year's target and the five-year goal with their quotes, the yearly change each needs, and
    where one place stands among them."""
    t = load_tables(data_dir)
    _ = translator(lang)
    name_col = name_column(lang)
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
        return rate_text(v, in_percent, ind["unit"], lang)

    rate_unit = per_year(
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
    data = data_sheet(
        t.targets[
            (t.targets["indicator_id"] == indicator_id) & t.targets["jurisdiction_id"].isin(places)
        ],
        t,
        lang,
    )
    title = _("{indicator}: every province's targets").format(indicator=name)
    return report_content(
        t,
        name="province_targets",
        title=title,
        params={"indicator_id": indicator_id, "highlight": highlight, "lang": lang},
        sentences=sentences,
        summary=summary,
        data=data,
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
            *flag_notes(data["flags"], lang),
        ],
    )
