"""Ad-hoc reports (``zja report``) beside scheduled ones: never into a scheduled job's folder."""

from __future__ import annotations

from pathlib import Path

from zjanalysis import paths
from zjanalysis.errors import InputError
from zjanalysis.running.manifest import load_manifest
from zjanalysis.running.notebook import prepare, slug


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
