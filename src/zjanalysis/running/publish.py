"""Publishing reports: a report's folder swapped in whole, what interrupted runs left cleaned
up, and the record of a complete build.

A report runs in a temporary folder beside its destination (``.tmp-<slug>-p<pid>-<random>``)
and is published by renames (``files.replace_folder``): the last outputs are set aside as
``.old-<slug>-p<pid>-<random>`` and removed once the new ones are in place. The names say which
process made them, so that the next build can tell a dead run's leftovers from a live one's.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import uuid
from pathlib import Path

from zjanalysis.errors import InputError, OutputError
from zjanalysis.files import replace_folder, write_atomic

TMP_PREFIX = ".tmp-"  # a report's folder while it runs: .tmp-<slug>-p<pid>-<random>
OLD_PREFIX = ".old-"  # the last outputs while new ones replace them: .old-<slug>-p<pid>-<random>
OWNER = re.compile(r"-p([0-9]+)-[^-]*$")


def tmp_owner(name: str) -> int | None:
    """The process id in a temporary folder's name (None for names without one)."""
    found = OWNER.search(name)
    return int(found.group(1)) if found else None


def publish(work: Path, final: Path) -> None:
    """Swap ``work`` into place as ``final``; the previous ``final`` is set aside under a name
    that says which process did it (``remove_leftovers`` puts it back if that process died
    before publishing) and removed only afterwards."""
    aside = final.with_name(f"{OLD_PREFIX}{final.name}-p{os.getpid()}-{uuid.uuid4().hex[:8]}")
    replace_folder(work, final, aside)


def remove_leftovers(out_dir: Path) -> None:
    """Remove what interrupted runs left in the reports folder: the temporary folders of
    reports whose process is gone, and previous outputs set aside by an unfinished publish
    (put back if the new outputs never arrived)."""
    for tmp in out_dir.glob(f"*/{TMP_PREFIX}*"):
        pid = tmp_owner(tmp.name)
        if tmp.is_dir() and (pid is None or not _alive(pid)):
            shutil.rmtree(tmp, ignore_errors=True)
    for old in out_dir.glob(f"*/{OLD_PREFIX}*"):
        pid = tmp_owner(old.name)
        if not old.is_dir() or (pid is not None and _alive(pid)):
            continue  # a report publishing right now
        final = old.parent / OWNER.sub("", old.name[len(OLD_PREFIX) :])
        if not final.exists():  # killed between setting the old outputs aside and publishing
            with contextlib.suppress(OSError):
                os.replace(old, final)
                continue
        shutil.rmtree(old, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def write_record(path: Path, text: str) -> None:
    """Write the record of a complete build; a shortcut only, so a failure is ignored."""
    with contextlib.suppress(OutputError, InputError):
        write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
