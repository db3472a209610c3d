"""Another revision of the project beside the working tree, for the benchmarks' ``--compare REV``.

The benchmark runs its own (the working tree's) measuring code against both revisions' library,
templates and catalogues, in the same run, so that the machine's other load falls on both alike.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the working tree


def compile_catalogues(tree: Path) -> None:
    """The .mo files a checkout lacks (they are built, not committed)."""
    pybabel = Path(sys.executable).parent / "pybabel"
    for po in sorted((tree / "roadmap" / "locale").glob("*/LC_MESSAGES/roadmap.po")):
        subprocess.run(
            [str(pybabel), "compile", "-i", str(po), "-o", str(po.with_suffix(".mo"))],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


@contextmanager
def checkout(revision: str) -> Iterator[tuple[str, Path]]:
    """``revision`` checked out (detached) in a temporary git worktree with its catalogues compiled:
    (its short commit, its folder); the worktree is removed afterwards."""
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", revision],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    folder = Path(tempfile.mkdtemp(prefix=f"roadmap-{commit}-"))
    tree = folder / "tree"
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(tree), revision], check=True
    )
    try:
        compile_catalogues(tree)
        yield commit, tree
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)], check=False)
        shutil.rmtree(folder, ignore_errors=True)


def label_of_working_tree() -> str:
    """The working tree's commit, marked when it has changes not committed."""
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return f"{commit}+" if dirty else commit or "working tree"


def environment(tree: Path, **values: str) -> dict[str, str]:
    """This process's environment with ``tree``'s code first on the path (and ``values`` set)."""
    return {**os.environ, "PYTHONPATH": str(tree), **values}


def ratio(old: float, new: float) -> str:
    return f"{new / old:.2f}x" if old else "—"
