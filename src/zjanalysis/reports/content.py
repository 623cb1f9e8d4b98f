"""What a report says, independent of its format: the Excel and PDF writers render this."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pandas as pd

from zjanalysis import __version__


@dataclass
class ChartSpec:
    """What a chart shows: ``trend`` (a series), ``counts`` (categories × series),
    ``attainment`` (judged targets), ``revisions`` (a revisions table), ``ranking`` (a
    ranked table of provinces, with ``history``, the marked one's rank by year) or ``targets``
    (every province's latest figure, target and goal, ``highlight`` marked)."""

    kind: str
    title: str
    frame: pd.DataFrame
    unit: str = ""
    names: dict[str, str] = field(default_factory=dict)
    lang: str = "en"
    history: pd.DataFrame | None = None  # ranking: the marked place's rank by year
    highlight: str = ""  # ranking: the place marked
    value_format: str = "{:d}"  # counts: how bar values are labelled
    _drawn: object = field(default=None, init=False, repr=False, compare=False)

    def chart(self):
        """The chart (``charts.Chart``), drawn once: the notebook shows the same figure that
        the PDF prints."""
        if self._drawn is None:
            from zjanalysis.reports.charts import draw

            self._drawn = draw(self)
        return self._drawn

    def table(self) -> tuple[pd.DataFrame, list[str] | None]:
        """A bar chart's numbers as categories × series (what the workbook's native chart
        reads), and one colour per series when they are stacked (else None)."""
        from zjanalysis.plot.bars import revision_table, status_table
        from zjanalysis.plot.provinces import target_table

        if self.kind == "attainment":
            return status_table(self.frame, self.lang)
        if self.kind == "revisions":
            return revision_table(self.frame, self.lang), None
        if self.kind == "targets":
            return target_table(self.frame, self.lang), None
        return self.frame, None


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
    generated_at: datetime = field(default_factory=lambda: report_time())
    version: str = __version__

    def about(self) -> list[tuple[str, str]]:
        """Key/value lines describing how the report was made."""
        lines = [("report", self.name), ("title", self.title)]
        lines += [(f"parameter: {k}", param_text(v, self.lang)) for k, v in self.params.items()]
        lines += [
            ("generated at", self.generated_at.isoformat()),
            ("zjanalysis version", self.version),
            ("data hash (sha256 of the table rows this report read)", self.data_hash),
        ]
        return lines


def param_text(value, lang: str = "en") -> str:
    """A parameter value as a reader sees it: lists joined, None shown as the default
    (全部/默认 in a Chinese report)."""
    zh = lang == "zh"
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value)) if value else ("全部" if zh else "(all)")
    return ("默认" if zh else "(default)") if value is None else str(value)


def report_time() -> datetime:
    """Now, to the second; or the time ``SOURCE_DATE_EPOCH`` gives (the reproducible-builds
    convention, which ReportLab and matplotlib follow too), so that the same data read makes
    the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now().astimezone().replace(microsecond=0)
