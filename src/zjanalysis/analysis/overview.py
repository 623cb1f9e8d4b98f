"""Every indicator for one place and year, grouped by theme, with the previous figure."""

from __future__ import annotations

import pandas as pd

from zjanalysis.analysis.series import in_indicator_units, once, vintages
from zjanalysis.analysis.trend import change_between, uses_points
from zjanalysis.tables.formatting import format_frame
from zjanalysis.tables.loading import load_tables
from zjanalysis.tables.schema import THEMES


def overview_table(
    jurisdiction_id: str, year: int, *, lang: str = "en", data_dir=None
) -> pd.DataFrame:
    """One row per statement for ``jurisdiction_id`` in ``year``, in theme order.

    ``previous`` is the latest earlier figure with a number for the same indicator and place
    and of the same vintage — a target against an earlier target, a final figure against an
    earlier final one, a preliminary (预计) against an earlier preliminary — with its year;
    ``change`` compares the two in the indicator's unit (percentage points for shares and
    rates, per cent otherwise).
    """
    t = load_tables(data_dir)
    figures = once(t.targets)
    tg = figures[figures["jurisdiction_id"] == jurisdiction_id].copy()
    tg["value_std"] = in_indicator_units(tg, t.indicators, t.units)
    tg["display"] = format_frame(tg, lang)
    tg["vintage"] = vintages(tg, t.documents, revisions=True)
    tg["quote"] = t.quotes_shown(tg, lang)
    now = tg[tg["year"] == year].copy()
    rows = []
    for _, r in now.iterrows():
        earlier = tg[
            (tg["indicator_id"] == r["indicator_id"])
            & (tg["year"] < year)
            & tg["value_std"].notna()
            & (tg["vintage"] == r["vintage"])
        ]
        prev = earlier.sort_values(["year"]).iloc[-1] if len(earlier) else None
        ind = t.indicators.loc[r["indicator_id"]]
        points = uses_points(ind["unit"], t.units)
        change = float("nan")
        if prev is not None and pd.notna(r["value_std"]):
            change = change_between(r["value_std"], prev["value_std"], points)
        rows.append(
            {
                "theme": ind["theme"],
                "indicator_id": r["indicator_id"],
                "name_zh": ind["name_zh"],
                "name_en": ind["name_en"],
                "kind": r["kind"],
                "vintage": r["vintage"],
                "figure": r["display"],
                "value": r["value"],
                "unit": r["unit"],
                "previous_figure": None if prev is None else prev["display"],
                "previous_year": None if prev is None else prev["year"],
                "change": change,
                "change_unit": "百分点" if points else "%",
                "flags": r["flags"],
                "target_id": r["target_id"],
                "document_id": r["document_id"],
                "quote": r["quote"],
            }
        )
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    out["kind"] = out["kind"].astype(tg["kind"].dtype)  # ordered: target, estimate, actual
    out["vintage"] = out["vintage"].astype(tg["vintage"].dtype)
    out["theme_order"] = out["theme"].map({th: i for i, th in enumerate(THEMES)})
    out = out.sort_values(["theme_order", "indicator_id", "kind"]).drop(columns="theme_order")
    out["previous_year"] = out["previous_year"].astype("Int64")
    return out.reset_index(drop=True)
