"""Releases: the published roadmap, numbered and immutable, and what the public may read of it.

A release is made once stages 0–5 are approved, from the allow-listed data only
(:mod:`roadmap.domain.publication`); its files are kept through :mod:`roadmap.store.release_files`.
Withdrawing one needs a reason, is audited, and leaves a notice at its permanent link. The public
functions at the end take no acting person: they read releases, never the stages' working data.
"""

from __future__ import annotations

import hashlib
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from roadmap.analysis.needs import needs_findings
from roadmap.atomic import write_atomically
from roadmap.domain.catalogues import focus_titles
from roadmap.domain.content import RoadmapData
from roadmap.domain.permissions import Permission
from roadmap.domain.publication import (
    PublicRoadmap,
    Scrubber,
    private_names,
    publishable,
    unnamed_organisations,
)
from roadmap.domain.stages import Stage, Status
from roadmap.domain.translation import in_english
from roadmap.errors import ExportRace, InvalidInput, NotFound, TransitionRefused
from roadmap.services.access import Who, authorise, resolve_actor
from roadmap.settings import Language, get_settings
from roadmap.store.db import unit_of_work
from roadmap.store.release_files import read_release_file, register_release_files, save_release_file
from roadmap.store.repository import roadmap_data
from roadmap.store.tables import AuditRecord, Municipality, RoadmapRelease, User

LANGUAGES: tuple[Language, ...] = ("tr", "en")


class ReleaseView(BaseModel):
    """What anyone may know about a release (no e-mail: the publisher is the municipality)."""

    slug: str
    number: int
    published_at: datetime
    languages: list[str]
    files: list[str]
    withdrawn_at: datetime | None = None
    withdrawal_reason: str = ""

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class ReleaseRecord(ReleaseView):
    """A release as its team sees it: with who published and who withdrew it."""

    published_by: str
    withdrawn_by: str = ""
    paths: list[Path] = []  # copies written for the person who published it (``--out``)


def _view(slug: str, row: RoadmapRelease) -> ReleaseView:
    return ReleaseView(
        slug=slug,
        number=row.number,
        published_at=row.published_at,
        languages=sorted(row.data, key=lambda lang: LANGUAGES.index(lang) if lang in LANGUAGES else 9),
        files=sorted(row.files),
        withdrawn_at=row.withdrawn_at,
        withdrawal_reason=row.withdrawal_reason,
    )


def _record(slug: str, row: RoadmapRelease) -> ReleaseRecord:
    return ReleaseRecord(
        **_view(slug, row).model_dump(), published_by=row.published_by, withdrawn_by=row.withdrawn_by
    )


def _releases(session: Session, municipality: Municipality) -> list[RoadmapRelease]:
    return list(
        session.exec(
            select(RoadmapRelease)
            .where(RoadmapRelease.municipality_id == municipality.id)
            .order_by(col(RoadmapRelease.number))
        ).all()
    )


def _comparable(data: dict[str, Any]) -> dict[str, Any]:
    return {
        lang: {k: v for k, v in doc.items() if k not in ("release", "published")}
        for lang, doc in data.items()
    }


def _public_roadmap(data: RoadmapData, lang: Language) -> PublicRoadmap:
    """The allow-listed public roadmap of ``data`` in ``lang`` (the English edition's texts where
    the team translated them)."""
    tool = data.catalogues.instrument
    findings = needs_findings(data.needs, tool, directorates=False)
    scores = {d.id: (d.staff.mean, d.civic.mean) for d in findings.dimensions}
    titles = {d.id: d.title(lang) for d in tool.dimensions}
    focus = focus_titles(data.focus, lang, data.catalogues.catalogue)
    return publishable(data, lang, titles, scores, focus)


def _unapproved(data: RoadmapData) -> list[int]:
    return [int(s) for s, status in data.statuses.items() if s < Stage.SHARE and status != Status.APPROVED]


def _editions(data: RoadmapData, lang: Language | None) -> dict[Language, RoadmapData]:
    """The data of each language published: Turkish always (unless only English is asked for),
    English when every text has an up-to-date translation."""
    editions: dict[Language, RoadmapData] = {}
    if lang in (None, "tr"):
        editions["tr"] = data
    if lang in (None, "en"):
        english, missing = in_english(data)
        if not missing:
            editions["en"] = english
        elif lang == "en":
            raise TransitionRefused("refused.english_incomplete", count=len(missing))
    return editions


def _files(roadmaps: dict[Language, PublicRoadmap], pdf: bool) -> dict[str, bytes]:
    """Every file of the release: per language the JSON, the CSVs, the .docx (and PDF); the schema and
    the READMEs once."""
    from roadmap.render.open_data import CSV_FILES, SCHEMA_FILE, readme, roadmap_csvs, roadmap_json
    from roadmap.render.public_edition import write_public_edition

    files: dict[str, bytes] = {"release.schema.json": SCHEMA_FILE.read_bytes()}
    with tempfile.TemporaryDirectory(prefix="roadmap-release-") as folder:
        for lang, roadmap in roadmaps.items():
            files[f"roadmap-{lang}.json"] = roadmap_json(roadmap)
            csvs = roadmap_csvs(roadmap)
            files.update({f"{name}-{lang}.csv": csvs[name] for name in CSV_FILES})
            docx = Path(folder) / f"roadmap-{lang}.docx"
            write_public_edition(roadmap, get_settings().reference_docx, docx)
            files[docx.name] = docx.read_bytes()
            if pdf:
                from roadmap.render.pdf import docx_to_pdf

                files[f"roadmap-{lang}.pdf"] = docx_to_pdf(docx, docx.with_suffix(".pdf")).read_bytes()
    names = sorted([*files, "README-tr.md", "README-en.md"])
    first = next(iter(roadmaps.values()))
    for lang in LANGUAGES:
        files[f"README-{lang}.md"] = readme(first, lang, names)
    return files


def publish_release(
    who: Who, slug: str, lang: Language | None = None, pdf: bool | None = None, out: Path | None = None
) -> ReleaseRecord:
    """Publish the approved roadmap as the next numbered release: the public edition (.docx and a
    tagged PDF where LibreOffice is installed) and its open data, Turkish and, when translated, English.

    Refused until stages 0–5 are approved, and when nothing public changed since the current release.
    With ``out``, copies of the files are written there too.
    """
    with unit_of_work() as session:
        actor = resolve_actor(session, who)
        municipality = authorise(session, actor, Permission.PUBLISH, slug)
        data = roadmap_data(session, municipality)
        releases = _releases(session, municipality)
    unapproved = _unapproved(data)
    if unapproved:
        raise TransitionRefused("refused.publish_unapproved", stages=", ".join(map(str, unapproved)))
    number, today = (releases[-1].number if releases else 0) + 1, date.today()
    roadmaps = {
        language: _public_roadmap(edition, language).model_copy(
            update={"release": number, "published": today}
        )
        for language, edition in _editions(data, lang).items()
    }
    dumped: dict[str, Any] = {language: r.model_dump(mode="json") for language, r in roadmaps.items()}
    current = next((r for r in reversed(releases) if r.withdrawn_at is None), None)
    if current is not None and _comparable(current.data) == _comparable(dumped):
        raise TransitionRefused("refused.publish_unchanged", number=current.number)
    if pdf is None:
        from roadmap.render.pdf import libreoffice_available

        pdf = libreoffice_available()
    files: dict[str, dict[str, Any]] = {
        name: {
            "ref": save_release_file(name, blob),
            "sha256": hashlib.sha256(blob).hexdigest(),
            "size": len(blob),
        }
        for name, blob in _files(roadmaps, pdf).items()
    }
    try:
        with unit_of_work() as session:
            actor = resolve_actor(session, who)
            municipality = authorise(session, actor, Permission.PUBLISH, slug)
            assert municipality.id is not None  # a stored municipality
            if roadmap_data(session, municipality).model_dump(mode="json") != data.model_dump(mode="json"):
                # Reopened or edited while the files were written: they would not show what is stored.
                raise TransitionRefused("refused.publish_changed")
            row = RoadmapRelease(
                municipality_id=municipality.id,
                number=number,
                published_by=actor.email,
                data=dumped,
                files=files,
            )
            session.add(row)
            register_release_files(session, files, actor.email)
            _audit(session, actor, municipality, "publish", f"{number}")
            session.flush()
            record = _record(slug, row)
    except IntegrityError:
        raise ExportRace("release.race", number=number) from None
    if out is not None:
        record.paths = [_copy(out, name, files[name]["ref"]) for name in sorted(files)]
    return record


def _copy(out: Path, name: str, ref: str) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    blob = read_release_file(ref, name)
    return write_atomically(out / name, lambda temporary: temporary.write_bytes(blob))


def _audit(session: Session, actor: User, municipality: Municipality, action: str, comment: str) -> None:
    session.add(
        AuditRecord(
            actor=actor.email,
            municipality_id=municipality.id,
            stage=int(Stage.SHARE),
            action=action,
            comment=comment,
        )
    )


def withdraw_release(who: Who, slug: str, number: int, reason: str) -> ReleaseRecord:
    """Withdraw a release, with a reason (audited); its permanent link then shows a notice."""
    reason = " ".join(reason.split())
    with unit_of_work() as session:
        actor = resolve_actor(session, who)
        municipality = authorise(session, actor, Permission.PUBLISH, slug)
        if len(reason) < 3:  # asked after the gate: someone else's municipality stays "not found"
            raise InvalidInput("refused.withdraw_reason")
        row = next((r for r in _releases(session, municipality) if r.number == number), None)
        if row is None:
            raise NotFound("notfound.release", slug=slug, number=number)
        if row.withdrawn_at is not None:
            raise TransitionRefused("refused.already_withdrawn", number=number)
        # The reason is shown at the release's public link: whatever it names of people goes first
        # (a withdrawal is often about a leak); the audit trail keeps it as written.
        data = roadmap_data(session, municipality)
        public_reason = Scrubber(private_names(data) | unnamed_organisations(data))(reason)
        row.withdrawn_at, row.withdrawn_by = datetime.now(UTC), actor.email
        row.withdrawal_reason = public_reason
        session.add(row)
        _audit(session, actor, municipality, "withdraw", f"{number}: {reason}")
        return _record(slug, row)


def release_history(who: Who, slug: str) -> list[ReleaseRecord]:
    """Every release of a municipality, for someone who may see it."""
    with unit_of_work() as session:
        municipality = authorise(session, resolve_actor(session, who), Permission.SEE, slug)
        return [_record(slug, row) for row in _releases(session, municipality)]


def latest_releases(session: Session, municipality_ids: list[int]) -> dict[int, tuple[int, datetime, str]]:
    """Each municipality's newest release still standing: (number, when, the name of who published it)."""
    found: dict[int, tuple[int, datetime, str]] = {}
    rows = session.exec(
        select(RoadmapRelease)
        .where(
            col(RoadmapRelease.municipality_id).in_(municipality_ids),
            col(RoadmapRelease.withdrawn_at).is_(None),
        )
        .order_by(col(RoadmapRelease.number))
    ).all()
    emails = {row.published_by for row in rows}
    names = dict(session.exec(select(User.email, User.name).where(col(User.email).in_(emails))).all())
    for row in rows:
        found[row.municipality_id] = (
            row.number,
            row.published_at,
            names.get(row.published_by, row.published_by),
        )
    return found


# --- what the public reads: releases only, never a stage's working data --------------------


class PublishedMunicipality(BaseModel):
    slug: str
    name: str
    province: str
    number: int
    published_at: datetime


class PublicPage(BaseModel):
    """A municipality's public page: the release shown (the current one, or the one asked for) and
    the list of its releases."""

    slug: str
    name: str
    release: ReleaseView
    roadmap: PublicRoadmap | None  # None when the release shown was withdrawn: a notice instead
    releases: list[ReleaseView]
    current: int | None  # the number of the current release, if one stands


def published_municipalities(cohort: str | None = None) -> list[PublishedMunicipality]:
    """Municipalities with a release standing, by name (of one cohort, if given)."""
    from roadmap.store.tables import Cohort  # the cohort filter is optional

    with unit_of_work() as session:
        query = select(Municipality).order_by(col(Municipality.name))
        if cohort:
            found = session.exec(select(Cohort).where(Cohort.slug == cohort)).first()
            if found is None:
                raise NotFound("notfound.cohort", slug=cohort)
            query = query.where(Municipality.cohort_id == found.id)
        members = list(session.exec(query).all())
        latest = latest_releases(session, [m.id for m in members if m.id is not None])
        return [
            PublishedMunicipality(
                slug=m.slug,
                name=m.name,
                province=m.province,
                number=latest[m.id][0],
                published_at=latest[m.id][1],
            )
            for m in members
            if m.id in latest
        ]


def _published(session: Session, slug: str) -> tuple[Municipality, list[RoadmapRelease]]:
    """A municipality that has published (else the same "not found" as one that does not exist)."""
    municipality = session.exec(select(Municipality).where(Municipality.slug == slug)).first()
    releases = _releases(session, municipality) if municipality is not None else []
    if municipality is None or not releases:
        raise NotFound("notfound.public", slug=slug)
    return municipality, releases


def public_page(slug: str, lang: Language = "tr", number: int | None = None) -> PublicPage:
    """The public page: the current release (or release ``number``) in ``lang`` if published in it,
    else in Turkish; a withdrawn release shows its notice, not its content."""
    with unit_of_work() as session:
        municipality, releases = _published(session, slug)
    standing = [r for r in releases if r.withdrawn_at is None]
    current = standing[-1].number if standing else None
    wanted = number if number is not None else current if current is not None else releases[-1].number
    row = next((r for r in releases if r.number == wanted), None)
    if row is None:
        raise NotFound("notfound.release", slug=slug, number=wanted)
    roadmap = None
    if row.withdrawn_at is None:
        roadmap = PublicRoadmap.model_validate(row.data.get(lang) or row.data["tr"])
    return PublicPage(
        slug=slug,
        name=municipality.name,
        release=_view(slug, row),
        roadmap=roadmap,
        releases=[_view(slug, r) for r in reversed(releases)],
        current=current,
    )


def public_action(slug: str, action_id: str, lang: Language = "tr") -> PublicPage:
    """An action's permanent link: the newest standing release that has the action (the current
    one, unless a later release dropped it)."""
    with unit_of_work() as session:
        _, releases = _published(session, slug)
    for row in reversed(releases):
        if row.withdrawn_at is None and any(a["id"] == action_id for a in row.data["tr"]["actions"]):
            return public_page(slug, lang, row.number)
    raise NotFound("notfound.public_action", slug=slug)


def public_file(slug: str, number: int, name: str) -> bytes:
    """One file of a release still standing (a withdrawn release's files are no longer given out)."""
    with unit_of_work() as session:
        _, releases = _published(session, slug)
    row = next((r for r in releases if r.number == number and r.withdrawn_at is None), None)
    if row is None or name not in row.files:
        raise NotFound("notfound.release_file", name=name)
    return read_release_file(row.files[name]["ref"], name)
