"""Candidate rows for review: extracting files, adding a document, curating kept rows."""

from __future__ import annotations

import csv
import gc
import hashlib
import io
import re
import shutil
import tempfile
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pandas as pd

from zjanalysis import paths
from zjanalysis.errors import InputError, TableError, did_you_mean
from zjanalysis.extraction.bulletins import has_annex_table, read_bulletin
from zjanalysis.extraction.documents import document_info, guess_place
from zjanalysis.extraction.statements import Catalogue, DocumentInfo, extract_text
from zjanalysis.files import cannot_write, inside, write_atomic, write_together
from zjanalysis.sources.html import page_text
from zjanalysis.sources.injected import find_injected
from zjanalysis.sources.origin import NOT_STATED
from zjanalysis.tables.loading import HTML_SUFFIXES, RESTATED_COLUMNS, load_tables
from zjanalysis.tables.locators import validate
from zjanalysis.tables.schema import DOC_TYPES, SNAKE_ID, TARGETS, YEARS, text_problem
from zjanalysis.tables.validation import CsvShapeError, csv_rows

# the targets.csv columns a reviewer fills (target_id and note are set on curation), plus provenance
CANDIDATE_COLUMNS = [
    "keep",
    *(c.name for c in TARGETS.columns if c.name not in ("target_id", "note")),
    "char_start",
    "char_end",
    "subject",
    "confidence",
    "in_scope",
    "reason",
    "source_file",
]
KEEP_WORDS = {"1", "y", "yes", "true", "x", "keep", "是", "✓", "✔"}
FORMULA_START = ("=", "+", "-", "@")
NUMBER_COLUMNS = ["year", "value", "value_high", "char_start", "char_end", "confidence"]


class ExtractionError(InputError):
    """A file or candidates table that cannot be used; the message names it."""


def read_document(path: Path) -> str:
    """The text of a UTF-8 document; clear errors for missing, unreadable, non-UTF-8 or empty files."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ExtractionError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise ExtractionError(f"{path}: is a folder, not a text file") from None
    except OSError as err:
        raise ExtractionError(f"{path}: cannot be read ({err.strerror})") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise ExtractionError(
            f"{path}: not UTF-8 (byte {err.start}, line {line}); convert it first, e.g. iconv -f GB18030 -t UTF-8"
        ) from None
    if not text.strip():
        raise ExtractionError(f"{path}: file is empty")
    return text


def _slug_id(path: Path) -> str:
    stem = re.sub(r"[^a-z0-9]+", "_", path.stem.lower()).strip("_")
    return stem if stem and stem[0].isalpha() else f"doc_{stem or 'unnamed'}"


DATE_LINE = re.compile(
    r"(?:发布日期|发布时间|发文日期|成文日期|日期|时间)\s*[:：]?\s*((?:19|20)\d{2})[-./年](\d{1,2})[-./月](\d{1,2})"
    r"|^\s*((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日\s*$"
    # a speech's line: ——2026年1月26日在…人民代表大会…上
    r"|^\W*((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日在",
    re.MULTILINE,
)


def parse_published(value: str | None) -> date | None:
    """A ``--published`` value (YYYY-MM-DD) as a date; a clear error otherwise."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ExtractionError(f"--published '{value}' is not a date in YYYY-MM-DD form") from None


def dated_line(text: str) -> date | None:
    """The date of a page's date line (发布日期:2025-01-14, 时间：2026-01-22) or of a speech
    (——2026年1月26日在…会议上), if it has one."""
    m = DATE_LINE.search(text[:3000])
    if not m:
        return None
    y, mo, d = (g for g in m.groups() if g)
    try:
        return date(int(y), int(mo), int(d))
    except ValueError:
        return None


def document_info_for(path: Path, text: str, t, published: date | None = None) -> DocumentInfo:
    """A curated document's info when the file is one of data/raw (by content), else what the
    file tells: its place from the first lines, its date from ``published`` or its date line."""
    digest = hashlib.md5(text.encode("utf-8")).hexdigest()
    raw_dir = t.data_dir / "raw"
    for rec in t.origin:
        if rec["md5"] == digest or (
            rec["raw_file"] == path.name and (raw_dir / path.name).resolve() == path.resolve()
        ):
            info = document_info(t, rec["document_id"])
            if info.published is None and published is not None:
                info.published = published
            return info
    head = "\n".join(text.splitlines()[:15])
    published = published or dated_line(text)
    doc_id = _slug_id(path)
    if doc_id in t.documents.index:  # another text under a curated document's name: never its rows
        doc_id = f"{doc_id}_unregistered"
    return DocumentInfo(
        doc_id,
        published.year if published else None,
        guess_place(head, t.jurisdictions),
        published,
    )


@contextmanager
def _collector_paused():
    """Extraction allocates hundreds of thousands of objects and no reference cycles: the
    cyclic garbage collector's passes over them (4% of the time) wait until it is done."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def extract_file(
    path: str | Path, data_dir: Path | None = None, published: date | None = None
) -> list[dict]:
    """Candidate rows of one file: a UTF-8 text file, or an HTML page (a statistics bulletin's
    annex table figure by figure, else the page's text).

    ``published`` is the date of a document without an origin record (今年, 去年 and the
    kind of past and future years are read against it). For an HTML page, ``char_start`` and
    ``char_end`` are offsets into the page's text (``sources.html.page_text``).
    """
    with _collector_paused():
        return _extract_file(path, data_dir, published)


def _extract_file(
    path: str | Path, data_dir: Path | None = None, published: date | None = None
) -> list[dict]:
    """The work of ``extract_file``."""
    path = Path(path)
    text = read_document(path)
    t = load_tables(data_dir)
    info = document_info_for(path, text, t, published)
    if path.suffix.lower() in HTML_SUFFIXES:
        if has_annex_table(path):
            return bulletin_candidates(path, text, t)
        text = page_text(path)
    cat = _catalogue(t)
    rows = []
    source_file = str(path)
    for c in extract_text(text, cat, info):
        rows.append(
            {
                "keep": "",
                "document_id": c.document_id,
                "section": c.section,
                "jurisdiction_id": c.jurisdiction_id,
                "indicator_id": c.indicator_id,
                "year": c.year,
                "kind": c.kind,
                "comparator": c.comparator,
                "value": c.value,
                "value_high": c.value_high,
                "unit": c.unit,
                "quote": c.quote,
                "locator": "",
                "flags": ";".join(dict.fromkeys(c.flags)),
                "same_as": "",
                "char_start": c.char_start,
                "char_end": c.char_end,
                "subject": c.subject,
                "confidence": c.confidence,
                "in_scope": "yes" if c.in_scope else "no",
                "reason": "; ".join(c.reason),
                "source_file": source_file,
            }
        )
    return rows


def bulletin_candidates(path: Path, text: str, t) -> list[dict]:
    """One candidate per figure of a statistics bulletin's annex table, with its locator."""
    info = document_info_for(path, text, t)
    doc = t.documents.loc[info.document_id] if info.document_id in t.documents.index else None
    annex = read_bulletin(
        path, t.jurisdictions, int(doc["period_from"]) if doc is not None else None
    )
    return [
        {
            "keep": "",
            "document_id": info.document_id,
            "section": annex.caption,
            "jurisdiction_id": f.jurisdiction_id,
            "indicator_id": f.indicator_id,
            "year": annex.year,
            "kind": "actual",
            "comparator": "=",
            "value": f.value,
            "value_high": None,
            "unit": f.unit,
            "quote": f.cell.text,
            "locator": f.cell.locator,
            "flags": "",
            "same_as": "",
            "subject": f.header,
            "confidence": 1.0,
            "in_scope": "yes",
            "reason": "statistics table: region row × figure column",
            "source_file": str(path),
        }
        for f in annex.figures
    ]


_CAT: dict[int, Catalogue] = {}


def _catalogue(t) -> Catalogue:
    key = id(t)
    if key not in _CAT:
        _CAT.clear()
        _CAT[key] = Catalogue(t.indicators, t.units, t.jurisdictions)
    return _CAT[key]


def extract_files(
    files: list[str | Path],
    jobs: int = 1,
    data_dir: Path | None = None,
    published: date | None = None,
) -> pd.DataFrame:
    """Candidates of several files, in file order; ``jobs`` > 1 extracts files in parallel.

    ``data_dir`` is the data folder whose catalogue and documents are used (default: the
    project's); ``published`` the date of files without an origin record.
    """
    with _collector_paused():
        return _extract_files(files, jobs, data_dir, published)


def _extract_files(files, jobs, data_dir, published) -> pd.DataFrame:
    """The work of ``extract_files``."""
    from functools import partial

    files = [Path(f) for f in files]
    for f in files:  # fail fast, before any work, on unusable inputs
        read_document(f)
    one = partial(extract_file, data_dir=data_dir, published=published)
    if jobs > 1 and len(files) > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=jobs) as pool:
            parts = list(pool.map(one, files, chunksize=max(1, len(files) // (jobs * 4))))
    else:
        parts = [one(f) for f in files]
    frame = pd.DataFrame([row for part in parts for row in part], columns=CANDIDATE_COLUMNS)
    # within each file, S&T candidates first (a work report's other figures after them),
    # each group in document order
    order = [(f, row["in_scope"] != "yes") for f, part in enumerate(parts) for row in part]
    frame = frame.iloc[sorted(range(len(order)), key=order.__getitem__)].reset_index(drop=True)
    return suggest_same_as(frame, load_tables(data_dir))


NUMERIC_KEY_COLUMNS = ("value", "value_high", "year")


def _key_part(column: str, value):
    """One column's part of a figure key: empty for missing, numbers as numbers, text stripped."""
    if (
        value is None
        or value is pd.NA
        or (isinstance(value, float) and value != value)
        or value == ""
    ):
        return ""
    if column in NUMERIC_KEY_COLUMNS:
        try:
            return float(value)
        except (TypeError, ValueError):
            return str(value)
    return str(value).strip()


def _key_column(column: str, values: list) -> list:
    """``_key_part`` of every value of a column, at once for a column of plain text or numbers."""
    types = set(map(type, values))
    numeric = column in NUMERIC_KEY_COLUMNS
    if types <= {str} and not numeric:
        return [v.strip() for v in values]
    if types <= {float} and numeric:
        return ["" if v != v else v for v in values]  # NaN: missing
    if types <= {int} and numeric:
        return [float(v) for v in values]
    return [_key_part(column, v) for v in values]


def _figure_key(row) -> tuple:
    """What must agree for two rows to state the same figure (numbers compared as numbers)."""
    return tuple(_key_part(c, row[c]) for c in RESTATED_COLUMNS)


def _figure_keys(frame: pd.DataFrame) -> list[tuple]:
    """``_figure_key`` of every row, column by column (a frame of 10⁴ rows in milliseconds)."""
    columns = [_key_column(c, frame[c].tolist()) for c in RESTATED_COLUMNS]
    return list(zip(*columns, strict=True)) if columns[0] else []


_FIRST: dict = {"tables": None}  # the last tables' first statements (tables never change)


def _first_statements(t) -> dict[tuple, tuple[str, str]]:
    """The first curated row (target, document) of every figure, by publication date."""
    if _FIRST["tables"] is not t:
        order = t.targets.assign(_date=t.targets["document_id"].map(t.documents["published_date"]))
        order = order.sort_values(["_date", "target_id"], na_position="last")
        first: dict[tuple, tuple[str, str]] = {}
        curated = order[order["same_as"].isna() & order["value"].notna()]
        for key, target, doc in zip(
            _figure_keys(curated), curated["target_id"], curated["document_id"], strict=True
        ):
            first.setdefault(key, (target, doc))
        _FIRST.update(tables=t, first=first)
    return _FIRST["first"]


def suggest_same_as(frame: pd.DataFrame, t) -> pd.DataFrame:
    """Pre-fill ``same_as`` where a curated row of another document states the same figure.

    A suggestion for the reviewer, who clears it when the two are different statements that
    happen to share a number (two tasks with the same deadline); ``reason`` says so.
    """
    first = _first_statements(t)
    same_as = frame["same_as"].tolist()
    reasons = frame["reason"].tolist()
    value_at = RESTATED_COLUMNS.index("value")
    documents = frame["document_id"].tolist()  # (iterating a Series is 30× slower)
    for i, (key, doc) in enumerate(zip(_figure_keys(frame), documents, strict=True)):
        given = same_as[i]
        if key[value_at] == "" or (isinstance(given, str) and given.strip()):
            continue  # no number, or the reviewer already said
        found = first.get(key)
        if found and found[1] != doc:
            same_as[i] = found[0]
            reasons[i] = f"{reasons[i]}; same figure as {found[0]}: clear same_as if not"
    return frame.assign(same_as=same_as, reason=reasons)


def _safe_text(value):
    """Keep document text from being read as a formula by spreadsheets (prefix ')."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def check_output(out: Path, force: bool = False, data_dir: Path | None = None) -> Path:
    """Refuse an output path that would overwrite curated or raw data, a folder, or a file.

    Candidates are never written inside the data folder (raw documents and curated tables
    live there), never over a folder, and over an existing file only with ``force``.
    """
    out = Path(out)
    data = Path(data_dir or paths.DATA_DIR).resolve()
    where = out.resolve()
    if inside(where, data):
        raise ExtractionError(
            f"{out}: inside the data folder {data}; write candidates elsewhere (e.g. -o candidates.csv)"
        )
    if where.is_dir():
        raise ExtractionError(f"{out}: is a folder; give a file name, e.g. {out}/candidates.csv")
    if where.exists() and not force:
        raise ExtractionError(f"{out}: already exists; choose another name or add --force")
    for parent in where.parents:
        if parent.exists():
            if not parent.is_dir():
                raise ExtractionError(f"{out}: {parent} is a file, not a folder")
            break
    return out


def write_candidates(frame: pd.DataFrame, out: Path, force: bool = False) -> Path:
    """Write candidates as UTF-8 CSV with a byte-order mark, so Excel shows Chinese.

    The path is checked first (``check_output``); the file appears whole or not at all.
    """
    out = check_output(out, force)
    safe = frame.copy()
    for col in safe.columns.difference(NUMBER_COLUMNS):  # every text column, names included
        safe[col] = safe[col].map(_safe_text)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise cannot_write(out, err) from None
    write_atomic(
        out, lambda tmp: safe.to_csv(tmp, index=False, encoding="utf-8-sig", lineterminator="\n")
    )
    return out


def add_document(
    file: Path,
    *,
    title: str,
    issuer: str,
    published: str | None,
    document_id: str | None = None,
    doc_number: str | None = None,
    title_en: str | None = None,
    source_site: str | None = None,
    periods: list[int] | None = None,
    doc_type: str = "other",
    source_url: str | None = None,
    copy_kind: str = "whole_document",
    source_type: str = "official_document",
    defects: list[str] | None = None,
    licence: str = NOT_STATED,
    data_dir: Path | None = None,
) -> str:
    """Copy ``file`` byte-for-byte into data/raw/ and record its origin; return its id.

    The record's ``accessed`` is today, the day the copy is taken; ``licence`` is what the
    source states (default: not stated). Nothing is changed if the tables would not validate
    afterwards.
    """
    data_dir = Path(data_dir or paths.DATA_DIR)
    _check_metadata(
        title=title,
        issuer=issuer,
        document_id=document_id,
        doc_number=doc_number,
        title_en=title_en,
        source_site=source_site,
        source_url=source_url,
        defect=defects,
        licence=licence,
    )
    text = read_document(file)
    content = file.read_bytes()  # the copy is these bytes, whatever happens to the file meanwhile
    raw_dir, processed = data_dir / "raw", data_dir / "processed"
    dest = raw_dir / file.name
    t = load_tables(data_dir)
    document_id = document_id or _slug_id(file)
    if document_id in t.documents.index:
        raise ExtractionError(
            f"document id '{document_id}' is already in documents.csv; choose another with --document-id"
        )
    if dest.exists() or dest.is_symlink():
        raise ExtractionError(f"{dest} already exists; raw copies are never replaced")
    published_date = parse_published(published)
    if published_date and published_date > date.today():
        raise ExtractionError(f"--published {published} is in the future")
    if doc_type not in DOC_TYPES:
        hint = did_you_mean(doc_type, DOC_TYPES) or "one of: " + ", ".join(DOC_TYPES)
        raise ExtractionError(f"--doc-type '{doc_type}' is not a document type — {hint}")
    for year in periods or ():
        if not YEARS[0] <= year <= YEARS[1]:
            raise ExtractionError(f"--period {year} is not a year from {YEARS[0]} to {YEARS[1]}")
    years = periods or (
        [published_date.year]
        if published_date
        else [int(y) for y in re.findall(r"((?:19|20)\d{2})年", text[:2000])[:1]]
    )
    if not years:
        raise ExtractionError("no period: give --published or --period")
    script = "traditional" if _looks_traditional(text) else "simplified"
    md5 = hashlib.md5(content).hexdigest()
    record = {
        "document_id": document_id,
        "raw_file": file.name,
        "title": title,
        "issuer": issuer,
        "doc_number": doc_number,
        "published_date": published_date,
        "periods": years,
        "source_site": source_site,
        "source_url": source_url,
        "accessed": date.today(),
        "licence": licence,
        "copy_kind": copy_kind,
        "source_type": source_type,
        "script": script,
        "md5": md5,
        "defects": list(defects or []),
    }
    runs = find_injected(content.decode("utf-8", errors="replace"))
    if runs:  # adverts or page text inside sentences: recorded, so quotes show them elided
        record["injected"] = [r.as_record() for r in runs]
    origin_path, docs_path = raw_dir / "origin.yaml", processed / "documents.csv"
    row = {
        "document_id": document_id,
        "raw_file": file.name,
        "title": title,
        "title_en": title_en or title,
        "issuer": issuer,
        "doc_number": doc_number or "",
        "published_date": published_date.isoformat() if published_date else "",
        "period_from": min(years),
        "period_to": max(years),
        "doc_type": doc_type,
        "source_type": source_type,
    }
    # validated in a scratch copy of the data folder, then written all together or not at all
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp) / "data"
        shutil.copytree(data_dir, scratch)
        (scratch / "raw" / file.name).write_bytes(content)
        _append_origin(scratch / "raw" / "origin.yaml", record)
        scratch_docs = scratch / "processed" / "documents.csv"
        _append_csv_row(scratch_docs, [row[c] for c in header_of(scratch_docs)])
        load_tables(scratch)
        write_together(
            {
                dest: content,
                origin_path: (scratch / "raw" / "origin.yaml").read_bytes(),
                docs_path: scratch_docs.read_bytes(),
            }
        )
    return document_id


def _check_metadata(**given) -> None:
    """Refuse add-document's text options that the tables would refuse, before anything is
    copied: an empty title or issuer, an id that is not snake_case, control characters."""
    for name in ("title", "issuer", "licence"):
        if not (given[name] or "").strip():
            raise ExtractionError(f"--{name} is empty")
    doc_id = given["document_id"]
    if doc_id is not None and not re.fullmatch(SNAKE_ID, doc_id):
        raise ExtractionError(f"--document-id '{doc_id}' is not snake_case ({SNAKE_ID})")
    for name, value in given.items():
        for item in value if isinstance(value, list) else [value]:
            problem = text_problem(item or "")
            if problem:
                raise ExtractionError(f"--{name.replace('_', '-')} {problem}")


def _looks_traditional(text: str) -> bool:
    from zjanalysis.extraction.normalise import to_simplified

    sample = text[:5000]
    return (
        sum(a != b for a, b in zip(sample, to_simplified(sample), strict=True)) > len(sample) * 0.02
    )


def _append_origin(path: Path, record: dict) -> None:
    import yaml

    block = yaml.safe_dump([record], allow_unicode=True, sort_keys=False, default_flow_style=None)
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text + block, encoding="utf-8")


def _append_csv_row(path: Path, row: list) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(row)
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text + buf.getvalue(), encoding="utf-8")


def _unquote(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_START) else value


def curate(candidates: Path, data_dir: Path | None = None) -> list[str]:
    """Append the kept candidates to targets.csv; return the new target ids.

    All or nothing: unknown columns, invalid rows and duplicates of curated statements are
    refused with the candidates file's line numbers, and targets.csv is left unchanged.
    """
    data_dir = Path(data_dir or paths.DATA_DIR)
    text = read_document(candidates)
    try:
        header, rows = csv_rows(text)
    except CsvShapeError as err:
        raise ExtractionError(f"{candidates}, line {err.line}: {err.message}") from None
    unknown = [c for c in header if c not in CANDIDATE_COLUMNS]
    if unknown:
        hints = [
            f"'{c}'"
            + (
                f" ({did_you_mean(c, CANDIDATE_COLUMNS)})"
                if did_you_mean(c, CANDIDATE_COLUMNS)
                else ""
            )
            for c in unknown
        ]
        raise ExtractionError(
            f"{candidates}: unknown column(s) {', '.join(hints)}; expected: {', '.join(CANDIDATE_COLUMNS)}"
        )
    # section, and locator and same_as (added later: older candidate files lack them) may be absent
    optional = ("target_id", "note", "section", "locator", "same_as", "relative_to")
    needed = [c.name for c in TARGETS.columns if c.name not in optional] + ["keep"]
    missing = [c for c in needed if c not in header]
    if missing:
        raise ExtractionError(f"{candidates}: missing column(s) {', '.join(missing)}")
    at_keep = header.index("keep")
    kept = [
        (line, fields)
        for line, fields in rows
        if len(fields) > at_keep and fields[at_keep].strip().lower() in KEEP_WORDS
    ]
    if not kept:
        raise ExtractionError(
            f"{candidates}: no row is marked in the 'keep' column (use 1, yes or x)"
        )
    t = load_tables(data_dir)
    targets_path = data_dir / "processed" / "targets.csv"
    existing = t.targets
    problems, new_rows, ids = [], [], []
    counters: dict[str, int] = {}
    first_in_file: dict[tuple, str] = {}  # (document, figure) → target id of its first row
    columns = header_of(targets_path)  # rows are written in the file's own column order
    seen = {
        (
            r.document_id,
            _unquote(r.quote),
            "" if pd.isna(r.locator) else r.locator,
            r.jurisdiction_id,
            r.indicator_id,
            int(r.year),
            r.kind,
        ): r.target_id
        for r in existing.itertuples()
    }
    for line, fields in kept:
        if len(fields) != len(header):
            problems.append(
                f"{candidates}, line {line}: row has {len(fields)} fields, the header has {len(header)}"
            )
            continue
        row = {
            k: _unquote(v) for k, v in zip(header, fields, strict=True)
        }  # the ' that extract put before formulas
        doc = row["document_id"].strip()
        if doc not in t.documents.index:
            hint = did_you_mean(doc, t.documents.index)
            problems.append(
                f"{candidates}, line {line}: unknown document '{doc}'"
                + (f" — {hint}" if hint else " — add it first with zja add-document")
            )
            continue
        quote = row["quote"]
        try:
            key = (
                doc,
                quote,
                (row.get("locator") or "").strip(),
                row["jurisdiction_id"].strip(),
                row["indicator_id"].strip(),
                int(float(row["year"])),
                row["kind"].strip(),
            )
        except (ValueError, OverflowError):  # not a number, or inf / 1e309
            problems.append(
                f"{candidates}, line {line}, column 'year': '{row['year']}' is not a year"
            )
            continue
        if key in seen and "repeated" not in row["flags"]:  # a verbatim repeat is declared
            problems.append(
                f"{candidates}, line {line}: already curated as {seen[key]} (“{quote}”)"
            )
            continue
        seen[key] = f"line {line}"
        prefix = _id_prefix(doc, existing)
        counters.setdefault(prefix, _next_number(prefix, existing))
        target_id = f"{prefix}-{counters[prefix]:02d}"
        counters[prefix] += 1
        ids.append(target_id)
        same_as = (row.get("same_as") or "").strip()
        figure = (doc, _figure_key(row))
        if "repeated" in row["flags"] and not same_as:
            # a figure stated again in this document: link it to the earlier kept row
            same_as = first_in_file.get(figure, "")
            if not same_as:
                problems.append(
                    f"{candidates}, line {line}: flagged 'repeated' but no earlier kept row of "
                    "this file states the same figure — set same_as to the row it repeats"
                )
                continue
        first_in_file.setdefault(figure, target_id)
        value = row["value"].strip()
        high = row["value_high"].strip()
        fields = {
            "target_id": target_id,
            "document_id": doc,
            "section": row.get("section", "").strip() or "(未分节)",
            "jurisdiction_id": row["jurisdiction_id"].strip(),
            "indicator_id": row["indicator_id"].strip(),
            "year": _int_text(row["year"]),
            "kind": row["kind"].strip(),
            "comparator": row["comparator"].strip(),
            "value": _num_text(value),
            "value_high": _num_text(high),
            "unit": row["unit"].strip(),
            "quote": quote,
            "locator": (row.get("locator") or "").strip(),
            "flags": row["flags"].strip(),
            "relative_to": (row.get("relative_to") or "").strip(),
            "same_as": same_as,
            "note": f"curated from {candidates.name}",
        }
        new_rows.append((line, [fields[c] for c in columns]))
    if problems:
        raise ExtractionError("nothing appended:", *problems)
    # validate the whole table with the new rows, in a scratch copy of the data folder
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp) / "data"
        shutil.copytree(data_dir, scratch)
        first_line = sum(1 for _ in targets_path.open(encoding="utf-8")) + 1
        for _, row in new_rows:
            _append_csv_row(scratch / "processed" / "targets.csv", row)
        try:
            validate(scratch)
        except TableError as err:
            lines = {first_line + i: line for i, (line, _) in enumerate(new_rows)}
            msgs = []
            for p in err.problems:
                where = (
                    f"{candidates}, line {lines[p.line]}"
                    if p.line in lines and p.path.name == "targets.csv"
                    else str(p.path.name)
                )
                col = f", column '{p.column}'" if p.column else ""
                msgs.append(f"{where}{col}: {p.message}" + (f" — {p.hint}" if p.hint else ""))
            raise ExtractionError("nothing appended:", *msgs) from None
        write_together({targets_path: (scratch / "processed" / "targets.csv").read_bytes()})
    return ids


def header_of(path: Path) -> list[str]:
    """The column names of a CSV file, in the file's order."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [h.strip() for h in next(csv.reader(fh))]


def _int_text(value: str) -> str:
    value = value.strip()
    return str(int(float(value))) if re.fullmatch(r"\d+(?:\.0+)?", value) else value


def _num_text(value: str) -> str:
    if not value:
        return ""
    try:
        return f"{float(value):g}"
    except ValueError:
        return value  # left for validation to refuse with its message


def _id_prefix(document_id: str, existing: pd.DataFrame) -> str:
    mine = existing.loc[existing["document_id"] == document_id, "target_id"]
    if len(mine):
        return mine.iloc[0].rsplit("-", 1)[0]
    parts = [p for p in document_id.split("_") if p]
    letters = "".join(p[0] for p in parts if p.isalpha())[:4] or "doc"
    digits = "".join(p for p in parts if p.isdigit())[-2:]
    prefix = f"{letters}{digits}"
    taken = {i.rsplit("-", 1)[0] for i in existing["target_id"]}
    n = 2
    base = prefix
    while prefix in taken:
        prefix, n = f"{base}{chr(ord('a') + n - 2)}", n + 1
    return prefix


def _next_number(prefix: str, existing: pd.DataFrame) -> int:
    nums = [
        int(i.rsplit("-", 1)[1]) for i in existing["target_id"] if i.rsplit("-", 1)[0] == prefix
    ]
    return max(nums, default=0) + 1
