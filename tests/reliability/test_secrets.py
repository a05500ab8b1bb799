"""Secrets and transport: no password in any log, status output, error or state
file; certificates checked by default; clear text refused off loopback; the state
directory and the config written by ``init`` are private."""

from __future__ import annotations

import base64
import os
import socket
import stat
import subprocess
import sys
import threading
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


# ------------------------------------------------------------ servers that echo

ECHOED = 'pd-"Qu0ted\\Echo-Zx81'  # a quote and a backslash: IMAP quotes it with escapes


class EchoImapServer:
    """A hostile IMAP server on loopback: every login is refused with a NO that
    echoes what the client sent (LOGIN's quoted arguments, an AUTHENTICATE blob)."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.seen: list[bytes] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self.sock.close()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        caps = b"IMAP4rev1 AUTH=PLAIN AUTH=XOAUTH2"
        with conn, conn.makefile("rwb") as stream:
            stream.write(b"* OK [CAPABILITY " + caps + b"] echo ready\r\n")
            stream.flush()
            for line in stream:
                self.seen.append(line)
                tag, _, rest = line.rstrip(b"\r\n").partition(b" ")
                command, _, args = rest.partition(b" ")
                command = command.upper()
                if command == b"CAPABILITY":
                    reply = b"* CAPABILITY " + caps + b"\r\n" + tag + b" OK done\r\n"
                elif command in (b"LOGIN", b"AUTHENTICATE"):
                    if command == b"AUTHENTICATE" and b" " not in args:
                        stream.write(b"+ \r\n")
                        stream.flush()
                        blob = stream.readline()
                        self.seen.append(blob)
                        args += b" " + blob.rstrip(b"\r\n")
                    reply = tag + b" NO [AUTHENTICATIONFAILED] " + command + b" " + args + b"\r\n"
                elif command == b"LOGOUT":
                    stream.write(b"* BYE\r\n" + tag + b" OK bye\r\n")
                    stream.flush()
                    return
                else:
                    reply = tag + b" BAD unknown\r\n"
                stream.write(reply)
                stream.flush()


def _echo_forms(secret: str, login: str = "alex") -> list[bytes]:
    quoted = secret.replace("\\", "\\\\").replace('"', '\\"')
    plain = secret.encode()
    return [
        *_forms(secret, login),
        quoted.encode(),
        repr(quoted.encode())[2:-1].encode(),  # how imapclient shows a server's reply
        base64.b64encode(plain),
        base64.b64encode(f"user={login}\x01auth=Bearer {secret}\x01\x01".encode()),
    ]


def _assert_no_form(where: str, data: bytes, secret: str, login: str = "alex") -> None:
    for form in _echo_forms(secret, login):
        assert form not in data, f"{form[:16]!r}... found in {where}"


def _state_files(config: Path) -> list[Path]:
    state = config.parent / "state"
    return [p for p in state.iterdir() if p.is_file()] if state.exists() else []


@pytest.mark.parametrize("how", ["password", "oauth2"])
def test_an_imap_server_that_echoes_the_login_learns_nothing_we_keep(
    tmp_path: Path, mailbox: DovecotUser, how: str
) -> None:
    server = EchoImapServer()
    try:
        config = write_config(tmp_path, mailbox)
        set_option(config, f"port = {mailbox.port}", f"port = {server.port}")
        source = (
            'password_env = "PD_IMAP_SECRET"'
            if how == "password"
            else 'oauth2_token_command = "printenv PD_IMAP_SECRET"'
        )
        set_option(config, f'password = "{PASSWORD}"', source)
        env = {"PD_IMAP_SECRET": ECHOED}
        daemon = Daemon(config, env=env)
        outputs = []
        for args in (("check",), ("-v", "-v", "run", "--once"), ("status",), ("status", "--json")):
            done = daemon.cli(*args, env=env)
            outputs.append((" ".join(args), done.stdout + done.stderr))
        assert "AUTHENTICATIONFAILED" in outputs[0][1]  # the echo itself arrived
        sent = b"".join(server.seen)
        login = mailbox.username
        assert any(form in sent for form in _echo_forms(ECHOED, login))  # and held the secret
        for what, out in outputs:
            _assert_no_form(f"the output of `{what}`", out.encode(), ECHOED, login)
            assert "Traceback" not in out, what
        for path in _state_files(config):
            _assert_no_form(str(path), path.read_bytes(), ECHOED, login)
    finally:
        server.close()


@pytest.mark.parametrize("mechanism", ["PLAIN", "LOGIN", "XOAUTH2"])
def test_an_smtp_server_that_echoes_the_auth_blob_learns_nothing_we_keep(
    tmp_path: Path,
    mailbox: DovecotUser,
    box: Mailbox,
    smtpd_factory: Callable[..., SmtpServer],
    test_ca_file: str,
    mechanism: str,
) -> None:
    options: dict[str, object] = {"starttls": True, "echo_auth": True}
    if mechanism == "XOAUTH2":
        options["oauth_tokens"] = {"alex": "the-right-token"}
        options["auth_exclude"] = ["PLAIN", "LOGIN"]
        source = 'oauth2_token_command = "printenv PD_SMTP_SECRET"'
    else:
        options["users"] = {"alex": "the-right-password"}
        options["auth_exclude"] = ["LOGIN"] if mechanism == "PLAIN" else ["PLAIN"]
        source = 'password_env = "PD_SMTP_SECRET"'
    server = smtpd_factory(**options)
    config = write_config(tmp_path, mailbox, smtp_port=server.port)
    set_option(config, 'delay = "2s"', 'delay = "0s"')
    smtp_settings(
        config,
        f'security = "starttls"\nauth = true\nusername = "alex"\n{source}\n'
        f'ca_file = "{test_ca_file}"\n',
    )
    env = {"PD_SMTP_SECRET": ECHOED}
    daemon = Daemon(config, env=env)
    outputs = []

    def cli(*args: str) -> None:
        done = daemon.cli(*args, env=env)
        outputs.append((" ".join(args), done.stdout + done.stderr))

    cli("check")
    assert "Authentication failed" in outputs[0][1] or "not accepted" in outputs[0][1]
    assert [a.mechanism for a in server.auth_attempts] == [mechanism]
    box.append("INBOX", invitation(message_id="<inv-echo@corp.example>"))
    cli("-v", "-v", "run", "--once")
    send_drafts(box)
    cli("-v", "-v", "run", "--once")  # the follow-up is refused with the echo
    cli("status")
    cli("status", "--json")
    assert server.count == 0
    assert "535" in "".join(out for _, out in outputs)
    for what, out in outputs:
        _assert_no_form(f"the output of `{what}`", out.encode(), ECHOED)
        assert "Traceback" not in out, what
    files = _state_files(config)
    assert any(p.name == "state.db" for p in files)
    for path in files:
        _assert_no_form(str(path), path.read_bytes(), ECHOED)
