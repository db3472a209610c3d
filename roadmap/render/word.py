"""Small building blocks over python-docx: headings, tables, pictures, fields."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import nsmap, qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from lxml import etree

from roadmap.domain.translation import MARK
from roadmap.i18n import LANGUAGE_TAGS
from roadmap.render.measure import BREAKS, CELL_PADDING_CM, fit_widths, widest_cm
from roadmap.render.native_charts import NativeChart

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

    def __init__(self, reference: Path, lang: str = "tr") -> None:
        self.document = Document(str(reference))
        self.lang = lang
        body = self.document.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):  # keep page set-up, drop the reference's own text
                body.remove(child)
        self.style_ids = _style_ids(self.document)
        self.table_style = self.style_id(*TABLE_STYLES)
        self.cell_style = self.style_id("Table Text", "Normal")
        self.headings: list[tuple[int, str]] = []
        self.heading_paragraphs: dict[str, Paragraph] = {}
        # Caption labels as the document's language writes them ("Şekil", "Tablo"); each kind is
        # numbered by its own SEQ field, and the captions listed after the contents.
        self.labels = (
            {"figure": "Şekil", "table": "Tablo"} if lang == "tr" else {"figure": "Figure", "table": "Table"}
        )
        self.captions: list[tuple[str, int, str]] = []
        self._drawings = 0
        self._set_language(LANGUAGE_TAGS.get(lang, lang))
        self._settle_headings()

    def _set_language(self, tag: str) -> None:
        """Every style's text is in ``tag`` unless a run says otherwise (docDefaults and each style)."""
        styles = self.document.styles.element
        defaults = styles.find(qn("w:docDefaults"))
        if defaults is None:
            defaults = OxmlElement("w:docDefaults")
            styles.insert(0, defaults)
        run_defaults = defaults.find(qn("w:rPrDefault"))
        if run_defaults is None:
            run_defaults = OxmlElement("w:rPrDefault")
            defaults.insert(0, run_defaults)
        properties = run_defaults.find(qn("w:rPr"))
        if properties is None:
            properties = OxmlElement("w:rPr")
            run_defaults.append(properties)
        for holder in [properties, *(s.find(qn("w:rPr")) for s in styles.findall(qn("w:style")))]:
            if holder is None:
                continue
            language = holder.find(qn("w:lang"))
            if language is None:
                language = OxmlElement("w:lang")
                holder.append(language)
            for attribute in ("w:val", "w:eastAsia", "w:bidi"):
                language.set(qn(attribute), tag)

    def _settle_headings(self) -> None:
        """A heading stays with what follows it, and only the cover, the contents and a landscape
        section start a new page: short chapters follow one another instead of leaving half-empty pages."""
        for level in (1, 2, 3):
            style_id = self.style_id(f"Heading {level}")
            if style_id is None:
                continue
            style = self.document.styles.get_by_id(style_id, WD_STYLE_TYPE.PARAGRAPH)
            style.paragraph_format.keep_with_next = True
            style.paragraph_format.page_break_before = False
            if level == 1:
                style.paragraph_format.space_before = Pt(18)

    def in_language(self, run, lang: str) -> None:  # type: ignore[no-untyped-def]
        """Mark one run as text in another language than the document's (a partner's English name)."""
        properties = run._r.get_or_add_rPr()
        language = OxmlElement("w:lang")
        language.set(qn("w:val"), LANGUAGE_TAGS.get(lang, lang))
        properties.append(language)

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
        paragraph.add_run(clean(text))
        self.heading_paragraphs.setdefault(text, paragraph)
        return paragraph

    def paragraphs(self, text: str) -> None:
        """A team's text: a paragraph for each block between blank lines, proofed in the language it
        is written in (an English edition's text left in Turkish comes marked, and is proofed as Turkish)."""
        written_in = "tr" if self.lang == "tr" or text.startswith(MARK) else self.lang
        for block in text.split("\n\n"):
            if block.strip():
                paragraph = self.paragraph(block.strip())
                if written_in != self.lang:
                    for run in paragraph.runs:
                        self.in_language(run, written_in)

    def bullets(self, items: Sequence[str]) -> None:
        style = self.style_id("List Bullet", "Normal")
        for item in items:
            _set_style(self.document.add_paragraph(), style).add_run(clean(item))

    def labelled(self, label: str, text: str) -> None:
        paragraph = self.document.add_paragraph()
        paragraph.add_run(f"{clean(label)}: ").bold = True
        paragraph.add_run(clean(text))

    def signature(self, name: str, title: str) -> None:
        """A signature block at the right: the name in bold, the title under it."""
        paragraph = self.document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraph.paragraph_format.space_before = Pt(18)
        paragraph.add_run(clean(name)).bold = True
        if title:
            paragraph.add_run().add_break()
            paragraph.add_run(clean(title))

    def page_break(self) -> None:
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # --- tables and pictures ----------------------------------------------------------

    def caption(self, kind: str, text: str) -> int:
        """A numbered caption ("Tablo 3. …") with a real SEQ field, so Word and LibreOffice can renumber
        it and list it; returns its number, for the text to refer to."""
        number = sum(1 for k, _, _ in self.captions if k == kind) + 1
        label = self.labels[kind]
        paragraph = self.paragraph(style="Caption")
        paragraph.add_run(f"{label} ")
        _simple_field(paragraph, f"SEQ {label} \\* ARABIC", str(number))
        paragraph.add_run(f". {clean(text)}")
        if kind == "table":
            paragraph.paragraph_format.keep_with_next = True  # a table's caption sits above it
        else:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER  # a figure's under it, centred as it is
        self.captions.append((kind, number, text))
        return number

    def table(
        self,
        headers: Sequence[str],
        rows: Sequence[Sequence[str]],
        widths: Sequence[float] = (),
        caption: str = "",
    ) -> None:
        """A real Word table with a repeating header row, rows that never split across pages, and a
        numbered caption above it; ``widths`` in centimetres."""
        _keep_with_next(self.document.element.body)
        if caption:
            self.caption("table", caption)
        table = self.document.add_table(rows=1, cols=len(headers))
        if self.table_style:
            table._tbl.tblPr.style = self.table_style
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        header = table.rows[0]
        _repeat_header(header)
        _cant_split(header)
        for cell, text in zip(header.cells, headers, strict=True):
            cell.text = ""
            run = cell.paragraphs[0].add_run(breakable(clean(text)))
            run.bold = True
            _set_style(cell.paragraphs[0], self.cell_style)
        for values in rows:  # rows written as XML at once: python-docx's cell API costs ~100 µs a cell
            table._tbl.append(_row([breakable(clean(str(text))) for text in values], self.cell_style))
        _plain_first_column(table)
        if widths:
            widths = self._fitted(headers, rows, widths)
            table.autofit = False
            for column, width in zip(table.columns, widths, strict=False):
                column.width = Cm(width)  # LibreOffice reads the grid
            twips = [str(Cm(width).twips) for width in widths]
            for tr in table._tbl.iterchildren(qn("w:tr")):  # Word reads the cells; written as XML at once
                for tc, twip in zip(tr.iterchildren(qn("w:tc")), twips, strict=False):
                    _cell_width(tc, twip)
        self.document.add_paragraph()

    def _fitted(
        self, headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float]
    ) -> list[float]:
        """Column widths in which the longest word of every header and cell fits whole (no
        "Seçild/i"), within the page's text width."""
        minimum = [
            max(
                widest_cm(header, TABLE_POINTS, bold=True),
                max((widest_cm(breakable(str(row[i])), TABLE_POINTS) for row in rows), default=0.0),
            )
            + CELL_PADDING_CM
            for i, header in enumerate(headers)
        ]
        total = min(self.text_width_cm, max(sum(widths), sum(minimum)))
        return fit_widths(list(widths), minimum, total)

    def chart(self, native: NativeChart, width_cm: float, caption: str = "") -> None:
        """A native Word chart (a chart part with its workbook), centred, with a numbered caption."""
        self._figure(caption).add_run()._r.append(self._chart_drawing(native, width_cm))
        if caption:
            self.caption("figure", caption)

    def _figure(self, caption: str) -> Paragraph:
        """The centred paragraph a figure sits in, kept on the page of its caption."""
        paragraph = self.document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.keep_with_next = bool(caption)
        return paragraph

    def _chart_drawing(self, native: NativeChart, width_cm: float) -> etree._Element:
        package = self.document.part.package
        chart = Part(package.next_partname("/word/charts/chart%d.xml"), CHART_TYPE, b"", package)
        workbook = Part(
            package.next_partname("/word/embeddings/Microsoft_Excel_Worksheet%d.xlsx"),
            WORKBOOK_TYPE,
            native.workbook,
            package,
        )
        space = etree.fromstring(native.xml)
        external = etree.SubElement(space, qn("c:externalData"))
        external.set(qn("r:id"), chart.relate_to(workbook, RT.PACKAGE))
        etree.SubElement(external, qn("c:autoUpdate")).set("val", "0")
        _place_external_data(space, external)
        chart._blob = etree.tostring(space, xml_declaration=True, encoding="UTF-8", standalone=True)
        relation = self.document.part.relate_to(chart, RT.CHART)
        self._drawings += 1
        size = f'cx="{int(width_cm * 360000)}" cy="{int(native.height_cm * 360000)}"'
        return etree.fromstring(
            f"""<w:drawing xmlns:w="{nsmap["w"]}" xmlns:wp="{nsmap["wp"]}" xmlns:a="{nsmap["a"]}"
                xmlns:c="{nsmap["c"]}" xmlns:r="{nsmap["r"]}">
              <wp:inline distT="0" distB="0" distL="0" distR="0">
                <wp:extent {size}/>
                <wp:effectExtent l="0" t="0" r="0" b="0"/>
                <wp:docPr id="{1000 + self._drawings}" name="Chart {self._drawings}" descr="{escape(native.description, {'"': "&quot;"})}"/>
                <wp:cNvGraphicFramePr/>
                <a:graphic><a:graphicData uri="{nsmap["c"]}"><c:chart r:id="{relation}"/></a:graphicData></a:graphic>
              </wp:inline>
            </w:drawing>"""
        )

    def letterhead_images(self) -> list[bytes]:
        """The pictures in the template's own header (a municipality's letterhead logo), in order."""
        header = self.document.sections[0].header
        parts = header.part.related_parts
        found = []
        for blip in header._element.iter(qn("a:blip")):
            part = parts.get(blip.get(qn("r:embed")))
            if part is not None and part.content_type in {"image/png", "image/jpeg"}:
                found.append(part.blob)
        return found

    def logos(self, images: Sequence[bytes], height_cm: float) -> None:
        """Logos side by side on one line, all of one height (a programme's partners on the cover)."""
        if not images:
            return
        paragraph = self.document.add_paragraph()
        for index, image in enumerate(images):
            run = paragraph.add_run("    " if index else "")
            run.add_picture(io.BytesIO(image), height=Cm(height_cm))

    def picture(self, png: bytes, width_cm: float, caption: str = "") -> None:
        self._figure(caption).add_run().add_picture(io.BytesIO(png), width=Cm(width_cm))
        if caption:
            self.caption("figure", caption)

    # --- fields and page furniture ----------------------------------------------------

    def table_of_contents(self, title: str, figures: str = "", tables: str = "") -> Paragraph:
        """A TOC field, then lists of figures and of tables (titled ``figures`` and ``tables``); their
        entries are filled in by ``fill_table_of_contents`` at the end."""
        self.paragraph(title, style="TOC Heading", bold=True)
        anchor = self.document.add_paragraph()
        self._toc_anchor = anchor
        self._caption_anchors: dict[str, Paragraph] = {}
        for kind, heading in (("figure", figures), ("table", tables)):
            if heading:
                self.paragraph(heading, style="TOC Heading", bold=True)
                self._caption_anchors[kind] = self.document.add_paragraph()
        return anchor

    def fill_table_of_contents(self) -> None:
        """Prefill the field result with the headings, so readers that do not update fields show them."""
        anchor = self._toc_anchor
        entries = [(level, text) for level, text in self.headings if level <= 2]
        _field_begin(anchor, 'TOC \\o "1-2" \\h \\z \\u')
        previous = anchor
        self._toc_entries: list[Paragraph] = []
        for level, text in entries:
            paragraph = _set_style(_insert_after(previous), self.style_id(f"TOC {level}"))
            paragraph.add_run(clean(text))
            self._toc_entries.append(paragraph)
            previous = paragraph
        _field_end(previous)
        for kind, list_anchor in self._caption_anchors.items():
            items = [(number, text) for k, number, text in self.captions if k == kind]
            _field_begin(list_anchor, f'TOC \\h \\z \\c "{self.labels[kind]}"')
            previous = list_anchor
            for number, text in items:
                paragraph = _set_style(_insert_after(previous), self.style_id("Table of Figures", "TOC 1"))
                paragraph.add_run(f"{self.labels[kind]} {number}. {clean(text)}")
                self._toc_entries.append(paragraph)
                previous = paragraph
            _field_end(previous)

    def set_contents_pages(self, laid_out: list[tuple[str, str]]) -> None:
        """Write the page numbers a layout pass found into the contents entries (title, tab, number),
        so the file opens with a complete contents page without anyone updating the field."""
        pages: dict[str, list[str]] = {}
        for title, page in laid_out:
            pages.setdefault(" ".join(title.split()), []).append(page)
        width = Cm(self.text_width_cm)
        for paragraph in self._toc_entries:
            found = pages.get(" ".join(paragraph.text.split()))
            if not found:
                continue
            paragraph.paragraph_format.tab_stops.add_tab_stop(
                width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
            )
            number = paragraph.add_run("\t" + found.pop(0))._r
            end = next(iter(paragraph._p.iter(qn("w:fldChar"))), None)  # the field ends in the last entry
            if end is not None and end.get(qn("w:fldCharType")) == "end":
                end.getparent().addprevious(number)

    def header_and_footer(self, header_text: str, page_label: str, identifier: str = "") -> None:
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
        if identifier:
            line = section.footer.add_paragraph()
            line.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            run = line.add_run(clean(identifier))
            run.font.size = Pt(6.5)
            run.font.color.rgb = RGBColor(0x80, 0x80, 0x80)

    def orientation(self, landscape: bool) -> None:
        """Start a new page section in landscape or portrait (wide tables get landscape pages)."""
        current = self.document.sections[-1]
        section = self.document.add_section(WD_SECTION.NEW_PAGE)
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        width, height = current.page_width, current.page_height
        assert width is not None and height is not None  # every section has a page size
        short, long_ = sorted((width, height))
        section.page_width, section.page_height = (long_, short) if landscape else (short, long_)

    @property
    def text_width_cm(self) -> float:
        section = self.document.sections[-1]
        width, left, right = section.page_width, section.left_margin, section.right_margin
        assert width is not None and left is not None and right is not None  # set by every template
        return (width - left - right) / 360000

    def save(self, path: Path) -> None:
        self.document.save(str(path))


TABLE_POINTS = 9  # the "Table Text" style's size


PHONE = re.compile(r"\+?\(?\d[\d ()\-]{6,}\d")


def breakable(text: str) -> str:
    """A long address (e-mail, web address, path) may break after "@", "." and "/", nowhere else;
    a telephone number never ("0 (222) 555 10 01" is held together by no-break spaces)."""
    text = PHONE.sub(lambda m: m.group(0).replace(" ", "\u00a0"), text)
    return re.sub(
        r"\S{17,}",
        lambda m: BREAKS.sub("\u200b", m.group(0)) if re.search("[@/.]", m.group(0)) else m.group(0),
        text,
    )


CHART_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
WORKBOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Where c:externalData goes in a chartSpace: after these, before printSettings, userShapes, extLst.
_BEFORE_EXTERNAL = {"date1904", "lang", "roundedCorners", "AlternateContent", "style", "clrMapOvr"}
_BEFORE_EXTERNAL |= {"pivotSource", "protection", "chart", "spPr", "txPr"}


def _place_external_data(space: etree._Element, external: etree._Element) -> None:
    space.remove(external)
    last = max(
        (i for i, child in enumerate(space) if etree.QName(child).localname in _BEFORE_EXTERNAL), default=-1
    )
    space.insert(last + 1, external)


def _keep_with_next(body) -> None:  # type: ignore[no-untyped-def]
    """The paragraph just before a table (its heading, a note) stays on the table's page."""
    last = body[-2] if len(body) > 1 else None  # the body ends with its section properties
    if last is not None and last.tag == qn("w:p") and len(last.xpath("string(.)")) < 200:
        last.get_or_add_pPr().keepNext_val = True


def _row(texts: Sequence[str], style_id: str | None) -> etree._Element:
    """A table row that never splits across pages, one paragraph of ``style_id`` per cell; a line
    break in a text is a line break in the cell, as python-docx's ``cell.text`` writes it."""
    tr = OxmlElement("w:tr")
    properties = etree.SubElement(tr, qn("w:trPr"))
    etree.SubElement(properties, qn("w:cantSplit")).set(qn("w:val"), "true")
    for text in texts:
        tc = etree.SubElement(tr, qn("w:tc"))
        etree.SubElement(tc, qn("w:tcPr"))
        paragraph = etree.SubElement(tc, qn("w:p"))
        if style_id:
            etree.SubElement(etree.SubElement(paragraph, qn("w:pPr")), qn("w:pStyle")).set(
                qn("w:val"), style_id
            )
        if not text:
            continue
        run = etree.SubElement(paragraph, qn("w:r"))
        for index, line in enumerate(text.replace("\r", "\n").split("\n")):
            if index:
                etree.SubElement(run, qn("w:br"))
            for part_index, part in enumerate(line.split("\t")):
                if part_index:
                    etree.SubElement(run, qn("w:tab"))
                if part:
                    element = etree.SubElement(run, qn("w:t"))
                    element.text = part
                    element.set(qn("xml:space"), "preserve")
    return tr


def _cell_width(tc: etree._Element, twips: str) -> None:
    """``<w:tcW w:w=… w:type="dxa"/>``, first in the cell's properties (as python-docx's ``tc.width``
    writes it, without its per-call schema lookups)."""
    properties = tc.find(qn("w:tcPr"))
    if properties is None:
        properties = OxmlElement("w:tcPr")
        tc.insert(0, properties)
    for old in properties.findall(qn("w:tcW")):
        properties.remove(old)
    width = etree.Element(qn("w:tcW"))
    width.set(qn("w:type"), "dxa")
    width.set(qn("w:w"), twips)
    properties.insert(0, width)


def _cant_split(row) -> None:  # type: ignore[no-untyped-def]
    """A table row is never split across two pages."""
    properties = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:cantSplit")
    marker.set(qn("w:val"), "true")
    properties.insert(0, marker)


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
