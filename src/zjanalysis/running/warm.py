"""Papermill engines that run notebooks in kernels this process starts (``--engine zja-warm``,
``--engine zja-cold``).

``zja-warm`` starts a kernel once per process (one per thread that runs notebooks at the same
time) with the suite imported (``running.kernel_state.warm_up``). Before each notebook it is
reset to that state and given the notebook's working folder and environment, as a fresh
kernel would start with them; it is restarted instead when a module file of the suite changed
on disk, after a notebook that failed, after ``MAX_RUNS`` notebooks, or when the reset finds
what it cannot undo. ``zja-cold`` starts a new kernel for every notebook (nothing imported
beforehand) and stops it afterwards: the reference a warm kernel's outputs must equal.

Both take two engine arguments besides Papermill's: ``kernel_cwd`` (the kernel's working
folder; default this process's, which Papermill's ``cwd`` changes for the whole process) and
``kernel_env`` (variables set for the kernel alone, such as ``ZJA_ROOT``), so that threads of
one process can run notebooks side by side without changing the process's state. What a
kernel process prints goes to the notebook's ``stderr_file`` (else to this process's stderr);
the kernel dies with this process (ipykernel polls its parent).

Only Papermill's documented extension point is used: the engines subclass
``papermill.engines.NBClientEngine`` and hand their kernel manager to its
``execute_managed_notebook`` (registered by the ``papermill.engine`` entry point). The kernel's
client is kept between notebooks through jupyter_client's public classes (``_KeptClient``).
"""

from __future__ import annotations

import ast
import atexit
import codecs
import contextlib
import functools
import logging
import os
import threading
from pathlib import Path

from zjanalysis.errors import RunError

ENGINE_NAME = "zja-warm"
COLD_ENGINE_NAME = "zja-cold"
# notebooks per kernel before a restart: a bound on any leak (a kernel grew 274 → 288 MiB over
# the 330 scheduled reports; each restart costs about 2.3 s)
MAX_RUNS = 500
SUITE_DIR = Path(__file__).resolve().parents[1]  # src/zjanalysis
KERNEL_SIDE = "zjanalysis.running.kernel_state"
logger = logging.getLogger("papermill")  # where Papermill's engines say what they do


class KernelError(RunError):
    """A warm kernel could not be started or reset."""


def suite_stamp() -> tuple:
    """Size and modification time of every module file of the suite."""
    stamp = []
    for f in sorted(SUITE_DIR.rglob("*.py")):
        with contextlib.suppress(OSError):
            info = f.stat()
            stamp.append((str(f), info.st_mtime_ns, info.st_size))
    return tuple(stamp)


@functools.cache
def _jupyter_classes() -> tuple[type, type]:
    """The kernel manager and client classes, made on first use (jupyter_client is imported
    only when a notebook runs)."""
    from jupyter_client.asynchronous import AsyncKernelClient
    from jupyter_client.manager import AsyncKernelManager

    class KeptClient(AsyncKernelClient):
        """A client that stays connected between notebooks: starting it again, or waiting
        for a kernel it has seen ready, costs nothing (a new client waits 0.2 s for the
        kernel's output to go quiet, which nbclient asks for before every notebook)."""

        seen_ready = False

        def start_channels(self, *args, **kwargs) -> None:
            if not self.channels_running:
                super().start_channels(*args, **kwargs)

        async def wait_for_ready(self, timeout: float | None = None) -> None:
            if not self.seen_ready:
                await AsyncKernelClient.wait_for_ready(self, timeout=timeout)
                self.seen_ready = True

    class KeptClientManager(AsyncKernelManager):
        """A kernel manager whose ``client()`` is the kept one, once there is one."""

        kept = None

        def client(self, **kwargs):
            return self.kept if self.kept is not None else super().client(**kwargs)

    return KeptClientManager, KeptClient


class WarmKernel:
    """One kernel process kept between notebooks, with a thread passing on what it prints.
    ``warm``: import the suite and record the state to reset to (``kernel_state.warm_up``);
    ``env`` and ``cwd``: what the kernel process starts with (default: this process's)."""

    def __init__(
        self,
        kernel_name: str,
        extra_arguments: list[str],
        start_timeout: float,
        sink=None,
        *,
        warm: bool = True,
        env: dict[str, str] | None = None,
        cwd: str | None = None,
    ):
        from jupyter_core.utils import run_sync

        manager, client = _jupyter_classes()
        self.key = (kernel_name, tuple(extra_arguments))
        self.runs = 0
        self.stamp = suite_stamp()
        self.environ = dict(os.environ if env is None else env)  # what the kernel inherited
        self.sink = sink  # a text stream for what the kernel process prints
        self.km = manager(kernel_name=kernel_name, client_factory=client)
        self._kc_thread = None
        read, write = os.pipe()
        try:
            run_sync(self.km.start_kernel)(
                extra_arguments=list(extra_arguments),
                stdout=write,
                stderr=write,
                env=self.environ,
                cwd=cwd or os.getcwd(),
            )
        except BaseException:
            os.close(read)
            raise
        finally:
            os.close(write)
        threading.Thread(target=self._pass_on, args=(read,), daemon=True).start()
        if warm:
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
        notebooks and handed to nbclient by the kernel manager."""
        from jupyter_core.utils import run_sync

        thread = threading.get_ident()
        kc = self.km.kept
        if kc is not None and self._kc_thread == thread and kc.channels_running:
            return kc
        self.close_client()
        kc = self.km.client()
        kc.start_channels()
        try:
            run_sync(kc.wait_for_ready)(timeout=timeout)
        except BaseException:
            kc.stop_channels()
            raise
        kc.allow_stdin = False
        self.km.kept, self._kc_thread = kc, thread
        return kc

    def close_client(self) -> None:
        if self.km.kept is not None:
            with contextlib.suppress(Exception):
                self.km.kept.stop_channels()
        self.km.kept = None

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

    def prepare(self, kc, cwd: str, env: dict[str, str]) -> str:
        """Reset the kernel for the next notebook, to run in ``cwd`` with environment ``env``;
        return why it must restart instead, or ''."""
        changes = {
            k: env.get(k)
            for k in self.environ.keys() | env.keys()
            if env.get(k) != self.environ.get(k)
        }
        reason = self.call(
            f"__import__({KERNEL_SIDE!r}, fromlist=['_']).prepare({cwd!r}, {changes!r})",
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


def _kernel_for(kernel_name, extra_arguments, start_timeout, max_runs, say, sink, cwd, env):
    """A warm kernel reset for the next notebook, restarting the kernel if it must."""
    kernel = POOL.take((kernel_name, tuple(extra_arguments)))
    if kernel is not None:
        reason = _reset(kernel, max_runs, start_timeout, sink, cwd, env)
        if not reason:
            return kernel
        say(f"zja: restarting the warm kernel: {reason}")
        POOL.drop(kernel)
    kernel = WarmKernel(kernel_name, extra_arguments, start_timeout, sink)
    POOL.started(kernel)
    reason = _reset(kernel, max_runs, start_timeout, sink, cwd, env)
    if reason:
        POOL.drop(kernel)
        raise KernelError(f"a new warm kernel could not be reset: {reason}")
    return kernel


def _reset(kernel: WarmKernel, max_runs: int, timeout: float, sink, cwd, env) -> str:
    reason = kernel.stale(max_runs)
    if reason:
        return reason
    kernel.sink = sink
    try:
        reason = kernel.prepare(kernel.client(timeout), cwd, env)
    except (KernelError, RuntimeError, TimeoutError) as err:
        reason = f"its reset failed ({err})"
    if reason:
        kernel.close_client()
    return reason


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
def engine_classes() -> tuple[type, type]:
    """The warm and the cold engine classes, made on first use: Papermill imports this module
    while it loads its entry points, so Papermill cannot be imported here at the top."""
    from papermill.engines import NBClientEngine

    class WarmEngine(NBClientEngine):
        """Papermill engine: run the notebook in this process's warm kernel (see the module)."""

        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man,
            kernel_name,
            *,
            kernel_cwd=None,
            kernel_env=None,
            max_runs=None,
            stderr_file=None,
            start_timeout=60,
            **kwargs,
        ):
            cwd = str(kernel_cwd or os.getcwd())
            env = {**os.environ, **(kernel_env or {})}
            extra_arguments = list(kwargs.get("extra_arguments") or [])

            def say(message: str) -> None:
                logger.info(message)
                if stderr_file is not None:
                    with contextlib.suppress(Exception):
                        stderr_file.write(message + "\n")
                        stderr_file.flush()

            kernel = _kernel_for(
                kernel_name,
                extra_arguments,
                start_timeout,
                max_runs or MAX_RUNS,
                say,
                stderr_file,
                cwd,
                env,
            )
            kernel.runs += 1
            healthy = False
            try:
                nb = super().execute_managed_notebook(
                    nb_man,
                    kernel_name,
                    km=kernel.km,
                    stderr_file=stderr_file,
                    start_timeout=start_timeout,
                    **kwargs,
                )
                healthy = not nb.metadata.get("papermill", {}).get("exception")
                return nb
            finally:
                kernel.sink = None
                if healthy:
                    POOL.give_back(kernel)
                else:  # a failed notebook may leave anything behind, even a running cell
                    _settle_tasks()
                    POOL.drop(kernel)

    class ColdEngine(NBClientEngine):
        """Papermill engine: run the notebook in a new kernel, stopped afterwards."""

        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man,
            kernel_name,
            *,
            kernel_cwd=None,
            kernel_env=None,
            stderr_file=None,
            start_timeout=60,
            **kwargs,
        ):
            kernel = WarmKernel(
                kernel_name,
                list(kwargs.get("extra_arguments") or []),
                start_timeout,
                stderr_file,
                warm=False,
                env={**os.environ, **(kernel_env or {})},
                cwd=str(kernel_cwd or os.getcwd()),
            )
            try:
                kernel.client(start_timeout)
                return super().execute_managed_notebook(
                    nb_man,
                    kernel_name,
                    km=kernel.km,
                    stderr_file=stderr_file,
                    start_timeout=start_timeout,
                    **kwargs,
                )
            finally:
                _settle_tasks()
                kernel.shutdown()

    return WarmEngine, ColdEngine


def __getattr__(name: str):
    if name == "WarmEngine":  # the entry points' targets
        return engine_classes()[0]
    if name == "ColdEngine":
        return engine_classes()[1]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def register() -> None:
    """Make the engines known to Papermill in this process (the entry points do it for the
    ``papermill`` command line once the package is installed)."""
    from papermill.engines import papermill_engines

    warm, cold = engine_classes()
    papermill_engines.register(ENGINE_NAME, warm)
    papermill_engines.register(COLD_ENGINE_NAME, cold)
