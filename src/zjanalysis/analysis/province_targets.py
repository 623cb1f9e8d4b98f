"""One indicator, every province side by side: statistics by year, the reported figure of the
last year, the next year's target and the five-year goal, the yearly change each aim needs, ranks.

A province's figures come from two kinds of source: the national statistics bulletins, which
give some indicators for every province by year, and its own documents (a government work
report gives the year's results, the coming year's targets and the plan period's goals). The
latest figure is the newest of these before the target year (a final statistic first within a
year, as attainment judges); the yearly change an aim needs runs from it (``analysis.progress``:
points a year for shares, per cent a year for levels; none for rates and yearly flows, whose aim
is the figure itself). Ranks put the highest first (the lowest, for ranks and deadlines); ties
share a rank; an aim without a number (relative, or its digits lost) has none.
"""

from __future__ import annotations

import math

import pandas as pd

from zjanalysis.analysis.attainment import LOWER_IS_BETTER, Outcomes
from zjanalysis.analysis.progress import path_to
from zjanalysis.analysis.series import check_id, in_indicator_units, once
from zjanalysis.errors import NotFound
from zjanalysis.messages import check_lang
from zjanalysis.tables.formatting import format_value
from zjanalysis.tables.loading import load_tables

REPORTED_YEAR = 2025  # the results the 2026 work reports give
TARGET_YEAR = 2026  # their targets for the year
GOAL_YEAR = 2030  # the 15th five-year plan's goals
MIN_PROVINCES = 5  # provinces whose own documents must state an indicator for a default report
COUNTRY = "china"
AIMS = ("target", "goal")  # the two aims compared: TARGET_YEAR's and GOAL_YEAR's
STATISTICS = "official_statistics"


def _own_figures(indicator_id: str | None, t) -> pd.DataFrame:
    """Rows the provinces' own documents (not the bulletins) state, once each."""
    tg = once(t.targets)
    if indicator_id is not None:
        tg = tg[tg["indicator_id"] == indicator_id]
    level = tg["jurisdiction_id"].map(t.jurisdictions["level"])
    source = tg["document_id"].map(t.documents["source_type"])
    return tg[(level == "province") & (source != STATISTICS)]


def stated_by_provinces(min_provinces: int = MIN_PROVINCES, data_dir=None) -> list[str]:
    """Indicators that at least ``min_provinces`` provinces state in their own documents, in
    catalogue order."""
    t = load_tables(data_dir)
    counts = _own_figures(None, t).groupby("indicator_id")["jurisdiction_id"].nunique()
    return [i for i in t.indicators.index if counts.get(i, 0) >= min_provinces]


def _aim(rows: pd.DataFrame, year: int, t) -> pd.Series | None:
    """A province's aim for ``year``: its target row there, from the newest document."""
    aims = rows[(rows["kind"] == "target") & (rows["year"] == year)]
    if aims.empty:
        return None
    published = aims["document_id"].map(t.documents["published_date"])
    return aims.loc[published.sort_values(ascending=False, kind="stable").index[0]]


def _like(row: pd.Series) -> frozenset:
    """A figure's sort among running totals and yearly averages (``Outcomes.yearly``)."""
    flags = row["flags"] if isinstance(row["flags"], str) else ""
    return frozenset(flags.split(";")) & {"cumulative", "annual_average"}


def _rank(values: pd.Series, lower_is_better: bool) -> pd.Series:
    return values.rank(ascending=lower_is_better, method="min").astype("Int64")


def province_targets(
    indicator_id: str,
    highlight: str = "zhejiang",
    *,
    reported_year: int = REPORTED_YEAR,
    target_year: int = TARGET_YEAR,
    goal_year: int = GOAL_YEAR,
    lang: str = "en",
    data_dir=None,
) -> pd.DataFrame:
    """Every province with a figure of ``indicator_id``, one row each, its aims side by side.

    Columns: ``jurisdiction_id``, ``name_zh``, ``name_en``; ``statistics_<year>`` for each year
    the bulletins give (in the indicator's unit); ``reported_value``, ``reported_display``,
    ``reported_quote``, ``reported_document_id`` (the figure for ``reported_year``, best first);
    ``latest_year``, ``latest_value`` (the newest figure before ``target_year``); for each aim
    (``target`` in ``target_year``, ``goal`` in ``goal_year``): ``<aim>_value`` (in the
    indicator's unit), ``<aim>_display`` (as written, in ``lang``), ``<aim>_quote``, ``<aim>_document_id``,
    ``<aim>_needed`` (the yearly change from the latest figure) and ``<aim>_rank``; and
    ``latest_rank``. Sorted by the goal, then the target, then the latest figure (best first).

    ``attrs`` hold ``unit``, ``measure_type``, ``per_year_in_percent`` (whether ``needed`` is
    per cent a year), ``years`` (the three years), ``statistics_years``, ``country`` (China's
    latest statistic and its year, or NaN) and ``highlight``, a dict for the marked place:
    ``rank`` and ``of`` of each of ``latest``, ``target``, ``goal``, the ``leader`` of each and
    the ``gap`` to it (marked − leader, in the indicator's unit). Raises ``NotFound`` for an
    unknown id or an indicator no province states.

    Example:
        >>> table = zja.province_targets("rd_intensity", lang="zh")
        >>> table[["name_zh", "latest_value", "target_value", "goal_value"]].head()
    """
    check_lang(lang)
    t = load_tables(data_dir)
    check_id("indicator", indicator_id, t.indicators.index)
    check_id("jurisdiction", highlight, t.jurisdictions.index)
    ind = t.indicators.loc[indicator_id]
    measure = ind["measure_type"]
    lower = measure in LOWER_IS_BETTER
    figures = once(t.targets)
    figures = figures[figures["indicator_id"] == indicator_id].copy()
    figures["value_std"] = in_indicator_units(figures, t.indicators, t.units)
    source = figures["document_id"].map(t.documents["source_type"])
    level = figures["jurisdiction_id"].map(t.jurisdictions["level"])
    stats = figures[(source == STATISTICS) & (figures["kind"] == "actual")]
    stat_years = sorted(int(y) for y in stats.loc[level == "province", "year"].unique())
    places = [
        j
        for j in t.jurisdictions.index
        if j in set(figures.loc[level == "province", "jurisdiction_id"])
    ]
    outcomes = Outcomes.of(t)
    rows, in_percent = [], False  # the yearly change needed: per cent (levels) or units
    for j in places:
        mine = figures[figures["jurisdiction_id"] == j]
        own = mine[source[mine.index] != STATISTICS]
        row = {
            "jurisdiction_id": j,
            "name_zh": t.jurisdictions.loc[j, "name_zh"],
            "name_en": t.jurisdictions.loc[j, "name_en"],
        }
        by_year = stats[stats["jurisdiction_id"] == j].set_index("year")["value_std"]
        for y in stat_years:
            row[f"statistics_{y}"] = float(by_year.get(y, math.nan))
        aims = {a: _aim(own, y, t) for a, y in zip(AIMS, (target_year, goal_year), strict=True)}
        likes = [_like(r) for r in aims.values() if r is not None]
        if not likes:  # no aim: the kind of figure its latest statements are
            stated = mine[mine["kind"] != "target"].sort_values("year")
            likes = [_like(stated.iloc[-1])] if len(stated) else [frozenset()]

        def before(like: frozenset, j=j) -> pd.DataFrame | None:
            found = outcomes.yearly(indicator_id, j, set(like))
            return found[found.index < target_year] if found is not None else None

        yearly = before(likes[0])
        reported = None
        if yearly is not None and reported_year in yearly.index:
            reported = yearly.loc[reported_year]
        row["reported_value"] = math.nan if reported is None else reported["value_std"]
        row["reported_display"] = "" if reported is None else _display(reported, lang)
        row["reported_quote"] = "" if reported is None else reported["quote"]
        row["reported_document_id"] = None if reported is None else reported["document_id"]
        has_latest = yearly is not None and not yearly.empty
        row["latest_year"] = int(yearly.index[-1]) if has_latest else pd.NA
        row["latest_value"] = float(yearly["value_std"].iloc[-1]) if has_latest else math.nan
        for (aim, r), year in zip(aims.items(), (target_year, goal_year), strict=True):
            value = math.nan if r is None else float(r["value_std"])
            row[f"{aim}_value"] = value
            row[f"{aim}_display"] = "" if r is None else _display(r, lang)
            row[f"{aim}_quote"] = "" if r is None else r["quote"]
            row[f"{aim}_document_id"] = None if r is None else r["document_id"]
            row[f"{aim}_needed"] = math.nan
            path_from = before(_like(r)) if r is not None else None
            if path_from is not None and not path_from.empty and not math.isnan(value):
                path = path_to(year, value, path_from["value_std"], measure)
                row[f"{aim}_needed"] = path.needed_per_year
                in_percent = path.per_year_in_percent
        rows.append(row)
    out = pd.DataFrame(rows)
    if out.empty:
        raise NotFound(f"no province has a figure of {indicator_id}")
    out["latest_year"] = out["latest_year"].astype("Int64")
    for what in ("latest", *AIMS):
        out[f"{what}_rank"] = _rank(out[f"{what}_value"], lower)
    keys = [f"{w}_value" for w in ("goal", "target", "latest")]
    out = out.sort_values(keys, ascending=lower, na_position="last", kind="stable")
    out = out.reset_index(drop=True)
    country = stats[stats["jurisdiction_id"] == COUNTRY].sort_values("year")
    out.attrs.update(
        unit=ind["unit"],
        measure_type=measure,
        per_year_in_percent=in_percent,
        years={"reported": reported_year, "target": target_year, "goal": goal_year},
        statistics_years=stat_years,
        country=(
            (float(country["value_std"].iloc[-1]), int(country["year"].iloc[-1]))
            if len(country)
            else (math.nan, None)
        ),
        highlight=_standing(out, highlight),
    )
    return out


def _display(row: pd.Series, lang: str) -> str:
    return format_value(
        row["value"], row["value_high"], row["comparator"], row["unit"], row["flags"], lang
    )


def _standing(out: pd.DataFrame, highlight: str) -> dict:
    """Where ``highlight`` stands on the latest figure and on each aim."""
    standing = {"jurisdiction_id": highlight}
    mine = out[out["jurisdiction_id"] == highlight]
    for what in ("latest", *AIMS):
        ranked = out.dropna(subset=[f"{what}_value"])
        leader = ranked.sort_values(f"{what}_rank", kind="stable").iloc[0] if len(ranked) else None
        rank = mine[f"{what}_rank"].iloc[0] if len(mine) else pd.NA
        value = mine[f"{what}_value"].iloc[0] if len(mine) else math.nan
        standing[what] = {
            "rank": None if pd.isna(rank) else int(rank),
            "of": len(ranked),
            "value": value,
            "leader": None if leader is None else leader["jurisdiction_id"],
            "leader_value": math.nan if leader is None else leader[f"{what}_value"],
            "gap": math.nan if leader is None else value - leader[f"{what}_value"],
        }
    return standing
