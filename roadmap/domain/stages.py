"""The one place that defines the stages, their order and their review statuses."""

from __future__ import annotations

from enum import IntEnum, StrEnum

from roadmap.errors import NotFound


class Stage(IntEnum):
    TEAM = 0
    NEEDS = 1
    FOCUS = 2
    STAKEHOLDERS = 3
    CONSULTATIONS = 4
    ROADMAP = 5
    SHARE = 6

    @property
    def key(self) -> str:
        return self.name.lower()

    @property
    def previous(self) -> Stage | None:
        return Stage(self - 1) if self > 0 else None

    @classmethod
    def parse(cls, value: str | int) -> Stage:
        """Accept ``3``, ``"3"`` or ``"stakeholders"``."""
        text = str(value).strip().lower()
        if text.isdigit() and int(text) in cls._value2member_map_:
            return cls(int(text))
        for stage in cls:
            if stage.key == text:
                return stage
        names = ", ".join(f"{s.value}={s.key}" for s in cls)
        raise NotFound("input.unknown_stage", value=value, names=names)


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"


class Role(StrEnum):
    TEAM_MEMBER = "team_member"
    CONSULTANT = "consultant"
    COORDINATOR = "coordinator"


class Action(StrEnum):
    SUBMIT = "submit"
    REQUEST_CHANGES = "request_changes"
    APPROVE = "approve"
    REOPEN = "reopen"
    OVERRIDE = "override"
    OPEN_EARLY = "open_early"
    WAIVE = "waive"
    UPDATE = "update"
    TRANSLATE = "translate"  # English versions of the team's texts kept (the Turkish is unchanged)
