"""Building every report of a manifest: parallel, incremental, locked, with an index.

Three rooms: ``plan`` says which selected jobs are due (their fingerprints against the
published ones, or the record of the last complete build when nothing changed); ``workers``
runs those in a process pool or on a Dask cluster, one log each; ``publish`` swaps each
report's folder in and cleans up after interrupted runs, and ``index`` lists every report in
``reports/index.html`` and ``reports/index.xlsx``. This module holds the build's lock and
puts them in order.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from zjanalysis import paths
from zjanalysis.errors import OutputError, RunError
from zjanalysis.files import output_folder, own_folder
from zjanalysis.running import plan
from zjanalysis.running.index import write_index
from zjanalysis.running.manifest import ManifestError
from zjanalysis.running.publish import remove_leftovers, write_record
from zjanalysis.running.workers import JobOutcome, SchedulerError, connect, run_all, run_on_cluster

LOCK_FILE = ".build.lock"
__all__ = ["BuildInterrupted", "BuildLocked", "BuildSummary", "SchedulerError", "build"]


class BuildLocked(RunError):
    """Another build holds the lock on the same reports folder."""


class BuildInterrupted(KeyboardInterrupt):
    """Ctrl-C stopped the build; the message says what finished (exit 130)."""


@dataclass
class BuildSummary:
    """All outcomes of one build, in manifest order."""

    outcomes: list[JobOutcome] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)

    @property
    def ok(self) -> bool:
        return self.count("failed") == 0


def build(
    manifest: Path | None = None,
    *,
    jobs: int | None = None,
    force: bool = False,
    only: str | None = None,
    out_dir: Path | None = None,
    notebooks_dir: Path | None = None,
    data_dir: Path | None = None,
    stream=None,
    scheduler: str | None = None,
    time_limit: float | None = None,
) -> BuildSummary:
    """Build the manifest's reports; see the module docstring. ``time_limit`` (seconds)
    replaces the manifest's for every report. Raises ``ManifestError`` (nothing run),
    ``BuildLocked`` or ``SchedulerError``."""
    from filelock import FileLock, Timeout

    stream = stream or sys.stderr
    data_dir = Path(data_dir or paths.DATA_DIR)
    out_dir = output_folder(out_dir or paths.REPORTS_DIR, "--out", data_dir)
    notebooks_dir = Path(notebooks_dir or paths.NOTEBOOKS_DIR)
    manifest = Path(manifest or out_dir / "schedule.yaml")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError.of(err.filename or out_dir, err) from None
    lock = FileLock(str(out_dir / LOCK_FILE))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise BuildLocked(
            f"another build is running on {out_dir} (lock {out_dir / LOCK_FILE}); try again when it ends"
        ) from None
    try:
        return _build_locked(
            manifest,
            jobs,
            force,
            only,
            out_dir,
            notebooks_dir,
            data_dir,
            stream,
            scheduler,
            time_limit,
        )
    finally:
        lock.release()


def _n(count: int, noun: str) -> str:
    """'1 worker', '2 workers'."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _build_locked(
    manifest, jobs, force, only, out_dir, notebooks_dir, data_dir, stream, scheduler, time_limit
) -> BuildSummary:
    start = time.monotonic()
    remove_leftovers(out_dir)  # under the lock: no other build is publishing
    package = plan.package_digest()
    try:  # a manifest that is a folder or unreadable is refused below, by load_manifest
        inputs = plan.inputs_digest(manifest, notebooks_dir, data_dir, package)
    except OSError:
        inputs = ""
    same = None if force or not inputs else plan.unchanged(out_dir, inputs, only)
    if same is not None:  # nothing to run and the index stands: no tables, no kernels
        summary = BuildSummary([JobOutcome(j, "skipped") for j in same], time.monotonic() - start)
        print(
            f"zja build: {_n(len(same), 'job')}, 0 to run, {len(same)} up to date (nothing changed since the last build)",
            file=stream,
            flush=True,
        )
        print(format_summary(summary, out_dir), file=stream, flush=True)
        return summary
    from zjanalysis.running.manifest import load_manifest

    with contextlib.suppress(OSError):  # rewritten only when this build completes
        (out_dir / plan.PLAN_FILE).unlink(missing_ok=True)
    all_jobs = load_manifest(manifest, notebooks_dir, data_dir)
    if time_limit is not None:
        all_jobs = [dataclasses.replace(j, time_limit=time_limit) for j in all_jobs]
    selected = [j for j in all_jobs if plan.selected(j, only)]
    if not selected:
        from zjanalysis.errors import did_you_mean

        hint = did_you_mean(only, sorted({j.name for j in all_jobs}))
        raise ManifestError(
            f"--only '{only}' matches none of the {len(all_jobs)} jobs of {manifest}"
            + (f" — {hint}" if hint else " (a glob over NAME or NAME/SLUG)")
        )
    logs = own_folder(out_dir / "_logs", out_dir)
    from zjanalysis.tables.loading import load_tables

    tables = load_tables(data_dir)  # loaded and checked already, to expand the manifest
    prints = {
        job.key: plan.fingerprint(job, notebooks_dir, data_dir, package, tables) for job in all_jobs
    }
    fresh, todo = plan.due(selected, prints, out_dir, force)
    outcomes = {job.key: JobOutcome(job, "skipped") for job in fresh}
    client = connect(scheduler, out_dir) if scheduler and todo else None
    if client is not None:
        where = f"{_n(len(client.scheduler_info()['workers']), 'worker')} at {scheduler}"
    else:
        workers = max(1, min(jobs or os.cpu_count() or 1, len(todo) or 1))
        where = _n(workers, "worker")
    tty = hasattr(stream, "isatty") and stream.isatty()
    print(
        f"zja build: {_n(len(selected), 'job')}, {len(todo)} to run, {len(selected) - len(todo)} up to date, {where}",
        file=stream,
        flush=True,
    )
    if todo:
        args = (todo, outcomes, out_dir, notebooks_dir, data_dir, logs, stream, tty)
        try:
            if client is not None:
                with client:
                    run_on_cluster(client, *args)
            else:
                run_all(workers, *args)
        except KeyboardInterrupt:
            for job, _ in todo:
                outcomes.setdefault(job.key, JobOutcome(job, "interrupted"))
            write_index(all_jobs, outcomes, out_dir)  # for what finished
            summary = BuildSummary([outcomes[j.key] for j in selected])
            raise BuildInterrupted(
                f"interrupted: {summary.count('built')} built, {summary.count('failed')} failed, "
                f"{summary.count('skipped')} up to date, {summary.count('interrupted')} not run "
                f"(their last good outputs are kept); index: {out_dir / 'index.html'}"
            ) from None
    summary = BuildSummary([outcomes[j.key] for j in selected], time.monotonic() - start)
    write_index(all_jobs, outcomes, out_dir)
    if summary.ok:
        with contextlib.suppress(TypeError, ValueError):  # parameters JSON cannot hold
            write_record(out_dir / plan.PLAN_FILE, plan.record(out_dir, inputs, prints, all_jobs))
    print(format_summary(summary, out_dir), file=stream, flush=True)
    return summary


def format_summary(summary: BuildSummary, out_dir: Path) -> str:
    """The table printed at the end of a build."""
    lines = [
        "",
        f"{'built':>8} {'skipped':>8} {'failed':>8} {'time':>8}",
        f"{summary.count('built'):>8} {summary.count('skipped'):>8} {summary.count('failed'):>8} {summary.seconds:>7.1f}s",
    ]
    failed = [o for o in summary.outcomes if o.status == "failed"]
    if failed:
        lines.append("\nfailed (last good outputs, if any, are kept):")
        for o in failed:
            lines.append(f"  {o.job.key}\n    {o.error}\n    log: {o.log}")
    lines.append(f"\nindex: {out_dir / 'index.html'}")
    return "\n".join(lines)
