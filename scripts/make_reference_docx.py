"""Regenerate templates/reference.docx, the style source of the roadmap document.

A municipality can instead open templates/reference.docx in Word, restyle it (fonts, colours,
letterhead in the header) and pass their copy to the export; only its styles are used.
"""

from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor

NAVY = RGBColor(0x1F, 0x4E, 0x79)
BLUE = RGBColor(0x2E, 0x75, 0xB6)
GREY = RGBColor(0x59, 0x59, 0x59)
RED = RGBColor(0xC0, 0x00, 0x00)


def main() -> None:
    document = Document()
    for section in document.sections:
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.top_margin = section.bottom_margin = Cm(2.5)
        section.left_margin = section.right_margin = Cm(2.3)
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name, normal.font.size = "Calibri", Pt(10.5)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.15
    for name, size, colour, before in (
        ("Heading 1", 16, NAVY, 0),
        ("Heading 2", 13, BLUE, 12),
        ("Heading 3", 11, BLUE, 8),
    ):
        style = styles[name]
        style.font.name, style.font.size, style.font.color.rgb, style.font.bold = (
            "Calibri",
            Pt(size),
            colour,
            True,
        )
        style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(before), Pt(6)
    styles["Heading 1"].paragraph_format.page_break_before = True
    title = styles["Title"]
    title.font.name, title.font.size, title.font.color.rgb = "Calibri", Pt(26), NAVY
    subtitle = styles["Subtitle"]
    subtitle.font.name, subtitle.font.size, subtitle.font.color.rgb = "Calibri", Pt(14), GREY
    mark = styles.add_style("Cover Mark", WD_STYLE_TYPE.PARAGRAPH)
    mark.base_style = normal
    mark.font.size, mark.font.bold, mark.font.color.rgb = Pt(22), True, RED
    mark.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    cell = styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = normal
    cell.font.size = Pt(9)
    cell.paragraph_format.space_after = Pt(0)
    cell.paragraph_format.line_spacing = 1.0
    for level in (1, 2):
        toc = styles.add_style(f"TOC {level}", WD_STYLE_TYPE.PARAGRAPH)
        toc.base_style = normal
        toc.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        toc.paragraph_format.space_after = Pt(2)
    caption = styles["Caption"]
    caption.font.size, caption.font.color.rgb, caption.font.italic = Pt(9), GREY, True
    out = Path(__file__).resolve().parent.parent / "templates" / "reference.docx"
    document.save(out)
    print(out)


if __name__ == "__main__":
    main()
