"""What extraction made of each document: rows found, in scope, by kind and year, and the
sentences with a figure that produced no row (so that a curator sees what was skipped)."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

SENTENCE = re.compile(r"[^。;；!！?？\n]+[。;；!！?？]?")
# what is not a figure: years, dates, ordinals, list numbers, codes (G60, 5G), plan names
NOT_FIGURES = re.compile(
    r"(?:19|20)\d{2}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?|\d{1,2}\s*月\s*\d{1,2}\s*日|"
    r"\d{1,2}\s*月(?:底|末|份)?|第\s*\d+|^\s*\d+\s*[.、]|[A-Za-z]+\d+|\d+[A-Za-z]+|\d+\.0版?|"
    r"“\d+”|\d+号|(?:19|20)\d{2}(?=[-/.版\u4e00-\u9fff])|\d+·\d+"
)
FIGURE = re.compile(r"\d|百分之|分之")
QUOTE_CHARS = 120  # a skipped sentence is shown this long at most


@dataclass
class DocumentSummary:
    """One document's extraction, in figures a curator can check at a glance."""

    source_file: str
    document_id: str
    rows: int
    in_scope: int
    by_kind_year: Counter = field(default_factory=Counter)  # (kind, year) → in-scope rows
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (offset, sentence)


def skipped_sentences(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, str]]:
    """Sentences of ``text`` that state a figure (not only years, dates or ordinals) and that
    no span of ``spans`` (candidates' character offsets) touches."""
    spans = sorted(spans)
    starts = [a for a, _ in spans]
    ends_before: list[int] = []  # the furthest end among spans starting at or before each
    furthest = -1
    for _, b in spans:
        furthest = max(furthest, b)
        ends_before.append(furthest)
    out = []
    for m in SENTENCE.finditer(text):
        sentence = m.group()
        if not FIGURE.search(NOT_FIGURES.sub("", sentence)):
            continue
        i = bisect_left(starts, m.end()) - 1  # the last span starting before the sentence ends
        if i >= 0 and ends_before[i] > m.start():
            continue  # a candidate overlaps it
        shown = sentence.strip()
        out.append((m.start(), shown if len(shown) <= QUOTE_CHARS else shown[:QUOTE_CHARS] + "…"))
    return out


def summarise(frame: pd.DataFrame, texts: dict[str, str | None]) -> list[DocumentSummary]:
    """One summary per source file of ``frame`` (candidate rows), in file order; ``texts``
    gives each file's text as its offsets read (None for a table read cell by cell)."""
    out = []
    for source, rows in frame.groupby("source_file", sort=False):
        scoped = rows[rows["in_scope"] == "yes"]
        years = scoped["year"].map(lambda y: "" if pd.isna(y) or y == "" else int(float(y)))
        text = texts.get(source)
        spans = [
            (int(a), int(b))
            for a, b in zip(rows["char_start"], rows["char_end"], strict=True)
            if not (pd.isna(a) or pd.isna(b) or a == "" or b == "")
        ]
        out.append(
            DocumentSummary(
                source_file=str(source),
                document_id=str(rows["document_id"].iloc[0]),
                rows=len(rows),
                in_scope=len(scoped),
                by_kind_year=Counter(zip(scoped["kind"], years, strict=True)),
                skipped=skipped_sentences(text, spans) if text else [],
            )
        )
    return out


def summary_lines(s: DocumentSummary) -> list[str]:
    """The summary of one document as plain-text lines (the first is a one-line overview)."""
    kinds = ", ".join(f"{kind} {year}: {n}" for (kind, year), n in sorted(s.by_kind_year.items()))
    lines = [
        f"{Path(s.source_file).name} ({s.document_id}): {s.rows} rows, {s.in_scope} in scope"
        + (f" ({kinds})" if kinds else "")
        + f"; {len(s.skipped)} sentences with a figure gave no row"
    ]
    lines += [f"    skipped @{at}: {sentence}" for at, sentence in s.skipped]
    return lines


def document_text(path: Path) -> str | None:
    """The text whose offsets a file's candidates give (None for a statistics table)."""
    from zjanalysis.extraction.bulletins import has_annex_table
    from zjanalysis.extraction.candidates import read_document
    from zjanalysis.sources.html import page_text
    from zjanalysis.tables.loading import HTML_SUFFIXES

    if path.suffix.lower() in HTML_SUFFIXES:
        return None if has_annex_table(path) else page_text(path)
    return read_document(path)
