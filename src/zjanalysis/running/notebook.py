"""Running a parameterised notebook as a report: check, execute, publish atomically.

``run`` checks the parameters before any kernel starts, executes the notebook with Papermill
(in a warm kernel, ``running.warm``) into a temporary folder beside the destination, and only
on success swaps that folder into ``reports/<name>/<slug>/``. A failure leaves the last good outputs in place, keeps the failed
notebook under ``reports/<name>/_failed/`` and raises ``ReportFailed`` naming the cell.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from zjanalysis import paths
from zjanalysis.digests import digest
from zjanalysis.errors import InputError, OutputError, RunError, did_you_mean
from zjanalysis.files import output_folder, own_folder
from zjanalysis.messages import LANGUAGES
from zjanalysis.reports.report_types import REPORT_TYPES, about, heading
from zjanalysis.running.parameters import ParameterError, resolve
from zjanalysis.running.publish import TMP_PREFIX, publish

SLUG_MAX = 80
PARAMS_FILE = "params.json"  # the report's name and parameters, beside its outputs
REPORT_NAME = re.compile(r"[a-z][a-z0-9_]*")


class ReportFailed(RunError):
    """The notebook raised while executing; the message names the cell and the error."""


@dataclass(frozen=True)
class ReportResult:
    """Where a finished report's files are."""

    name: str
    params: dict
    folder: Path
    notebook: Path
    files: tuple[Path, ...]


def available(notebooks_dir: Path | None = None) -> list[str]:
    """Names of the report notebooks."""
    folder = notebooks_dir or paths.NOTEBOOKS_DIR
    return sorted(p.stem for p in folder.glob("*.ipynb"))


def notebook_path(name: str, notebooks_dir: Path | None = None) -> Path:
    """The notebook of a report name; ``ParameterError`` with a suggestion if unknown."""
    folder = notebooks_dir or paths.NOTEBOOKS_DIR
    if not REPORT_NAME.fullmatch(name):  # a name, never a path: reports run from notebooks/ only
        raise ParameterError(
            f"'{name}' is not a report name (letters, digits and _; reports: "
            f"{', '.join(available(folder))})"
        )
    path = folder / f"{name}.ipynb"
    if not path.is_file():
        hint = did_you_mean(name, available(folder))
        raise ParameterError(
            f"unknown report '{name}'"
            + (f" — {hint}" if hint else f" (reports: {', '.join(available(folder))})")
        )
    return path


def slug(params: dict) -> str:
    """A file-name-safe, readable and unique name for a set of parameter values."""
    parts = []
    for value in params.values():
        if value is None or value == []:
            parts.append("all")
        elif isinstance(value, list | tuple):
            parts.append("+".join(map(str, value)))
        else:
            parts.append(str(value))
    text = re.sub(r"[^A-Za-z0-9._+-]+", "-", "_".join(parts)).strip("-.") or "default"
    if len(text) > SLUG_MAX:
        text = f"{text[: SLUG_MAX - 11]}-{digest(params)[:10]}"
    return text


def prepare(
    name: str, params: dict | None = None, notebooks_dir: Path | None = None, data_dir=None
) -> tuple[Path, dict]:
    """Resolve and check a report's parameters without starting a kernel."""
    notebook = notebook_path(name, notebooks_dir)
    values = resolve(notebook, params or {})
    from zjanalysis.running.param_checks import check_values  # reads the tables: pandas

    check_values(name, values, data_dir)
    return notebook, values


def run(
    name: str,
    params: dict | None = None,
    out_dir: Path | str | None = None,
    *,
    notebooks_dir: Path | None = None,
    log=None,
    extra_files: dict[str, str] | None = None,
    output_stream=None,
    cell_timeout: int | None = 900,
    time_limit: float | None = None,
    data_dir: Path | None = None,
    engine: str | None = None,
) -> ReportResult:
    """Check parameters, execute the notebook, publish its outputs; return where they are.

    ``extra_files`` (name → text) are written beside the outputs and published with them;
    ``output_stream`` receives the notebook's printed output; ``cell_timeout`` bounds each
    cell and ``time_limit`` the whole notebook, in seconds (past it the report fails). ``data_dir`` (default: the project's) is checked here and read by the
    kernel. ``engine`` is the Papermill engine: by default ("zja-warm", ``running.warm``) a
    kernel this process keeps warm between reports; ``"zja-cold"`` starts a fresh one. Raises
    ``ParameterError`` (before any kernel starts), ``ReportFailed`` or ``OutputError`` (a full
    or read-only disk; nothing is published).
    """
    import logging

    import papermill as pm

    # papermill's own inspector cannot read `int | None` annotations and warns that such
    # parameters are unknown; they were checked above and are injected all the same.
    # (and nbclient, logging through it, says a cell timed out: the failure says so once)
    logging.getLogger("papermill").setLevel(logging.CRITICAL)
    from zjanalysis.running.warm import COLD_ENGINE_NAME, ENGINE_NAME, register

    if engine not in (None, ENGINE_NAME, COLD_ENGINE_NAME):
        raise ParameterError(f"engine {engine!r}: one of {ENGINE_NAME}, {COLD_ENGINE_NAME}")
    notebook, values = prepare(name, params, notebooks_dir, data_dir)
    from zjanalysis.fonts import cjk_font_path

    # here, before any folder or kernel: a published notebook never shows the message
    cjk_font_path(log or (lambda msg: print(msg, file=sys.stderr)))
    # absolute: the kernel runs in the temporary folder, where a relative path would lead
    out_root = output_folder(out_dir or paths.REPORTS_DIR, "--out", data_dir)
    stem = slug(values)
    parent = out_root / name
    final = parent / stem
    try:
        own_folder(parent, out_root)
        work = Path(tempfile.mkdtemp(prefix=f"{TMP_PREFIX}{stem[:40]}-p{os.getpid()}-", dir=parent))
    except OSError as err:
        raise OutputError.of(err.filename or parent, err) from None
    executed = work / f"{stem}.ipynb"
    say = log or (lambda msg: print(msg, file=sys.stderr))
    say(f"zja: running {name} ({stem}) …")
    register()
    # the kernel's own environment and folder, never this process's: threads of one process
    # (a Dask worker's) run reports side by side
    kernel_env = {} if data_dir is None else {"ZJA_ROOT": str(Path(data_dir).resolve().parent)}
    deadline = None if time_limit is None else time.monotonic() + time_limit

    def cell_limit(cell) -> float | None:
        """Seconds the next cell may take: its own bound, within the report's time limit."""
        if deadline is None:
            return cell_timeout
        left = max(0.1, deadline - time.monotonic())
        return min(left, cell_timeout) if cell_timeout else left

    try:
        pm.execute_notebook(
            str(notebook),
            str(executed),
            parameters={**values, "output_dir": str(work), "output_name": stem},
            kernel_name="python3",
            engine_name=engine or ENGINE_NAME,
            request_save_on_cell_execute=False,  # written once at the end (and on failure)
            progress_bar=False,
            kernel_cwd=str(work),
            kernel_env=kernel_env,
            execution_timeout=cell_timeout,
            # the kernel only talks to this process on loopback; keep its start-up warning
            # about unencrypted TCP (and its shutdown chatter) out of unattended logs, and
            # reports' cells out of the user's IPython history (one database two workers share)
            extra_arguments=["--IPKernelApp.log_level=CRITICAL", "--HistoryManager.enabled=False"],
            log_output=output_stream is not None,
            stdout_file=output_stream,
            stderr_file=output_stream,
            timeout_func=cell_limit,
        )
        tidy_executed(executed, name, values.get("lang"))
    except pm.PapermillExecutionError as err:
        kept = _keep_failed(executed, parent, work)
        raise ReportFailed(
            f"{name} failed in cell {err.exec_count}: {err.ename}: {err.evalue} (notebook kept at {kept})"
        ) from None
    except TimeoutError:  # a cell past its bound (nbclient's CellTimeoutError), not a disk's
        kept = _keep_failed(executed, parent, work)
        over = (
            f"its time limit of {time_limit:g} s"
            if deadline is not None and time.monotonic() >= deadline - 0.2
            else f"the {cell_timeout} s a cell may take"
        )
        raise ReportFailed(
            f"{name} stopped: it ran over {over} (notebook kept at {kept})"
        ) from None
    except OSError as err:  # writing the executed notebook: a full or read-only disk
        shutil.rmtree(work, ignore_errors=True)
        raise OutputError.of(err.filename or executed, err) from None
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    try:  # every published folder says what it holds, for the index (zja report's too)
        for file_name, text in (extra_files or {}).items():
            (work / file_name).write_text(text, encoding="utf-8")
        sizes = {f.name: f.stat().st_size for f in sorted(work.iterdir()) if f.is_file()}
        (work / PARAMS_FILE).write_text(
            json.dumps(
                {"report": name, "params": values, "files": sizes}, ensure_ascii=False, default=str
            ),
            encoding="utf-8",
        )
        os.chmod(work, 0o777 & ~_umask())  # mkdtemp's 0700: readable like the rest of reports/
        publish(work, final)
    except OSError as err:
        shutil.rmtree(work, ignore_errors=True)
        raise OutputError.of(err.filename or final, err) from None
    files = tuple(sorted(p for p in final.iterdir() if p.is_file()))
    return ReportResult(name, values, final, final / executed.name, files)


def _keep_failed(executed: Path, parent: Path, work: Path) -> Path | str:
    """Move a failed report's executed notebook to ``parent/_failed/``; remove ``work``."""
    kept: Path | str = parent / "_failed" / executed.name
    try:
        own_folder(kept.parent, parent)
        if executed.exists():
            shutil.move(str(executed), kept)
    except OSError:
        kept = "nowhere: the disk refused it"
    except InputError:
        kept = f"nowhere: {kept.parent} is a link out of {parent}"
    shutil.rmtree(work, ignore_errors=True)
    return kept


def tidy_executed(path: Path, name: str, lang) -> None:
    """Make an executed notebook a report for its reader.

    Its opening text, the template's English notes for an analyst, says what the report is in
    the report's language instead (``reports.report_types``). Saved widget state is removed: a
    viewer without a kernel (nbconvert HTML) then shows the picker's static chart, instead of
    loading widget scripts from a CDN to draw controls that cannot redraw anything."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    nb.get("metadata", {}).pop("widgets", None)
    cells = nb.get("cells") or []
    if lang in LANGUAGES and name in REPORT_TYPES and cells and cells[0]["cell_type"] == "markdown":
        text = f"# {heading(name, lang)}\n\n{about(name, lang)}"
        cells[0]["source"] = text.splitlines(keepends=True)
    path.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def outputs_intact(folder: Path) -> bool:
    """Whether a published report's folder still holds every file it was published with, at
    the size it had (a deleted or truncated PDF makes the report due again)."""
    try:
        sizes = json.loads((folder / PARAMS_FILE).read_text(encoding="utf-8"))["files"]
        return all((folder / n).stat().st_size == size for n, size in sizes.items())
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
