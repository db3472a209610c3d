"""The monitoring the public pages show: each action's latest status and its evidence links, for a
municipality with a standing release only (the allow-list is ``domain.publication.PublicStatus``).
No acting person: anyone may read it, and an unpublished municipality is "not found"."""

from __future__ import annotations

from sqlmodel import col, select

from roadmap.domain.monitoring import Period
from roadmap.domain.publication import PublicStatus, public_links
from roadmap.errors import NotFound
from roadmap.store.db import unit_of_work
from roadmap.store.tables import MonitoringCheckin, Municipality, RoadmapRelease


def public_statuses(slug: str) -> dict[str, PublicStatus]:
    """Each action's latest public status, by the action's id."""
    with unit_of_work() as session:
        municipality = session.exec(select(Municipality).where(Municipality.slug == slug)).first()
        standing = (
            session.exec(
                select(RoadmapRelease).where(
                    RoadmapRelease.municipality_id == municipality.id,
                    col(RoadmapRelease.withdrawn_at).is_(None),
                )
            ).first()
            if municipality is not None
            else None
        )
        if municipality is None or standing is None:
            raise NotFound("notfound.public", slug=slug)
        rows = session.exec(
            select(MonitoringCheckin).where(MonitoringCheckin.municipality_id == municipality.id)
        ).all()
    latest: dict[str, MonitoringCheckin] = {}
    for row in sorted(rows, key=lambda r: (Period.parse(r.period).year, Period.parse(r.period).quarter)):
        latest[row.action_id] = row
    return {
        action_id: PublicStatus(
            action_id=action_id,
            period=row.period,
            status=row.status,
            verified=row.verification == "verified",
            links=public_links(row.evidence),
        )
        for action_id, row in latest.items()
    }
