"""Running a build's jobs: each in a worker process of a pool that dies with the build, or on
a Dask cluster whose workers share the project folder; one log per job.

Each job runs through ``running.notebook.run`` in a warm kernel of its worker (so each
publishes atomically and a failure keeps the last good outputs), its output going to its own
log in ``reports/_logs/``. A Dask worker may run several jobs at once in threads: a report
changes neither its process's working folder nor its environment.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from zjanalysis.errors import InputError, OutputError
from zjanalysis.files import open_new
from zjanalysis.running.manifest import Job
from zjanalysis.running.plan import FINGERPRINT_FILE
from zjanalysis.running.publish import remove_leftovers

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


class SchedulerError(InputError):
    """The Dask scheduler cannot be reached, or its workers do not see the project folder."""


@dataclass
class JobOutcome:
    """What happened to one job in this build."""

    job: Job
    status: str  # built, skipped, failed
    seconds: float = 0.0
    error: str = ""
    log: Path | None = None


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


def run_all(workers, todo, outcomes, out_dir, notebooks_dir, data_dir, logs, stream, tty):
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


def connect(scheduler: str, out_dir: Path):
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


def run_on_cluster(client, todo, outcomes, out_dir, notebooks_dir, data_dir, logs, stream, tty):
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
