"""A sign-in sheet applied to a meeting: who came, how many, what they said (pure: no I/O)."""

from __future__ import annotations

from pydantic import BaseModel

from roadmap.domain.content import HeadCount, Meeting
from roadmap.imports.attendance import AttendanceSheet
from roadmap.imports.files import FileNotes
from roadmap.text import fold_name


class AttendanceResult(BaseModel):
    meeting: str
    rows_read: int
    people: int
    named: int
    matched: list[str]
    unmatched: list[str]
    inputs_added: int
    stored: bool
    notes: FileNotes = FileNotes()
    columns: dict[str, str] = {}  # header → field


def apply_attendance(
    meeting: Meeting, sheet: AttendanceSheet, register: list[str]
) -> tuple[Meeting, AttendanceResult]:
    """The meeting as the sheet says it went; importing the same sheet again changes nothing."""
    names = {fold_name(n): n for n in register}
    organisations = list(dict.fromkeys(p.organisation for p in sheet.people if p.organisation))
    matched = [names[fold_name(o)] for o in organisations if fold_name(o) in names]
    unmatched = [o for o in organisations if fold_name(o) not in names]

    def counted(attribute: str, group: str) -> int | None:
        return sum(1 for p in sheet.people if getattr(p, attribute)) if group in sheet.has else None

    # A person already on the meeting's list (the same sheet imported again) keeps their id.
    earlier = {(fold_name(p.name), fold_name(p.organisation)): p.id for p in meeting.people}
    people = [
        p.model_copy(update={"id": earlier[key]})
        if (key := (fold_name(p.name), fold_name(p.organisation))) in earlier
        else p
        for p in sheet.people
    ]
    known = {(fold_name(i.text), i.source) for i in meeting.inputs}
    added = []
    for organisation, given in sheet.inputs:
        source = names.get(fold_name(organisation), "")
        if (fold_name(given.text), source) not in known:
            known.add((fold_name(given.text), source))
            added.append(given.model_copy(update={"source": source}))
    updated = meeting.model_copy(
        update={
            "held": True,
            "people": people,
            "participants": HeadCount(
                total=len(sheet.people),
                women=counted("woman", "gender"),
                youth=counted("youth", "youth"),
                disability=counted("disability", "disability"),
            ),
            "attended": list(dict.fromkeys(meeting.attended + matched)),
            "inputs": meeting.inputs + added,
        }
    )
    result = AttendanceResult(
        meeting=meeting.code or meeting.title,
        rows_read=sheet.rows_read,
        people=len(sheet.people),
        named=sum(1 for p in sheet.people if p.consent),
        matched=matched,
        unmatched=unmatched,
        inputs_added=len(added),
        stored=False,
        notes=sheet.notes,
        columns=sheet.columns,
    )
    return updated, result
