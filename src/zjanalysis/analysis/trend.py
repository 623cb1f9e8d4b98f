"""Comparisons along one indicator's series: changes, implied yearly growth, attainment."""

from __future__ import annotations

import math

import pandas as pd

from zjanalysis.analysis.attainment import attainment_table
from zjanalysis.analysis.series import places_in_texts, series
from zjanalysis.tables.formatting import KIND_LABELS
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
    jurisdiction_ids: list[str] | None = None,
    year_from: int | None = None,
    year_to: int | None = None,
    lang: str = "en",
    data_dir=None,
) -> pd.DataFrame:
    """The series of one indicator with comparisons, one row per figure in year order.

    Adds ``change`` (from the previous figure with a number of the same sort — a target from
    the previous target, a result or estimate from the previous result or estimate — in
    percentage points for shares and rates, in per cent for levels), ``previous_year`` and
    ``previous_kind`` (what it was compared with), ``implied_yearly`` (from the previous target:
    points per year for shares, compound growth for levels), and, where a target and a reported
    figure exist for the same year, ``attainment`` and ``attainment_pct``.
    """
    t = load_tables(data_dir)
    s = series(
        indicator_id,
        jurisdiction_ids or places_in_texts(indicator_id, data_dir) or None,
        year_from=year_from,
        year_to=year_to,
        lang=lang,
        data_dir=data_dir,
    )
    ind = t.indicators.loc[indicator_id]
    points = uses_points(ind["unit"], t.units)
    s["change"] = math.nan
    s["previous_year"] = pd.Series([pd.NA] * len(s), dtype="Int64", index=s.index)
    s["previous_kind"] = pd.Series([None] * len(s), dtype="string", index=s.index)
    s["implied_yearly"] = math.nan
    s["attainment"] = pd.Series([None] * len(s), dtype="string")
    s["attainment_pct"] = math.nan
    for _, idx in s.groupby("jurisdiction_id", sort=False).groups.items():
        prev_target = prev_result = None
        for i in idx:
            v, year = s.at[i, "value_std"], s.at[i, "year"]
            if pd.isna(v):
                continue
            prev = prev_target if s.at[i, "kind"] == "target" else prev_result
            if prev is not None:
                s.at[i, "change"] = change_between(v, s.at[prev, "value_std"], points)
                s.at[i, "previous_year"] = s.at[prev, "year"]
                s.at[i, "previous_kind"] = s.at[prev, "kind"]
            if s.at[i, "kind"] == "target":
                if prev_target is not None and ind["measure_type"] not in NO_IMPLIED_GROWTH:
                    pv, py = s.at[prev_target, "value_std"], s.at[prev_target, "year"]
                    dy = year - py
                    if dy > 0:
                        s.at[i, "implied_yearly"] = (
                            (v - pv) / dy
                            if points
                            else ((v / pv) ** (1 / dy) - 1) * 100
                            if pv > 0
                            else math.nan
                        )
                prev_target = i
            else:
                prev_result = i
    judged = attainment_table(None, data_dir=data_dir, indicator_id=indicator_id).set_index(
        "target_id"
    )
    s["attainment"] = s["target_id"].map(judged["status"]).astype("string")
    s["attainment_pct"] = s["target_id"].map(judged["pct_of_target"])
    s["change_unit"] = "百分点" if points else "%"
    return s


def summary_sentences(
    table: pd.DataFrame, indicator_id: str, lang: str = "en", data_dir=None
) -> list[str]:
    """One plain sentence per jurisdiction: how the targets moved and what was reported."""
    t = load_tables(data_dir)
    ind = t.indicators.loc[indicator_id]
    name = ind["name_zh"] if lang == "zh" else ind["name_en"]
    out = []
    for jur, g in table.groupby("jurisdiction_id", sort=False):
        jname = t.jurisdictions.loc[jur, "name_zh" if lang == "zh" else "name_en"]
        targets = g[(g["kind"] == "target") & g["value_std"].notna()]
        reported = g[(g["kind"] != "target") & g["value_std"].notna()]
        parts = []
        if len(targets) >= 2:
            a, b = targets.iloc[0], targets.iloc[-1]
            if lang == "zh":
                verb = (
                    "提高到"
                    if b["value_std"] > a["value_std"]
                    else ("降至" if b["value_std"] < a["value_std"] else "保持")
                )
                parts.append(
                    f"目标从{a['year']}年的{a['display']}{verb}{b['year']}年的{b['display']}"
                )
            else:
                verb = (
                    "rose"
                    if b["value_std"] > a["value_std"]
                    else ("fell" if b["value_std"] < a["value_std"] else "stayed")
                )
                parts.append(
                    f"target {verb} from {a['display']} ({a['year']}) to {b['display']} ({b['year']})"
                )
        elif len(targets) == 1:
            a = targets.iloc[0]
            parts.append(
                f"{a['year']}年目标{a['display']}"
                if lang == "zh"
                else f"target {a['display']} for {a['year']}"
            )
        for _, r in reported.iterrows():
            label = KIND_LABELS[lang][r["kind"]]
            if lang == "zh":
                parts.append(f"{r['year']}年{label}{r['display']}")
            else:
                parts.append(  # a 预计 figure is an estimate, never "reported"
                    f"estimated {r['display']} in {r['year']} (预计, preliminary)"
                    if r["kind"] == "estimate"
                    else f"reported {r['display']} in {r['year']}"
                )
        gaps = int(g["flags"].fillna("").str.contains("missing_number").sum())
        if gaps:
            parts.append(
                f"{gaps}处数字在来源中缺失"
                if lang == "zh"
                else f"{gaps} figure(s) missing in the source"
            )
        for _, r in g[g["comparator"] == "relative"].iterrows():
            quote = f"“{r['quote']}”"
            parts.append(
                f"{r['year']}年相对目标{quote}"
                if lang == "zh"
                else f"relative target for {r['year']}: {quote}"
            )
        if not parts:
            continue
        if lang == "zh":
            out.append(f"{name}（{jname}）：" + "；".join(parts) + "。")
        else:
            body = "; ".join(parts)
            out.append(f"{name} ({jname}): {body[0].upper()}{body[1:]}.")
    return out
