"""zjanalysis: curated quantitative targets from Zhejiang S&T policy documents, and reports.

The package follows the data: ``sources`` (raw documents) → ``tables`` (curated, validated) →
``analysis`` → ``reports`` (content, charts, files) → ``running`` (notebooks, builds), with
``extraction`` beside reports and ``cli`` on top; ``paths`` and ``errors`` are leaves every
layer may use. Imports run only downwards (checked by ``tests/test_layout.py``).

The public API is imported lazily so that ``import zjanalysis`` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("zjanalysis")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0+unknown"

_EXPORTS = {
    "load_tables": "tables.loading",
    "load_targets": "tables.loading",
    "load_indicators": "tables.loading",
    "load_documents": "tables.loading",
    "load_jurisdictions": "tables.loading",
    "load_units": "tables.loading",
    "TableError": "errors",
    "series": "analysis.series",
    "attainment": "analysis.attainment",
    "compare_provinces": "analysis.provinces",
    "rank_history": "analysis.provinces",
    "province_targets": "analysis.province_targets",
    "revisions": "analysis.revisions",
    "plot": "plot",
    "set_theme": "plot.theme",
    "run_report": "running.notebook",
}
_NAMES = {  # public name → name in its module (a module itself: None)
    "run_report": "run",
    "attainment": "attainment_table",
    "compare_provinces": "province_ranking",
    "revisions": "revisions_table",
    "plot": None,
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str):
    if name in _EXPORTS:
        module = import_module(f".{_EXPORTS[name]}", __name__)
        attr = _NAMES.get(name, name)
        return module if attr is None else getattr(module, attr)
    raise AttributeError(f"module 'zjanalysis' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)  # what tab completion offers: the public API
