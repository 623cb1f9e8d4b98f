"""A notebook's declared parameters, and checking user-supplied values against them.

The ``parameters`` cell declares each parameter as ``name: type = literal  # help``.
Values from the command line arrive as strings and are cast to the declared type; every
value is then checked against the catalogue before any kernel starts.
"""

from __future__ import annotations

import ast
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from zjanalysis.errors import ParameterError, did_you_mean

INTERNAL = ("output_dir", "output_name")  # set by reports.run, not by users
YEAR_RANGE = (1949, 2100)
# ASCII digits only, as the tables write them: int() and float() would also take full-width
# and other scripts' digits, "1_000", "inf" and "nan"
WHOLE = re.compile(r"[+-]?[0-9]+")
DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


@dataclass(frozen=True)
class Parameter:
    """One declared parameter: name, type annotation (as written), literal default, help."""

    name: str
    type: str
    default: object
    help: str = ""

    @property
    def optional(self) -> bool:
        return "None" in self.type


def declared_parameters(notebook: Path) -> dict[str, Parameter]:
    """Parse the cell tagged ``parameters``; refuse defaults that are not literals."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    cells = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    if len(cells) != 1:
        raise ParameterError(
            f"{notebook.name}: expected exactly one cell tagged 'parameters', found {len(cells)}"
        )
    source = "".join(cells[0]["source"])
    lines = source.splitlines()
    out: dict[str, Parameter] = {}
    for node in ast.parse(source).body:
        if (
            not isinstance(node, ast.AnnAssign)
            or not isinstance(node.target, ast.Name)
            or node.value is None
        ):
            raise ParameterError(
                f"{notebook.name}: parameters cell line {node.lineno}: use 'name: type = literal'"
            )
        try:
            default = ast.literal_eval(node.value)
        except ValueError:
            raise ParameterError(
                f"{notebook.name}: parameter {node.target.id} needs a literal default"
            ) from None
        line = lines[node.lineno - 1]
        help_text = line.split("#", 1)[1].strip() if "#" in line else ""
        out[node.target.id] = Parameter(
            node.target.id, ast.unparse(node.annotation), default, help_text
        )
    return out


def cast(param: Parameter, value):
    """Cast a value (a CLI string, or a Python value) to the parameter's declared type."""
    kind = param.type.replace(" ", "").replace("|None", "").replace("None|", "")
    if isinstance(value, str):
        text = value.strip()
        if param.optional and text.lower() in ("", "none", "all"):
            return None
        if kind == "int":
            if not WHOLE.fullmatch(text):
                raise ParameterError(f"{param.name} must be a whole number, got '{value}'")
            return int(text)
        if kind == "float":
            if not DECIMAL.fullmatch(text) or not math.isfinite(float(text)):
                raise ParameterError(f"{param.name} must be a number, got '{value}'")
            return float(text)
        if kind == "bool":
            if text.lower() in ("true", "yes", "1"):
                return True
            if text.lower() in ("false", "no", "0"):
                return False
            raise ParameterError(f"{param.name} must be true or false, got '{value}'")
        if kind == "list":
            if text == "":
                return []  # an empty list: the notebook's "every …"
            items = [x.strip() for x in text.split(",")]
            if "" in items:
                raise ParameterError(
                    f"{param.name}: empty item in '{value}' (items are separated by single commas)"
                )
            return items
        return text
    if value is None:
        if param.optional:
            return None
        raise ParameterError(f"{param.name} cannot be empty")
    expected = {
        "int": int,
        "float": (int, float),
        "bool": bool,
        "list": (list, tuple),
        "str": str,
    }.get(kind)
    if expected and (
        not isinstance(value, expected) or (kind == "int" and isinstance(value, bool))
    ):
        raise ParameterError(f"{param.name} must be {kind}, got {type(value).__name__} {value!r}")
    if kind == "float" and not math.isfinite(value):
        raise ParameterError(f"{param.name} must be a finite number, got {value!r}")
    if kind == "list" and any(item is None or str(item).strip() == "" for item in value):
        raise ParameterError(f"{param.name}: empty item in {list(value)!r}")
    return list(value) if kind == "list" else value


def resolve(notebook: Path, given: dict) -> dict:
    """Declared defaults overlaid with ``given`` values, cast to their types.

    Raises ``ParameterError`` for unknown names (with a suggestion), internal names and
    values of the wrong type.
    """
    declared = declared_parameters(notebook)
    public = [n for n in declared if n not in INTERNAL]
    values = {n: declared[n].default for n in public}
    for name, value in given.items():
        if name in INTERNAL:
            raise ParameterError(f"{name} is set by the report runner, not by a parameter")
        if name not in declared:
            hint = did_you_mean(name, public)
            choices = ", ".join(public) or "none"
            raise ParameterError(
                f"unknown parameter '{name}' for {notebook.stem}"
                + (f" — {hint}" if hint else f" (parameters: {choices})")
            )
        values[name] = cast(declared[name], value)
    return values
