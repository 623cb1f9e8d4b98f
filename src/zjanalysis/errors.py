"""The suite's exceptions, one tree rooted at ``Error``, and the problems found in input files.

A leaf module: every layer may import it. ``Problem`` names a file, line (as a spreadsheet
numbers rows), column and a hint; ``TableError`` carries all problems found at once.

::

    Error                          anything the suite raises on purpose (``zja.Error``)
    ├── InputError (ValueError)    bad input, said in one line: a command exits 2
    │   ├── TableError             curated tables or raw documents fail validation
    │   ├── ParameterError         a bad argument or report parameter (an unknown language…)
    │   │   └── NotFound (KeyError)  an unknown id, or no data for what was asked
    │   └── ManifestError          a build manifest that cannot be built
    ├── OutputError (RuntimeError) an output that could not be written: a command exits 1
    └── RunError (RuntimeError)    a report or build that could not run: the notebook raised
                                   (``ReportFailed``), a kernel would not start
                                   (``KernelError``), another build holds the lock
                                   (``BuildLocked``)

Each subclass is also the builtin exception it replaces, so code catching ``ValueError`` or
``KeyError`` still catches it.
"""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

MAX_SHOWN = 30
LONG_RUN = 200  # characters without a space: longer runs in a message are shortened
UNSEEN = ("Cc", "Cf", "Cs", "Zl", "Zp")  # control and invisible characters: never shown raw
LONG_LINE = 2000  # characters of a message line: the rest is cut


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
        return one_line(f"{text} — {self.hint}" if self.hint else text)


def text_problem(text: str) -> str | None:
    """The one rule every cell's text obeys, or why it breaks it.

    No control characters (tabs and line breaks included: no curated cell holds one, and they
    break spreadsheets, reports and diffs), no invisible formatting characters (zero-width
    spaces, byte-order marks, bidirectional overrides that make text read otherwise than it
    is stored) and no Unicode line or paragraph separators. Private-use characters stay: the
    raw documents' mojibake holds some, and quotes copy it.
    """
    for ch in text:
        kind = unicodedata.category(ch)
        if kind in ("Cc", "Zl", "Zp"):
            return f"holds a control character (U+{ord(ch):04X})"
        if kind in ("Cf", "Cs"):
            return f"holds an invisible formatting character (U+{ord(ch):04X})"
    return None


def one_line(text: str) -> str:
    """``text`` as one line of a message, whatever it echoes: control and invisible characters
    written as escapes (a line break as \\n), a run of over ``LONG_RUN`` characters without a
    space shortened to its ends, and a line still over ``LONG_LINE`` characters cut."""
    out = "".join(
        ch.encode("unicode_escape").decode("ascii") if unicodedata.category(ch) in UNSEEN else ch
        for ch in text
    )
    out = re.sub(
        rf"\S{{{LONG_RUN + 1},}}",
        lambda m: f"{m[0][:60]}…{m[0][-20:]} ({len(m[0])} characters)",
        out,
    )
    return out if len(out) <= LONG_LINE else f"{out[:LONG_LINE]}… ({len(out)} characters)"


class Error(Exception):
    """The root of the suite's exceptions: ``except zja.Error`` catches every one it raises on
    purpose (not bugs). Its message is one line, fit for a terminal.

    Example:
        >>> try:
        ...     zja.attainment("zhejaing")
        ... except zja.Error as err:
        ...     print(f"{type(err).__name__}: {err}")
        NotFound: unknown jurisdiction 'zhejaing' — did you mean 'zhejiang'?
    """


class InputError(Error, ValueError):
    """Bad input, named with its file (and line or cell): a command prints it and exits 2.

    The message is one line (``one_line``); ``details`` are further lines, one problem each."""

    def __init__(self, message: object = "", *details: str):
        super().__init__("\n".join(one_line(str(m)) for m in (message, *details)))


class OutputError(Error, RuntimeError):
    """An output that could not be written (disk full, read-only, no permission), named with
    its path: a command prints it in one line and exits 1, like a failed report."""

    def __init__(self, message: object = ""):
        super().__init__(one_line(str(message)))

    @classmethod
    def of(cls, path, err: OSError) -> OutputError:
        return cls(f"{path}: cannot be written ({err.strerror or err})")


class RunError(Error, RuntimeError):
    """A report or build that could not run; the subclasses, in ``zjanalysis.running``, say
    which (a notebook that raised, a kernel that would not start, a build already running)."""


class TableError(InputError):
    """Curated tables or raw documents that fail validation; ``problems`` lists every one
    (``Problem``: file, line, column, hint), the message shows them one a line.

    Example:
        >>> try:
        ...     zja.load_tables("my-copy-of-data")
        ... except zja.TableError as err:
        ...     for problem in err.problems:
        ...         print(problem.path, problem.line, problem.column, problem.message)
    """

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = [str(p) for p in problems[:MAX_SHOWN]]
        if len(problems) > MAX_SHOWN:
            shown.append(f"… and {len(problems) - MAX_SHOWN} more")
        if len(problems) == 1:  # one problem is one line
            super().__init__(shown[0])
        else:
            super().__init__(f"{len(problems)} problems:", *shown)


class ParameterError(InputError):
    """An argument or report parameter that cannot be used (a wrong type, an unknown language,
    a year outside the range); the message is one line, fit for a terminal. Also a
    ``ValueError``.

    Example:
        >>> zja.series("rd_intensity", lang="fr")
        Traceback (most recent call last):
        zjanalysis.errors.ParameterError: unknown language 'fr': use 'zh' or 'en'
    """


class NotFound(ParameterError, KeyError):
    """An id not in the catalogue (with a 'did you mean' hint), or no data for what was asked.
    Also a ``KeyError``, as a missing key of a mapping would be.

    Example:
        >>> zja.compare_provinces("rd_intensity", 2016)
        Traceback (most recent call last):
        zjanalysis.errors.NotFound: no official statistics of rd_intensity for the provinces in 2016; years with them: 2018, …
    """

    def __str__(self) -> str:  # the message itself, not KeyError's repr of it
        return str(self.args[0]) if self.args else ""


class ManifestError(InputError):
    """A build manifest that cannot be built; the message names the file and line."""


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
