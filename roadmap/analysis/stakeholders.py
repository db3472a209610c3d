"""The stakeholder register: power/interest grid (Mendelow), duplicates, merging, warnings."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from roadmap.domain.catalogues import focus_titles
from roadmap.domain.content import FocusAreas, ParticipationLevel, RoadmapData, Stakeholder, StakeholderType
from roadmap.i18n import message
from roadmap.settings import Language
from roadmap.text import fold_name, tr_sort_key

# 3 is the scale's midpoint and counts as high, so a neutral rating never drops a stakeholder to "monitor".
HIGH = 3
# A "key player" for the warnings: 4 or 5 on both power and interest.
KEY = 4
YOUTH_WORDS = ("genc", "youth", "ogrenci", "student")
WOMEN_WORDS = ("kadin", "women", "woman")


class Quadrant(StrEnum):
    MANAGE_CLOSELY = "manage_closely"
    KEEP_SATISFIED = "keep_satisfied"
    KEEP_INFORMED = "keep_informed"
    MONITOR = "monitor"


def quadrant(power: int, interest: int) -> Quadrant:
    if power >= HIGH:
        return Quadrant.MANAGE_CLOSELY if interest >= HIGH else Quadrant.KEEP_SATISFIED
    return Quadrant.KEEP_INFORMED if interest >= HIGH else Quadrant.MONITOR


def power_interest_grid(stakeholders: list[Stakeholder]) -> dict[Quadrant, list[Stakeholder]]:
    """Stakeholders with power and interest set, grouped by quadrant, strongest first."""
    grid: dict[Quadrant, list[Stakeholder]] = {q: [] for q in Quadrant}
    for s in stakeholders:
        if s.power is not None and s.interest is not None:
            grid[quadrant(s.power, s.interest)].append(s)
    for members in grid.values():
        members.sort(key=lambda s: (-(s.power or 0), -(s.interest or 0), tr_sort_key(s.name)))
    return grid


def numbered(grid: dict[Quadrant, list[Stakeholder]]) -> list[tuple[int, Quadrant, Stakeholder]]:
    """One number per placed stakeholder, in the order of the quadrant tables (chart and tables agree)."""
    rows = [(q, s) for q in Quadrant for s in grid[q]]
    return [(number, q, s) for number, (q, s) in enumerate(rows, start=1)]


# --- duplicates -----------------------------------------------------------------------------------


def identity(name: str) -> str:
    """The name as written, spaces tidied: the same identity is the same record (re-imports update it)."""
    return " ".join(name.split())


def normal_phone(value: str) -> str:
    """Digits only, without the country code or the trunk 0: '0 (222) 555 10 01' → '2225551001'."""
    digits = "".join(ch for ch in value if ch.isdigit())
    if digits.startswith("90") and len(digits) == 12:
        digits = digits[2:]
    return digits.lstrip("0")


def likeness_keys(s: Stakeholder) -> set[str]:
    """Keys that make two records probably the same organisation: folded name, e-mail, phone."""
    keys = {"name:" + fold_name(s.name)}
    if s.email:
        keys.add("email:" + s.email.strip().lower())
    phone = normal_phone(s.phone)
    if len(phone) >= 7:
        keys.add("phone:" + phone)
    return keys


def duplicate_groups(stakeholders: list[Stakeholder]) -> list[list[int]]:
    """Indices of records that share a folded name, an e-mail or a phone number (two or more each)."""
    parent = list(range(len(stakeholders)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[str, int] = {}
    for index, s in enumerate(stakeholders):
        for key in likeness_keys(s):
            if key in first:
                parent[root(index)] = root(first[key])
            else:
                first[key] = index
    groups: dict[int, list[int]] = {}
    for index in range(len(stakeholders)):
        groups.setdefault(root(index), []).append(index)
    return [members for members in groups.values() if len(members) > 1]


def merged(kept: Stakeholder, other: Stakeholder) -> Stakeholder:
    """``kept`` with its blanks filled from ``other``; focus areas joined."""
    update: dict[str, Any] = {}
    for field in ("contact_person", "email", "phone", "power", "interest", "level", "notes"):
        if getattr(kept, field) in ("", None) and getattr(other, field) not in ("", None):
            update[field] = getattr(other, field)
    update["focus_areas"] = list(dict.fromkeys(kept.focus_areas + other.focus_areas))
    return kept.model_copy(update=update)


class DuplicateNote(BaseModel):
    row: int
    name: str
    like: str
    merged: bool


class RegisterMerge(BaseModel):
    stakeholders: list[Stakeholder]
    added: int = 0
    updated: int = 0
    merged: int = 0
    duplicates: list[DuplicateNote] = []


def merge_register(
    existing: list[Stakeholder], incoming: list[tuple[int, Stakeholder]], merge_duplicates: bool
) -> RegisterMerge:
    """Bring imported rows into the register.

    A row with the very same name updates that record (so re-importing a file changes nothing); a
    row that is only probably the same (folded name, e-mail or phone) is reported, and merged into
    the earlier record only when asked.
    """
    result = RegisterMerge(stakeholders=list(existing))
    exact: dict[str, int] = {}
    alike: dict[str, int] = {}

    def index(position: int) -> None:
        s = result.stakeholders[position]
        exact.setdefault(identity(s.name), position)
        for key in likeness_keys(s):
            alike.setdefault(key, position)

    for position in range(len(result.stakeholders)):
        index(position)
    for row, stakeholder in incoming:
        same = exact.get(identity(stakeholder.name))
        if same is not None:  # the same organisation, updated: it keeps its id
            result.stakeholders[same] = stakeholder.model_copy(update={"id": result.stakeholders[same].id})
            result.updated += 1
            index(same)
            continue
        matches = sorted({alike[k] for k in likeness_keys(stakeholder) if k in alike})
        if matches:
            target = matches[0]
            like = result.stakeholders[target].name
            result.duplicates.append(
                DuplicateNote(row=row, name=stakeholder.name, like=like, merged=merge_duplicates)
            )
            if merge_duplicates:
                result.stakeholders[target] = merged(result.stakeholders[target], stakeholder)
                result.merged += 1
                index(target)
                continue
        result.stakeholders.append(stakeholder)
        result.added += 1
        index(len(result.stakeholders) - 1)
    return result


# --- warnings -------------------------------------------------------------------------------------


class RegisterWarning(BaseModel):
    key: str
    params: dict[str, Any] = {}


def _mentions(s: Stakeholder, words: tuple[str, ...]) -> bool:
    text = fold_name(f"{s.name} {s.notes}")
    return any(word in text for word in words)


def register_warnings(
    stakeholders: list[Stakeholder], focus: FocusAreas, titles: dict[str, str]
) -> list[RegisterWarning]:
    """What a team should look at before submitting the map."""
    warnings = []
    for candidate in focus.selected():
        if not any(candidate.code in s.focus_areas and not s.internal for s in stakeholders):
            warnings.append(
                RegisterWarning(
                    key="no_external", params={"area": titles.get(candidate.code, candidate.code)}
                )
            )
    for s in stakeholders:
        if (s.power or 0) >= KEY and (s.interest or 0) >= KEY and s.level == ParticipationLevel.INFORM:
            warnings.append(RegisterWarning(key="key_player_informed", params={"name": s.name}))
    if not any(s.type == StakeholderType.CSO for s in stakeholders):
        warnings.append(RegisterWarning(key="no_cso"))
    if not any(_mentions(s, YOUTH_WORDS) for s in stakeholders):
        warnings.append(RegisterWarning(key="no_youth"))
    if not any(_mentions(s, WOMEN_WORDS) for s in stakeholders):
        warnings.append(RegisterWarning(key="no_women"))
    for group in duplicate_groups(stakeholders):
        warnings.append(
            RegisterWarning(
                key="duplicates", params={"names": " / ".join(stakeholders[i].name for i in group)}
            )
        )
    return warnings


# --- the register as the pages show it ------------------------------------------------------------


class Register(BaseModel):
    name: str
    grid: dict[Quadrant, list[Stakeholder]]
    unplaced: list[Stakeholder]
    warnings: list[RegisterWarning]
    focus_titles: dict[str, str]

    def warning_texts(self, lang: Language) -> list[str]:
        return [message(f"stakeholders.warning.{w.key}", lang, **w.params) for w in self.warnings]


def register_of(data: RoadmapData, lang: Language) -> Register:
    """The register of data already read (the web's stage page has it at hand)."""
    titles = focus_titles(data.focus, lang, data.catalogues.catalogue)
    people = data.stakeholders.stakeholders
    return Register(
        name=data.name,
        grid=power_interest_grid(people),
        unplaced=[s for s in people if s.power is None or s.interest is None],
        warnings=register_warnings(people, data.focus, titles),
        focus_titles=titles,
    )
