"""Every province side by side, from the official statistics: a ranking and ranks across years."""

from __future__ import annotations

import pandas as pd

from zjanalysis.analysis.series import check_id, check_years
from zjanalysis.errors import NotFound
from zjanalysis.tables.loading import load_tables

COUNTRY = "china"


def _statistics(indicator_id: str, t) -> pd.DataFrame:
    rows = t.targets[
        (t.targets["indicator_id"] == indicator_id)
        & (t.targets["kind"] == "actual")
        & (t.targets["document_id"].map(t.documents["source_type"]) == "official_statistics")
    ]
    return rows[rows["value"].notna()]


def statistics_years(indicator_id: str, data_dir=None) -> list[int]:
    """Years for which the official statistics give this indicator for the provinces."""
    t = load_tables(data_dir)
    rows = _statistics(indicator_id, t)
    provinces = rows["jurisdiction_id"].map(t.jurisdictions["level"]) == "province"
    return sorted(int(y) for y in rows.loc[provinces, "year"].unique())


def statistics_indicators(data_dir=None) -> list[str]:
    """Indicators the official statistics give for every province in at least one year."""
    t = load_tables(data_dir)
    stats = t.targets[
        t.targets["document_id"].map(t.documents["source_type"]) == "official_statistics"
    ]
    return sorted(stats["indicator_id"].unique())


def province_ranking(indicator_id: str, year: int, *, data_dir=None) -> pd.DataFrame:
    """Provinces ranked by the indicator in one year, from the official statistics
    (``zja.compare_provinces``).

    Columns: ``rank`` (1 = highest; ties share the better rank), ``jurisdiction_id``,
    ``name_zh``, ``name_en``, ``value``, ``unit``, ``vs_country`` (value − national figure, in
    the unit), ``document_id``, ``locator``, ``quote``. The national figure is in
    ``attrs["country"]``. Raises ``NotFound`` for an unknown indicator or a year without
    statistics (the message lists the years with them).

    Example:
        >>> ranking = zja.compare_provinces("rd_intensity", 2023)
        >>> ranking[["rank", "name_zh", "value", "vs_country"]].head()
    """
    check_years(year=year)
    t = load_tables(data_dir)
    check_id("indicator", indicator_id, t.indicators.index)
    rows = _statistics(indicator_id, t)
    rows = rows[rows["year"] == year]
    level = rows["jurisdiction_id"].map(t.jurisdictions["level"])
    prov = rows[level == "province"].copy()
    if prov.empty:
        years = statistics_years(indicator_id, data_dir)
        raise NotFound(
            f"no official statistics of {indicator_id} for the provinces in {year}"
            + (f"; years with them: {', '.join(map(str, years))}" if years else "")
        )
    country = rows[rows["jurisdiction_id"] == COUNTRY]
    national = float(country["value"].iloc[0]) if len(country) else float("nan")
    prov["rank"] = prov["value"].rank(ascending=False, method="min").astype(int)
    prov["name_zh"] = prov["jurisdiction_id"].map(t.jurisdictions["name_zh"])
    prov["name_en"] = prov["jurisdiction_id"].map(t.jurisdictions["name_en"])
    prov["vs_country"] = prov["value"] - national
    out = prov.sort_values(["rank", "jurisdiction_id"])[
        [
            "rank",
            "jurisdiction_id",
            "name_zh",
            "name_en",
            "value",
            "unit",
            "vs_country",
            "document_id",
            "locator",
            "quote",
        ]
    ].reset_index(drop=True)
    out.attrs["country"] = national
    out.attrs["country_document_id"] = country["document_id"].iloc[0] if len(country) else None
    return out


def rank_history(
    indicator_id: str, jurisdiction_id: str = "zhejiang", *, data_dir=None
) -> pd.DataFrame:
    """One province's rank among the provinces in every year the statistics give the indicator.

    Columns: ``year``, ``rank`` (1 = highest), ``of`` (provinces ranked), ``value``,
    ``country`` (the national figure). Raises ``NotFound`` for an unknown id.

    Example:
        >>> zja.rank_history("rd_intensity", "zhejiang").tail(3)
    """
    t = load_tables(data_dir)
    check_id("indicator", indicator_id, t.indicators.index)
    check_id("jurisdiction", jurisdiction_id, t.jurisdictions.index)
    rows = []
    for year in statistics_years(indicator_id, data_dir):
        r = province_ranking(indicator_id, year, data_dir=data_dir)
        mine = r[r["jurisdiction_id"] == jurisdiction_id]
        rows.append(
            {
                "year": year,
                "rank": int(mine["rank"].iloc[0]) if len(mine) else pd.NA,
                "of": len(r),
                "value": float(mine["value"].iloc[0]) if len(mine) else float("nan"),
                "country": r.attrs["country"],
            }
        )
    out = pd.DataFrame(rows, columns=["year", "rank", "of", "value", "country"])
    out["rank"] = out["rank"].astype("Int64")
    return out
