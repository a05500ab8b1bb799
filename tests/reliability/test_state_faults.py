"""The state store under fire: a database locked by another process, a full disk
(a file-size limit on the daemon), and a second daemon on the same directory."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.dovecot_server import DovecotUser
from tests.reliability.support import (
    in_reply_to_counts,
    integrity,
    invitation_text,
    state_db,
)
from tests.service_support import REPO, Daemon, Mailbox, _env, eventually, invitation, write_config
from tests.smtpd_server import SmtpServer

pytestmark = pytest.mark.dovecot


def drafts(box: Mailbox) -> dict[str, int]:
    return dict(in_reply_to_counts(m for _, m, _ in box.messages("Drafts")))


def test_locked_database_stops_with_a_clear_error_and_loses_nothing(
    tmp_path: Path, mailbox: DovecotUser, box: Mailbox, smtpd: SmtpServer
) -> None:
    daemon = Daemon(write_config(tmp_path, mailbox, smtp_port=smtpd.port))
    daemon.start()
    try:
        eventually(lambda: "scanning INBOX" in daemon.logs(), what="the first pass")
        # Another process (this test) holds a write transaction on the store.
        holder = sqlite3.connect(state_db(daemon.config), isolation_level=None, timeout=10)
        holder.execute("BEGIN IMMEDIATE")
        try:
            box.append("INBOX", invitation(message_id="<inv-locked@corp.example>"))
            eventually(lambda: "locked" in daemon.logs(), timeout=30, what="the lock error")
        finally:
            # Released at once: if the daemon had skipped the invitation as poison,
            # its next write (the INBOX cursor) would now succeed and lose it.
            holder.execute("ROLLBACK")
            holder.close()
        assert daemon.wait(20) == 1
    finally:
        daemon.kill()
    logs = daemon.logs()
    assert "is locked by another process" in logs
    assert "Traceback" not in logs
    assert integrity(daemon.config) == "ok"
    assert daemon.start("--once").wait(60) == 0
    assert drafts(box) == {"<inv-locked@corp.example>": 1}


def _run_limited(config: Path, limit: int, log: Path) -> int:
    """``run --once`` with RLIMIT_FSIZE: a write past ``limit`` bytes fails with EFBIG
    (SIGXFSZ ignored), the way a full disk fails it with ENOSPC."""
    code = (
        "import os, resource, signal, sys\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        f"resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))\n"
        "os.execv(sys.executable, [sys.executable, '-m', 'mailer', '--config', "
        f"{str(config)!r}, 'run', '--once'])\n"
    )
    with log.open("wb") as err:
        done = subprocess.run(
            [sys.executable, "-c", code],
            stdout=subprocess.DEVNULL,
            stderr=err,
            env=_env({}),
            cwd=REPO,
            timeout=120,
            check=False,
        )
    return done.returncode


def test_full_disk_is_a_clear_error_without_corruption(
    tmp_path: Path, mailbox: DovecotUser, box: Mailbox, smtpd: SmtpServer
) -> None:
    daemon = Daemon(write_config(tmp_path, mailbox, smtp_port=smtpd.port))
    box.append("INBOX", invitation_text(0))
    assert daemon.start("--once").wait(60) == 0  # the store exists, one draft made
    for n in range(1, 41):
        box.append("INBOX", invitation_text(n))
    db = state_db(daemon.config)
    limit = db.stat().st_size + 48 * 1024  # room for a few rows in the WAL, not 40
    log = tmp_path / "limited.log"
    assert _run_limited(daemon.config, limit, log) == 1
    text = log.read_text()
    assert "cannot write the state database" in text, text[-2000:]
    assert "Traceback" not in text
    assert integrity(daemon.config) == "ok"
    # Space is back: every invitation gets exactly one draft, none twice.
    assert daemon.start("--once").wait(120) == 0
    found = drafts(box)
    assert len(found) == 41
    assert set(found.values()) == {1}
    assert integrity(daemon.config) == "ok"


def test_second_daemon_on_one_state_dir_refuses(
    tmp_path: Path, mailbox: DovecotUser, box: Mailbox, smtpd: SmtpServer
) -> None:
    daemon = Daemon(write_config(tmp_path, mailbox, smtp_port=smtpd.port))
    daemon.start()
    try:
        eventually(lambda: "scanning INBOX" in daemon.logs(), what="the first daemon")
        assert daemon.process is not None
        for args in (("run",), ("run", "--once")):
            second = daemon.cli(*args)
            assert second.returncode == 1
            assert f"pid {daemon.process.pid}" in second.stderr
            assert "already running" in second.stderr
            assert "Traceback" not in second.stderr
        # The first one is unharmed and still works.
        box.append("INBOX", invitation(message_id="<inv-two@corp.example>"))
        eventually(lambda: drafts(box), what="a draft by the first daemon")
        assert daemon.alive
    finally:
        daemon.process.send_signal(signal.SIGKILL)  # type: ignore[union-attr]
        daemon.wait()
    # kill -9 leaves no stale lock behind: the kernel dropped the flock.
    time.sleep(0.1)
    assert daemon.start("--once").wait(60) == 0
    assert drafts(box) == {"<inv-two@corp.example>": 1}
