"""Stakeholder rounds in a backup bundle: written with the municipality, restored with it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from roadmap.domain.rounds import RoundKind, checked_score
from roadmap.services.rounds import round_rows
from roadmap.store.tables import Municipality, StakeholderRound, StakeholderScore


def rounds_bundle(session: Session, municipality: Municipality) -> list[dict[str, Any]]:
    """The municipality's rounds and their scores, as a bundle keeps them."""
    rows = round_rows(session, municipality)
    scores = session.exec(
        select(StakeholderScore)
        .where(col(StakeholderScore.round_id).in_([r.id for r in rows]))
        .order_by(col(StakeholderScore.id))
    ).all()
    return [
        {
            "label": r.label,
            "kind": r.kind,
            "day": r.day.isoformat(),
            "opened_at": r.opened_at.isoformat(),
            "opened_by": r.opened_by,
            "version": r.version,
            "scores": [
                {
                    "stakeholder_id": s.stakeholder_id,
                    "power": s.power,
                    "interest": s.interest,
                    "reason": s.reason,
                    "contact": s.contact,
                    "recorded_at": s.recorded_at.isoformat(),
                    "recorded_by": s.recorded_by,
                }
                for s in scores
                if s.round_id == r.id
            ],
        }
        for r in rows
    ]


def restore_rounds(session: Session, municipality: Municipality, saved: list[dict[str, Any]]) -> None:
    """Put a bundle's rounds back (a bundle written before rounds existed has none)."""
    for r in saved:
        row = StakeholderRound(
            municipality_id=municipality.id or 0,
            label=r["label"],
            kind=RoundKind(r["kind"]).value,
            day=date.fromisoformat(r["day"]),
            opened_at=datetime.fromisoformat(r["opened_at"]),
            opened_by=r["opened_by"],
            version=r["version"],
        )
        session.add(row)
        session.flush()
        for s in r["scores"]:
            session.add(
                StakeholderScore(
                    round_id=row.id or 0,
                    stakeholder_id=s["stakeholder_id"],
                    power=checked_score(s["power"], s["stakeholder_id"], "power"),
                    interest=checked_score(s["interest"], s["stakeholder_id"], "interest"),
                    reason=s["reason"],
                    contact=s["contact"],
                    recorded_at=datetime.fromisoformat(s["recorded_at"]),
                    recorded_by=s["recorded_by"],
                )
            )
