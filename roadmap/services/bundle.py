"""Backup and restore: a municipality's whole record as one versioned JSON bundle.

The bundle holds the municipality, its accounts, every stage (content, status, versions, waivers),
comments, the audit trail and every exported document (with its PDF, when one was made). Restoring it
into an empty (or another) database reproduces the same roadmap.
"""

from __future__ import annotations

import base64
import json
import mimetypes
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlmodel import Session, col, select

from roadmap.atomic import write_atomically
from roadmap.domain.content import CONTENT_MODELS
from roadmap.domain.permissions import Permission
from roadmap.domain.stages import Role, Stage
from roadmap.errors import InvalidInput, NotFound, RoadmapError, field_problems
from roadmap.services.access import require, resolve_actor, visible_municipalities
from roadmap.services.monitoring_bundle import monitoring_bundle, restore_monitoring
from roadmap.services.municipalities import delete_municipality, find_municipality, upsert_user
from roadmap.services.office_records import office_bundle, restore_office
from roadmap.services.round_backups import restore_rounds, rounds_bundle
from roadmap.services.support_bundle import restore_support, support_bundle
from roadmap.store.db import unit_of_work
from roadmap.store.files import DOCX, JSON, PDF, canonical_json, file_store, keep, sha256_of
from roadmap.store.repository import load_content, stage_records, store_content
from roadmap.store.tables import (
    AuditRecord,
    ConsultantAssignment,
    Municipality,
    ReviewComment,
    RoadmapExport,
    RoadmapRelease,
    StageVersion,
    User,
    export_file_name,
    export_pdf_name,
)

FORMAT = "roadmap-bundle"
SCHEMA = 1  # the bundle layout; a migration below lifts older bundles to this one
MIGRATIONS: dict[
    int, Callable[[dict[str, Any]], dict[str, Any]]
] = {}  # schema -> function(bundle) -> bundle of schema + 1


def _time(value: datetime) -> str:
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()


def _name(municipality: Municipality, export: RoadmapExport) -> str:
    return export_file_name(municipality.slug, export.number, export.lang)


def _municipality_bundle(session: Session, municipality: Municipality) -> dict[str, Any]:
    mid = municipality.id
    records = stage_records(session, municipality)
    users = session.exec(
        select(User).where((col(User.municipality_id) == mid) | (col(User.role) == Role.COORDINATOR.value))
    ).all()
    consultants = session.exec(
        select(User)
        .join(ConsultantAssignment, col(ConsultantAssignment.user_id) == col(User.id))
        .where(ConsultantAssignment.municipality_id == mid)
    ).all()
    stages = []
    for stage, record in sorted(records.items()):
        versions = session.exec(
            select(StageVersion)
            .where(StageVersion.stage_record_id == record.id)
            .order_by(col(StageVersion.number))
        ).all()
        stages.append(
            {
                "stage": int(stage),
                "status": record.status,
                "version": record.version,
                "submissions": record.submissions,
                "opened_early": record.opened_early,
                "needs_recheck": record.needs_recheck,
                "waivers": record.waivers,
                "updated_at": _time(record.updated_at),
                "updated_by": record.updated_by,
                "content": load_content(session, record).model_dump(mode="json"),
                "versions": [
                    {
                        "number": v.number,
                        "data": v.data,
                        "submitted_at": _time(v.submitted_at),
                        "submitted_by": v.submitted_by,
                    }
                    for v in versions
                ],
            }
        )
    comments = session.exec(
        select(ReviewComment).where(ReviewComment.municipality_id == mid).order_by(col(ReviewComment.id))
    ).all()
    audit = session.exec(
        select(AuditRecord).where(AuditRecord.municipality_id == mid).order_by(col(AuditRecord.id))
    ).all()
    exports = session.exec(
        select(RoadmapExport).where(RoadmapExport.municipality_id == mid).order_by(col(RoadmapExport.number))
    ).all()
    releases = session.exec(
        select(RoadmapRelease)
        .where(RoadmapRelease.municipality_id == mid)
        .order_by(col(RoadmapRelease.number))
    ).all()
    store = file_store()  # the bundle carries the documents themselves, not the store's hashes alone
    return {
        "municipality": {
            "slug": municipality.slug,
            "name": municipality.name,
            "province": municipality.province,
            "programme": municipality.programme,
            "kind": municipality.kind,
            "created_at": _time(municipality.created_at),
        },
        "users": [{"email": u.email, "name": u.name, "role": u.role} for u in [*users, *consultants]],
        "stages": stages,
        "comments": [
            {
                "id": c.id,
                "stage": c.stage,
                "field": c.field,
                "parent_id": c.parent_id,
                "author": c.author,
                "author_name": c.author_name,
                "created_at": _time(c.created_at),
                "text": c.text,
                "resolved": c.resolved,
                "resolved_by": c.resolved_by,
                "source": c.source,
            }
            for c in comments
        ],
        "audit": [
            {
                "at": _time(a.at),
                "actor": a.actor,
                "stage": a.stage,
                "action": a.action,
                "from_status": a.from_status,
                "to_status": a.to_status,
                "version": a.version,
                "comment": a.comment,
            }
            for a in audit
        ],
        "exports": [
            {
                "number": e.number,
                "version": e.version,
                "created_at": _time(e.created_at),
                "actor": e.actor,
                "lang": e.lang,
                "with_comments": e.with_comments,
                "draft": e.draft,
                "sha256": e.sha256,
                "data": json.loads(
                    store.get(e.data_sha256, _name(municipality, e).replace(".docx", ".json"))
                ),
                "document": base64.b64encode(store.get(e.sha256, _name(municipality, e))).decode("ascii"),
                # The PDF made of the document, when one was: part of the version, so it travels too.
                **(
                    {
                        "pdf_sha256": e.pdf_sha256,
                        "pdf": base64.b64encode(
                            store.get(e.pdf_sha256, export_pdf_name(municipality.slug, e.number, e.lang))
                        ).decode("ascii"),
                    }
                    if e.pdf_sha256
                    else {}
                ),
            }
            for e in exports
        ],
        # Published releases with their files: a restore must not take a public page down.
        "releases": [
            {
                "number": r.number,
                "published_at": _time(r.published_at),
                "published_by": r.published_by,
                "data": r.data,
                "files": {
                    name: {
                        "sha256": entry["sha256"],
                        "content": base64.b64encode(store.get(entry["sha256"], name)).decode("ascii"),
                    }
                    for name, entry in r.files.items()
                },
                "withdrawn_at": _time(r.withdrawn_at) if r.withdrawn_at else None,
                "withdrawn_by": r.withdrawn_by,
                "withdrawal_reason": r.withdrawal_reason,
            }
            for r in releases
        ],
        "stakeholder_rounds": rounds_bundle(session, municipality),
        "monitoring": monitoring_bundle(session, municipality),
        # The application it was accepted from, consulting sessions, its people's event attendance.
        "office": office_bundle(session, municipality),
        # Its support applications (reviews, decision, awards) and introductions to civic actors.
        "support": support_bundle(session, municipality),
    }


def export_bundle(email: str | None, slug: str | None, path: Path) -> int:
    """Write one municipality (or, with ``slug=None``, every one the actor sees) to ``path``."""
    with unit_of_work() as session:
        actor = resolve_actor(session, email)
        chosen = [m for m in visible_municipalities(session, actor) if slug is None or m.slug == slug]
        if slug is not None and not chosen:
            raise NotFound("notfound.municipality", slug=slug)
        bundle = {
            "format": FORMAT,
            "schema": SCHEMA,
            "created_at": _time(datetime.now(UTC)),
            "municipalities": [_municipality_bundle(session, m) for m in chosen],
        }
    write_atomically(
        path,
        lambda temporary: temporary.write_text(
            json.dumps(bundle, ensure_ascii=False, indent=1), encoding="utf-8"
        ),
    )
    return len(chosen)


def _read(path: Path) -> dict[str, Any]:
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InvalidInput("bundle.unreadable", path=path, error=error) from None
    if not isinstance(loaded, dict) or loaded.get("format") != FORMAT:
        raise InvalidInput("bundle.not_bundle", path=path)
    bundle: dict[str, Any] = loaded
    schema = bundle.get("schema")
    if not isinstance(schema, int) or schema > SCHEMA:
        raise InvalidInput("bundle.newer", path=path, schema=schema, ours=SCHEMA)
    while schema < SCHEMA:
        bundle, schema = MIGRATIONS[schema](bundle), schema + 1
    return bundle


def _when(value: str) -> datetime:
    return datetime.fromisoformat(value)


def import_bundle(email: str | None, path: Path, replace: bool = False) -> list[str]:
    """Restore every municipality in the bundle, in one transaction: all of them or none."""
    with unit_of_work() as session:  # who may restore is asked before the file is even read
        if session.exec(select(User)).first() is not None:  # an empty database may be restored into by anyone
            require(resolve_actor(session, email), Permission.MANAGE)
    bundle = _read(path)
    restored = []
    with unit_of_work() as session:
        if session.exec(select(User)).first() is not None:
            require(resolve_actor(session, email), Permission.MANAGE)
        for item in bundle["municipalities"]:
            slug = item["municipality"]["slug"]
            if find_municipality(session, slug) is not None:
                if not replace:
                    raise RoadmapError("bundle.exists", slug=slug)
                delete_municipality(session, slug)
            _restore(session, item)
            restored.append(slug)
    return restored


def _restore(session: Session, item: dict[str, Any]) -> None:
    info = item["municipality"]
    municipality = Municipality(
        slug=info["slug"],
        name=info["name"],
        province=info["province"],
        programme=info["programme"],
        kind=info.get("kind", ""),
        created_at=_when(info["created_at"]),
    )
    session.add(municipality)
    session.flush()
    assert municipality.id is not None  # set by the flush
    for user in item["users"]:
        upsert_user(session, user["email"], user["name"], Role(user["role"]), municipality)
    records = stage_records(session, municipality)
    for saved in item["stages"]:
        stage = Stage(saved["stage"])
        record = records[stage]
        try:
            content = CONTENT_MODELS[stage].model_validate(saved["content"])
        except ValidationError as error:
            raise InvalidInput(
                "bundle.invalid", field_problems(error), slug=info["slug"], stage=int(stage)
            ) from None
        record.data = store_content(session, record, content)
        for field in (
            "status",
            "version",
            "submissions",
            "opened_early",
            "needs_recheck",
            "waivers",
            "updated_by",
        ):
            setattr(record, field, saved[field])
        record.updated_at = _when(saved["updated_at"])
        session.add(record)
        session.flush()
        assert record.id is not None  # set by the flush
        for v in saved["versions"]:
            session.add(
                StageVersion(
                    stage_record_id=record.id,
                    number=v["number"],
                    data=v["data"],
                    submitted_at=_when(v["submitted_at"]),
                    submitted_by=v["submitted_by"],
                )
            )
    new_ids: dict[int, int] = {}
    for c in item["comments"]:  # parents come before replies: ids were exported in order
        comment = ReviewComment(
            municipality_id=municipality.id,
            stage=c["stage"],
            field=c["field"],
            parent_id=new_ids.get(c["parent_id"]) if c["parent_id"] else None,
            author=c["author"],
            author_name=c["author_name"],
            created_at=_when(c["created_at"]),
            text=c["text"],
            resolved=c["resolved"],
            resolved_by=c["resolved_by"],
            source=c["source"],
        )
        session.add(comment)
        session.flush()
        assert comment.id is not None  # set by the flush
        new_ids[c["id"]] = comment.id
    for a in item["audit"]:
        session.add(
            AuditRecord(
                municipality_id=municipality.id,
                at=_when(a["at"]),
                actor=a["actor"],
                stage=a["stage"],
                action=a["action"],
                from_status=a["from_status"],
                to_status=a["to_status"],
                version=a["version"],
                comment=a["comment"],
            )
        )
    for e in item["exports"]:
        document = base64.b64decode(e["document"])
        if sha256_of(document) != e["sha256"]:
            raise InvalidInput("bundle.document_changed", slug=info["slug"], number=e["number"])
        keep(session, document, DOCX, e["actor"])
        pdf_sha256 = None
        if e.get("pdf_sha256"):  # bundles written before PDFs were kept have none
            pdf = base64.b64decode(e.get("pdf") or "")
            if sha256_of(pdf) != e["pdf_sha256"]:
                raise InvalidInput("bundle.pdf_changed", slug=info["slug"], number=e["number"])
            pdf_sha256 = keep(session, pdf, PDF, e["actor"])
        session.add(
            RoadmapExport(
                municipality_id=municipality.id,
                number=e["number"],
                version=e.get("version", 0),
                created_at=_when(e["created_at"]),
                actor=e["actor"],
                lang=e["lang"],
                with_comments=e["with_comments"],
                draft=e["draft"],
                sha256=e["sha256"],
                data_sha256=keep(session, canonical_json(e["data"]), JSON, e["actor"]),
                pdf_sha256=pdf_sha256,
            )
        )
    restore_rounds(session, municipality, item.get("stakeholder_rounds", []))

    restore_monitoring(session, municipality.id, info["slug"], item.get("monitoring", {}))

    restore_office(session, municipality, item.get("office", {}))
    restore_support(session, municipality.id, item.get("support", {}))  # older bundles have none
    for r in item.get("releases", []):  # bundles written before releases existed have none
        files = {}
        for name, entry in r["files"].items():
            blob = base64.b64decode(entry["content"])
            if sha256_of(blob) != entry["sha256"]:
                raise InvalidInput("bundle.document_changed", slug=info["slug"], number=r["number"])
            media_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
            sha256 = keep(session, blob, media_type, r["published_by"])
            files[name] = {"ref": f"sha256:{sha256}", "sha256": sha256, "size": len(blob)}
        session.add(
            RoadmapRelease(
                municipality_id=municipality.id,
                number=r["number"],
                published_at=_when(r["published_at"]),
                published_by=r["published_by"],
                data=r["data"],
                files=files,
                withdrawn_at=_when(r["withdrawn_at"]) if r["withdrawn_at"] else None,
                withdrawn_by=r["withdrawn_by"],
                withdrawal_reason=r["withdrawal_reason"],
            )
        )
