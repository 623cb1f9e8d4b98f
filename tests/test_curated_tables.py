"""The curated tables as shipped: complete, typed, traceable to the raw documents."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from zjanalysis import documents, indicators, jurisdictions, series, targets, units
from zjanalysis.analysis.attainment import attainment_table
from zjanalysis.analysis.overview import overview_table
from zjanalysis.analysis.revisions import revisions_table
from zjanalysis.analysis.trend import trend_table
from zjanalysis.tables import schema
from zjanalysis.tables.loading import load_tables
from zjanalysis.tables.numerals import chinese_number
from zjanalysis.tables.quotes import find_quote

TABLES = load_tables()


LOADERS = {
    "targets": targets,
    "indicators": indicators,
    "documents": documents,
    "jurisdictions": jurisdictions,
    "units": units,
}


@pytest.mark.parametrize("name", list(schema.TABLES))
def test_every_loader_gives_the_declared_dtypes(name):
    """Each loader and load_tables give one table the same dtypes: its declaration's."""
    declared = schema.pandas_dtypes(schema.TABLES[name])
    for frame in (LOADERS[name](), getattr(TABLES, name)):
        assert list(frame.columns) == list(declared)
        assert {c: frame[c].dtype for c in frame} == declared
    assert {str(d) for d in declared.values()} <= {
        "string",
        "Int64",
        "float64",
        "boolean",
        "datetime64[s]",
        "category",
    }


def test_sorting_by_a_code_follows_its_declared_order():
    """kind and comparator sort by meaning (target, estimate, actual), not the alphabet."""
    t = targets()
    for column, order in (("kind", schema.KINDS), ("comparator", schema.COMPARATORS)):
        seen = list(dict.fromkeys(t.sort_values(column, kind="stable")[column]))
        assert seen == [c for c in order if c in set(t[column])]
        assert t[column].cat.ordered
    kinds = list(dict.fromkeys(t.sort_values("kind")["kind"]))
    assert kinds == ["target", "estimate", "actual"]  # every kind is curated; alphabet differs
    assert kinds != sorted(kinds)


def test_derived_codes_use_the_declared_order():
    """vintage (series) and status (attainment) are the declared ordered categoricals."""
    s = series("rd_intensity", None)
    assert s["vintage"].dtype == schema.pandas_dtype(schema.VINTAGE)
    for _, g in s.groupby(["jurisdiction_id", "year"]):
        assert g["vintage"].is_monotonic_increasing  # within a year: target … revised
    at = attainment_table("zhejiang")
    assert at["status"].dtype == schema.pandas_dtype(schema.STATUS)
    assert list(at["status"].cat.categories) == list(schema.STATUSES)
    assert at["outcome_vintage"].dtype == schema.pandas_dtype(schema.VINTAGE)
    assert at["comparator"].dtype == targets()["comparator"].dtype
    assert at["per_year_in_percent"].dtype == "boolean" and at["per_year_in_percent"].any()
    vintage = schema.pandas_dtype(schema.VINTAGE)
    rev = revisions_table()
    assert len(rev) and (rev["earlier_vintage"].dtype, rev["later_vintage"].dtype) == (
        vintage,
        vintage,
    )
    trend = trend_table("rd_intensity", ["zhejiang"])
    assert trend["previous_vintage"].dtype == vintage
    assert trend["attainment"].dtype == schema.pandas_dtype(schema.STATUS)
    ov = overview_table("zhejiang", 2025)
    assert ov["kind"].dtype == targets()["kind"].dtype and ov["vintage"].dtype == vintage
    for _, g in ov.groupby(["theme", "indicator_id"]):
        assert g["kind"].is_monotonic_increasing  # targets first, then estimates, then results


def test_loaders_return_typed_frames():
    assert pd.api.types.is_datetime64_any_dtype(documents()["published_date"])
    assert indicators().index.is_unique
    assert {"zhejiang", "shaoxing", "longgang", "zj_mountain_26_counties"} <= set(
        jurisdictions().index
    )


@pytest.mark.parametrize("target_id", list(TABLES.targets.index))
def test_every_quote_is_in_its_document(target_id):
    row = TABLES.targets.loc[target_id]
    assert find_quote(row["quote"], TABLES.raw_text(row["document_id"])) >= 0


def numbers_written_in(quote: str) -> set[float]:
    """Every number a quote writes: digits, Chinese numerals (两, 第七), fractions as % (1/3)."""
    found = {float(n) for n in re.findall(r"\d+(?:\.\d+)?", quote.replace(",", ""))}
    found |= {chinese_number(n) for n in re.findall(r"[零一二两三四五六七八九十百千万]+", quote)}
    for a, b in re.findall(r"(\d+)/(\d+)", quote):
        found.add(round(int(a) / int(b) * 100, 1))
    return found


def test_every_value_appears_in_its_quote():
    """A number is taken from the quote itself, never from elsewhere."""
    t = TABLES.targets.dropna(subset=["value"])
    for row in t.itertuples():
        assert row.value in numbers_written_in(row.quote), (row.target_id, row.value, row.quote)


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
    """Zhejiang's R&D intensity 2015–2030, every vintage labelled, in year order (README)."""
    s = series("rd_intensity", "zhejiang")
    assert list(zip(s["year"], s["vintage"], s["value"], strict=True)) == [
        (2015, "preliminary", 2.33),
        (2017, "preliminary", 2.45),
        (2018, "final", 2.57),
        (2019, "preliminary", 2.62),
        (2019, "final", 2.68),
        (2020, "target", 2.8),
        (2020, "preliminary", 2.8),
        (2020, "final", 2.88),
        (2020, "revised", 2.77),  # restated in 2026 on the revised GDP
        (2021, "target", 2.9),
        (2021, "preliminary", 2.9),
        (2021, "final", 2.94),
        (2022, "target", 3.0),
        (2022, "final", 3.11),
        (2023, "preliminary", 3.15),
        (2023, "final", 3.2),
        (2024, "target", 3.2),
        (2024, "preliminary", 3.2),
        (2025, "target", 3.3),
        (2025, "preliminary", 3.3),
        (2026, "target", 3.35),
        (2030, "target", 3.5),
    ]
    by = {(r.year, r.vintage): r for r in s.itertuples()}
    # the 2020 target is stated in three documents: one figure, every source kept
    assert by[2020, "target"].n_sources == 3
    # the bulletin's figure is the final one; the work report's later restatement, a revision
    assert by[2020, "final"].source_type == "official_statistics"
    assert by[2020, "revised"].source_type == "official_document"
    assert by[2030, "target"].comparator == ">="


def test_restatements_count_once_but_keep_their_sources():
    t = targets()
    restated = t.dropna(subset=["same_as"])
    assert len(restated) >= 20
    full = series("rd_intensity", "zhejiang", collapse=False)
    once = series("rd_intensity", "zhejiang")
    assert len(full) - len(once) == full["target_id"].isin(restated["target_id"]).sum()
    # every restatement names a first statement that is not itself a restatement
    assert not restated["same_as"].isin(restated["target_id"]).any()


def test_series_converts_scaled_units():
    s = series("tech_smes_new", "zhejiang").dropna(subset=["value"])
    by_year = dict(zip(s["year"], s["value_std"], strict=True))
    assert by_year[2023] == pytest.approx(16000)
    assert by_year[2024] == pytest.approx(12000)


def test_series_unknown_id_suggests_the_right_one():
    with pytest.raises(KeyError, match="did you mean 'rd_intensity'"):
        series("rd_intensty")
