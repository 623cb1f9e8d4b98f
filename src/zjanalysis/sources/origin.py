"""The origin record of the raw documents (``data/raw/origin.yaml``) and its checks."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

from zjanalysis.errors import Problem

SOURCE_TYPES = (
    "official_document",  # a government or department text: plans, summaries, replies, reports
    "official_statistics",  # a statistics bulletin: final figures
    "news",  # a news write-up or repost quoting figures
)
COPY_KINDS = (
    "whole_document",
    "partial",  # part of the document: cut off, or only some sections kept
    "opening_only",  # the archive kept only the first ~2,000 characters
    "news_figure_sentences",  # only the sentences carrying figures, one per line
    "statistics_page",  # a whole statistics web page (HTML)
)
ORIGIN_FIELDS = {
    "document_id": "id used in the curated tables",
    "raw_file": "file name in data/raw/",
    "title": "title as published",
    "issuer": "issuing body",
    "doc_number": "document number, or null",
    "published_date": "YYYY-MM-DD, or null when the text does not give it",
    "periods": "list of years the document speaks of",
    "source_site": "site the text names, or null",
    "source_url": "address the copy was taken from, or null when not recorded",
    "copy_kind": "what was kept: " + ", ".join(COPY_KINDS),
    "source_type": "what kind of source it is: " + ", ".join(SOURCE_TYPES),
    "script": "simplified or traditional",
    "md5": "md5 of the raw file",
    "defects": "list of scraping defects noticed",
}


def md5_of(path: Path) -> str:
    """Hex md5 of a file's bytes."""
    return hashlib.md5(path.read_bytes()).hexdigest()


def load_origin(path: Path, problems: list[Problem]) -> list[dict]:
    """Read and check the origin record; problems are appended, valid records returned."""
    import yaml

    if not path.is_file():
        problems.append(Problem(path, "origin record not found", hint="one entry per raw document"))
        return []
    try:
        records = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as err:
        mark = getattr(err, "problem_mark", None)
        problems.append(Problem(path, f"unreadable: {err}", mark.line + 1 if mark else None))
        return []
    if not isinstance(records, list) or not records:
        problems.append(Problem(path, "expected a non-empty list of records"))
        return []
    good = []
    for i, rec in enumerate(records, 1):
        label = f"record {i}"
        if not isinstance(rec, dict):
            problems.append(Problem(path, f"{label} is not a mapping"))
            continue
        label = f"record {i} ({rec.get('document_id', '?')})"
        missing = [k for k in ORIGIN_FIELDS if k not in rec]
        unknown = [k for k in rec if k not in ORIGIN_FIELDS]
        for k in missing:
            problems.append(Problem(path, f"{label}: missing field '{k}'", hint=ORIGIN_FIELDS[k]))
        for k in unknown:
            problems.append(Problem(path, f"{label}: unknown field '{k}'"))
        if missing or unknown:
            continue
        raw = path.parent / str(rec["raw_file"])
        if not raw.is_file():
            problems.append(Problem(path, f"{label}: raw file {rec['raw_file']} not found"))
            continue
        actual = md5_of(raw)
        if actual != rec["md5"]:
            problems.append(
                Problem(
                    path,
                    f"{label}: md5 of {rec['raw_file']} is {actual}, the record says {rec['md5']}",
                    hint="raw copies are never edited; restore the file from the source",
                )
            )
        if rec["script"] not in ("simplified", "traditional"):
            problems.append(
                Problem(path, f"{label}: script '{rec['script']}' is not simplified/traditional")
            )
        for name, allowed in (("copy_kind", COPY_KINDS), ("source_type", SOURCE_TYPES)):
            if rec[name] not in allowed:
                problems.append(
                    Problem(
                        path, f"{label}: {name} '{rec[name]}' is not one of {', '.join(allowed)}"
                    )
                )
        if rec["published_date"] is not None and not isinstance(rec["published_date"], date):
            problems.append(Problem(path, f"{label}: published_date is not a YYYY-MM-DD date"))
        if not isinstance(rec["periods"], list) or not all(
            isinstance(y, int) for y in rec["periods"]
        ):
            problems.append(Problem(path, f"{label}: periods must be a list of years"))
        if not isinstance(rec["defects"], list):
            problems.append(Problem(path, f"{label}: defects must be a list"))
        good.append(rec)
    listed = {r["raw_file"] for r in good}
    for raw in sorted(path.parent.iterdir()):
        if (
            raw.is_file()
            and not raw.name.startswith(".")
            and raw.name != path.name
            and raw.name not in listed
        ):
            problems.append(
                Problem(raw, "raw file has no origin record", hint=f"add it to {path.name}")
            )
    return good
