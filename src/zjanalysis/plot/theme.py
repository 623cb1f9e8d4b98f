"""One look for every chart and report: a seaborn theme in the bundled CJK font, the colours
(charts, the workbook's own charts and fills, the PDF's tables and notes) and line styles.

``set_theme`` applies it to matplotlib as a whole (an analyst's own plots then match the
reports); the reports draw inside ``theme_context`` so that they never depend on, or change,
what an analyst or an earlier notebook set.
"""

from __future__ import annotations

from contextlib import contextmanager
from functools import cache

from zjanalysis.messages import check_lang

PALETTE = ["#1f5fa8", "#c8102e", "#2a9d8f", "#e9a03b", "#6d597a", "#555555"]
HIGHLIGHT, MUTED, INK, GRID = PALETTE[1], "#9db4d3", "#333333", "#e3e3e3"
PATH, NOTE = "#8a8a8a", PALETTE[5]  # the path to a target ahead; notes and footers
HEADER_FILL, STRIPE_FILL = "#dce6f1", "#f5f7fa"  # a table's header row; every other row
VINTAGE_STYLE = {  # one visual language: hollow dashed targets, open triangles, solid finals
    "target": dict(linestyle=(0, (5, 3)), marker="o", hollow=True),
    "preliminary": dict(linestyle=(0, (1, 2)), marker="^", hollow=True),
    "final": dict(linestyle="-", marker="o", hollow=False),
    "revised": dict(linestyle="none", marker="D", hollow=True),
}
STATUS_COLORS = {  # the same in the charts and the workbook
    "achieved_early": "#1b7837",
    "achieved": "#5aae61",
    "missed": "#c8102e",
    "on_track": "#2a9d8f",
    "lagging": "#e9a03b",
    "not_yet_due": "#b8c4d6",
    "insufficient_data": "#d9d9d9",
}
_DEFAULTS = {"lang": "en"}  # what ``set_theme`` chose for calls that name no language


def language(lang: str | None) -> str:
    """``lang``, or the theme's language when it is ``None``; ``ParameterError`` for any other."""
    return check_lang(_DEFAULTS["lang"] if lang is None else lang)


def theme_rc() -> dict:
    """The theme's matplotlib settings: seaborn's ``whitegrid`` style and ``paper`` context,
    Noto Sans SC (DejaVu Sans for what it lacks), text never read as maths, text kept as text
    in SVG and embedded as TrueType in PDF. A copy: changing it changes no theme."""
    return dict(_theme_rc())


@cache
def _theme_rc() -> dict:
    import seaborn as sns

    from zjanalysis.fonts import FAMILY_FALLBACK, register_cjk_font

    family = register_cjk_font()
    rc = {**sns.axes_style("whitegrid"), **sns.plotting_context("paper")}
    rc.update(
        {
            "font.family": [family, FAMILY_FALLBACK],
            "font.sans-serif": [family, FAMILY_FALLBACK],
            "axes.prop_cycle": __import__("cycler").cycler(color=PALETTE),
            "axes.unicode_minus": False,
            "axes.edgecolor": INK,
            "axes.labelcolor": INK,
            "axes.titlesize": 11,
            "axes.titlepad": 8,
            "grid.color": GRID,
            "text.color": INK,
            "text.parse_math": False,  # a $ in a document's text is a dollar sign
            "xtick.color": INK,
            "ytick.color": INK,
            "xtick.bottom": True,
            "ytick.left": True,
            "legend.frameon": False,
            "svg.fonttype": "none",  # SVG text stays text (searchable, copyable, sharp)
            "svg.hashsalt": "zjanalysis",  # the same chart gives the same SVG
            "pdf.fonttype": 42,  # savefig to PDF embeds TrueType, not Type 3
            "ps.fonttype": 42,
            "savefig.bbox": "standard",
            "figure.dpi": 100,
            "savefig.dpi": 200,
        }
    )
    return rc


def use_cjk_font() -> str:
    """Make matplotlib draw Chinese in the bundled Noto Sans SC, changing nothing else; return
    the font's family name.

    For a notebook that keeps its own style (``set_theme`` also applies the reports' look):
    labels, titles and ``savefig`` to PNG, SVG and PDF then render Chinese on any machine,
    with no system font. The first call on a machine prepares the font (about 30 s, once).

    Example:
        >>> import matplotlib.pyplot as plt
        >>> zja.use_cjk_font()
        'Noto Sans SC'
        >>> plt.plot([2.8, 2.9, 3.1]); plt.title("浙江省研发投入强度")
    """
    import matplotlib as mpl

    from zjanalysis.fonts import FAMILY_FALLBACK, register_cjk_font

    family = register_cjk_font()
    sans = [f for f in mpl.rcParams["font.sans-serif"] if f not in (family, FAMILY_FALLBACK)]
    mpl.rcParams["font.sans-serif"] = [family, FAMILY_FALLBACK, *sans]
    mpl.rcParams["font.family"] = ["sans-serif"]
    mpl.rcParams["axes.unicode_minus"] = False  # the font has no Unicode minus sign
    return family


def set_theme(*, lang: str = "en") -> None:
    """Apply the reports' look to every matplotlib figure from now on.

    Sets seaborn's theme with the bundled Chinese font, so that an analyst's own plots match
    the reports and Chinese renders on screen and in PNG, SVG and PDF files; ``lang`` (``"en"``
    or ``"zh"``) becomes the language of the labels ``zja.plot`` draws when a call names none.

    Example:
        >>> zja.set_theme(lang="zh")
        >>> ax = zja.plot.trend(zja.series("rd_intensity"))
        >>> ax.figure.savefig("rd.png")
    """
    import seaborn as sns

    _DEFAULTS["lang"] = language(lang)
    sns.set_theme(rc=theme_rc())


@contextmanager
def theme_context():
    """The theme for the figures made inside, without touching matplotlib's settings."""
    import matplotlib as mpl

    with mpl.rc_context(theme_rc()):
        yield
