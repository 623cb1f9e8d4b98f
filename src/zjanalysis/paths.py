"""Every filesystem location the suite uses, in one place.

The project root is found from this file (editable install, the supported set-up) and can be
overridden with the ``ZJA_ROOT`` environment variable, e.g. to run against a copy of the data.
"""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """The folder holding ``data/``, ``notebooks/`` and ``reports/``."""
    env = os.environ.get("ZJA_ROOT")
    if env:
        return Path(env).resolve()
    here = Path(__file__).resolve().parents[2]
    if (here / "data" / "processed").is_dir():
        return here
    return Path.cwd()


ROOT = project_root()
DATA_DIR = ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
PROCESSED_DIR = DATA_DIR / "processed"
ORIGIN_FILE = RAW_DIR / "origin.yaml"
DATAPACKAGE_FILE = PROCESSED_DIR / "datapackage.json"  # tables.datapackage writes it
NOTEBOOKS_DIR = ROOT / "notebooks"
REPORTS_DIR = ROOT / "reports"
