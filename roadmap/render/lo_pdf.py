"""Run by the system Python that has LibreOffice's ``uno`` module (not the project's venv).

Usage: python3 lo_pdf.py PIPE IN.docx OUT.pdf|- — connects to a listening LibreOffice, opens the
document hidden, lays it out and updates its indexes (so the table of contents gets real page
numbers), prints the contents' lines as JSON ("title<TAB>page" each), and exports a tagged PDF
(PDF/UA, so a screen reader can read it) unless OUT is "-". Kept free of project imports on purpose.
"""

import contextlib
import json
import sys
import time
from pathlib import Path

import uno
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]


def _property(name: str, value: object) -> PropertyValue:
    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def _contents(document) -> list[str]:  # type: ignore[no-untyped-def]
    """The lines of every index (the contents, the lists of figures and tables) as laid out:
    "title<TAB>page"."""
    lines: list[str] = []
    indexes = document.getDocumentIndexes()
    for i in range(indexes.getCount()):
        index = indexes.getByIndex(i)
        index.update()
        lines += [line for line in index.getAnchor().getString().splitlines() if "\t" in line]
    return lines


def main(pipe: str, source: str, target: str) -> None:
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(120):  # LibreOffice takes a few seconds to listen
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
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
        print(json.dumps(_contents(document), ensure_ascii=False))
        if target != "-":
            options = uno.Any(
                "[]com.sun.star.beans.PropertyValue",
                tuple(_property(k, v) for k, v in (("UseTaggedPDF", True), ("PDFUACompliance", True))),
            )
            document.storeToURL(
                Path(target).resolve().as_uri(),
                (_property("FilterName", "writer_pdf_Export"), _property("FilterData", options)),
            )
    finally:
        document.close(True)
        with contextlib.suppress(Exception):  # the office may already be going away
            desktop.terminate()


if __name__ == "__main__":
    main(*sys.argv[1:4])
