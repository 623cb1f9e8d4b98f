"""``zja curate``: the kept rows of a candidates file appended to targets.csv."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from zjanalysis import paths
from zjanalysis.errors import TableError, did_you_mean
from zjanalysis.extraction.candidates import (
    CANDIDATE_COLUMNS,
    KEEP_WORDS,
    ExtractionError,
    append_csv_row,
    figure_key,
    header_of,
    read_document,
)
from zjanalysis.files import write_together
from zjanalysis.tables.formatting import unescape_formula
from zjanalysis.tables.loading import load_tables
from zjanalysis.tables.locators import validate
from zjanalysis.tables.schema import TARGETS
from zjanalysis.tables.validation import CsvShapeError, csv_rows


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
            unescape_formula(r.quote),
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
            k: unescape_formula(v) for k, v in zip(header, fields, strict=True)
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
        figure = (doc, figure_key(row))
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
            append_csv_row(scratch / "processed" / "targets.csv", row)
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
