"""One indicator over the years: targets, preliminary and final figures, revisions, the path ahead."""

from __future__ import annotations

import pandas as pd
from matplotlib.lines import Line2D

from zjanalysis.analysis.series import vintages_of_kinds
from zjanalysis.messages import N_, translator, unit_label
from zjanalysis.plot.axes import (
    axes_for,
    catalogue_names,
    legend_below,
    literal,
    settle,
    year_axis,
)
from zjanalysis.plot.labels import Label, place_labels
from zjanalysis.plot.theme import PALETTE, PATH, VINTAGE_STYLE, language, theme_context
from zjanalysis.tables.formatting import VINTAGE_LABELS, number

LOG_SPREAD = 20  # figures further apart than this share one chart on a log scale
WORDS = {
    "path": N_("path to the target"),
    "log": N_("{unit} (log scale)"),
    "none": N_("no numeric figures"),
}


def trend(
    data: pd.DataFrame,
    ax=None,
    *,
    lang: str | None = None,
    names: dict[str, str] | None = None,
    title: str | None = None,
    unit: str | None = None,
    highlight: str | None = None,
    path: bool = True,
    labels: bool = True,
):
    """Draw one indicator's figures by year and return the Axes.

    ``data`` is what ``zja.series`` returns (``jurisdiction_id, year, vintage, value_std,
    indicator_unit, published_date``), for one place or several (a colour each). Targets are
    hollow circles on dashed lines, preliminary (预计) figures open triangles on dotted lines,
    final figures filled circles on solid lines; a final figure restated later with another
    value is a hollow diamond (revised). With ``path``, a grey line runs from the latest
    reported figure to each target still ahead. Values are labelled where they fit — targets,
    the highlighted place and each line's last figure first — never over each other. A
    chart whose figures span more than 20× has a log scale, said on its axis.

    Example:
        >>> ax = zja.plot.trend(zja.series("rd_intensity"), lang="zh")
        >>> ax.figure.savefig("rd_intensity.svg")
    """
    lang = language(lang)
    _ = translator(lang)
    words = {k: _(v) for k, v in WORDS.items()}
    names = names if names is not None else catalogue_names(lang)["jurisdiction"]
    rows = data.dropna(subset=["value_std"])
    if "vintage" not in rows:  # a frame of one's own with kinds only
        rows = rows.assign(vintage=vintages_of_kinds(rows["kind"]))
    if unit is None:
        unit = (
            unit_label(data["indicator_unit"].iloc[0], lang)
            if "indicator_unit" in data and len(data)
            else ""
        )
    new = ax is None
    ax = axes_for(ax, height=3.9)
    with theme_context():
        if title:
            ax.set_title(title)
        if rows.empty:
            ax.text(0.5, 0.5, words["none"], transform=ax.transAxes, ha="center", va="center")
            ax.set_xticks([])
            ax.set_yticks([])
            literal(ax)
            return ax
        handles, legend_labels, wanted, points = [], [], [], []
        places = list(dict.fromkeys(rows["jurisdiction_id"]))
        for i, place in enumerate(places):
            color = PALETTE[i % len(PALETTE)]
            mine = rows[rows["jurisdiction_id"] == place]
            name = names.get(place, place)
            parts = {v: mine[mine["vintage"] == v] for v in VINTAGE_STYLE}
            for vintage, part in parts.items():
                if part.empty:
                    continue
                part = part.sort_values("year", kind="stable")
                style = VINTAGE_STYLE[vintage]
                ax.plot(
                    part["year"],
                    part["value_std"],
                    linestyle=style["linestyle"] if len(part) > 1 else "none",
                    marker=style["marker"],
                    color=color,
                    markerfacecolor="white" if style["hollow"] else color,
                    markeredgewidth=1.4,
                    markersize=6,
                    linewidth=1.8,
                    zorder=3,
                )
                label = _(VINTAGE_LABELS[vintage])
                handles.append(
                    Line2D(
                        [],
                        [],
                        linestyle=style["linestyle"],
                        marker=style["marker"],
                        color=color,
                        markerfacecolor="white" if style["hollow"] else color,
                        markeredgewidth=1.4,
                    )
                )
                legend_labels.append(f"{name} · {label}")
                years = part["year"].tolist()
                for k, r in enumerate(part.itertuples()):
                    points.append((r.year, r.value_std))
                    needed = (
                        0
                        if vintage == "target" or place == highlight or k == len(years) - 1
                        else 1
                        if k == 0 or vintage == "revised"
                        else 2
                    )
                    wanted.append(
                        Label(
                            r.year,
                            r.value_std,
                            f"{number(r.value_std)}{unit}" if unit == "%" else number(r.value_std),
                            color,
                            "below" if vintage in ("preliminary", "revised") else "above",
                            needed,
                        )
                    )
            if path:
                drawn = _path_ahead(ax, mine)
                if drawn and words["path"] not in legend_labels:
                    handles.append(drawn)
                    legend_labels.append(words["path"])
        lo, hi = float(rows["value_std"].min()), float(rows["value_std"].max())
        if lo > 0 and hi / lo > LOG_SPREAD:
            ax.set_yscale("log")
            ax.set_ylabel(words["log"].format(unit=unit))
            ax.set_ylim(lo / 2.2, hi * 2.6)
        else:
            ax.set_ylabel(unit)
            pad = (hi - lo) * 0.22 or abs(hi) * 0.12 or 1
            bottom = 0 if 0 <= lo <= hi * 0.5 else lo - pad
            ax.set_ylim(bottom, hi + pad * 1.4)
        year_axis(ax, int(rows["year"].min()), int(rows["year"].max()))
        ax.yaxis.set_major_formatter(lambda v, _: number(round(v, 6)))
        legend_below(ax, handles, legend_labels)
        literal(ax)
        settle(ax.figure, freeze=new)
        if labels:
            place_labels(ax, _said_once(wanted), markers=points)
            literal(ax)
    return ax


def _said_once(labels: list[Label]) -> list[Label]:
    """One label for one figure stated in two vintages at one point, the most needed kept."""
    best: dict[tuple, Label] = {}
    for lab in labels:
        key = (lab.x, round(lab.y, 9), lab.text)
        if key not in best or lab.priority < best[key].priority:
            best[key] = lab
    return list(best.values())


def _path_ahead(ax, mine: pd.DataFrame):
    """A grey line from the latest reported figure to each later target; the line or None."""
    reported = mine[mine["vintage"] != "target"]
    if reported.empty:
        return None
    final = reported["vintage"] == "final"  # in its year, a final figure before a preliminary one
    latest = reported.assign(final=final).sort_values(["year", "final"]).iloc[-1]
    ahead = mine[(mine["vintage"] == "target") & (mine["year"] > latest["year"])]
    line = None
    for r in ahead.itertuples():
        (line,) = ax.plot(
            [latest["year"], r.year],
            [latest["value_std"], r.value_std],
            color=PATH,
            linewidth=1,
            linestyle=(0, (2, 2)),
            zorder=2,
        )
    return line
