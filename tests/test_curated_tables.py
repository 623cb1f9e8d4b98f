"""The curated tables as shipped: complete, typed, traceable to the raw documents."""

from __future__ import annotations

import pandas as pd
import pytest

from zjanalysis import load_documents, load_indicators, load_jurisdictions, load_targets, series
from zjanalysis.tables.loading import load_tables
from zjanalysis.tables.quotes import find_quote

TABLES = load_tables()


def test_loaders_return_typed_frames():
    t = load_targets()
    assert str(t["year"].dtype) == "Int64"
    assert t["value"].dtype == "float64"
    assert str(t["kind"].dtype) == "string"
    assert pd.api.types.is_datetime64_any_dtype(load_documents()["published_date"])
    assert load_indicators().index.is_unique
    assert {"zhejiang", "shaoxing", "longgang", "zj_mountain_26_counties"} <= set(
        load_jurisdictions().index
    )


@pytest.mark.parametrize("target_id", list(TABLES.targets.index))
def test_every_quote_is_in_its_document(target_id):
    row = TABLES.targets.loc[target_id]
    assert find_quote(row["quote"], TABLES.raw_text(row["document_id"])) >= 0


def test_every_value_appears_in_its_quote():
    """A number is taken from the quote itself, never from elsewhere."""
    t = TABLES.targets.dropna(subset=["value"])
    for row in t.itertuples():
        written = f"{row.value:g}"
        assert written in row.quote.replace(",", ""), (row.target_id, written, row.quote)


def test_every_document_contributes_statements():
    counts = TABLES.targets["document_id"].value_counts()
    assert set(counts.index) == set(TABLES.documents.index)
    assert counts.sum() >= 120


def test_stripped_numbers_stay_empty_and_flagged():
    t = TABLES.targets
    flagged = t[t["flags"].fillna("").str.contains("missing_number")]
    assert len(flagged) >= 3
    assert flagged["value"].isna().all()
    # every gap the scrape left in the rectification plan's headline targets is recorded
    quotes = set(flagged["quote"])
    assert {"新增高新技术企业家", "技术合同成交额达亿元"} <= quotes


def test_ranges_have_both_ends():
    ranges = TABLES.targets[TABLES.targets["comparator"] == "range"]
    assert len(ranges) >= 4
    assert (ranges["value_high"] > ranges["value"]).all()


def test_indicator_aliases_are_unique_per_indicator():
    owners = {}
    for ind, aliases in TABLES.indicators["aliases"].dropna().items():
        for alias in aliases.split("|"):
            assert owners.setdefault(alias, ind) == ind, (
                f"{alias} maps to {owners[alias]} and {ind}"
            )


def test_rd_intensity_headline_series():
    s = series("rd_intensity", "zhejiang")
    assert list(zip(s["year"], s["kind"], s["value"], strict=True)) == [
        (2020, "target", 2.8),
        (2023, "estimate", 3.15),
        (2024, "target", 3.2),
    ]
    # the 2020 target is stated in two documents; both are kept as sources
    assert s.loc[0, "n_sources"] == 2


def test_series_converts_scaled_units():
    s = series("tech_smes_new", "zhejiang").dropna(subset=["value"])
    by_year = dict(zip(s["year"], s["value_std"], strict=True))
    assert by_year[2023] == pytest.approx(16000)
    assert by_year[2024] == pytest.approx(12000)


def test_series_unknown_id_suggests_the_right_one():
    with pytest.raises(KeyError, match="did you mean 'rd_intensity'"):
        series("rd_intensty")
