"""Secrets and transport: no password in any log, status output, error or state
file; certificates checked by default; clear text refused off loopback; the state
directory and the config written by ``init`` are private."""

from __future__ import annotations

import base64
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.dovecot_server import PASSWORD, DovecotUser
from tests.reliability.support import send_drafts, set_option, smtp_settings
from tests.service_support import REPO, Daemon, Mailbox, _env, invitation, write_config
from tests.smtpd_server import SmtpServer

pytestmark = pytest.mark.dovecot

SMTP_SECRET = "pd-Sm7p-secret-Kq93xZ-unique"
WRONG_IMAP = "pd-1map-wrong-Vb27Lp-unique"


def _forms(secret: str, login: str = "alex") -> list[bytes]:
    """The secret as it could leak: plain, base64, and inside an AUTH PLAIN blob."""
    plain = secret.encode()
    return [
        plain,
        base64.b64encode(plain),
        base64.b64encode(b"\0" + login.encode() + b"\0" + plain),
        base64.b64encode(b"\0" + login.encode() + b"\0" + plain)[:-4],
    ]


def _assert_absent(where: str, data: bytes, secrets: list[str]) -> None:
    for secret in secrets:
        for form in _forms(secret):
            assert form not in data, f"{secret!r} ({form[:12]!r}...) found in {where}"


def _tls_smtp(config: Path, ca_file: str | None, *, secret_env: bool = True) -> None:
    lines = 'security = "starttls"\nauth = true\nusername = "alex"\n'
    lines += 'password_env = "PD_SMTP_SECRET"\n' if secret_env else ""
    if ca_file:
        lines += f'ca_file = "{ca_file}"\n'
    smtp_settings(config, lines)


def test_no_secret_in_logs_status_errors_or_state(
    tmp_path: Path,
    mailbox: DovecotUser,
    box: Mailbox,
    smtpd_factory: Callable[..., SmtpServer],
    test_ca_file: str,
) -> None:
    good = smtpd_factory(starttls=True, users={"alex": SMTP_SECRET})
    config = write_config(tmp_path / "a", mailbox, smtp_port=good.port)
    set_option(config, 'delay = "2s"', 'delay = "0s"')
    _tls_smtp(config, test_ca_file)
    env = {"PD_SMTP_SECRET": SMTP_SECRET}
    daemon = Daemon(config, env=env)
    outputs: list[tuple[str, str]] = []

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        done = daemon.cli(*args, env=env)
        outputs.append((" ".join(args), done.stdout + done.stderr))
        return done

    box.append("INBOX", invitation(message_id="<inv-secret@corp.example>"))
    assert cli("-v", "-v", "run", "--once").returncode == 0
    send_drafts(box)
    assert cli("-v", "-v", "run", "--once").returncode == 0
    assert good.count == 1  # the follow-up went out with the secret, over TLS
    assert good.auth_attempts[0].success
    assert good.auth_attempts[0].tls
    assert cli("check").returncode == 0
    assert cli("status").returncode == 0
    assert cli("status", "--json").returncode == 0
    assert cli("--log-format", "json", "-v", "run", "--once").returncode == 0

    # The same secret refused by the server (535), and a wrong IMAP password: the
    # error paths are where a secret is most likely to be echoed.
    bad = smtpd_factory(starttls=True, users={"alex": "something-else-entirely"})
    set_option(config, f"port = {good.port}", f"port = {bad.port}")
    assert cli("check").returncode == 1
    box.append("INBOX", invitation(message_id="<inv-secret-2@corp.example>"))
    assert cli("-v", "-v", "run", "--once").returncode == 0
    send_drafts(box)
    assert cli("-v", "-v", "run", "--once").returncode == 0
    assert bad.count == 0
    set_option(config, f'password = "{PASSWORD}"', f'password = "{WRONG_IMAP}"')
    assert cli("check").returncode == 1
    assert "535" in "".join(out for _, out in outputs)

    secrets = [SMTP_SECRET, PASSWORD, WRONG_IMAP]
    for what, out in outputs:
        _assert_absent(f"the output of `{what}`", out.encode(), secrets)
        assert "Traceback" not in out, what
    state = config.parent / "state"
    files = [p for p in state.iterdir() if p.is_file()]
    assert any(p.name == "state.db" for p in files)
    for path in files:
        _assert_absent(str(path), path.read_bytes(), secrets)


def _check(config: Path, *, env: dict[str, str] | None = None) -> tuple[int, str]:
    done = Daemon(config).cli("check", env=env)
    return done.returncode, done.stdout + done.stderr


def test_imap_certificates_are_checked_by_default(tmp_path: Path, mailbox: DovecotUser) -> None:
    assert mailbox.ca_file is not None
    config = write_config(tmp_path, mailbox)
    set_option(
        config,
        f'port = {mailbox.port}\nsecurity = "none"',
        f'port = {mailbox.tls_port}\nsecurity = "tls"',
    )
    code, out = _check(config)
    assert code == 1
    assert "certificate not trusted" in out, out
    assert "ca_file" in out, out
    assert Daemon(config).start("--once").wait(60) == 1
    set_option(config, 'security = "tls"', f'security = "tls"\nca_file = "{mailbox.ca_file}"')
    code, out = _check(config)
    assert "with TLS, certificate checked" in out, out
    assert f"imap       logged in as {mailbox.username}" in out, out


def test_smtp_certificates_are_checked_by_default(
    tmp_path: Path,
    mailbox: DovecotUser,
    smtpd_factory: Callable[..., SmtpServer],
    test_ca_file: str,
) -> None:
    server = smtpd_factory(implicit_tls=True, users={"alex": SMTP_SECRET})
    config = write_config(tmp_path, mailbox, smtp_port=server.port)
    smtp_settings(config, 'security = "tls"\nauth = true\nusername = "alex"\npassword_env = "PD_S"')
    code, out = _check(config, env={"PD_S": SMTP_SECRET})
    assert code == 1
    assert "TLS failed" in out, out
    assert "nothing was sent" in out, out
    assert server.auth_attempts == []
    set_option(
        config, 'password_env = "PD_S"', f'password_env = "PD_S"\nca_file = "{test_ca_file}"'
    )
    code, out = _check(config, env={"PD_S": SMTP_SECRET})
    assert code == 0, out
    assert SMTP_SECRET not in out


@pytest.mark.parametrize("table", ["imap", "smtp"])
def test_cleartext_is_refused_off_loopback(
    tmp_path: Path, mailbox: DovecotUser, table: str
) -> None:
    config = write_config(tmp_path, mailbox)
    text = config.read_text()
    section = text.index(f"[{table}]")
    text = text[:section] + text[section:].replace(
        'host = "127.0.0.1"', 'host = "mail.example.org"', 1
    )
    config.write_text(text)
    for args in (("check",), ("run", "--once")):
        done = Daemon(config).cli(*args)
        assert done.returncode == 2, done.stderr
        assert f"{table}.security" in done.stderr
        assert "loopback" in done.stderr
        assert "Traceback" not in done.stderr


def test_state_dir_and_init_config_are_private(
    tmp_path: Path, mailbox: DovecotUser, smtpd: SmtpServer
) -> None:
    daemon = Daemon(write_config(tmp_path, mailbox, smtp_port=smtpd.port))
    assert daemon.start("--once").wait(60) == 0
    state = daemon.config.parent / "state"
    assert stat.S_IMODE(state.stat().st_mode) == 0o700
    assert stat.S_IMODE((state / "state.db").stat().st_mode) == 0o600
    # init, even under a permissive umask, writes a private config.
    target = tmp_path / "xdg" / "polite-decline" / "config.toml"
    done = subprocess.run(
        [sys.executable, "-m", "mailer", "init", str(target)],
        capture_output=True,
        text=True,
        env=_env({}),
        cwd=REPO,
        timeout=60,
        check=False,
        preexec_fn=lambda: os.umask(0),
    )
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    again = subprocess.run(
        [sys.executable, "-m", "mailer", "init", str(target)],
        capture_output=True,
        text=True,
        env=_env({}),
        cwd=REPO,
        timeout=60,
        check=False,
    )
    assert again.returncode == 2  # never overwrites
