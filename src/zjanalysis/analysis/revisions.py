"""How far preliminary figures move: each preliminary figure against the final one for its year."""

from __future__ import annotations

import pandas as pd

from zjanalysis.analysis.attainment import best_outcome
from zjanalysis.analysis.series import in_indicator_units, once, vintages
from zjanalysis.tables.loading import load_tables


def revisions_table(jurisdiction_id: str | None = None, data_dir=None) -> pd.DataFrame:
    """Every indicator, place and year with both a preliminary and a final figure.

    The preliminary figure is the first published (预计, or announced before the statistics);
    the final one is the figure a target is judged by (official statistics first). ``revision``
    is final − preliminary in the indicator's unit (points for %), ``revision_pct`` the same
    as a per cent of the preliminary figure.
    """
    t = load_tables(data_dir)
    rep = once(t.targets)
    rep = rep[rep["kind"] != "target"].copy()
    if jurisdiction_id is not None:
        rep = rep[rep["jurisdiction_id"] == jurisdiction_id]
    rep["value_std"] = in_indicator_units(rep, t.indicators, t.units)
    rep = rep[rep["value_std"].notna()]
    vintage = vintages(rep, t.documents)
    published = rep["document_id"].map(t.documents["published_date"])
    keys = pd.MultiIndex.from_frame(rep[["indicator_id", "jurisdiction_id", "year"]])
    both = keys.isin(keys[(vintage == "preliminary").to_numpy()]) & keys.isin(
        keys[(vintage == "final").to_numpy()]
    )
    rep = rep[both]  # the statistics alone (every province-year) revise nothing
    rep = rep[["indicator_id", "jurisdiction_id", "year", "kind", "document_id", "value_std"]]
    rep = rep.assign(vintage=vintage, published_date=published)
    rows = []
    for (ind, jur, year), g in rep.groupby(["indicator_id", "jurisdiction_id", "year"]):
        prelim = g[g["vintage"] == "preliminary"].sort_values("published_date", na_position="last")
        final = g[g["vintage"] == "final"]
        if prelim.empty or final.empty:
            continue
        p, f = prelim.iloc[0], best_outcome(final, t.documents)
        rows.append(
            {
                "indicator_id": ind,
                "jurisdiction_id": jur,
                "year": int(year),
                "unit": t.indicators.loc[ind, "unit"],
                "preliminary": p["value_std"],
                "preliminary_kind": p["kind"],
                "preliminary_document_id": p["document_id"],
                "final": f["value_std"],
                "final_document_id": f["document_id"],
                "revision": f["value_std"] - p["value_std"],
                "revision_pct": (f["value_std"] / p["value_std"] - 1) * 100
                if p["value_std"]
                else float("nan"),
            }
        )
    cols = [
        "indicator_id",
        "jurisdiction_id",
        "year",
        "unit",
        "preliminary",
        "preliminary_kind",
        "preliminary_document_id",
        "final",
        "final_document_id",
        "revision",
        "revision_pct",
    ]
    return pd.DataFrame(rows, columns=cols)


def revision_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Typical size and sign of the revisions, per indicator: count, mean, median, up/down."""
    if table.empty:
        return pd.DataFrame(
            columns=[
                "indicator_id",
                "unit",
                "n",
                "mean",
                "median",
                "mean_abs",
                "mean_pct",
                "up",
                "down",
                "unchanged",
            ]
        )
    g = table.groupby(["indicator_id", "unit"])
    out = pd.DataFrame(
        {
            "n": g.size(),
            "mean": g["revision"].mean(),
            "median": g["revision"].median(),
            "mean_abs": g["revision"].apply(lambda s: s.abs().mean()),
            "mean_pct": g["revision_pct"].mean(),
            "up": g["revision"].apply(lambda s: int((s > 1e-9).sum())),
            "down": g["revision"].apply(lambda s: int((s < -1e-9).sum())),
        }
    )
    out["unchanged"] = out["n"] - out["up"] - out["down"]
    return out.reset_index()
