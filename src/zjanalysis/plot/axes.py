"""What every plotting function shares: the Axes it draws on, legends below it, year ticks."""

from __future__ import annotations

import math

from matplotlib.ticker import MultipleLocator
from matplotlib.transforms import offset_copy

from zjanalysis.fonts import text_width
from zjanalysis.plot.theme import theme_context

WIDTH = 8.27 - 2 * 0.65  # inches: the text width of a report's A4 portrait page


def axes_for(ax, height: float = 3.6, width: float = WIDTH):
    """``ax``, or the Axes of a new figure (``width`` × ``height`` inches, laid out by
    matplotlib's constrained layout) drawn in the theme. pyplot's when it is in use, so that
    JupyterLab shows it; else a bare Figure (the reports', never left open)."""
    if ax is not None:
        return ax
    import sys

    with theme_context():
        if "matplotlib.pyplot" in sys.modules:
            import matplotlib.pyplot as plt

            _, ax = plt.subplots(figsize=(width, height), layout="constrained")
        else:
            from matplotlib.figure import Figure

            ax = Figure(figsize=(width, height), layout="constrained").subplots()
    return ax


def settle(fig, freeze: bool = False) -> None:
    """Lay the figure out now, so that what is placed next (value labels) is placed in the
    axes as they will be drawn; with ``freeze`` (a figure of our own) keep that layout."""
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.execute(fig)  # the layout alone: no drawing is needed to place labels
        if freeze:
            fig.set_layout_engine("none")


def legend_below(ax, handles, labels, gap: float = 16):
    """A legend centred under the axes, ``gap`` points below them (under the tick labels)."""
    if not handles:
        return None
    width = max(text_width(str(lab), 1.0) for lab in labels)  # in ems
    ncols = max(1, min(len(labels), 4 if width < 9 else 2 if width < 20 else 1))
    return ax.legend(
        handles,
        labels,
        loc="upper center",
        bbox_to_anchor=(0.5, 0),
        bbox_transform=offset_copy(ax.transAxes, fig=ax.figure, y=-gap, units="points"),
        ncols=ncols,
        fontsize="small",
        handlelength=2.6,
        columnspacing=1.4,
    )


def year_axis(ax, first: int, last: int) -> None:
    """Whole years on the x axis, with half a year of room at each end."""
    ax.set_xlim(first - 0.6, last + 0.6)
    ax.xaxis.set_major_locator(MultipleLocator(max(1, math.ceil((last - first + 1) / 12))))
    ax.xaxis.set_major_formatter("{x:.0f}")
    ax.grid(axis="x", visible=False)


def category_ticks(axis, positions, labels) -> None:
    """Category names as tick labels, never read as maths (``literal`` sets their font)."""
    axis.set_ticks(positions, labels=labels, parse_math=False)


def catalogue_names(lang: str) -> dict[str, dict[str, str]]:
    """Display names in ``lang`` of every ``indicator`` and ``jurisdiction`` id."""
    from zjanalysis.tables.loading import load_tables

    t = load_tables()
    col = "name_zh" if lang == "zh" else "name_en"
    return {
        "indicator": t.indicators[col].to_dict(),
        "jurisdiction": t.jurisdictions[col].to_dict(),
    }


def literal(ax) -> None:
    """Every text on ``ax`` in the theme's font (Chinese renders) and drawn as the characters
    it is (a ``$`` from a document is a dollar sign, never maths), on an analyst's Axes made
    outside the theme too."""
    from zjanalysis.plot.theme import theme_rc

    family = theme_rc()["font.family"]
    ax.tick_params(labelfontfamily=family)
    legend = ax.get_legend()
    texts = [
        ax.title,
        ax.xaxis.label,
        ax.yaxis.label,
        *ax.texts,
        *(legend.get_texts() if legend is not None else []),
    ]
    for text in texts:
        text.set_parse_math(False)
        text.set_fontfamily(family)
