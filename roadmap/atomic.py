"""Files written so a reader never sees half of one: write beside it, then rename over it.

A folder that cannot be written (read-only, full, not there, not ours) is an :class:`OutputError`
naming the file and what happened, in the reader's words, never an ``OSError`` trace.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from roadmap.errors import OutputError
from roadmap.i18n import msg

REASONS = {
    errno.EACCES: "output.reason.permission",
    errno.EPERM: "output.reason.permission",
    errno.EROFS: "output.reason.read_only",
    errno.ENOSPC: "output.reason.full",
    errno.EDQUOT: "output.reason.full",
    errno.ENOENT: "output.reason.missing",
    errno.ENOTDIR: "output.reason.not_folder",
    errno.EEXIST: "output.reason.not_folder",  # making a folder where a file of that name is
    errno.EISDIR: "output.reason.is_folder",
    errno.ENAMETOOLONG: "output.reason.name_too_long",
}


@contextmanager
def writing(path: Path) -> Iterator[None]:
    """Turn the operating system's refusal to write ``path`` into a message a person can act on."""
    try:
        yield
    except OSError as error:
        key = REASONS.get(error.errno or 0)
        reason = msg(key) if key else msg("output.reason.other", error=error.strerror or str(error))
        raise OutputError("output.cannot_write", path=str(path), reason=reason) from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def _remove_leftovers(path: Path) -> None:
    """Partial files of writers that were killed (their process is gone) are removed."""
    for partial in path.parent.glob(f".{path.stem}.*.partial{path.suffix}"):
        pid = partial.name[len(path.stem) + 2 :].split(".")[0]
        if pid.isdigit() and not _alive(int(pid)):
            partial.unlink(missing_ok=True)


def write_partial(path: Path, write: Callable[[Path], object]) -> Path:
    """Call ``write`` with a temporary path beside ``path`` and return it, not yet in place."""
    with writing(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        _remove_leftovers(path)
        temporary = path.parent / f".{path.stem}.{os.getpid()}.{id(write):x}.partial{path.suffix}"
        try:
            write(temporary)
            os.chmod(temporary, 0o666 & ~_umask())
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    return temporary


def place(temporary: Path, path: Path) -> Path:
    """Move a finished partial file over ``path`` (one rename: a reader sees the old or the new)."""
    with writing(path):
        try:
            os.replace(temporary, path)
        finally:
            temporary.unlink(missing_ok=True)
    return path


def write_atomically(path: Path, write: Callable[[Path], object]) -> Path:
    """Call ``write`` with a temporary path in the same folder, then move it to ``path``."""
    return place(write_partial(path, write), path)
