"""A municipality's monitoring in its backup bundle: check-ins (with their evidence files), amendments
and cohort indicator values, so that restoring a bundle keeps them (``roadmap.services.bundle``)."""

from __future__ import annotations

import base64
import mimetypes
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from roadmap.errors import InvalidInput
from roadmap.store.files import file_store, keep, sha256_of
from roadmap.store.tables import CohortIndicatorValue, MonitoringCheckin, Municipality, PlanAmendment, utcnow

CHECKIN_FIELDS = (
    "action_id", "period", "status", "reason", "actuals", "done", "delays", "evidence", "recorded_by",
    "source", "late", "verification", "verified_by", "verification_comment", "version",
)  # fmt: skip
AMENDMENT_FIELDS = (
    "number", "action_id", "changes", "baseline", "reason", "requested_by", "state", "decided_by", "comment",
)  # fmt: skip


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _when(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def monitoring_bundle(session: Session, municipality: Municipality) -> dict[str, Any]:
    """The municipality's monitoring as plain data, evidence files included."""
    mid = municipality.id
    checkins = session.exec(
        select(MonitoringCheckin)
        .where(MonitoringCheckin.municipality_id == mid)
        .order_by(col(MonitoringCheckin.id))
    ).all()
    store = file_store()
    files = {
        item["ref"]: base64.b64encode(store.get(item["ref"], item.get("name", ""))).decode("ascii")
        for row in checkins
        for item in row.evidence
        if item.get("kind") in ("file", "photo")
    }
    amendments = session.exec(
        select(PlanAmendment).where(PlanAmendment.municipality_id == mid).order_by(col(PlanAmendment.number))
    ).all()
    values = session.exec(
        select(CohortIndicatorValue).where(CohortIndicatorValue.municipality_id == mid)
    ).all()
    return {
        "checkins": [
            {
                **{name: getattr(row, name) for name in CHECKIN_FIELDS},
                "recorded_at": _time(row.recorded_at),
                "verified_at": _time(row.verified_at),
            }
            for row in checkins
        ],
        "evidence_files": files,
        "amendments": [
            {
                **{name: getattr(row, name) for name in AMENDMENT_FIELDS},
                "requested_at": _time(row.requested_at),
                "decided_at": _time(row.decided_at),
            }
            for row in amendments
        ],
        "cohort_indicators": [
            {
                "period": v.period,
                "code": v.code,
                "value": v.value,
                "recorded_by": v.recorded_by,
                "recorded_at": _time(v.recorded_at),
            }
            for v in values
        ],
    }


def restore_monitoring(session: Session, municipality_id: int, slug: str, saved: dict[str, Any]) -> None:
    """Write back what :func:`monitoring_bundle` gave (bundles written before monitoring have none)."""
    names = {e["ref"]: e.get("name", "") for c in saved.get("checkins", []) for e in c["evidence"]}
    for sha256, content in saved.get("evidence_files", {}).items():
        blob = base64.b64decode(content)
        if sha256_of(blob) != sha256:
            raise InvalidInput("bundle.evidence_changed", slug=slug, name=names.get(sha256, sha256))
        keep(
            session,
            blob,
            mimetypes.guess_type(names.get(sha256, ""))[0] or "application/octet-stream",
            "bundle",
        )
    for c in saved.get("checkins", []):
        row = MonitoringCheckin(municipality_id=municipality_id, **{name: c[name] for name in CHECKIN_FIELDS})
        row.recorded_at, row.verified_at = _when(c["recorded_at"]) or row.recorded_at, _when(c["verified_at"])
        session.add(row)
    for a in saved.get("amendments", []):
        amendment = PlanAmendment(
            municipality_id=municipality_id, **{name: a[name] for name in AMENDMENT_FIELDS}
        )
        amendment.requested_at, amendment.decided_at = (
            _when(a["requested_at"]) or amendment.requested_at,
            _when(a["decided_at"]),
        )
        session.add(amendment)
    for v in saved.get("cohort_indicators", []):
        session.add(
            CohortIndicatorValue(
                municipality_id=municipality_id, period=v["period"], code=v["code"], value=v["value"],
                recorded_by=v["recorded_by"], recorded_at=_when(v["recorded_at"]) or utcnow(),
            )
        )  # fmt: skip
