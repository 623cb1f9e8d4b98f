"""Inside a warm kernel: load the suite once, then give each notebook a clean kernel.

The warm engine (``running.warm``) calls ``warm_up`` once after starting a kernel and
``prepare`` before every notebook. ``prepare`` puts back the state recorded after warm-up:
user namespace and execution count, the modules the notebook brought in, matplotlib's
settings and figures, warnings filters, ``sys.path``, the environment (with the client's
changes such as ``ZJA_ROOT`` applied, and the suite's paths recomputed from it) and the
working folder. What cannot be put back — a module of the suite rebound by a notebook — is
reported, and the engine restarts the kernel instead.
"""

from __future__ import annotations

import gc
import importlib
import os
import sys
import warnings
from dataclasses import dataclass, field

SUITE = "zjanalysis"
PATHS_MODULE = "zjanalysis.paths"
UNWATCHED = (PATHS_MODULE, __name__)  # reloaded by the reset; keeps the baseline
# what every report imports, and the packages it imports only when it writes (openpyxl), shows
# a table (pandas' Styler: jinja2) or reads the origin record (yaml): a package the warm-up
# did not load is dropped after every notebook and loaded again by the next (openpyxl's 176
# modules took 0.15 s a report); matplotlib, seaborn and svglib for the charts
WARM_MODULES = (
    "zjanalysis.reports.indicator_trend",
    "zjanalysis.reports.jurisdiction_overview",
    "zjanalysis.reports.document_profile",
    "zjanalysis.reports.target_attainment",
    "zjanalysis.reports.province_comparison",
    "zjanalysis.reports.province_targets",
    "zjanalysis.reports.vintage_revisions",
    "zjanalysis.reports.display",
    "zjanalysis.reports.output",
    "zjanalysis.reports.charts",
    "zjanalysis.plot",
    "seaborn",
    "svglib.svglib",
    "matplotlib.backends.backend_agg",
    "matplotlib.backends.backend_svg",
    "reportlab.graphics.renderPDF",
    "reportlab.platypus",
    "openpyxl",
    "openpyxl.chart",
    "openpyxl.styles",
    "pandas.io.formats.style",
    "yaml",
    "matplotlib.pyplot",
)


@dataclass
class _Baseline:
    modules: set[str] = field(default_factory=set)
    rc: dict = field(default_factory=dict)
    filters: list = field(default_factory=list)
    environ: dict[str, str] = field(default_factory=dict)
    path: list[str] = field(default_factory=list)
    suite: dict[str, dict[str, int]] = field(default_factory=dict)


_BASE: _Baseline | None = None


def warm_up(modules: tuple[str, ...] = WARM_MODULES) -> None:
    """Import the suite and what its reports use, set up its fonts, then record the baseline."""
    for name in modules:
        importlib.import_module(name)
    try:  # the set-up every chart and PDF does first; a failure is the notebook's to report
        from zjanalysis.fonts import pdf_fonts
        from zjanalysis.reports.charts import warm_chart

        pdf_fonts()
        warm_chart()  # the font's glyph caches, layout and SVG reading, paid once
    except Exception:  # pragma: no cover (fonts missing: the report says so itself)
        pass
    record()
    # what the warm-up made lives as long as the kernel: later collections (IPython's reset
    # runs a full one before every notebook) need not scan it again
    gc.collect()
    gc.freeze()


def record() -> None:
    """Take the state to return to before each notebook."""
    global _BASE
    import matplotlib as mpl

    _BASE = _Baseline(
        modules=set(sys.modules),
        rc={k: v for k, v in mpl.rcParams.items() if k != "backend"},
        filters=list(warnings.filters),
        environ=dict(os.environ),
        path=list(sys.path),
        suite=_suite_bindings(),
    )


def _suite_bindings() -> dict[str, dict[str, int]]:
    """Identity of every global of every module of the suite (but the two the reset changes)."""
    return {
        name: {k: id(v) for k, v in vars(module).items()}
        for name, module in list(sys.modules.items())
        if (name == SUITE or name.startswith(SUITE + "."))
        and name not in UNWATCHED
        and module is not None
    }


def prepare(cwd: str, env_changes: dict[str, str | None]) -> str:
    """Reset the kernel for the next notebook; return why it must restart instead, or ''."""
    if _BASE is None:
        return "the kernel was not warmed up"
    changed = _rebound_suite_modules()
    if changed:
        return f"a notebook rebound names in {', '.join(changed[:3])}"
    _reset_namespace()
    _drop_new_modules()
    _reset_matplotlib()
    warnings.resetwarnings()
    warnings.filters[:] = _BASE.filters
    sys.path[:] = _BASE.path
    os.chdir(cwd)
    _reset_environ(env_changes)
    return ""


def _rebound_suite_modules() -> list[str]:
    now = _suite_bindings()
    return sorted(
        name
        for name, names in _BASE.suite.items()
        if name in now and any(now[name].get(k) != v for k, v in names.items())
    )


def _reset_namespace() -> None:
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover (always there in an IPython kernel)
        return
    shell = get_ipython()
    if shell is not None:
        shell.reset(new_session=True)  # names, Out cache, execution count back to 1


def _drop_new_modules() -> None:
    """Forget the modules a notebook imported: a package with compiled code cannot be loaded
    twice, so it stays loaded (and joins the baseline); plain Python ones are loaded afresh."""
    new = set(sys.modules) - _BASE.modules
    by_top: dict[str, list[str]] = {}
    for name in new:
        by_top.setdefault(name.partition(".")[0], []).append(name)
    known = {m.partition(".")[0] for m in _BASE.modules} if by_top else set()
    for top, names in by_top.items():
        if top in known or any(_compiled(sys.modules.get(n)) for n in names):
            _BASE.modules.update(names)
        else:
            for name in names:
                sys.modules.pop(name, None)


def _compiled(module) -> bool:
    path = getattr(module, "__file__", None) or ""
    return not path.endswith((".py", ".pyc")) and bool(path)


def _reset_matplotlib() -> None:
    import matplotlib as mpl
    import matplotlib.pyplot as plt

    plt.close("all")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mpl.rcParams.update(_BASE.rc)


def _reset_environ(env_changes: dict[str, str | None]) -> None:
    wanted = dict(_BASE.environ)
    for key, value in env_changes.items():
        if value is None:
            wanted.pop(key, None)
        else:
            wanted[key] = value
    if dict(os.environ) != wanted:
        os.environ.clear()
        os.environ.update(wanted)
    paths = sys.modules.get(PATHS_MODULE)
    if paths is not None and paths.project_root() != paths.ROOT:
        importlib.reload(paths)  # ROOT, DATA_DIR … follow ZJA_ROOT as in a fresh kernel
