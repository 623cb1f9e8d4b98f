"""The path to a target still ahead: the yearly change it needs and where the recent trend leads.

The method follows the kind of quantity (``measure_type`` in the indicator catalogue):

- ``linear`` for shares, margins and ranks: a least-squares line through the last outcomes;
  changes in the indicator's unit per year (percentage points for %).
- ``compound`` for levels, amounts and stocks: a least-squares line through the logarithms,
  i.e. a constant growth rate; changes in per cent a year.
- ``recent_mean`` for growth rates and yearly flows (新增 counts): these do not accumulate, so
  the projection is the mean of the last three outcomes, or the latest outcome where the mean
  would turn the recent direction around; the needed change is linear.

A projection needs ``MIN_POINTS`` yearly outcomes (two, as the UN ESCAP progress assessment;
callers say when fewer than three carry it); it uses the last ``MAX_POINTS``. For ``recent_mean``
the needed figure is the target itself in its year, so no yearly change is given, and one
outcome is enough: the mean of what there is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from zjanalysis.errors import ParameterError

MIN_POINTS = 2
MAX_POINTS = 5
MEAN_POINTS = 3
METHODS = {
    "share": "linear",
    "change": "linear",
    "rank": "linear",
    "level": "compound",
    "amount": "compound",
    "count_total": "compound",
    "growth_rate": "recent_mean",
    "count_new": "recent_mean",
    "deadline": "recent_mean",
}


@dataclass(frozen=True)
class Path:
    """Where an indicator stands against a target ahead, and where its trend leads."""

    method: str
    latest_year: int
    latest_value: float
    needed_per_year: float  # change a year needed from the latest outcome to the target
    recent_per_year: float  # change a year in the recent outcomes (same measure as needed)
    projection: float  # the indicator in the target year if the recent trend holds; NaN if too few
    points: int  # outcomes the trend was fitted on
    per_year_in_percent: bool  # True: the two rates are per cent a year, else units a year


def method_for(measure_type: str, values) -> str:
    """The projection method of a measure; ``compound`` falls back to linear for non-positive data."""
    method = METHODS.get(measure_type, "linear")
    if method == "compound" and not all(v > 0 for v in values):
        return "linear"
    return method


def path_to(target_year: int, target_value: float, outcomes: pd.Series, measure_type: str) -> Path:
    """The path from the latest of ``outcomes`` (values indexed by year) to ``target_value``.

    ``outcomes`` holds one figure a year, all before ``target_year``; it must not be empty.
    """
    s = outcomes.dropna().sort_index()
    s = s[s.index < target_year]
    if s.empty:
        raise ParameterError("a path needs at least one outcome before the target year")
    recent = s.iloc[-MAX_POINTS:]
    years = np.asarray(recent.index, dtype=float)
    values = np.asarray(recent.values, dtype=float)
    latest_year, latest = int(years[-1]), float(values[-1])
    n = target_year - latest_year
    method = method_for(measure_type, values)
    enough = len(recent) >= (1 if method == "recent_mean" else MIN_POINTS)
    if method == "compound":
        needed = ((target_value / latest) ** (1 / n) - 1) * 100 if target_value > 0 else math.nan
        slope, intercept = (
            np.polyfit(years, np.log(values), 1) if len(recent) >= 2 else (math.nan,) * 2
        )
        recent_rate = (math.exp(slope) - 1) * 100 if len(recent) >= 2 else math.nan
        projection = math.exp(intercept + slope * target_year) if enough else math.nan
        return Path(method, latest_year, latest, needed, recent_rate, projection, len(recent), True)
    needed = (target_value - latest) / n if method == "linear" else math.nan
    slope, intercept = np.polyfit(years, values, 1) if len(recent) >= 2 else (math.nan,) * 2
    if method == "linear":
        projection = intercept + slope * target_year if enough else math.nan
    else:
        projection = float(values[-MEAN_POINTS:].mean()) if enough else math.nan
        if len(recent) >= 2 and enough:  # the mean never turns a falling series upward
            projection = min(projection, latest) if slope < 0 else max(projection, latest)
    return Path(
        method, latest_year, latest, needed, float(slope), float(projection), len(recent), False
    )
