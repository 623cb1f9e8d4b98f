"""Which indicators have figures in which years and places: the catalogue's coverage."""

from __future__ import annotations

import pandas as pd

from zjanalysis.analysis.series import once, places_in_texts
from zjanalysis.tables.loading import load_tables


def coverage(by: str = "year", data_dir=None) -> pd.DataFrame:
    """Figures (restatements counted once) per indicator (rows) and ``year`` or ``jurisdiction_id`` (columns)."""
    t = load_tables(data_dir)
    figures = once(t.targets)
    table = pd.crosstab(figures["indicator_id"], figures[by])
    table.insert(0, "name_zh", t.indicators.loc[table.index, "name_zh"])
    order = (
        table.drop(columns="name_zh")
        .gt(0)
        .sum(axis=1)
        .sort_values(ascending=False, kind="stable")
        .index
    )
    return table.loc[order]


def indicators_with_years(min_years: int = 2, data_dir=None) -> list[str]:
    """Indicators that have a figure with a number in at least ``min_years`` different years."""
    t = load_tables(data_dir)
    years = once(t.targets).dropna(subset=["value"]).groupby("indicator_id")["year"].nunique()
    return sorted(years[years >= min_years].index)


def indicators_with_trend(min_years: int = 2, data_dir=None) -> list[str]:
    """Indicators whose trend, in the places it shows by default (``places_in_texts``), has a
    figure with a number in at least ``min_years`` different years: a trend of one year is a
    single point (another province's figures for other years belong in the comparisons)."""
    t = load_tables(data_dir)
    figures = once(t.targets).dropna(subset=["value"])
    out = []
    for indicator_id, rows in figures.groupby("indicator_id", sort=True):
        places = places_in_texts(indicator_id, data_dir)
        shown = rows[rows["jurisdiction_id"].isin(places)] if places else rows
        if shown["year"].nunique() >= min_years:
            out.append(indicator_id)
    return out


def places_in_documents(min_documents: int = 2, data_dir=None) -> list[str]:
    """Places that at least ``min_documents`` policy texts (not the statistics bulletins)
    give figures for, in the catalogue's order: only there can a figure be set beside an
    earlier one of another document, or a target be judged (never by its own document)."""
    t = load_tables(data_dir)
    tg = t.targets
    texts = tg[tg["document_id"].map(t.documents["source_type"]) != "official_statistics"]
    counts = texts.groupby("jurisdiction_id")["document_id"].nunique()
    return [j for j in t.jurisdictions.index if counts.get(j, 0) >= min_documents]
