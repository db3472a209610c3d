"""Notices: written with the change that causes them, delivered by e-mail through a real SMTP server on
loopback (aiosmtpd), with retries, and shown to their reader."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from email.policy import default

import pytest
from aiosmtpd.controller import Controller
from conftest import CONSULTANT, SLUG, TEAM

from roadmap.domain.stages import Stage
from roadmap.services import stages as svc
from roadmap.services.notifications import deliver_pending, mark_read, my_notices
from roadmap.services.review import add_comment
from roadmap.settings import reset_settings


class Inbox:
    """What the SMTP server received."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], Message]] = []

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]  # aiosmtpd's hook
        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content, policy=default)))
        return "250 OK"

    def to(self, address: str) -> list[Message]:
        return [message for recipients, message in self.messages if address in recipients]


@pytest.fixture
def inbox(example) -> Iterator[Inbox]:
    received = Inbox()
    with socket.socket() as probe:  # a free port on loopback (aiosmtpd checks it can reach itself)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(received, hostname="127.0.0.1", port=port)
    controller.start()
    os.environ["ROADMAP_SMTP_URL"] = f"smtp://127.0.0.1:{controller.port}"
    os.environ["ROADMAP_BASE_URL"] = "https://yolharitasi.example.org"
    reset_settings()
    yield received
    controller.stop()
    for name in ("ROADMAP_SMTP_URL", "ROADMAP_BASE_URL"):
        os.environ.pop(name, None)
    reset_settings()


def test_the_team_receives_an_email_when_the_consultant_requests_changes(inbox):
    svc.review_stage(
        CONSULTANT, SLUG, Stage.CONSULTATIONS, approve=False, comment="T2 katılımcı listesi eksik."
    )
    assert inbox.to(TEAM) == []  # written in the outbox with the change, sent by the sender
    report = deliver_pending()
    assert report.sent == 1 and report.failed == 0
    (mail,) = inbox.to(TEAM)
    assert mail["Subject"] == "Örnekköy Belediyesi: 4. aşamada (Katılım toplantıları) değişiklik istendi"
    body = mail.get_content()  # type: ignore[attr-defined]  # an EmailMessage under the default policy
    assert (
        "T2 katılımcı listesi eksik." in body
        and "https://yolharitasi.example.org/m/ornekkoy/stages/4" in body
    )
    assert deliver_pending().sent == 0  # never sent twice


def test_a_submission_goes_to_the_consultant_and_a_comment_to_the_other_side_never_its_author(inbox):
    svc.review_stage(CONSULTANT, SLUG, Stage.CONSULTATIONS, approve=False, comment="Eksik.")
    svc.submit_stage(TEAM, SLUG, Stage.CONSULTATIONS)
    add_comment(TEAM, SLUG, Stage.CONSULTATIONS, "Listeyi ekledik, bakabilir misiniz?")
    deliver_pending()
    subjects = [m["Subject"] for m in inbox.to(CONSULTANT)]
    assert "Örnekköy Belediyesi: 4. aşama (Katılım toplantıları) incelemenize gönderildi" in subjects
    assert "Örnekköy Belediyesi: 4. aşamada (Katılım toplantıları) yeni yorum" in subjects
    assert not [m for m in inbox.to(TEAM) if "yeni yorum" in m["Subject"]]  # not to its author's side


def test_a_server_that_is_down_leaves_the_notice_for_the_next_try(example):
    os.environ["ROADMAP_SMTP_URL"] = "smtp://127.0.0.1:9"  # nothing listens on the discard port
    reset_settings()
    try:
        svc.review_stage(CONSULTANT, SLUG, Stage.CONSULTATIONS, approve=True, comment="Uygundur.")
        report = deliver_pending()
        assert report.failed == 1 and report.sent == 0
    finally:
        os.environ.pop("ROADMAP_SMTP_URL", None)
        reset_settings()
    assert deliver_pending().waiting == 1  # still there, with its attempt counted


def test_the_web_reader_sees_their_notices_in_their_language_until_read(example):
    svc.review_stage(CONSULTANT, SLUG, Stage.CONSULTATIONS, approve=True, comment="Uygundur.")
    notice, *earlier = my_notices(TEAM, "en")  # newest first; the example's own history is read
    assert (
        notice.text == "Örnekköy Belediyesi: stage 4 (Consultation meetings) was approved" and not notice.read
    )
    assert notice.link == "/m/ornekkoy/stages/4" and all(n.read for n in earlier)
    assert not [
        n for n in my_notices(CONSULTANT, "tr") if not n.read
    ]  # the approver is not told of their move
    assert mark_read(TEAM) == 1 and my_notices(TEAM, "tr")[0].read
