"""The SMTP adapter: send one message, or check an account, over aiosmtplib.

Every failure leaves as one of the project's :class:`~mailer.errors.SendError`
kinds, decided by how far the conversation got (RFC 5321 4.2.1, RFC 1047)::

    connect / TLS / AUTH / MAIL / RCPT / DATA command
        4xx, connection lost, timeout         -> TemporarySendError (retry later)
        5xx                                   -> PermanentSendError (never retried)
        530, 534, 535, 5.7.30, 5.7.139        -> SendAuthError (stop, tell the user)
        no STARTTLS, untrusted certificate    -> InsecureTransportError (nothing sent)
    after the message and its final "." went out
        connection lost, timeout              -> UncertainSendError (look in Sent)
        4xx / 5xx reply                       -> TemporarySendError / PermanentSendError

A fresh connection per message keeps the state simple; the caller retries. The
secret is fetched only after TLS is up, and never appears in an error message.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from aiosmtplib import (
    SMTP,
    SMTPAuthenticationError,
    SMTPDataError,
    SMTPException,
    SMTPResponseException,
    SMTPServerDisconnected,
    SMTPTimeoutError,
)
from email_validator import EmailNotValidError, validate_email

from mailer.adapters.credentials import Credential, CredentialProvider
from mailer.core.net import is_loopback_host
from mailer.errors import (
    InsecureTransportError,
    PermanentSendError,
    PoliteDeclineError,
    SendAuthError,
    SendError,
    TemporarySendError,
    UncertainSendError,
)
from mailer.faults import fault_point
from mailer.redact import redact

__all__ = [
    "Credential",
    "CredentialProvider",
    "Security",
    "SendResult",
    "SmtpEndpoint",
    "check_smtp",
    "is_loopback_host",
    "send_message",
]

Security = Literal["tls", "starttls", "none"]

# RFC 4954 6: 530 authentication required, 534 mechanism too weak, 535 invalid
# credentials. Microsoft answers "5.7.30 Basic authentication is not supported"
# and "5.7.139 Authentication unsuccessful" (with 535 or 550).
_AUTH_CODES = frozenset({530, 534, 535})
_MICROSOFT_AUTH = re.compile(r"\b5\.7\.(?:30|139)\b")
# CR, LF or NUL in an envelope address would end the command line early.
_LINE_BREAKS = re.compile(r"[\r\n\x00]")
_LINE_END = re.compile(rb"\r\n|\r|\n")
_LEADING_DOT = re.compile(rb"(?m)^\.")
_MAX_REPLY_TEXT = 300


@dataclass(frozen=True, slots=True)
class SmtpEndpoint:
    """Where and how to submit mail. ``timeout`` (seconds) applies to the
    connection and to each command, including the wait after the final "."."""

    host: str
    port: int
    security: Security
    username: str | None = None
    auth: bool = True
    ca_file: str | None = None
    timeout: float = 60.0

    def __post_init__(self) -> None:
        if not self.host or any(c.isspace() or not c.isprintable() for c in self.host):
            raise ValueError(f"invalid SMTP host {self.host!r}")
        if not 0 < self.port < 65536:
            raise ValueError(f"invalid SMTP port {self.port}")
        if self.security not in ("tls", "starttls", "none"):
            raise ValueError(f"security must be tls, starttls or none, not {self.security!r}")
        if not self.timeout > 0:
            raise ValueError(f"timeout must be > 0, not {self.timeout}")
        if self.auth and not self.username:
            raise ValueError("auth is on but no SMTP username is set")

    @property
    def where(self) -> str:
        return f"smtp {self.host}:{self.port}"


@dataclass(frozen=True, slots=True)
class SendResult:
    """The server took the message: its reply to the final "." (often a queue id)."""

    code: int
    reply: str
    sender: str
    recipients: tuple[str, ...]


async def send_message(
    raw: bytes,
    /,
    *,
    endpoint: SmtpEndpoint,
    credentials: CredentialProvider | None,
    sender: str,
    recipients: Sequence[str],
    local_hostname: str | None = None,
) -> SendResult:
    """Submit ``raw`` (a whole RFC 5322 message) with an explicit envelope.

    ``credentials`` is called (in a thread: it may run a command) only when
    ``endpoint.auth`` is set and TLS is established. Raises a ``SendError``.
    """
    _refuse_cleartext(endpoint)
    if isinstance(recipients, str):
        raise TypeError("recipients must be a sequence of addresses, not a string")
    env_sender = _envelope_address(sender, role="sender")
    env_recipients = tuple(_envelope_address(r, role="recipient") for r in recipients)
    if not env_recipients:
        raise PermanentSendError(f"{endpoint.where}: no recipients")
    if not raw:
        raise PermanentSendError(f"{endpoint.where}: empty message")

    session = _Session(endpoint, local_hostname)
    try:
        await session.open(credentials)
        reply = await session.transfer(raw, env_sender, env_recipients)
    except (SMTPException, OSError, TimeoutError) as exc:
        raise session.error(exc) from None
    finally:
        await session.close()
    return SendResult(reply[0], reply[1], env_sender, env_recipients)


async def check_smtp(
    endpoint: SmtpEndpoint,
    /,
    *,
    credentials: CredentialProvider | None,
    local_hostname: str | None = None,
    progress: list[str] | None = None,
) -> list[str]:
    """Connect, set up TLS and log in as configured, send nothing.

    Returns one line per step for ``polite-decline check``; raises a ``SendError``
    whose message is one line when a step fails. ``progress``, when given, receives
    each step as it is done, so a caller can show how far it got before a failure.
    """
    _refuse_cleartext(endpoint)
    session = _Session(endpoint, local_hostname)
    if progress is not None:
        session.steps = progress
    try:
        await session.open(credentials)
        session.phase = "checked"
    except (SMTPException, OSError, TimeoutError) as exc:
        raise session.error(exc) from None
    finally:
        await session.close()
    return [*session.steps, "ok (nothing sent)"]


def _refuse_cleartext(endpoint: SmtpEndpoint) -> None:
    # Without TLS anyone on the path reads the password and the mail: allow it
    # only where the path is this machine.
    if endpoint.security == "none" and not is_loopback_host(endpoint.host):
        raise InsecureTransportError(
            f"{endpoint.where}: security = none is only allowed for loopback hosts "
            "(localhost, 127.0.0.1, ::1); use tls or starttls"
        )


def _envelope_address(value: str, *, role: str) -> str:
    if _LINE_BREAKS.search(value):
        raise PermanentSendError(f"{role} address {value!r} contains CR, LF or NUL")
    try:
        # No DNS lookup: it blocks and the submission server checks anyway.
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise PermanentSendError(f"invalid {role} address {value!r}: {exc}") from None


def _tls_context(ca_file: str | None) -> ssl.SSLContext:
    # Certificate and host name checks stay on; ca_file adds a CA (a self-signed
    # server, a test CA) to the system store instead of replacing it.
    context = ssl.create_default_context()
    if ca_file:
        context.load_verify_locations(cafile=ca_file)
    return context


def _dot_stuffed(raw: bytes) -> bytes:
    """The DATA payload: CRLF line ends (RFC 5321 2.3.8), leading dots doubled
    (4.5.2), then the terminating "."."""
    body = _LINE_END.sub(b"\r\n", raw)
    if not body.endswith(b"\r\n"):
        body += b"\r\n"
    return _LEADING_DOT.sub(b"..", body) + b".\r\n"


def _clean(text: str, secret: str | None) -> str:
    """A server's reply text made safe for one log line, without the secret in any
    form (a server may echo the AUTH blob, base64 and all)."""
    if secret:
        text = redact(text, (secret,))
    text = "".join(c if c.isprintable() else " " for c in text)
    text = " ".join(text.split())
    return text[:_MAX_REPLY_TEXT]


def _plain_os_reason(exc: BaseException) -> str:
    """The operating system's words for a failed connection (``Connection refused``)."""
    if isinstance(exc, TimeoutError | SMTPTimeoutError):
        return "timed out"
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, OSError) and current.errno is not None:
            return os.strerror(current.errno)
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return _clean(str(exc), None)


def _has_cause(exc: BaseException, kind: type[BaseException]) -> BaseException | None:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, kind):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


class _Session:
    """One SMTP connection, remembering how far it got so errors map right."""

    def __init__(self, endpoint: SmtpEndpoint, local_hostname: str | None) -> None:
        self.endpoint = endpoint
        self.local_hostname = local_hostname
        self.phase = "connect"
        self.secret: str | None = None
        self.steps: list[str] = []
        self.client: SMTP | None = None

    async def open(self, credentials: CredentialProvider | None) -> None:
        endpoint = self.endpoint
        where = endpoint.where
        context: ssl.SSLContext | None = None
        if endpoint.security != "none":
            try:
                context = await asyncio.to_thread(_tls_context, endpoint.ca_file)
            except (OSError, ssl.SSLError) as exc:
                raise InsecureTransportError(
                    f"{where}: cannot load ca_file {endpoint.ca_file!r}: {exc}"
                ) from None
        self.client = client = SMTP(
            hostname=endpoint.host,
            port=endpoint.port,
            local_hostname=self.local_hostname,
            timeout=endpoint.timeout,
            use_tls=endpoint.security == "tls",
            # Never aiosmtplib's default "STARTTLS if offered": a stripped
            # STARTTLS would silently leave the password in clear text. We do
            # STARTTLS ourselves and refuse when it is missing.
            start_tls=False,
            tls_context=context,
        )
        await client.connect()
        # Steps are for `check`, which names the server once: no `where` prefix.
        address = f"{endpoint.host}:{endpoint.port}"
        if endpoint.security == "tls":
            self.steps.append(f"connected to {address} with TLS, certificate verified")
        else:
            self.steps.append(f"connected to {address}")

        self.phase = "tls"
        await client.ehlo()
        if endpoint.security == "starttls":
            if not client.supports_extension("starttls"):
                raise InsecureTransportError(
                    f"{where}: the server does not offer STARTTLS, which is required; "
                    "no credentials and no mail were sent"
                )
            await client.starttls()
            # RFC 3207 4.2: forget what the server said before TLS and ask again.
            await client.ehlo()
            self.steps.append("STARTTLS ok, certificate verified")
        elif endpoint.security == "none":
            self.steps.append("no TLS (allowed for a loopback host)")

        if not endpoint.auth:
            self.steps.append("no login (auth = false)")
            return
        self.phase = "auth"
        if credentials is None:
            raise SendAuthError(f"{where}: auth is on but no credentials are configured")
        credential = await asyncio.to_thread(credentials)
        self.secret = credential.secret
        await self._login(client, credential)
        self.steps.append(f"logged in as {endpoint.username}")

    async def _login(self, client: SMTP, credential: Credential) -> None:
        where = self.endpoint.where
        username = self.endpoint.username
        assert username is not None  # SmtpEndpoint requires it when auth is on
        if not client.supports_extension("auth"):
            raise SendAuthError(f"{where}: the server offers no AUTH (RFC 4954) on this connection")
        if credential.kind == "oauth2":
            if "xoauth2" not in client.server_auth_methods:
                raise SendAuthError(f"{where}: the server does not offer AUTH XOAUTH2")
            await client.auth_xoauth2(username, credential.secret)
        elif "plain" in client.server_auth_methods:
            # One mechanism, one try: aiosmtplib's login() would try LOGIN after a
            # refused PLAIN, doubling failed attempts (and lockout counters).
            await client.auth_plain(username, credential.secret)
        else:
            # One mechanism, one try. aiosmtplib's login() moves on to the next
            # mechanism after a 535, so a wrong password was presented twice per
            # session (PLAIN, then LOGIN): failed-login counters and lockouts count
            # each. The first shared mechanism in aiosmtplib's order of preference.
            methods = client.supported_auth_methods
            if not methods:
                raise SendAuthError(
                    f"{where}: no AUTH mechanism in common with the server "
                    f"(it offers {', '.join(client.server_auth_methods) or 'none'})"
                )
            method = getattr(client, f"auth_{methods[0].replace('-', '')}")
            await method(username, credential.secret)

    async def transfer(
        self, raw: bytes, sender: str, recipients: tuple[str, ...]
    ) -> tuple[int, str]:
        client = self.client
        assert client is not None
        where = self.endpoint.where
        self.phase = "envelope"
        options: list[str] = []
        encoding = "ascii"
        if not (sender.isascii() and all(r.isascii() for r in recipients)):
            if not client.supports_extension("smtputf8"):
                raise PermanentSendError(
                    f"{where}: an address is not ASCII and the server lacks SMTPUTF8 (RFC 6531)"
                )
            options.append("SMTPUTF8")
            encoding = "utf-8"
        if not raw.isascii():
            if not client.supports_extension("8bitmime"):
                raise PermanentSendError(
                    f"{where}: the message has 8-bit content and the server lacks "
                    "8BITMIME (RFC 6152)"
                )
            options.append("BODY=8BITMIME")
        await client.mail(sender, options=options, encoding=encoding)
        for recipient in recipients:
            # All or nothing: a partial send could not be retried without
            # writing twice to the recipients that were accepted.
            await client.rcpt(recipient, encoding=encoding)

        self.phase = "data"
        start = await client.execute_command(b"DATA")
        if start.code != 354:
            raise SMTPDataError(start.code, start.message)
        # The DATA steps are driven here rather than through SMTP.data(), which
        # sends the command and the content in one call: only after a 354 has
        # the server got the message, and only then is a lost connection an
        # uncertain outcome instead of a plain retry (RFC 1047).
        protocol = client.protocol
        if protocol is None:
            raise SMTPServerDisconnected("Connection lost")
        content = _dot_stuffed(raw)
        half = len(content) // 2
        protocol.write(content[:half])
        self.phase = "content"
        # The reliability tests kill the process here: mid-DATA, the worst moment.
        fault_point("smtp_data")
        protocol.write(content[half:])
        end = await protocol.read_response(timeout=self.endpoint.timeout)
        if end.code != 250:
            raise SMTPDataError(end.code, end.message)
        self.phase = "done"
        return end.code, _clean(end.message, None)

    async def close(self) -> None:
        client = self.client
        if client is None:
            return
        transport = client.transport
        if client.is_connected and self.phase in ("done", "checked"):
            # Say goodbye (RFC 5321 4.1.1.10); a failing QUIT changes nothing.
            with contextlib.suppress(SMTPException, OSError, TimeoutError):
                await client.quit(timeout=min(self.endpoint.timeout, 5.0))
        client.close()
        if transport is not None:
            # A plain close() of a TLS transport waits for the peer's
            # close_notify, up to 30 s, and leaves the socket open if the event
            # loop ends first. After QUIT (or a failure) nothing more is owed
            # to the server: drop the connection now.
            if isinstance(transport, asyncio.WriteTransport):
                transport.abort()
            else:
                transport.close()
            await asyncio.sleep(0)

    def error(self, exc: BaseException) -> PoliteDeclineError:
        """Translate an aiosmtplib or socket error into the project's error tree."""
        if isinstance(exc, PoliteDeclineError):
            return exc
        where = self.endpoint.where
        step = {
            "connect": "connecting",
            "tls": "setting up TLS",
            "auth": "logging in",
            "envelope": "MAIL/RCPT",
            "data": "DATA",
            "content": "after the message was transmitted",
        }.get(self.phase, self.phase)

        if isinstance(exc, SMTPResponseException) and 400 <= exc.code < 600:
            return _response_error(exc, where=where, step=step, secret=self.secret)
        if self.phase == "content":
            # The server may have the message and may deliver it (RFC 1047).
            return UncertainSendError(
                f"{where}: connection lost or timed out after the message was "
                f"transmitted ({_clean(str(exc), self.secret)}); it may have been "
                "delivered: look for its Message-ID in Sent before sending again"
            )
        tls_error = _has_cause(exc, ssl.SSLError)
        if tls_error is not None and self.phase in ("connect", "tls"):
            reason = getattr(tls_error, "verify_message", None) or getattr(
                tls_error, "reason", None
            )
            return InsecureTransportError(
                f"{where}: TLS failed ({_clean(str(reason or tls_error), self.secret)}); "
                "is the certificate trusted? (set ca_file for a private CA); nothing was sent"
            )
        if isinstance(exc, SMTPResponseException):
            return TemporarySendError(
                f"{where}: {step}: unexpected reply {_clean(str(exc), self.secret)}"
            )
        if self.phase == "connect":
            # "Connection refused", not aiosmtplib's wrapped errno and address tuple.
            return TemporarySendError(f"{where}: cannot connect: {_plain_os_reason(exc)}")
        if (
            self.phase == "auth"
            and isinstance(exc, SMTPException)
            and not isinstance(exc, SMTPTimeoutError | ConnectionError)
        ):
            # "No AUTH offered", "no suitable mechanism": a setup problem that
            # retrying will not fix. Timeouts and lost connections are retried.
            return SendAuthError(f"{where}: {step}: {_clean(str(exc), self.secret)}")
        return TemporarySendError(
            f"{where}: {step}: {type(exc).__name__}: {_clean(str(exc), self.secret)}"
        )


def _response_error(
    exc: SMTPResponseException, *, where: str, step: str, secret: str | None
) -> SendError:
    code = exc.code
    text = _clean(exc.message, secret)
    detail = f"{where}: {step}: {code} {text}"
    if code == 530:
        return SendAuthError(f"{detail} (the server requires a login first)", code=code)
    if code in _AUTH_CODES or (code >= 500 and _MICROSOFT_AUTH.search(text)):
        return SendAuthError(
            f"{detail} (the server refused the login; check the username and secret, "
            "or whether the provider needs an app password or OAuth2)",
            code=code,
        )
    if code >= 500 and isinstance(exc, SMTPAuthenticationError):
        return SendAuthError(detail, code=code)
    if code < 500:
        # Includes RFC 4954's 454 "temporary authentication failure".
        return TemporarySendError(detail, code=code)
    return PermanentSendError(detail, code=code)
