"""One indicator across documents and years: the aligned series the reports are built on."""

from __future__ import annotations

from numbers import Integral

import pandas as pd

from zjanalysis.errors import NotFound, ParameterError, did_you_mean
from zjanalysis.messages import check_lang
from zjanalysis.tables.formatting import format_frame
from zjanalysis.tables.loading import load_tables
from zjanalysis.tables.schema import VINTAGE, pandas_dtype

VINTAGE_DTYPE = pandas_dtype(VINTAGE)  # ordered: target, preliminary, final, revised (average)
STATISTICS_MONTH = 10  # a year's statistics are final from October of the following year


def check_id(kind: str, value: str, known) -> None:
    """Raise ``NotFound`` (with a 'did you mean' hint) if ``value`` is not among ``known``."""
    if not isinstance(value, str) or value not in known:
        hint = did_you_mean(str(value), known)
        raise NotFound(f"unknown {kind} {value!r}" + (f" — {hint}" if hint else ""))


def check_years(**years) -> None:
    """Raise ``ParameterError`` unless each given year (``year_from=2020`` …) is a whole number
    or ``None``: a year written as text would select nothing, silently."""
    for name, year in years.items():
        if year is not None and (isinstance(year, bool) or not isinstance(year, Integral)):
            raise ParameterError(f"{name} must be a whole number, got {year!r}")


def id_list(kind: str, value: str | list[str] | None, known) -> list[str] | None:
    """One id, a list of ids or ``None`` (all) as a list (or ``None``), each checked."""
    if value is None:
        return None
    wanted = [value] if isinstance(value, str) else list(value)
    for v in wanted:
        check_id(kind, v, known)
    return wanted


def in_indicator_units(
    targets: pd.DataFrame, indicators: pd.DataFrame, unit_table: pd.DataFrame, column: str = "value"
) -> pd.Series:
    """Each row's ``column`` in its own indicator's canonical unit (NaN across dimensions).

    A row without a unit (a relative target) is read in the indicator's unit.
    """
    canon = targets["indicator_id"].map(indicators["unit"])
    unit = targets["unit"].fillna(canon)
    factor = unit.map(unit_table["factor"]).astype("float64") / canon.map(
        unit_table["factor"]
    ).astype("float64")
    same = unit.map(unit_table["dimension"]) == canon.map(unit_table["dimension"])
    return (targets[column].astype("float64") * factor).where(same)


KIND_VINTAGES = {"target": "target", "estimate": "preliminary", "actual": "final"}


def vintages_of_kinds(kinds: pd.Series) -> pd.Series:
    """What each figure is by its kind alone (``KIND_VINTAGES``: a 预计 estimate is
    preliminary, a result final), before its document's date is known; a frame of one's own
    without documents is drawn so."""
    return kinds.astype("string").map(KIND_VINTAGES).astype(VINTAGE_DTYPE)


def vintages(targets: pd.DataFrame, documents: pd.DataFrame, revisions: bool = False) -> pd.Series:
    """What each figure is: ``target``, ``preliminary`` or ``final`` (or ``revised``).

    A 预计 figure is preliminary; a result is final when it comes from official statistics, or
    from a document published from October of the following year on, when the national
    statistics for the year are out (the bulletins appear in August–October); a result
    announced earlier, or in an undated document, is preliminary. With ``revisions``, a final
    figure restated later with another value (Zhejiang's 2020 R&D intensity: 2.88% in the
    bulletin, 2.77% in the 2026 work report after the census revision) is ``revised``.
    """
    source = targets["document_id"].map(documents["source_type"])
    published = pd.to_datetime(targets["document_id"].map(documents["published_date"]))
    final_from = pd.to_datetime(
        (targets["year"].astype("Int64") + 1).astype(str) + f"-{STATISTICS_MONTH:02d}-01",
        errors="coerce",
    )
    late = (published >= final_from).fillna(False).astype(bool)
    final = (source == "official_statistics") | late
    out = vintages_of_kinds(targets["kind"])
    out[(targets["kind"] == "actual") & ~final] = "preliminary"
    if revisions:
        out[_restated(targets[out == "final"], published)] = "revised"
    return out


def _restated(finals: pd.DataFrame, published: pd.Series) -> pd.Index:
    """Final figures published after the first one of their indicator, place and year, in the
    same unit with another value."""
    key = ["indicator_id", "jurisdiction_id", "year"]
    order = finals.assign(published=published[finals.index]).sort_values(
        [*key, "published"], kind="stable", na_position="first"
    )
    first = order.groupby(key, sort=False)[["value", "unit"]].transform("first")
    other = (order["unit"].fillna("") == first["unit"].fillna("")) & (
        (order["value"] - first["value"]).abs() > 1e-9
    )
    return order.index[other.to_numpy()]


HOME = "zhejiang"  # the province the project follows first


def places_in_texts(indicator_id: str, data_dir=None) -> list[str]:
    """Places the policy texts (not the statistics bulletins) give this indicator for:
    Zhejiang and its places when the texts give it for them, else every place they give it for.

    The default set of places of a trend: the bulletins cover every province, and a place
    that only they mention, or another province's work report, belongs in a comparison
    across provinces (``province_comparison``), not in every trend. Empty when no text gives
    the indicator (then every place with figures is meant).
    """
    t = load_tables(data_dir)
    rows = t.targets[t.targets["indicator_id"] == indicator_id]
    texts = rows[rows["document_id"].map(t.documents["source_type"]) != "official_statistics"]
    have = [j for j in t.jurisdictions.index if j in set(texts["jurisdiction_id"])]
    home = [j for j in have if HOME in _lineage(j, t.jurisdictions["parent_id"])]
    return home or have


def _lineage(place: str, parents: pd.Series) -> list[str]:
    """``place`` and the places it lies in, up to the country."""
    out = [place]
    while isinstance(parents.get(out[-1]), str) and parents[out[-1]] not in out:
        out.append(parents[out[-1]])
    return out


def once(targets: pd.DataFrame) -> pd.DataFrame:
    """Each figure once: rows restating another (``same_as`` set) are left out."""
    return targets[targets["same_as"].isna()]


def series(
    indicator_id: str,
    jurisdiction_id: str | list[str] | None = "zhejiang",
    *,
    year_from: int | None = None,
    year_to: int | None = None,
    collapse: bool = True,
    lang: str = "en",
    data_dir=None,
) -> pd.DataFrame:
    """Targets and reported values of one indicator, every vintage, in year order
    (``zja.series``).

    Args:
        indicator_id: an id from the catalogue, e.g. ``"rd_intensity"``.
        jurisdiction_id: one id, a list of ids, or ``None`` for every jurisdiction.
        year_from, year_to: inclusive year bounds.
        collapse: one row per figure: a row restating another (``same_as``) merges into the
            first statement, whose ``sources`` then lists every document stating it.
        lang: language of the ``display`` column (``en`` or ``zh``).
        data_dir: data folder to read (default: the project's).

    Returns:
        One row per figure, every vintage kept and labelled, in year order (within a year:
        target, preliminary, final, revised): ``year, kind, vintage, comparator, value, value_high,
        unit``, ``value_std`` (value in the indicator's canonical unit), ``display``,
        ``flags``, ``document_id`` (first source), ``sources`` (all), ``quote`` (injected
        text removed and marked; a clean statement preferred),
        ``target_id``, ``published_date`` and ``source_type``. Raises ``NotFound`` for an
        unknown id, ``ParameterError`` for another language.

    Example:
        >>> s = zja.series("rd_intensity", "zhejiang", year_from=2020)
        >>> s[["year", "vintage", "display", "document_id"]].head()
    """
    check_lang(lang)
    check_years(year_from=year_from, year_to=year_to)
    t = load_tables(data_dir)
    check_id("indicator", indicator_id, t.indicators.index)
    df = t.targets[t.targets["indicator_id"] == indicator_id]
    wanted = id_list("jurisdiction", jurisdiction_id, t.jurisdictions.index)
    if wanted is not None:
        df = df[df["jurisdiction_id"].isin(wanted)]
    if year_from is not None:
        df = df[df["year"] >= year_from]
    if year_to is not None:
        df = df[df["year"] <= year_to]
    df = df.copy()
    unit = t.indicators.loc[indicator_id, "unit"]
    df["indicator_unit"] = unit
    df["value_std"] = in_indicator_units(df, t.indicators, t.units)
    df["value_high_std"] = in_indicator_units(df, t.indicators, t.units, "value_high")
    df["published_date"] = df["document_id"].map(t.documents["published_date"])
    df["source_type"] = df["document_id"].map(t.documents["source_type"])
    df["vintage"] = vintages(df, t.documents, revisions=True)
    df["flag_count"] = df["flags"].fillna("").str.len()
    df = df.sort_values(  # vintages in their declared order
        ["jurisdiction_id", "year", "vintage", "published_date", "flag_count", "target_id"]
    )
    df["display"] = format_frame(df, lang)
    df["statement_id"] = df["same_as"].fillna(df["target_id"])
    injected = t.injected_spans(df).str.len() > 0
    df["quote"] = t.quotes_shown(df, lang)
    if collapse and len(df):
        key = "statement_id"
        df["sources"] = df.groupby(key, sort=False)["document_id"].transform(
            lambda s: ";".join(dict.fromkeys(s))
        )
        df["n_sources"] = df.groupby(key, sort=False)["document_id"].transform("nunique")
        # one row per figure: the first statement whose quote is the source's own words
        chosen = injected.sort_values(kind="stable").index
        df = df.loc[df.index.isin(df.loc[chosen].drop_duplicates(key).index)]
    else:
        df["sources"] = df["document_id"]
        df["n_sources"] = 1
    cols = [
        "jurisdiction_id",
        "year",
        "kind",
        "vintage",
        "comparator",
        "value",
        "value_high",
        "unit",
        "value_std",
        "value_high_std",
        "indicator_unit",
        "display",
        "flags",
        "document_id",
        "sources",
        "n_sources",
        "quote",
        "target_id",
        "published_date",
        "source_type",
    ]
    return df[cols].reset_index(drop=True)
