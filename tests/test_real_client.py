"""A real mail client (neomutt in tmux) sends the draft; the service notices and follows up."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import pytest

from tests.dovecot_server import DovecotUser
from tests.neomutt_client import neomutt_send_draft
from tests.service_support import Daemon, Mailbox, eventually, invitation, write_config
from tests.smtpd_server import SmtpServer

pytestmark = pytest.mark.dovecot


def test_neomutt_sends_the_draft_and_the_followup_arrives(
    tmp_path: Path, mailbox: DovecotUser, smtpd: SmtpServer
) -> None:
    box = Mailbox(mailbox)
    daemon = Daemon(
        write_config(tmp_path, mailbox, smtp_port=smtpd.port, followup='delay = "3s"')
    ).start()
    try:
        box.append("INBOX", invitation(message_id="<inv-mutt@corp.example>"))
        eventually(lambda: box.messages("Drafts"), what="the draft")
        neomutt_send_draft(
            imap_port=mailbox.port,
            username=mailbox.username,
            password=mailbox.password,
            smtp_port=smtpd.port,
        )
        # neomutt handed the decline to the SMTP server and filed a copy in Sent.
        assert smtpd.count == 1
        decline = email.message_from_bytes(smtpd.messages[0].raw, policy=email.policy.default)
        assert decline["In-Reply-To"] == "<inv-mutt@corp.example>"
        eventually(lambda: box.messages("Sent"), what="neomutt's copy in Sent")
        row = eventually(
            lambda: [r for r in daemon.status() if r["state"] in ("scheduled", "followed_up")],
            what="the send to be noticed",
        )[0]
        assert row["sent_at"]
        eventually(lambda: smtpd.count == 2, what="the follow-up", timeout=25)
    finally:
        daemon.stop()
        box.close()
    follow = email.message_from_bytes(smtpd.messages[1].raw, policy=email.policy.default)
    assert follow["In-Reply-To"] == decline["Message-ID"]
    assert smtpd.messages[1].recipients == ("rita@corp.example",)
    assert daemon.status()[0]["state"] == "followed_up"
