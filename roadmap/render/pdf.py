"""A PDF of the roadmap through LibreOffice, with the table of contents' page numbers filled in."""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

from roadmap.atomic import write_atomically
from roadmap.errors import RoadmapError

SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's, which has LibreOffice's uno module (python3-uno)
SCRIPT = Path(__file__).with_name("lo_pdf.py")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def docx_to_pdf(docx: Path, pdf: Path, timeout: float = 180) -> Path:
    """Convert with LibreOffice headless, updating indexes first; written atomically."""
    if shutil.which("soffice") is None or not Path(SYSTEM_PYTHON).exists():
        raise RoadmapError("export.no_libreoffice")
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="roadmap-lo-") as profile:
        office = subprocess.Popen(
            [
                "soffice",
                "--headless",
                "--invisible",
                "--norestore",
                "--nologo",
                f"-env:UserInstallation=file://{profile}",
                f"--accept=socket,host=127.0.0.1,port={port};urp;",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:

            def convert(temporary: Path) -> None:
                done = subprocess.run(
                    [SYSTEM_PYTHON, str(SCRIPT), str(port), str(docx), str(temporary)],
                    capture_output=True,
                    text=True,
                    timeout=timeout,
                )
                if done.returncode != 0 or not temporary.exists():
                    raise RoadmapError("export.pdf_failed", error=(done.stderr or done.stdout).strip()[-300:])

            return write_atomically(pdf, convert)
        finally:
            office.terminate()
            try:
                office.wait(timeout=15)
            except subprocess.TimeoutExpired:
                office.kill()
