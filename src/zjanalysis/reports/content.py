"""What a report says, independent of its format: the Excel and PDF writers render this."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pandas as pd

from zjanalysis import __version__
from zjanalysis.messages import translator
from zjanalysis.tables.formatting import blank


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
class RowGroup:
    """Summary rows a PDF shows as one group under the table instead of a row each: a
    ``title`` row, then one line per reason (``lines``, as read). ``rows`` are the summary's
    row labels it folds (the workbook keeps every row)."""

    title: str
    lines: list[str]
    rows: list


def fold_rows(
    summary: pd.DataFrame, mask, label: str, by: str, items: list[str], lang: str = "en"
) -> RowGroup:
    """The rows of ``summary`` where ``mask`` holds as one ``RowGroup`` titled with
    ``label``: one line per distinct value of column ``by`` (the reason, in order of first
    appearance) listing each row by its ``items`` columns joined with spaces."""
    _ = translator(lang)
    part = summary[pd.Series(mask, index=summary.index).astype(bool)]
    lines = []
    for reason, rows in part.groupby(by, sort=False, dropna=False):
        named = [
            " ".join(str(v) for v in r if not (blank(v) or v == ""))
            for r in rows[items].itertuples(index=False)
        ]
        lines.append(
            _("{reason} ({count}): {items}").format(
                reason=reason if isinstance(reason, str) and reason else "—",
                count=len(rows),
                items=_("; ").join(named),
            )
        )
    title = _("{label}: {count} rows, one line per reason").format(
        label=label[:1].upper() + label[1:], count=len(part)
    )
    return RowGroup(title, lines, list(part.index))


@dataclass
class ReportContent:
    """Title, parameters, sentences, tables and chart of one report.

    ``summary`` is the comparison table a reader wants first (units in its headers; number
    formats follow the values); ``data`` holds every underlying statement, ``sources`` the
    documents cited. ``folded`` groups summary rows (targets without data) that the PDF shows
    as one line per reason rather than a row each.
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
    folded: list[RowGroup] = field(default_factory=list)  # summary rows the PDF groups
    data_hash: str = ""
    generated_at: datetime = field(default_factory=lambda: report_time())
    version: str = __version__

    def about(self) -> list[tuple[str, str]]:
        """Key/value lines describing how the report was made."""
        _ = translator(self.lang)
        lines = [(_("report"), self.name), (_("title"), self.title)]
        lines += [
            (_("parameter: {name}").format(name=k), param_text(v, self.lang))
            for k, v in self.params.items()
        ]
        lines += [
            (_("generated at"), self.generated_at.isoformat()),
            (_("zjanalysis version"), self.version),
            (
                _("data hash (sha256 of the table rows this report read)"),
                self.data_hash,
            ),
        ]
        return lines


def param_text(value, lang: str = "en") -> str:
    """A parameter value as a reader sees it: lists joined, None shown as the default
    (全部/默认 in a Chinese report)."""
    _ = translator(lang)
    if isinstance(value, list | tuple):
        return _(", ").join(map(str, value)) if value else _("(all)")
    return _("(default)") if value is None else str(value)


def report_time() -> datetime:
    """Now, to the second; or the time ``SOURCE_DATE_EPOCH`` gives (the reproducible-builds
    convention, which ReportLab and matplotlib follow too), so that the same data read makes
    the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now().astimezone().replace(microsecond=0)
