"""``zja add-document``: a new raw document copied byte-for-byte, with its origin record."""

from __future__ import annotations

import re
import shutil
import tempfile
from datetime import date
from pathlib import Path

from zjanalysis import paths
from zjanalysis.errors import did_you_mean
from zjanalysis.extraction.candidates import (
    ExtractionError,
    append_csv_row,
    header_of,
    parse_published,
    read_document,
    slug_id,
)
from zjanalysis.files import write_together
from zjanalysis.sources.injected import find_injected
from zjanalysis.sources.origin import NOT_STATED, md5_of
from zjanalysis.tables.loading import load_tables
from zjanalysis.tables.schema import DOC_TYPES, SNAKE_ID, YEARS, text_problem


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
    document_id = document_id or slug_id(file)
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
    md5 = md5_of(content)
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
        append_csv_row(scratch_docs, [row[c] for c in header_of(scratch_docs)])
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
