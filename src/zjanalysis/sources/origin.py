"""The origin record of the raw documents (``data/raw/origin.yaml``) and its checks."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from pathlib import Path

from zjanalysis.errors import Problem, text_problem
from zjanalysis.files import link_out
from zjanalysis.sources.injected import KINDS as INJECTED_KINDS
from zjanalysis.sources.injected import InjectedRun, check_recorded

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
NOT_STATED = "not stated"  # a licence the source does not state
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
    "accessed": "YYYY-MM-DD: the day the copy was taken into data/raw/",
    "licence": f"the licence the source states, or '{NOT_STATED}' (never guessed)",
    "copy_kind": "what was kept: " + ", ".join(COPY_KINDS),
    "source_type": "what kind of source it is: " + ", ".join(SOURCE_TYPES),
    "script": "simplified or traditional",
    "md5": "md5 of the raw file",
    "defects": "list of scraping defects noticed",
}
# fields a record may leave out
OPTIONAL_FIELDS = {
    "injected": "runs of text injected into the copy (adverts, page furniture), each "
    "{start, end, text, kind}: raw character offsets [start, end), the text there, and one of "
    + ", ".join(INJECTED_KINDS),
}


def md5_of(source: Path | bytes) -> str:
    """Hex md5 of a file's bytes (or of bytes): what an origin record's ``md5`` holds."""
    return hashlib.md5(source.read_bytes() if isinstance(source, Path) else source).hexdigest()


TEXT_FIELDS = (
    "document_id",
    "raw_file",
    "title",
    "issuer",
    "copy_kind",
    "source_type",
    "script",
    "md5",
    "licence",
)
OPTIONAL_TEXT_FIELDS = ("doc_number", "source_site", "source_url")


def load_origin(path: Path, problems: list[Problem]) -> list[dict]:
    """Read and check the origin record; problems (each naming its line) are appended, valid
    records returned."""
    import yaml

    from zjanalysis.sources.yamlfile import compose, construct, error_line, line_of

    if not path.is_file():
        problems.append(Problem(path, "origin record not found", hint="one entry per raw document"))
        return []
    outside = link_out(path, path.parent.parent)
    if outside:
        problems.append(Problem(path, outside))
        return []
    try:
        root = compose(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError, OSError) as err:
        problems.append(
            Problem(path, f"unreadable: {getattr(err, 'problem', None) or err}", error_line(err))
        )
        return []
    if not isinstance(root, yaml.SequenceNode) or not root.value:
        problems.append(Problem(path, "expected a non-empty list of records"))
        return []
    good = []
    first: dict[tuple[str, str], int] = {}
    named = set()  # raw files any record names, even one refused: not echoed as unrecorded
    for node in root.value:
        line = line_of(node)
        if isinstance(node, yaml.MappingNode):
            named.update(
                v.value for k, v in node.value if k.value == "raw_file" and isinstance(v.value, str)
            )
        try:
            rec = construct(node)
        except (yaml.YAMLError, ValueError) as err:
            where = error_line(err) or _failing_line(node, construct) or line
            problems.append(
                Problem(path, f"unreadable: {getattr(err, 'problem', None) or err}", where)
            )
            continue
        if not isinstance(rec, dict):
            problems.append(Problem(path, "a record must be a mapping of fields", line))
            continue
        label = f"record {rec.get('document_id', '?')}"
        missing = [k for k in ORIGIN_FIELDS if k not in rec]
        unknown = [k for k in rec if k not in ORIGIN_FIELDS and k not in OPTIONAL_FIELDS]
        for k in missing:
            problems.append(
                Problem(path, f"{label}: missing field '{k}'", line, hint=ORIGIN_FIELDS[k])
            )
        for k in unknown:
            problems.append(Problem(path, f"{label}: unknown field '{k}'", line))
        if missing or unknown:
            continue
        lines = {key.value: line_of(value) for key, value in node.value}
        wrong = [k for k in TEXT_FIELDS if not isinstance(rec[k], str) or not rec[k]] + [
            k for k in OPTIONAL_TEXT_FIELDS if rec[k] is not None and not isinstance(rec[k], str)
        ]
        for k in wrong:
            problems.append(
                Problem(path, f"{label}: {k} must be text, not {rec[k]!r:.60}", lines.get(k, line))
            )
        if wrong:
            continue
        if "/" in rec["raw_file"] or "\\" in rec["raw_file"] or rec["raw_file"].startswith("."):
            problems.append(
                Problem(
                    path,
                    f"{label}: raw_file '{rec['raw_file']}' is not a file name in data/raw/",
                    lines["raw_file"],
                )
            )
            continue
        duplicate = False
        for k in ("document_id", "raw_file"):
            seen = first.setdefault((k, rec[k]), line)
            if seen != line:
                problems.append(
                    Problem(
                        path,
                        f"{label}: {k} {rec[k]} is already recorded on line {seen}",
                        lines[k],
                        hint="one record per raw document",
                    )
                )
                duplicate = True
        if duplicate:
            continue
        raw = path.parent / rec["raw_file"]
        outside = link_out(raw, path.parent.parent)
        if outside:
            problems.append(
                Problem(
                    path,
                    f"{label}: raw file {rec['raw_file']} {outside}",
                    lines["raw_file"],
                    hint="copy the document itself into data/raw/",
                )
            )
            continue
        if not raw.is_file():
            problems.append(
                Problem(path, f"{label}: raw file {rec['raw_file']} not found", lines["raw_file"])
            )
            continue
        try:
            actual = md5_of(raw)
        except OSError as err:
            problems.append(Problem(raw, f"cannot be read ({err.strerror or err})"))
            continue
        if actual != rec["md5"]:
            problems.append(
                Problem(
                    path,
                    f"{label}: md5 of {rec['raw_file']} is {actual}, the record says {rec['md5']}",
                    lines["md5"],
                    hint="raw copies are never edited; restore the file from the source",
                )
            )
        if rec["script"] not in ("simplified", "traditional"):
            problems.append(
                Problem(
                    path,
                    f"{label}: script '{rec['script']}' is not simplified/traditional",
                    lines["script"],
                )
            )
        for name, allowed in (("copy_kind", COPY_KINDS), ("source_type", SOURCE_TYPES)):
            if rec[name] not in allowed:
                problems.append(
                    Problem(
                        path,
                        f"{label}: {name} '{rec[name]}' is not one of {', '.join(allowed)}",
                        lines[name],
                    )
                )
        if rec["published_date"] is not None and not isinstance(rec["published_date"], date):
            problems.append(
                Problem(
                    path,
                    f"{label}: published_date is not a YYYY-MM-DD date",
                    lines["published_date"],
                )
            )
        _check_accessed(rec, path, label, lines, problems)
        if (
            not isinstance(rec["periods"], list)
            or not rec["periods"]
            or not all(isinstance(y, int) and not isinstance(y, bool) for y in rec["periods"])
        ):
            problems.append(
                Problem(
                    path, f"{label}: periods must be a non-empty list of years", lines["periods"]
                )
            )
        defects = next(v for k, v in node.value if k.value == "defects")
        if not isinstance(rec["defects"], list):
            problems.append(Problem(path, f"{label}: defects must be a list", lines["defects"]))
        else:
            for item, item_node in zip(rec["defects"], defects.value, strict=True):
                if not isinstance(item, str) or not item.strip():
                    message = f"{label}: a defect must be text, not {item!r:.60}"
                    problems.append(Problem(path, message, line_of(item_node)))
        for k in (*TEXT_FIELDS, *OPTIONAL_TEXT_FIELDS, "defects"):
            for text in rec[k] if isinstance(rec[k], list) else [rec[k]]:
                problem = text_problem(text) if isinstance(text, str) else None
                if problem:
                    problems.append(Problem(path, f"{label}: {k} {problem}", lines.get(k, line)))
        runs = _injected_runs(rec.get("injected", []))
        if isinstance(runs, str):
            problems.append(
                Problem(
                    path,
                    f"{label}: {runs}",
                    lines.get("injected", line),
                    hint=OPTIONAL_FIELDS["injected"],
                )
            )
            rec["injected"] = []  # refused above; no half-read runs reach the tables
        else:
            try:
                text = raw.read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):
                text = None  # reported where the document is read
            for message in check_recorded(runs, text) if text is not None else ():
                problems.append(
                    Problem(
                        path,
                        f"{label}: {message}",
                        lines.get("injected", line),
                        hint="list every run the rules find (zjanalysis.sources.injected)",
                    )
                )
            rec["injected"] = runs
        good.append(rec)
    listed = {r["raw_file"] for r in good}
    for raw in sorted(path.parent.iterdir()):
        if (
            raw.is_file()
            and not raw.name.startswith(".")
            and raw.name != path.name
            and raw.name not in listed
            and raw.name not in named
        ):
            problems.append(
                Problem(raw, "raw file has no origin record", hint=f"add it to {path.name}")
            )
    return good


def _check_accessed(rec: dict, path: Path, label: str, lines: dict, problems: list) -> None:
    """The day the copy was taken: a date, not in the future nor before the document's (a
    document dated in the future is refused on its own)."""
    accessed, published = rec["accessed"], rec["published_date"]
    if not isinstance(accessed, date) or isinstance(accessed, datetime):
        message = f"{label}: accessed is not a YYYY-MM-DD date"
    elif accessed > date.today():
        message = f"{label}: accessed {accessed} is in the future"
    elif isinstance(published, date) and accessed < published <= date.today():
        message = f"{label}: accessed {accessed} is before the document's date {published}"
    else:
        return
    problems.append(Problem(path, message, lines["accessed"], hint=ORIGIN_FIELDS["accessed"]))


def _injected_runs(items) -> list[InjectedRun] | str:
    """The recorded runs, or what is wrong with the first malformed one."""
    if not isinstance(items, list):
        return "injected must be a list"
    runs = []
    for item in items:
        ok = (
            isinstance(item, dict)
            and set(item) == {"start", "end", "text", "kind"}
            and all(
                isinstance(item[k], int) and not isinstance(item[k], bool) and item[k] >= 0
                for k in ("start", "end")
            )
            and item["start"] < item["end"]
            and isinstance(item["text"], str)
            and item["kind"] in INJECTED_KINDS
        )
        if not ok:
            return f"an injected run is not {{start, end, text, kind}}: {item!r:.80}"
        runs.append(InjectedRun(item["start"], item["end"], item["text"], item["kind"]))
    return runs


def _failing_line(node, construct) -> int | None:
    """The line of the first field of a record whose value cannot be read."""
    for _, value in getattr(node, "value", ()):
        try:
            construct(value)
        except Exception:
            return value.start_mark.line + 1
    return None
