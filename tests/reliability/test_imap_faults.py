"""IMAP under fire: the server restarted mid-IDLE, a connection that goes silent, a
UIDVALIDITY change, and a Drafts folder that is not there."""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from tests.dovecot_server import Dovecot, DovecotUser, start_dovecot
from tests.reliability.support import SilentProxy, in_reply_to_counts, set_option
from tests.service_support import Daemon, Mailbox, eventually, invitation, write_config

pytestmark = pytest.mark.dovecot


def drafts(box: Mailbox) -> dict[str, int]:
    return dict(in_reply_to_counts(m for _, m, _ in box.messages("Drafts")))


def _idle_ready(daemon: Daemon) -> None:
    eventually(lambda: "scanning INBOX" in daemon.logs(), what="the first pass")
    # The watchers start after the first pass; give them time to enter IDLE.
    time.sleep(1.0)


@pytest.fixture
def private_dovecot() -> Iterator[Dovecot]:
    server = start_dovecot()
    yield server
    server.stop()
    shutil.rmtree(server.directory, ignore_errors=True)


def test_dovecot_killed_and_restarted_mid_idle(tmp_path: Path, private_dovecot: Dovecot) -> None:
    user = private_dovecot.add_user()
    daemon = Daemon(write_config(tmp_path, user))
    daemon.start()
    try:
        _idle_ready(daemon)
        private_dovecot.restart()  # SIGKILL to the whole process group, then start
        box = Mailbox(user)
        try:
            box.append("INBOX", invitation(message_id="<inv-after-restart@corp.example>"))
            found = eventually(lambda: drafts(box), timeout=30, what="a draft after the restart")
            assert found == {"<inv-after-restart@corp.example>": 1}
        finally:
            box.close()
        assert daemon.alive
        assert "reconnecting" in daemon.logs()
    finally:
        status = daemon.stop()
    assert status == 0  # a clean exit on SIGTERM


def _stamp(line: str) -> float:
    return datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S,%f").timestamp()


def test_silent_drop_is_detected_within_the_read_timeout(
    tmp_path: Path, mailbox: DovecotUser, box: Mailbox
) -> None:
    proxy = SilentProxy(mailbox.port)
    config = write_config(tmp_path, mailbox)
    set_option(config, f"port = {mailbox.port}", f"port = {proxy.port}")
    set_option(config, 'read_timeout = "10s"', 'read_timeout = "3s"')
    daemon = Daemon(config)
    daemon.start()
    try:
        _idle_ready(daemon)
        silenced = proxy.go_silent()
        assert silenced >= 2  # the main connection and the IDLE watchers
        went_silent = time.time()
        # The mail arrives on the server; the daemon's sockets hear nothing at all.
        box.append("INBOX", invitation(message_id="<inv-silent@corp.example>"))
        found = eventually(lambda: drafts(box), timeout=30, what="a draft after the drop")
        assert found == {"<inv-silent@corp.example>": 1}
        trouble = [
            line
            for line in daemon.logs().splitlines()
            if "IMAP trouble" in line or ("failed" in line and "watching" in line)
        ]
        assert trouble, daemon.logs()[-2000:]
        detected = _stamp(trouble[0]) - went_silent
        # read_timeout (3 s) plus at most one sent_check_interval (1 s) before the next
        # command is issued, plus scheduling slack on a busy CI machine.
        assert detected < 3 + 1 + 2.5, f"detected after {detected:.1f} s"
        assert proxy.connections > silenced  # it reconnected
        assert daemon.alive
    finally:
        proxy.close()  # the still-silent IDLE sockets see EOF, so the stop is quick
        status = daemon.stop()
    assert status == 0  # a clean exit on SIGTERM


def test_uidvalidity_change_does_not_draft_twice(
    tmp_path: Path, dovecot: Dovecot, mailbox: DovecotUser, box: Mailbox
) -> None:
    daemon = Daemon(write_config(tmp_path, mailbox))
    box.append("INBOX", invitation(message_id="<inv-uv-1@corp.example>"))
    assert daemon.start("--once").wait(60) == 0
    before = box.client.select_folder("INBOX", readonly=True)[b"UIDVALIDITY"]
    box.close()  # the admin works on a mailbox nobody has open
    # The server admin rebuilds the mailbox's index: every message is renumbered and
    # the mailbox gets a new UIDVALIDITY (RFC 3501 2.3.1.1). Dovecot takes a rebuilt
    # mailbox's UIDVALIDITY from the clock, which within the same second is the old
    # one, so the new value is forced, as `doveadm mailbox update` does in a restore.
    maildir = dovecot.maildir(mailbox.username)
    removed = [p for p in maildir.iterdir() if p.name.startswith("dovecot")]
    assert any(p.name == "dovecot-uidlist" for p in removed)
    for path in removed:
        path.unlink()
    forced = before + 1000
    dovecot.set_uidvalidity(mailbox.username, "INBOX", forced)
    box = Mailbox(mailbox)
    try:
        after = box.client.select_folder("INBOX", readonly=True)[b"UIDVALIDITY"]
        assert after == forced
        box.append("INBOX", invitation(message_id="<inv-uv-2@corp.example>"))
        assert daemon.start("--once").wait(60) == 0
        assert daemon.start("--once").wait(60) == 0
        assert drafts(box) == {"<inv-uv-1@corp.example>": 1, "<inv-uv-2@corp.example>": 1}
    finally:
        box.close()
    assert len(re.findall("scanning INBOX", daemon.logs())) == 2  # first start, then the change


def test_drafts_folder_renamed_away(tmp_path: Path, mailbox: DovecotUser, box: Mailbox) -> None:
    box.client.create_folder("My Drafts")
    config = write_config(tmp_path, mailbox, imap_extra='drafts_folder = "My Drafts"')
    daemon = Daemon(config)
    daemon.start()
    try:
        box.append("INBOX", invitation(message_id="<inv-fold-1@corp.example>"))
        eventually(lambda: box.count("My Drafts") == 1, what="the first draft")
        box.client.unselect_folder()
        box.client.rename_folder("My Drafts", "Old Drafts")  # the user tidies up
        box.append("INBOX", invitation(message_id="<inv-fold-2@corp.example>"))
        eventually(lambda: "'My Drafts' does not exist" in daemon.logs(), what="a clear error")
        time.sleep(3)  # long enough for a crash loop or a log flood to show
        assert daemon.alive
        logs = daemon.logs()
        assert logs.count("does not exist") == 1, logs[-2000:]
        assert "imap.drafts_folder = 'My Drafts' does not exist" in logs
        assert "Traceback" not in logs
        assert box.count("Old Drafts") == 1
        # The problem shows in status too, not only in the log.
        shown = daemon.cli("status")
        assert "service problem" in shown.stdout
        assert "does not exist" in shown.stdout
    finally:
        status = daemon.stop()
    assert status == 0  # a clean exit on SIGTERM


def test_no_drafts_folder_at_all(tmp_path: Path, mailbox: DovecotUser) -> None:
    config = write_config(tmp_path, mailbox, imap_extra='drafts_folder = "Nowhere"')
    daemon = Daemon(config)
    assert daemon.start("--once").wait(60) == 1
    daemon.start()
    try:
        eventually(lambda: "does not exist" in daemon.logs(), what="the error")
        time.sleep(2)
        assert daemon.alive
        assert "set imap" in daemon.logs() or "folders there" in daemon.logs()
    finally:
        status = daemon.stop()
    assert status == 0  # a clean exit on SIGTERM
