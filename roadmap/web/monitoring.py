"""Monitoring pages: the roadmap's progress by quarter, a page per action with its check-ins, the
check-in form, the consultant's verification, evidence downloads and the check-in workbook."""

from __future__ import annotations

import re
import secrets
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from roadmap.errors import InvalidInput, RoadmapError
from roadmap.i18n import message
from roadmap.imports.files import MAX_BYTES
from roadmap.services.amendments import amendments, decide_amendment, request_amendment
from roadmap.services.checkin_workbook import export_checkin_workbook, import_checkin_workbook
from roadmap.services.cohort_monitoring import cohort_indicator_values, record_cohort_indicator
from roadmap.services.monitoring import (
    EvidenceUpload,
    action_monitoring,
    evidence_file,
    monitoring_open,
    record_checkin,
    roadmap_progress,
    verify_checkin,
)
from roadmap.services.progress_report import progress_document
from roadmap.services.support_awards import awards_for_action
from roadmap.store.tables import User
from roadmap.text import quantity, quarter_name
from roadmap.web.rendering import CurrentUser, PostedForm, flash, language, page
from roadmap.web.support import awards_fragment

router = APIRouter()
SHA256 = re.compile(r"[0-9a-f]{64}")
PERIOD = re.compile(r"\d{4}-Q[1-4]")
SHOWN_TYPES = {"application/pdf", "image/jpeg", "image/png", "image/webp"}


def _quantity(request: Request) -> Callable[[float | None, str], str]:
    """A value with its unit in the reader's language ("%20", "20%")."""
    lang = language(request)
    return lambda value, unit: quantity(value, unit, lang)


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


@router.get("/m/{slug}/monitoring")
def monitoring_page(
    request: Request, slug: str, user: CurrentUser, period: Annotated[str | None, Query()] = None
) -> Response:
    report = roadmap_progress(user.email, slug, period if period and PERIOD.fullmatch(period) else None)
    return page(
        request,
        "monitoring.html",
        user=user,
        slug=slug,
        report=report,
        quantity=_quantity(request),
        cohort_indicators=cohort_indicator_values(user.email, slug, report.period),
    )


@router.post("/m/{slug}/monitoring/indicators")
async def indicators(request: Request, slug: str, user: CurrentUser, form: PostedForm) -> Response:
    monitoring_open(user.email, slug)  # not found for someone who may not see it, before anything else
    lang = language(request)
    period = str(form.get("period", ""))
    values: dict[str, float] = {}
    try:
        for item in cohort_indicator_values(user.email, slug, period):
            written = str(form.get(f"value.{item.indicator.code}", "")).strip().replace(",", ".")
            if written:
                try:
                    values[item.indicator.code] = float(written)
                except ValueError:
                    raise InvalidInput(
                        "monitoring.bad_actual", value=f"{item.indicator.code}={written}"
                    ) from None
        record_cohort_indicator(user.email, slug, period, values)
    except InvalidInput as refused:
        flash(request, refused.text(lang), "error")
    else:
        flash(request, message("web.monitoring.indicators_saved", lang, period=quarter_name(period, lang)))
    return _redirect(
        f"/m/{slug}/monitoring?period={period}" if PERIOD.fullmatch(period) else f"/m/{slug}/monitoring"
    )


def _action_page(
    request: Request, user: User, slug: str, code: str, errors: list[str], status: int = 200, period: str = ""
) -> Response:
    view = action_monitoring(user.email, slug, code)
    chosen = period if period in view.periods else view.current  # the quarter the form is for
    editing = next((c for c in view.checkins if c.period == chosen), None)  # its check-in, to correct
    return page(
        request,
        "monitoring_action.html",
        status_code=status,
        user=user,
        slug=slug,
        view=view,
        errors=errors,
        amendments=amendments(user.email, slug, view.code),
        quantity=_quantity(request),
        chosen=chosen,
        editing=editing,
        # The support programme's awards for this action (by its id: codes may move with amendments).
        support_awards=awards_fragment(
            language(request), awards_for_action(user.email, slug, view.action.id)
        ),
    )


async def _uploads(form: Any) -> list[EvidenceUpload]:
    found = []
    for upload in form.getlist("files"):
        if not getattr(upload, "filename", ""):
            continue
        data = await upload.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise InvalidInput("input.too_big", path=upload.filename, limit=MAX_BYTES // 1024 // 1024)
        found.append(EvidenceUpload(name=Path(upload.filename).name, data=data))
    return found


def _links(text: str) -> list[dict[str, str]]:
    return [
        {"kind": "link", "ref": line.strip(), "name": line.strip()}
        for line in text.splitlines()
        if line.strip()
    ]


@router.post("/m/{slug}/monitoring/{action_code}/checkin")
async def checkin(
    request: Request, slug: str, action_code: str, user: CurrentUser, form: PostedForm
) -> Response:
    view = action_monitoring(user.email, slug, action_code)  # not found for someone who may not see it
    lang = language(request)
    period = str(form.get("period", ""))
    kept = next((c for c in view.checkins if c.period == period), None)
    actuals: dict[str, float] = {}
    errors: list[str] = []
    for n, _ in enumerate(view.action.indicators, start=1):
        written = str(form.get(f"actual.{n}", "")).strip().replace(",", ".")
        if written:
            try:
                actuals[f"{view.code}.{n}"] = float(written)
            except ValueError:
                errors.append(message("monitoring.bad_actual", lang, value=f"{view.code}.{n}={written}"))
    evidence = (
        [e.model_dump(mode="json") for e in kept.evidence] if kept and form.get("keep_evidence") else []
    )
    meeting = str(form.get("meeting", "")).strip()
    if meeting:
        evidence.append({"kind": "meeting", "ref": meeting[:200], "name": meeting[:200]})
    given = {
        "status": str(form.get("status", "")),
        "reason": str(form.get("reason", "")),
        "done": str(form.get("done", "")),
        "delays": str(form.get("delays", "")),
        "actuals": actuals,
        "evidence": [*evidence, *_links(str(form.get("links", "")))],
    }
    version = str(form.get(f"version.{period}", ""))  # the version of this period's check-in, as shown
    if not errors:
        try:
            recorded = record_checkin(
                user.email,
                slug,
                view.code,
                period,
                given,
                await _uploads(form),
                int(version) if version.isdigit() and kept else None,
                source="web",
            )
        except InvalidInput as refused:
            errors = [refused.text(lang), *refused.details(lang)]
        else:
            flash(
                request,
                message(
                    "web.monitoring.recorded",
                    lang,
                    action=recorded.action_code,
                    period=quarter_name(recorded.period, lang),
                ),
            )
            return _redirect(f"/m/{slug}/monitoring/{view.code}")
    return _action_page(request, user, slug, view.code, errors, 422, period=period)


@router.post("/m/{slug}/monitoring/amendments/{number}")
async def decide(request: Request, slug: str, number: int, user: CurrentUser, form: PostedForm) -> Response:
    lang = language(request)
    code = str(form.get("action", ""))
    try:
        done = decide_amendment(
            user.email, slug, number, form.get("decision") == "approve", str(form.get("text", ""))
        )
    except RoadmapError as refused:
        if refused.key.startswith("notfound."):
            raise
        return _action_page(request, user, slug, code or "1.1", [refused.text(lang)], 409)
    flash(request, message(f"cli.amendment.{done.state}", lang, number=done.number, action=done.action_code))
    return _redirect(f"/m/{slug}/monitoring/{done.action_code}#amendments")


@router.post("/m/{slug}/monitoring/{action_code}/amend")
async def amend(
    request: Request, slug: str, action_code: str, user: CurrentUser, form: PostedForm
) -> Response:
    view = action_monitoring(user.email, slug, action_code)  # not found for someone who may not see it
    lang = language(request)
    changes: dict[str, Any] = {"targets": {}}
    errors: list[str] = []
    for name in ("start_month", "end_month"):
        written = str(form.get(name, "")).strip()
        if written:
            if not written.isdigit():
                errors.append(message("form.error.number", lang))
            else:
                changes[name] = int(written)
    if str(form.get("responsible", "")).strip():
        changes["responsible"] = str(form.get("responsible")).strip()
    for n, _ in enumerate(view.action.indicators, start=1):
        written = str(form.get(f"target.{n}", "")).strip().replace(",", ".")
        if written:
            try:
                changes["targets"][f"{view.code}.{n}"] = float(written)
            except ValueError:
                errors.append(message("monitoring.bad_actual", lang, value=f"{view.code}.{n}={written}"))
    if not errors:
        try:
            done = request_amendment(user.email, slug, view.code, changes, str(form.get("reason", "")))
        except InvalidInput as refused:
            errors = [refused.text(lang), *refused.details(lang)]
        else:
            flash(request, message("web.monitoring.amendment_sent", lang, number=done.number))
            return _redirect(f"/m/{slug}/monitoring/{view.code}#amendments")
    return _action_page(request, user, slug, view.code, errors, 422)


@router.post("/m/{slug}/monitoring/{action_code}/verify")
async def verify(
    request: Request, slug: str, action_code: str, user: CurrentUser, form: PostedForm
) -> Response:
    lang = language(request)
    try:
        done = verify_checkin(
            user.email,
            slug,
            action_code,
            str(form.get("period", "")),
            form.get("decision") == "verify",
            str(form.get("text", "")),
        )
    except RoadmapError as refused:
        if refused.key.startswith("notfound."):
            raise
        return _action_page(request, user, slug, action_code, [refused.text(lang)], 409)
    flash(
        request,
        message(
            f"web.monitoring.{done.verification.value}",
            lang,
            action=done.action_code,
            period=quarter_name(done.period, lang),
        ),
    )
    return _redirect(f"/m/{slug}/monitoring/{done.action_code}")


@router.get("/m/{slug}/monitoring/evidence/{sha256}")
def evidence(slug: str, sha256: str, user: CurrentUser) -> Response:
    if not SHA256.fullmatch(sha256):
        raise InvalidInput("monitoring.no_evidence")
    data, name, media = evidence_file(user.email, slug, sha256)
    if media not in SHOWN_TYPES:  # anything else (HTML, SVG, scripts) is only ever a download of bytes
        media = "application/octet-stream"
    safe = re.sub(r"[^\w.-]", "_", name) or "kanit"
    return Response(data, media_type=media, headers={"Content-Disposition": f'attachment; filename="{safe}"'})


@router.get("/m/{slug}/monitoring/workbook.xlsx")
def workbook(
    request: Request, slug: str, user: CurrentUser, period: Annotated[str, Query()] = ""
) -> Response:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{slug}-izleme-{period}.xlsx"
        export_checkin_workbook(user.email, slug, period, path, language(request))
        data = path.read_bytes()
    return Response(
        data,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{slug}-izleme-{period}.xlsx"'},
    )


@router.get("/m/{slug}/monitoring/report.docx")
def progress_report(
    request: Request, slug: str, user: CurrentUser, period: Annotated[str, Query()] = ""
) -> Response:
    with tempfile.TemporaryDirectory() as folder:
        path = progress_document(user.email, slug, period, Path(folder) / "ilerleme.docx", language(request))
        data = path.read_bytes()
    return Response(
        data,
        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        headers={"Content-Disposition": f'attachment; filename="{slug}-ilerleme-{period}.docx"'},
    )


@router.post("/m/{slug}/monitoring/workbook")
async def workbook_upload(request: Request, slug: str, user: CurrentUser, form: PostedForm) -> Response:
    monitoring_open(user.email, slug)  # not found for someone who may not see it, before anything else
    lang = language(request)
    upload = form.get("file")
    if upload is None or not getattr(upload, "filename", "").lower().endswith(".xlsx"):
        flash(request, message("web.monitoring.workbook_type", lang), "error")
        return _redirect(f"/m/{slug}/monitoring")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / (Path(upload.filename).name or f"{secrets.token_hex(4)}.xlsx")
        data = await upload.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise InvalidInput("input.too_big", path=upload.filename, limit=MAX_BYTES // 1024 // 1024)
        path.write_bytes(data)
        try:
            recorded = import_checkin_workbook(user.email, slug, path)
        except InvalidInput as refused:
            if refused.key.startswith("notfound."):
                raise
            for line in [refused.text(lang), *refused.details(lang)]:
                flash(request, line, "error")
            return _redirect(f"/m/{slug}/monitoring")
    flash(request, message("web.monitoring.imported", lang, count=len(recorded)))
    return _redirect(f"/m/{slug}/monitoring")


# Declared last: its path would otherwise take the workbook's and the evidence's.
@router.get("/m/{slug}/monitoring/{action_code}")
def action_page(
    request: Request, slug: str, action_code: str, user: CurrentUser, period: Annotated[str, Query()] = ""
) -> Response:
    return _action_page(request, user, slug, action_code, [], period=period)
