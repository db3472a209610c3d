"""Review comments as real Word comments, and Word comments back: anchored to chapter headings."""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from pydantic import BaseModel

from roadmap.domain.content import RoadmapData, records_in
from roadmap.domain.stages import Stage
from roadmap.errors import InvalidInput
from roadmap.imports.files import check_zip
from roadmap.render.texts import DocumentTexts
from roadmap.render.word import WordBuilder
from roadmap.settings import Language

if TYPE_CHECKING:
    from roadmap.services.review import CommentView

IDENTIFIER_PREFIX = "roadmap:"
LABEL_FIELDS = ("name", "title", "text", "risk", "audience")
_IDENTIFIER = re.compile(r"roadmap:[a-z0-9_-]+:\d+")
CHAPTER_OF_STAGE = {
    Stage.TEAM: "h_team",
    Stage.NEEDS: "h_needs",
    Stage.FOCUS: "h_focus",
    Stage.STAKEHOLDERS: "h_stakeholders",
    Stage.CONSULTATIONS: "h_consult",
    Stage.ROADMAP: "h_actions",
    Stage.SHARE: "h_sharing",
}


def identifier(slug: str, number: int) -> str:
    return f"{IDENTIFIER_PREFIX}{slug}:{number}"


def _initials(name: str) -> str:
    return "".join(part[0] for part in name.split()[:3]).upper() or "?"


def record_labels(data: RoadmapData) -> dict[str, str]:
    """What the document prints for each record (its name, title, …), by record id."""
    labels: dict[str, str] = {}
    for stage in Stage:
        for record in records_in(data.content(stage)):
            label = next((str(getattr(record, k)) for k in LABEL_FIELDS if getattr(record, k, "")), "")
            if label:
                labels[record.id] = label
    return labels


def _line_of(builder: WordBuilder, heading: Paragraph, label: str) -> Paragraph | None:
    """The first paragraph (or table cell) after ``heading`` that shows ``label``."""
    body = builder.document.element.body
    after = False
    for block in body.iterchildren():
        if block is heading._p:
            after = True
            continue
        if not after:
            continue
        paragraphs = [Paragraph(p, builder.document) for p in block.iter(qn("w:p"))]
        for paragraph in paragraphs:
            if label in paragraph.text and paragraph.runs:
                return paragraph
    return None


def add_review_comments(
    builder: WordBuilder,
    comments: list[CommentView],
    texts: DocumentTexts,
    labels: dict[str, str] | None = None,
) -> None:
    """Each open thread becomes a Word comment: on the line of the record it is about where the
    document shows that record, otherwise on its stage's chapter heading; replies follow it."""
    for thread in comments:
        heading = builder.heading_paragraphs.get(texts(CHAPTER_OF_STAGE[thread.stage]))
        if heading is None or not heading.runs:
            continue
        label = (labels or {}).get(thread.record_id, "") if thread.record_id else ""
        heading = (_line_of(builder, heading, label) if label else None) or heading
        author = thread.author_name or thread.author
        comment = builder.document.add_comment(
            heading.runs, text=thread.text, author=author, initials=_initials(author)
        )
        if thread.field:
            comment.add_paragraph(f"({thread.field})")
        for answer in thread.replies:
            comment.add_paragraph(f"— {answer.author_name or answer.author}: {answer.text}")


@lru_cache
def _heading_stages() -> dict[str, Stage]:
    stages: dict[str, Stage] = {}
    for lang in ("tr", "en"):
        texts = DocumentTexts(lang)
        for stage, key in CHAPTER_OF_STAGE.items():
            stages[texts(key)] = stage
        for key in ("h_timeline", "h_monitoring"):
            stages[texts(key)] = Stage.ROADMAP
    return stages


def stage_of_heading(heading: str) -> Stage | None:
    return _heading_stages().get(heading.strip())


class WordComment(BaseModel):
    author: str
    timestamp: datetime | None
    text: str
    heading: str


def _is_chapter(paragraph: Paragraph) -> bool:
    name = (paragraph.style.name if paragraph.style is not None else "").lower()
    return name in {"heading 1", "başlık 1"} or name.startswith("heading 1")


def read_word_comments(path: Path, lang: Language = "tr") -> tuple[str, list[WordComment]]:
    """The document's identifier and its comments, each with the chapter heading it sits under."""
    if not path.is_file():
        raise InvalidInput("notfound.file", path=path)
    check_zip(path)
    try:
        document = Document(str(path))
    except Exception:  # python-docx raises several kinds for a file that is not a .docx
        raise InvalidInput("export.not_docx", path=path) from None
    heading_of: dict[str, str] = {}
    current = ""
    for element in document.element.body.iter(qn("w:p")):
        paragraph = Paragraph(element, document)
        if _is_chapter(paragraph):
            current = paragraph.text.strip()
        for marker in element.iter(qn("w:commentRangeStart"), qn("w:commentReference")):
            heading_of.setdefault(marker.get(qn("w:id")), current)
    comments = [
        WordComment(
            author=c.author or "",
            timestamp=c.timestamp,
            text=c.text or "",
            heading=heading_of.get(str(c.comment_id), ""),
        )
        for c in document.comments
    ]
    # The properties, else the footer line (editors that drop properties keep footers), else the body.
    footers = [p for s in document.sections for p in s.footer.paragraphs]
    found = document.core_properties.identifier or next(
        (match.group(0) for p in [*footers, *document.paragraphs] if (match := _IDENTIFIER.search(p.text))),
        "",
    )
    return found, comments
