"""What one document commits to: statements by section, flags and provenance."""

from __future__ import annotations

import pandas as pd

from zjanalysis.analysis.series import vintages
from zjanalysis.sources.html import parse_locator
from zjanalysis.tables.formatting import format_frame
from zjanalysis.tables.loading import load_tables


def profile_table(document_id: str, *, lang: str = "en", data_dir=None) -> pd.DataFrame:
    """Every statement of the document, in document order, with its figure as written."""
    t = load_tables(data_dir)
    tg = t.targets[t.targets["document_id"] == document_id].copy()
    if tg["locator"].notna().all() and len(tg):  # a statistics page: in table order
        tg["position"] = [parse_locator(loc) for loc in tg["locator"]]
    else:
        text = t.raw_text(document_id)
        tg["position"] = [text.find(q) for q in tg["quote"]]
    tg["figure"] = format_frame(tg, lang)
    tg["vintage"] = vintages(tg, t.documents, revisions=True)
    tg["quote"] = t.quotes_shown(tg, lang)
    tg["name_zh"] = tg["indicator_id"].map(t.indicators["name_zh"])
    tg["name_en"] = tg["indicator_id"].map(t.indicators["name_en"])
    tg["jurisdiction"] = tg["jurisdiction_id"].map(t.jurisdictions["name_zh"])
    return tg.sort_values(["position", "target_id"]).reset_index(drop=True)


def section_counts(profile: pd.DataFrame) -> pd.DataFrame:
    """Statements per section (in document order), split into targets and reported figures."""
    reported = profile["kind"] != "target"
    counts = (
        profile.assign(group=reported.map({False: "targets", True: "reported"}))
        .groupby(["section", "group"], sort=False)
        .size()
        .unstack(fill_value=0)
    )
    for col in ("targets", "reported"):
        if col not in counts:
            counts[col] = 0
    return counts[["targets", "reported"]]


def flag_counts(flags: pd.Series) -> pd.Series:
    """How often each flag occurs in a ``flags`` column (``;``-separated), most frequent first."""
    return flags.dropna().str.split(";").explode().value_counts()


def provenance(document_id: str, data_dir=None) -> dict:
    """The document's origin record (title, issuer, date, md5, defects …)."""
    t = load_tables(data_dir)
    return next(r for r in t.origin if r["document_id"] == document_id)
