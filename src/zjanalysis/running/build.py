"""Building every report of a manifest: parallel, incremental, locked, with an index.

Each job's fingerprint covers its notebook, parameters, the data files it reads and the
package (version and source). A job whose published fingerprint matches is skipped; the others
run in a process pool (or, with ``scheduler``, on a Dask cluster whose workers share the
project folder), each through ``reports.run`` in a warm kernel of its worker (so each publishes
atomically and a failure keeps the last good outputs). One log per job goes to ``reports/_logs/``; an index of
every report is written to ``reports/index.html`` and ``reports/index.xlsx``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fnmatch
import hashlib
import json
import os
import re
import shutil
import signal
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from zjanalysis import __version__, paths
from zjanalysis.errors import InputError, OutputError
from zjanalysis.files import open_new, output_folder, own_folder, write_atomic
from zjanalysis.running.index import write_index
from zjanalysis.running.manifest import Job, ManifestError
from zjanalysis.running.notebook import OLD_PREFIX, TMP_PREFIX, outputs_intact, tmp_owner

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # src/zjanalysis
FINGERPRINT_FILE = "fingerprint.json"
PLAN_FILE = ".build-plan.json"  # the last complete build: its inputs' digest, jobs, folders
LOCK_FILE = ".build.lock"
PR_SET_PDEATHSIG = 1  # linux/prctl.h
CONNECT_TIMEOUT = "10s"  # to reach a Dask scheduler
WORKER_DIED = (
    "its worker process died (killed from outside, e.g. out of memory); last good outputs kept"
)
MAX_ATTEMPTS = 2  # on a cluster, a report whose worker died runs once more, on another worker
WORKER_LOST = (
    "its worker died twice (it was run again once, on another worker); last good outputs kept"
)
RETRIED = "built on a second worker: the first one died while running it"


class BuildLocked(RuntimeError):
    """Another build holds the lock on the same reports folder."""


class SchedulerError(InputError):
    """The Dask scheduler cannot be reached, or its workers do not see the project folder."""


class BuildInterrupted(KeyboardInterrupt):
    """Ctrl-C stopped the build; the message says what finished (exit 130)."""


@dataclass
class JobOutcome:
    """What happened to one job in this build."""

    job: Job
    status: str  # built, skipped, failed
    seconds: float = 0.0
    error: str = ""
    log: Path | None = None


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


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def package_sources() -> list[Path]:
    """Every module file of the suite, all subpackages included."""
    return sorted(PACKAGE_DIR.rglob("*.py"))


def package_digest() -> str:
    """Version plus a hash of the package's source, so code changes rerun reports."""
    h = hashlib.sha256(__version__.encode())
    for f in package_sources():
        h.update(f.relative_to(PACKAGE_DIR).as_posix().encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def job_inputs(job: Job, data_dir: Path) -> list[Path]:
    """The data files a job's report reads.

    Every report reads the curated tables; a document profile also shows its document's
    origin record and reads its raw text. (The raw files of other jobs are pinned by the md5s
    the tables are validated against.)
    """
    files = sorted((data_dir / "processed").glob("*.csv"))
    if job.name == "document_profile":
        from zjanalysis.tables.loading import load_tables

        raw_file = load_tables(data_dir).documents.loc[job.params["document_id"], "raw_file"]
        files += [data_dir / "raw" / "origin.yaml", data_dir / "raw" / raw_file]
    return files


def injected_digest(data_dir: Path) -> str:
    """A hash of the injected runs the origin record lists: every report elides them from
    the quotes it prints, so a run recorded later reruns the reports."""
    from zjanalysis.tables.loading import load_tables

    runs = {doc: [r.as_record() for r in rs] for doc, rs in load_tables(data_dir).injected.items()}
    return hashlib.sha256(json.dumps(runs, sort_keys=True).encode()).hexdigest()


def fingerprint(job: Job, notebooks_dir: Path, data_dir: Path, package: str) -> str:
    """sha256 over notebook, parameters, data inputs and package digest."""
    parts = {
        "notebook": _sha(notebooks_dir / f"{job.name}.ipynb"),
        "params": json.dumps(job.params, sort_keys=True, default=str),
        "inputs": {str(p.relative_to(data_dir)): _sha(p) for p in job_inputs(job, data_dir)},
        "injected": injected_digest(data_dir),
        "package": package,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def published_fingerprint(job: Job, out_dir: Path) -> str | None:
    """The fingerprint a job's report was published with, or None when it has none or lost
    one of its files (so that it is built again)."""
    folder = out_dir / job.name / job.slug
    if not outputs_intact(folder):
        return None
    path = folder / FINGERPRINT_FILE
    try:
        return json.loads(path.read_text(encoding="utf-8"))["fingerprint"]
    except (OSError, ValueError, KeyError):
        return None


def _run_job(
    job: Job,
    out_dir: str,
    notebooks_dir: str,
    data_dir: str,
    print_: str,
    log_path: str,
    redirect: bool = True,
    attempts: str | None = None,
) -> tuple[str, float, str]:
    """Worker: run one report, logging to its own file; never raises. ``redirect`` also sends
    this process's file descriptors 1 and 2 to the log (not in a Dask worker, whose threads
    share them; the warm kernel's output goes to the log either way). ``attempts`` is a file
    counting this job's starts in this build (on a cluster, where a job whose worker died is
    started again): a second start is logged and said, a third refused."""
    from zjanalysis.running.notebook import run

    start = time.monotonic()
    try:
        attempt = _count_attempt(Path(attempts)) if attempts else 1
        if attempt > MAX_ATTEMPTS:
            return "failed", 0.0, WORKER_LOST
        log = open_new(Path(log_path)) if attempt == 1 else open(log_path, "a", encoding="utf-8")  # noqa: SIM115
    except OSError as err:
        return "failed", 0.0, str(OutputError.of(log_path, err))
    with log, _fds_to(log) if redirect else contextlib.nullcontext():
        if attempt > 1:
            log.write(f"attempt {attempt}: the worker running this report died; run again\n")
        log.write(
            f"{datetime.now().isoformat(timespec='seconds')} {job.key} {json.dumps(job.params, default=str)}\n"
        )
        log.flush()
        try:
            result = run(
                job.name,
                job.params,
                out_dir,
                notebooks_dir=Path(notebooks_dir),
                data_dir=Path(data_dir),
                log=lambda m: (log.write(m + "\n"), log.flush()),
                output_stream=log,
                extra_files={
                    FINGERPRINT_FILE: json.dumps({"fingerprint": print_, "job": job.key}, indent=1)
                },
                time_limit=job.time_limit,
            )
        except Exception as err:  # any failure is this job's alone
            log.write(f"FAILED: {type(err).__name__}: {err}\n")
            return "failed", time.monotonic() - start, f"{err}"
        log.write("built: " + ", ".join(p.name for p in result.files) + "\n")
    return "built", time.monotonic() - start, RETRIED if attempt > 1 else ""


def _count_attempt(marker: Path) -> int:
    """Record one more start of a job in ``marker``; return how many there have been."""
    with marker.open("a", encoding="utf-8") as fh:
        fh.write(f"{os.getpid()}\n")
    return len(marker.read_text(encoding="utf-8").splitlines())


@contextlib.contextmanager
def _fds_to(log):
    """Send this process's stdout and stderr, and so the kernel's it starts, to ``log``.

    A kernel inherits file descriptors 1 and 2; without this, what it prints (warnings, a
    dying kernel's last words) lands on the build's terminal after the build's own last line.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    saved = [os.dup(1), os.dup(2)]
    try:
        os.dup2(log.fileno(), 1)
        os.dup2(log.fileno(), 2)
        yield
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        for fd, copy in zip((1, 2), saved, strict=True):
            os.dup2(copy, fd)
            os.close(copy)


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


def inputs_digest(manifest: Path, notebooks_dir: Path, data_dir: Path, package: str) -> str:
    """sha256 over everything a build's plan follows from: the manifest, the notebooks, every
    file of the data folder and the package digest."""
    h = hashlib.sha256(package.encode())
    files = [manifest, *sorted(notebooks_dir.glob("*.ipynb"))]
    files += sorted(p for p in data_dir.rglob("*") if p.is_file())
    for f in files:
        h.update(str(f).encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def report_folders(out_dir: Path) -> list[str]:
    """``name/slug`` of every published report folder (what the index lists)."""
    return sorted(
        f"{d.parent.name}/{d.name}"
        for d in out_dir.glob("*/*")
        if d.is_dir() and not d.name.startswith((".", "_")) and not d.parent.name.startswith("_")
    )


def _write_plan(out_dir: Path, digest: str, prints: dict[str, str], all_jobs) -> None:
    """Record what a complete build left: every job with its fingerprint, and the folders
    the index lists, for ``_unchanged``."""
    plan = {
        "digest": digest,
        "jobs": [
            {
                "name": j.name,
                "params": j.params,
                "line": j.line,
                "slug": j.slug,
                "fp": prints[j.key],
            }
            for j in all_jobs
        ],
        "folders": report_folders(out_dir),
    }
    with contextlib.suppress(OutputError, InputError, TypeError, ValueError):  # a shortcut only
        text = json.dumps(plan)
        write_atomic(out_dir / PLAN_FILE, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def _unchanged(out_dir: Path, digest: str, only: str | None) -> list[Job] | None:
    """The selected jobs when nothing changed since the last complete build — same inputs,
    every report still published with its fingerprint, the same folders indexed, the index
    there — else None (the build then expands the manifest and checks each job)."""
    try:
        plan = json.loads((out_dir / PLAN_FILE).read_text(encoding="utf-8"))
        if plan["digest"] != digest or plan["folders"] != report_folders(out_dir):
            return None
        jobs = [(Job(j["name"], j["params"], j["line"]), j) for j in plan["jobs"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not all((out_dir / f).exists() for f in ("index.html", "index.xlsx")):
        return None
    selected = []
    for job, record in jobs:
        if job.slug != record["slug"]:
            return None
        if not only or fnmatch.fnmatch(job.key, only) or fnmatch.fnmatch(job.name, only):
            if published_fingerprint(job, out_dir) != record["fp"]:
                return None
            selected.append(job)
    return selected or None


def _build_locked(
    manifest, jobs, force, only, out_dir, notebooks_dir, data_dir, stream, scheduler, time_limit
) -> BuildSummary:
    start = time.monotonic()
    remove_leftovers(out_dir)  # under the lock: no other build is publishing
    package = package_digest()
    try:  # a manifest that is a folder or unreadable is refused below, by load_manifest
        digest = inputs_digest(manifest, notebooks_dir, data_dir, package)
    except OSError:
        digest = ""
    same = None if force or not digest else _unchanged(out_dir, digest, only)
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
        (out_dir / PLAN_FILE).unlink(missing_ok=True)
    all_jobs = load_manifest(manifest, notebooks_dir, data_dir)
    if time_limit is not None:
        all_jobs = [dataclasses.replace(j, time_limit=time_limit) for j in all_jobs]
    selected = [
        j
        for j in all_jobs
        if not only or fnmatch.fnmatch(j.key, only) or fnmatch.fnmatch(j.name, only)
    ]
    if not selected:
        from zjanalysis.errors import did_you_mean

        hint = did_you_mean(only, sorted({j.name for j in all_jobs}))
        raise ManifestError(
            f"--only '{only}' matches none of the {len(all_jobs)} jobs of {manifest}"
            + (f" — {hint}" if hint else " (a glob over NAME or NAME/SLUG)")
        )
    logs = own_folder(out_dir / "_logs", out_dir)
    outcomes: dict[str, JobOutcome] = {}
    todo: list[tuple[Job, str]] = []
    prints = {job.key: fingerprint(job, notebooks_dir, data_dir, package) for job in all_jobs}
    for job in selected:
        fp = prints[job.key]
        if not force and published_fingerprint(job, out_dir) == fp:
            outcomes[job.key] = JobOutcome(job, "skipped")
        else:
            todo.append((job, fp))
    client = _connect(scheduler, out_dir) if scheduler and todo else None
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
                    _run_on_cluster(client, *args)
            else:
                _run_all(workers, *args)
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
        _write_plan(out_dir, digest, prints, all_jobs)
    print(format_summary(summary, out_dir), file=stream, flush=True)
    return summary


def _run_all(workers, todo, outcomes, out_dir, notebooks_dir, data_dir, logs, stream, tty):
    """Run the jobs in a pool of workers that die with this process; Ctrl-C stops them."""
    from tqdm import tqdm

    pool = ProcessPoolExecutor(
        max_workers=workers, initializer=_worker_init, initargs=(os.getpid(),)
    )
    bar = tqdm(total=len(todo), file=stream, unit="report", disable=not tty, dynamic_ncols=True)
    try:
        futures = {
            pool.submit(
                _run_job,
                job,
                str(out_dir),
                str(notebooks_dir),
                str(data_dir),
                fp,
                str(logs / f"{job.name}__{job.slug}.log"),
            ): job
            for job, fp in todo
        }
        for done, future in enumerate(as_completed(futures), 1):
            job = futures[future]
            try:
                status, seconds, error = future.result()
            except BrokenProcessPool:  # a worker killed from outside (OOM killer, kill -9)
                status, seconds, error = "failed", 0.0, WORKER_DIED
            _record(job, status, seconds, error, logs, outcomes, bar, done, len(todo), stream, tty)
    except BaseException:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C: still clean
        try:
            _stop_workers(pool)
            remove_leftovers(out_dir)
        finally:
            signal.signal(signal.SIGINT, previous)
        raise
    finally:
        bar.close()
    pool.shutdown(wait=True)
    remove_leftovers(out_dir)  # what a worker killed from outside was writing


def _record(job, status, seconds, error, logs, outcomes, bar, done, total, stream, tty) -> None:
    """Keep one job's outcome and show it (progress bar on a terminal, else one line)."""
    log = logs / f"{job.name}__{job.slug}.log"
    outcomes[job.key] = JobOutcome(job, status, seconds, error, log)
    if tty:
        bar.set_postfix_str(f"{status} {job.key}"[:60])
        bar.update()
    else:
        print(
            f"[{done}/{total}] {status:7s} {job.key} ({seconds:.{2 if seconds < 10 else 1}f} s)"
            + (f" — {error}" if error else ""),
            file=stream,
            flush=True,
        )


def _connect(scheduler: str, out_dir: Path):
    """A Dask client of ``scheduler`` whose every worker sees ``out_dir``; ``SchedulerError``."""
    try:
        from distributed import Client
    except ImportError:
        raise SchedulerError(
            "--scheduler needs Dask's distributed package: pip install 'zjanalysis[cluster]'"
        ) from None
    try:
        client = Client(scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as err:
        raise SchedulerError(f"cannot reach the Dask scheduler at {scheduler}: {err}") from None
    try:
        seen = client.run(os.path.isdir, str(out_dir.resolve()))
    except Exception as err:
        client.close()
        raise SchedulerError(f"the workers of {scheduler} cannot run jobs: {err}") from None
    blind = sorted(w for w, ok in seen.items() if not ok)
    if not seen or blind:
        client.close()
        raise SchedulerError(
            f"{scheduler} has no worker"
            if not seen
            else f"workers {', '.join(blind)} do not see {out_dir.resolve()}: the project folder must be shared at the same path"
        )
    return client


def _run_on_cluster(client, todo, outcomes, out_dir, notebooks_dir, data_dir, logs, stream, tty):
    """Run the jobs on the Dask cluster of ``client``; Ctrl-C cancels the jobs not started
    (those running finish on their workers and publish as usual).

    A job whose worker dies is started once more on another worker — by the scheduler, which
    reschedules a lost task, or here when the scheduler gives up at once (``KilledWorker``) —
    and fails if that worker dies too; each job's starts are counted in a file of a folder of
    this build in the shared logs folder (``_run_job``)."""
    import tempfile

    from distributed import as_completed
    from tqdm import tqdm

    bar = tqdm(total=len(todo), file=stream, unit="report", disable=not tty, dynamic_ncols=True)
    attempts = Path(tempfile.mkdtemp(prefix=".attempts-", dir=logs)).resolve()
    futures = {}

    def submit(job, fp):
        log = logs / f"{job.name}__{job.slug}.log"
        future = client.submit(
            _run_job,
            job,
            str(out_dir.resolve()),
            str(notebooks_dir.resolve()),
            str(data_dir.resolve()),
            fp,
            str(log.resolve()),
            False,
            str(attempts / f"{job.name}__{job.slug}"),
            key=f"zja-{job.name}-{job.slug}-{os.getpid()}-{time.monotonic_ns()}",
            pure=False,
        )
        futures[future] = (job, fp)
        return future

    try:
        for job, fp in todo:
            submit(job, fp)
        done = 0
        pending = as_completed(list(futures), loop=client.loop)
        for future in pending:
            job, fp = futures[future]
            try:
                status, seconds, error = future.result()
            except Exception as err:  # KilledWorker: the worker died (each time it was run)
                killed = type(err).__name__ == "KilledWorker"
                marker = attempts / f"{job.name}__{job.slug}"
                started = len(marker.read_text().splitlines()) if marker.exists() else 0
                if killed and started < MAX_ATTEMPTS:
                    pending.add(submit(job, fp))
                    continue
                status, seconds = "failed", 0.0
                error = (WORKER_LOST if started else WORKER_DIED) if killed else f"{err}"
            done += 1
            _record(job, status, seconds, error, logs, outcomes, bar, done, len(todo), stream, tty)
    except BaseException:
        with contextlib.suppress(Exception):
            client.cancel(list(futures))
        raise
    finally:
        bar.close()
        shutil.rmtree(attempts, ignore_errors=True)
    remove_leftovers(out_dir)  # what a worker that died was writing


def _worker_init(parent: int) -> None:
    """Set up a worker: Ctrl-C is the parent's to handle, and the worker dies with the parent.

    On Linux the kernel sends SIGTERM when the parent dies (PR_SET_PDEATHSIG), even by SIGKILL;
    elsewhere a thread polls the parent. The notebook kernels poll their worker in turn
    (ipykernel's parent poller), so the whole tree goes.
    """
    import threading

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the command's handler: SIGTERM ends it
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)
    threading.Thread(target=watch, daemon=True).start()


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Terminate the pool's workers now (running jobs are abandoned, not waited for)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        with contextlib.suppress(OSError, ValueError):
            process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(OSError, ValueError, AssertionError):
            process.join(timeout=5)


def remove_leftovers(out_dir: Path) -> None:
    """Remove what interrupted runs left in the reports folder: the temporary folders of
    reports whose process is gone, and previous outputs set aside by an unfinished publish
    (put back if the new outputs never arrived)."""
    for tmp in out_dir.glob(f"*/{TMP_PREFIX}*"):
        pid = tmp_owner(tmp.name)
        if tmp.is_dir() and (pid is None or not _alive(pid)):
            shutil.rmtree(tmp, ignore_errors=True)
    for old in out_dir.glob(f"*/{OLD_PREFIX}*"):
        pid = tmp_owner(old.name)
        if not old.is_dir() or (pid is not None and _alive(pid)):
            continue  # a report publishing right now
        final = old.parent / re.sub(r"-p[0-9]+-[^-]*$", "", old.name[len(OLD_PREFIX) :])
        if not final.exists():  # killed between setting the old outputs aside and publishing
            with contextlib.suppress(OSError):
                os.replace(old, final)
                continue
        shutil.rmtree(old, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


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
