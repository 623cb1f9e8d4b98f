"""The package's layout: imports run one way, every room says what it holds, notebooks are clean."""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

import zjanalysis
from zjanalysis import paths
from zjanalysis.running.plan import package_sources

SUBPACKAGES = [m.name for m in pkgutil.iter_modules(zjanalysis.__path__) if m.ispkg]
NOTEBOOKS = sorted(paths.NOTEBOOKS_DIR.glob("*.ipynb"))


def test_import_contracts_are_kept():
    """import-linter checks the layers and the absence of circles declared in pyproject.toml."""
    lint = Path(sys.executable).with_name("lint-imports")
    run = subprocess.run(
        [str(lint), "--no-cache"], cwd=paths.ROOT, capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "2 kept, 0 broken" in run.stdout


def test_layers_name_every_subpackage():
    """A new subpackage must be placed in a layer, or the contract would not check it."""
    import tomllib

    config = tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    layers = config["tool"]["importlinter"]["contracts"][0]["layers"]
    named = {m.strip().removeprefix("zjanalysis.") for layer in layers for m in layer.split("|")}
    assert set(SUBPACKAGES) <= named, set(SUBPACKAGES) - named


@pytest.mark.parametrize("name", SUBPACKAGES)
def test_every_subpackage_says_what_it_holds_and_may_import(name):
    doc = importlib.import_module(f"zjanalysis.{name}").__doc__ or ""
    assert len(doc.split()) >= 15, f"zjanalysis.{name} needs a docstring"
    assert "import" in doc, f"zjanalysis.{name}'s docstring should say what it may import"


def test_build_fingerprint_covers_every_subpackage():
    rel = {f.relative_to(Path(zjanalysis.__file__).parent).as_posix() for f in package_sources()}
    for name in SUBPACKAGES:
        assert any(r.startswith(f"{name}/") for r in rel), name
    assert "analysis/series.py" in rel and "reports/pdf.py" in rel


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_are_committed_clean_with_cell_ids(path):
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert (raw["nbformat"], raw["nbformat_minor"]) >= (4, 5)
    nb = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
    nbformat.validate(nb)
    ids = [c.get("id") for c in raw["cells"]]
    assert all(ids) and len(set(ids)) == len(ids)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: {cell.id}"
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1


def test_code_is_lint_clean_and_formatted():
    root = Path(zjanalysis.__file__).resolve().parents[2]
    ruff = [sys.executable, "-m", "ruff"]
    folders = ["src", "tests", "bench"]
    check = subprocess.run([*ruff, "check", *folders], cwd=root, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    fmt = subprocess.run(
        [*ruff, "format", "--check", *folders], cwd=root, capture_output=True, text=True
    )
    assert fmt.returncode == 0, fmt.stdout
