"""Charts drawn with matplotlib: the same figures appear inline in JupyterLab and in the PDF.

Targets are hollow markers on dashed lines; reported figures (actual, estimate) are filled
markers on solid lines. Values are labelled with their units; the year axis has whole years.
"""

from __future__ import annotations

import pandas as pd

from zjanalysis.reports.fonts import use_cjk_font
from zjanalysis.tables.formatting import KIND_LABELS, number

PALETTE = ["#1f5fa8", "#c8102e", "#2a9d8f", "#e9a03b", "#6d597a", "#555555"]
TARGET_SERIES = ("targets", "目标")  # count series drawn hollow, like target markers


def literal(text) -> str:
    """Text from the documents as matplotlib should draw it: every ``$`` escaped, so that
    ``cost $5 and $6`` is not read as mathematics (nor ``$\\badcmd$`` refused)."""
    return str(text).replace("$", r"\$")


def trend_chart(
    series: pd.DataFrame, title: str, unit: str, names: dict[str, str], lang: str = "en", ax=None
):
    """Draw one indicator's figures per jurisdiction; return the matplotlib Figure.

    ``series`` is a trend or series table (``jurisdiction_id, year, kind, value_std``);
    ``names`` maps jurisdiction ids to display names.
    """
    use_cjk_font()
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    if ax is None:
        fig, ax = plt.subplots(figsize=(7.5, 3.8), layout="constrained")
    else:
        fig = ax.figure
    data = series.dropna(subset=["value_std"])
    labels = KIND_LABELS[lang]
    for i, (jur, g) in enumerate(data.groupby("jurisdiction_id", sort=False)):
        color = PALETTE[i % len(PALETTE)]
        tg = g[g["kind"] == "target"]
        rp = g[g["kind"] != "target"]
        if len(tg):
            ax.plot(
                tg["year"],
                tg["value_std"],
                linestyle="--",
                marker="o",
                markersize=8,
                markerfacecolor="white",
                markeredgewidth=1.8,
                color=color,
                label=literal(f"{names.get(jur, jur)} · {labels['target']}"),
            )
        if len(rp):
            ax.plot(
                rp["year"],
                rp["value_std"],
                linestyle="-",
                marker="o",
                markersize=8,
                color=color,
                label=literal(
                    f"{names.get(jur, jur)} · {labels['actual']}/{labels['estimate']}"
                    if lang == "zh"
                    else f"{names.get(jur, jur)} · reported"
                ),
            )
        for _, r in g.iterrows():
            text = f"{number(r['value_std'])}{unit}"
            if r["kind"] == "estimate":
                text += "（预计）" if lang == "zh" else " (est.)"
            ax.annotate(
                literal(text),
                (r["year"], r["value_std"]),
                textcoords="offset points",
                xytext=(0, 9),
                ha="center",
                fontsize=8.5,
                color=color,
            )
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if len(data):
        years = data["year"].astype(int)
        ax.set_xlim(years.min() - 0.6, years.max() + 0.6)
        lo, hi = data["value_std"].min(), data["value_std"].max()
        pad = (hi - lo) * 0.18 or abs(hi) * 0.1 or 1
        bottom = 0 if lo >= 0 and lo <= hi * 0.5 else lo - pad
        ax.set_ylim(bottom, hi + pad * 1.6)
    else:
        ax.text(
            0.5,
            0.5,
            "无数值" if lang == "zh" else "no numeric figures",
            transform=ax.transAxes,
            ha="center",
        )
    ax.set_xlabel("年份" if lang == "zh" else "year")
    ax.set_ylabel(literal(unit))
    ax.set_title(literal(title), fontsize=11)
    ax.grid(axis="y", alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    if len(data):
        ax.legend(fontsize=8, frameon=False, loc="best")
    return fig


def count_chart(counts: pd.DataFrame, title: str, lang: str = "en", ax=None):
    """Horizontal bars of statement counts per category: one bar series per column of ``counts``
    (e.g. targets and reported figures per theme or section)."""
    use_cjk_font()
    import matplotlib.pyplot as plt

    if ax is None:
        height = 1.2 + 0.32 * max(len(counts), 1)
        fig, ax = plt.subplots(figsize=(7.5, min(height, 6.5)), layout="constrained")
    else:
        fig = ax.figure
    counts = counts.iloc[::-1]
    n = max(len(counts.columns), 1)
    width = 0.8 / n
    ys = range(len(counts))
    for i, col in enumerate(counts.columns):
        pos = [y + (i - (n - 1) / 2) * width for y in ys]
        hollow = str(col) in TARGET_SERIES
        bars = ax.barh(
            pos,
            counts[col],
            height=width,
            label=literal(col),
            color="white" if hollow else PALETTE[0],
            hatch="//" if hollow else None,
            edgecolor=PALETTE[0],
            linewidth=1.2,
        )
        ax.bar_label(bars, fmt="%d", fontsize=8, padding=2)
    ax.set_yticks(list(ys), [literal(str(c)[:28]) for c in counts.index], fontsize=8.5)
    ax.set_title(literal(title), fontsize=11)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(fontsize=8, frameon=False)
    return fig
