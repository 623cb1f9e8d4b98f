"""Planning a build: which jobs it selects, their fingerprints, and which of them are due.

A job's fingerprint covers its notebook, parameters, the data its report reads (the rows of
the tables its views use, ``reports.reads``) and the package (version and source); a job whose
published fingerprint matches is up to date. The record of the last complete build
(``reports/.build-plan.json``: the digest of every input, each job with its fingerprint, the
folders indexed) lets a build in which nothing changed answer without reading the tables.
"""

from __future__ import annotations

import fnmatch
import json
from pathlib import Path

from zjanalysis import __version__
from zjanalysis.digests import canonical_json, digest
from zjanalysis.running.manifest import Job
from zjanalysis.running.notebook import outputs_intact

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # src/zjanalysis
FINGERPRINT_FILE = "fingerprint.json"
PLAN_FILE = ".build-plan.json"  # the last complete build: its inputs' digest, jobs, folders


def selected(job: Job, only: str | None) -> bool:
    """Whether ``--only`` (a glob over NAME or NAME/SLUG) selects ``job``."""
    return not only or fnmatch.fnmatch(job.key, only) or fnmatch.fnmatch(job.name, only)


def package_sources() -> list[Path]:
    """Every module file of the suite, all subpackages included."""
    return sorted(PACKAGE_DIR.rglob("*.py"))


def package_digest() -> str:
    """Version plus a hash of the package's source, so code changes rerun reports."""
    parts = [__version__]
    for f in package_sources():
        parts += [f.relative_to(PACKAGE_DIR).as_posix(), f]
    return digest(*parts)


def fingerprint(job: Job, notebooks_dir: Path, data_dir: Path, package: str, tables=None) -> str:
    """sha256 over notebook, parameters, the data the report reads (``reports.reads``: the rows
    of the tables its views use, not whole tables) and the package digest."""
    from zjanalysis.reports.reads import read_digest
    from zjanalysis.tables.loading import load_tables

    return digest(
        {
            "notebook": digest(notebooks_dir / f"{job.name}.ipynb"),
            "params": canonical_json(job.params),
            "reads": read_digest(job.name, job.params, tables or load_tables(data_dir)),
            "package": package,
        }
    )


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


def due(selection: list[Job], prints: dict[str, str], out_dir: Path, force: bool):
    """The selected jobs up to date (published with their fingerprint) and, unless ``force``,
    the others with their fingerprints: those to run."""
    fresh, todo = [], []
    for job in selection:
        fp = prints[job.key]
        if not force and published_fingerprint(job, out_dir) == fp:
            fresh.append(job)
        else:
            todo.append((job, fp))
    return fresh, todo


def inputs_digest(manifest: Path, notebooks_dir: Path, data_dir: Path, package: str) -> str:
    """sha256 over everything a build's plan follows from: the manifest, the notebooks, every
    file of the data folder and the package digest."""
    files = [manifest, *sorted(notebooks_dir.glob("*.ipynb"))]
    files += sorted(p for p in data_dir.rglob("*") if p.is_file())
    parts = [package]
    for f in files:
        parts += [str(f), f]
    return digest(*parts)


def report_folders(out_dir: Path) -> list[str]:
    """``name/slug`` of every published report folder (what the index lists)."""
    return sorted(
        f"{d.parent.name}/{d.name}"
        for d in out_dir.glob("*/*")
        if d.is_dir() and not d.name.startswith((".", "_")) and not d.parent.name.startswith("_")
    )


def record(out_dir: Path, inputs: str, prints: dict[str, str], all_jobs: list[Job]) -> str:
    """The record of a complete build (``PLAN_FILE``'s text): every job with its fingerprint,
    and the folders the index lists, for ``unchanged``."""
    plan = {
        "digest": inputs,
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
    return json.dumps(plan)


def unchanged(out_dir: Path, inputs: str, only: str | None) -> list[Job] | None:
    """The selected jobs when nothing changed since the last complete build — same inputs,
    every report still published with its fingerprint, the same folders indexed, the index
    there — else None (the build then expands the manifest and checks each job)."""
    try:
        plan = json.loads((out_dir / PLAN_FILE).read_text(encoding="utf-8"))
        if plan["digest"] != inputs or plan["folders"] != report_folders(out_dir):
            return None
        jobs = [(Job(j["name"], j["params"], j["line"]), j) for j in plan["jobs"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not all((out_dir / f).exists() for f in ("index.html", "index.xlsx")):
        return None
    selection = []
    for job, entry in jobs:
        if job.slug != entry["slug"]:
            return None
        if selected(job, only):
            if published_fingerprint(job, out_dir) != entry["fp"]:
                return None
            selection.append(job)
    return selection or None
