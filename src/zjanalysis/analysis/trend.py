"""Comparisons along one indicator's series: changes, implied yearly growth, attainment."""

from __future__ import annotations

import math

import pandas as pd

from zjanalysis.analysis.attainment import STATUS_DTYPE, attainment_table
from zjanalysis.analysis.series import VINTAGE_DTYPE, places_in_texts, series
from zjanalysis.messages import N_, messages, translator
from zjanalysis.tables.formatting import label
from zjanalysis.tables.loading import load_tables

NO_IMPLIED_GROWTH = {"growth_rate", "change", "rank", "deadline"}


def uses_points(unit: str, units: pd.DataFrame) -> bool:
    """True when changes of this unit are expressed in percentage points."""
    return units.loc[unit, "dimension"] in ("ratio", "ratio_change")


def change_between(new: float, old: float, points: bool) -> float:
    """``new`` against ``old``: a difference in points for shares and rates, else per cent."""
    if points:
        return new - old
    return (new / old - 1) * 100 if old else math.nan


def trend_table(
    indicator_id: str,
    jurisdiction_id: str | list[str] | None = None,
    *,
    year_from: int | None = None,
    year_to: int | None = None,
    lang: str = "en",
    data_dir=None,
) -> pd.DataFrame:
    """The series of one indicator with comparisons, one row per figure in year order.

    Adds ``change`` against the previous figure of the same vintage — a target against the
    previous target, a final figure against the previous final one, a preliminary against the
    previous preliminary, a revised figure against the final figure it restates — in
    percentage points for shares and rates, in per cent for levels; ``previous_year`` and
    ``previous_vintage`` say what it was compared with; ``implied_yearly`` (from the previous
    target: points per year for shares, compound growth for levels), and, for a target,
    ``attainment`` and ``attainment_pct``.
    """
    t = load_tables(data_dir)
    s = series(
        indicator_id,
        jurisdiction_id or places_in_texts(indicator_id, data_dir) or None,
        year_from=year_from,
        year_to=year_to,
        lang=lang,
        data_dir=data_dir,
    )
    ind = t.indicators.loc[indicator_id]
    points = uses_points(ind["unit"], t.units)
    s["change"] = math.nan
    s["previous_year"] = pd.Series([pd.NA] * len(s), dtype="Int64", index=s.index)
    s["previous_vintage"] = pd.Series([None] * len(s), dtype=VINTAGE_DTYPE, index=s.index)
    s["implied_yearly"] = math.nan
    s["attainment"] = pd.Series([None] * len(s), dtype=STATUS_DTYPE)
    s["attainment_pct"] = math.nan
    for _, idx in s.groupby("jurisdiction_id", sort=False).groups.items():
        previous: dict[str, int] = {}  # the last figure of each vintage
        final_of: dict[int, int] = {}  # the final figure of each year, which a revision restates
        for i in idx:
            v, year, vintage = s.at[i, "value_std"], s.at[i, "year"], s.at[i, "vintage"]
            if pd.isna(v):
                continue
            prev = final_of.get(year) if vintage == "revised" else previous.get(vintage)
            if prev is not None:
                s.at[i, "change"] = change_between(v, s.at[prev, "value_std"], points)
                s.at[i, "previous_year"] = s.at[prev, "year"]
                s.at[i, "previous_vintage"] = s.at[prev, "vintage"]
            if (
                vintage == "target"
                and "target" in previous
                and ind["measure_type"] not in NO_IMPLIED_GROWTH
            ):
                pv, py = s.at[previous["target"], "value_std"], s.at[previous["target"], "year"]
                dy = year - py
                if dy > 0:
                    s.at[i, "implied_yearly"] = (
                        (v - pv) / dy
                        if points
                        else ((v / pv) ** (1 / dy) - 1) * 100
                        if pv > 0
                        else math.nan
                    )
            if vintage == "final":
                final_of.setdefault(year, i)
            if vintage != "revised":
                previous[vintage] = i
    judged = attainment_table(None, data_dir=data_dir, indicator_id=indicator_id).set_index(
        "target_id"
    )
    s["attainment"] = s["target_id"].map(judged["status"]).astype(STATUS_DTYPE)
    s["attainment_pct"] = s["target_id"].map(judged["pct_of_target"])
    s["change_unit"] = "百分点" if points else "%"
    return s


def summary_sentences(
    table: pd.DataFrame, indicator_id: str, lang: str = "en", data_dir=None
) -> list[str]:
    """One plain sentence per jurisdiction: how the targets moved and what was reported."""
    t = load_tables(data_dir)
    _ = translator(lang)
    name = t.indicators.loc[indicator_id, "name_zh" if lang == "zh" else "name_en"]
    out = []
    for jur, g in table.groupby("jurisdiction_id", sort=False):
        place = t.jurisdictions.loc[jur, "name_zh" if lang == "zh" else "name_en"]
        targets = g[(g["vintage"] == "target") & g["value_std"].notna()]
        reported = g[(g["vintage"] != "target") & g["value_std"].notna()]
        parts = []
        if len(targets) >= 2:
            a, b = targets.iloc[0], targets.iloc[-1]
            move = (
                _("the target rose from {old} ({old_year}) to {new} ({new_year})")
                if b["value_std"] > a["value_std"]
                else _("the target fell from {old} ({old_year}) to {new} ({new_year})")
                if b["value_std"] < a["value_std"]
                else _("the target stayed at {old} from {old_year} to {new_year}")
            )
            parts.append(
                move.format(
                    old=a["display"], old_year=a["year"], new=b["display"], new_year=b["year"]
                )
            )
        elif len(targets) == 1:
            a = targets.iloc[0]
            parts.append(
                _("target {figure} for {year}").format(figure=a["display"], year=a["year"])
            )
        said = {
            "preliminary": N_("preliminary {figure} for {year}"),
            "final": N_("final {figure} for {year}"),
            "revised": N_("{figure} for {year} as revised later"),
            "average": N_("average {figure} to {year}"),
        }
        for r in reported.itertuples():
            parts.append(label(said, r.vintage, lang).format(figure=r.display, year=r.year))
        gaps = int(g["flags"].fillna("").str.contains("missing_number").sum())
        if gaps:
            parts.append(
                messages(lang)
                .ngettext(
                    "{n} figure missing in the source", "{n} figures missing in the source", gaps
                )
                .format(n=gaps)
            )
        for _i, r in g[g["comparator"] == "relative"].iterrows():
            parts.append(
                _("relative target for {year}: “{quote}”").format(year=r["year"], quote=r["quote"])
            )
        if parts:
            out.append(
                _("{indicator} ({place}): {parts}.").format(
                    indicator=name, place=place, parts=_("; ").join(parts)
                )
            )
    return out
