"""Small domain exceptions; each edge (CLI, web, flow) translates them once."""

from __future__ import annotations


class RoadmapError(Exception):
    """Base class: the message is already written for the person who sees it.

    ``problems`` lists the details (file, row and field; or what a stage still lacks).
    """

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []

    def __str__(self) -> str:
        if not self.problems:
            return self.args[0]
        return self.args[0] + "\n" + "\n".join(f"  - {p}" for p in self.problems)


class NotFound(RoadmapError):
    """A municipality, stage, user or file that does not exist (or may not be seen)."""


class StaleVersion(RoadmapError):
    """An edit was based on an older version than the one stored."""


class TransitionRefused(RoadmapError):
    """A stage move that the workflow or the actor's role does not allow."""


class PermissionDenied(RoadmapError):
    """The actor may not do this to this municipality."""


class InvalidInput(RoadmapError):
    """Input that failed validation; ``problems`` name the file, row and field."""


class ExportRace(RoadmapError):
    """Another process recorded the same export number first; trying again is safe."""
