"""Problems found in input files, and the exception that reports them.

A leaf module: every layer may import it. ``Problem`` names a file, line (as a spreadsheet
numbers rows), column and a hint; ``TableError`` carries all problems found at once.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from pathlib import Path

MAX_SHOWN = 30


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file, row or cell."""

    path: Path
    message: str
    line: int | None = None
    column: str | None = None
    hint: str = ""

    def __str__(self) -> str:
        where = _display(self.path)
        if self.line is not None:
            where += f", line {self.line}"
        if self.column:
            where += f", column '{self.column}'"
        text = f"{where}: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text


class InputError(ValueError):
    """Bad input, named with its file (and line or cell): a command prints it and exits 2."""


class OutputError(RuntimeError):
    """An output that could not be written (disk full, read-only, no permission), named with
    its path: a command prints it in one line and exits 1, like a failed report."""

    @classmethod
    def of(cls, path, err: OSError) -> OutputError:
        return cls(f"{path}: cannot be written ({err.strerror or err})")


class TableError(InputError):
    """Raised when curated tables or raw documents fail validation."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = [str(p) for p in problems[:MAX_SHOWN]]
        if len(problems) > MAX_SHOWN:
            shown.append(f"… and {len(problems) - MAX_SHOWN} more")
        if len(problems) == 1:  # one problem is one line
            super().__init__(shown[0])
        else:
            super().__init__(f"{len(problems)} problems:\n" + "\n".join(shown))


def _display(path: Path) -> str:
    for candidate in (
        Path(os.path.abspath(path)),
        path.resolve(),
    ):  # a link is named, not its target
        try:
            return str(candidate.relative_to(Path.cwd()))
        except ValueError:
            continue
    return str(path)


def did_you_mean(value: str, choices) -> str:
    """A 'did you mean' hint naming the closest choice, or an empty string."""
    choices = [str(c) for c in choices]
    containing = [c for c in choices if value and (c.startswith(value) or value in c)]
    if len(containing) == 1:
        return f"did you mean '{containing[0]}'?"
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""
