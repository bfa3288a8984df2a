"""From what the user typed to the files to read: kinds of paths, folder walks, ids, names.

Each input is looked at with `stat` before anything opens it, so a named pipe, a socket
or a device is reported ("a named pipe (FIFO), not a regular file") and never read, and
a broken or looping symbolic link says what it is instead of "no such file".

A folder is walked without following symbolic links to folders, hidden names passed
over. Inside it, each thing that could not be looked at (a broken or looping link, a
folder that cannot be listed) and each special file with a readable suffix gets its own
`Skipped` line; other files are passed over as before.

A document read from a file is named by the file itself, not by how the path was typed:

>>> document_id_for("/news/april/Омск 2025.txt")
'Омск_2025-4d8be653bbaf'

the sanitised stem for people, then 12 hex digits of the SHA-1 of the file's resolved
path as bytes. `news/april/omsk.txt`, `./news/april/../april/omsk.txt` and the same file
found by walking `news/` share that id; `news/may/omsk.txt` has another one. Names that
are not UTF-8 are hashed as their bytes, so they never collide, and are shown with
their undecodable bytes as `\\xNN` (`shown`).
"""

from __future__ import annotations

import errno
import glob
import hashlib
import os
import re
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from interreg.ingest.readers.outcome import ReadError, Skipped

UNSAFE_ID_CHARACTERS = re.compile(r"[^\w.-]+")
PATH_DIGEST_LENGTH = 12
# Reasons of things in a folder that cannot be looked at: reported whatever their name.
UNREACHABLE = ("symbolic link loop", "broken symbolic link", "permission denied", "cannot look")
SPECIAL_FILES = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISSOCK, "a socket"),
                 (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"))


def shown(path: str | Path) -> str:
    """A path as it can be printed and stored: bytes that are not UTF-8 as `\\xNN`.

    >>> shown(os.fsdecode(b"news/\\xff.txt"))
    'news/\\\\xff.txt'
    """
    return os.fsencode(str(path)).decode("utf-8", "backslashreplace")


def document_id_for(path: str | Path) -> str:
    """The id of the document read from a file: readable stem, then a digest of where it is."""
    path = Path(path)
    digest = hashlib.sha1(os.fsencode(str(path.resolve()))).hexdigest()[:PATH_DIGEST_LENGTH]
    return f"{sanitise(path.stem)}-{digest}"


def sanitise(name: str) -> str:
    """Letters, digits, `-`, `_` and `.`; anything else (also undecodable bytes) becomes `_`."""
    return UNSAFE_ID_CHARACTERS.sub("_", name).strip("_") or "document"


def not_a_file_reason(path: Path) -> str | None:
    """Why `path` is not a regular file to read, or None when it is one."""
    try:
        mode = path.stat().st_mode
    except OSError as error:
        return _stat_failure(path, error)
    if stat.S_ISDIR(mode):
        return "a folder, not a file"
    for test, what in SPECIAL_FILES:
        if test(mode):
            return f"{what}, not a regular file: not read"
    return None


def _stat_failure(path: Path, error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "symbolic link loop: it never reaches a file"
    if error.errno in (errno.ENOENT, errno.ENOTDIR):
        if path.is_symlink():
            return f"broken symbolic link (to {shown(os.readlink(path))}, which does not exist)"
        return "no such file or folder"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return f"cannot look at it: {error.strerror or error}"


def open_regular_file(path: Path):
    """A binary stream on `path`, or ReadError when it is not a regular file. Opened
    without blocking and checked again, so a pipe put there in the meantime is not read."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise ReadError(_stat_failure(path, error)) from None
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        raise ReadError(not_a_file_reason(path) or "not a regular file: not read")
    os.set_blocking(descriptor, True)
    return os.fdopen(descriptor, "rb")


def expand(paths: Iterable[str | Path], suffixes: tuple[str, ...]) -> Iterator[Path | Skipped]:
    """Named files (whatever their type), folders and glob matches (readable types only),
    each file once, in a stable order; what cannot be read as `Skipped`."""
    seen: set[Path] = set()

    def once(path: Path) -> Iterator[Path]:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            yield path

    if isinstance(paths, (str, Path)):
        paths = [paths]
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = walk(path, suffixes)
            if not any(isinstance(item, Path) for item in found):
                found.append(Skipped(shown(path), f"no {', '.join(suffixes)} files in the folder"))
        elif glob.has_magic(str(raw)) and not os.path.lexists(raw):
            found = list(matching(str(raw), suffixes))
            if not any(isinstance(item, Path) for item in found):
                found.append(Skipped(shown(raw), "no readable file matches the pattern"))
        else:
            reason = not_a_file_reason(path)
            found = [Skipped(shown(path), reason) if reason else path]
        for item in found:
            if isinstance(item, Path):
                yield from once(item)
            else:
                yield item


def walk(folder: Path, suffixes: tuple[str, ...]) -> list[Path | Skipped]:
    """The readable files under `folder` in path order; one `Skipped` for each thing in it
    that cannot be looked at, and for each special file with a readable suffix."""
    found: list[Path | Skipped] = []
    _walk_into(folder, suffixes, found)
    return sorted(found, key=lambda item: item.as_posix() if isinstance(item, Path) else item.source)


def _walk_into(folder: Path, suffixes: tuple[str, ...], found: list[Path | Skipped]) -> None:
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError as error:
        found.append(Skipped(shown(folder), f"cannot list the folder: {error.strerror or error}"))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        if entry.is_dir(follow_symlinks=False):
            _walk_into(path, suffixes, found)
            continue
        readable = path.suffix.lower() in suffixes
        reason = not_a_file_reason(path)
        if reason is None:
            if readable:
                found.append(path)
        elif reason.startswith(UNREACHABLE):
            found.append(Skipped(shown(path), reason))     # a file or folder, nobody can tell
        elif readable and not reason.startswith("a folder"):
            found.append(Skipped(shown(path), reason))     # a special file named like news


def matching(pattern: str, suffixes: tuple[str, ...]) -> Iterator[Path | Skipped]:
    """Files matching a glob pattern (folders it matches are walked), readable types only."""
    for match in sorted(glob.glob(pattern, recursive=True)):
        path = Path(match)
        if path.is_dir():
            yield from walk(path, suffixes)
        elif path.suffix.lower() in suffixes:
            reason = not_a_file_reason(path)
            yield Skipped(shown(path), reason) if reason else path
