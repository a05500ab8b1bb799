"""The thank-you follow-up against aiosmtpd and Dovecot: scheduled, sent once."""

from __future__ import annotations

import email.policy
from collections.abc import Callable, Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest

from tests.dovecot_server import DovecotUser
from tests.service_support import Daemon, Mailbox, eventually, invitation, write_config
from tests.smtpd_server import SmtpServer
from tests.stage_support import send_like_a_client

pytestmark = pytest.mark.dovecot


@pytest.fixture
def box(mailbox: DovecotUser) -> Iterator[Mailbox]:
    client = Mailbox(mailbox)
    yield client
    client.close()


def start(tmp_path: Path, user: DovecotUser, smtp: SmtpServer, **config: str) -> Daemon:
    return Daemon(write_config(tmp_path, user, smtp_port=smtp.port, **config))


def followups(smtp: SmtpServer) -> list[EmailMessage]:
    out = []
    for m in smtp.messages:
        msg = email.message_from_bytes(m.raw, policy=email.policy.default)
        assert isinstance(msg, EmailMessage)
        out.append(msg)
    return out


def test_one_threaded_followup_with_sent_copy(
    tmp_path: Path, mailbox: DovecotUser, box: Mailbox, smtpd: SmtpServer
) -> None:
    daemon = start(tmp_path, mailbox, smtpd).start()
    try:
        box.append("INBOX", invitation(message_id="<inv-f@corp.example>"))
        decline = send_like_a_client(box)
        got = eventually(lambda: followups(smtpd), what="the follow-up", timeout=20)
        row = eventually(
            lambda: [r for r in daemon.status() if r["state"] == "followed_up"], what="state"
        )[0]
    finally:
        daemon.stop()
    assert len(got) == 1
    follow = got[0]
    assert follow["In-Reply-To"] == decline["Message-ID"]
    assert decline["Message-ID"] in follow["References"]
    assert "<inv-f@corp.example>" in follow["References"]
    assert str(follow["Subject"]).startswith("Re: ")
    assert "Re: Re:" not in str(follow["Subject"])
    assert follow["To"].addresses[0].addr_spec == "rita@corp.example"
    # The name the invitation gave, though Sent is matched by bare address.
    assert follow["To"].addresses[0].display_name == "Rita Recruiter"
    assert follow["Auto-Submitted"] == "auto-generated"
    assert smtpd.messages[0].recipients == ("rita@corp.example",)
    assert row["followed_up_at"]
    sent_ids = [m["Message-ID"] for _, m, _ in box.messages("Sent")]
    assert follow["Message-ID"] in sent_ids  # save_to_sent = "always"


def test_killed_before_due_sends_once_after_restart(
    tmp_path: Path, mailbox: DovecotUser, box: Mailbox, smtpd: SmtpServer
) -> None:
    daemon = start(tmp_path, mailbox, smtpd, followup='delay = "6s"').start()
    box.append("INBOX", invitation(message_id="<inv-k@corp.example>"))
    send_like_a_client(box)
    eventually(lambda: [r for r in daemon.status() if r["state"] == "scheduled"], what="scheduled")
    daemon.kill()
    assert smtpd.count == 0
    # The outbox row is the one record: no job store on disk. One left by an earlier
    # version (APScheduler's SQLAlchemy store) is removed, not read.
    state = tmp_path / "state"
    assert not (state / "jobs.sqlite").exists()
    (state / "jobs.sqlite").write_bytes(b"SQLite format 3\x00 stale")
    daemon.start()
    try:
        eventually(lambda: smtpd.count, what="the follow-up after restart", timeout=25)
        eventually(
            lambda: [r for r in daemon.status() if r["state"] == "followed_up"], what="followed_up"
        )
    finally:
        daemon.stop()
    daemon.start("--once").wait()
    assert smtpd.count == 1
    assert not (state / "jobs.sqlite").exists()


def test_once_sends_due_followups(
    tmp_path: Path, mailbox: DovecotUser, box: Mailbox, smtpd: SmtpServer
) -> None:
    daemon = start(tmp_path, mailbox, smtpd, followup='delay = "1s"')
    box.append("INBOX", invitation(message_id="<inv-once@corp.example>"))
    assert daemon.start("--once").wait() == 0
    send_like_a_client(box)
    assert daemon.start("--once").wait() == 0  # notices the send, schedules
    import time

    time.sleep(1.5)
    assert daemon.start("--once").wait() == 0  # sends what is due
    assert smtpd.count == 1
    assert daemon.status()[0]["state"] == "followed_up"


@pytest.mark.parametrize(
    ("replies", "state", "count"),
    [
        (["421", "250"], "followed_up", 1),
        (["451", "250"], "followed_up", 1),
        (["550 5.1.1 No such user"], "failed", 0),
    ],
)
def test_smtp_errors(
    tmp_path: Path,
    mailbox: DovecotUser,
    box: Mailbox,
    smtpd_factory: Callable[..., SmtpServer],
    replies: list[str],
    state: str,
    count: int,
) -> None:
    smtp = smtpd_factory(data_replies=replies)
    daemon = start(tmp_path, mailbox, smtp, smtp_extra='retry_after = "1s"').start()
    try:
        box.append("INBOX", invitation(message_id="<inv-e@corp.example>"))
        send_like_a_client(box)
        row = eventually(
            lambda: [r for r in daemon.status() if r["state"] == state], what=state, timeout=25
        )[0]
    finally:
        daemon.stop()
    assert smtp.count == count
    if state == "failed":
        assert "550" in row["reason"]


def test_auth_failure_is_reported_not_retried(
    tmp_path: Path,
    mailbox: DovecotUser,
    box: Mailbox,
    smtpd_factory: Callable[..., SmtpServer],
    test_ca_file: str,
) -> None:
    smtp = smtpd_factory(starttls=True, users={"alex": "right-password"})
    extra = (
        f'security = "starttls"\nca_file = "{test_ca_file}"\nusername = "alex"\n'
        'password_env = "PD_SMTP_PW"\n'
    )
    extra += "auth = true\n"
    config = write_config(tmp_path, mailbox, smtp_port=smtp.port, smtp_extra=extra)
    daemon = Daemon(config, env={"PD_SMTP_PW": "wrong-password"}).start()
    try:
        box.append("INBOX", invitation(message_id="<inv-auth@corp.example>"))
        send_like_a_client(box)
        eventually(lambda: "no follow-ups will be sent" in daemon.logs(), what="the report")
        import time

        time.sleep(2)
    finally:
        daemon.stop()
    assert smtp.count == 0
    assert len(smtp.auth_attempts) == 1
    assert daemon.logs().count("no follow-ups will be sent") == 1
    assert "wrong-password" not in daemon.logs()
    row = daemon.status()[0]
    assert row["state"] == "scheduled"
    assert "smtp" in row["reason"].lower()


def test_recruiter_reply_cancels_but_out_of_office_does_not(
    tmp_path: Path, mailbox: DovecotUser, box: Mailbox, smtpd: SmtpServer
) -> None:
    daemon = start(tmp_path, mailbox, smtpd, followup='delay = "1h"').start()
    try:
        box.append("INBOX", invitation(message_id="<inv-c@corp.example>"))
        decline = send_like_a_client(box)
        eventually(
            lambda: [r for r in daemon.status() if r["state"] == "scheduled"], what="scheduled"
        )
        ooo = (
            "From: Rita <rita@corp.example>\r\nTo: alex@example.org\r\n"
            "Subject: Automatic reply: Re: Interview\r\nAuto-Submitted: auto-replied\r\n"
            f"Message-ID: <ooo-1@corp.example>\r\nIn-Reply-To: {decline['Message-ID']}\r\n"
            f"References: {decline['Message-ID']}\r\n\r\nI am out of the office.\r\n"
        ).encode()
        box.append("INBOX", ooo)
        import time

        time.sleep(3)
        assert daemon.status()[0]["state"] == "scheduled"
        human = (
            "From: Rita <rita@corp.example>\r\nTo: alex@example.org\r\n"
            "Subject: Re: Interview\r\n"
            f"Message-ID: <human-1@corp.example>\r\nIn-Reply-To: {decline['Message-ID']}\r\n"
            f"References: {decline['Message-ID']}\r\n\r\nThanks Alex, all the best!\r\n"
        ).encode()
        box.append("INBOX", human)
        row = eventually(
            lambda: [r for r in daemon.status() if r["state"] == "cancelled"], what="cancelled"
        )[0]
    finally:
        daemon.stop()
    assert "replied" in row["reason"]
    assert smtpd.count == 0


def test_cancel_command(
    tmp_path: Path, mailbox: DovecotUser, box: Mailbox, smtpd: SmtpServer
) -> None:
    daemon = start(tmp_path, mailbox, smtpd, followup='delay = "3s"').start()
    try:
        box.append("INBOX", invitation(message_id="<inv-x@corp.example>"))
        send_like_a_client(box)
        row = eventually(
            lambda: [r for r in daemon.status() if r["state"] == "scheduled"], what="scheduled"
        )[0]
        done = daemon.cli("cancel", row["key"])
        assert done.returncode == 0, done.stderr
        import time

        time.sleep(5)
    finally:
        daemon.stop()
    assert smtpd.count == 0
    after = daemon.status()[0]
    assert after["state"] == "cancelled"
    assert after["reason"] == "cancelled by the user"
    unknown = daemon.cli("cancel", "m-0000000000000000")
    assert unknown.returncode == 2
    assert "no invitation" in unknown.stderr
