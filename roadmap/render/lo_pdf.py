"""Run by the system Python that has LibreOffice's ``uno`` module (not the project's venv).

Usage: python3 lo_pdf.py PORT IN.docx OUT.pdf — connects to a listening LibreOffice, opens the
document hidden, updates its indexes (so the table of contents gets real page numbers) and exports
a PDF. Kept free of project imports on purpose.
"""

import contextlib
import sys
import time
from pathlib import Path

import uno
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def _property(name: str, value: object) -> PropertyValue:
    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def main(port: str, source: str, target: str) -> None:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(120):  # LibreOffice takes a few seconds to listen
        try:
            context = resolver.resolve(
                f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext"
            )
            break
        except Exception:
            time.sleep(0.25)
    else:
        raise SystemExit("LibreOffice did not start listening")
    desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    document = desktop.loadComponentFromURL(
        Path(source).resolve().as_uri(), "_blank", 0, (_property("Hidden", True),)
    )
    try:
        indexes = document.getDocumentIndexes()
        for i in range(indexes.getCount()):
            indexes.getByIndex(i).update()
        document.storeToURL(Path(target).resolve().as_uri(), (_property("FilterName", "writer_pdf_Export"),))
    finally:
        document.close(True)
        with contextlib.suppress(Exception):  # the office may already be going away
            desktop.terminate()


if __name__ == "__main__":
    main(*sys.argv[1:4])
