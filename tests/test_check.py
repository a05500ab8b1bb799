"""`polite-decline check` against the private Dovecot and aiosmtpd."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from mailer.cli import main
from tests.dovecot_server import DovecotUser
from tests.service_support import write_config
from tests.smtpd_server import SmtpServer

pytestmark = pytest.mark.dovecot


def run(config: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--config", str(config), "check"])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_plain_loopback(
    tmp_path: Path, mailbox: DovecotUser, smtpd: SmtpServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(write_config(tmp_path, mailbox, smtp_port=smtpd.port), capsys)
    assert code == 0, out
    assert "drafts     ok: 'Drafts'" in out
    assert "sent       ok: 'Sent'" in out
    assert "IDLE: yes" in out
    assert "SPECIAL-USE: yes" in out
    assert "UIDPLUS: yes" in out
    assert "CONDSTORE: yes" in out
    assert smtpd.count == 0  # nothing sent


def test_tls_with_trusted_ca(
    tmp_path: Path,
    mailbox: DovecotUser,
    smtpd_factory: Callable[..., SmtpServer],
    test_ca_file: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    smtp = smtpd_factory(implicit_tls=True, users={"alex": "smtp-pass-3141"})
    config = write_config(
        tmp_path,
        mailbox,
        smtp_port=smtp.port,
        imap_extra=f'security = "tls"\nport = {mailbox.tls_port}\nca_file = "{mailbox.ca_file}"',
        smtp_extra=(
            f'security = "tls"\nca_file = "{test_ca_file}"\nauth = true\n'
            'username = "alex"\npassword_command = "echo smtp-pass-3141"'
        ),
    )
    code, out = run(config, capsys)
    assert code == 0, out
    assert "certificate checked" in out
    assert "logged in as alex" in out
    assert "smtp-pass-3141" not in out
    assert smtp.count == 0


def test_wrong_password_is_one_line(
    tmp_path: Path, mailbox: DovecotUser, smtpd: SmtpServer, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(
        tmp_path, mailbox, smtp_port=smtpd.port, imap_extra='password = "not-the-password"'
    )
    code, out = run(config, capsys)
    assert code == 1
    failed = [line for line in out.splitlines() if "FAILED" in line]
    assert len(failed) == 1
    assert "not-the-password" not in out
    assert "Traceback" not in out


def test_untrusted_certificate_fails(
    tmp_path: Path, mailbox: DovecotUser, smtpd: SmtpServer, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(
        tmp_path,
        mailbox,
        smtp_port=smtpd.port,
        imap_extra=f'security = "tls"\nport = {mailbox.tls_port}',  # no ca_file
    )
    code, out = run(config, capsys)
    assert code == 1
    assert "certificate" in out.lower()


def test_starttls_required_but_not_offered(
    tmp_path: Path,
    mailbox: DovecotUser,
    smtpd_factory: Callable[..., SmtpServer],
    capsys: pytest.CaptureFixture[str],
) -> None:
    smtp = smtpd_factory(users={"alex": "smtp-pass-2718"}, auth_require_tls=False)
    config = write_config(
        tmp_path,
        mailbox,
        smtp_port=smtp.port,
        smtp_extra=(
            'security = "starttls"\nauth = true\nusername = "alex"\npassword_env = "PD_NEVER_READ"'
        ),
    )
    code, out = run(config, capsys)
    assert code == 1
    assert "STARTTLS" in out
    assert smtp.auth_attempts == []  # credentials never sent
