"""Scheduled monitoring work for a server: check-in reminders before and after each quarter's deadline
(and the weekly behind-pace hours reminders), and the daily digest. Thin wrappers over the services;
``flows/deploy.py`` deploys them with schedules, and ``roadmap monitoring remind`` does the reminders by
hand without Prefect."""

from __future__ import annotations

from datetime import date

from roadmap.settings import configure_prefect_defaults

configure_prefect_defaults()  # before Prefect reads its settings on import

from prefect import flow, task  # noqa: E402
from prefect.artifacts import create_markdown_artifact  # noqa: E402
from prefect.cache_policies import NO_CACHE  # noqa: E402

from roadmap.services.digest import DigestReport, send_daily_digest  # noqa: E402
from roadmap.services.notifications import DeliveryReport, deliver_pending  # noqa: E402
from roadmap.services.reminders import ReminderReport, send_reminders  # noqa: E402


@task(name="write-reminders", cache_policy=NO_CACHE)
def write_reminders(today: date | None = None) -> ReminderReport:
    """Write the reminders due today into the outbox (each is written once)."""
    return send_reminders(today)


@task(name="deliver-notices", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=[30, 120])
def deliver_notices() -> DeliveryReport:
    """E-mail the outbox's waiting notices (a notice that fails is tried again on the next run)."""
    return deliver_pending()


@task(name="send-digest", cache_policy=NO_CACHE)
def send_digest(today: date | None = None) -> DigestReport:
    """Send today's digest to those who chose one (once a day, whoever runs it first)."""
    return send_daily_digest(today)


@flow(name="monitoring-reminders", log_prints=False)
def monitoring_reminders(today: date | None = None) -> ReminderReport:
    """Reminders about check-ins and about hours behind pace, then their delivery."""
    report = write_reminders(today)
    delivered = deliver_notices()
    create_markdown_artifact(
        key="monitoring-reminders",
        markdown=(
            f"Reminders written: {report.before} before a deadline, {report.after} after one, "
            f"{report.pace} to people behind pace on their hours. "
            f"E-mails sent: {delivered.sent}, failed: {delivered.failed}, waiting: {delivered.waiting}."
        ),
        description="Check-in reminders",
    )
    return report


@flow(name="daily-digest", log_prints=False)
def daily_digest(today: date | None = None) -> DigestReport:
    """The daily digest for those who chose it."""
    return send_digest(today)
