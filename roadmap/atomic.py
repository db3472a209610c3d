"""Files written so a reader never sees half of one: write beside it, then rename over it."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path


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


def write_atomically(path: Path, write: Callable[[Path], object]) -> Path:
    """Call ``write`` with a temporary path in the same folder, then move it to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(path)
    temporary = path.parent / f".{path.stem}.{os.getpid()}.{id(write):x}.partial{path.suffix}"
    try:
        write(temporary)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path
