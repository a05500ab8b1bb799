"""SMTP under fire, through the running daemon and a real aiosmtpd: temporary
refusals are retried and the follow-up goes out once; a permanent refusal is final;
a refused login is reported once and not hammered; a stripped STARTTLS gets nothing."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.dovecot_server import DovecotUser
from tests.reliability.support import (
    db_rows,
    decline_sent,
    fast_forward,
    set_option,
    smtp_settings,
)
from tests.service_support import Daemon, Mailbox, eventually, write_config
from tests.smtpd_server import SmtpServer

pytestmark = pytest.mark.dovecot

SMTP_SECRET = "pd-smtp-Zq8!vX-unique-4417"


def _daemon(tmp_path: Path, mailbox: DovecotUser, server: SmtpServer, smtp: str = "") -> Daemon:
    config = write_config(tmp_path, mailbox, smtp_port=server.port)
    set_option(config, 'delay = "2s"', 'delay = "0s"')
    if smtp:
        smtp_settings(config, smtp)
    return Daemon(config, env={"PD_SMTP_SECRET": SMTP_SECRET})


def _rows(daemon: Daemon) -> list[tuple[object, ...]]:
    return db_rows(
        daemon.config,
        "SELECT message_id, state, reason, followup_attempts FROM invitations ORDER BY message_id",
    )


def test_421_and_451_then_success(
    tmp_path: Path,
    mailbox: DovecotUser,
    box: Mailbox,
    smtpd_factory: Callable[..., SmtpServer],
) -> None:
    server = smtpd_factory(data_replies=["421", "451"])
    daemon = _daemon(tmp_path, mailbox, server)
    decline_sent(box, daemon, "<inv-4xx@corp.example>")
    for expected in ("421", "451"):
        assert daemon.start("--once").wait(60) == 0
        [(_, state, reason, attempts)] = _rows(daemon)
        assert state == "scheduled"
        assert "will retry: " in str(reason)
        assert expected in str(reason)
        assert server.messages == []
        # The retry waits at least 30 s; running again at once sends nothing.
        assert daemon.start("--once").wait(60) == 0
        assert len(server.received) == (1 if expected == "421" else 2)
        assert fast_forward(daemon.config) == 1
    assert daemon.start("--once").wait(60) == 0
    assert daemon.start("--once").wait(60) == 0
    [(_, state, _, attempts)] = _rows(daemon)
    assert state == "followed_up"
    assert attempts == 2
    assert len(server.messages) == 1
    assert len(server.received) == 3  # refused, refused, accepted: never twice accepted


def test_550_is_final(
    tmp_path: Path,
    mailbox: DovecotUser,
    box: Mailbox,
    smtpd_factory: Callable[..., SmtpServer],
) -> None:
    server = smtpd_factory(data_replies=["550"])
    daemon = _daemon(tmp_path, mailbox, server)
    decline_sent(box, daemon, "<inv-550@corp.example>")
    for _ in range(2):
        assert daemon.start("--once").wait(60) == 0
    [(_, state, reason, _)] = _rows(daemon)
    assert state == "failed"
    assert "550" in str(reason)
    assert len(server.received) == 1  # not retried
    assert server.messages == []


def test_535_is_reported_once_and_not_retried(
    tmp_path: Path,
    mailbox: DovecotUser,
    box: Mailbox,
    smtpd_factory: Callable[..., SmtpServer],
    test_ca_file: str,
) -> None:
    server = smtpd_factory(starttls=True, users={"alex": "the-right-one-9931"})
    daemon = _daemon(
        tmp_path,
        mailbox,
        server,
        f"""
security = "starttls"
auth = true
username = "alex"
password_env = "PD_SMTP_SECRET"
ca_file = "{test_ca_file}"
""",
    )
    decline_sent(box, daemon, "<inv-535-a@corp.example>", "<inv-535-b@corp.example>")
    daemon.start()
    try:
        eventually(lambda: "no follow-ups will be sent" in daemon.logs(), what="the report")
        time.sleep(4)  # a retry loop would show up as more AUTH attempts
        assert daemon.alive
        assert len(server.auth_attempts) == 1, server.auth_attempts
        assert server.auth_attempts[0].tls  # the login was tried only under TLS
        assert server.messages == []
        logs = daemon.logs()
        assert logs.count("no follow-ups will be sent") == 1
        assert "535" in logs
    finally:
        status = daemon.stop()
    assert status == 0  # a clean exit on SIGTERM
    rows = _rows(daemon)
    assert {r[1] for r in rows} == {"scheduled"}
    assert any("fix the [smtp] settings" in str(r[2]) for r in rows)


def test_starttls_stripped_sends_nothing(
    tmp_path: Path,
    mailbox: DovecotUser,
    box: Mailbox,
    smtpd_factory: Callable[..., SmtpServer],
    test_ca_file: str,
) -> None:
    # The attacker's server: no STARTTLS, and it would gladly take AUTH in clear text.
    server = smtpd_factory(users={"alex": SMTP_SECRET}, auth_require_tls=False)
    daemon = _daemon(
        tmp_path,
        mailbox,
        server,
        f"""
security = "starttls"
auth = true
username = "alex"
password_env = "PD_SMTP_SECRET"
ca_file = "{test_ca_file}"
""",
    )
    decline_sent(box, daemon, "<inv-strip@corp.example>")
    for _ in range(2):
        assert daemon.start("--once").wait(60) == 0
    assert server.auth_attempts == []
    assert server.received == []
    [(_, state, reason, _)] = _rows(daemon)
    assert state == "scheduled"
    assert "STARTTLS" in str(reason) or "TLS" in str(reason)
    assert SMTP_SECRET not in daemon.logs()
