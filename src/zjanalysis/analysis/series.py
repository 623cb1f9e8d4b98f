"""One indicator across documents and years: the aligned series the reports are built on."""

from __future__ import annotations

import pandas as pd

from zjanalysis.errors import did_you_mean
from zjanalysis.tables.formatting import format_frame
from zjanalysis.tables.loading import load_tables
from zjanalysis.tables.schema import VINTAGE, pandas_dtype

VINTAGE_DTYPE = pandas_dtype(VINTAGE)  # ordered: target, preliminary, final, revised (average)
STATISTICS_MONTH = 10  # a year's statistics are final from October of the following year


class UnknownIdError(KeyError):
    """An id that is not in the catalogue; the message carries a 'did you mean' hint."""

    def __str__(self) -> str:
        return str(self.args[0])


def check_id(kind: str, value: str, known) -> None:
    """Raise ``UnknownIdError`` if ``value`` is not among ``known``."""
    if value not in known:
        hint = did_you_mean(value, known)
        raise UnknownIdError(f"unknown {kind} '{value}'" + (f" — {hint}" if hint else ""))


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
    out = pd.Series("preliminary", index=targets.index, dtype=VINTAGE_DTYPE)
    out[(targets["kind"] == "actual") & final] = "final"
    out[targets["kind"] == "target"] = "target"
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
    """Targets and reported values of one indicator, in year order.

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
        ``target_id``, ``published_date`` and ``source_type``.
    """
    t = load_tables(data_dir)
    check_id("indicator", indicator_id, t.indicators.index)
    df = t.targets[t.targets["indicator_id"] == indicator_id]
    if jurisdiction_id is not None:
        wanted = [jurisdiction_id] if isinstance(jurisdiction_id, str) else list(jurisdiction_id)
        for j in wanted:
            check_id("jurisdiction", j, t.jurisdictions.index)
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
