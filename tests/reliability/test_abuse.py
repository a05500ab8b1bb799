"""Loops and abuse: a mail bomb in one thread mixed with bounces, auto-replies, list
mail and the user's own mail; and two threads from one recruiter, both declined.

No draft where the rules say none, one draft per thread, at most one follow-up per
recipient within the window, and the daemon's memory stays bounded."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest

from tests.dovecot_server import DovecotUser
from tests.reliability.nasty import TEXT
from tests.reliability.support import (
    bulk_append,
    db_rows,
    in_reply_to_counts,
    peak_rss_kib,
    send_drafts,
    set_option,
)
from tests.service_support import Daemon, Mailbox, eventually, invitation, write_config
from tests.smtpd_server import SmtpServer

pytestmark = pytest.mark.dovecot

BOMB = 1000


def _bomb_message(n: int) -> bytes:
    kind = n % 5
    base = "To: Alex Example <alex@example.org>\r\nDate: Mon, 23 Nov 2026 10:00:00 +0100\r\n"
    if kind == 0:  # the bomb proper: one thread, a new Message-ID every time
        head = (
            f"From: Rita Recruiter <rita@corp.example>\r\nSubject: Interview invitation #{n}\r\n"
            f"Message-ID: <bomb-{n}@corp.example>\r\nReferences: <bomb-root@corp.example>\r\n"
        )
    elif kind == 1:
        head = (
            "From: MAILER-DAEMON@corp.example\r\nSubject: Undelivered: Interview invitation\r\n"
            f"Message-ID: <dsn-{n}@corp.example>\r\nReturn-Path: <>\r\n"
        )
    elif kind == 2:
        head = (
            f"From: Away {n} <away{n}@corp.example>\r\nSubject: Out of office: Interview\r\n"
            f"Message-ID: <oof-{n}@corp.example>\r\nAuto-Submitted: auto-replied\r\n"
        )
    elif kind == 3:
        head = (
            f"From: Jobs List <jobs@lists.example>\r\nSubject: Interview invitation {n}\r\n"
            f"Message-ID: <list-{n}@lists.example>\r\nList-Id: <jobs.lists.example>\r\n"
        )
    else:
        head = (
            "From: Alex Example <alex@example.org>\r\nSubject: Interview invitation (copy)\r\n"
            f"Message-ID: <self-{n}@example.org>\r\n"
        )
    return (head + base + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + TEXT).encode()


def test_mail_bomb_gives_one_draft_and_stays_small(
    tmp_path: Path,
    mailbox: DovecotUser,
    box: Mailbox,
    smtpd: SmtpServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    daemon = Daemon(write_config(tmp_path, mailbox, smtp_port=smtpd.port))
    daemon.start()
    try:
        eventually(lambda: "scanning INBOX" in daemon.logs(), what="the first pass")
        started = time.monotonic()
        # 1,000 messages in a few seconds, while the daemon is watching.
        bulk_append(mailbox, "INBOX", [_bomb_message(n) for n in range(BOMB)], chunk=50)

        def done() -> bool:
            rows = db_rows(daemon.config, "SELECT last_uid FROM cursors WHERE folder = 'INBOX'")
            return bool(rows) and rows[0][0] == BOMB

        eventually(done, timeout=90, what="the bomb to be processed")
        elapsed = time.monotonic() - started
        assert daemon.alive
        assert daemon.process is not None
        rss = peak_rss_kib(daemon.process.pid)
    finally:
        status = daemon.stop()
    assert status == 0  # a clean exit on SIGTERM
    drafts = in_reply_to_counts(m for _, m, _ in box.messages("Drafts"))
    assert sum(drafts.values()) == 1, drafts  # one thread, one draft
    [(thread_member, _)] = drafts.items()
    assert thread_member.startswith("<bomb-")
    states = Counter(str(s) for (s,) in db_rows(daemon.config, "SELECT state FROM invitations"))
    assert states["drafted"] == 1
    assert rss < 200 * 1024, f"peak RSS {rss // 1024} MiB"
    assert "Traceback" not in daemon.logs()
    with capsys.disabled():
        print(
            f"\nmail bomb: {BOMB} messages processed in {elapsed:.1f} s, "
            f"{sum(drafts.values())} draft, rows {dict(states)}, peak RSS {rss // 1024} MiB"
        )


def test_one_followup_per_recipient_within_the_window(
    tmp_path: Path, mailbox: DovecotUser, box: Mailbox, smtpd: SmtpServer
) -> None:
    config = write_config(tmp_path, mailbox, smtp_port=smtpd.port)
    daemon = Daemon(set_option(config, 'delay = "2s"', 'delay = "0s"'))
    for n in (1, 2):  # two separate threads, one recruiter
        box.append(
            "INBOX",
            invitation(
                message_id=f"<rate-{n}@corp.example>",
                subject=f"Interview invitation: role {n} at Corp",
            ),
        )
    assert daemon.start("--once").wait(60) == 0
    assert len(send_drafts(box)) == 2
    for _ in range(2):
        assert daemon.start("--once").wait(60) == 0
    assert smtpd.count == 1
    rows = dict(db_rows(daemon.config, "SELECT state, reason FROM invitations ORDER BY state"))
    assert set(rows) == {"followed_up", "cancelled"}
    assert "at most one per" in str(rows["cancelled"])
