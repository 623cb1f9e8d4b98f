"""Was a target met, and is a target still ahead on track: one status per target, with its reason.

Statuses, in the vocabulary of official mid-term reviews:

- ``achieved_early`` (提前实现): a stock or share reached the target before its year;
- ``achieved`` / ``missed``: the outcome of the target's year meets the target or not;
- ``on_track`` / ``lagging`` (基本符合预期 / 相对滞后): a target whose outcome is not known yet,
  judged by projecting the recent outcomes to its year (see ``analysis.progress``);
- ``not_yet_due``: a target ahead with too few outcomes to project;
- ``insufficient_data``: the pair cannot be compared honestly; ``reason`` says why.

A target's outcome is known once its year's final statistics could be out: from October of the
following year (``series.STATISTICS_MONTH``) by the date of the newest document in the tables,
the "as of" date of every judgement, so a report depends on the data, not on the day it runs.
"""

from __future__ import annotations

import math

import pandas as pd

from zjanalysis.analysis.progress import path_to
from zjanalysis.analysis.series import (
    STATISTICS_MONTH,
    VINTAGE_DTYPE,
    check_years,
    id_list,
    in_indicator_units,
    once,
    vintages,
)
from zjanalysis.messages import check_lang, translator
from zjanalysis.tables.loading import load_tables
from zjanalysis.tables.schema import STATUS, pandas_dtype

STATUS_DTYPE = pandas_dtype(STATUS)  # ordered as STATUSES: achieved_early … insufficient_data
APPROX_TOLERANCE = 0.05  # '~' (约, 左右): met within 5 % of the figure on the wrong side
LOWER_IS_BETTER = {"rank", "deadline"}
STOCKS = {"share", "level", "amount", "count_total", "rank"}  # reached once, stays reached


def meets(value: float, target: float, comparator: str, lower_is_better: bool = False) -> bool:
    """Whether ``value`` meets ``target`` under ``comparator``.

    Explicit inequalities are taken as written. A plain figure (``=``, 达到/新增 X), the lower
    end of a ``range`` and an approximate ``~`` figure are aims to reach: at least the figure
    (at most, for ranks and deadlines), ``~`` within ``APPROX_TOLERANCE``; overshooting meets.
    """
    if comparator == ">":
        return value > target
    if comparator == ">=":
        return value >= target
    if comparator == "<":
        return value < target
    if comparator == "<=":
        return value <= target
    slack = abs(target) * APPROX_TOLERANCE if comparator == "~" else 0.0
    return value <= target + slack if lower_is_better else value >= target - slack


def percent_of_target(value: float, target: float, lower_is_better: bool = False) -> float:
    """The outcome as a per cent of the target (inverted for ranks and deadlines)."""
    if lower_is_better:
        return target / value * 100 if value else math.nan
    return value / target * 100 if target else math.nan


def outcome_order(outcomes: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """``rank`` (0 official statistics, 1 preliminary, 2 restated) and ``published`` of each
    reported figure: the keys ``best_outcome`` sorts by."""
    source = outcomes["document_id"].map(documents["source_type"])
    vintage = vintages(outcomes, documents)
    rank = (source != "official_statistics").astype(int) + (vintage != "preliminary").astype(int)
    rank = rank.where(source != "official_statistics", 0)
    published = pd.to_datetime(outcomes["document_id"].map(documents["published_date"]))
    return pd.DataFrame({"rank": rank, "published": published}, index=outcomes.index)


ORDER = dict(by=["rank", "published"], ascending=[True, False], na_position="last", kind="stable")


def best_outcome(
    outcomes: pd.DataFrame, documents: pd.DataFrame, order: pd.DataFrame | None = None
) -> pd.Series | None:
    """The reported figure a target is judged by, among those of its indicator, place and year.

    A final statistic (official statistics) comes before a preliminary figure (预计, or announced
    before the statistics were out), which comes before a result restated in a later document
    (such as a figure revised on a new GDP base); among equals, the latest published.
    ``order``: ``outcome_order`` of these rows or more, when made once for many calls.
    """
    if outcomes.empty:
        return None
    order = outcome_order(outcomes, documents) if order is None else order.loc[outcomes.index]
    return outcomes.loc[order.sort_values(**ORDER).index[0]]


def as_of_date(documents: pd.DataFrame) -> pd.Timestamp:
    """The date the judgements speak for: the newest document in the tables."""
    return pd.to_datetime(documents["published_date"]).max()


def outcome_known(year: int, as_of: pd.Timestamp) -> bool:
    """True once a year's final statistics could be out by ``as_of``."""
    return as_of >= pd.Timestamp(year + 1, STATISTICS_MONTH, 1)


def _flags(row) -> set[str]:
    f = row["flags"]
    return (
        set(f)
        if isinstance(f, list | tuple)
        else set(str(f).split(";"))
        if isinstance(f, str)
        else set()
    )


class Outcomes:
    """Every reported figure once, in its indicator's unit, looked up by indicator and place."""

    _last: tuple = (None, None)  # (tables, their outcomes): a report judges from one loading

    @classmethod
    def of(cls, t) -> Outcomes:
        """The outcomes of loaded tables ``t``, made once per loading (tables are not changed
        once loaded; a changed file loads new ones)."""
        if cls._last[0] is not t:
            cls._last = (t, cls(t))
        return cls._last[1]

    def __init__(self, t):
        figures = once(t.targets)
        rep = figures[figures["kind"] != "target"].copy()
        rep["value_std"] = in_indicator_units(rep, t.indicators, t.units)
        rep["vintage"] = vintages(rep, t.documents)
        rep["flagset"] = rep.apply(_flags, axis=1)
        order = outcome_order(rep, t.documents)
        rep = rep.loc[order.sort_values(**ORDER).index]  # best first within every group
        self.documents = t.documents
        self._by_key = {k: g for k, g in rep.groupby(["indicator_id", "jurisdiction_id"])}
        self._yearly: dict[tuple, pd.DataFrame | None] = {}

    def yearly(
        self, indicator_id: str, jurisdiction_id: str, like: set[str], besides: str | None = None
    ) -> pd.DataFrame:
        """The best outcome per year, among figures flagged like the target.

        ``like``: the target's flags among ``cumulative`` and ``annual_average``; a running total
        is compared only with running totals, a yearly average only with yearly averages.
        ``besides``: a document whose figures are left out (the target's own).
        """
        key = (indicator_id, jurisdiction_id, frozenset(like), besides)
        if key not in self._yearly:
            self._yearly[key] = self._best_per_year(indicator_id, jurisdiction_id, like, besides)
        return self._yearly[key]

    def _best_per_year(self, indicator_id: str, jurisdiction_id: str, like: set[str], besides):
        g = self._by_key.get((indicator_id, jurisdiction_id))
        if g is None:
            return g
        kinds = {"cumulative", "annual_average"}
        g = g[g["flagset"].map(lambda f: f & kinds == like) & g["value_std"].notna()]
        if besides is not None:
            g = g[g["document_id"] != besides]
        if g.empty:
            return None
        best = g.drop_duplicates("year").sort_values("year", kind="stable")  # rows: best first
        return best.set_index("year", drop=False)


def reached_outright(value: float, target: float, comparator: str, lower: bool) -> bool:
    """Met without the tolerance of ``~``: what reaching a target early needs."""
    plain = comparator if comparator in (">", "<", "<=", ">=") else ("<=" if lower else ">=")
    return meets(value, target, plain, lower)


def _judge_reached(value, target, cmp_, lower, earlier: pd.DataFrame | None) -> str:
    if not meets(value, target, cmp_, lower):
        return "missed"
    if earlier is not None and any(
        reached_outright(v, target, cmp_, lower) for v in earlier["value_std"]
    ):
        return "achieved_early"
    return "achieved"


def _add_reason(out: dict, text: str) -> None:
    """Append a reason (already in the report's language) to ``reasons``."""
    out["reasons"].append(text)


def judge(target: pd.Series, outcomes: Outcomes, t, as_of: pd.Timestamp, lang: str = "en") -> dict:
    """Status, reason (in ``lang``), outcome used and path for one target row (``value_std``
    set). A target is never judged met by its own document: the outcome it is compared with,
    and any earlier figure that reached it, come from other documents."""
    _ = translator(lang)
    out = _judge(target, outcomes, t, as_of, lang)
    out["reason"] = _("; ").join(out.pop("reasons"))
    return out


def _judge(target: pd.Series, outcomes: Outcomes, t, as_of: pd.Timestamp, lang: str) -> dict:
    _ = translator(lang)
    ind = t.indicators.loc[target["indicator_id"]]
    measure = ind["measure_type"]
    lower = measure in LOWER_IS_BETTER
    year, tv, cmp_ = int(target["year"]), target["value_std"], target["comparator"]
    flags = _flags(target)
    like = flags & {"cumulative", "annual_average"}
    out: dict = {"status": "insufficient_data", "reasons": []}
    names = t.jurisdictions
    name = "name_zh" if lang == "zh" else "name_en"
    own = target["document_id"]

    def figure_name(jur, y):
        return _("{indicator} of {place} in {year}").format(
            indicator=ind[name], place=names.at[jur, name], year=y
        )

    def use(row, prefix="outcome"):
        out[f"{prefix}_year"] = int(row["year"])
        out[f"{prefix}_value"] = row["value"]
        out[f"{prefix}_unit"] = row["unit"]
        out[f"{prefix}_value_std"] = row["value_std"]
        out[f"{prefix}_vintage"] = row["vintage"]
        out[f"{prefix}_document_id"] = row["document_id"]

    if cmp_ == "relative":
        ref = target.get("relative_to")
        if not isinstance(ref, str) or not ref:
            _add_reason(
                out,
                _("stated against a quantity the tables do not hold: “{quote}”").format(
                    quote=target["quote"]
                ),
            )
            return out
        mine = outcomes.yearly(target["indicator_id"], target["jurisdiction_id"], like, own)
        other = outcomes.yearly(target["indicator_id"], ref, like, own)
        absent = [
            j
            for j, s in ((target["jurisdiction_id"], mine), (ref, other))
            if s is None or year not in s.index
        ]
        if other is not None and year in other.index:
            use(other.loc[year], "reference")
        if mine is not None and year in mine.index:
            use(mine.loc[year])
        if absent:
            for j in absent:
                _add_reason(
                    out, _("needs {figure}, not in the tables").format(figure=figure_name(j, year))
                )
            if ref not in absent:
                r = other.loc[year]
                _add_reason(
                    out,
                    _("the reference, {figure}, is {value}").format(
                        figure=figure_name(ref, year), value=f"{r['value_std']:g}"
                    ),
                )
            return out
        rv, refv = mine.loc[year, "value_std"], other.loc[year, "value_std"]
        out["status"] = "achieved" if meets(rv, refv, "<" if lower else ">") else "missed"
        out["pct_of_target"] = percent_of_target(rv, refv, lower)
        out["gap"] = rv - refv
        return out
    if pd.isna(tv):
        if "missing_number" in flags:
            _add_reason(out, _("the target's number is missing in the source"))
        else:
            _add_reason(out, _("the target's unit does not convert to the indicator's"))
        return out

    yearly = outcomes.yearly(target["indicator_id"], target["jurisdiction_id"], like, own)
    if "annual_average" in flags and (yearly is None or year not in yearly.index):
        return _judge_average(target, ind, outcomes, t, as_of, out, _)
    if yearly is not None and year in yearly.index:
        row = yearly.loc[year]
        use(row)
        rv = row["value_std"]
        started = int(t.documents.loc[target["document_id"], "period_from"])
        earlier = (
            yearly[(yearly.index < year) & (yearly.index >= started)] if measure in STOCKS else None
        )
        out["status"] = _judge_reached(rv, tv, cmp_, lower, earlier)
        out["pct_of_target"] = percent_of_target(rv, tv, lower)
        out["gap"] = rv - tv
        if row["vintage"] == "preliminary":
            _add_reason(out, _("decided by a preliminary figure, which may be revised"))
        return out
    if outcome_known(year, as_of):
        _add_reason(out, _("no reported figure for {year}").format(year=year))
        return out
    baseline = outcomes.yearly(target["indicator_id"], target["jurisdiction_id"], like)
    before = baseline[baseline.index < year] if baseline is not None else None
    if before is None or before.empty:
        out["status"] = "not_yet_due"
        _add_reason(out, _("no outcome yet before {year}").format(year=year))
        return out
    latest = before.iloc[-1]
    use(latest)
    out["gap"] = latest["value_std"] - tv
    out["pct_of_target"] = percent_of_target(latest["value_std"], tv, lower)
    path = path_to(year, tv, before["value_std"], measure)
    out.update(
        path_method=path.method,
        needed_per_year=path.needed_per_year,
        recent_per_year=path.recent_per_year,
        projection=path.projection,
        path_points=path.points,
        per_year_in_percent=path.per_year_in_percent,
    )
    reached = yearly[yearly.index < year] if yearly is not None else before.iloc[:0]
    if (
        measure in STOCKS
        and any(  # reached already, by another document's figure
            reached_outright(v, tv, cmp_, lower) for v in reached["value_std"].iloc[-1:]
        )
    ):
        out["status"] = "achieved_early"
    elif math.isnan(path.projection):
        out["status"] = "not_yet_due"
        _add_reason(out, _("one outcome before {year}: too few for a trend").format(year=year))
    else:
        out["status"] = "on_track" if meets(path.projection, tv, cmp_, lower) else "lagging"
        if path.points < 3 and path.method != "recent_mean":
            _add_reason(out, _("trend from only two outcomes"))
    if latest["vintage"] == "preliminary":
        _add_reason(out, _("the latest outcome is preliminary"))
    return out


def _judge_average(target, ind, outcomes: Outcomes, t, as_of, out: dict, _) -> dict:
    """A 年均 target: the mean of the yearly outcomes over its period (from the document's first year)."""
    year, tv = int(target["year"]), target["value_std"]
    first = int(t.documents.loc[target["document_id"], "period_from"])
    yearly = outcomes.yearly(
        target["indicator_id"], target["jurisdiction_id"], set(), target["document_id"]
    )
    span = range(first, year + 1)
    have = [] if yearly is None else [y for y in span if y in yearly.index]
    missing = [y for y in span if y not in have]
    lower = ind["measure_type"] in LOWER_IS_BETTER
    if have:
        mean = float(yearly.loc[have, "value_std"].mean())
        out.update(outcome_year=max(have), outcome_value_std=mean, outcome_vintage="average")
        out["pct_of_target"] = percent_of_target(mean, tv, lower)
        out["gap"] = mean - tv
    if not missing:
        out["status"] = "achieved" if meets(mean, tv, target["comparator"], lower) else "missed"
        _add_reason(
            out, _("mean of the yearly figures {first}–{last}").format(first=first, last=year)
        )
        return out
    if outcome_known(year, as_of) or not have:
        out["status"] = "insufficient_data" if outcome_known(year, as_of) else "not_yet_due"
        gaps = ", ".join(map(str, missing))
        _add_reason(
            out,
            _("a yearly average {first}–{last} needs each year's figure; missing {years}").format(
                first=first, last=year, years=gaps
            ),
        )
        return out
    out["status"] = "on_track" if meets(mean, tv, target["comparator"], lower) else "lagging"
    done = ", ".join(map(str, have))
    _add_reason(out, _("mean of the yearly figures so far ({years})").format(years=done))
    return out


ATTAINMENT_COLUMNS = (
    "jurisdiction_id",
    "indicator_id",
    "measure_type",
    "year",
    "target_id",
    "comparator",
    "target_value",
    "target_value_high",
    "unit",
    "target_value_std",
    "indicator_unit",
    "flags",
    "relative_to",
    "status",
    "reason",
    "outcome_year",
    "outcome_value",
    "outcome_unit",
    "outcome_value_std",
    "outcome_vintage",
    "outcome_document_id",
    "reference_value_std",
    "reference_document_id",
    "pct_of_target",
    "gap",
    "path_method",
    "needed_per_year",
    "recent_per_year",
    "projection",
    "path_points",
    "per_year_in_percent",
    "document_id",
    "quote",
    "as_of",
)


def attainment_table(
    jurisdiction_id: str | list[str] | None = None,
    *,
    year_from: int | None = None,
    year_to: int | None = None,
    indicator_id: str | list[str] | None = None,
    lang: str = "en",
    data_dir=None,
) -> pd.DataFrame:
    """Every target, judged: met, missed, on track or lagging, and why (``zja.attainment``).

    Args:
        jurisdiction_id: one place, a list of places, or ``None`` for every place.
        year_from, year_to: inclusive bounds of the targets' years.
        indicator_id: one indicator, a list, or ``None`` for all.
        lang: language of the ``reason`` column (``en`` or ``zh``).
        data_dir: data folder to read (default: the project's).

    Returns:
        One row per target figure (restatements count once): the target, its ``status`` and
        ``reason``, the outcome used (its year, value, vintage and document), per cent of
        target, gap in the indicator's unit, and for a target ahead the path needed, the
        recent yearly change and the projection. Raises ``NotFound`` for an unknown id.

    Example:
        >>> at = zja.attainment("zhejiang", year_from=2020, indicator_id="rd_intensity")
        >>> at[["year", "target_value", "outcome_value", "status"]]
    """
    check_lang(lang)
    check_years(year_from=year_from, year_to=year_to)
    t = load_tables(data_dir)
    places = id_list("jurisdiction", jurisdiction_id, t.jurisdictions.index)
    indicators = id_list("indicator", indicator_id, t.indicators.index)
    figures = once(t.targets)
    tg = figures[figures["kind"] == "target"]
    if places is not None:
        tg = tg[tg["jurisdiction_id"].isin(places)]
    if indicators is not None:
        tg = tg[tg["indicator_id"].isin(indicators)]
    if year_from is not None:
        tg = tg[tg["year"] >= year_from]
    if year_to is not None:
        tg = tg[tg["year"] <= year_to]
    tg = tg.copy()
    tg["value_std"] = in_indicator_units(tg, t.indicators, t.units)
    tg["quote"] = t.quotes_shown(tg, lang)
    outcomes = Outcomes.of(t)
    as_of = as_of_date(t.documents)
    rows = []
    for _, tr in tg.iterrows():
        j = judge(tr, outcomes, t, as_of, lang)
        rows.append(
            {
                "jurisdiction_id": tr["jurisdiction_id"],
                "indicator_id": tr["indicator_id"],
                "measure_type": t.indicators.loc[tr["indicator_id"], "measure_type"],
                "year": int(tr["year"]),
                "target_id": tr["target_id"],
                "comparator": tr["comparator"],
                "target_value": tr["value"],
                "target_value_high": tr["value_high"],
                "unit": tr["unit"],
                "target_value_std": tr["value_std"],
                "indicator_unit": t.indicators.loc[tr["indicator_id"], "unit"],
                "flags": tr["flags"],
                "relative_to": tr.get("relative_to"),
                "document_id": tr["document_id"],
                "quote": tr["quote"],
                "as_of": as_of.date().isoformat(),
                **j,
            }
        )
    out = pd.DataFrame(rows, columns=list(ATTAINMENT_COLUMNS))
    for c in ("pct_of_target", "gap", "needed_per_year", "recent_per_year", "projection"):
        out[c] = out[c].astype("float64")
    for c in ("outcome_year", "path_points"):
        out[c] = out[c].astype("Int64")
    out["per_year_in_percent"] = out["per_year_in_percent"].astype("boolean")  # NA: no path
    out["status"] = out["status"].astype(STATUS_DTYPE)
    out["comparator"] = out["comparator"].astype(t.targets["comparator"].dtype)
    out["outcome_vintage"] = out["outcome_vintage"].astype(VINTAGE_DTYPE)
    if not out.empty:
        out = out.sort_values(["jurisdiction_id", "year", "indicator_id"]).reset_index(drop=True)
    return out
