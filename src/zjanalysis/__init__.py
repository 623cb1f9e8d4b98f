"""zjanalysis: curated quantitative targets from Chinese S&T policy documents, and reports.

``import zjanalysis as zja`` is the analyst's whole API (``dir(zja)`` lists it):

- the tables: ``zja.targets()``, ``zja.indicators()``, ``zja.documents()``,
  ``zja.jurisdictions()``, ``zja.units()``, all at once ``zja.load_tables()``;
- the views: ``zja.series``, ``zja.attainment``, ``zja.compare_provinces``,
  ``zja.rank_history``, ``zja.province_targets``, ``zja.revisions``;
- their charts ``zja.plot``, the reports' look ``zja.set_theme``, Chinese in your own plots
  ``zja.use_cjk_font``; a whole report ``zja.run_report``;
- the exceptions: ``zja.Error`` and ``NotFound``, ``ParameterError``, ``TableError`` under it
  (a report that fails raises ``zja.Error`` too).

One naming scheme: the ids a view is of come first and may be given by position
(``indicator_id``, ``jurisdiction_id``: one id, a list, or ``None`` for all; a ranking's
``year``); everything else is a keyword: ``year_from``/``year_to``, ``lang`` (``"en"`` or
``"zh"``) and ``data_dir`` (default the project's ``data/``). Tables are read once per process and
again when a file of the data folder changes.

Example:
    >>> import zjanalysis as zja
    >>> s = zja.series("rd_intensity", "zhejiang")
    >>> ax = zja.plot.trend(s, lang="zh")

The package follows the data: ``sources`` (raw documents) → ``tables`` (curated, validated) →
``analysis`` → ``reports`` (content, charts, files) → ``running`` (notebooks, builds), with
``extraction`` beside reports and ``cli`` on top; ``paths``, ``messages``, ``fonts`` and
``errors`` are leaves every layer may use. Imports run only downwards (checked by
``tests/test_layout.py``). The API is imported lazily, so ``import zjanalysis`` stays cheap.
"""

from __future__ import annotations

from importlib import import_module

_EXPORTS = {  # public name → (module, name in it; None: the module itself)
    "load_tables": ("tables.loading", "load_tables"),
    "targets": ("tables.loading", "load_targets"),
    "indicators": ("tables.loading", "load_indicators"),
    "documents": ("tables.loading", "load_documents"),
    "jurisdictions": ("tables.loading", "load_jurisdictions"),
    "units": ("tables.loading", "load_units"),
    "series": ("analysis.series", "series"),
    "attainment": ("analysis.attainment", "attainment_table"),
    "compare_provinces": ("analysis.provinces", "province_ranking"),
    "rank_history": ("analysis.provinces", "rank_history"),
    "province_targets": ("analysis.province_targets", "province_targets"),
    "revisions": ("analysis.revisions", "revisions_table"),
    "plot": ("plot", None),
    "set_theme": ("plot.theme", "set_theme"),
    "use_cjk_font": ("plot.theme", "use_cjk_font"),
    "run_report": ("running.adhoc", "run_report"),
    "Error": ("errors", "Error"),
    "NotFound": ("errors", "NotFound"),
    "ParameterError": ("errors", "ParameterError"),
    "TableError": ("errors", "TableError"),
}

__all__ = ["__version__", *_EXPORTS]


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # 25 ms: only when asked

    try:
        return version("zjanalysis")
    except PackageNotFoundError:  # running from a source tree without installation
        return "0+unknown"


def __getattr__(name: str):
    if name == "__version__":
        globals()[name] = value = _version()
        return value
    if name in _EXPORTS:
        module_name, attr = _EXPORTS[name]
        module = import_module(f".{module_name}", __name__)
        value = module if attr is None else getattr(module, attr)
        globals()[name] = value  # resolved once: the next use is a plain attribute
        return value
    raise AttributeError(f"module 'zjanalysis' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)  # what tab completion offers: the public API
