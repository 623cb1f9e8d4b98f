"""What the default schedule builds: every report it lists says something of its own."""

from __future__ import annotations

import pytest

from zjanalysis import paths
from zjanalysis.analysis.coverage import places_in_documents
from zjanalysis.analysis.trend import trend_table
from zjanalysis.running.manifest import load_manifest
from zjanalysis.tables.loading import load_tables


@pytest.fixture(scope="module")
def jobs():
    return load_manifest(paths.REPORTS_DIR / "schedule.yaml")


def scheduled(jobs, name: str, key: str) -> set:
    return {j.params[key] for j in jobs if j.name == name}


def test_every_scheduled_trend_shows_two_years_and_no_other_would(jobs):
    """The trend table the report draws decides: one with a single year is a point, not a trend."""
    trends = scheduled(jobs, "indicator_trend", "indicator_id")
    t = load_tables()
    for indicator_id in t.indicators.index:
        years = trend_table(indicator_id).dropna(subset=["value_std"])["year"].nunique()
        assert (indicator_id in trends) == (years >= 2), (indicator_id, years)
    assert "rd_intensity" in trends


def test_overviews_and_attainment_are_of_places_several_documents_speak_of(jobs):
    t = load_tables()
    texts = t.targets[
        t.targets["document_id"].map(t.documents["source_type"]) != "official_statistics"
    ]
    documents = texts.groupby("jurisdiction_id")["document_id"].nunique()
    several = set(documents[documents >= 2].index)
    assert set(places_in_documents(2)) == several
    assert scheduled(jobs, "jurisdiction_overview", "jurisdiction_id") == several
    with_targets = set(texts.loc[texts["kind"] == "target", "jurisdiction_id"])
    assert scheduled(jobs, "target_attainment", "jurisdiction_id") == several & with_targets
    assert "zhejiang" in several and "hebei" not in several  # Hebei: its 2026 work report alone


def test_a_place_left_without_an_overview_has_its_documents_profiled(jobs):
    """Another province's figures are still built: its document's profile, in both languages."""
    t = load_tables()
    profiled = {
        (j.params["document_id"], j.params["lang"]) for j in jobs if j.name == "document_profile"
    }
    assert profiled == {(d, lang) for d in t.documents.index for lang in ("zh", "en")}
