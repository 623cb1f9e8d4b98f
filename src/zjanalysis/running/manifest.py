"""The build manifest (``reports/schedule.yaml``): report jobs, expanded and checked.

A job names a notebook and either fixed ``params``, a ``matrix`` (every combination of the
listed values), or ``for_each`` (one of the expansions below), optionally with shared params:

    - notebook: indicator_trend
      for_each: indicator_with_trend
      params: {lang: en}

``indicator_with_trend`` gives every indicator whose trend shows figures in two years or more;
``jurisdiction_year`` every place and year the policy texts give figures for, and
``jurisdiction_year_of_several_documents`` those of places two or more texts speak of (a place
with one document has that document's profile); ``jurisdiction_with_targets`` every place with
targets, and ``jurisdiction_with_targets_of_several_documents`` those a figure of another
document can judge; ``statistics_year`` every indicator and year of the official statistics;
``indicator_stated_by_provinces`` every indicator at least five provinces' own documents state.

``time_limit`` (seconds), at the top or in a job, bounds each report's run (default
``TIME_LIMIT``); ``zja build --time-limit`` overrides both.

Every expanded job is checked like ``zja report`` checks its parameters; any problem stops the
build before anything runs, naming the manifest line.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from zjanalysis.errors import InputError
from zjanalysis.running.notebook import notebook_path, slug
from zjanalysis.running.parameters import ParameterError, resolve
from zjanalysis.sources.yamlfile import StrictLoader, error_line

TIME_LIMIT = 300.0  # seconds a report may run in a build: ~100× a report's usual time
TOP_KEYS = ("jobs", "time_limit")


class ManifestError(InputError):
    """A manifest that cannot be built; the message names the file and line."""


@dataclass(frozen=True)
class Job:
    """One report to build: notebook name, resolved parameters, and its output slug."""

    name: str
    params: dict
    line: int = 0
    time_limit: float = TIME_LIMIT
    slug: str = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "slug", slug(self.params))

    @property
    def key(self) -> str:
        return f"{self.name}/{self.slug}"


def _expand_for_each(kind: str, data_dir=None) -> list[dict]:
    from zjanalysis.analysis.coverage import indicators_with_trend, places_in_documents
    from zjanalysis.tables.loading import load_tables

    t = load_tables(data_dir)
    tg = t.targets
    several = kind.endswith(SEVERAL)
    places = places_in_documents(2, data_dir) if several else list(t.jurisdictions.index)
    kind = kind.removesuffix(SEVERAL)
    if kind == "indicator_with_trend":
        return [{"indicator_id": i} for i in indicators_with_trend(2, data_dir)]
    if kind == "jurisdiction_year":
        # places and years the policy texts speak of; the statistics bulletins' figures for
        # every province are compared across provinces, not given an overview each
        texts = tg[tg["document_id"].map(t.documents["source_type"]) != "official_statistics"]
        pairs = texts[["jurisdiction_id", "year"]].drop_duplicates()
        order = {j: i for i, j in enumerate(places)}
        pairs = sorted(
            ((j, int(y)) for j, y in pairs.itertuples(index=False) if j in order),
            key=lambda p: (order[p[0]], p[1]),
        )
        return [{"jurisdiction_id": j, "year": y} for j, y in pairs]
    if kind == "document":
        return [{"document_id": d} for d in t.documents.index]
    if kind == "jurisdiction_with_targets":
        have = set(tg.loc[tg["kind"] == "target", "jurisdiction_id"])
        return [{"jurisdiction_id": j} for j in places if j in have]
    if kind == "statistics_year":
        from zjanalysis.analysis.provinces import statistics_indicators, statistics_years

        return [
            {"indicator_id": i, "year": y}
            for i in statistics_indicators(data_dir)
            for y in statistics_years(i, data_dir)
        ]
    if kind == "indicator_stated_by_provinces":
        from zjanalysis.analysis.province_targets import stated_by_provinces

        return [{"indicator_id": i} for i in stated_by_provinces(data_dir=data_dir)]
    raise KeyError(kind)


SEVERAL = "_of_several_documents"  # suffix: only places two or more policy texts speak of
FOR_EACH = (
    "indicator_with_trend",
    "jurisdiction_year",
    "jurisdiction_year" + SEVERAL,
    "document",
    "jurisdiction_with_targets",
    "jurisdiction_with_targets" + SEVERAL,
    "statistics_year",
    "indicator_stated_by_provinces",
)
JOB_KEYS = ("notebook", "params", "matrix", "for_each", "time_limit")


class _LineLoader(StrictLoader):
    """A safe loader that refuses duplicate keys and records each mapping's line under
    ``__line__``."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__line__"] = node.start_mark.line + 1
        return mapping


def load_manifest(path: Path, notebooks_dir: Path | None = None, data_dir=None) -> list[Job]:
    """Read, expand and check a manifest; raise ``ManifestError`` naming the line."""
    where = str(path)
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except FileNotFoundError:
        raise ManifestError(f"{where}: manifest not found") from None
    except IsADirectoryError:
        raise ManifestError(f"{where}: is a folder, not a manifest file") from None
    except UnicodeDecodeError as err:
        raise ManifestError(f"{where}: not UTF-8 (byte {err.start}); save it as UTF-8") from None
    except OSError as err:
        raise ManifestError(f"{where}: cannot be read ({err.strerror or err})") from None
    except (yaml.YAMLError, ValueError) as err:
        line = error_line(err)
        at = f", line {line}" if line else ""
        raise ManifestError(
            f"{where}{at}: not valid YAML: {getattr(err, 'problem', None) or err}"
        ) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("jobs"), list) or not doc["jobs"]:
        raise ManifestError(f"{where}: expected a mapping with a non-empty 'jobs' list")
    top_line = doc.pop("__line__", 1)
    unknown = [k for k in doc if k not in TOP_KEYS]
    if unknown:
        raise ManifestError(f"{where}: unknown key '{unknown[0]}' (keys: {', '.join(TOP_KEYS)})")
    default_limit = _time_limit(doc.get("time_limit", TIME_LIMIT), f"{where}, line {top_line}")
    from zjanalysis.running.param_checks import check_values  # reads the tables: pandas

    jobs: list[Job] = []
    seen: dict[str, int] = {}
    for entry in doc["jobs"]:
        if not isinstance(entry, dict):
            raise ManifestError(f"{where}: each job must be a mapping, got {entry!r}")
        line = entry.pop("__line__", 0)
        at = f"{where}, line {line}"
        unknown = [k for k in entry if k not in JOB_KEYS]
        if unknown:
            raise ManifestError(
                f"{at}: unknown key '{unknown[0]}' (job keys: {', '.join(JOB_KEYS)})"
            )
        if "notebook" not in entry:
            raise ManifestError(f"{at}: a job needs a 'notebook'")
        name = str(entry["notebook"])
        try:
            notebook = notebook_path(name, notebooks_dir)
        except ParameterError as err:
            raise ManifestError(f"{at}: {err}") from None
        limit = _time_limit(entry.get("time_limit", default_limit), at)
        base = _plain(entry.get("params") or {}, at, "params")
        variants: list[dict] = [{}]
        if "matrix" in entry:
            matrix = _plain(entry["matrix"], at, "matrix")
            keys = list(matrix)
            values = [v if isinstance(v, list) else [v] for v in matrix.values()]
            empty = [k for k, v in zip(keys, values, strict=True) if not v]
            if not matrix or empty:
                what = f"'{empty[0]}' lists no values" if empty else "it is empty"
                raise ManifestError(f"{at}: the matrix makes no job: {what}")
            variants = [dict(zip(keys, combo, strict=True)) for combo in itertools.product(*values)]
        if "for_each" in entry:
            kind = entry["for_each"]
            if kind not in FOR_EACH:
                raise ManifestError(
                    f"{at}: unknown for_each '{kind}' (one of: {', '.join(FOR_EACH)})"
                )
            variants = [{**v, **e} for v in variants for e in _expand_for_each(kind, data_dir)]
            if not variants:
                raise ManifestError(f"{at}: for_each '{kind}' finds nothing in the data")
        for variant in variants:
            given = {**base, **variant}
            try:
                values = resolve(notebook, given)
                check_values(name, values, data_dir)
            except ParameterError as err:
                raise ManifestError(f"{at}: {name}: {err}") from None
            job = Job(name, values, line, limit)
            if job.key in seen:
                continue  # the same report asked twice: build it once
            seen[job.key] = line
            jobs.append(job)
    return jobs


def _time_limit(value, at: str) -> float:
    """A ``time_limit`` as seconds: a positive number up to a day."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not 1 <= value <= 86400:
        raise ManifestError(f"{at}: time_limit must be seconds from 1 to 86400, got {value!r:.40}")
    return float(value)


def _plain(value, at: str, what: str) -> dict:
    if not isinstance(value, dict):
        raise ManifestError(f"{at}: '{what}' must be a mapping")
    value = {k: v for k, v in value.items() if k != "__line__"}
    return value
