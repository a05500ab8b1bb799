"""Poison messages against the running daemon: no message can stall the service.

Each attack is reproduced first: a Content-Type of 100,000 semicolons (the email
package's structured parser took a minute over it, and again after every restart);
and, for the time budget and SIGTERM, a message that never finishes parsing
(``POLITE_DECLINE_STALL``, see ``mailer/faults.py``). The poison becomes a ``failed``
row with its reason after one try, the invitation behind it is drafted, and a
restart never reads the poison again.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from mailer.service import MESSAGE_BUDGET, READING_FILE
from tests.dovecot_server import DovecotUser
from tests.service_support import Daemon, Mailbox, eventually, invitation, write_config
from tests.smtpd_server import SmtpServer

pytestmark = pytest.mark.dovecot

STALL = "stall-this-parser"


def poison(*, subject: str, content_type: str = "text/plain; charset=utf-8") -> bytes:
    return invitation(
        sender="Mallory <mallory@corp.example>",
        subject=subject,
        message_id=f"<poison-{time.monotonic_ns()}@corp.example>",
    ).replace(b"Content-Type: text/plain; charset=utf-8", f"Content-Type: {content_type}".encode())


def drafted_to(box: Mailbox) -> list[str]:
    return [str(msg["To"]) for _, msg, _ in box.messages("Drafts")]


def rows_by_sender(daemon: Daemon) -> dict[str, dict[str, object]]:
    return {str(row["from"]): row for row in daemon.status()}


def stalled(tmp_path: Path, mailbox: DovecotUser, smtpd: SmtpServer) -> tuple[Daemon, Path]:
    """The daemon, started and inside the stalling message (noted as being read)."""
    config = write_config(tmp_path, mailbox, smtp_port=smtpd.port)
    daemon = Daemon(config, env={"POLITE_DECLINE_STALL": STALL})
    note = tmp_path / "state" / READING_FILE
    daemon.start()
    try:
        eventually(note.exists, timeout=30, what="the message to be noted as being read")
    except BaseException:
        daemon.kill()
        raise
    return daemon, note


def test_a_poison_header_is_failed_once_and_the_invitation_behind_it_is_drafted(
    tmp_path: Path, mailbox: DovecotUser, box: Mailbox, smtpd: SmtpServer
) -> None:
    box.append(
        "INBOX",
        poison(
            subject="Interview invitation", content_type="text/plain; charset=utf-8" + ";" * 100_000
        ),
    )
    box.append("INBOX", invitation(message_id="<behind-the-poison@corp.example>"))
    daemon = Daemon(write_config(tmp_path, mailbox, smtp_port=smtpd.port))
    daemon.start()
    try:
        # The old parser spent a minute on the first message before this one.
        eventually(lambda: drafted_to(box), timeout=20, what="the invitation's draft")
    finally:
        assert daemon.stop() == 0
    assert drafted_to(box) == ["Rita Recruiter <rita@corp.example>"]
    rows = rows_by_sender(daemon)
    failed = rows["mallory@corp.example"]
    assert failed["state"] == "failed"
    assert "Content-Type" in str(failed["reason"])
    assert "cap" in str(failed["reason"])
    assert rows["rita@corp.example"]["state"] == "drafted"
    logs = daemon.logs()
    assert logs.count("it will not be read again") == 1
    assert "Traceback" not in logs

    # A restart (the cursor moved on; a UIDVALIDITY change would rescan): nothing new.
    assert daemon.start("--once").wait(60) == 0
    assert daemon.logs().count("it will not be read again") == 1
    assert rows_by_sender(daemon)["mallory@corp.example"] == failed


def test_a_message_over_the_budget_is_failed_and_the_next_one_drafted(
    tmp_path: Path, mailbox: DovecotUser, box: Mailbox, smtpd: SmtpServer
) -> None:
    box.append("INBOX", poison(subject=f"Interview invitation {STALL}"))
    box.append("INBOX", invitation(message_id="<behind-the-stall@corp.example>"))
    daemon = Daemon(
        write_config(tmp_path, mailbox, smtp_port=smtpd.port), env={"POLITE_DECLINE_STALL": STALL}
    )
    daemon.start()
    try:
        eventually(
            lambda: drafted_to(box), timeout=MESSAGE_BUDGET + 20, what="the invitation's draft"
        )
        assert daemon.alive
    finally:
        assert daemon.stop() == 0  # the abandoned worker does not hold the exit
    failed = rows_by_sender(daemon)["mallory@corp.example"]
    assert failed["state"] == "failed"
    assert f"budget of {MESSAGE_BUDGET:.0f} s" in str(failed["reason"])
    assert not (tmp_path / "state" / READING_FILE).exists()


def test_sigterm_mid_message_is_honoured_and_the_message_not_read_again(
    tmp_path: Path, mailbox: DovecotUser, box: Mailbox, smtpd: SmtpServer
) -> None:
    box.append("INBOX", poison(subject=f"Interview invitation {STALL}"))
    # The message is noted as being read once it is slow: the worker is in it.
    daemon, note = stalled(tmp_path, mailbox, smtpd)
    started = time.monotonic()
    status = daemon.stop()  # SIGTERM, as systemd sends it
    # systemd's TimeoutStopSec is 20 s in the shipped unit.
    assert status == 0
    assert time.monotonic() - started < 10
    failed = rows_by_sender(daemon)["mallory@corp.example"]
    assert failed["state"] == "failed"
    assert "stopped while reading it" in str(failed["reason"])
    assert not note.exists()
    # The next start does not read it again (it would stall for minutes).
    box.append("INBOX", invitation(message_id="<after-the-stop@corp.example>"))
    assert daemon.start("--once").wait(60) == 0
    assert drafted_to(box) == ["Rita Recruiter <rita@corp.example>"]


def test_kill_9_mid_message_does_not_read_it_again(
    tmp_path: Path, mailbox: DovecotUser, box: Mailbox, smtpd: SmtpServer
) -> None:
    box.append("INBOX", poison(subject=f"Interview invitation {STALL}"))
    box.append("INBOX", invitation(message_id="<behind-the-kill@corp.example>"))
    daemon, note = stalled(tmp_path, mailbox, smtpd)
    daemon.kill()  # before the budget runs out: no row written yet
    # The restart records the noted message as failed without reading it (with the
    # stall still armed, reading it would take the whole budget), then drafts the
    # invitation behind it.
    started = time.monotonic()
    assert daemon.start("--once").wait(60) == 0
    assert time.monotonic() - started < MESSAGE_BUDGET
    failed = rows_by_sender(daemon)["mallory@corp.example"]
    assert failed["state"] == "failed"
    assert "stopped while reading it" in str(failed["reason"])
    assert drafted_to(box) == ["Rita Recruiter <rita@corp.example>"]
    assert not note.exists()
