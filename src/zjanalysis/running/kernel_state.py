"""Inside a warm kernel: load the suite once, then give each notebook a clean kernel.

The warm engine (``running.warm``) calls ``warm_up`` once after starting a kernel and
``prepare`` before every notebook. ``prepare`` puts back the state recorded after warm-up, for
everything a notebook can change and the next would see: the user namespace, execution count,
the modules the notebook brought in and names it added to ``builtins``; matplotlib's settings,
backend, unit converters and figures; pandas' options; numpy's error handling and print
options; the random generators of numpy and Python (seeded afresh, as in a new process);
logging (levels, handlers and filters of every logger, ``logging.disable``); warnings filters;
IPython's display formatters, event callbacks and AST transformers; ``sys.path``, ``sys.argv``,
the standard streams, recursion limit and garbage collector settings; the locale, umask and
decimal context; the environment (with the client's changes such as ``ZJA_ROOT`` applied, the
suite's paths recomputed from it, the time zone re-read) and the working folder. What cannot be
put back — a module of the suite rebound by a notebook — is reported, and the engine restarts
the kernel instead. Each part compares before it writes: a reset after a well-behaved report
costs about as much as IPython's own namespace reset.
"""

from __future__ import annotations

import builtins
import copy
import decimal
import gc
import importlib
import locale
import logging
import os
import random
import sys
import time
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
STREAMS = ("stdin", "stdout", "stderr", "displayhook", "excepthook")


@dataclass
class _Logger:
    """What a notebook may change on one logger."""

    level: int
    handlers: list
    filters: list
    propagate: bool
    disabled: bool

    @classmethod
    def of(cls, logger: logging.Logger) -> _Logger:
        return cls(
            logger.level,
            list(logger.handlers),
            list(logger.filters),
            logger.propagate,
            logger.disabled,
        )


NEW_LOGGER = _Logger(logging.NOTSET, [], [], True, False)  # a logger as getLogger makes it


@dataclass
class _Baseline:
    modules: set[str] = field(default_factory=set)
    builtins: dict[str, object] = field(default_factory=dict)
    rc: dict = field(default_factory=dict)
    backend: str = ""
    units: dict = field(default_factory=dict)
    pandas: dict[str, object] = field(default_factory=dict)
    numpy_err: dict = field(default_factory=dict)
    numpy_errcall: object = None
    numpy_print: dict = field(default_factory=dict)
    loggers: dict[str, _Logger] = field(default_factory=dict)
    logging_disable: int = logging.NOTSET
    logging_classes: tuple = ()
    filters: list = field(default_factory=list)
    warning_hooks: tuple = ()
    ipython: dict = field(default_factory=dict)
    environ: dict[str, str] = field(default_factory=dict)
    path: list[str] = field(default_factory=list)
    argv: list[str] = field(default_factory=list)
    streams: dict[str, object] = field(default_factory=dict)
    interpreter: tuple = ()
    locale: str = ""
    umask: int = 0o022
    decimal: decimal.Context | None = None
    suite: dict[str, tuple[object, dict[str, object]]] = field(default_factory=dict)


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
    import matplotlib.units
    import numpy as np

    umask = os.umask(0o022)
    os.umask(umask)
    _BASE = _Baseline(
        modules=set(sys.modules),
        builtins=dict(vars(builtins)),
        rc=copy.deepcopy({k: v for k, v in mpl.rcParams.items() if k != "backend"}),
        backend=mpl.get_backend(),
        units=dict(matplotlib.units.registry),
        pandas=_pandas_options(),
        numpy_err=np.geterr(),
        numpy_errcall=np.geterrcall(),
        numpy_print=np.get_printoptions(),
        loggers=_loggers(),
        logging_disable=logging.root.manager.disable,
        logging_classes=(logging.getLoggerClass(), logging.getLogRecordFactory()),
        filters=list(warnings.filters),
        warning_hooks=(warnings.showwarning, warnings.formatwarning),
        ipython=_ipython_state(),
        environ=dict(os.environ),
        path=list(sys.path),
        argv=list(sys.argv),
        streams={name: getattr(sys, name) for name in STREAMS},
        interpreter=(sys.getrecursionlimit(), gc.isenabled(), gc.get_threshold()),
        locale=locale.setlocale(locale.LC_ALL),
        umask=umask,
        decimal=decimal.getcontext().copy(),
        suite=_suite_bindings(),
    )


def _suite_bindings() -> dict[str, tuple[object, dict[str, object]]]:
    """Every module of the suite (but the two the reset changes) with a copy of its globals."""
    return {
        name: (module, dict(vars(module)))
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
    kept = _drop_new_modules()
    _reset_builtins()
    _reset_matplotlib()
    _reset_pandas()
    _reset_numpy()
    random.seed()  # from the system's entropy, as a new process seeds it
    _reset_logging(kept)
    _reset_warnings()
    _reset_ipython()
    _reset_interpreter()
    os.chdir(cwd)
    _reset_environ(env_changes)
    return ""


def _rebound_suite_modules() -> list[str]:
    """The suite's modules in which a global is no longer the object it was after warm-up."""
    changed = []
    for name, (module, names) in _BASE.suite.items():
        now = sys.modules.get(name)
        if now is None:
            continue
        found = vars(now)
        if now is not module or any(found.get(k, found) is not v for k, v in names.items()):
            changed.append(name)
    return sorted(changed)


def _reset_namespace() -> None:
    shell = _shell()
    if shell is not None:
        shell.reset(new_session=True)  # names, Out cache, execution count back to 1


def _shell():
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover (always there in an IPython kernel)
        return None
    return get_ipython()


def _drop_new_modules() -> set[str]:
    """Forget the modules a notebook imported: a package with compiled code cannot be loaded
    twice, so it stays loaded (and joins the baseline); plain Python ones are loaded afresh.
    Returns the top-level names of the packages that stayed."""
    new = set(sys.modules) - _BASE.modules
    by_top: dict[str, list[str]] = {}
    for name in new:
        by_top.setdefault(name.partition(".")[0], []).append(name)
    known = {m.partition(".")[0] for m in _BASE.modules} if by_top else set()
    kept = set()
    for top, names in by_top.items():
        if top in known or any(_compiled(sys.modules.get(n)) for n in names):
            _BASE.modules.update(names)
            kept.add(top)
        else:
            for name in names:
                sys.modules.pop(name, None)
    return kept


def _compiled(module) -> bool:
    path = getattr(module, "__file__", None) or ""
    return not path.endswith((".py", ".pyc")) and bool(path)


def _put_back(namespace: dict, baseline: dict, keep=()) -> None:
    """Make ``namespace`` hold exactly ``baseline``'s entries (by identity), but ``keep``."""
    for key in [k for k in namespace if k not in baseline and k not in keep]:
        del namespace[key]
    for key, value in baseline.items():
        if key not in keep and namespace.get(key, namespace) is not value:
            namespace[key] = value


def _reset_builtins() -> None:
    """Names a notebook added to or rebound in ``builtins``; those IPython itself adds and
    removes around each execution (``get_ipython``, ``exit``…) are its own."""
    shell = _shell()
    trap = getattr(getattr(shell, "builtin_trap", None), "auto_builtins", {})
    _put_back(vars(builtins), _BASE.builtins, keep=set(trap) | {"_", "__", "___"})


def _reset_matplotlib() -> None:
    import matplotlib as mpl
    import matplotlib.pyplot as plt
    import matplotlib.units

    plt.close("all")
    if mpl.get_backend() != _BASE.backend:
        plt.switch_backend(_BASE.backend)
    rc = mpl.rcParams
    changed = {k: v for k, v in _BASE.rc.items() if rc[k] != v}  # a copy: lists changed in place
    if changed:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            rc.update(changed)
    _put_back(matplotlib.units.registry, _BASE.units)  # e.g. pandas' date converters


def _pandas_options() -> dict[str, object]:
    import pandas as pd

    def walk(options, prefix: str):
        for name in dir(options):
            value = getattr(options, name)
            if type(value) is type(pd.options):  # a group of options
                yield from walk(value, f"{prefix}{name}.")
            else:
                yield f"{prefix}{name}", value

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # reading a deprecated option warns
        return dict(walk(pd.options, ""))


def _reset_pandas() -> None:
    import pandas as pd

    changed = {k: v for k, v in _pandas_options().items() if v != _BASE.pandas.get(k, v)}
    if changed:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for key in changed:
                pd.set_option(key, _BASE.pandas[key])


def _reset_numpy() -> None:
    import numpy as np

    np.seterr(**_BASE.numpy_err)
    np.seterrcall(_BASE.numpy_errcall)
    if np.get_printoptions() != _BASE.numpy_print:
        np.set_printoptions(**_BASE.numpy_print)
    np.random.seed()  # the legacy global generator, from the system's entropy


def _loggers() -> dict[str, _Logger]:
    known = logging.root.manager.loggerDict
    found = {"": _Logger.of(logging.root)}
    for name, logger in list(known.items()):
        if isinstance(logger, logging.Logger):
            found[name] = _Logger.of(logger)
    return found


def _reset_logging(kept: set[str]) -> None:
    """Every logger as the baseline had it (one made since: as getLogger makes it, unless a
    package that stays loaded (``kept``) made it: as that package set it up); handlers a
    notebook added (``basicConfig``, a file) are closed."""
    if logging.root.manager.disable != _BASE.logging_disable:
        logging.disable(_BASE.logging_disable)
    logger_class, factory = _BASE.logging_classes
    if logging.getLoggerClass() is not logger_class:
        logging.setLoggerClass(logger_class)
    if logging.getLogRecordFactory() is not factory:
        logging.setLogRecordFactory(factory)
    for name, now in _loggers().items():
        if name not in _BASE.loggers and name.partition(".")[0] in kept:
            _BASE.loggers[name] = now
        base = _BASE.loggers.get(name, NEW_LOGGER)
        if now == base:
            continue
        logger = logging.getLogger(name or None)
        for handler in now.handlers:
            if handler not in base.handlers and not any(
                handler in b.handlers for b in _BASE.loggers.values()
            ):
                handler.close()
        logger.handlers[:] = base.handlers
        logger.filters[:] = base.filters
        logger.propagate, logger.disabled = base.propagate, base.disabled
        if logger.level != base.level:
            logger.setLevel(base.level)  # also clears the loggers' cached levels


def _reset_warnings() -> None:
    warnings.resetwarnings()
    warnings.filters[:] = _BASE.filters
    warnings.showwarning, warnings.formatwarning = _BASE.warning_hooks


def _ipython_state() -> dict:
    shell = _shell()
    if shell is None:
        return {}
    formatters = shell.display_formatter.formatters
    return {
        "formatters": {
            mime: (
                f,
                dict(f.type_printers),
                dict(f.deferred_printers),
                dict(f.singleton_printers),
                f.enabled,
            )
            for mime, f in formatters.items()
        },
        "plain": {
            k: getattr(formatters["text/plain"], k)
            for k in ("float_precision", "pprint", "max_seq_length", "max_width", "newline")
        },
        "active": list(shell.display_formatter.active_types),
        "events": {e: list(cbs) for e, cbs in shell.events.callbacks.items()},
        "ast": list(shell.ast_transformers),
    }


def _reset_ipython() -> None:
    """Display formatters (``%precision``, a type's printer, the inline backend's figure
    formats), event callbacks and AST transformers a notebook registered."""
    shell, base = _shell(), _BASE.ipython
    if shell is None or not base:
        return
    formatters = shell.display_formatter.formatters
    for mime in [m for m in formatters if m not in base["formatters"]]:
        del formatters[mime]
    for mime, (f, types, deferred, singletons, enabled) in base["formatters"].items():
        formatters[mime] = f
        _put_back(f.type_printers, types)
        _put_back(f.deferred_printers, deferred)
        _put_back(f.singleton_printers, singletons)
        f.enabled = enabled
    plain = formatters["text/plain"]
    for key, value in base["plain"].items():
        if getattr(plain, key) != value:
            setattr(plain, key, value)
    if shell.display_formatter.active_types != base["active"]:
        shell.display_formatter.active_types = list(base["active"])
    for event, callbacks in base["events"].items():
        shell.events.callbacks[event][:] = callbacks
    shell.ast_transformers[:] = base["ast"]


def _reset_interpreter() -> None:
    sys.path[:] = _BASE.path
    sys.argv[:] = _BASE.argv
    for name, stream in _BASE.streams.items():
        if getattr(sys, name) is not stream:
            setattr(sys, name, stream)
    limit, enabled, threshold = _BASE.interpreter
    if sys.getrecursionlimit() != limit:
        sys.setrecursionlimit(limit)
    if gc.isenabled() != enabled:
        (gc.enable if enabled else gc.disable)()
    if gc.get_threshold() != threshold:
        gc.set_threshold(*threshold)
    if locale.setlocale(locale.LC_ALL) != _BASE.locale:
        locale.setlocale(locale.LC_ALL, _BASE.locale)
    os.umask(_BASE.umask)
    decimal.setcontext(_BASE.decimal.copy())


def _reset_environ(env_changes: dict[str, str | None]) -> None:
    wanted = dict(_BASE.environ)
    for key, value in env_changes.items():
        if value is None:
            wanted.pop(key, None)
        else:
            wanted[key] = value
    if dict(os.environ) != wanted:
        zone = os.environ.get("TZ")
        os.environ.clear()
        os.environ.update(wanted)
        if os.environ.get("TZ") != zone:
            time.tzset()
    paths = sys.modules.get(PATHS_MODULE)
    if paths is not None and paths.project_root() != paths.ROOT:
        importlib.reload(paths)  # ROOT, DATA_DIR … follow ZJA_ROOT as in a fresh kernel
