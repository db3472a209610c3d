"""The English edition's cost: a build in Turkish and in English (the English data is made on the way),
and a translation pack written and read back, on the example (173 texts).

    .venv/bin/python benchmarks/translations.py

Prints medians of 7 warm runs, without LibreOffice's layout pass.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from timing import median_seconds  # benchmarks/timing.py

os.environ.update(
    ROADMAP_DATA_DIR=tempfile.mkdtemp(prefix="roadmap-bench-en-"), ROADMAP_DOCUMENT_LAYOUT="never"
)
TEAM = "ayse.yilmaz@ornekkoy.bel.tr"


def main() -> None:
    from roadmap.devtools.example import load_example
    from roadmap.pipeline import build_roadmap_document
    from roadmap.services.translations import export_translations, import_translations
    from roadmap.store.db import init_database

    init_database()
    load_example()
    out = Path(tempfile.mkdtemp(prefix="roadmap-bench-en-out-"))
    measures = {
        "build, Turkish": lambda: build_roadmap_document("ornekkoy", lang="tr", out=out / "tr.docx"),
        "build, English": lambda: build_roadmap_document("ornekkoy", lang="en", out=out / "en.docx"),
        "pack written, XLIFF": lambda: export_translations(TEAM, "ornekkoy", out / "pack.xlf"),
        "pack written, .xlsx": lambda: export_translations(TEAM, "ornekkoy", out / "pack.xlsx"),
        "pack read back, XLIFF": lambda: import_translations(TEAM, "ornekkoy", out / "pack.xlf"),
    }
    print(f"{'measure (median of 7, warm)':<40}{'seconds':>10}")
    for name, action in measures.items():
        print(f"{name:<40}{median_seconds(action, 7, warm=True):>10.3f}")


if __name__ == "__main__":
    main()
