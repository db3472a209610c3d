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

from roadmap.domain.stages import Stage
from roadmap.errors import InvalidInput
from roadmap.imports.files import check_zip
from roadmap.render.texts import DocumentTexts
from roadmap.render.word import WordBuilder
from roadmap.settings import Language

if TYPE_CHECKING:
    from roadmap.services.review import CommentView

IDENTIFIER_PREFIX = "roadmap:"
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


def add_review_comments(builder: WordBuilder, comments: list[CommentView], texts: DocumentTexts) -> None:
    """Each open thread becomes a Word comment on its stage's chapter heading; replies follow it."""
    for thread in comments:
        heading = builder.heading_paragraphs.get(texts(CHAPTER_OF_STAGE[thread.stage]))
        if heading is None or not heading.runs:
            continue
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
    found = document.core_properties.identifier or next(
        (match.group(0) for p in document.paragraphs if (match := _IDENTIFIER.search(p.text))), ""
    )
    return found, comments
