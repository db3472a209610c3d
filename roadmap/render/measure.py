"""How wide a word prints in a table cell, so that columns are sized to keep every word whole.

Measured with Carlito (Calibri's metrics, which the reference template uses) when it is installed,
else with matplotlib's DejaVu Sans, which is wider: a column sized by it is never too narrow.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))
CM_PER_POINT = 2.54 / 72
CELL_PADDING_CM = 0.45  # Word's and LibreOffice's default left and right cell margins, and a little air
BREAKS = re.compile(r"(?<=[@./])(?=\w)")  # where a long address may break: after "@", "." and "/"


@lru_cache
def _font(bold: bool) -> ImageFont.FreeTypeFont:
    name = "Carlito-Bold.ttf" if bold else "Carlito-Regular.ttf"
    for folder in FONT_DIRS:
        found = next(iter(folder.rglob(name)), None) if folder.is_dir() else None
        if found:
            return ImageFont.truetype(str(found), 100)
    import matplotlib

    fallback = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / fallback), 100)


@lru_cache(maxsize=20_000)
def word_cm(word: str, points: float = 9, bold: bool = False) -> float:
    """The printed width of ``word`` at ``points`` in centimetres."""
    return _font(bold).getlength(word) / 100 * points * CM_PER_POINT


def pieces(text: str) -> list[str]:
    """The parts of a cell's text that may not be broken: words, and addresses cut after @ . /"""
    return [part for word in re.split(r"[ \t\n\r\u200b]+", text) for part in BREAKS.split(word) if part]


def widest_cm(text: str, points: float = 9, bold: bool = False) -> float:
    return max((word_cm(part, points, bold) for part in pieces(text)), default=0.0)


def fit_widths(widths: list[float], minimum: list[float], total: float) -> list[float]:
    """Widths that add up to ``total`` (cm), no column under its minimum when that is possible:
    a column that needs more takes it from the columns with room to spare, in proportion."""
    if sum(minimum) >= total:  # every column at its minimum does not fit: share the page by need
        return [total * m / sum(minimum) for m in minimum]
    scale = total / sum(widths)
    wanted = [w * scale for w in widths]
    for _ in range(len(wanted)):
        short = [i for i, w in enumerate(wanted) if w < minimum[i] - 1e-9]
        if not short:
            break
        needed = sum(minimum[i] - wanted[i] for i in short)
        for i in short:
            wanted[i] = minimum[i]
        room = {
            i: wanted[i] - minimum[i] for i in range(len(wanted)) if i not in short and wanted[i] > minimum[i]
        }
        spare = sum(room.values())
        for i, r in room.items():
            wanted[i] -= needed * r / spare
    return wanted
