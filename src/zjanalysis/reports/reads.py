"""What each report reads of the curated tables, and a digest of exactly that.

A report reads some statements (rows of ``targets``) in full — the ones its tables show, note
and quote included — and others only for their figures (a previous figure to compare with, an
outcome a target is judged by, a rank in another year). It reads the catalogue rows those
statements name (indicators, places, documents, units, the injected text recorded for those
documents) and a few values drawn from the whole record (the "as of" date of attainment
judgements). ``read_digest`` hashes these and nothing
else: the build's fingerprint of a report and the data hash in its About sheet, so that an edit
rebuilds only the reports that read what changed. A report without a rule here reads every
table in full.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from zjanalysis.analysis.attainment import as_of_date
from zjanalysis.analysis.series import places_in_texts
from zjanalysis.digests import digest

# the columns that make a figure: what a report reads of a statement it does not show
FIGURE_COLUMNS = (
    "target_id",
    "document_id",
    "jurisdiction_id",
    "indicator_id",
    "year",
    "kind",
    "comparator",
    "value",
    "value_high",
    "unit",
    "flags",
    "relative_to",
    "same_as",
)


@dataclass
class Reads:
    """Statements read in full (``shown``) and for their figures only (``figures``), as masks
    over ``targets``; ids named by the parameters; values drawn from the whole record (``record``)."""

    shown: pd.Series
    figures: pd.Series | None = None
    jurisdictions: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    record: dict = field(default_factory=dict)
    origin: bool = False  # the documents' origin records (provenance, defects, md5)


def _is(column: str, value, t) -> pd.Series:
    return t.targets[column] == value


def _statistics(t) -> pd.Series:
    return _RowTexts.of(t).statistics


def _indicator_trend(p: dict, t) -> Reads:
    of_indicator = _is("indicator_id", p["indicator_id"], t)
    places = p.get("jurisdiction_ids") or places_in_texts(p["indicator_id"], t.data_dir) or None
    shown = of_indicator
    if places is not None:
        shown = shown & t.targets["jurisdiction_id"].isin(places)
    return Reads(
        shown,
        figures=of_indicator,  # the places the texts name; relative targets' references
        indicators=(p["indicator_id"],),
        jurisdictions=tuple(p.get("jurisdiction_ids") or ()),
        record={"as_of": as_of_date(t.documents)},
    )


def _jurisdiction_overview(p: dict, t) -> Reads:
    place = _is("jurisdiction_id", p["jurisdiction_id"], t)
    return Reads(
        place & (t.targets["year"] == p["year"]),
        figures=place & (t.targets["year"] < p["year"]),  # the previous figure of each
        jurisdictions=(p["jurisdiction_id"],),
    )


def _document_profile(p: dict, t) -> Reads:
    return Reads(
        _is("document_id", p["document_id"], t), documents=(p["document_id"],), origin=True
    )


def _target_attainment(p: dict, t) -> Reads:
    place = _is("jurisdiction_id", p["jurisdiction_id"], t)
    targets = place & (t.targets["kind"] == "target")
    references = set(t.targets.loc[targets, "relative_to"].dropna())
    return Reads(
        targets,
        figures=(place | t.targets["jurisdiction_id"].isin(references))
        & (t.targets["kind"] != "target"),
        jurisdictions=(p["jurisdiction_id"],),
        record={"as_of": as_of_date(t.documents)},
    )


def _province_comparison(p: dict, t) -> Reads:
    stats = _is("indicator_id", p["indicator_id"], t) & _statistics(t)
    return Reads(
        stats & (t.targets["year"] == p["year"]),
        figures=stats,  # the marked place's rank in every year
        indicators=(p["indicator_id"],),
        jurisdictions=(p["highlight"],),
    )


def _vintage_revisions(p: dict, t) -> Reads:
    shown = t.targets["kind"] != "target"
    if p.get("jurisdiction_id"):
        shown = shown & _is("jurisdiction_id", p["jurisdiction_id"], t)
    return Reads(shown, jurisdictions=tuple(filter(None, [p.get("jurisdiction_id")])))


def _province_targets(p: dict, t) -> Reads:
    of_indicator = _is("indicator_id", p["indicator_id"], t)
    level = t.targets["jurisdiction_id"].map(t.jurisdictions["level"])
    return Reads(
        of_indicator & level.isin(["province", "country"]),
        figures=of_indicator,  # which rows are a province's
        indicators=(p["indicator_id"],),
        jurisdictions=(p["highlight"],),
    )


READERS: dict[str, Callable[[dict, object], Reads]] = {
    "indicator_trend": _indicator_trend,
    "jurisdiction_overview": _jurisdiction_overview,
    "document_profile": _document_profile,
    "target_attainment": _target_attainment,
    "province_comparison": _province_comparison,
    "vintage_revisions": _vintage_revisions,
    "province_targets": _province_targets,
}


def reads(name: str, params: dict, t) -> Reads | None:
    """What report ``name`` with ``params`` reads of tables ``t``; None: it has no rule."""
    reader = READERS.get(name)
    return None if reader is None else reader(params, t)


def _row_texts(frame: pd.DataFrame) -> pd.Series:
    """Each row as JSON text of its values (dates ISO, NA null), indexed like ``frame``."""
    values = json.loads(frame.to_json(orient="values", date_format="iso", default_handler=str))
    return pd.Series(
        [json.dumps(v, ensure_ascii=False) for v in values], index=frame.index, dtype="object"
    )


class _RowTexts:
    """Every table's rows as text, made once per loading of the tables (they never change)."""

    _last: tuple = (None, None)

    @classmethod
    def of(cls, t) -> _RowTexts:
        if cls._last[0] is not t:
            cls._last = (t, cls(t))
        return cls._last[1]

    def __init__(self, t):
        self.targets = _row_texts(t.targets)
        self.figures = _row_texts(t.targets[list(FIGURE_COLUMNS)])
        self.tables = {n: _row_texts(getattr(t, n)) for n in CATALOGUES}
        self.statistics = (
            t.targets["document_id"].map(t.documents["source_type"]) == "official_statistics"
        )


CATALOGUES = ("indicators", "jurisdictions", "documents", "units")


def read_data(name: str, params: dict, t) -> dict[str, list[str]]:
    """The data report ``name`` reads, table by table, each row as text (``read_digest``)."""
    rows = _RowTexts.of(t)
    r = reads(name, params, t)
    if r is None:  # every table in full
        data = {"targets": list(rows.targets)} | {n: list(rows.tables[n]) for n in CATALOGUES}
        return data | {"origin": [json.dumps(o, default=str) for o in t.origin]}
    tg = t.targets
    figures = r.figures & ~r.shown if r.figures is not None else pd.Series(False, index=tg.index)
    used = tg[r.shown | figures]
    wanted = {
        "jurisdictions": set(used["jurisdiction_id"])
        | set(used["relative_to"].dropna())
        | set(r.jurisdictions),
        "indicators": set(used["indicator_id"]) | set(r.indicators),
        "documents": set(used["document_id"]) | set(r.documents),
    }
    wanted["units"] = set(used["unit"].dropna()) | set(
        t.indicators.loc[t.indicators.index.isin(wanted["indicators"]), "unit"]
    )
    data = {
        "targets": list(rows.targets[r.shown.to_numpy()]),
        "targets_figures": list(rows.figures[figures.to_numpy()]),
    }
    for n in CATALOGUES:
        texts = rows.tables[n]
        data[n] = list(texts[texts.index.isin(wanted[n])])
    data["values"] = [f"{k}={v}" for k, v in sorted(r.record.items())]
    data["injected"] = [  # elided from the quotes of the documents read, and noted
        json.dumps([run.as_record() for run in runs], default=str, sort_keys=True)
        for doc, runs in sorted(t.injected.items())
        if doc in wanted["documents"]
    ]
    if r.origin:
        data["origin"] = [
            json.dumps(o, default=str, sort_keys=True)
            for o in t.origin
            if o["document_id"] in wanted["documents"]
        ]
    return data


def read_digest(name: str, params: dict, t) -> str:
    """sha256 of what report ``name`` with ``params`` reads (``read_data``)."""
    data = read_data(name, params, t)
    return digest(*[part for table, texts in data.items() for part in (table, "\n".join(texts))])
