"""LibreOffice lays the roadmap out: the contents' page numbers, and a tagged PDF if asked for."""

from __future__ import annotations

import json
import secrets
import shutil
import subprocess
import tempfile
from pathlib import Path

from roadmap.atomic import write_atomically
from roadmap.errors import RoadmapError

SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's, which has LibreOffice's uno module (python3-uno)
SCRIPT = Path(__file__).with_name("lo_pdf.py")


def libreoffice_available() -> bool:
    return shutil.which("soffice") is not None and Path(SYSTEM_PYTHON).exists()


def docx_to_pdf(docx: Path, pdf: Path, timeout: float = 180) -> Path:
    """Convert with LibreOffice headless, updating indexes first; written atomically."""
    lay_out(docx, pdf, timeout)
    return pdf


def lay_out(docx: Path, pdf: Path | None = None, timeout: float = 180) -> list[tuple[str, str]]:
    """Let LibreOffice lay the document out: the contents' entries as (title, page) and, if ``pdf``
    is given, a tagged PDF there (written atomically)."""
    if not libreoffice_available():
        raise RoadmapError("export.no_libreoffice")
    # A pipe of this conversion's own: a free TCP port probed here could be taken by another
    # conversion at the same moment (two builds at once), and its script would talk to that office.
    pipe = f"roadmap-lo-{secrets.token_hex(8)}"
    with tempfile.TemporaryDirectory(prefix="roadmap-lo-") as profile:
        office = subprocess.Popen(
            [
                "soffice",
                "--headless",
                "--invisible",
                "--norestore",
                "--nologo",
                f"-env:UserInstallation=file://{profile}",
                f"--accept=pipe,name={pipe};urp;",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        contents: list[tuple[str, str]] = []
        try:

            def convert(temporary: Path | None) -> None:
                done = subprocess.run(
                    [SYSTEM_PYTHON, str(SCRIPT), pipe, str(docx), str(temporary or "-")],
                    capture_output=True,
                    text=True,
                    timeout=timeout,
                )
                if done.returncode != 0 or (temporary is not None and not temporary.exists()):
                    raise RoadmapError("export.pdf_failed", error=(done.stderr or done.stdout).strip()[-300:])
                lines = json.loads(done.stdout.strip().splitlines()[-1]) if done.stdout.strip() else []
                contents.extend((title, page) for title, page in (line.rsplit("\t", 1) for line in lines))

            if pdf is None:
                convert(None)
            else:
                write_atomically(pdf, convert)
            return contents
        finally:
            office.terminate()
            try:
                office.wait(timeout=15)
            except subprocess.TimeoutExpired:
                office.kill()
