"""`polite-decline check` against the private Dovecot and aiosmtpd.

IMAP and SMTP are each checked and reported, whatever the other gave; one line per
fact, each named once (no "smtp  smtp 127.0.0.1" prefixes), in plain words."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from mailer.commands.cli import main
from tests.dovecot_server import DovecotUser, free_port, start_dovecot
from tests.service_support import write_config
from tests.smtpd_server import SmtpServer

pytestmark = pytest.mark.dovecot


def run(config: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--config", str(config), "check"])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def lines_of(out: str, step: str) -> list[str]:
    return [line[11:] for line in out.splitlines() if line.startswith(f"{step:<10} ")]


def assert_no_repeated_prefix(out: str) -> None:
    for line in out.splitlines():
        step, _, rest = line.partition(" ")
        assert not rest.lstrip().lower().startswith(step.lower() + " "), line
        assert "b'" not in line, line  # no bytes repr
        assert "[Errno" not in line, line


def test_plain_loopback(
    tmp_path: Path, mailbox: DovecotUser, smtpd: SmtpServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(write_config(tmp_path, mailbox, smtp_port=smtpd.port), capsys)
    assert code == 0, out
    assert lines_of(out, "imap") == [
        f"connected to 127.0.0.1:{mailbox.port} without TLS (allowed for a loopback host)",
        f"logged in as {mailbox.username}",
        "IDLE: yes, new mail is noticed at once (RFC 2177)",
        "UIDPLUS: yes, the server says where each new draft is stored (RFC 4315)",
    ]
    assert lines_of(out, "drafts") == [
        "ok: 'Drafts', the server marks it \\Drafts (SPECIAL-USE, RFC 6154)"
    ]
    assert lines_of(out, "sent") == [
        "ok: 'Sent', the server marks it \\Sent (SPECIAL-USE, RFC 6154)"
    ]
    assert lines_of(out, "smtp") == [
        f"connected to 127.0.0.1:{smtpd.port}",
        "no TLS (allowed for a loopback host)",
        "no login (auth = false)",
        "ok: ready to send follow-ups (nothing was sent)",
    ]
    assert lines_of(out, "result") == [
        "ok: polite-decline can reach your mailbox and your SMTP server"
    ]
    assert_no_repeated_prefix(out)
    assert smtpd.count == 0  # nothing sent


def test_folders_found_by_name_say_so(
    tmp_path: Path, smtpd: SmtpServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server = start_dovecot(special_use=False)
    try:
        user = server.add_user()
        code, out = run(write_config(tmp_path, user, smtp_port=smtpd.port), capsys)
    finally:
        server.stop()
    assert code == 0, out
    assert lines_of(out, "drafts") == [
        "ok: 'Entwürfe', found by its name (the server marks no folder \\Drafts)"
    ]
    assert lines_of(out, "sent") == [
        "ok: 'Gesendet', found by its name (the server marks no folder \\Sent)"
    ]


def test_folder_set_in_the_config(
    tmp_path: Path, mailbox: DovecotUser, smtpd: SmtpServer, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(
        tmp_path, mailbox, smtp_port=smtpd.port, imap_extra='drafts_folder = "Trash"'
    )
    code, out = run(config, capsys)
    assert code == 0, out
    assert lines_of(out, "drafts") == ["ok: 'Trash', as set by imap.drafts_folder"]


def test_imap_down_still_reports_the_smtp_server(
    tmp_path: Path, mailbox: DovecotUser, smtpd: SmtpServer, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, mailbox, smtp_port=smtpd.port)
    closed = free_port()  # nothing listens there
    config.write_text(config.read_text().replace(f"port = {mailbox.port}", f"port = {closed}"))
    code, out = run(config, capsys)
    assert code == 1
    (imap,) = lines_of(out, "imap")
    assert imap.startswith(f"FAILED: connecting to IMAP server 127.0.0.1:{closed}: ")
    assert "Connection refused" in imap
    assert "[Errno" not in imap
    assert lines_of(out, "smtp")[-1] == "ok: ready to send follow-ups (nothing was sent)"
    assert lines_of(out, "result") == ["FAILED: IMAP (see above); nothing was sent"]
    assert_no_repeated_prefix(out)


def test_smtp_down_is_reported_after_a_working_imap(
    tmp_path: Path, mailbox: DovecotUser, capsys: pytest.CaptureFixture[str]
) -> None:
    closed = free_port()
    code, out = run(write_config(tmp_path, mailbox, smtp_port=closed), capsys)
    assert code == 1
    assert lines_of(out, "drafts")[0].startswith("ok: 'Drafts'")
    assert lines_of(out, "smtp") == [
        f"FAILED: 127.0.0.1:{closed}: cannot connect: Connection refused"
    ]
    assert lines_of(out, "result") == ["FAILED: SMTP (see above); nothing was sent"]
    assert_no_repeated_prefix(out)


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
    assert lines_of(out, "imap")[0] == (
        f"connected to 127.0.0.1:{mailbox.tls_port} with TLS, certificate checked"
    )
    assert lines_of(out, "smtp") == [
        f"connected to 127.0.0.1:{smtp.port} with TLS, certificate verified",
        "logged in as alex",
        "ok: ready to send follow-ups (nothing was sent)",
    ]
    assert "smtp-pass-3141" not in out
    assert smtp.count == 0


def test_wrong_imap_password_shows_the_servers_words_and_still_checks_smtp(
    tmp_path: Path, mailbox: DovecotUser, smtpd: SmtpServer, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(
        tmp_path, mailbox, smtp_port=smtpd.port, imap_extra='password = "not-the-password"'
    )
    code, out = run(config, capsys)
    assert code == 1
    (imap,) = lines_of(out, "imap")
    assert imap == (
        f"FAILED: IMAP server 127.0.0.1:{mailbox.port} refused the password for "
        f"{mailbox.username}: [AUTHENTICATIONFAILED] Authentication failed."
    )
    # [smtp] has auth = false here: the SMTP server is reachable and says so.
    assert lines_of(out, "smtp")[-1] == "ok: ready to send follow-ups (nothing was sent)"
    assert "not-the-password" not in out
    assert "Traceback" not in out
    assert_no_repeated_prefix(out)


def test_wrong_smtp_password_shows_the_servers_reply_once(
    tmp_path: Path,
    mailbox: DovecotUser,
    smtpd_factory: Callable[..., SmtpServer],
    test_ca_file: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    smtp = smtpd_factory(implicit_tls=True, users={"alex": "right-one-2718"})
    config = write_config(
        tmp_path,
        mailbox,
        smtp_port=smtp.port,
        smtp_extra=(
            f'security = "tls"\nca_file = "{test_ca_file}"\nauth = true\n'
            'username = "alex"\npassword_command = "echo wrong-one-1618"'
        ),
    )
    code, out = run(config, capsys)
    assert code == 1
    smtp_lines = lines_of(out, "smtp")
    assert smtp_lines[0] == f"connected to 127.0.0.1:{smtp.port} with TLS, certificate verified"
    assert re.match(
        rf"FAILED: 127.0.0.1:{smtp.port}: logging in: 535 .*refused the login", smtp_lines[1]
    ), smtp_lines
    assert lines_of(out, "drafts")[0].startswith("ok: ")
    assert "wrong-one-1618" not in out
    assert_no_repeated_prefix(out)


def test_both_down(
    tmp_path: Path, mailbox: DovecotUser, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, mailbox, smtp_port=free_port())
    config.write_text(config.read_text().replace(f"port = {mailbox.port}", f"port = {free_port()}"))
    code, out = run(config, capsys)
    assert code == 1
    assert lines_of(out, "imap")[0].startswith("FAILED: ")
    assert lines_of(out, "smtp")[-1].startswith("FAILED: ")
    assert lines_of(out, "result") == ["FAILED: IMAP and SMTP (see above); nothing was sent"]


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
