"""A scan longer than one fetch batch: every invitation in it gets its draft.

Drafting selects Drafts on the service's one IMAP connection; a later batch of the
same INBOX scan must not fetch its UIDs from Drafts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mailer.service import BATCH
from tests.dovecot_server import DovecotUser
from tests.service_support import Daemon, Mailbox, invitation, write_config

pytestmark = pytest.mark.dovecot


def test_invitations_in_later_batches_are_drafted(tmp_path: Path, mailbox: DovecotUser) -> None:
    box = Mailbox(mailbox)
    try:
        total = BATCH * 2 + 1
        wanted = {1, BATCH + 1, total}  # first, second and third batch
        for n in range(1, total + 1):
            if n in wanted:
                box.append("INBOX", invitation(n=n, sender=f"Rita <rita{n}@corp{n}.example>"))
            else:
                box.append(
                    "INBOX",
                    f"From: Sam <sam@mail.example>\r\nTo: alex@example.org\r\n"
                    f"Subject: note {n}\r\nMessage-ID: <note-{n}@mail.example>\r\n\r\n"
                    f"See you at lunch.\r\n".encode(),
                )
        daemon = Daemon(write_config(tmp_path, mailbox))
        assert daemon.start("--once").wait(60) == 0
        drafts = box.messages("Drafts")
        assert len(drafts) == len(wanted)
        assert {str(m["To"]) for _, m, _ in drafts} == {
            f"Rita <rita{n}@corp{n}.example>" for n in wanted
        }
    finally:
        box.close()
