"""Provinces compared: ranked bars in one year, and one place's rank over the years."""

from __future__ import annotations

import numpy as np
import pandas as pd

from zjanalysis.messages import translator
from zjanalysis.plot.axes import axes_for, category_ticks, literal, settle, year_axis
from zjanalysis.plot.labels import Label, place_labels
from zjanalysis.plot.theme import HIGHLIGHT, INK, MUTED, language, theme_context
from zjanalysis.tables.formatting import number


def province_rank(
    data: pd.DataFrame,
    ax=None,
    *,
    highlight: str | None = "zhejiang",
    title: str | None = None,
    lang: str | None = None,
):
    """Draw every province's figure as a ranked bar, ``highlight`` in red and China's figure as
    a dashed line (named at the top when it is off the provinces' scale, as a total is); return
    the Axes.

    ``data`` is what ``zja.compare_provinces`` returns (``rank, jurisdiction_id, name_zh,
    name_en, value, unit``, China's figure in ``attrs["country"]``).

    Example:
        >>> ax = zja.plot.province_rank(zja.compare_provinces("rd_intensity", 2023))
    """
    lang = language(lang)
    _ = translator(lang)
    names = data["name_zh" if lang == "zh" else "name_en"].astype(str).tolist()
    values = data["value"].astype(float).to_numpy()
    unit = str(data["unit"].iloc[0]) if "unit" in data and len(data) else ""
    marked = (data["jurisdiction_id"] == highlight).to_numpy()
    ax = axes_for(ax, height=6.2)
    with theme_context():
        if title:
            ax.set_title(title)
        y = np.arange(len(values))
        ax.barh(y, values, height=0.8, color=np.where(marked, HIGHLIGHT, MUTED), zorder=3)
        for yi, v, mark in zip(y, values, marked, strict=True):
            ax.annotate(
                number(v),
                (max(v, 0), yi),
                xytext=(2, 0),
                textcoords="offset points",
                va="center",
                fontsize=6.5,
                color=HIGHLIGHT if mark else INK,
                gid="zja-bar-value",
                zorder=5,  # over China's line, on a light ground
                bbox=dict(
                    boxstyle="square,pad=0.05", facecolor="white", edgecolor="none", alpha=0.8
                ),
            )
        category_ticks(ax.yaxis, y, names)
        ax.tick_params(axis="y", labelsize=6.5)
        for label, mark in zip(ax.get_yticklabels(), marked, strict=True):
            if mark:
                label.set_color(HIGHLIGHT)
        ax.set_ylim(len(values) - 0.5, -1.5)  # a free row on top for China's figure
        ax.grid(axis="y", visible=False)
        hi = max(values.max(initial=0.0), 0.0) * 1.14 or 1.0
        ax.set_xlim(min(0.0, values.min(initial=0.0)), hi)
        ax.xaxis.set_major_formatter(lambda v, _: number(round(v, 6)))
        ax.set_xlabel(unit)
        national = data.attrs.get("country")
        if national is not None and national == national:
            label = _("China {value}").format(value=f"{number(national)}{unit}")
            if national <= hi:  # named in the free row, on the side of its line with room
                left_half = national < (ax.get_xlim()[0] + hi) / 2
                ax.axvline(national, color=INK, linewidth=1, linestyle=(0, (4, 2)), zorder=4)
                ax.annotate(
                    label,
                    (national, -1.0),
                    xytext=(3 if left_half else -3, 0),
                    textcoords="offset points",
                    ha="left" if left_half else "right",
                    va="center",
                    fontsize="x-small",
                )
            else:  # a total, off the provinces' scale: named where the shortest bars leave room
                ax.annotate(
                    label,
                    (1, 0),
                    xycoords="axes fraction",
                    xytext=(-3, 3),
                    textcoords="offset points",
                    ha="right",
                    va="bottom",
                    fontsize="x-small",
                )
        literal(ax)
    return ax


def rank_history(data: pd.DataFrame, ax=None, *, title: str | None = None, lang: str | None = None):
    """Draw one place's rank among the provinces by year (1 at the top) with seaborn; return
    the Axes. ``data`` is what ``zja.rank_history`` returns (``year, rank, of``); a place
    without ranks (China, the reference) is said to have none.

    Example:
        >>> ax = zja.plot.rank_history(zja.rank_history("rd_intensity", "zhejiang"))
    """
    import seaborn as sns

    lang = language(lang)
    _ = translator(lang)
    h = data.dropna(subset=["rank"]) if len(data) else data
    new = ax is None
    ax = axes_for(ax, height=3.0, width=3.2)
    with theme_context():
        ax.set_title(title if title is not None else _("Rank by year"))
        if h.empty:
            text = _("China is the\nreference:\nit has no rank")
            ax.text(
                0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center", fontsize="small"
            )
            ax.set_xticks([])
            ax.set_yticks([])
            literal(ax)
            return ax
        h = h.assign(rank=h["rank"].astype(int), year=h["year"].astype(int))
        sns.lineplot(
            data=h, x="year", y="rank", marker="o", color=HIGHLIGHT, ax=ax, linewidth=1.6, zorder=3
        )
        worst = min(int(h["of"].max()), int(h["rank"].max()) + 3)
        ax.set_ylim(worst + 0.5, 0.5)
        from matplotlib.ticker import MaxNLocator

        ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
        year_axis(ax, int(h["year"].min()), int(h["year"].max()))
        ax.tick_params(axis="x", labelrotation=90)
        ax.set_xlabel("")
        ax.set_ylabel(_("rank"))
        literal(ax)
        settle(ax.figure, freeze=new)
        place_labels(
            ax,
            [Label(r.year, r.rank, str(r.rank), HIGHLIGHT) for r in h.itertuples()],
            markers=list(zip(h["year"], h["rank"], strict=True)),
        )
    return ax
