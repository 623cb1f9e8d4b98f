"""Charts of the library's views, on matplotlib and seaborn (``zja.plot``).

Each function follows seaborn's axes-level functions: it takes the frame the library returns
for that view, draws on ``ax`` if given (else on a new figure) and returns the
``matplotlib.axes.Axes``, so a chart can join an analyst's own figure, be restyled and saved
with ``savefig`` (PNG, SVG, PDF; Chinese renders in the bundled font). The reports draw with
the same functions.

====================  ===============================================  =========================
function              draws                                            takes
====================  ===============================================  =========================
``trend``             one indicator by year, every vintage             ``zja.series``
``attainment``        targets per year by status                       ``zja.attainment``
``province_rank``     every province ranked, one marked                ``zja.compare_provinces``
``rank_history``      one place's rank by year                         ``zja.rank_history``
``province_targets``  every province's latest figure, target and goal  ``zja.province_targets``
``revisions``         final against preliminary, per figure            ``zja.revisions``
``counts``            bars per category and series                     any counts table
====================  ===============================================  =========================

``set_theme(lang=...)`` gives an analyst's own plots the reports' look and font.

Example:
    >>> import matplotlib.pyplot as plt
    >>> import zjanalysis as zja
    >>> fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4), layout="constrained")
    >>> zja.plot.trend(zja.series("rd_intensity"), ax=left, lang="zh")
    >>> zja.plot.rank_history(zja.rank_history("rd_intensity", "zhejiang"), ax=right)
    >>> fig.savefig("rd.pdf")
"""

from zjanalysis.plot.bars import attainment, counts, revisions
from zjanalysis.plot.labels import value_labels
from zjanalysis.plot.provinces import province_rank, province_targets, rank_history
from zjanalysis.plot.theme import set_theme
from zjanalysis.plot.trend import trend

__all__ = [
    "attainment",
    "counts",
    "province_rank",
    "province_targets",
    "rank_history",
    "revisions",
    "set_theme",
    "trend",
    "value_labels",
]
