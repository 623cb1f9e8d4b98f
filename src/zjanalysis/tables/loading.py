"""Loading the curated tables as validated, typed DataFrames.

``load_tables`` reads every table, checks cells, keys, references, cross-table rules, quotes
and the raw documents' origin record together, and raises one ``TableError`` listing every
problem. Results are cached per data folder until a file in it changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from zjanalysis import paths
from zjanalysis.errors import Problem, TableError
from zjanalysis.sources.origin import load_origin
from zjanalysis.tables.quotes import (
    SCALES,
    elide,
    find_quote,
    injected_marker,
    injected_spans,
    states_value,
)
from zjanalysis.tables.schema import (
    JURISDICTION_LEVELS,
    SIGNED_MEASURES,
    TABLES,
    Table,
    pandas_dtype,
)
from zjanalysis.tables.validation import check_cells, check_references, read_csv

HTML_SUFFIXES = (".html", ".htm")
QUOTE_MIN = 4  # characters of a quote from a text: the number and the words that say what it is
# what must agree for a row to restate another (same_as)
RESTATED_COLUMNS = (
    "indicator_id",
    "jurisdiction_id",
    "year",
    "kind",
    "comparator",
    "value",
    "value_high",
    "unit",
)


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

    @property
    def injected(self) -> dict[str, list]:
        """Each document's recorded runs of injected text (``InjectedRun``), where it has any."""
        return {r["document_id"]: r["injected"] for r in self.origin if r.get("injected")}

    def injected_spans(self, frame: pd.DataFrame) -> pd.Series:
        """For each statement (``document_id``, ``quote``), the spans of its quote that are
        injected text (empty when the quote is the source's own words)."""
        runs, texts = self.injected, {}
        spans = []
        for doc, quote in zip(frame["document_id"], frame["quote"], strict=True):
            if doc not in runs or not isinstance(quote, str):
                spans.append([])
                continue
            if doc not in texts:
                texts[doc] = self.raw_text(doc)
            spans.append(injected_spans(quote, texts[doc], runs[doc]))
        return pd.Series(spans, index=frame.index, dtype="object")

    def quotes_shown(self, frame: pd.DataFrame, lang: str = "en") -> pd.Series:
        """Each statement's quote as a reader sees it: injected text removed and marked."""
        marker = injected_marker(lang)
        return pd.Series(
            [
                elide(q, sp, marker) if sp else q
                for q, sp in zip(frame["quote"], self.injected_spans(frame), strict=True)
            ],
            index=frame.index,
            dtype=frame["quote"].dtype,
        )


_CACHE: dict[Path, tuple[tuple, Tables]] = {}


def _stamp(data_dir: Path) -> tuple:
    files = sorted((data_dir / "processed").glob("*.csv")) + sorted((data_dir / "raw").glob("*"))
    stamp = []
    for f in files:
        try:
            info = f.stat()
        except OSError:  # a dangling link or an unreadable entry: validation names it
            stamp.append((f.name, None, None))
        else:
            stamp.append((f.name, info.st_mtime_ns, info.st_size))
    return tuple(stamp)


def load_tables(data_dir: Path | str | None = None) -> Tables:
    """Every curated table under ``data_dir`` (default: the project's data/), validated together.

    Read once per process and data folder: a later call costs a ``stat`` of each file and reads
    again only when a file's size or modification time changed. The frames are shared: copy
    one before changing it (``zja.targets()`` and the others return copies). Raises
    ``TableError`` listing every problem.

    Example:
        >>> t = zja.load_tables()
        >>> t.targets.shape, t.indicators.loc["rd_intensity", "name_zh"]
    """
    data_dir = Path(data_dir) if data_dir is not None else paths.DATA_DIR
    data_dir = data_dir.resolve()
    if not data_dir.is_dir():
        what = "is not a folder" if data_dir.exists() else "data folder not found"
        raise TableError([Problem(data_dir, what, hint="it holds processed/ and raw/")])
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
            values = pd.to_datetime(pd.Series(values, dtype="object"))
        data[col.name] = pd.Series(values, dtype=pandas_dtype(col))
    frame = pd.DataFrame(data)
    if len(table.key) == 1:
        frame = frame.set_index(table.key[0], drop=False)
        frame.index.name = None
    return frame


def _load_uncached(data_dir: Path) -> Tables:
    problems: list[Problem] = []
    processed = data_dir / "processed"
    parsed: dict[str, list[tuple[int, dict]]] = {}
    keys: dict[str, set[str]] = {}
    paths_by_name: dict[str, Path] = {}
    for name, table in TABLES.items():
        path = processed / table.filename
        paths_by_name[name] = path
        raw = read_csv(table, path, problems)
        parsed[name] = check_cells(raw, problems) if raw else []
        # every key in the file counts as present, even on a row refused for another reason,
        # so that one bad cell is reported once and not again by each row referring to it
        # (a table that cannot be read at all is reported once: its references go unchecked)
        if raw:
            keys[name] = {v.get(table.key[0], "").strip() for _, v in raw.rows}
    for name, rows in parsed.items():
        check_references(name, rows, paths_by_name[name], keys, problems)
    origin = load_origin(data_dir / "raw" / "origin.yaml", problems)
    raw_texts = _check_documents(
        parsed["documents"],
        paths_by_name["documents"],
        data_dir,
        origin,
        problems,
        keys.get("documents"),
    )
    for name in ("jurisdictions", "indicators"):
        _check_names_unique(name, parsed[name], paths_by_name[name], problems)
    _check_units(parsed["units"], paths_by_name["units"], problems)
    _check_parents(parsed["jurisdictions"], paths_by_name["jurisdictions"], problems)
    runs = {r["document_id"]: r.get("injected", []) for r in origin}
    _check_targets(parsed, paths_by_name["targets"], raw_texts, runs, problems)
    if problems:
        raise TableError(problems)
    frames = {name: _to_frame(TABLES[name], rows) for name, rows in parsed.items()}
    return Tables(origin=origin, data_dir=data_dir, **frames)


def _check_units(rows, path, problems) -> None:
    """A unit converts to a base unit of its own dimension by a positive factor; a base unit
    is its own base, with factor 1."""
    units = {v["unit"]: v for _, v in rows}
    for line, u in rows:
        if u["factor"] <= 0:
            problems.append(
                Problem(path, f"factor {u['factor']:g} is not positive", line, "factor")
            )
        base = units.get(u["base_unit"])
        if base is None:
            continue  # reported as an unknown unit
        if base["dimension"] != u["dimension"]:
            problems.append(
                Problem(
                    path,
                    f"base unit '{base['unit']}' measures {base['dimension']}, not {u['dimension']}",
                    line,
                    "base_unit",
                    hint="a unit converts only within its dimension",
                )
            )
        elif base is u and u["factor"] != 1:
            problems.append(
                Problem(path, "a base unit converts to itself with factor 1", line, "factor")
            )
        elif base is not u and (base["base_unit"] != base["unit"]):
            problems.append(
                Problem(
                    path,
                    f"'{base['unit']}' is not a base unit (it converts to '{base['base_unit']}')",
                    line,
                    "base_unit",
                )
            )


def _check_parents(rows, path, problems) -> None:
    """Every chain of enclosing jurisdictions ends (none is its own parent or in a cycle), and
    a parent stands above its child in ``JURISDICTION_LEVELS``."""
    parent = {v["jurisdiction_id"]: v["parent_id"] for _, v in rows}
    level = {v["jurisdiction_id"]: v["level"] for _, v in rows}
    for line, j in rows:
        seen = [j["jurisdiction_id"]]
        up = j["parent_id"]
        while up is not None and up in parent and up not in seen:
            seen.append(up)
            up = parent[up]
        if up == j["jurisdiction_id"]:
            message = (
                "a jurisdiction cannot be its own parent"
                if len(seen) == 1
                else f"parents run in a circle: {' → '.join([*seen, up])}"
            )
            problems.append(Problem(path, message, line, "parent_id"))
            continue
        up_level = level.get(j["parent_id"])
        order = JURISDICTION_LEVELS.index
        if up_level and order(up_level) >= order(j["level"]):
            problems.append(
                Problem(
                    path,
                    f"a {j['level']} cannot lie within {j['parent_id']} ({up_level})",
                    line,
                    "parent_id",
                    hint="levels from the top: " + ", ".join(JURISDICTION_LEVELS),
                )
            )


def _check_names_unique(name: str, rows, path, problems) -> None:
    """A Chinese name or alias means one thing: it may not name two rows of the table."""
    key = TABLES[name].key[0]
    owner: dict[str, str] = {}
    for line, row in rows:
        own_name = row["name_zh"]
        for alias in dict.fromkeys([own_name, *(row["aliases"] or ())]):
            if not alias:
                continue
            other = owner.setdefault(alias, row[key])
            if other != row[key]:
                problems.append(
                    Problem(
                        path,
                        f"'{alias}' already names {other}; a name may mean only one {name[:-1]}",
                        line,
                        "aliases",
                    )
                )


def _check_documents(rows, path, data_dir, origin, problems, listed=None) -> dict[str, str]:
    """Each document row against its raw file and origin record; ``listed`` holds every id
    in documents.csv, rows refused for a bad cell included (so that they are not echoed), or
    None when documents.csv cannot be read (its origin records are then not echoed either)."""
    by_id = {r["document_id"]: r for r in origin}
    origin_troubled = any(p.path == data_dir / "raw" / "origin.yaml" for p in problems)
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
        except OSError as err:
            problems.append(Problem(raw_path, f"cannot be read ({err.strerror or err})"))
        if doc["published_date"] and doc["published_date"] > date.today():
            problems.append(
                Problem(path, "published_date is in the future", line, "published_date")
            )
        if doc["period_from"] > doc["period_to"]:
            problems.append(Problem(path, "period_from is after period_to", line, "period_from"))
        rec = by_id.get(doc["document_id"])
        if rec is None and origin_troubled:
            continue  # its record is refused with a problem of its own
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
        for field in ("raw_file", "title", "issuer", "doc_number", "published_date", "source_type"):
            if rec.get(field) != doc[field]:
                problems.append(
                    Problem(
                        path,
                        f"{field} differs from the origin record ({rec.get(field)!r})",
                        line,
                        field,
                    )
                )
    for rec in origin if listed is not None else ():  # documents.csv unreadable: said once
        if rec["document_id"] not in listed:
            problems.append(
                Problem(
                    data_dir / "raw" / "origin.yaml",
                    f"document {rec['document_id']} is not in documents.csv",
                )
            )
    return texts


def _check_targets(parsed, path, raw_texts, runs, problems) -> None:
    units = {v["unit"]: v for _, v in parsed["units"]}
    # dimensions with a scale no Chinese word says (P, Eflops = 1000 P): there the unit itself
    # must be written in the quote, or changing it would multiply the figure unnoticed
    unworded = {
        v["dimension"]
        for v in units.values()
        if isinstance(v["factor"], int | float) and v["factor"] > 1 and v["factor"] not in SCALES
    }  # (a factor that is not a positive number is refused with the units table)
    indicators = {v["indicator_id"]: v for _, v in parsed["indicators"]}
    documents = {v["document_id"]: v for _, v in parsed["documents"]}
    by_id = {v["target_id"]: v for _, v in parsed["targets"]}
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
        if t["relative_to"] and cmp_ != "relative":
            bad("relative_to", "relative_to is set but comparator is not 'relative'")
        if t["relative_to"] and t["relative_to"] == t["jurisdiction_id"]:
            bad("relative_to", "a target cannot be relative to its own place")
        if value is not None and not t["unit"]:
            bad("unit", "a value needs a unit")
        ind = indicators.get(t["indicator_id"])
        unit_fits = True
        if t["unit"] and ind and t["unit"] in units and ind["unit"] in units:
            have, want = units[t["unit"]]["dimension"], units[ind["unit"]]["dimension"]
            unit_fits = have == want
            if not unit_fits:
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
        if ind and ind["measure_type"] not in SIGNED_MEASURES:
            for column, number in (("value", value), ("value_high", high)):
                if number is not None and number < 0:
                    bad(
                        column,
                        f"{number:g} is negative; a {ind['measure_type']} cannot be",
                        f"only {' and '.join(SIGNED_MEASURES)} indicators may fall below zero",
                    )
        is_page = bool(doc) and Path(doc["raw_file"]).suffix.lower() in HTML_SUFFIXES
        text = raw_texts.get(t["document_id"])
        # the source's words: a number only injected text states is not stated
        said = t["quote"]
        if text is not None and runs.get(t["document_id"]):
            said = elide(said, injected_spans(said, text, runs[t["document_id"]]), " ")
        if text is not None and find_quote(t["quote"], text) == -1:
            bad(
                "quote", "quote not found in its raw document", "copy the exact span from data/raw/"
            )
        elif doc and not is_page and len(t["quote"]) < QUOTE_MIN:
            bad(
                "quote",
                f"quote '{t['quote']}' is too short to show where the figure is stated",
                f"copy at least {QUOTE_MIN} characters: the number and the words saying what it is",
            )
        elif "missing_number" not in flags:  # else the filled-in number is refused above
            stated = [n for n in (value, high) if n is not None]
            for column, number in (("value", value), ("value_high", high)):
                if number is not None and not states_value(said, number):
                    bad(
                        column,
                        f"{number:g} is not stated in its quote '{t['quote']}'",
                        "the value is the number the quote states (scale in 'unit')",
                    )
                    stated = []
            unit = units.get(t["unit"])
            scale = (
                None if unit is None else "" if unit["factor"] == 1 else SCALES.get(unit["factor"])
            )
            if (
                doc
                and unit_fits
                and not is_page
                and unit is not None
                and unit["dimension"] in unworded
                and t["unit"] not in said
            ):
                bad(
                    "unit",
                    f"unit '{t['unit']}' is not written in its quote '{t['quote']}'",
                    "the unit as the quote writes it (4000P: P; 2.5Eflops: Eflops)",
                )
            # a page's cell is a bare number: its scale is in the column's header
            elif (
                doc
                and unit_fits
                and not is_page
                and scale is not None
                and not all(states_value(said, n, scale) for n in stated)
            ):
                bad(
                    "unit",
                    f"unit '{t['unit']}' is not what its quote states: "
                    f"{' and '.join(f'{n:g}' for n in stated)} "
                    + (f"without {scale}" if scale else "with a scale (万, 亿)"),
                    "numbers as written, their scale in the unit (1.2万家: 1.2, 万家)",
                )
        if is_page and not t["locator"]:
            bad(
                "locator",
                "a figure from an HTML page needs its locator",
                "table T, row R, column C",
            )
        if t["locator"] and doc and not is_page:
            bad("locator", "a locator is only for figures read from an HTML table")
    # restatements last, and only between rows without problems of their own (no echoes)
    troubled = {p.line for p in problems if p.path == path}
    lines = {t["target_id"]: line for line, t in parsed["targets"]}
    for line, t in parsed["targets"]:
        first_line = lines.get(t["same_as"] or "")
        if line in troubled or first_line in troubled:
            continue

        def bad(column, message, hint="", line=line):
            problems.append(Problem(path, message, line, column, hint))

        _check_restatement(t, by_id, bad)
    _check_clean_first(parsed["targets"], path, raw_texts, runs, troubled, problems)


def _check_clean_first(rows, path, raw_texts, runs, troubled, problems) -> None:
    """A figure stated both with injected text in its quote and without is first stated by
    a clean row, so that every view citing one statement cites the source's own words."""

    def dirty(t) -> bool:
        doc = t["document_id"]
        return bool(
            runs.get(doc)
            and doc in raw_texts
            and injected_spans(t["quote"], raw_texts[doc], runs[doc])
        )

    by_id = {t["target_id"]: (line, t) for line, t in rows}
    for line, t in rows:
        first = by_id.get(t["same_as"] or "")
        if first is None or line in troubled or first[0] in troubled:
            continue
        if dirty(first[1]) and not dirty(t):
            problems.append(
                Problem(
                    path,
                    f"{first[1]['target_id']}'s quote carries injected text and {t['target_id']} "
                    "states the same figure without it",
                    first[0],
                    "same_as",
                    f"make {t['target_id']} the first statement (same_as on "
                    f"{first[1]['target_id']}, not on {t['target_id']})",
                )
            )


def _check_restatement(t: dict, by_id: dict, bad) -> None:
    """A row with ``same_as`` states the same figure as the (first) row it names."""
    first = by_id.get(t["same_as"]) if t["same_as"] else None
    repeated = "repeated" in set(t["flags"] or ())
    if first is None:
        if repeated:
            bad("same_as", "a repeated statement names the row it repeats", "set same_as")
        return
    if first["target_id"] == t["target_id"]:
        bad("same_as", "a row cannot restate itself")
        return
    if first["same_as"] == first["target_id"]:
        return  # that row restating itself is reported on its own line
    if first["same_as"]:
        bad(
            "same_as",
            f"{first['target_id']} itself restates {first['same_as']}",
            f"point same_as at {first['same_as']}, the first statement",
        )
    differs = [c for c in RESTATED_COLUMNS if first[c] != t[c]]
    if differs:
        bad(
            "same_as",
            f"{', '.join(differs)} differ from {first['target_id']}, so it is not the same figure",
        )
    if (first["document_id"] == t["document_id"]) != repeated:
        bad(
            "flags",
            "flag 'repeated' marks a restatement within the same document, and only that",
        )


def load_targets(data_dir: Path | str | None = None) -> pd.DataFrame:
    """The curated statements, one row per quantitative statement (``zja.targets``).

    A copy: changing it changes nothing the views read. Columns: ``schema.TABLES["targets"]``.

    Example:
        >>> t = zja.targets()
        >>> t[t["indicator_id"] == "rd_intensity"][["jurisdiction_id", "year", "kind", "value"]]
    """
    return load_tables(data_dir).targets.copy()


def load_indicators(data_dir: Path | str | None = None) -> pd.DataFrame:
    """The indicator catalogue, indexed by ``indicator_id`` (``zja.indicators``); a copy.

    Example:
        >>> zja.indicators().loc["rd_intensity", ["name_zh", "name_en", "unit"]]
    """
    return load_tables(data_dir).indicators.copy()


def load_documents(data_dir: Path | str | None = None) -> pd.DataFrame:
    """The source documents, indexed by ``document_id`` (``zja.documents``); a copy.

    Example:
        >>> zja.documents()[["title", "issuer", "published_date", "source_type"]].head()
    """
    return load_tables(data_dir).documents.copy()


def load_jurisdictions(data_dir: Path | str | None = None) -> pd.DataFrame:
    """The places (country, provinces, cities, county groups), indexed by ``jurisdiction_id``
    (``zja.jurisdictions``); a copy.

    Example:
        >>> zja.jurisdictions().query("level == 'province'")[["name_zh", "name_en"]]
    """
    return load_tables(data_dir).jurisdictions.copy()


def load_units(data_dir: Path | str | None = None) -> pd.DataFrame:
    """The units, indexed by ``unit``, with their dimension and factor (``zja.units``); a copy.

    Example:
        >>> zja.units().loc["亿元", ["dimension", "factor"]]
    """
    return load_tables(data_dir).units.copy()
