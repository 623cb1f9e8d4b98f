"""Charts drawn with matplotlib: the same figures appear inline in JupyterLab and in the PDF.

Targets are hollow markers on dashed lines; reported figures (actual, estimate) are filled
markers on solid lines. Values are labelled with their units; the year axis has whole years.
"""

from __future__ import annotations

import pandas as pd

from zjanalysis.reports.fonts import use_cjk_font
from zjanalysis.tables.formatting import number

PALETTE = ["#1f5fa8", "#c8102e", "#2a9d8f", "#e9a03b", "#6d597a", "#555555"]
TARGET_SERIES = ("targets", "目标")  # count series drawn hollow, like target markers


VINTAGE_STYLE = {  # one visual language: hollow dashed targets, open triangles, solid finals
    "target": dict(linestyle="--", marker="o", markerfacecolor="white", markersize=8),
    "preliminary": dict(linestyle=":", marker="^", markerfacecolor="white", markersize=8),
    "final": dict(linestyle="-", marker="o", markersize=7),
}
LOG_SPREAD = 20  # values further apart than this share one chart on a log scale
CHART_WIDTH = 8.27 - 2 * 0.65  # inches: the text width of the PDF's A4 portrait page
CHART_DPI = 200  # one picture serves the notebook (shown at half size) and the PDF


def whole_years(ax, years) -> None:
    """Whole years on the x axis, one tick each (thinned when there are many)."""
    years = sorted({int(y) for y in years})
    if not years:
        return
    step = max(1, (years[-1] - years[0]) // 12 + 1)
    ax.set_xticks(range(years[0], years[-1] + 1, step))
    ax.set_xlim(years[0] - 0.6, years[-1] + 0.6)
    ax.xaxis.set_major_formatter("{x:.0f}")


def literal(text) -> str:
    """Text from the documents as matplotlib should draw it: every ``$`` escaped, so that
    ``cost $5 and $6`` is not read as mathematics (nor ``$\\badcmd$`` refused)."""
    return str(text).replace("$", r"\$")


def trend_chart(
    series: pd.DataFrame, title: str, unit: str, names: dict[str, str], lang: str = "en", ax=None
):
    """Draw one indicator's figures per jurisdiction and vintage; return the matplotlib Figure.

    ``series`` is a trend or series table (``jurisdiction_id, year, vintage, value_std``);
    ``names`` maps jurisdiction ids to display names. Targets, preliminary and final figures
    are separate series; a chart spanning more than ``LOG_SPREAD``× uses a log scale.
    """
    use_cjk_font()
    import matplotlib.pyplot as plt

    from zjanalysis.tables.formatting import VINTAGE_LABELS

    if ax is None:
        fig, ax = plt.subplots(figsize=(7.5, 3.8), layout="constrained")
    else:
        fig = ax.figure
    data = series.dropna(subset=["value_std"])
    if "vintage" not in data:
        data = data.assign(
            vintage=data["kind"]
            .map({"target": "target", "estimate": "preliminary"})
            .fillna("final")
        )
    labels = VINTAGE_LABELS[lang]
    offsets = {"target": (0, 9), "preliminary": (0, -14), "final": (0, 9)}
    for i, (jur, g) in enumerate(data.groupby("jurisdiction_id", sort=False)):
        color = PALETTE[i % len(PALETTE)]
        for vintage in ("target", "preliminary", "final"):
            part = g[g["vintage"] == vintage]
            if part.empty:
                continue
            ax.plot(
                part["year"],
                part["value_std"],
                color=color,
                markeredgewidth=1.6,
                label=literal(f"{names.get(jur, jur)} · {labels[vintage]}"),
                **VINTAGE_STYLE[vintage],
            )
            for _, r in part.iterrows():
                ax.annotate(
                    literal(f"{number(r['value_std'])}{unit}"),
                    (r["year"], r["value_std"]),
                    textcoords="offset points",
                    xytext=offsets[vintage],
                    ha="center",
                    fontsize=7.5,
                    color=color,
                )
    if len(data):
        whole_years(ax, data["year"])
        lo, hi = data["value_std"].min(), data["value_std"].max()
        if lo > 0 and hi / lo > LOG_SPREAD:
            ax.set_yscale("log")
        else:
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
        ax.legend(fontsize=7.5, frameon=False, loc="best")
    return fig


def ranking_chart(
    ranking: pd.DataFrame,
    history: pd.DataFrame,
    title: str,
    unit: str,
    highlight: str,
    lang: str = "en",
    ax=None,
):
    """Ranked bars of every province with the national figure as a line and one place marked;
    beside them, that place's rank across years. Returns the Figure."""
    use_cjk_font()
    import matplotlib.pyplot as plt

    zh = lang == "zh"
    if ax is None:
        fig, ax = plt.subplots(figsize=(7.5, 6.2), layout="constrained")
    else:
        fig = ax.figure
    ax.set_axis_off()
    bars = ax.inset_axes((0.2, 0.0, 0.5, 0.93))
    ranks = ax.inset_axes((0.80, 0.35, 0.20, 0.55))
    frame = ranking.assign(
        label=ranking["name_zh" if zh else "name_en"].map(literal),
        marked=ranking["jurisdiction_id"] == highlight,
    )
    colors = {True: PALETTE[1], False: "#9db4d3"}
    ys = range(len(frame))  # the first (highest) place on top
    bars.barh(ys, frame["value"], height=0.8, color=[colors[m] for m in frame["marked"]])
    bars.set_yticks(list(ys), list(frame["label"]))
    bars.set_ylim(len(frame) - 0.5, -0.5)
    for y, (_, r) in enumerate(frame.iterrows()):
        bars.text(
            r["value"],
            y,
            f" {number(r['value'])}",
            va="center",
            fontsize=6.5,
            color=PALETTE[1] if r["marked"] else "#333333",
        )
    national = ranking.attrs.get("country")
    top = frame["value"].max() * 1.12
    if national is not None and national == national:
        label = f" {'全国' if zh else 'China'} {number(national)}{literal(unit)}"
        if national <= top:
            bars.axvline(national, color="#333333", linestyle="--", linewidth=1)
            bars.text(national, -0.9, label, fontsize=7, va="bottom", ha="left", color="#333333")
        else:  # a total: the country's figure is off the provinces' scale, so it is only named
            bars.text(
                1.0,
                1.0,
                label,
                fontsize=7,
                va="bottom",
                ha="right",
                color="#333333",
                transform=bars.transAxes,
            )
    bars.set_xlim(0, top)
    bars.set_xlabel(literal(unit))
    bars.set_ylabel("")
    bars.tick_params(axis="y", labelsize=6.5)
    bars.spines[["top", "right"]].set_visible(False)
    h = history.dropna(subset=["rank"]) if len(history) else history
    if len(history) and not len(h):  # China highlighted: the reference has no rank
        ranks.axis("off")
        ranks.text(
            0.5,
            0.5,
            "全国为参照，不参与排名" if zh else "China is the reference:\nit has no rank",
            ha="center",
            va="center",
            fontsize=8,
            transform=ranks.transAxes,
        )
    if len(h):
        ranks.plot(h["year"], h["rank"].astype(int), marker="o", color=PALETTE[1])
        for _, r in h.iterrows():
            ranks.annotate(
                str(int(r["rank"])),
                (r["year"], int(r["rank"])),
                textcoords="offset points",
                xytext=(0, 6),
                ha="center",
                fontsize=7,
            )
        whole_years(ranks, h["year"])
        ranks.tick_params(axis="x", labelsize=6.5, rotation=90)
        top = int(h["of"].max()) if len(h) else 31
        worst = int(h["rank"].max())
        ranks.set_ylim(min(top, worst + 3) + 0.5, 0.5)
        ranks.yaxis.get_major_locator().set_params(integer=True)
        ranks.set_title("历年排名" if zh else "Rank by year", fontsize=8.5)
        ranks.spines[["top", "right"]].set_visible(False)
    ax.set_title(literal(title), fontsize=11, loc="left")
    return fig


def make_room_for_labels(ax, margin: float = 0.02) -> None:
    """Move the axes' left edge right until its category labels fit inside the figure.

    A PDF page hands the chart a fixed area; long section or indicator names would be cut at
    the page edge (``margin``: the figure fraction kept free at the left).
    """
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    labels = [t for t in ax.get_yticklabels() if t.get_text()]
    if not labels:
        return
    left = min(t.get_window_extent(renderer).x0 for t in labels) / fig.bbox.width
    if left >= margin:
        return
    pos = ax.get_position()
    x0 = pos.x0 + (margin - left)
    ax.set_position((x0, pos.y0, max(pos.x1 - x0, 0.2), pos.height))


STATUS_COLORS = {  # the same in the PDF and the workbook
    "achieved_early": "#1b7837",
    "achieved": "#5aae61",
    "missed": "#c8102e",
    "on_track": "#2a9d8f",
    "lagging": "#e9a03b",
    "not_yet_due": "#b8c4d6",
    "insufficient_data": "#d9d9d9",
}


def count_chart(
    counts: pd.DataFrame,
    title: str,
    lang: str = "en",
    ax=None,
    value_format: str = "{:d}",
    colors: list[str] | None = None,
):
    """Horizontal bars per category: one bar series per column of ``counts`` (e.g. targets and
    reported figures per theme); with ``colors`` (one per column) the series are stacked."""
    use_cjk_font()
    import matplotlib.pyplot as plt

    if ax is None:
        height = 1.2 + 0.32 * max(len(counts), 1)
        fig, ax = plt.subplots(figsize=(7.5, min(height, 6.5)), layout="constrained")
    else:
        fig = ax.figure
    counts = counts.iloc[::-1]
    n = max(len(counts.columns), 1)
    stacked = colors is not None
    width = 0.7 if stacked else 0.8 / n
    ys = range(len(counts))
    left = pd.Series(0.0, index=counts.index)
    for i, col in enumerate(counts.columns):
        pos = list(ys) if stacked else [y + (i - (n - 1) / 2) * width for y in ys]
        hollow = str(col) in TARGET_SERIES
        color = colors[i] if stacked else ("white" if hollow else PALETTE[0])
        bars = ax.barh(
            pos,
            counts[col],
            left=left if stacked else None,
            height=width,
            label=literal(col),
            color=color,
            hatch="//" if hollow and not stacked else None,
            edgecolor="white" if stacked else PALETTE[0],
            linewidth=0.8 if stacked else 1.2,
        )
        ax.bar_label(
            bars,
            labels=[value_format.format(v) if v else "" for v in counts[col]],
            fontsize=7.5 if stacked else 8,
            padding=0 if stacked else 2,
            label_type="center" if stacked else "edge",
        )
        left = left + counts[col]
    ax.set_yticks(list(ys), [literal(str(c)[:28]) for c in counts.index], fontsize=8.5)
    ax.set_title(literal(title), fontsize=11)
    make_room_for_labels(ax)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.spines[["top", "right"]].set_visible(False)
    totals = counts.sum(axis=1) if stacked else counts.max(axis=1)
    if len(totals) and totals.max() > 0 and (counts.to_numpy(dtype=float) >= 0).all():
        top = float(totals.max()) * 1.12  # room for the value after the longest bar
        if value_format == "{:d}":
            top = max(top, 4.5)  # one or two statements are not drawn as a full-width bar
        ax.set_xlim(0, top)
    # the legend sits below the bars, never on them (a near-empty chart is one full-width bar)
    axes_inches = ax.get_position().height * fig.get_figheight()
    ax.legend(
        fontsize=7.5,
        frameon=False,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.3 / max(axes_inches, 0.5)),  # under the tick labels
        ncols=4 if stacked else max(len(counts.columns), 1),
    )
    return fig


def chart_png(draw, height: float, below: float, dpi: int = CHART_DPI) -> bytes:
    """PNG of a chart drawn on ``CHART_WIDTH`` × ``height`` inches: ``draw(ax)`` fills axes
    placed with room for tick labels at the left and ``below`` inches under them (a legend);
    the picture is cropped to what was drawn, labels included."""
    import io

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    use_cjk_font()
    fig = Figure(figsize=(CHART_WIDTH, height))
    FigureCanvasAgg(fig)
    ax = fig.add_axes(
        (
            0.55 / CHART_WIDTH,
            below / height,
            (CHART_WIDTH - 0.7) / CHART_WIDTH,
            (height - 0.4 - below) / height,
        )
    )
    draw(ax)
    buffer = io.BytesIO()
    # tight: whatever the axes' labels need beyond the figure is kept, not cut at its edge
    fig.savefig(
        buffer, format="png", dpi=dpi, facecolor="white", bbox_inches="tight", pad_inches=0.04
    )
    return buffer.getvalue()
