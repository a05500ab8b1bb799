"""The SMTP adapter against a real aiosmtpd server (tests/smtpd_server.py)."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable
from typing import Any

import pytest
import trustme

from mailer.adapters.credentials import Credential
from mailer.adapters.smtp import (
    SendResult,
    SmtpEndpoint,
    check_smtp,
    is_loopback_host,
    send_message,
)
from mailer.errors import (
    InsecureTransportError,
    PermanentSendError,
    SendAuthError,
    SendError,
    TemporarySendError,
    UncertainSendError,
)
from tests.smtpd_server import SmtpServer, write_ca_pem

USER = "alex@example.org"
PASSWORD = "s3cret-Pa55-9c1e"
TOKEN = "ya29.token-4f0d-not-a-real-one"
SENDER = "alex@example.org"
RECIPIENT = "recruiter@example.com"
RAW = (
    b"From: Alex <alex@example.org>\r\n"
    b"To: recruiter@example.com\r\n"
    b"Subject: Re: Interview\r\n"
    b"Message-ID: <followup-1@example.org>\r\n"
    b"\r\n"
    b"Thank you again.\r\n"
    b".a line that starts with a dot\r\n"
)

Factory = Callable[..., SmtpServer]


def endpoint_for(server: SmtpServer, **changes: Any) -> SmtpEndpoint:
    base = SmtpEndpoint(
        host=server.host,
        port=server.port,
        security="none" if server.tls == "none" else server.tls,  # type: ignore[arg-type]
        username=USER,
        auth=False,
        ca_file=server.ca_file,
        timeout=5.0,
    )
    return dataclasses.replace(base, **changes)


def password() -> Credential:
    return Credential("password", PASSWORD)


async def send(server: SmtpServer, **changes: Any) -> SendResult:
    credentials = changes.pop("credentials", password)
    recipients = changes.pop("recipients", [RECIPIENT])
    return await send_message(
        RAW,
        endpoint=endpoint_for(server, **changes),
        credentials=credentials,
        sender=SENDER,
        recipients=recipients,
        local_hostname="client.test",
    )


async def test_plain_loopback_send_records_exact_envelope(smtpd: SmtpServer) -> None:
    result = await send(smtpd, recipients=[RECIPIENT, "hr@example.com"])

    assert result.code == 250
    assert result.recipients == (RECIPIENT, "hr@example.com")
    assert smtpd.count == 1
    message = smtpd.messages[0]
    assert message.sender == SENDER
    assert message.recipients == (RECIPIENT, "hr@example.com")
    # Dot-stuffing (RFC 5321 4.5.2) is undone by the server: the bytes arrive as given.
    assert message.raw == RAW
    assert not message.tls
    assert smtpd.auth_attempts == []


async def test_implicit_tls_with_trusted_ca_and_login(smtpd_factory: Factory) -> None:
    server = smtpd_factory(implicit_tls=True, users={USER: PASSWORD})

    await send(server, auth=True)

    assert server.count == 1
    assert server.messages[0].tls
    assert [(a.mechanism, a.login, a.tls, a.success) for a in server.auth_attempts] == [
        ("PLAIN", USER, True, True)
    ]


async def test_starttls_with_trusted_ca_and_login(smtpd_factory: Factory) -> None:
    server = smtpd_factory(starttls=True, users={USER: PASSWORD})

    await send(server, auth=True)

    assert server.count == 1
    assert server.messages[0].tls
    assert all(a.tls for a in server.auth_attempts)


@pytest.mark.parametrize("mode", ["implicit_tls", "starttls"])
async def test_untrusted_certificate_is_refused(smtpd_factory: Factory, mode: str) -> None:
    server = smtpd_factory(**{mode: True}, users={USER: PASSWORD})

    with pytest.raises(InsecureTransportError, match="TLS failed") as info:
        await send(server, auth=True, ca_file=None)

    assert "certificate" in str(info.value)
    assert server.received == []
    assert server.auth_attempts == []


async def test_certificate_of_another_ca_is_refused(smtpd_factory: Factory, tmp_path: Any) -> None:
    server = smtpd_factory(implicit_tls=True)
    other = write_ca_pem(trustme.CA(), tmp_path / "other.pem")

    with pytest.raises(InsecureTransportError):
        await send(server, ca_file=other)
    assert server.received == []


async def test_starttls_required_but_not_offered_sends_no_credentials(
    smtpd_factory: Factory,
) -> None:
    # The server offers AUTH in clear text and no STARTTLS: what a downgrade looks like.
    server = smtpd_factory(users={USER: PASSWORD}, auth_require_tls=False)
    asked = []

    def provider() -> Credential:
        asked.append(True)
        return password()

    with pytest.raises(InsecureTransportError, match="does not offer STARTTLS"):
        await send(server, security="starttls", auth=True, credentials=provider)

    assert server.auth_attempts == []
    assert server.received == []
    assert asked == []  # the secret was not even fetched


async def test_wrong_password_is_an_auth_error(smtpd_factory: Factory) -> None:
    server = smtpd_factory(starttls=True, users={USER: "the-right-one"})

    with pytest.raises(SendAuthError) as info:
        await send(server, auth=True)

    assert info.value.code == 535
    assert "535" in str(info.value)
    assert server.received == []
    assert server.auth_attempts
    assert not any(a.success for a in server.auth_attempts)


async def test_421_then_success_on_the_callers_retry(smtpd_factory: Factory) -> None:
    server = smtpd_factory(mail_replies=["421 4.3.2 Try again later"])

    with pytest.raises(TemporarySendError) as info:
        await send(server)
    assert info.value.code == 421
    assert server.received == []

    result = await send(server)
    assert result.code == 250
    assert server.count == 1


async def test_451_after_data_is_temporary(smtpd_factory: Factory) -> None:
    server = smtpd_factory(data_replies=["451"])

    with pytest.raises(TemporarySendError) as info:
        await send(server)

    assert info.value.code == 451
    assert server.count == 0
    assert len(server.received) == 1


async def test_550_is_permanent_with_the_server_text(smtpd_factory: Factory) -> None:
    server = smtpd_factory(rcpt_replies=["550 5.1.1 <recruiter@example.com>: no such user"])

    with pytest.raises(PermanentSendError, match="no such user") as info:
        await send(server)

    assert info.value.code == 550
    assert server.received == []


async def test_554_after_data_is_permanent(smtpd_factory: Factory) -> None:
    server = smtpd_factory(data_replies=["554 5.7.1 Rejected as spam"])

    with pytest.raises(PermanentSendError, match="Rejected as spam"):
        await send(server)


async def test_microsoft_basic_auth_refusal_is_an_auth_error(smtpd_factory: Factory) -> None:
    server = smtpd_factory(mail_replies=["550 5.7.30 Basic authentication is not supported"])

    with pytest.raises(SendAuthError, match=r"5\.7\.30"):
        await send(server)


async def test_connection_dropped_after_data_is_uncertain(smtpd_factory: Factory) -> None:
    server = smtpd_factory(data_replies=["drop"])

    with pytest.raises(UncertainSendError, match="Sent"):
        await send(server)

    # The server does have the whole message: resending blindly would duplicate it.
    assert len(server.received) == 1
    assert server.received[0].raw == RAW


async def test_timeout_after_data_is_uncertain(smtpd_factory: Factory) -> None:
    server = smtpd_factory(data_replies=["hang"])

    with pytest.raises(UncertainSendError, match="timed out"):
        await send(server, timeout=0.3)

    assert len(server.received) == 1


async def test_connection_dropped_before_data_is_temporary(smtpd_factory: Factory) -> None:
    server = smtpd_factory(rcpt_replies=["drop"])

    with pytest.raises(TemporarySendError):
        await send(server)
    assert server.received == []


async def test_nothing_listening_is_temporary(smtpd: SmtpServer) -> None:
    port = smtpd.port
    smtpd.stop()

    with pytest.raises(TemporarySendError, match="cannot connect: Connection refused"):
        await send(smtpd, port=port)


async def test_cleartext_to_a_remote_host_is_refused() -> None:
    endpoint = SmtpEndpoint("smtp.example.org", 25, "none", None, False, None, 5.0)

    with pytest.raises(InsecureTransportError, match="loopback"):
        await send_message(
            RAW, endpoint=endpoint, credentials=None, sender=SENDER, recipients=[RECIPIENT]
        )
    with pytest.raises(InsecureTransportError, match="loopback"):
        await check_smtp(endpoint, credentials=None)


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("localhost", True),
        ("LOCALHOST.", True),
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("::1", True),
        ("[::1]", True),
        ("10.0.0.1", False),
        ("smtp.example.org", False),
        ("localhost.example.org", False),
    ],
)
def test_is_loopback_host(host: str, loopback: bool) -> None:
    assert is_loopback_host(host) is loopback


@pytest.mark.parametrize(
    "bad",
    [
        "recruiter@example.com\r\nRCPT TO:<evil@example.net>",
        "recruiter@example.com\n",
        "recruiter@example.com\x00",
        "not an address",
        "Recruiter <recruiter@example.com>",
    ],
)
async def test_bad_recipient_is_refused_before_connecting(smtpd: SmtpServer, bad: str) -> None:
    with pytest.raises(PermanentSendError) as info:
        await send(smtpd, recipients=[RECIPIENT, bad])

    assert "\n" not in str(info.value)
    assert "\r" not in str(info.value)
    assert smtpd.received == []


async def test_a_string_is_not_a_recipient_list(smtpd: SmtpServer) -> None:
    with pytest.raises(TypeError):
        await send(smtpd, recipients=RECIPIENT)


async def test_secret_never_appears_in_errors(smtpd_factory: Factory) -> None:
    server = smtpd_factory(starttls=True, users={USER: "other"})
    errors: list[SendError] = []
    for kind, secret in (("password", PASSWORD), ("oauth2", TOKEN)):
        with pytest.raises(SendError) as info:
            await send(server, auth=True, credentials=lambda k=kind, s=secret: Credential(k, s))
        errors.append(info.value)
    # A hostile or broken server that echoes the secret must not leak it either.
    echo = smtpd_factory(
        starttls=True, users={USER: PASSWORD}, mail_replies=[f"550 5.1.0 {PASSWORD} refused"]
    )
    with pytest.raises(PermanentSendError, match=r"\*\*\* refused") as info:
        await send(echo, auth=True)
    errors.append(info.value)
    for error in errors:
        text = f"{error} {error!r} {error.args}"
        assert PASSWORD not in text
        assert TOKEN not in text
        assert error.__cause__ is None
    assert PASSWORD not in repr(Credential("password", PASSWORD))
    assert PASSWORD not in str(Credential("password", PASSWORD))


async def test_xoauth2_login(smtpd_factory: Factory) -> None:
    server = smtpd_factory(starttls=True, oauth_tokens={USER: TOKEN})

    await send(server, auth=True, credentials=lambda: Credential("oauth2", TOKEN))

    assert server.count == 1
    assert [(a.mechanism, a.login, a.success) for a in server.auth_attempts] == [
        ("XOAUTH2", USER, True)
    ]


async def test_xoauth2_bad_token_is_an_auth_error(smtpd_factory: Factory) -> None:
    server = smtpd_factory(starttls=True, oauth_tokens={USER: TOKEN})

    with pytest.raises(SendAuthError) as info:
        await send(server, auth=True, credentials=lambda: Credential("oauth2", "expired"))

    assert info.value.code == 535
    assert server.received == []


async def test_xoauth2_not_offered_is_an_auth_error(smtpd_factory: Factory) -> None:
    server = smtpd_factory(starttls=True, users={USER: PASSWORD})

    with pytest.raises(SendAuthError, match="XOAUTH2"):
        await send(server, auth=True, credentials=lambda: Credential("oauth2", TOKEN))
    assert server.auth_attempts == []


async def test_8bit_message_and_utf8_address(smtpd: SmtpServer) -> None:
    raw = "Subject: Grüße\r\n\r\nDanke schön\r\n".encode()

    await send_message(
        raw,
        endpoint=endpoint_for(smtpd),
        credentials=None,
        sender=SENDER,
        recipients=["jürgen@example.com"],
        local_hostname="client.test",
    )

    assert smtpd.messages[0].raw == raw
    assert smtpd.messages[0].recipients == ("jürgen@example.com",)


async def test_check_reports_each_step_and_sends_nothing(smtpd_factory: Factory) -> None:
    server = smtpd_factory(starttls=True, users={USER: PASSWORD})

    lines = await check_smtp(
        endpoint_for(server, auth=True), credentials=password, local_hostname="client.test"
    )

    assert lines == [
        f"connected to 127.0.0.1:{server.port}",
        "STARTTLS ok, certificate verified",
        f"logged in as {USER}",
        "ok (nothing sent)",
    ]
    assert server.received == []


async def test_check_wrong_password_is_one_line(smtpd_factory: Factory) -> None:
    server = smtpd_factory(implicit_tls=True, users={USER: "other"})

    progress: list[str] = []
    with pytest.raises(SendAuthError) as info:
        await check_smtp(endpoint_for(server, auth=True), credentials=password, progress=progress)

    assert "\n" not in str(info.value)
    # The steps that worked are known even though the login failed.
    assert progress == [f"connected to 127.0.0.1:{server.port} with TLS, certificate verified"]


def test_usable_from_sync_code(smtpd: SmtpServer) -> None:
    # The CLI runs the adapter with asyncio.run; the fixture's server has its own thread.
    lines = asyncio.run(check_smtp(endpoint_for(smtpd), credentials=None))
    assert lines[-1].endswith("ok (nothing sent)")


@pytest.mark.parametrize(
    "changes",
    [{"port": 0}, {"port": 70000}, {"timeout": 0}, {"security": "ssl"}, {"host": "a b"}],
)
def test_endpoint_is_validated(changes: dict[str, Any]) -> None:
    base = SmtpEndpoint("127.0.0.1", 25, "none", None, False, None, 5.0)
    with pytest.raises(ValueError):  # noqa: PT011
        dataclasses.replace(base, **changes)


def test_auth_needs_a_username() -> None:
    with pytest.raises(ValueError, match="username"):
        SmtpEndpoint("127.0.0.1", 25, "none", None, True, None, 5.0)


def test_credential_rejects_line_breaks_and_unknown_kinds() -> None:
    with pytest.raises(ValueError, match="line break"):
        Credential("password", "a\r\nb")
    with pytest.raises(ValueError, match="kind"):
        Credential("kerberos", "x")  # type: ignore[arg-type]


async def test_server_requiring_auth_when_auth_is_off(smtpd_factory: Factory) -> None:
    # RFC 4954 6: 530 at MAIL means "log in first": a setup problem, not a retry.
    server = smtpd_factory(starttls=True, users={USER: PASSWORD})

    with pytest.raises(SendAuthError) as info:
        await send(server, auth=False)

    assert info.value.code == 530
    assert server.received == []
