"""How far reported figures move: a preliminary figure against the final one, a final one
against its later restatement."""

from __future__ import annotations

import itertools

import pandas as pd

from zjanalysis.analysis.attainment import best_outcome, outcome_order
from zjanalysis.analysis.series import VINTAGE_DTYPE, id_list, in_indicator_units, once, vintages
from zjanalysis.tables.loading import load_tables

COLUMNS = (
    "indicator_id",
    "jurisdiction_id",
    "year",
    "unit",
    "earlier",
    "earlier_vintage",
    "earlier_document_id",
    "later",
    "later_vintage",
    "later_document_id",
    "revision",
    "revision_pct",
)


def revisions_table(
    jurisdiction_id: str | list[str] | None = None,
    *,
    indicator_id: str | list[str] | None = None,
    data_dir=None,
) -> pd.DataFrame:
    """Every figure of a year replaced by a later one: each revision, in the order made
    (``zja.revisions``).

    Two steps can revise a year's figure: the first published preliminary figure (预计, or
    announced before the statistics) is replaced by the final one (official statistics first),
    and a final figure can be restated years later with another value (``revised``, e.g. after
    an economic census). ``revision`` is later − earlier in the indicator's unit (points for
    %), ``revision_pct`` the same as a per cent of the earlier figure.

    Args:
        jurisdiction_id: one place, a list of places, or ``None`` for every place.
        data_dir: data folder to read (default: the project's).
        indicator_id: one indicator, a list, or ``None`` for all.

    Example:
        >>> rev = zja.revisions("zhejiang", indicator_id="rd_intensity")
        >>> rev[["year", "earlier", "earlier_vintage", "later", "later_vintage", "revision"]]
    """
    t = load_tables(data_dir)
    places = id_list("jurisdiction", jurisdiction_id, t.jurisdictions.index)
    indicators = id_list("indicator", indicator_id, t.indicators.index)
    rep = once(t.targets)
    rep = rep[rep["kind"] != "target"].copy()
    if places is not None:
        rep = rep[rep["jurisdiction_id"].isin(places)]
    if indicators is not None:
        rep = rep[rep["indicator_id"].isin(indicators)]
    rep["value_std"] = in_indicator_units(rep, t.indicators, t.units)
    rep = rep[rep["value_std"].notna()]
    rep["vintage"] = vintages(rep, t.documents, revisions=True)
    rep["published_date"] = rep["document_id"].map(t.documents["published_date"])
    key = ["indicator_id", "jurisdiction_id", "year"]
    rep = rep[rep.groupby(key)["value_std"].transform("size") >= 2]  # one figure: no revision
    order = outcome_order(rep, t.documents)
    rows = []
    for (ind, jur, year), g in rep.groupby(key):
        prelim = g[g["vintage"] == "preliminary"].sort_values("published_date", na_position="last")
        final = g[g["vintage"] == "final"]
        chain = []  # the figures of the year, each replacing the one before
        if len(prelim) and len(final):
            chain.append(prelim.iloc[0])
        if len(final):
            chain.append(best_outcome(final, t.documents, order))
            chain += [
                r for _, r in g[g["vintage"] == "revised"].sort_values("published_date").iterrows()
            ]
        for a, b in itertools.pairwise(chain):
            rows.append(
                {
                    "indicator_id": ind,
                    "jurisdiction_id": jur,
                    "year": int(year),
                    "unit": t.indicators.loc[ind, "unit"],
                    "earlier": a["value_std"],
                    "earlier_vintage": a["vintage"],
                    "earlier_document_id": a["document_id"],
                    "later": b["value_std"],
                    "later_vintage": b["vintage"],
                    "later_document_id": b["document_id"],
                    "revision": b["value_std"] - a["value_std"],
                    "revision_pct": (b["value_std"] / a["value_std"] - 1) * 100
                    if a["value_std"]
                    else float("nan"),
                }
            )
    out = pd.DataFrame(rows, columns=list(COLUMNS))
    for column in ("earlier_vintage", "later_vintage"):
        out[column] = out[column].astype(VINTAGE_DTYPE)
    return out


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
