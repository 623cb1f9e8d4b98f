"""Writing outputs: only where a command may write, and whole or not at all.

Every command writes into a folder it owns (``reports/``, a candidates file, ``data/`` for
``add-document`` and ``curate``); ``output_folder`` refuses an output inside the data folder
and one that is a file. ``write_atomic`` writes through a fresh temporary file and a rename,
so a full or read-only disk leaves the previous file and no half-written one (``write_together``
does so for several files at once, ``replace_folder`` for a whole folder); ``open_new`` opens a
file for writing after removing a link in its place, so that writing never follows a link out
of the folder. May import only ``paths`` and ``errors``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
from pathlib import Path

from zjanalysis import paths
from zjanalysis.errors import InputError, OutputError

# a path no file can be written at (a folder that cannot hold files, such as /proc, a file
# given as a folder): bad input, exit 2; any other failure (a full or read-only disk) exit 1
NOT_A_PLACE = (errno.ENOENT, errno.ENOTDIR, errno.EISDIR, errno.EINVAL, errno.ENAMETOOLONG)


def cannot_write(path: Path, err: OSError) -> InputError | OutputError:
    """The error to raise when ``path`` could not be written."""
    if err.errno in NOT_A_PLACE:
        return InputError(f"{path}: no file can be written there ({err.strerror or err})")
    return OutputError.of(path, err)


def inside(path: Path | str, folder: Path | str) -> bool:
    """Whether ``path`` is ``folder`` or lies within it, links resolved."""
    path, folder = Path(path).resolve(), Path(folder).resolve()
    return path == folder or folder in path.parents


def link_out(path: Path, folder: Path) -> str | None:
    """Why ``path`` may not be read as part of ``folder``: a link leading out of it (a raw
    document or table must be in the data folder, not point elsewhere), or None."""
    if path.is_symlink() and not inside(path, folder):
        return f"is a link to {path.resolve()}, outside {Path(folder).resolve()}"
    return None


def output_folder(folder: Path | str, option: str, data_dir: Path | None = None) -> Path:
    """``folder`` as an absolute path a command may write reports into; ``InputError`` (exit
    2, nothing written) when it lies inside the data folder or is a file."""
    data = Path(data_dir or paths.DATA_DIR)
    where = Path(folder).absolute()
    if inside(where, data):
        raise InputError(
            f"{option} {folder}: inside the data folder {data.resolve()}; outputs go elsewhere (e.g. reports/)"
        )
    if where.exists() and not where.is_dir():
        raise InputError(f"{option} {folder}: is a file, not a folder")
    return where


def own_folder(folder: Path, owner: Path) -> Path:
    """``folder`` (within ``owner``) created if need be; ``InputError`` when a link in its
    place leads out of ``owner``, where the command may not write."""
    if not inside(folder, owner):
        raise InputError(f"{folder}: a link out of {owner}; remove it, outputs stay in {owner}")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def open_new(path: Path):
    """``path`` opened for writing text (UTF-8), created afresh: a link in its place is
    removed, not followed. ``OSError`` when it cannot be."""
    if path.is_symlink():
        path.unlink()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o666)
    return open(fd, "w", encoding="utf-8")


def write_together(contents: dict[Path, bytes]) -> None:
    """Write several files so that all appear or none: each is first written whole to a
    temporary beside it, and only then are they renamed into place (a rename needs no space).
    A failed write leaves every file as it was and no temporary; ``OutputError``."""
    written: list[Path] = []
    try:
        for path, data in contents.items():
            tmp = path.with_name(f".{path.name}.tmp")
            tmp.unlink(missing_ok=True)
            written.append(tmp)
            tmp.write_bytes(data)
    except OSError as err:
        for tmp in written:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
        raise cannot_write(path, err) from None
    for path, tmp in zip(contents, written, strict=True):
        os.replace(tmp, path)


def write_atomic(path: Path, write) -> None:
    """Write ``path`` through ``write(tmp)`` and a rename: the file appears whole or not at all,
    a failed write (full or read-only disk) leaves no temporary file, and a link in the place
    of the file or its temporary is replaced, never written through; ``OutputError``."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.unlink(missing_ok=True)  # a leftover, or a link: never written through
        write(tmp)
        os.replace(tmp, path)
    except OSError as err:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise cannot_write(path, err) from None


def replace_folder(new: Path, final: Path, aside: Path) -> None:
    """Put the folder ``new`` in the place of ``final`` by renames: the previous ``final`` is
    set aside as ``aside`` and removed only once ``new`` is in place (put back if that fails).
    A reader sees the old folder or the new one, never a mix; ``OSError``."""
    if final.exists():
        os.replace(final, aside)
    else:
        aside = None
    try:
        os.replace(new, final)
    except OSError:
        if aside is not None:  # the last good folder back
            os.replace(aside, final)
        raise
    if aside is not None:
        shutil.rmtree(aside, ignore_errors=True)
