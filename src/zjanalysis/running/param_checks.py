"""Checks of parameter values against the curated tables (ids, years, data present)."""

from __future__ import annotations

from zjanalysis.analysis.series import check_id
from zjanalysis.errors import NotFound
from zjanalysis.messages import check_lang
from zjanalysis.running.parameters import YEAR_RANGE, ParameterError
from zjanalysis.tables.loading import load_tables


def check_values(name: str, values: dict, data_dir=None) -> None:
    """Refuse ids not in the catalogue, impossible years, and selections without data."""
    t = load_tables(data_dir)
    if "indicator_id" in values:  # an unknown id: NotFound, a ParameterError
        check_id("indicator", values["indicator_id"], t.indicators.index)
    if values.get("jurisdiction_id") is not None:
        check_id("jurisdiction", values["jurisdiction_id"], t.jurisdictions.index)
    for j in values.get("jurisdiction_ids") or []:
        check_id("jurisdiction", j, t.jurisdictions.index)
    if "document_id" in values:
        check_id("document", values["document_id"], t.documents.index)
    if "lang" in values:
        check_lang(values["lang"])
    lo, hi = YEAR_RANGE
    for key in ("year", "year_from", "year_to"):
        y = values.get(key)
        if y is not None and not lo <= y <= hi:
            raise ParameterError(f"{key} {y} is outside {lo}–{hi}")
    yf, yt = values.get("year_from"), values.get("year_to")
    if yf is not None and yt is not None and yf > yt:
        raise ParameterError(f"year_from {yf} is after year_to {yt}")

    tg = t.targets
    if "year_from" in values or "year_to" in values:
        if yf is not None:
            tg = tg[tg["year"] >= yf]
        if yt is not None:
            tg = tg[tg["year"] <= yt]
    if "indicator_id" in values:
        sel = tg[tg["indicator_id"] == values["indicator_id"]]
        if values.get("jurisdiction_ids"):
            sel = sel[sel["jurisdiction_id"].isin(values["jurisdiction_ids"])]
        if sel.empty:
            raise ParameterError(
                f"indicator '{values['indicator_id']}' has no figures for the places and years asked"
            )
    if values.get("jurisdiction_id") is not None:
        sel = tg[tg["jurisdiction_id"] == values["jurisdiction_id"]]
        if "year" in values:
            years = sorted({int(y) for y in sel["year"]})
            sel = sel[sel["year"] == values["year"]]
            if sel.empty:
                raise ParameterError(
                    f"{values['jurisdiction_id']} has no figures for {values['year']} (years with data: {', '.join(map(str, years)) or 'none'})"
                )
        if name == "target_attainment":
            sel = sel[sel["kind"] == "target"]
        if sel.empty:
            raise ParameterError(f"{values['jurisdiction_id']} has no figures in the years asked")
    if name == "province_comparison":
        _check_comparison(values, t, data_dir)
    if name == "province_targets":
        _check_targets(values, t)


def _check_targets(values: dict, t) -> None:
    """Some province must state the indicator; the marked place must be a province."""
    ind, mark = values.get("indicator_id"), values.get("highlight")
    rows = t.targets[t.targets["indicator_id"] == ind]
    if (
        ind is not None
        and not (rows["jurisdiction_id"].map(t.jurisdictions["level"]) == "province").any()
    ):
        raise ParameterError(f"no province has a figure of indicator '{ind}'")
    if mark is not None:
        try:
            check_id("jurisdiction", mark, t.jurisdictions.index)
        except NotFound as err:
            raise NotFound(f"highlight: {err}") from None
        if t.jurisdictions.loc[mark, "level"] != "province":
            raise ParameterError(f"highlight '{mark}' is not a province")


def _check_comparison(values: dict, t, data_dir) -> None:
    """The indicator and year must be in the official statistics; the marked place a province or China."""
    from zjanalysis.analysis.provinces import statistics_indicators, statistics_years

    ind, year, mark = values.get("indicator_id"), values.get("year"), values.get("highlight")
    covered = statistics_indicators(data_dir)
    if ind is not None and ind not in covered:
        raise ParameterError(
            f"indicator '{ind}' is not in the official statistics; compare provinces on: {', '.join(covered)}"
        )
    years = statistics_years(ind, data_dir) if ind is not None else []
    if year is not None and years and year not in years:
        raise ParameterError(
            f"no official statistics of {ind} for {year}; years: {', '.join(map(str, years))}"
        )
    if mark is not None:
        try:
            check_id("jurisdiction", mark, t.jurisdictions.index)
        except NotFound as err:
            raise NotFound(f"highlight: {err}") from None
        if t.jurisdictions.loc[mark, "level"] not in ("province", "country"):
            raise ParameterError(f"highlight '{mark}' is not a province or china")


def _listing(values, limit: int = 12) -> str:
    values = [str(v) for v in values]
    if len(values) <= limit:
        return ", ".join(values)
    return f"{len(values)} values: {', '.join(values[:limit])}, …"


def allowed_values(name: str, parameter: str, data_dir=None) -> str:
    """What ``parameter`` of report ``name`` accepts, as one line for ``zja report NAME -h``."""
    t = load_tables(data_dir)
    if parameter == "lang":
        return "zh, en"
    if parameter == "indicator_id":
        if name == "province_comparison":
            from zjanalysis.analysis.provinces import statistics_indicators

            return _listing(statistics_indicators(data_dir))
        if name == "province_targets":
            from zjanalysis.analysis.province_targets import stated_by_provinces

            return (
                _listing(stated_by_provinces(1, data_dir))
                + " (stated by a province's own documents)"
            )
        return _listing(t.indicators.index) + " (data/processed/indicators.csv)"
    if parameter in ("jurisdiction_id", "jurisdiction_ids", "highlight"):
        places = t.jurisdictions
        if parameter == "highlight":
            levels = ["province"] if name == "province_targets" else ["province", "country"]
            places = places[places["level"].isin(levels)]
        if name == "target_attainment":
            places = places[
                places.index.isin(t.targets.loc[t.targets["kind"] == "target", "jurisdiction_id"])
            ]
        return _listing(places.index) + " (data/processed/jurisdictions.csv)"
    if parameter == "document_id":
        return _listing(t.documents.index) + " (data/processed/documents.csv)"
    if parameter in ("year", "year_from", "year_to"):
        if name == "province_comparison":
            from zjanalysis.analysis.provinces import statistics_years

            return _listing(statistics_years("rd_intensity", data_dir)) + " (for rd_intensity)"
        years = sorted({int(y) for y in t.targets["year"]})
        return f"{years[0]}–{years[-1]} (years with figures)"
    return ""
