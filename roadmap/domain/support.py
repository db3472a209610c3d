"""The support programme's rules: a call's rubric, a review's scores, the weighted score and the decision.

A rubric is a list of criteria, each with a weight and a top score; the weights need not add up to
100 (they are shares of their sum). A review scores every criterion from 0 to its top score. The
weighted score of an application is the mean over its reviews of Σ weight × score / top, as a
percentage of the weights' sum. A reviewer who declared a conflict of interest scores nothing and
does not count towards the reviews a decision needs.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from roadmap.errors import keyed_error

KEY = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")


class Criterion(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: Annotated[str, StringConstraints(strip_whitespace=True, to_lower=True)]
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=200)]
    weight: float = Field(gt=0, le=1000)
    max_score: int = Field(default=5, ge=1, le=100)

    @field_validator("key")
    @classmethod
    def _key(cls, value: str) -> str:
        if not KEY.fullmatch(value):
            raise keyed_error("support.error.criterion_key", value=value)
        return value


class Rubric(BaseModel):
    criteria: list[Criterion] = Field(min_length=1, max_length=30)

    @model_validator(mode="after")
    def _distinct_keys(self) -> Rubric:
        keys = [c.key for c in self.criteria]
        twice = sorted({k for k in keys if keys.count(k) > 1})
        if twice:
            raise keyed_error("support.error.criterion_twice", keys=", ".join(twice))
        return self

    def criterion(self, key: str) -> Criterion | None:
        return next((c for c in self.criteria if c.key == key), None)

    @property
    def total_weight(self) -> float:
        return sum(c.weight for c in self.criteria)

    def weighted(self, scores: dict[str, int]) -> float:
        """One review's weighted score, 0–100."""
        points = sum(c.weight * scores.get(c.key, 0) / c.max_score for c in self.criteria)
        return round(100 * points / self.total_weight, 1)


class ScoreProblem(BaseModel):
    """Why a review's scores are refused: a key the rubric lacks, a criterion left out, a score off the scale."""

    key: str
    criterion: str = ""
    value: str = ""
    top: int = 0


def check_scores(rubric: Rubric, scores: dict[str, int]) -> list[ScoreProblem]:
    """Every criterion scored once, within 0 and its top score, and nothing else."""
    problems = [
        ScoreProblem(key="support.error.unknown_criterion", criterion=k)
        for k in scores
        if not rubric.criterion(k)
    ]
    for criterion in rubric.criteria:
        if criterion.key not in scores:
            problems.append(ScoreProblem(key="support.error.criterion_unscored", criterion=criterion.key))
        elif not 0 <= scores[criterion.key] <= criterion.max_score:
            problems.append(
                ScoreProblem(
                    key="support.error.score_range",
                    criterion=criterion.key,
                    value=str(scores[criterion.key]),
                    top=criterion.max_score,
                )
            )
    return problems


class ApplicationStatus(StrEnum):
    SUBMITTED = "submitted"
    AWARDED = "awarded"
    DECLINED = "declined"


class SupportKind(StrEnum):
    """What support was given: expertise, training, goods or services in kind, a venue, materials."""

    TECHNICAL = "technical"
    TRAINING = "training"
    IN_KIND = "in_kind"
    VENUE = "venue"
    MATERIALS = "materials"


def mean_score(rubric: Rubric, reviews: list[dict[str, int]]) -> float | None:
    """The application's weighted score: the mean of its (scoring) reviews; ``None`` before any."""
    if not reviews:
        return None
    return round(sum(rubric.weighted(scores) for scores in reviews) / len(reviews), 1)
