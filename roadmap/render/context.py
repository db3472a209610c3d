"""What every chapter of the document is written from: ``DocumentContext`` and the ``Charts`` it carries.

Its own module so that the chapters (``chapters``, ``plan_chapters``) and the document that
strings them together (``document``) can all import it without importing one another.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from pydantic import BaseModel

from roadmap.domain.checklist import CheckRules, Finding, check_rules
from roadmap.domain.content import RoadmapData
from roadmap.render.analysis import Analysis
from roadmap.render.native_charts import NativeChart
from roadmap.render.texts import DocumentTexts
from roadmap.render.word import WordBuilder
from roadmap.settings import Language
from roadmap.text import long_date, number


class Charts(BaseModel):
    """The document's charts, as native Word chart parts; only a power/interest grid of very many
    stakeholders (one bubble per cell) is a picture."""

    radar: NativeChart | None = None
    dimensions: NativeChart | None = None
    grid: NativeChart | None = None
    grid_picture: bytes | None = None
    ranking: NativeChart | None = None
    gantt: NativeChart | None = None


@dataclass
class DocumentContext:
    """What every chapter needs: the data, its analysis, the charts, the words and the writer."""

    data: RoadmapData
    analysis: Analysis
    charts: Charts
    lang: Language
    w: WordBuilder
    hours_target: float = 100
    open_points: list[Finding] = field(default_factory=list)  # the checklist, printed in a draft only
    checks: CheckRules = field(default_factory=check_rules)
    t: DocumentTexts = field(init=False)

    def __post_init__(self) -> None:
        self.t = DocumentTexts(self.lang)

    def focus_title(self, code: str) -> str:
        candidate = next((c for c in self.data.focus.candidates if c.code == code), None)
        if candidate and candidate.title:
            return candidate.title
        return self.data.catalogues.focus_title(code, self.lang)

    def dimension_title(self, dimension_id: str) -> str:
        dimension = self.data.catalogues.instrument.dimension(dimension_id)
        return dimension.title(self.lang) if dimension else dimension_id

    def num(self, value: float | None, digits: int = 2) -> str:
        return "—" if value is None else number(value, self.lang, digits)

    def date(self, value: date) -> str:
        return long_date(value, self.lang)
