"""zjanalysis: curated quantitative targets from Zhejiang S&T policy documents, and reports.

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
    "load_tables": "tables",
    "load_targets": "tables",
    "load_indicators": "tables",
    "load_documents": "tables",
    "load_jurisdictions": "tables",
    "load_units": "tables",
    "TableError": "validation",
    "series": "indicator_series",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'zjanalysis' has no attribute {name!r}")
