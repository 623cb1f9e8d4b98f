"""The ``zja`` command line: a thin wrapper over the library."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path

from zjanalysis import paths


def _validate(args: argparse.Namespace) -> int:
    from zjanalysis.analysis.summary import table_summary
    from zjanalysis.tables.locators import validate

    print(table_summary(validate(args.data_dir)))
    return 0


def report_help(name: str) -> str:
    """The parameters of one report notebook: type, default, allowed values and help."""
    from zjanalysis.running.notebook import notebook_path
    from zjanalysis.running.param_checks import allowed_values
    from zjanalysis.running.parameters import INTERNAL, declared_parameters

    declared = declared_parameters(notebook_path(name))
    lines = [f"parameters of {name} (-p KEY VALUE; lists comma-separated, None for the default):"]
    for p in declared.values():
        if p.name in INTERNAL:
            continue
        default = (
            "None"
            if p.default is None
            else (",".join(p.default) if isinstance(p.default, list) else p.default)
        )
        lines.append(f"  {p.name} ({p.type}, default {default if default != '' else 'empty'})")
        if p.help:
            lines.append(f"      {p.help}")
        allowed = allowed_values(name, p.name)
        if allowed:
            lines.append(f"      allowed: {allowed}")
    return "\n".join(lines)


def _report(args: argparse.Namespace) -> int:
    from zjanalysis.running.adhoc import run_report
    from zjanalysis.running.notebook import ReportFailed, available

    if not args.name and not args.help:
        print(f"zja report: name a report ({', '.join(available())})", file=sys.stderr)
        return 2
    if args.help:
        print(args.parser.format_help())
        print(report_help(args.name) if args.name else "reports: " + ", ".join(available()))
        return 0
    try:  # bad parameters, or a scheduled report's folder: InputError, exit 2 (main)
        result = run_report(args.name, dict(args.param or []), args.out, time_limit=args.time_limit)
    except ReportFailed as err:
        print(f"zja report: {err}", file=sys.stderr)
        return 1
    for path in result.files:
        print(path)
    index = Path(args.out or paths.REPORTS_DIR) / "index.html"
    print(f"zja report: listed in {index} from the next zja build", file=sys.stderr)
    return 0


def _build(args: argparse.Namespace) -> int:
    from zjanalysis.running.build import BuildLocked, build

    try:
        summary = build(
            args.manifest,
            jobs=args.jobs,
            force=args.force,
            only=args.only,
            out_dir=args.out,
            scheduler=args.scheduler,
            time_limit=args.time_limit,
        )
    except BuildLocked as err:
        print(f"zja build: {err}", file=sys.stderr)
        return 2
    return 0 if summary.ok else 1


def _extract(args: argparse.Namespace) -> int:
    from zjanalysis.extraction.candidates import parse_published
    from zjanalysis.extraction.extract import check_output, extract_files, write_candidates

    if args.evaluate:
        return _evaluate_extraction(args.files)
    if not args.files:
        print("zja extract: give the files to extract (or --evaluate)", file=sys.stderr)
        return 2
    from zjanalysis.extraction.summary import document_text, summarise, summary_lines
    from zjanalysis.files import write_atomic

    summary_path = args.output.with_name(args.output.stem + ".summary.txt")
    check_output(args.output, args.force)  # before any work
    check_output(summary_path, args.force)
    published = parse_published(args.published)
    frame = extract_files(args.files, jobs=args.jobs, published=published)
    write_candidates(frame, args.output, args.force)
    summaries = summarise(frame, {str(f): document_text(Path(f)) for f in args.files})
    lines = [line for s in summaries for line in summary_lines(s)]
    write_atomic(summary_path, lambda tmp: Path(tmp).write_text("\n".join(lines) + "\n", "utf-8"))
    for s in summaries:
        print(summary_lines(s)[0])
    linked = int((frame["indicator_id"] != "").sum())
    in_scope = int((frame["in_scope"] == "yes").sum())
    gaps = int(frame["flags"].str.contains("missing_number").sum())
    print(
        f"{len(frame)} candidates from {len(args.files)} file(s) → {args.output} "
        f"({in_scope} about S&T, listed first; {linked} linked to an indicator, "
        f"{gaps} with a missing number); "
        "mark the rows to keep in the 'keep' column, then run zja curate; "
        f"what each document gave and the sentences it skipped: {summary_path}"
    )
    return 0


def _evaluate_extraction(files: list[Path]) -> int:
    """Recall and precision against the curated documents (those of ``files`` if given)."""
    from zjanalysis.extraction.evaluation import evaluate, evaluation_table
    from zjanalysis.tables.loading import load_tables

    t = load_tables()
    curated = t.documents.index[t.documents.index.isin(t.targets["document_id"])]
    if files:
        names = {Path(f).name for f in files}
        curated = [d for d in curated if t.documents.loc[d, "raw_file"] in names]
        if not curated:
            print("zja extract: none of these files is a curated document", file=sys.stderr)
            return 2
    print(evaluation_table(evaluate(documents=list(curated))))
    return 0


def _add_document(args: argparse.Namespace) -> int:
    from zjanalysis.extraction.adding import add_document

    doc_id = add_document(
        args.file,
        title=args.title,
        issuer=args.issuer,
        published=args.published,
        document_id=args.document_id,
        doc_number=args.doc_number,
        title_en=args.title_en,
        source_site=args.source_site,
        periods=args.period,
        doc_type=args.doc_type,
        source_url=args.source_url,
        copy_kind=args.copy_kind,
        source_type=args.source_type,
        defects=args.defect,
        licence=args.licence,
    )
    print(f"added {doc_id}: data/raw/{args.file.name}, its origin record and a documents.csv row")
    return 0


def _curate(args: argparse.Namespace) -> int:
    from zjanalysis.extraction.curate import curate

    ids = curate(args.candidates)
    print(f"appended {len(ids)} row(s) to data/processed/targets.csv: {', '.join(ids)}")
    return 0


def seconds(text: str) -> float:
    """A ``--time-limit`` value: seconds from 1 to 86400."""
    import math

    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 1 <= value <= 86400:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of seconds from 1 to 86400")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``zja`` and its subcommands."""
    from zjanalysis.sources.origin import COPY_KINDS, NOT_STATED, SOURCE_TYPES
    from zjanalysis.tables.schema import DOC_TYPES

    parser = argparse.ArgumentParser(
        prog="zja", description="Zhejiang S&T policy targets: tables and reports."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser(
        "validate", help="check every curated table and raw document; print a summary"
    )
    p.add_argument("--data-dir", default=None, help="data folder (default: the project's data/)")
    p.set_defaults(func=_validate)

    p = sub.add_parser(
        "report",
        help="run one parameterised notebook; write .ipynb, .xlsx and .pdf",
        add_help=False,
    )
    p.add_argument(
        "name", nargs="?", default=None, help="notebook in notebooks/, e.g. indicator_trend"
    )
    p.add_argument(
        "-h", "--help", action="store_true", help="show this help and the report's parameters"
    )
    p.add_argument(
        "-p",
        "--param",
        nargs=2,
        action="append",
        metavar=("KEY", "VALUE"),
        help="a parameter (repeatable); lists are comma-separated, None means the default range",
    )
    p.add_argument("--out", default=None, help="reports folder (default: reports/)")
    p.add_argument(
        "--time-limit", type=seconds, default=None, help="stop the report after SECONDS (a failure)"
    )
    p.set_defaults(func=_report, parser=p)

    p = sub.add_parser("build", help="build every report of the manifest (parallel, incremental)")
    p.add_argument(
        "--manifest", type=Path, default=None, help="manifest file (default: reports/schedule.yaml)"
    )
    p.add_argument(
        "--jobs", type=int, default=None, help="parallel reports (default: number of cores)"
    )
    p.add_argument("--force", action="store_true", help="rerun jobs whose inputs have not changed")
    p.add_argument(
        "--only", default=None, help="glob over NAME or NAME/SLUG, e.g. 'indicator_trend/rd_*'"
    )
    p.add_argument("--out", type=Path, default=None, help="reports folder (default: reports/)")
    p.add_argument(
        "--scheduler",
        default=None,
        metavar="ADDRESS",
        help="run the jobs on a Dask cluster, e.g. tcp://host:8786 (workers share the project folder)",
    )
    p.add_argument(
        "--time-limit",
        type=seconds,
        default=None,
        metavar="SECONDS",
        help="each report's time limit, over the manifest's (default 300): past it, it fails",
    )
    p.set_defaults(func=_build)

    p = sub.add_parser(
        "extract",
        help="candidate target rows from UTF-8 text files or HTML pages, for review",
    )
    p.add_argument("files", nargs="*", type=Path)
    p.add_argument(
        "--evaluate",
        action="store_true",
        help="print recall and precision (all rows and in-scope rows) against the curated "
        "documents (those given, else all), by document type; writes nothing",
    )
    p.add_argument(
        "--published",
        default=None,
        help="YYYY-MM-DD: publication date of files without an origin record (今年, 去年 …)",
    )
    p.add_argument("-o", "--output", type=Path, default=Path("candidates.csv"))
    p.add_argument("--jobs", type=int, default=1, help="files extracted in parallel")
    p.add_argument("--force", action="store_true", help="replace an existing output file")
    p.set_defaults(func=_extract)

    p = sub.add_parser(
        "add-document", help="copy a new raw document into data/raw/ with its origin record"
    )
    p.add_argument("file", type=Path)
    p.add_argument("--title", required=True)
    p.add_argument("--issuer", required=True)
    p.add_argument("--published", default=None, help="YYYY-MM-DD")
    p.add_argument(
        "--document-id", default=None, help="snake_case id (default: from the file name)"
    )
    p.add_argument("--doc-number", default=None, help="document number (文号)")
    p.add_argument("--title-en", default=None)
    p.add_argument("--source-site", default=None)
    p.add_argument(
        "--period", type=int, nargs="+", default=None, help="years the document speaks of"
    )
    p.add_argument("--doc-type", choices=DOC_TYPES, default="other", help="kind of document")
    p.add_argument("--source-url", default=None, help="address the copy was taken from")
    p.add_argument(
        "--copy-kind", choices=COPY_KINDS, default="whole_document", help="what the copy kept"
    )
    p.add_argument(
        "--source-type",
        choices=SOURCE_TYPES,
        default="official_document",
        help="official statistics give final figures; news and documents preliminary ones",
    )
    p.add_argument(
        "--defect", action="append", default=None, help="a scraping defect noticed (repeatable)"
    )
    p.add_argument(
        "--licence",
        default=NOT_STATED,
        help=f"the licence the source states (default: '{NOT_STATED}'; never guess one)",
    )
    p.set_defaults(func=_add_document)

    p = sub.add_parser("curate", help="append the rows kept in a candidates file to targets.csv")
    p.add_argument("candidates", type=Path)
    p.set_defaults(func=_curate)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``zja`` console script."""
    from zjanalysis.errors import InputError, OutputError

    args = build_parser().parse_args(argv)
    stopped_by = [signal.SIGINT]

    def terminated(signum, frame):  # a scheduler's stop (cron, systemd): as Ctrl-C would
        stopped_by[0] = signal.SIGTERM
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, terminated)
    try:
        return args.func(args)
    except InputError as err:  # bad input met by any command, the one place: one line, exit 2
        print(f"zja {args.command}: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as err:  # Ctrl-C: say what happened (a build: what finished)
        said = str(err) or "interrupted; the last good outputs are kept"
        print(f"zja {args.command}: {said}", file=sys.stderr)
        return 128 + stopped_by[0]  # 130 for Ctrl-C, 143 for SIGTERM
    except BrokenPipeError:  # output piped into head, less … that closed early
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (OutputError, OSError) as err:  # a full or read-only disk: one line, exit 1
        if isinstance(err, OSError):
            err = f"{err.filename or 'a file'}: {err.strerror or err}"
        print(f"zja {args.command}: {err}", file=sys.stderr)
        return 1
    finally:
        signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
