"""Horizontal bars: counts per category, targets by attainment status, revisions."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.patches import Patch

from zjanalysis.fonts import text_width
from zjanalysis.messages import N_, translator
from zjanalysis.plot.axes import (
    axes_for,
    catalogue_names,
    category_ticks,
    legend_below,
    literal,
    settle,
)
from zjanalysis.plot.theme import (
    INK,
    PALETTE,
    STATUS_COLORS,
    language,
    theme_context,
)
from zjanalysis.tables.formatting import STATUS_LABELS, number

TARGET_SERIES = N_("targets")  # the count series drawn hollow, like target markers
ROW_INCHES = 0.26  # height of one category's row
LABEL_EMS = 14  # a longer category name (in ems of its font) is cut with an ellipsis


def bars_height(rows: int, series: int = 1, stacked: bool = False) -> float:
    """Inches a bar chart of ``rows`` categories and ``series`` bars each needs (between 2
    and 9): a row a category, wider for side-by-side series, a legend's room when several."""
    per_row = ROW_INCHES if stacked or series == 1 else 0.12 + 0.13 * series
    legend = 0.3 if series > 1 else 0.0
    return max(2.0, min(9.0, 1.4 + rows * per_row + legend))


def category_label(text, width: float = LABEL_EMS, lines: int = 2) -> str:
    """A category's name on at most ``lines`` lines of at most ``width`` ems (14: fourteen
    CJK characters, about 26 Latin letters), broken at spaces where there are any, the rest
    cut with an ellipsis."""
    out, rest = [], str(text).strip()
    while rest and len(out) < lines:
        if text_width(rest, 1.0) <= width:
            out.append(rest)
            rest = ""
            break
        cut = 0
        while text_width(rest[: cut + 1], 1.0) <= width:
            cut += 1
        space = rest.rfind(" ", 0, cut + 1)
        cut = space if space > cut // 2 else cut  # at a space, unless it leaves a short line
        out.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        last = out[-1]
        while last and text_width(last + "…", 1.0) > width:
            last = last[:-1]
        out[-1] = last.rstrip() + "…"
    return "\n".join(out)


def _on(fill: str) -> str:
    """Text colour readable on ``fill``."""
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(fill)
    return "white" if 0.299 * r + 0.587 * g + 0.114 * b < 0.55 else INK


def counts(
    data: pd.DataFrame,
    ax=None,
    *,
    title: str | None = None,
    colors: list[str] | None = None,
    value_format: str = "{:d}",
    lang: str | None = None,
):
    """Draw one bar per category (the index) and series (the columns); return the Axes.

    Series side by side; with ``colors`` (one per column) stacked instead, each segment
    labelled where it fits. A series named ``targets`` (in ``lang``) is drawn hollow, like target
    markers. Bars start at zero; each bar's value is written at its end.

    Example:
        >>> ax = zja.plot.counts(pd.DataFrame({"targets": [3, 1]}, index=["R&D", "talent"]))
    """
    lang = language(lang)
    stacked = colors is not None
    n, m = len(data), max(len(data.columns), 1)
    new = ax is None
    ax = axes_for(ax, height=bars_height(n, m, stacked))
    with theme_context():
        if title:
            ax.set_title(title)
        y = np.arange(n)
        left = np.zeros(n)
        height = 0.7 if stacked else 0.8 / m
        handles, segments = [], []  # segments: (label, its bar) of stacked bars
        for j, col in enumerate(data.columns):
            values = data[col].astype(float).to_numpy()
            fill = colors[j] if stacked else PALETTE[0]
            hollow = str(col) == translator(lang)(TARGET_SERIES) and not stacked
            offset = 0 if stacked else (j - (m - 1) / 2) * height
            bars = ax.barh(
                y + offset,
                values,
                height=height,
                left=left if stacked else 0,
                color="white" if hollow else fill,
                edgecolor=fill if hollow else "white" if stacked else fill,
                linewidth=1.4 if hollow else 0.6,
                zorder=3,
            )
            handles.append(bars.patches[0] if bars.patches else Patch(color=fill))
            for bar, v in zip(bars.patches, values, strict=True):
                if not v:
                    continue
                text = value_format.format(int(v) if value_format == "{:d}" else v)
                if stacked:
                    label = ax.annotate(
                        text,
                        (bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height() / 2),
                        ha="center",
                        va="center",
                        color=_on(fill),
                        fontsize="x-small",
                        gid="zja-bar-value",
                    )
                    segments.append((label, bar))
                else:
                    ax.annotate(
                        text,
                        (v, bar.get_y() + bar.get_height() / 2),
                        xytext=(3 if v > 0 else -3, 0),
                        textcoords="offset points",
                        ha="left" if v > 0 else "right",
                        va="center",
                        fontsize="x-small",
                        gid="zja-bar-value",
                    )
            if stacked:
                left = left + values
        _value_room(ax, data, stacked, integer=value_format == "{:d}")
        category_ticks(ax.yaxis, y, [category_label(c) for c in data.index])
        ax.set_ylim(n - 0.5, -0.5)
        ax.grid(axis="y", visible=False)
        ax.axvline(0, color=INK, linewidth=0.8, zorder=4)
        if m > 1 or stacked:
            legend_below(ax, handles, [str(c) for c in data.columns], gap=18)
        literal(ax)
        if stacked:  # a segment's label only where it fits inside the segment
            settle(ax.figure, freeze=new)
            _drop_overflowing(ax, segments)
    return ax


def _value_room(ax, data: pd.DataFrame, stacked: bool, integer: bool) -> None:
    """An x range from zero (or the lowest value) with room for the labels at the bars' ends."""
    totals = data.sum(axis=1) if stacked else data.max(axis=1)
    lows = data.clip(upper=0).sum(axis=1) if stacked else data.min(axis=1)
    hi = max(float(totals.max()) if len(data) else 0.0, 0.0) * 1.15
    lo = min(float(lows.min()) if len(data) else 0.0, 0.0) * 1.15
    if integer:
        hi = max(hi, 4.5)  # one or two statements are not drawn as a full-width bar
        from matplotlib.ticker import MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlim(lo, hi or 1.0)
    ax.xaxis.set_major_formatter(lambda v, _: number(round(v, 6)))


def _drop_overflowing(ax, segments) -> None:
    """Remove each segment's label that is wider than its segment."""
    from zjanalysis.plot.labels import renderer_of

    renderer = renderer_of(ax.figure)
    for label, bar in segments:
        if label.get_window_extent(renderer).width > bar.get_window_extent(renderer).width - 2:
            label.remove()


def attainment(data: pd.DataFrame, ax=None, *, title: str | None = None, lang: str | None = None):
    """Draw the targets of each year stacked by attainment status; return the Axes.

    ``data`` is what ``zja.attainment`` returns (a ``year`` and ``status`` per target). The
    colours are the statuses' everywhere (green achieved, red missed, …).

    Example:
        >>> ax = zja.plot.attainment(zja.attainment("zhejiang"), lang="zh")
    """
    lang = language(lang)
    table, colors = status_table(data, lang)
    return counts(table, ax, title=title, colors=colors, lang=lang)


def status_table(data: pd.DataFrame, lang: str) -> tuple[pd.DataFrame, list[str]]:
    """Targets per year (rows) and status (columns, in ``lang``), and the statuses' colours."""
    _ = translator(lang)
    present = [s for s in STATUS_LABELS if s in set(data["status"])]
    table = (
        data.groupby(["year", "status"]).size().unstack(fill_value=0).reindex(columns=present)
        if len(data)
        else pd.DataFrame()
    )
    table.columns = [_(STATUS_LABELS[s]) for s in present]
    table.index = table.index.map(str)
    return table.rename_axis(_("Year")), [STATUS_COLORS[s] for s in present]


def revision_table(data: pd.DataFrame, lang: str, names=None) -> pd.DataFrame:
    """Each revision's % of the earlier figure, indexed by 'year place · indicator' in
    ``lang`` (``names``: ``indicator``/``jurisdiction`` ids to names; default the catalogue's)."""
    names = names if names is not None else catalogue_names(lang)
    labels = [  # the year first: a long name is what gets cut
        f"{y} {names['jurisdiction'].get(j, j)} · {names['indicator'].get(i, i)}"
        for i, j, y in zip(data["indicator_id"], data["jurisdiction_id"], data["year"], strict=True)
    ]
    _ = translator(lang)
    return pd.DataFrame(
        {
            _("revision, % of the earlier figure"): data["revision_pct"]
            .astype(float)
            .round(2)
            .to_numpy()
        },
        index=pd.Index(labels, name=_("Year, place · indicator")),
    )


def revisions(
    data: pd.DataFrame,
    ax=None,
    *,
    title: str | None = None,
    lang: str | None = None,
    names: dict[str, dict[str, str]] | None = None,
):
    """Draw each revision (the later figure against the earlier, % of the earlier) as a bar
    from zero, upward revisions blue and downward red; return the Axes.

    ``data`` is what ``zja.revisions`` returns (``indicator_id, jurisdiction_id, year,
    revision_pct``); ``names`` maps ``indicator``/``jurisdiction`` ids to display names
    (default: the catalogue's in ``lang``).

    Example:
        >>> ax = zja.plot.revisions(zja.revisions("zhejiang"))
    """
    lang = language(lang)
    table = revision_table(data, lang, names)
    labels, values = list(table.index), table.iloc[:, 0].to_numpy()
    ax = axes_for(ax, height=bars_height(len(values)))
    with theme_context():
        if title:
            ax.set_title(title)
        y = np.arange(len(values))
        colors = [PALETTE[0] if v >= 0 else PALETTE[1] for v in values]
        ax.barh(y, values, height=0.7, color=colors, zorder=3)
        for yi, v in zip(y, values, strict=True):
            ax.annotate(
                f"{v:+.1f}%",
                (v, yi),
                xytext=(3 if v >= 0 else -3, 0),
                textcoords="offset points",
                ha="left" if v >= 0 else "right",
                va="center",
                fontsize="x-small",
                gid="zja-bar-value",
            )
        span = max(float(np.abs(values).max()) if len(values) else 1.0, 0.5)
        lo = min(float(values.min()) if len(values) else 0.0, 0.0)
        ax.set_xlim(lo - span * 0.25 if lo < 0 else 0, max(values.max(initial=0), 0) + span * 0.25)
        ax.axvline(0, color=INK, linewidth=0.8, zorder=4)
        category_ticks(ax.yaxis, y, [category_label(lab, 15) for lab in labels])
        ax.set_ylim(len(values) - 0.5, -0.5)
        ax.grid(axis="y", visible=False)
        literal(ax)
        ax.set_xlabel(table.columns[0])
    return ax
