"""Which indicators have figures in which years and places: the catalogue's coverage."""

from __future__ import annotations

import pandas as pd

from zjanalysis.analysis.series import once
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
