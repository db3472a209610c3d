"""The pages: sign-in, a municipality's journey, one page per stage, review, history, the cohort."""

from __future__ import annotations

import dataclasses
import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from markupsafe import Markup
from pydantic import ValidationError

from roadmap.analysis.stakeholders import Quadrant, numbered, register_of
from roadmap.analysis.synthesis import synthesis
from roadmap.domain.catalogues import focus_titles
from roadmap.domain.checklist import Finding, grouped
from roadmap.domain.content import (
    CONTENT_MODELS,
    Explanation,
    RespondentGroup,
    RoadmapData,
    records_in,
)
from roadmap.domain.diff import change_messages
from roadmap.domain.guidance import guidance
from roadmap.domain.permissions import Permission, Relation, may, stage_rights
from roadmap.domain.stages import Role, Stage, Status
from roadmap.domain.themes import ThemeEdit
from roadmap.errors import InvalidInput, NotFound, RoadmapError, StaleVersion, TransitionRefused
from roadmap.i18n import has_message, message, msg
from roadmap.imports.files import RefusedFile
from roadmap.pipeline import CHART_NAMES, analyse_roadmap, build_roadmap_document, draw_chart
from roadmap.render.analysis import analyse
from roadmap.render.cohort_report import write_report_xlsx
from roadmap.services import stages as stage_service
from roadmap.services.access import can, resolve_actor, visible_municipality
from roadmap.services.accounts import authenticate
from roadmap.services.admissions import municipality_application
from roadmap.services.checks import explain_finding
from roadmap.services.cohort_monitoring import cohort_monitoring, monitoring_queue
from roadmap.services.cohorts import (
    authorise_cohort_run,
    cohort_members,
    cohort_progress,
    cohort_status,
    list_cohorts,
    newest_documents,
)
from roadmap.services.consultations import import_attendance, prefill_roadmap, read_data
from roadmap.services.consulting import consulting_log
from roadmap.services.exports import export_document, export_pdf, export_versions
from roadmap.services.hours import hours_report
from roadmap.services.jobs import cohort_jobs, request_cohort_build
from roadmap.services.municipalities import list_municipalities
from roadmap.services.needs import import_survey
from roadmap.services.notifications import mark_read, my_notices
from roadmap.services.office import cohort_office, office_rows
from roadmap.services.overview import stage_overview
from roadmap.services.releases import release_history
from roadmap.services.review import add_comment, reply, resolve, review_queue, stage_changes
from roadmap.services.snapshots import Snapshot
from roadmap.services.stakeholders import import_stakeholders
from roadmap.services.themes import cohort_themes, edit_theme, store_suggestions
from roadmap.services.translations import save_translations, translation_units
from roadmap.settings import Language, get_settings
from roadmap.store.db import unit_of_work
from roadmap.store.files import PDF
from roadmap.store.tables import Municipality, User
from roadmap.text import fold_name
from roadmap.web import forms, security
from roadmap.web.changes import VIEWS, choices, shown_changes
from roadmap.web.mapping_form import (
    MAPPING_NAME,
    column_options,
    keep_choices,
    mapping_in,
    posted_choices,
    questions_of,
    statement_places,
    target_label,
    value_options,
)
from roadmap.web.rendering import (
    CurrentUser,
    PostedForm,
    flash,
    fragment_html,
    kept_page,
    language,
    macro_html,
    page,
)
from roadmap.web.uploads import UploadOwner, forget_upload, keep_mapping, keep_upload, stored_upload

router = APIRouter()
COHORT_PAGE = 100  # municipalities per page of the cohort table
# What each stage can import from a file, and the service that reads it.
UPLOADS = {Stage.NEEDS: "survey", Stage.STAKEHOLDERS: "stakeholders", Stage.CONSULTATIONS: "attendance"}


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _require_visible(user: User, slug: str) -> Municipality:
    """Not found, unless this person may see the municipality (the services' one access check)."""
    with unit_of_work() as session:
        return visible_municipality(session, resolve_actor(session, user.email), slug)


def _stage(number: int) -> Stage:
    if number not in Stage._value2member_map_:
        raise NotFound("web.error.not_found")
    return Stage(number)


# --- signing in --------------------------------------------------------------------------


@router.get("/login")
def login_form(request: Request, next: str = "/", email: str = "") -> Response:
    return page(request, "login.html", next=_safe_next(next), email=email[:200], error="", user=None)


def _safe_next(target: str) -> str:
    """Only a path on this site: never send someone on to another site after signing in."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


@router.post("/login")
async def login(request: Request, form: PostedForm) -> Response:
    lang = language(request)
    email = str(form.get("email", "")).strip()
    target = _safe_next(str(form.get("next", "/")))
    address = request.client.host if request.client else "-"
    if not security.sign_in_allowed(address, email):
        return page(
            request,
            "login.html",
            429,
            next=target,
            email=email,
            error=message("web.login.throttled", lang),
            user=None,
        )
    user = authenticate(email, str(form.get("password", "")))
    if user is None:
        security.sign_in_failed(address, email)
        return page(
            request,
            "login.html",
            401,
            next=target,
            email=email,
            error=message("web.login.failed", lang),
            user=None,
        )
    request.session.clear()
    request.session.update(uid=user.id, pw=user.password_hash[-16:])
    return _redirect(target)


@router.post("/logout")
async def logout(request: Request, _: PostedForm) -> Response:
    request.session.clear()
    return _redirect("/login")


@router.get("/lang/{code}")
def switch_language(code: str, next: str = "/") -> Response:
    response = _redirect(_safe_next(next))
    if code in ("tr", "en"):
        response.set_cookie("roadmap_lang", code, max_age=365 * 86400, samesite="lax", httponly=True)
    return response


@router.get("/")
def home(request: Request, user: CurrentUser) -> Response:
    role = Role(user.role)
    if role == Role.TEAM_MEMBER:
        with unit_of_work() as session:
            own = session.get(Municipality, user.municipality_id)
        if own is None:
            raise NotFound("web.error.no_municipality")
        return _redirect(f"/m/{own.slug}")
    return _redirect("/review" if role == Role.CONSULTANT else "/cohort")


# --- a municipality's journey ---------------------------------------------------------------


@router.get("/m/{slug}")
@kept_page
def journey(request: Request, slug: str, user: CurrentUser) -> Response:
    report = stage_service.status_report(user.email, slug)
    return page(
        request,
        "journey.html",
        user=user,
        slug=slug,
        report=report,
        exports=list(reversed(export_versions(user.email, slug))),
        current=next((s for s in report.stages if s.status != Status.APPROVED), None),
        consulting=consulting_log(user.email, slug)[:1],
        hours=hours_report(user.email, slug),
        application=municipality_application(user.email, slug) is not None,
    )


# --- one stage ---------------------------------------------------------------------------


def _action_labels(data: RoadmapData) -> dict[str, str]:
    return {action.id: f"{code} {action.title}" for code, action in data.plan.codes().items()}


def _context(user: User, slug: str, stage: Stage, lang: Language) -> dict[str, Any]:
    """What every stage page shows: status, guidance, what is missing, content, comments."""
    overview = stage_overview(user.email, slug, stage)
    view, report, data, kept = overview.view, overview.report, overview.data, overview.snapshot
    row = next(s for s in report.stages if s.stage == stage)
    rights = stage_rights(overview.standing, view.status, row.open)  # the one gate's answer
    editable = rights["edit"]
    # What the page derives from the content alone is kept with the snapshot of these stage versions.
    shown = kept.derived(("stage page", stage, lang), lambda: _derived(data, report, stage, lang))
    return {
        "user": user,
        "slug": slug,
        "name": report.name,
        "stage": stage,
        "view": view,
        "row": row,
        "report": report,
        "data": data,
        "guide": guidance(stage, lang),
        "form": forms.FORMS[stage],
        "ctx": forms.FormContext(
            lang, view.content, shown["focus"], editable, shown["actions"], data.catalogues, shown["notes"]
        ),
        "forms": forms,
        "editable": editable,
        "can_submit": rights["submit"],
        "can_review": rights["review"],
        "threads": overview.threads,
        "last_review": overview.last_review,
        "names": overview.names,  # e-mail -> name, for the people the page mentions
        "upload": UPLOADS.get(stage),
        "errors": {},
        "content_html": "",  # the form or content as stored, when the page may use the kept one
        "extras_html": "",  # the stage's findings and charts, likewise
        "extra": shown["extra"],
        "checks": shown["checks"],
        "requirements": shown[
            "requirements"
        ],  # the stage's own gate: open ones may be waived, waived ones say why
        "point_groups": grouped,
        "anchors": shown["anchors"],
        "can_explain": may(overview.standing, Permission.EDIT) and editable,
        "can_waive": may(overview.standing, Permission.REVIEW),
        "can_move": may(overview.standing, Permission.REVIEW),  # reopen, open early
        "can_override": overview.standing == Relation.PROGRAMME,
        # themes: the team or its consultant, while the stage is open for edits
        "can_theme": (may(overview.standing, Permission.EDIT) or may(overview.standing, Permission.REVIEW))
        and view.status in (Status.DRAFT, Status.CHANGES_REQUESTED),
        "snapshot": kept,
        **(_publishing(user, slug, data, overview.standing) if stage == Stage.SHARE else {}),
    }


def _publishing(user: User, slug: str, data: RoadmapData, standing: Relation) -> dict[str, Any]:
    """Stage 6's releases: the published ones, and whether this person may publish now."""
    waiting = [int(s) for s, status in data.statuses.items() if s < Stage.SHARE and status != Status.APPROVED]
    return {
        "releases": release_history(user.email, slug),
        "can_publish": may(standing, Permission.PUBLISH),
        "publish_waiting": ", ".join(map(str, waiting)),
    }


def _derived(data: RoadmapData, report: Any, stage: Stage, lang: Language) -> dict[str, Any]:
    """The parts of a stage page that follow from the municipality's content and the reader's language."""
    titles = focus_titles(data.focus, lang, data.catalogues.catalogue)
    checks = [f for f in report.checks_of(stage) if f.family == "check"]
    return {
        "focus": {c.code: titles.get(c.code, c.code) for c in data.focus.selected()},
        "actions": _action_labels(data),
        "notes": _notes(checks, lang),
        "checks": checks,
        "requirements": [
            f for f in report.checks_of(stage) if f.family == "problem" and f.state != "explained"
        ],
        "extra": _extras(stage, data, lang),
        "anchors": _anchors(data, stage),
    }


def _notes(checks: list[Finding], lang: Language) -> dict[str, list[tuple[str, str]]]:
    """Each record's points of the checklist, shown beside it in the form: (severity or state, text)."""
    notes: dict[str, list[tuple[str, str]]] = {}
    for finding in checks:
        kind = finding.severity.value if finding.open else "resolved"
        notes.setdefault(finding.subject, []).append((kind, f"{finding.text(lang)} [{finding.code}]"))
    return notes


def _anchors(data: RoadmapData, stage: Stage) -> set[str]:
    """The records the stage's form shows, each with an anchor a finding can link to."""
    content = data.content(stage)
    anchors = {r.id for r in records_in(content) if not isinstance(r, Explanation)}  # reasons: in the list
    if stage == Stage.FOCUS:
        anchors |= {c.code for c in data.focus.candidates}
    if stage == Stage.NEEDS and data.needs.responses:  # the findings table's rows, one per dimension
        anchors |= {d.id for d in data.catalogues.instrument.dimensions}
    return anchors


@dataclasses.dataclass(frozen=True)
class ChartView:
    """A chart as a page shows it: the picture, alt text that says what it shows, and (where the page
    has no table of the same figures already) the figures as a table."""

    name: str
    alt: str
    head: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


def _score(value: float | None, lang: Language) -> str:
    return "—" if value is None else f"{value:.2f}".replace(".", "," if lang == "tr" else ".")


STAKEHOLDER_SIDE = {True: "web.chart.internal", False: "web.chart.external"}


def _chart_views(stage: Stage, data: RoadmapData, analysis: Any, lang: Language) -> list[ChartView]:
    """Each stage's charts with their alt text and data, read from the analysis the page already made."""

    def say(key: str, **params: Any) -> str:
        return message(key, lang, **params)

    if stage == Stage.NEEDS:
        ranked = analysis.findings.ranked()
        if not ranked:
            return []
        titles = {d.id: d.title(lang) for d in data.catalogues.instrument.dimensions}
        high, low = ranked[0], ranked[-1]
        words = {
            "count": len(ranked),
            "high": titles.get(high.id, high.id),
            "high_score": _score(high.overall.mean, lang),
            "low": titles.get(low.id, low.id),
            "low_score": _score(low.overall.mean, lang),
        }
        return [ChartView(name, say(f"web.chart.alt.{name}", **words)) for name in ("radar", "dimensions")]
    if stage == Stage.FOCUS and analysis.ranking:
        first = analysis.ranking[0]
        alt = say(
            "web.chart.alt.ranking",
            count=len(analysis.ranking),
            first=first.title,
            score=_score(first.score, lang),
        )
        return [ChartView("ranking", alt)]
    if stage == Stage.STAKEHOLDERS and data.stakeholders.stakeholders:
        placed = numbered(analysis.grid)
        sizes = {q.value: len(analysis.grid[q]) for q in Quadrant}
        alt = say("web.chart.alt.grid", count=len(placed), **sizes)
        head = tuple(
            say(k)
            for k in ("web.chart.number", "field.name", "field.power", "field.interest", "web.chart.kind")
        ) + (say("web.chart.quadrant"),)
        rows: tuple[tuple[str, ...], ...] = tuple(
            (
                str(number),
                s.name,
                str(s.power),
                str(s.interest),
                say(STAKEHOLDER_SIDE[s.internal]),
                say(f"web.chart.quadrant.{q.value}"),
            )
            for number, q, s in placed
        )
        return [ChartView("grid", alt, head, rows)]
    if stage == Stage.ROADMAP and data.plan.actions():
        timeline = data.plan.timeline()
        if not timeline:
            return []
        alt = say(
            "web.chart.alt.gantt",
            count=len({code for _, code, _, _, _ in timeline}),
            goals=len(data.plan.goals),
            first=min(row[3] for row in timeline),
            last=max(row[4] for row in timeline),
        )
        head = tuple(say(k) for k in ("field.code", "field.title", "field.start_month", "field.end_month"))
        steps = tuple((code, a.title, str(first), str(last)) for _, code, a, first, last in timeline)
        return [ChartView("gantt", alt, head, steps)]
    return []


def _extras(stage: Stage, data: RoadmapData, lang: Language) -> dict[str, Any]:
    """Each stage's own findings beside its form, derived from the data the page already read."""
    if stage not in (Stage.NEEDS, Stage.FOCUS, Stage.STAKEHOLDERS, Stage.CONSULTATIONS, Stage.ROADMAP):
        return {}
    analysis = analyse(data, lang)
    charts = _chart_views(stage, data, analysis, lang)
    if stage == Stage.NEEDS and data.needs.responses:
        titles = {d.id: d.title(lang) for d in data.catalogues.instrument.dimensions}
        return {"findings": analysis.findings, "titles": titles, "charts": charts}
    if stage == Stage.FOCUS:
        return {"ranking": analysis.ranking, "charts": charts}
    if stage == Stage.STAKEHOLDERS:
        return {"warnings": register_of(data, lang).warning_texts(lang), "charts": charts}
    if stage == Stage.CONSULTATIONS:
        meetings = [m.code or m.title for m in data.consultations.meetings]
        focus = focus_titles(data.focus, lang, data.catalogues.catalogue)
        return {
            "coverage": analysis.coverage,
            "meetings": meetings,
            "themes": synthesis(data),
            "focus": focus,
        }
    return {"charts": charts}


@router.get("/m/{slug}/stages/{number}")
@kept_page
def stage_page(request: Request, slug: str, number: int, user: CurrentUser) -> Response:
    stage = _stage(number)
    lang = language(request)
    context = _context(user, slug, stage, lang)
    context["content_html"] = _content_html(context, lang)
    context["extras_html"] = context["snapshot"].derived(
        ("extras html", stage, lang),  # the analysis, charts' tables and findings of this content
        lambda: fragment_html(
            "stage_extras.html", lang, slug=slug, extra=context["extra"], ctx=context["ctx"]
        ),
    )
    return page(request, "stage.html", **context)


def _content_html(context: dict[str, Any], lang: Language) -> Markup:
    """The stage's form, or its content as text, as stored: the page's largest part, rendered once
    per stage version, language and whether the reader may edit (a form with errors is not kept)."""
    stage, editable, ctx = context["stage"], context["editable"], context["ctx"]
    kept: Snapshot = context["snapshot"]

    def make() -> Markup:
        if editable:
            return macro_html(
                "macros.html", "fields", lang, forms.FORMS[stage], ctx.content, "", ctx, {}, forms
            )
        return macro_html("readonly.html", "show", lang, forms.FORMS[stage], ctx.content, "", ctx, forms)

    return kept.derived(("content html", stage, lang, editable), make)


@router.post("/m/{slug}/stages/{number}")
async def save_stage(
    request: Request,
    slug: str,
    number: int,
    user: CurrentUser,
    form: PostedForm,
) -> Response:
    stage = _stage(number)
    lang = language(request)
    view = stage_service.show_stage(user.email, slug, stage)
    merged = forms.overlay(forms.FORMS[stage], view.content, form)
    try:
        CONTENT_MODELS[stage].model_validate(merged)
    except ValidationError as error:
        context = _context(user, slug, stage, lang)
        context["view"] = view.model_copy(update={"content": merged})
        context["ctx"] = dataclasses.replace(context["ctx"], content=merged, editable=True)
        context["errors"] = forms.field_errors(error, lang)
        return page(request, "stage.html", 422, **context)
    version = int(str(form.get("version", "0")) or 0)
    try:
        stage_service.update_stage(user.email, slug, stage, merged, version, source="web")
    except StaleVersion:  # someone saved first: the form again with this person's text, and what differs
        return _conflict(request, user, slug, stage, lang, merged)
    flash(request, message("web.saved", lang))
    if form.get("then") == "submit":
        return await _submit(request, slug, stage, user)
    return _redirect(f"/m/{slug}/stages/{int(stage)}")


def _conflict(
    request: Request, user: User, slug: str, stage: Stage, lang: Language, theirs: dict[str, Any]
) -> Response:
    """Another person saved this stage while this one was editing: their text is kept in the form, the
    page lists how it differs from what is stored now, and saving again keeps it (the form carries
    the stored version now); reloading the page takes the other person's."""
    context = _context(user, slug, stage, lang)
    stored = context["view"]
    differences = [m.render(lang) for m in change_messages(stored.content, theirs)]
    context["view"] = stored.model_copy(update={"content": theirs})
    context["ctx"] = dataclasses.replace(context["ctx"], content=theirs, editable=True)
    return page(
        request,
        "stage.html",
        409,
        **context,
        conflict=differences,
        conflict_by=context["names"].get(stored.updated_by, stored.updated_by),
    )


async def _submit(request: Request, slug: str, stage: Stage, user: User) -> Response:
    lang = language(request)
    try:
        stage_service.submit_stage(user.email, slug, stage)
    except (TransitionRefused, InvalidInput) as refused:  # not found / not allowed become error pages
        flash(request, " ".join([refused.text(lang), *refused.details(lang)]), "error")
    else:
        flash(request, message("web.submitted", lang))
    return _redirect(f"/m/{slug}/stages/{int(stage)}")


@router.post("/m/{slug}/stages/{number}/submit")
async def submit(
    request: Request,
    slug: str,
    number: int,
    user: CurrentUser,
    _: PostedForm,
) -> Response:
    return await _submit(request, slug, _stage(number), user)


@router.post("/m/{slug}/stages/{number}/review")
async def review(
    request: Request,
    slug: str,
    number: int,
    user: CurrentUser,
    form: PostedForm,
) -> Response:
    stage = _stage(number)
    approve = form.get("decision") == "approve"
    comment = str(form.get("comment", ""))
    try:
        status = stage_service.review_stage(user.email, slug, stage, approve=approve, comment=comment)
    except TransitionRefused as refused:  # e.g. changes requested without saying which: the same page
        lang = language(request)
        context = _context(user, slug, stage, lang)
        return page(
            request, "stage.html", 422, **context, review_error=refused.text(lang), review_comment=comment
        )
    flash(
        request,
        message(
            "web.reviewed", language(request), status=message(f"status.{status.value}", language(request))
        ),
    )
    return _redirect(f"/m/{slug}/stages/{int(stage)}")


@router.post("/m/{slug}/stages/{number}/comments")
async def comment(
    request: Request,
    slug: str,
    number: int,
    user: CurrentUser,
    form: PostedForm,
) -> Response:
    stage = _stage(number)
    if form.get("resolve"):
        resolve(user.email, slug, int(str(form.get("resolve"))))
    elif form.get("parent"):
        reply(user.email, slug, int(str(form.get("parent"))), str(form.get("text", "")))
    else:
        add_comment(
            user.email,
            slug,
            stage,
            str(form.get("text", "")),
            str(form.get("field", "")),
            str(form.get("record", "")),
        )
    return _redirect(f"/m/{slug}/stages/{int(stage)}#comments")


def _answer_point(
    request: Request, slug: str, form: Any, answer: Callable[[Stage, str], object], done: str
) -> Response:
    """Record an answer to a point of the checklist and go back to the list, saying how it went."""
    stage = _stage(int(str(form.get("stage", "0")) or 0))
    try:
        answer(stage, str(form.get("key", "")))
    except (TransitionRefused, InvalidInput, StaleVersion) as refused:
        flash(request, refused.text(language(request)), "error")
    else:
        flash(request, message(done, language(request)))
    return _redirect(f"/m/{slug}/stages/{int(stage)}#checks")


@router.post("/m/{slug}/checks/explain")
async def explain(request: Request, slug: str, user: CurrentUser, form: PostedForm) -> Response:
    """The team's reason for a point of the checklist it leaves as it is (an empty one withdraws it)."""
    text = str(form.get("text", ""))
    return _answer_point(
        request,
        slug,
        form,
        lambda _, key: explain_finding(user.email, slug, key, text),
        "web.check.explained",
    )


@router.post("/m/{slug}/checks/waive")
async def waive(request: Request, slug: str, user: CurrentUser, form: PostedForm) -> Response:
    """The consultant waives a blocking point of the checklist, with a comment (audited)."""
    comment = str(form.get("comment", ""))
    return _answer_point(
        request,
        slug,
        form,
        lambda stage, key: stage_service.waive_requirement(user.email, slug, stage, key, comment),
        "web.check.waived",
    )


@router.post("/m/{slug}/stages/{number}/workflow")
async def workflow_move(
    request: Request, slug: str, number: int, user: CurrentUser, form: PostedForm
) -> Response:
    """The reviewers' and the programme's moves that are not a review: reopen an approved stage, open
    a stage early, override a status; each with its reason, audited, refused to those who may not."""
    stage = _stage(number)
    _require_visible(user, slug)  # not found for anyone of another municipality, whatever they ask
    lang = language(request)
    move, reason = str(form.get("move", "")), str(form.get("reason", ""))
    try:
        if move == "reopen":
            stage_service.reopen_stage(user.email, slug, stage, reason)
        elif move == "open_early":
            stage_service.open_stage_early(user.email, slug, stage, reason)
        elif move == "override":
            target = Status(str(form.get("to", "")))
            stage_service.override_stage(user.email, slug, stage, target, reason)
        else:
            raise InvalidInput("web.workflow.unknown")
    except ValueError:  # a status that does not exist
        flash(request, message("web.workflow.unknown", lang), "error")
    except (TransitionRefused, InvalidInput) as refused:
        flash(request, refused.text(lang), "error")
    else:
        flash(request, message(f"web.workflow.done.{move}", lang))
    return _redirect(f"/m/{slug}/stages/{int(stage)}")


@router.post("/m/{slug}/themes/suggest")
async def suggest_themes(request: Request, slug: str, user: CurrentUser, form: PostedForm) -> Response:
    """Suggest themes in the inputs (the model runs here); accepted themes stay as people left them."""
    _require_visible(user, slug)
    lang = language(request)
    try:
        found = store_suggestions(user.email, slug, int(str(form.get("version", "0")) or 0))
    except (TransitionRefused, InvalidInput, StaleVersion) as refused:
        flash(request, refused.text(lang), "error")
    else:
        flash(request, message("web.themes.suggested", lang, count=len(found)))
    return _redirect(f"/m/{slug}/stages/{int(Stage.CONSULTATIONS)}#themes")


@router.post("/m/{slug}/themes")
async def change_theme(request: Request, slug: str, user: CurrentUser, form: PostedForm) -> Response:
    """One edit of a theme from its form: accept, rename, merge, split or move the ticked inputs."""
    _require_visible(user, slug)
    lang = language(request)
    try:
        edit = ThemeEdit(
            action=str(form.get("action", "")),  # pydantic checks the value
            theme=str(form.get("theme", "")),
            name=str(form.get("name", "")),
            into=str(form.get("into", "")),
            inputs=[str(v) for v in form.getlist("inputs")],
        )
        edit_theme(user.email, slug, edit, int(str(form.get("version", "0")) or 0))
    except ValidationError:
        flash(request, message("web.workflow.unknown", lang), "error")
    except (TransitionRefused, InvalidInput, StaleVersion, NotFound) as refused:
        flash(request, refused.text(lang), "error")
    else:
        flash(request, message(f"web.themes.done.{edit.action}", lang))
    return _redirect(f"/m/{slug}/stages/{int(Stage.CONSULTATIONS)}#themes")


@router.post("/m/{slug}/stages/5/prefill")
async def prefill(request: Request, slug: str, user: CurrentUser, _: PostedForm) -> Response:
    plan = prefill_roadmap(user.email, slug)
    flash(
        request,
        message(
            "web.prefilled",
            language(request),
            goals=msg("web.count.goals", count=len(plan.goals)),
            actions=msg("web.count.actions", count=len(plan.actions())),
        ),
    )
    return _redirect(f"/m/{slug}/stages/5")


# --- uploads: a preview with the per-row report, then confirm ------------------------------------


def _run_import(
    user: User, slug: str, stage: Stage, path: Path, options: dict[str, str], dry_run: bool
) -> Any:
    mapping = mapping_in(path.parent)
    if stage == Stage.NEEDS:
        return import_survey(
            user.email, slug, path, RespondentGroup(options.get("group", "staff")), mapping, dry_run
        )
    if stage == Stage.STAKEHOLDERS:
        return import_stakeholders(user.email, slug, path, dry_run, options.get("merge") == "1", mapping)
    return import_attendance(user.email, slug, options.get("meeting", ""), path, dry_run, mapping)


def _upload_options(form: Any) -> dict[str, str]:
    return {k: str(form.get(k, "")) for k in ("group", "merge", "meeting")}


def _upload_form_again(
    request: Request, user: User, slug: str, stage: Stage, errors: dict[str, str], options: dict[str, str]
) -> Response:
    """The stage page again, with why the file (or the mapping file) was not taken beside its field."""
    context = _context(user, slug, stage, language(request))
    return page(request, "stage.html", 422, **context, upload_errors=errors, upload_options=options)


def _dry_run_page(
    request: Request, user: User, slug: str, stage: Stage, name: str, path: Path, options: dict[str, str]
) -> Response:
    """Read the kept upload without storing it: the preview; or what to choose for the columns and values
    that could not be read; or, when no choice would help, why the file was refused."""
    lang = language(request)
    kind = UPLOADS[stage]
    shown: dict[str, Any] = {
        "user": user,
        "slug": slug,
        "stage": stage,
        "kind": kind,
        "file": path.name,
        "forms": forms,
        "name": name,
        "options": options,
        "token": path.parent.name,
        "questions": None,
        "result": None,
        "problems": [],
    }
    try:
        result = _run_import(user, slug, stage, path, options, dry_run=True)
    except RefusedFile as refused:
        data = read_data(user.email, slug)
        questions = questions_of(kind, refused, data)
        if not questions:
            forget_upload(path)
            return page(request, "upload.html", 422, **(shown | {"problems": _said(refused, lang)}))
        return page(
            request,
            "upload.html",
            422,
            **shown
            | {
                "questions": questions,
                "column_options": column_options(kind, data, lang),
                "value_options": {q.field: value_options(q.field, data, lang) for q in questions.values},
                "problems": [p.text(lang) for p in questions.remaining],
                "mapping": mapping_in(path.parent) is not None,
            },
        )
    except RoadmapError as refused:
        forget_upload(path)
        return page(request, "upload.html", 422, **(shown | {"problems": _said(refused, lang)}))
    data = read_data(user.email, slug)
    meanings = {h: target_label(kind, t, data, lang) for h, t in getattr(result, "columns", {}).items()}
    places = statement_places(data, lang) if kind == "survey" else {}
    shown |= {
        "result": result,
        "meanings": meanings,
        "places": places,
        "mapping": mapping_in(path.parent) is not None,
    }
    return page(request, "upload.html", **shown)


def _said(refused: RoadmapError, lang: Language) -> list[str]:
    return [refused.text(lang), *refused.details(lang)]


def _upload_place(user: User, slug: str, number: int) -> tuple[Stage, Municipality, UploadOwner]:
    """The stage and municipality of an upload address, and whose uploads this person may use there:
    only their own, sent to this municipality and this stage."""
    stage = _stage(number)
    if stage not in UPLOADS:
        raise NotFound("web.error.not_found")
    municipality = _require_visible(user, slug)  # only someone who may see it may upload to it
    assert user.id is not None and municipality.id is not None  # both are stored rows
    return stage, municipality, UploadOwner(user_id=user.id, municipality_id=municipality.id, stage=stage)


@router.post("/m/{slug}/stages/{number}/upload")
async def upload(
    request: Request,
    slug: str,
    number: int,
    user: CurrentUser,
    form: PostedForm,
) -> Response:
    stage, municipality, owner = _upload_place(user, slug, number)
    lang = language(request)
    options = _upload_options(form)
    try:
        path = await keep_upload(form, owner)
    except InvalidInput as refused:
        return _upload_form_again(request, user, slug, stage, {"file": refused.text(lang)}, options)
    try:
        await keep_mapping(form, path)
    except InvalidInput as refused:
        forget_upload(path)
        return _upload_form_again(request, user, slug, stage, {"mapping": refused.text(lang)}, options)
    return _dry_run_page(request, user, slug, stage, municipality.name, path, options)


@router.post("/m/{slug}/stages/{number}/upload/mapping")
async def upload_mapping(
    request: Request,
    slug: str,
    number: int,
    user: CurrentUser,
    form: PostedForm,
) -> Response:
    """The person's choices for a file's unmatched columns and values, kept as the upload's mapping
    file; then the file is read again with them."""
    stage, municipality, owner = _upload_place(user, slug, number)
    path = stored_upload(str(form.get("token", "")), owner)
    columns, values = posted_choices(form, UPLOADS[stage], read_data(user.email, slug), language(request))
    keep_choices(path.parent, columns, values)
    return _dry_run_page(request, user, slug, stage, municipality.name, path, _upload_options(form))


@router.get("/m/{slug}/stages/{number}/upload/{token}/mapping.yaml")
def upload_mapping_file(slug: str, number: int, token: str, user: CurrentUser) -> Response:
    """The mapping kept beside an upload, to send with the next export of the same form."""
    _, _, owner = _upload_place(user, slug, number)
    kept = mapping_in(stored_upload(token, owner).parent)
    if kept is None:
        raise NotFound("web.error.not_found")
    return Response(
        kept.read_bytes(),
        media_type="application/yaml",
        headers={"Content-Disposition": f'attachment; filename="{MAPPING_NAME}"'},
    )


@router.post("/m/{slug}/stages/{number}/upload/confirm")
async def upload_confirm(
    request: Request,
    slug: str,
    number: int,
    user: CurrentUser,
    form: PostedForm,
) -> Response:
    stage, _, owner = _upload_place(user, slug, number)
    path = stored_upload(str(form.get("token", "")), owner)
    try:
        _run_import(user, slug, stage, path, _upload_options(form), dry_run=False)
    finally:
        forget_upload(path)
    flash(request, message("web.imported", language(request)))
    return _redirect(f"/m/{slug}/stages/{int(stage)}")


@router.post("/m/{slug}/stages/{number}/upload/discard")
async def upload_discard(
    request: Request,
    slug: str,
    number: int,
    user: CurrentUser,
    form: PostedForm,
) -> Response:
    """Cancel: the kept file, its mapping and the note of its owner are removed; nothing was stored."""
    stage, _, owner = _upload_place(user, slug, number)
    forget_upload(stored_upload(str(form.get("token", "")), owner))
    return _redirect(f"/m/{slug}/stages/{int(stage)}")


# --- charts, history, documents -------------------------------------------------------------------


@router.get("/m/{slug}/charts/{name}.png")
def chart(request: Request, slug: str, name: str, user: CurrentUser) -> Response:
    if name not in CHART_NAMES:
        raise NotFound("web.error.not_found")
    data = read_data(user.email, slug)
    lang = language(request)
    png = draw_chart(data, analyse_roadmap(data, lang), lang, name)
    if png is None:
        raise NotFound("web.error.not_found")
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=60"})


@router.get("/m/{slug}/history")
def history(request: Request, slug: str, user: CurrentUser) -> Response:
    report = stage_service.status_report(user.email, slug)
    trail = list(reversed(stage_service.audit_trail(user.email, slug)))
    return page(request, "history.html", user=user, slug=slug, report=report, trail=trail[:300])


@router.get("/m/{slug}/stages/{number}/diff")
def diff(
    request: Request,
    slug: str,
    number: int,
    user: CurrentUser,
    old: str = "",
    new: str = "",
    view: str = "list",
) -> Response:
    """What changed between two versions, record by record: as a list ("old → new") or side by side."""
    stage = _stage(number)
    report = stage_service.status_report(user.email, slug)
    row = next(s for s in report.stages if s.stage == stage)
    # By default what this submission changed since the one before it; with one submission (or a
    # draft edited since), the last submission against the stage as it is now.
    if not old and not new:
        edited_since = row.status.value in ("draft", "changes_requested")
        old, new = (
            (str(row.submissions - 1), str(row.submissions))
            if row.submissions >= 2 and not edited_since
            else (str(max(row.submissions, 1)), "current")
        )
    lang = language(request)
    fields: list[Any] = []
    records: list[Any] = []
    if row.submissions:
        changes = stage_changes(user.email, slug, stage, old, new)
        data = read_data(user.email, slug)
        titles = focus_titles(data.focus, lang, data.catalogues.catalogue)
        ctx = forms.FormContext(lang, {}, titles, False, _action_labels(data), data.catalogues)
        fields, records = shown_changes(changes, lang, choices(forms.FORMS[stage], ctx))
    return page(
        request,
        "diff.html",
        user=user,
        slug=slug,
        stage=stage,
        row=row,
        old=old,
        new=new,
        view=view if view in VIEWS else "list",
        fields=fields,
        records=records,
        name=report.name,
    )


@router.get("/m/{slug}/stages/{number}/translate")
def translate_page(request: Request, slug: str, number: int, user: CurrentUser) -> Response:
    """A stage's texts side by side: the Turkish as written, the English beside it."""
    stage = _stage(number)
    municipality = _require_visible(user, slug)
    units = [u for u in translation_units(user.email, slug) if u.stage == stage]
    with unit_of_work() as session:
        editable = can(session, resolve_actor(session, user.email), Permission.EDIT, municipality)
    return page(
        request,
        "translate.html",
        user=user,
        slug=slug,
        name=municipality.name,
        stage=stage,
        units=units,
        labels={u.unit: _field_label(u.field, language(request)) for u in units},
        editable=editable,
    )


def _field_label(path: str, lang: Language) -> str:
    """A text's field as the stage's form labels it ("foreword.text": the mayor's foreword)."""
    parts = [part for part in path.split(".") if not part.isdigit()]
    for key in (".".join(parts), ".".join(parts[-2:]), parts[-1]):
        if has_message(f"field.{key}", lang):
            return message(f"field.{key}", lang)
    return path


@router.post("/m/{slug}/stages/{number}/translate")
async def save_translation_page(
    request: Request, slug: str, number: int, user: CurrentUser, form: PostedForm
) -> Response:
    """Keep the English written on the page; a text whose Turkish changed meanwhile is not applied."""
    stage = _stage(number)
    units = [u for u in translation_units(user.email, slug) if u.stage == stage]
    targets = {
        u.unit: (str(form.get(f"source:{u.unit}", "")), str(form.get(f"en:{u.unit}", "")))
        for u in units
        if f"en:{u.unit}" in form
    }
    report = save_translations(user.email, slug, targets)
    lang = language(request)
    changed = report.count("source_changed")
    flash(
        request, message("web.translate.saved", lang, count=report.count("applied") + report.count("emptied"))
    )
    if changed:
        flash(request, message("web.translate.changed", lang, count=changed), "error")
    return _redirect(f"/m/{slug}/stages/{int(stage)}/translate")


@router.post("/m/{slug}/export")
async def export(request: Request, slug: str, user: CurrentUser, form: PostedForm) -> Response:
    _require_visible(user, slug)
    lang: Language = "en" if form.get("lang") == "en" else "tr"
    out = get_settings().out_dir / "web" / f"{slug}-yol-haritasi-{lang}.docx"
    result = build_roadmap_document(slug, lang=lang, out=out, actor=user.email)
    flash(request, message("web.exported", language(request), number=result.number, version=result.version))
    return _redirect(f"/m/{slug}#exports")


@router.get("/m/{slug}/exports/{number}.docx")
def download(slug: str, number: int, user: CurrentUser) -> Response:
    document, filename = export_document(user.email, slug, number)
    return Response(
        document,
        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/m/{slug}/exports/{number}.pdf")
def download_pdf(slug: str, number: int, user: CurrentUser) -> Response:
    """The PDF kept with an exported version (not found when none was made of it)."""
    pdf, filename = export_pdf(user.email, slug, number)
    return Response(
        pdf, media_type=PDF, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )


# --- the consultant's queue and the coordinator's cohort --------------------------------------------


@router.get("/notifications")
def notifications_page(request: Request, user: CurrentUser) -> Response:
    """The person's notices, newest first; opening the page marks them read."""
    notices = my_notices(user.email, language(request))
    mark_read(user.email)
    return page(request, "notifications.html", user=user, items=notices)


@router.get("/review")
def review_queue_page(request: Request, user: CurrentUser) -> Response:
    return page(
        request,
        "review.html",
        user=user,
        queue=review_queue(user.email),
        municipalities=list_municipalities(user.email),
        monitoring_queue=monitoring_queue(user.email),
    )


@router.get("/cohort")
@kept_page
def cohort_page(
    request: Request,
    user: CurrentUser,
    cohort: str = "",
    stage: str = "",
    overdue: str = "",
    q: str = "",
    sort: str = "name",
    page_number: Annotated[int, Query(alias="page", ge=1)] = 1,
) -> Response:
    cohorts = list_cohorts(user.email)
    chosen = cohort or (cohorts[0].slug if cohorts else "")
    status = cohort_status(user.email, chosen) if chosen else None
    jobs = cohort_jobs(user.email, chosen, limit=1) if chosen and Role(user.role) == Role.COORDINATOR else []
    rows = status.rows if status else []
    if stage:
        rows = [r for r in rows if (r.stage.key if r.stage is not None else "done") == stage]
    if overdue:
        rows = [r for r in rows if r.overdue]
    if q:  # Turkish-aware: "istanbul", "ISTANBUL" and "İstanbul" alike, "ornekkoy" finds "Örnekköy"
        needle = fold_name(q)
        rows = [r for r in rows if any(needle in fold_name(text) for text in (r.name, r.province, r.slug))]
    keys = {
        "name": lambda r: r.name,
        "stage": lambda r: (int(r.stage) if r.stage is not None else 9, r.name),
        "waiting": lambda r: (-r.since_days, r.name),
        "overdue": lambda r: (-max((o.days for o in r.overdue), default=-1), r.name),
    }
    rows = sorted(rows, key=keys.get(sort, keys["name"]))
    pages = max(1, -(-len(rows) // COHORT_PAGE))
    page_number = min(page_number, pages)
    shown = rows[(page_number - 1) * COHORT_PAGE : page_number * COHORT_PAGE]
    return page(
        request,
        "cohort.html",
        user=user,
        cohorts=cohorts,
        chosen=chosen,
        status=status,
        rows=shown,
        total=len(rows),
        pages=pages,
        page_number=page_number,
        filters={"stage": stage, "overdue": overdue, "q": q, "sort": sort},
        job=jobs[0] if jobs else None,
        monitoring=cohort_monitoring(user.email, chosen) if chosen else None,
        office=office_rows(user.email, chosen, [r.slug for r in shown]) if chosen else {},
    )


@router.get("/cohort/{slug}/report.xlsx")
def cohort_workbook(request: Request, slug: str, user: CurrentUser) -> Response:
    authorise_cohort_run(user.email, slug)
    lang = language(request)
    path = get_settings().out_dir / "web" / f"{slug}-ilerleme-raporu-{lang}.xlsx"
    write_report_xlsx(
        cohort_progress(user.email, slug),
        lang,
        path,
        monitoring=cohort_monitoring(user.email, slug),
        office=cohort_office(user.email, slug),
    )
    return Response(
        path.read_bytes(),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{path.name}"'},
    )


@router.get("/cohort/{slug}/documents.zip")
def cohort_documents(request: Request, slug: str, user: CurrentUser) -> Response:
    """Bulk export: the newest Word roadmap of every municipality of the cohort, in one ZIP that says
    what it holds and which municipalities have no document yet; none at all is said on the page."""
    authorise_cohort_run(user.email, slug)
    lang = language(request)
    documents = newest_documents(user.email, slug)
    if not documents:
        flash(request, message("web.cohort.zip_empty", lang), "error")
        return _redirect(f"/cohort?cohort={slug}")
    members = cohort_members(user.email, slug)
    built = {filename.split("-yol-haritasi-")[0] for filename, _ in documents}
    missing = [name for member, name in members.items() if member not in built]
    contents = message("web.cohort.zip_readme", lang, count=len(documents), total=len(members))
    if missing:
        contents += (
            "\n\n" + message("web.cohort.zip_missing", lang) + "\n" + "\n".join(f"- {n}" for n in missing)
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(message("web.cohort.zip_readme_name", lang), contents + "\n")
        for filename, document in documents:
            archive.writestr(filename, document)
    return Response(
        buffer.getvalue(),
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{slug}-yol-haritalari.zip"'},
    )


@router.get("/cohort/{slug}/build")
def cohort_build_confirm(request: Request, slug: str, user: CurrentUser) -> Response:
    """Before rebuilding: how many municipalities' documents, and what a rebuild does (no JavaScript needed)."""
    authorise_cohort_run(user.email, slug)
    cohorts = {c.slug: c.name for c in list_cohorts(user.email)}
    jobs = cohort_jobs(user.email, slug, limit=1)
    return page(
        request,
        "build_confirm.html",
        user=user,
        chosen=slug,
        cohort_name=cohorts.get(slug, slug),
        total=len(cohort_members(user.email, slug)),
        running=jobs[0] if jobs and jobs[0].active else None,
    )


@router.get("/cohort/{slug}/themes")
def cohort_themes_page(request: Request, slug: str, user: CurrentUser) -> Response:
    """The themes that recur across the cohort's municipalities (accepted ones), for the programme."""
    cohorts = {c.slug: c.name for c in list_cohorts(user.email)}
    topics = cohort_themes(user.email, slug)
    return page(
        request,
        "cohort_themes.html",
        user=user,
        chosen=slug,
        cohort_name=cohorts.get(slug, slug),
        topics=topics,
    )


@router.post("/cohort/{slug}/build")
async def cohort_build(request: Request, slug: str, user: CurrentUser, _: PostedForm) -> Response:
    """Ask for every roadmap of the cohort to be built: a recorded job that a worker does."""
    lang = language(request)
    job = request_cohort_build(user.email, slug, lang)
    flash(request, message("web.cohort.building", lang, count=job.total))
    return _redirect(f"/cohort/{slug}/jobs")


@router.get("/cohort/{slug}/jobs")
def cohort_job_status(request: Request, slug: str, user: CurrentUser) -> Response:
    """The newest build job: a page of its own that refreshes while the job runs; htmx, which asks
    every few seconds, gets the job's box alone."""
    jobs = cohort_jobs(user.email, slug, limit=1)
    if request.headers.get("HX-Request"):
        return page(request, "job.html", user=user, job=jobs[0] if jobs else None, chosen=slug)
    names = {c.slug: c.name for c in list_cohorts(user.email)}
    return page(
        request,
        "job_page.html",
        user=user,
        job=jobs[0] if jobs else None,
        chosen=slug,
        cohort_name=names.get(slug, slug),
    )
