"""A Papermill engine that keeps its kernels warm between notebooks (``--engine zja-warm``).

A kernel is started once per process (one per thread that runs notebooks at the same time)
with the suite imported (``running.kernel_state.warm_up``). Before each notebook it is reset
to that state and given this process's working folder and environment, as a fresh kernel
would inherit them; it is restarted instead when a module file of the suite changed on disk,
after a notebook that failed, after ``MAX_RUNS`` notebooks, or when the reset finds what it
cannot undo. What the kernel process prints goes to the notebook's ``stderr_file`` (else to
this process's stderr); the kernel dies with this process (ipykernel polls its parent).
"""

from __future__ import annotations

import ast
import atexit
import codecs
import contextlib
import functools
import os
import threading
from pathlib import Path

ENGINE_NAME = "zja-warm"
MAX_RUNS = 40  # notebooks per kernel before a restart: a kernel grows ~2.5 MiB a report
SUITE_DIR = Path(__file__).resolve().parents[1]  # src/zjanalysis
KERNEL_SIDE = "zjanalysis.running.kernel_state"


class KernelError(RuntimeError):
    """A warm kernel could not be started or reset."""


def suite_stamp() -> tuple:
    """Size and modification time of every module file of the suite."""
    stamp = []
    for f in sorted(SUITE_DIR.rglob("*.py")):
        with contextlib.suppress(OSError):
            info = f.stat()
            stamp.append((str(f), info.st_mtime_ns, info.st_size))
    return tuple(stamp)


class WarmKernel:
    """One kernel process kept between notebooks, with a thread passing on what it prints."""

    def __init__(
        self, kernel_name: str, extra_arguments: list[str], start_timeout: float, sink=None
    ):
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        self.key = (kernel_name, tuple(extra_arguments))
        self.runs = 0
        self.stamp = suite_stamp()
        self.environ = dict(os.environ)  # what the kernel inherited
        self.sink = sink  # a text stream for what the kernel process prints
        self.km = AsyncKernelManager(kernel_name=kernel_name)
        self._kc, self._kc_thread = None, None
        read, write = os.pipe()
        try:
            run_sync(self.km.start_kernel)(
                extra_arguments=list(extra_arguments), stdout=write, stderr=write
            )
        except BaseException:
            os.close(read)
            raise
        finally:
            os.close(write)
        threading.Thread(target=self._pass_on, args=(read,), daemon=True).start()
        try:
            self.call(f"__import__({KERNEL_SIDE!r}, fromlist=['_']).warm_up()", start_timeout)
        except BaseException:
            self.shutdown()
            raise

    def _pass_on(self, fd: int) -> None:
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        with contextlib.suppress(OSError):
            while chunk := os.read(fd, 65536):
                sink = self.sink
                if sink is None:
                    os.write(2, chunk)
                else:
                    with contextlib.suppress(Exception):
                        sink.write(decoder.decode(chunk))
                        sink.flush()
        os.close(fd)

    def client(self, timeout: float = 60):
        """A started client of this kernel for the calling thread's event loop, kept between
        notebooks (a new one costs a round of kernel_info messages)."""
        from jupyter_core.utils import run_sync

        thread = threading.get_ident()
        if self._kc is not None and self._kc_thread == thread and self._kc.channels_running:
            return self._kc
        self.close_client()
        kc = self.km.client()
        kc.start_channels()
        try:
            run_sync(kc.wait_for_ready)(timeout=timeout)
        except BaseException:
            kc.stop_channels()
            raise
        kc.allow_stdin = False
        self._kc, self._kc_thread = kc, thread
        return kc

    def close_client(self) -> None:
        if self._kc is not None:
            with contextlib.suppress(Exception):
                self._kc.stop_channels()
        self._kc = None

    def call(self, expression: str, timeout: float = 60, kc=None) -> str:
        """Evaluate ``expression`` in the kernel, binding no name; return its repr."""
        from jupyter_core.utils import run_sync

        kc = kc or self.client(timeout)
        msg_id = kc.execute(
            "", silent=True, store_history=False, user_expressions={"r": expression}
        )
        reply = run_sync(self._reply)(kc, msg_id, timeout)
        result = reply["content"].get("user_expressions", {}).get("r", {})
        if result.get("status") != "ok":
            raise KernelError(
                f"warm kernel: {result.get('ename', 'error')}: {result.get('evalue', reply['content'])}"
            )
        return result["data"]["text/plain"]

    @staticmethod
    async def _reply(kc, msg_id: str, timeout: float) -> dict:
        while True:
            reply = await kc.get_shell_msg(timeout=timeout)
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply

    def stale(self, max_runs: int) -> str:
        """Why this kernel should not run another notebook, or ''."""
        if not self.km.has_kernel or not self.km.provisioner.has_process:
            return "it has stopped"
        if self.km.provisioner.process.poll() is not None:
            return "it died"
        if self.runs >= max_runs:
            return f"it ran {self.runs} notebooks"
        if suite_stamp() != self.stamp:
            return "a module file of the suite changed"
        return ""

    def prepare(self, kc) -> str:
        """Reset the kernel for the next notebook; return why it must restart instead, or ''."""
        now = dict(os.environ)
        changes = {
            k: now.get(k)
            for k in self.environ.keys() | now.keys()
            if now.get(k) != self.environ.get(k)
        }
        reason = self.call(
            f"__import__({KERNEL_SIDE!r}, fromlist=['_']).prepare({os.getcwd()!r}, {changes!r})",
            kc=kc,
        )
        return ast.literal_eval(reason)

    def shutdown(self) -> None:
        from jupyter_core.utils import run_sync

        self.close_client()

        with contextlib.suppress(Exception):
            run_sync(self.km.shutdown_kernel)(now=True)
        with contextlib.suppress(Exception):
            run_sync(self.km.cleanup_resources)()


class _Pool:
    """The idle warm kernels of this process, by kernel name and arguments."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.idle: dict[tuple, list[WarmKernel]] = {}
        self.busy: set[WarmKernel] = set()
        self.pid = os.getpid()
        atexit.register(self.shutdown_all)
        with contextlib.suppress(ImportError):
            from multiprocessing.util import Finalize

            Finalize(self, self.shutdown_all, exitpriority=10)  # process-pool workers skip atexit

    def take(self, key: tuple) -> WarmKernel | None:
        with self.lock:
            if self.pid != os.getpid():  # a forked child: those kernels are the parent's
                self.idle, self.busy, self.pid = {}, set(), os.getpid()
            kernels = self.idle.get(key) or []
            kernel = kernels.pop() if kernels else None
            if kernel is not None:
                self.busy.add(kernel)
            return kernel

    def started(self, kernel: WarmKernel) -> None:
        with self.lock:
            self.busy.add(kernel)

    def give_back(self, kernel: WarmKernel) -> None:
        with self.lock:
            self.busy.discard(kernel)
            self.idle.setdefault(kernel.key, []).append(kernel)

    def drop(self, kernel: WarmKernel) -> None:
        with self.lock:
            self.busy.discard(kernel)
        kernel.shutdown()

    def shutdown_all(self) -> None:
        if self.pid != os.getpid():
            return
        with self.lock:
            kernels = [k for ks in self.idle.values() for k in ks] + list(self.busy)
            self.idle, self.busy = {}, set()
        for kernel in kernels:
            kernel.shutdown()


POOL = _Pool()


def _kernel_for(kernel_name, extra_arguments, start_timeout, max_runs, say, sink):
    """A reset warm kernel and a client of it, restarting the kernel if it must."""
    kernel = POOL.take((kernel_name, tuple(extra_arguments)))
    if kernel is not None:
        reason, kc = _reset(kernel, max_runs, start_timeout, sink)
        if not reason:
            return kernel, kc
        say(f"zja: restarting the warm kernel: {reason}")
        POOL.drop(kernel)
    kernel = WarmKernel(kernel_name, extra_arguments, start_timeout, sink)
    POOL.started(kernel)
    reason, kc = _reset(kernel, max_runs, start_timeout, sink)
    if reason:
        POOL.drop(kernel)
        raise KernelError(f"a new warm kernel could not be reset: {reason}")
    return kernel, kc


def _reset(kernel: WarmKernel, max_runs: int, timeout: float, sink) -> tuple[str, object]:
    reason = kernel.stale(max_runs)
    if reason:
        return reason, None
    kernel.sink = sink
    kc = None
    try:
        kc = kernel.client(timeout)
        reason = kernel.prepare(kc)
    except (KernelError, RuntimeError, TimeoutError) as err:
        reason = f"its reset failed ({err})"
    if reason:
        kernel.close_client()
    return reason, kc


def _settle_tasks() -> None:
    """Cancel what a notebook stopped midway (Ctrl-C, a time limit) left on this thread's event
    loop — a cell still waiting for its kernel — so that no lost task's error is printed
    when the kernel is stopped or the process exits."""
    import asyncio

    from jupyter_core.utils import ensure_event_loop

    loop = ensure_event_loop()
    if loop.is_running():
        return
    tasks = [t for t in asyncio.all_tasks(loop) if not t.done()]
    for task in tasks:
        task.cancel()
    if tasks:
        with contextlib.suppress(Exception):
            loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))


@functools.cache
def engine_class() -> type:
    """The engine class, made on first use: Papermill imports this module while it loads its
    entry points, so Papermill cannot be imported here at the top."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine
    from papermill.log import logger
    from papermill.utils import merge_kwargs, remove_args

    class WarmEngine(NBClientEngine):
        """Papermill engine: run the notebook in this process's warm kernel (see the module)."""

        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man,
            kernel_name,
            log_output=False,
            stdout_file=None,
            stderr_file=None,
            start_timeout=60,
            execution_timeout=None,
            max_runs=None,
            **kwargs,
        ):
            kwargs = remove_args(["input_path"], **kwargs)
            extra_arguments = list(kwargs.pop("extra_arguments", None) or [])
            safe_kwargs = remove_args(["timeout", "startup_timeout"], **kwargs)

            def say(message: str) -> None:
                logger.info(message)
                if stderr_file is not None:
                    with contextlib.suppress(Exception):
                        stderr_file.write(message + "\n")
                        stderr_file.flush()

            kernel, kc = _kernel_for(
                kernel_name, extra_arguments, start_timeout, max_runs or MAX_RUNS, say, stderr_file
            )
            kernel.runs += 1
            healthy = False
            try:
                final_kwargs = merge_kwargs(
                    safe_kwargs,
                    timeout=execution_timeout if execution_timeout else kwargs.get("timeout"),
                    startup_timeout=start_timeout,
                    kernel_name=kernel_name,
                    log=logger,
                    log_output=log_output,
                    stdout_file=stdout_file,
                    stderr_file=stderr_file,
                )
                client = PapermillNotebookClient(nb_man, km=kernel.km, **final_kwargs)
                client.kc = kc
                nb = client.execute()
                healthy = not nb.metadata.get("papermill", {}).get("exception")
                return nb
            finally:
                kernel.sink = None
                if healthy:
                    POOL.give_back(kernel)
                else:  # a failed notebook may leave anything behind, even a running cell
                    _settle_tasks()
                    POOL.drop(kernel)

    return WarmEngine


def __getattr__(name: str):
    if name == "WarmEngine":  # the entry point's target
        return engine_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def register() -> None:
    """Make the engine known to Papermill in this process (the entry point does it for the
    ``papermill`` command line once the package is installed)."""
    from papermill.engines import papermill_engines

    papermill_engines.register(ENGINE_NAME, engine_class())
