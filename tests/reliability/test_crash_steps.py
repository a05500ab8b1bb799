"""kill -9 at every fault step, then a restart: nothing lost, nothing doubled.

The daemon kills itself with SIGKILL at the step named by ``POLITE_DECLINE_FAULT``
(mailer/faults.py). ``run --once`` processes what is there and exits, so every run
is one deterministic pass; the follow-up delay is 0 so the send is due at once.
"""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from tests.dovecot_server import DovecotUser
from tests.reliability.support import (
    db_rows,
    in_reply_to_counts,
    integrity,
    send_drafts,
    set_option,
)
from tests.service_support import Daemon, Mailbox, invitation, write_config
from tests.smtpd_server import SmtpServer

pytestmark = pytest.mark.dovecot

INV = "<inv-crash@corp.example>"


def once(daemon: Daemon, fault: str | None = None) -> int:
    env = {"POLITE_DECLINE_FAULT": fault} if fault else {}
    return daemon.start("--once", env=env).wait(60)


def states(daemon: Daemon) -> dict[str, str]:
    # Read the store directly: a `status` subprocess per check would double the runtime
    # (test_secrets and the stream test go through `status --json` itself).
    rows = db_rows(daemon.config, "SELECT message_id, state FROM invitations")
    return {str(m): str(s) for m, s in rows}


def drafts_for(box: Mailbox) -> int:
    return in_reply_to_counts(m for _, m, _ in box.messages("Drafts"))[INV]


@pytest.fixture
def daemon(tmp_path: Path, mailbox: DovecotUser, smtpd: SmtpServer) -> Daemon:
    config = write_config(tmp_path, mailbox, smtp_port=smtpd.port)
    return Daemon(set_option(config, 'delay = "2s"', 'delay = "0s"'))


@pytest.mark.parametrize("step", ["after_recognise", "after_append"])
def test_kill_while_drafting(box: Mailbox, daemon: Daemon, step: str) -> None:
    box.append("INBOX", invitation(message_id=INV))
    assert once(daemon, step) == -signal.SIGKILL
    assert drafts_for(box) == (1 if step == "after_append" else 0)
    assert once(daemon) == 0
    assert once(daemon) == 0
    assert drafts_for(box) == 1
    assert states(daemon)[INV] == "drafted"
    assert integrity(daemon.config) == "ok"


def test_kill_after_send_detected(box: Mailbox, daemon: Daemon, smtpd: SmtpServer) -> None:
    box.append("INBOX", invitation(message_id=INV))
    assert once(daemon) == 0
    send_drafts(box)
    assert once(daemon, "after_send_detected") == -signal.SIGKILL
    assert states(daemon)[INV] == "sent"  # recorded, not yet scheduled
    assert smtpd.count == 0
    assert once(daemon) == 0
    assert once(daemon) == 0
    assert states(daemon)[INV] == "followed_up"
    assert smtpd.count == 1
    assert smtpd.messages[0].recipients == ("rita@corp.example",)


def _sent_followup_id(daemon: Daemon) -> str:
    return str(db_rows(daemon.config, "SELECT followup_message_id FROM invitations")[0][0])


@pytest.mark.parametrize("filed", [False, True], ids=["not-in-sent", "found-in-sent"])
def test_kill_during_smtp_data(
    box: Mailbox, daemon: Daemon, smtpd: SmtpServer, filed: bool
) -> None:
    box.append("INBOX", invitation(message_id=INV))
    assert once(daemon) == 0
    send_drafts(box)
    assert once(daemon, "smtp_data") == -signal.SIGKILL
    # Half the content went out and the connection died: the server never accepted it.
    assert smtpd.messages == []
    if filed:
        # The outcome is unknowable to the client; suppose the message did go out and
        # the provider filed it in Sent (as Gmail does): the Message-ID settles it.
        mid = _sent_followup_id(daemon)
        box.append(
            "Sent",
            f"Message-ID: {mid}\r\nFrom: alex@example.org\r\nTo: rita@corp.example\r\n"
            f"Subject: Re: Interview\r\n\r\nThank you again.\r\n".encode(),
        )
    for _ in range(2):
        assert once(daemon) == 0
    assert states(daemon)[INV] == ("followed_up" if filed else "uncertain")
    assert smtpd.messages == []  # never resent blindly
    assert integrity(daemon.config) == "ok"


@pytest.mark.parametrize("filed", [False, True], ids=["not-in-sent", "found-in-sent"])
def test_kill_after_smtp_250(box: Mailbox, daemon: Daemon, smtpd: SmtpServer, filed: bool) -> None:
    box.append("INBOX", invitation(message_id=INV))
    assert once(daemon) == 0
    send_drafts(box)
    assert once(daemon, "after_smtp_250") == -signal.SIGKILL
    assert smtpd.count == 1
    if filed:
        # A provider that files submissions itself put the accepted copy in Sent.
        box.append("Sent", smtpd.messages[0].raw, flags=(b"\\Seen",))
    for _ in range(2):
        assert once(daemon) == 0
    assert states(daemon)[INV] == ("followed_up" if filed else "uncertain")
    assert smtpd.count == 1  # the state write was lost, the send is not repeated
    logs = daemon.logs()
    assert "was being sent when the service stopped" in logs


def test_kill_after_append_then_the_user_sends_before_the_restart(
    box: Mailbox, daemon: Daemon, smtpd: SmtpServer
) -> None:
    """Regression (found by the stream test): the draft was appended, the state write
    lost, and the user sent the draft while the daemon was down. The restart must not
    append it again: it looks in Sent before it looks for a draft to finish."""
    box.append("INBOX", invitation(message_id=INV))
    assert once(daemon, "after_append") == -signal.SIGKILL
    assert send_drafts(box) == [INV]
    for _ in range(2):
        assert once(daemon) == 0
    assert drafts_for(box) == 0
    assert states(daemon)[INV] == "followed_up"
    assert smtpd.count == 1
