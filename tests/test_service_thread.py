"""A reply in a conversation the user takes part in, against the private Dovecot.

The user's own messages are found in Sent by the Message-IDs the new mail names in
In-Reply-To and References (RFC 5322 3.6.4). When they already spoke of the interview,
the new mail continues that conversation and gets no draft (rule
``conversation-in-progress``, shown in status) unless it opens a new round; a thread
the user opened with an application alone still brings its first invitation.
"""

from __future__ import annotations

import email.policy
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.dovecot_server import DovecotUser
from tests.service_support import USER_EMAIL, Daemon, Mailbox, write_config
from tests.smtpd_server import SmtpServer

pytestmark = pytest.mark.dovecot


@pytest.fixture
def box(mailbox: DovecotUser) -> Iterator[Mailbox]:
    client = Mailbox(mailbox)
    yield client
    client.close()


@pytest.fixture
def daemon(tmp_path: Path, mailbox: DovecotUser, smtpd: SmtpServer) -> Iterator[Daemon]:
    d = Daemon(write_config(tmp_path, mailbox, smtp_port=smtpd.port))
    yield d
    if d.alive:
        d.stop()


def users_message(mid: str, body: str, *, in_reply_to: str = "") -> bytes:
    reply = f"In-Reply-To: {in_reply_to}\r\nReferences: {in_reply_to}\r\n" if in_reply_to else ""
    return (
        f"From: Alex Example <{USER_EMAIL}>\r\n"
        "To: Rita Recruiter <rita@corp.example>\r\n"
        "Subject: Re: Platform Engineer at Corp\r\n"
        f"Message-ID: {mid}\r\n"
        f"{reply}"
        "Date: Mon, 23 Nov 2026 12:00:00 +0100\r\n"
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        f"{body}\r\n"
    ).encode()


def recruiters_reply(mid: str, refs: str, body: str) -> bytes:
    return (
        "From: Rita Recruiter <rita@corp.example>\r\n"
        f"To: Alex Example <{USER_EMAIL}>\r\n"
        "Subject: Re: Platform Engineer at Corp\r\n"
        f"Message-ID: {mid}\r\n"
        f"In-Reply-To: {refs.split()[-1]}\r\nReferences: {refs}\r\n"
        "Date: Tue, 24 Nov 2026 09:00:00 +0100\r\n"
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        f"{body}\r\n"
    ).encode()


INVITING = (
    "Hi Alex,\r\n\r\nThanks for your application for the Platform Engineer position. We\r\n"
    "would like to invite you to an interview with our hiring manager. Would Tuesday\r\n"
    "10:00 or Thursday 14:00 work for you? Please let me know your availability.\r\n\r\nRita"
)


def run_once(daemon: Daemon) -> dict[str, dict[str, str]]:
    assert daemon.start("--once").wait() == 0, daemon.logs()
    return {r["message_id"]: r for r in daemon.status()}


def drafts(box: Mailbox) -> list[email.message.EmailMessage]:
    return [m for _, m, _ in box.messages("Drafts")]


def test_a_reply_to_the_users_own_interview_mail_gets_no_draft(
    box: Mailbox, daemon: Daemon
) -> None:
    box.append(
        "Sent",
        users_message(
            "<alex-1@example.org>",
            "Hi Rita,\r\n\r\nThank you for the invitation. I'm free on Tuesday after 2pm or\r\n"
            "Thursday morning for the interview.\r\n\r\nAlex",
            in_reply_to="<rita-0@corp.example>",
        ),
    )
    box.append(
        "INBOX",
        recruiters_reply(
            "<rita-1@corp.example>", "<rita-0@corp.example> <alex-1@example.org>", INVITING
        ),
    )
    status = run_once(daemon)
    row = status["<rita-1@corp.example>"]
    assert row["state"] == "skipped"
    assert "conversation-in-progress" in row["reason"]
    assert drafts(box) == []


def test_a_new_round_in_the_users_conversation_is_drafted(box: Mailbox, daemon: Daemon) -> None:
    box.append(
        "Sent",
        users_message(
            "<alex-2@example.org>",
            "Hi Rita,\r\n\r\nThanks, Tuesday at 10:00 works for me for the interview.\r\n\r\nAlex",
            in_reply_to="<rita-0@corp.example>",
        ),
    )
    box.append(
        "INBOX",
        recruiters_reply(
            "<rita-2@corp.example>",
            "<rita-0@corp.example> <alex-2@example.org>",
            "Hi Alex,\r\n\r\nThe team enjoyed meeting you. We would like to invite you to a\r\n"
            "second interview with our CTO. Could you let me know your availability next\r\n"
            "week?\r\n\r\nRita",
        ),
    )
    status = run_once(daemon)
    assert status["<rita-2@corp.example>"]["state"] == "drafted"
    assert len(drafts(box)) == 1


def test_a_first_invitation_answering_the_users_application_is_drafted(
    box: Mailbox, daemon: Daemon
) -> None:
    box.append(
        "Sent",
        users_message(
            "<alex-3@example.org>",
            "Dear hiring team,\r\n\r\nPlease find my CV attached for the Platform Engineer\r\n"
            "opening.\r\n\r\nKind regards,\r\nAlex",
        ),
    )
    box.append(
        "INBOX",
        recruiters_reply("<rita-3@corp.example>", "<alex-3@example.org>", INVITING),
    )
    status = run_once(daemon)
    assert status["<rita-3@corp.example>"]["state"] == "drafted"
    assert len(drafts(box)) == 1
