"""Small building blocks over python-docx: headings, tables, pictures, fields."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph
from lxml import etree

TABLE_STYLES = ("Medium Shading 1 Accent 1", "Light Grid Accent 1", "Table Grid")


def _style_ids(document: DocxDocument) -> dict[str, str]:
    """Style name -> style id, read once: python-docx's lookup by name rescans every style each time."""
    return {s.name: s.style_id for s in document.styles if s.name}


def _set_style(paragraph: Paragraph, style_id: str | None) -> Paragraph:
    if style_id:
        paragraph._p.get_or_add_pPr().style = style_id
    return paragraph


# Characters XML 1.0 forbids (Word and python-docx refuse them), and word length before a break chance.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
LONG_WORD = 40


def clean(text: str) -> str:
    """Text Word can hold: no XML-invalid characters; very long words get invisible break points."""
    text = _XML_INVALID.sub("", text)
    return re.sub(
        rf"\S{{{LONG_WORD + 1},}}",
        lambda m: "\u200b".join(m.group(0)[i : i + LONG_WORD] for i in range(0, len(m.group(0)), LONG_WORD)),
        text,
    )


class WordBuilder:
    """Appends content to a document that takes its styles from a reference .docx."""

    def __init__(self, reference: Path) -> None:
        self.document = Document(str(reference))
        body = self.document.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):  # keep page set-up, drop the reference's own text
                body.remove(child)
        self.style_ids = _style_ids(self.document)
        self.table_style = self.style_id(*TABLE_STYLES)
        self.cell_style = self.style_id("Table Text", "Normal")
        self.headings: list[tuple[int, str]] = []
        self.heading_paragraphs: dict[str, Paragraph] = {}

    def style_id(self, *names: str) -> str | None:
        """The id of the first of ``names`` that the reference document defines."""
        return next((self.style_ids[n] for n in names if n in self.style_ids), None)

    # --- text -------------------------------------------------------------------------

    def paragraph(self, text: str = "", style: str | None = None, bold: bool = False) -> Paragraph:
        paragraph = _set_style(self.document.add_paragraph(), self.style_id(style) if style else None)
        if text:
            paragraph.add_run(clean(text)).bold = bold
        return paragraph

    def heading(self, text: str, level: int = 1) -> Paragraph:
        self.headings.append((level, text))
        paragraph = _set_style(self.document.add_paragraph(), self.style_id(f"Heading {level}"))
        if getattr(self, "_pending_heading_break", False):
            # A new section already starts a new page: no second break from the heading style.
            paragraph.paragraph_format.page_break_before = False
            self._pending_heading_break = False
        paragraph.add_run(clean(text))
        self.heading_paragraphs.setdefault(text, paragraph)
        return paragraph

    def bullets(self, items: Sequence[str]) -> None:
        style = self.style_id("List Bullet", "Normal")
        for item in items:
            _set_style(self.document.add_paragraph(), style).add_run(clean(item))

    def labelled(self, label: str, text: str) -> None:
        paragraph = self.document.add_paragraph()
        paragraph.add_run(f"{clean(label)}: ").bold = True
        paragraph.add_run(clean(text))

    def page_break(self) -> None:
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # --- tables and pictures ----------------------------------------------------------

    def table(
        self, headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float] = ()
    ) -> None:
        """A real Word table with a repeating header row; ``widths`` in centimetres."""
        table = self.document.add_table(rows=1, cols=len(headers))
        if self.table_style:
            table._tbl.tblPr.style = self.table_style
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        header = table.rows[0]
        _repeat_header(header)
        for cell, text in zip(header.cells, headers, strict=True):
            cell.text = ""
            run = cell.paragraphs[0].add_run(clean(text))
            run.bold = True
            _set_style(cell.paragraphs[0], self.cell_style)
        for values in rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, values, strict=True):
                cell.text = clean(str(text))
                _set_style(cell.paragraphs[0], self.cell_style)
        _plain_first_column(table)
        if widths:
            table.autofit = False
            for column, width in zip(table.columns, widths, strict=False):
                column.width = Cm(width)  # LibreOffice reads the grid
                for cell in column.cells:
                    cell.width = Cm(width)  # Word reads the cells
        self.document.add_paragraph()

    def picture(self, png: bytes, width_cm: float, caption: str = "") -> None:
        self.document.add_picture(io.BytesIO(png), width=Cm(width_cm))
        self.document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        if caption:
            self.paragraph(caption, style="Caption").alignment = WD_ALIGN_PARAGRAPH.CENTER

    # --- fields and page furniture ----------------------------------------------------

    def table_of_contents(self, title: str) -> Paragraph:
        """A TOC field; its entries are filled in by ``fill_table_of_contents`` at the end."""
        self.paragraph(title, style="TOC Heading", bold=True)
        anchor = self.document.add_paragraph()
        self._toc_anchor = anchor
        return anchor

    def fill_table_of_contents(self) -> None:
        """Prefill the field result with the headings, so readers that do not update fields show them."""
        anchor = self._toc_anchor
        entries = [(level, text) for level, text in self.headings if level <= 2]
        _field_begin(anchor, 'TOC \\o "1-2" \\h \\z \\u')
        previous = anchor
        for level, text in entries:
            paragraph = _set_style(_insert_after(previous), self.style_id(f"TOC {level}"))
            paragraph.add_run(text)
            previous = paragraph
        _field_end(previous)

    def header_and_footer(self, header_text: str, page_label: str) -> None:
        """Header text and a centred page number on every page but the cover."""
        section = self.document.sections[0]
        section.different_first_page_header_footer = True
        existing = section.header.paragraphs[0]
        # A municipality's template may carry its letterhead in the header: keep it, add ours below.
        header = section.header.add_paragraph() if existing.text.strip() else existing
        header.text = clean(header_text)
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for run in header.runs:
            run.font.size = Pt(8)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.add_run(f"{page_label} ")
        _simple_field(footer, "PAGE", "1")

    def orientation(self, landscape: bool) -> None:
        """Start a new page section in landscape or portrait (wide tables get landscape pages)."""
        current = self.document.sections[-1]
        section = self.document.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        width, height = current.page_width, current.page_height
        assert width is not None and height is not None  # every section has a page size
        short, long_ = sorted((width, height))
        section.page_width, section.page_height = (long_, short) if landscape else (short, long_)
        self._pending_heading_break = True

    @property
    def text_width_cm(self) -> float:
        section = self.document.sections[-1]
        width, left, right = section.page_width, section.left_margin, section.right_margin
        assert width is not None and left is not None and right is not None  # set by every template
        return (width - left - right) / 360000

    def save(self, path: Path) -> None:
        self.document.save(str(path))


def _repeat_header(row) -> None:  # type: ignore[no-untyped-def]
    properties = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def _plain_first_column(table) -> None:  # type: ignore[no-untyped-def]
    """Emphasise the header row and banded rows only, not the first column."""
    properties = table._tbl.tblPr
    look = properties.find(qn("w:tblLook"))
    if look is None:
        look = OxmlElement("w:tblLook")
        properties.append(look)
    for name, value in (
        ("firstRow", "1"),
        ("lastRow", "0"),
        ("firstColumn", "0"),
        ("lastColumn", "0"),
        ("noHBand", "0"),
        ("noVBand", "1"),
        ("val", "0420"),
    ):
        look.set(qn(f"w:{name}"), value)


def _fld_char(kind: str) -> etree._Element:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    return element


def _field_begin(paragraph: Paragraph, instruction: str) -> None:
    run = paragraph.add_run()
    run._r.append(_fld_char("begin"))
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run = paragraph.add_run()
    run._r.append(text)
    paragraph.add_run()._r.append(_fld_char("separate"))


def _field_end(paragraph: Paragraph) -> None:
    paragraph.add_run()._r.append(_fld_char("end"))


def _simple_field(paragraph: Paragraph, instruction: str, shown: str) -> None:
    _field_begin(paragraph, instruction)
    paragraph.add_run(shown)
    _field_end(paragraph)


def _insert_after(paragraph: Paragraph) -> Paragraph:
    element = OxmlElement("w:p")
    paragraph._p.addnext(element)
    return Paragraph(element, paragraph._parent)
