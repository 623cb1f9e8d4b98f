"""Ad-hoc reports (``zja report``, ``zja.run_report``) beside scheduled ones: never into a
scheduled job's folder."""

from __future__ import annotations

from pathlib import Path

from zjanalysis import paths
from zjanalysis.errors import InputError, ParameterError
from zjanalysis.running.manifest import load_manifest
from zjanalysis.running.notebook import ReportResult, prepare, run, slug


def scheduled_as(name: str, params: dict | None, out_dir: Path | str | None = None):
    """The job of ``out_dir``'s schedule (``schedule.yaml``) that publishes report ``name``
    with these parameters into the same folder, or None: an ad-hoc report must not overwrite
    it (an unreadable schedule owns nothing here; ``zja build`` says what is wrong with it)."""
    out = Path(out_dir or paths.REPORTS_DIR)
    manifest = out / "schedule.yaml"
    if not manifest.is_file():
        return None
    _, values = prepare(name, params)
    try:
        jobs = load_manifest(manifest)
    except (InputError, OSError):
        return None
    stem = slug(values)
    return next((j for j in jobs if j.name == name and j.slug == stem), None)


def run_report(
    name: str,
    params: dict | None = None,
    out_dir: Path | str | None = None,
    *,
    time_limit: float | None = None,
) -> ReportResult:
    """Run one report notebook, as ``zja report`` does; return where its files are.

    ``params`` are the notebook's parameters (``zja report NAME -h`` lists them, with their
    defaults); the files (PDF, workbook, executed notebook) go to
    ``out_dir/<name>/<parameters>/`` (default: the project's ``reports/``). Raises
    ``ParameterError`` or ``NotFound`` before any kernel starts (also when a scheduled report
    already publishes into that folder), ``ReportFailed`` naming the cell if the notebook fails
    or runs over ``time_limit`` seconds.

    Example:
        >>> result = zja.run_report(
        ...     "indicator_trend", {"indicator_id": "rd_intensity", "lang": "zh"}, "~/zja-reports"
        ... )
        >>> result.files  # the PDF, the workbook and the executed notebook
    """
    if out_dir is not None:
        out_dir = Path(out_dir).expanduser()
    owner = scheduled_as(name, params, out_dir)
    if owner is not None:
        raise ParameterError(
            f"{owner.key} is a scheduled report (schedule.yaml, line {owner.line}), "
            f"not overwritten by an ad-hoc one: rebuild it with zja build --only '{owner.key}', "
            "or change a parameter or give another output folder"
        )
    return run(name, params, out_dir, time_limit=time_limit)
