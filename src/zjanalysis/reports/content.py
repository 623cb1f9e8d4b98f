"""What a report says, independent of its format: the Excel and PDF writers render this."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

from zjanalysis import __version__


@dataclass
class ChartSpec:
    """What a chart shows: ``trend`` (series rows with year, vintage, value_std), ``counts``
    (categories × series) or ``ranking`` (a ranked table of places, with ``history`` of the
    marked one)."""

    kind: str
    title: str
    frame: pd.DataFrame
    unit: str = ""
    names: dict[str, str] = field(default_factory=dict)
    lang: str = "en"
    history: pd.DataFrame | None = None  # ranking: the marked place's rank by year
    highlight: str = ""  # ranking: the place marked
    value_format: str = "{:d}"  # counts: how bar values are labelled
    colors: list[str] | None = None  # counts: one colour per column, stacked
    _drawn: object = field(default=None, init=False, repr=False, compare=False)

    def chart(self):
        """The chart (``charts.Chart``), drawn once: the notebook shows the same drawing that
        the PDF prints."""
        if self._drawn is None:
            from zjanalysis.reports.charts import count_chart, ranking_chart, trend_chart

            if self.kind == "trend":
                self._drawn = trend_chart(self.frame, self.title, self.unit, self.names, self.lang)
            elif self.kind == "ranking":
                history = self.history if self.history is not None else pd.DataFrame()
                self._drawn = ranking_chart(
                    self.frame, history, self.title, self.unit, self.highlight, self.lang
                )
            else:
                self._drawn = count_chart(
                    self.frame, self.title, self.lang, self.value_format, self.colors
                )
        return self._drawn


@dataclass
class ReportContent:
    """Title, parameters, sentences, tables and chart of one report.

    ``summary`` is the comparison table a reader wants first (units in its headers; number
    formats follow the values); ``data`` holds every underlying statement, ``sources`` the
    documents cited.
    """

    name: str
    title: str
    params: dict
    lang: str
    sentences: list[str]
    summary: pd.DataFrame
    data: pd.DataFrame
    sources: pd.DataFrame
    chart: ChartSpec | None = None
    notes: list[str] = field(default_factory=list)
    data_hash: str = ""
    generated_at: datetime = field(
        default_factory=lambda: datetime.now().astimezone().replace(microsecond=0)
    )
    version: str = __version__

    def about(self) -> list[tuple[str, str]]:
        """Key/value lines describing how the report was made."""
        lines = [("report", self.name), ("title", self.title)]
        lines += [(f"parameter: {k}", param_text(v, self.lang)) for k, v in self.params.items()]
        lines += [
            ("generated at", self.generated_at.isoformat()),
            ("zjanalysis version", self.version),
            ("data hash (sha256 of data/processed/*.csv and data/raw/origin.yaml)", self.data_hash),
        ]
        return lines


def param_text(value, lang: str = "en") -> str:
    """A parameter value as a reader sees it: lists joined, None shown as the default
    (全部/默认 in a Chinese report)."""
    zh = lang == "zh"
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value)) if value else ("全部" if zh else "(all)")
    return ("默认" if zh else "(default)") if value is None else str(value)


def data_fingerprint(data_dir: Path) -> str:
    """sha256 over the curated tables and the origin record, in name order."""
    h = hashlib.sha256()
    files = sorted((data_dir / "processed").glob("*.csv")) + [data_dir / "raw" / "origin.yaml"]
    for f in files:
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()
