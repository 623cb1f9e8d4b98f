"""``zja extract``: candidate rows of text files and HTML pages, for review."""

from __future__ import annotations

import gc
import re
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pandas as pd

from zjanalysis import paths
from zjanalysis.extraction.bulletins import has_annex_table, read_bulletin
from zjanalysis.extraction.candidates import (
    CANDIDATE_COLUMNS,
    NUMBER_COLUMNS,
    ExtractionError,
    figure_keys,
    read_document,
    slug_id,
)
from zjanalysis.extraction.documents import document_info, guess_place
from zjanalysis.extraction.statements import Catalogue, DocumentInfo, extract_text
from zjanalysis.files import cannot_write, inside, write_atomic
from zjanalysis.sources.html import page_text
from zjanalysis.sources.origin import md5_of
from zjanalysis.tables.formatting import escape_formula
from zjanalysis.tables.loading import HTML_SUFFIXES, RESTATED_COLUMNS, load_tables

DATE_LINE = re.compile(
    r"(?:发布日期|发布时间|发文日期|成文日期|日期|时间)\s*[:：]?\s*((?:19|20)\d{2})[-./年](\d{1,2})[-./月](\d{1,2})"
    r"|^\s*((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日\s*$"
    # a speech's line: ——2026年1月26日在…人民代表大会…上
    r"|^\W*((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日在",
    re.MULTILINE,
)


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
    digest = md5_of(text.encode("utf-8"))
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
    doc_id = slug_id(path)
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


_FIRST: dict = {"tables": None}  # the last tables' first statements (tables never change)


def _first_statements(t) -> dict[tuple, tuple[str, str]]:
    """The first curated row (target, document) of every figure, by publication date."""
    if _FIRST["tables"] is not t:
        order = t.targets.assign(_date=t.targets["document_id"].map(t.documents["published_date"]))
        order = order.sort_values(["_date", "target_id"], na_position="last")
        first: dict[tuple, tuple[str, str]] = {}
        curated = order[order["same_as"].isna() & order["value"].notna()]
        for key, target, doc in zip(
            figure_keys(curated), curated["target_id"], curated["document_id"], strict=True
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
    for i, (key, doc) in enumerate(zip(figure_keys(frame), documents, strict=True)):
        given = same_as[i]
        if key[value_at] == "" or (isinstance(given, str) and given.strip()):
            continue  # no number, or the reviewer already said
        found = first.get(key)
        if found and found[1] != doc:
            same_as[i] = found[0]
            reasons[i] = f"{reasons[i]}; same figure as {found[0]}: clear same_as if not"
    return frame.assign(same_as=same_as, reason=reasons)


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
        safe[col] = safe[col].map(escape_formula)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise cannot_write(out, err) from None
    write_atomic(
        out, lambda tmp: safe.to_csv(tmp, index=False, encoding="utf-8-sig", lineterminator="\n")
    )
    return out
