"""Whether a reported figure attains a target, and the targets-versus-results table."""

from __future__ import annotations

import math

import pandas as pd

from zjanalysis.tables.loading import load_tables

ATTAINED, MISSED, NOT_REPORTED, NOT_ASSESSABLE = (
    "attained",
    "missed",
    "not_reported",
    "not_assessable",
)
APPROX_TOLERANCE = 0.05  # '左右/约' counts as met within 5 % below the figure


def assess(target: pd.Series, reported: pd.Series) -> tuple[str, float]:
    """Status and reported/target percentage of one target against one reported figure.

    Both rows need ``value_std``, ``value_high_std`` and ``comparator``; rows of an indicator
    where lower is better (ranks, deadlines) are compared the other way round.
    """
    tv, rv = target["value_std"], reported["value_std"]
    if pd.isna(tv) or pd.isna(rv) or target["comparator"] == "relative":
        return NOT_ASSESSABLE, math.nan
    pct = rv / tv * 100 if tv else math.nan
    cmp_ = target["comparator"]
    if cmp_ == ">":
        ok = rv > tv
    elif cmp_ == "<=":
        ok = rv <= tv
    elif cmp_ == "<":
        ok = rv < tv
    elif cmp_ == "~":
        ok = rv >= tv * (1 - APPROX_TOLERANCE)
    else:  # '=', '>=', 'range': reaching the (lower) figure attains an aim stated with 达/以上
        ok = rv >= tv
    return (ATTAINED if ok else MISSED), pct


def best_outcome(outcomes: pd.DataFrame, documents: pd.DataFrame) -> pd.Series | None:
    """The reported figure a target is judged by, among those of its indicator, place and year.

    A final statistic (official statistics) comes before a preliminary figure (预计, or announced
    before the statistics were out), which comes before a result restated in a later document
    (such as a figure revised on a new GDP base); among equals, the latest published.
    """
    from zjanalysis.analysis.series import vintages

    if outcomes.empty:
        return None
    source = outcomes["document_id"].map(documents["source_type"])
    vintage = vintages(outcomes, documents)
    rank = (source != "official_statistics").astype(int) + (vintage != "preliminary").astype(int)
    rank = rank.where(source != "official_statistics", 0)
    published = pd.to_datetime(outcomes["document_id"].map(documents["published_date"]))
    order = pd.DataFrame({"rank": rank, "published": published}, index=outcomes.index)
    best = order.sort_values(["rank", "published"], ascending=[True, False], na_position="last")
    return outcomes.loc[best.index[0]]


def attainment_table(
    jurisdiction_id: str, year_from: int | None = None, year_to: int | None = None, data_dir=None
) -> pd.DataFrame:
    """Every target of one jurisdiction in the years, with its matching reported figure.

    A target matches a reported figure (actual or estimate) of the same indicator, place and
    year; values are compared in the indicator's canonical unit.
    """
    from zjanalysis.analysis.series import in_indicator_units, once

    t = load_tables(data_dir)
    figures = once(t.targets)
    tg = figures[figures["jurisdiction_id"] == jurisdiction_id].copy()
    if year_from is not None:
        tg = tg[tg["year"] >= year_from]
    if year_to is not None:
        tg = tg[tg["year"] <= year_to]
    tg["value_std"] = in_indicator_units(tg, t.indicators, t.units)
    tg["value_high_std"] = math.nan
    targets = tg[tg["kind"] == "target"]
    reported = tg[tg["kind"] != "target"]
    rows = []
    for _, tr in targets.iterrows():
        match = reported[
            (reported["indicator_id"] == tr["indicator_id"]) & (reported["year"] == tr["year"])
        ]
        rep = best_outcome(match, t.documents)
        if rep is None:
            status, pct = NOT_REPORTED, math.nan
        else:
            status, pct = assess(tr, rep)
        rows.append(
            {
                "indicator_id": tr["indicator_id"],
                "year": tr["year"],
                "target_id": tr["target_id"],
                "comparator": tr["comparator"],
                "target_value": tr["value"],
                "target_value_high": tr["value_high"],
                "unit": tr["unit"],
                "flags": tr["flags"],
                "reported_kind": None if rep is None else rep["kind"],
                "reported_document_id": None if rep is None else rep["document_id"],
                "reported_value": math.nan if rep is None else rep["value"],
                "reported_unit": None if rep is None else rep["unit"],
                "status": status,
                "reported_pct_of_target": pct,
                "document_id": tr["document_id"],
                "quote": tr["quote"],
            }
        )
    out = pd.DataFrame(rows)
    if not out.empty:
        out = out.sort_values(["year", "indicator_id"]).reset_index(drop=True)
    return out
