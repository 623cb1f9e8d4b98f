"""Value labels that never collide.

Each label is tried beside its point — on its preferred side, then the other, right, left,
the corners and further out — and kept at the first place where it overlaps no label already
placed and no marker, and stays inside the axes. A label that finds no such place is left out:
the most needed labels (``priority`` 0 first) are placed first. Positions are measured with the
figure's renderer in the font the text is drawn in, so what is tested is what is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass

from zjanalysis.plot.theme import INK

LABEL_GID = "zja-value-label"  # every placed label carries it (``value_labels`` finds them)
GAP = 3.5  # points between a marker's edge and its label
# (dx, dy) in units of the offset, and the text's alignment there
SIDES = {
    "above": (0, 1, "center", "bottom"),
    "below": (0, -1, "center", "top"),
    "right": (1, 0, "left", "center"),
    "left": (-1, 0, "right", "center"),
    "upper right": (0.8, 0.8, "left", "bottom"),
    "upper left": (-0.8, 0.8, "right", "bottom"),
    "lower right": (0.8, -0.8, "left", "top"),
    "lower left": (-0.8, -0.8, "right", "top"),
    "far above": (0, 2.4, "center", "bottom"),
    "far below": (0, -2.4, "center", "top"),
}


@dataclass(frozen=True)
class Label:
    """A label wanted at data point (``x``, ``y``): its text and colour, the side it prefers
    and how much it is needed (0 first)."""

    x: float
    y: float
    text: str
    color: str = INK
    side: str = "above"
    priority: int = 0


def renderer_of(fig):
    """The renderer that measures text as the figure will draw it."""
    canvas = fig.canvas
    if not hasattr(canvas, "get_renderer"):  # a bare Figure: give it an Agg canvas
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        canvas = FigureCanvasAgg(fig)
    return canvas.get_renderer()


def _overlap(a, b, pad: float = 0.0) -> bool:
    return a.x0 < b.x1 + pad and b.x0 < a.x1 + pad and a.y0 < b.y1 + pad and b.y0 < a.y1 + pad


def _inside(box, frame) -> bool:
    return box.x0 >= frame.x0 and box.x1 <= frame.x1 and box.y0 >= frame.y0 and box.y1 <= frame.y1


def place_labels(ax, labels: list[Label], markers=(), marker_size: float = 6.0):
    """Draw ``labels`` on ``ax`` where they collide with nothing; return the texts drawn.

    ``markers`` are (x, y) data points a label must not cover (``marker_size`` points across).
    """
    from matplotlib.transforms import Bbox

    fig = ax.figure
    renderer = renderer_of(fig)
    frame = ax.get_window_extent(renderer)
    px = fig.dpi / 72  # pixels per point
    half = marker_size * px / 2
    to_display = ax.transData.transform
    taken = [
        Bbox.from_extents(x - half, y - half, x + half, y + half)
        for x, y in (to_display(p) for p in markers)
    ]
    drawn = []
    offset = marker_size / 2 + GAP
    for label in sorted(labels, key=lambda lab: lab.priority):
        order = list(SIDES)
        order.remove(label.side)
        text = ax.annotate(
            label.text,
            (label.x, label.y),
            xytext=(0, 0),
            textcoords="offset points",
            color=label.color,
            fontsize="small",
            gid=LABEL_GID,
            annotation_clip=False,
            parse_math=False,
            zorder=5,  # above the lines, on a light ground that keeps it readable over one
            bbox=dict(boxstyle="square,pad=0.08", facecolor="white", edgecolor="none", alpha=0.75),
        )
        for side in [label.side, *order]:
            dx, dy, ha, va = SIDES[side]
            text.set_position((dx * offset, dy * offset))
            text.set_horizontalalignment(ha)
            text.set_verticalalignment(va)
            box = text.get_window_extent(renderer)
            if _inside(box, frame) and not any(_overlap(box, o, px) for o in taken):
                taken.append(box)
                drawn.append(text)
                break
        else:
            text.remove()
    return drawn


def value_labels(ax) -> list:
    """The value labels ``place_labels`` drew on ``ax``."""
    return [t for t in ax.texts if t.get_gid() == LABEL_GID]
