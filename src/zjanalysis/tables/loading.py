"""Loading the curated tables as validated, typed DataFrames.

``load_tables`` reads every table, checks cells, keys, references, cross-table rules, quotes
and the raw documents' origin record together, and raises one ``TableError`` listing every
problem. Results are cached per data folder until a file in it changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from zjanalysis import paths
from zjanalysis.errors import Problem, TableError
from zjanalysis.sources.origin import load_origin
from zjanalysis.tables.quotes import find_quote
from zjanalysis.tables.schema import TABLES, Table
from zjanalysis.tables.validation import check_cells, check_references, read_csv

PANDAS_DTYPES = {"str": "string", "int": "Int64", "float": "float64", "list": "string"}


@dataclass(frozen=True)
class Tables:
    """All curated tables of one data folder, validated together."""

    units: pd.DataFrame
    documents: pd.DataFrame
    jurisdictions: pd.DataFrame
    indicators: pd.DataFrame
    targets: pd.DataFrame
    origin: list[dict]
    data_dir: Path

    def raw_text(self, document_id: str) -> str:
        """The raw text of one document."""
        raw_file = self.documents.loc[document_id, "raw_file"]
        return (self.data_dir / "raw" / raw_file).read_text(encoding="utf-8")


_CACHE: dict[Path, tuple[tuple, Tables]] = {}


def _stamp(data_dir: Path) -> tuple:
    files = sorted((data_dir / "processed").glob("*.csv")) + sorted((data_dir / "raw").glob("*"))
    return tuple((f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in files)


def load_tables(data_dir: Path | str | None = None) -> Tables:
    """Load and validate every curated table under ``data_dir`` (default: the project's data/)."""
    data_dir = Path(data_dir) if data_dir is not None else paths.DATA_DIR
    data_dir = data_dir.resolve()
    stamp = _stamp(data_dir)
    cached = _CACHE.get(data_dir)
    if cached and cached[0] == stamp:
        return cached[1]
    tables = _load_uncached(data_dir)
    _CACHE[data_dir] = (stamp, tables)
    return tables


def _to_frame(table: Table, rows: list[tuple[int, dict]]) -> pd.DataFrame:
    data = {}
    for col in table.columns:
        values = [v[col.name] for _, v in rows]
        if col.dtype == "list":
            values = [col.sep.join(v) if v else None for v in values]
        if col.dtype == "date":
            data[col.name] = pd.to_datetime(pd.Series(values, dtype="object"))
        else:
            data[col.name] = pd.Series(values, dtype=PANDAS_DTYPES[col.dtype])
    frame = pd.DataFrame(data)
    if len(table.key) == 1:
        frame = frame.set_index(table.key[0], drop=False)
        frame.index.name = None
    return frame


def _load_uncached(data_dir: Path) -> Tables:
    problems: list[Problem] = []
    processed = data_dir / "processed"
    parsed: dict[str, list[tuple[int, dict]]] = {}
    paths_by_name: dict[str, Path] = {}
    for name, table in TABLES.items():
        path = processed / table.filename
        paths_by_name[name] = path
        raw = read_csv(table, path, problems)
        parsed[name] = check_cells(raw, problems) if raw else []
    keys = {name: {v[TABLES[name].key[0]] for _, v in rows} for name, rows in parsed.items()}
    for name, rows in parsed.items():
        check_references(name, rows, paths_by_name[name], keys, problems)
    origin = load_origin(data_dir / "raw" / "origin.yaml", problems)
    raw_texts = _check_documents(
        parsed["documents"], paths_by_name["documents"], data_dir, origin, problems
    )
    _check_targets(parsed, paths_by_name["targets"], raw_texts, problems)
    if problems:
        raise TableError(problems)
    frames = {name: _to_frame(TABLES[name], rows) for name, rows in parsed.items()}
    return Tables(origin=origin, data_dir=data_dir, **frames)


def _check_documents(rows, path, data_dir, origin, problems) -> dict[str, str]:
    by_id = {r["document_id"]: r for r in origin}
    texts: dict[str, str] = {}
    for line, doc in rows:
        raw_path = data_dir / "raw" / doc["raw_file"]
        if not raw_path.is_file():
            problems.append(
                Problem(
                    path, f"raw file {doc['raw_file']} not found in data/raw/", line, "raw_file"
                )
            )
            continue
        try:
            texts[doc["document_id"]] = raw_path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            problems.append(Problem(raw_path, "raw document is not UTF-8"))
        if doc["period_from"] > doc["period_to"]:
            problems.append(Problem(path, "period_from is after period_to", line, "period_from"))
        rec = by_id.get(doc["document_id"])
        if rec is None:
            problems.append(
                Problem(
                    path,
                    f"no origin record for {doc['document_id']}",
                    line,
                    "document_id",
                    hint="add it to data/raw/origin.yaml",
                )
            )
            continue
        for field in ("raw_file", "title", "issuer", "doc_number", "published_date"):
            if rec.get(field) != doc[field]:
                problems.append(
                    Problem(
                        path,
                        f"{field} differs from the origin record ({rec.get(field)!r})",
                        line,
                        field,
                    )
                )
    known = {d["document_id"] for _, d in rows}
    for rec in origin:
        if rec["document_id"] not in known:
            problems.append(
                Problem(
                    data_dir / "raw" / "origin.yaml",
                    f"document {rec['document_id']} is not in documents.csv",
                )
            )
    return texts


def _check_targets(parsed, path, raw_texts, problems) -> None:
    units = {v["unit"]: v for _, v in parsed["units"]}
    indicators = {v["indicator_id"]: v for _, v in parsed["indicators"]}
    documents = {v["document_id"]: v for _, v in parsed["documents"]}
    for line, t in parsed["targets"]:
        flags = set(t["flags"] or ())
        value, high, cmp_ = t["value"], t["value_high"], t["comparator"]

        def bad(column, message, hint="", line=line):
            problems.append(Problem(path, message, line, column, hint))

        if cmp_ == "range":
            if high is None:
                bad("value_high", "a range needs value_high", "2-3家 → value 2, value_high 3")
            elif value is not None and high < value:
                bad("value_high", f"value_high {high:g} is below value {value:g}")
        elif high is not None:
            bad(
                "value_high",
                f"value_high is set but comparator is '{cmp_}'",
                "use comparator 'range'",
            )
        if value is None and not flags & {"missing_number", "relative"}:
            bad(
                "value",
                "empty value",
                "flag missing_number if the source lost the digits, or relative",
            )
        if value is not None and "missing_number" in flags:
            bad(
                "value",
                "missing_number is flagged but a value is given",
                "never fill a stripped number",
            )
        if (cmp_ == "relative") != ("relative" in flags):
            bad("flags", "comparator 'relative' and flag 'relative' go together")
        if value is not None and not t["unit"]:
            bad("unit", "a value needs a unit")
        ind = indicators.get(t["indicator_id"])
        if t["unit"] and ind and t["unit"] in units and ind["unit"] in units:
            have, want = units[t["unit"]]["dimension"], units[ind["unit"]]["dimension"]
            if have != want:
                bad(
                    "unit",
                    f"unit '{t['unit']}' ({have}) does not fit indicator {ind['indicator_id']} ({ind['unit']}, {want})",
                )
        doc = documents.get(t["document_id"])
        if doc and not doc["period_from"] <= t["year"] <= doc["period_to"]:
            bad(
                "year",
                f"year {t['year']} is outside the document's period {doc['period_from']}–{doc['period_to']}",
            )
        text = raw_texts.get(t["document_id"])
        if text is not None and find_quote(t["quote"], text) == -1:
            bad(
                "quote", "quote not found in its raw document", "copy the exact span from data/raw/"
            )


def load_targets(data_dir: Path | str | None = None) -> pd.DataFrame:
    """The validated targets table (one row per quantitative statement)."""
    return load_tables(data_dir).targets


def load_indicators(data_dir: Path | str | None = None) -> pd.DataFrame:
    """The validated indicator catalogue, indexed by ``indicator_id``."""
    return load_tables(data_dir).indicators


def load_documents(data_dir: Path | str | None = None) -> pd.DataFrame:
    """The validated documents table, indexed by ``document_id``."""
    return load_tables(data_dir).documents


def load_jurisdictions(data_dir: Path | str | None = None) -> pd.DataFrame:
    """The validated jurisdictions table, indexed by ``jurisdiction_id``."""
    return load_tables(data_dir).jurisdictions


def load_units(data_dir: Path | str | None = None) -> pd.DataFrame:
    """The validated units table, indexed by ``unit``."""
    return load_tables(data_dir).units
