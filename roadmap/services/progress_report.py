"""The quarterly progress report in Word: read what the report needs through the monitoring services,
then render it (``roadmap.render.progress_report``) and write it atomically."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from roadmap.atomic import write_atomically
from roadmap.i18n import translate
from roadmap.render.progress_report import AmendmentLine, ReportedCheckin, write_progress_report
from roadmap.services.access import Who
from roadmap.services.amendments import AmendmentView, amendments
from roadmap.services.monitoring import action_monitoring, monitored_plan, roadmap_progress
from roadmap.settings import Language, get_settings
from roadmap.text import number


def _said(value: object, lang: Language) -> str:
    """A changed value as a reader writes it: "60" (not "60.0"), "7,5", a unit's name as it is."""
    if value is None:
        return "–"
    if isinstance(value, float):
        return number(value, lang, 0 if value.is_integer() else 1)
    return str(value)


def _lines(view: AmendmentView, lang: Language) -> list[AmendmentLine]:
    state = translate(f"amendment.state.{view.state}", lang)
    found = []
    for field, value in view.changes.items():
        if field == "targets":
            for code, target in value.items():
                found.append(
                    (
                        f"{translate('amendment.field.target', lang)} {code}",
                        view.baseline.get("targets", {}).get(code),
                        target,
                    )
                )
        else:
            found.append((translate(f"amendment.field.{field}", lang), view.baseline.get(field), value))
    return [
        AmendmentLine(
            number=view.number,
            action=view.action_code,
            field=field,
            approved=_said(before, lang),
            amended=_said(after, lang),
            reason=view.reason,
            state=state,
        )
        for field, before, after in found
    ]


def progress_document(
    email: Who, slug: str, period: str, out: Path, lang: Language | None = None, today: date | None = None
) -> Path:
    """Write the period's progress report (.docx) to ``out``; returns its path."""
    language: Language = lang or get_settings().language
    today = today or date.today()
    report = roadmap_progress(email, slug, period, today)
    checkins: dict[str, ReportedCheckin] = {}
    for row in report.actions:
        view = action_monitoring(email, slug, row.code, today)
        kept = next((c for c in view.checkins if c.period == report.period), None)
        if kept is not None:
            checkins[row.code] = ReportedCheckin(
                done=kept.done,
                delays=kept.delays,
                reason=kept.reason,
                evidence=[e.ref if e.kind.value == "link" else e.name or e.ref for e in kept.evidence],
                verification_comment=kept.verification_comment,
            )
    plan = monitored_plan(email, slug)
    lines = [line for view in amendments(email, slug) for line in _lines(view, language)]
    reference = get_settings().reference_docx

    def write(target: Path) -> None:
        write_progress_report(target, reference, plan, report, checkins, lines, language, today)

    return write_atomically(out, write)
