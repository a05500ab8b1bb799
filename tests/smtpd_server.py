"""A real aiosmtpd SMTP server for the tests, one per test, on 127.0.0.1 port 0.

Facts behind the settings: ../shared/notes/mail-servers.md. The server runs in its
own thread with its own event loop (aiosmtpd's ``Controller``), so sync tests, async
tests and code under test that calls ``asyncio.run`` can all talk to it.

Use::

    def test_something(smtpd_factory):
        server = smtpd_factory(starttls=True, users={"alex": "pw"}, data_replies=["451"])
        ...  # connect to server.host, server.port, trust server.ca_file
        assert server.messages[0].recipients == ("bob@example.org",)

Options of ``smtpd_factory`` (all keyword-only):

``starttls``        offer STARTTLS with a certificate from the session's test CA
``implicit_tls``    TLS from the first byte (port 465 style)
``users``           ``{username: password}``: offer AUTH PLAIN/LOGIN; wrong ones get 535
``oauth_tokens``    ``{username: token}``: also offer AUTH XOAUTH2
``auth_require_tls`` advertise and accept AUTH only after STARTTLS (default True)
``auth_required``   MAIL without AUTH gets 530 (default: True when users/tokens are set)
``auth_exclude``    mechanisms not to offer (e.g. ``["PLAIN"]`` to leave only LOGIN)
``echo_auth``       a hostile server: a refused AUTH is answered with a 535 that echoes
                    the base64 the client sent (the PLAIN blob, LOGIN's password, the
                    XOAUTH2 blob)
``mail_replies``, ``rcpt_replies``, ``data_replies``
                    replies given in order to successive MAIL / RCPT / DATA commands
                    (across connections); when used up the server accepts normally.
                    ``"451"`` or ``"451 4.3.0 text"``; ``"drop"`` closes the connection
                    without a reply (on DATA: after the whole message was received);
                    on DATA, ``"hang"`` answers 250 only after ``HANG_SECONDS``.

What it records: ``messages`` (accepted with 250), ``received`` (every message whose
content arrived, whatever the answer), ``auth_attempts`` (every AUTH command, even
ones refused before the mechanism ran).
"""

from __future__ import annotations

import asyncio
import base64
import ssl
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session, syntax

__all__ = [
    "AuthAttempt",
    "ReceivedMessage",
    "SmtpServer",
    "smtpd",
    "smtpd_factory",
    "start_smtpd",
    "test_ca",
    "test_ca_file",
    "write_ca_pem",
]

SERVER_NAME = "smtpd.test"
DROP = "drop"
HANG = "hang"
HANG_SECONDS = 2.0

# Default texts for bare codes, so a test can say just "451".
_DEFAULT_TEXT = {
    "250": "2.0.0 OK: queued",
    "421": "4.3.2 Service not available, closing channel",
    "451": "4.3.0 Local error in processing",
    "452": "4.3.1 Insufficient system storage",
    "530": "5.7.0 Authentication required",
    "535": "5.7.8 Authentication credentials invalid",
    "550": "5.1.1 Mailbox unavailable",
    "552": "5.3.4 Message too big",
    "554": "5.6.0 Transaction failed",
}


def _reply_line(reply: str) -> str:
    reply = reply.strip()
    if len(reply) == 3 and reply.isdigit():
        return f"{reply} {_DEFAULT_TEXT.get(reply, 'test reply')}"
    return reply


def write_ca_pem(ca: trustme.CA, path: str | Path, /) -> str:
    """Write the CA certificate (PEM) to ``path`` for a config's ``ca_file``."""
    ca.cert_pem.write_to_path(str(path))
    return str(path)


@dataclass(frozen=True)
class ReceivedMessage:
    sender: str
    recipients: tuple[str, ...]
    raw: bytes
    reply: str  # what the server answered to the final "." ("drop" = nothing)
    tls: bool


@dataclass(frozen=True)
class AuthAttempt:
    mechanism: str
    login: str | None  # filled in when the mechanism ran far enough to read it
    tls: bool
    success: bool | None  # None: refused before the mechanism ran (e.g. 538 without TLS)


class _Replies:
    """Thread-safe queues of scripted replies per command."""

    def __init__(self, **queues: Iterable[str]) -> None:
        self._lock = threading.Lock()
        self._queues = {name: deque(items) for name, items in queues.items()}

    def next(self, command: str) -> str | None:
        with self._lock:
            queue = self._queues.get(command)
            return queue.popleft() if queue else None


@dataclass
class SmtpServer:
    """A running aiosmtpd instance and what it has seen."""

    host: str
    port: int
    ca_file: str | None
    tls: str  # "none" | "starttls" | "tls"
    messages: list[ReceivedMessage] = field(default_factory=list)
    received: list[ReceivedMessage] = field(default_factory=list)
    auth_attempts: list[AuthAttempt] = field(default_factory=list)
    _controller: Controller | None = field(default=None, repr=False)

    @property
    def count(self) -> int:
        return len(self.messages)

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.close_sessions()
            self._controller.stop()
            self._controller = None


class _Handler:
    """Records envelopes and answers scripted replies. Runs in the server thread."""

    def __init__(
        self,
        server: SmtpServer,
        replies: _Replies,
        users: Mapping[str, str],
        oauth_tokens: Mapping[str, str],
        echo_auth: bool = False,
    ) -> None:
        self.server = server
        self.replies = replies
        self.users = dict(users)
        self.oauth_tokens = dict(oauth_tokens)
        self.echo_auth = echo_auth

    @staticmethod
    def _drop(server: SMTP) -> None:
        if server.transport is not None:
            server.transport.close()

    async def handle_MAIL(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        reply = self.replies.next("MAIL")
        if reply == DROP:
            self._drop(server)
            return "421 4.3.2 closing"
        if reply is not None and not reply.startswith("2"):
            return _reply_line(reply)
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 2.1.0 OK"

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        reply = self.replies.next("RCPT")
        if reply == DROP:
            self._drop(server)
            return "421 4.3.2 closing"
        if reply is not None and not reply.startswith("2"):
            return _reply_line(reply)
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(options)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        reply = self.replies.next("DATA")
        hang = reply == HANG
        answer = DROP if reply == DROP else _reply_line("250" if hang else reply or "250")
        message = ReceivedMessage(
            sender=envelope.mail_from or "",
            recipients=tuple(envelope.rcpt_tos),
            raw=bytes(envelope.original_content or b""),
            reply=answer,
            tls=session.ssl is not None or self.server.tls == "tls",
        )
        self.server.received.append(message)
        if answer == DROP:
            # The whole message and its final "." arrived; the client never hears
            # back: the uncertain outcome of RFC 1047.
            self._drop(server)
            return "421 4.3.2 closing"
        if answer.startswith("2"):
            self.server.messages.append(message)
        if hang:
            # Accepted, but the answer comes after the client has given up.
            await asyncio.sleep(HANG_SECONDS)
        return answer

    def authenticate(
        self, server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
    ) -> AuthResult:
        assert isinstance(data, LoginPassword)
        login = data.login.decode("utf-8", "replace")
        ok = self.users.get(login) == data.password.decode("utf-8", "replace")
        self._record(mechanism, login, session, success=ok)
        if not ok and self.echo_auth:
            sent = (
                b"\0" + data.login + b"\0" + data.password
                if mechanism == "PLAIN"
                else data.password
            )
            echo = base64.b64encode(sent).decode()
            return AuthResult(
                success=False, handled=False, message=f"535 5.7.8 Authentication failed: {echo}"
            )
        return AuthResult(success=ok, handled=False, auth_data=data)

    async def auth_XOAUTH2(self, server: SMTP, args: list[str]) -> AuthResult:
        # Format: base64("user=" user "\x01auth=Bearer " token "\x01\x01").
        if len(args) == 2:
            blob = args[1].encode()
        else:
            challenge = await server.challenge_auth("", encode_to_b64=False)
            blob = challenge if isinstance(challenge, bytes) else b""
        try:
            fields = base64.b64decode(blob, validate=True).decode().split("\x01")
            user = fields[0].removeprefix("user=")
            token = fields[1].removeprefix("auth=Bearer ")
        except (ValueError, IndexError):
            return AuthResult(
                success=False, handled=False, message="501 5.5.2 Cannot decode XOAUTH2"
            )
        ok = self.oauth_tokens.get(user) == token
        assert server.session is not None
        self._record("XOAUTH2", user, server.session, success=ok)
        if ok:
            return AuthResult(success=True, auth_data=user)
        # What Gmail does: a 334 with a JSON error, the client answers with an
        # empty line, then the final 535.
        error = base64.b64encode(b'{"status":"401","schemes":"Bearer"}')
        await server.challenge_auth(error, encode_to_b64=False)
        message = "535 5.7.8 Username and Password not accepted"
        if self.echo_auth:
            message += f": {blob.decode()}"
        return AuthResult(success=False, handled=False, message=message)

    def _record(self, mechanism: str, login: str, session: Session, *, success: bool) -> None:
        # Replace the "seen, not yet run" entry made by the AUTH command itself.
        tls = session.ssl is not None or self.server.tls == "tls"
        attempts = self.server.auth_attempts
        for i in range(len(attempts) - 1, -1, -1):
            if attempts[i].mechanism == mechanism and attempts[i].success is None:
                attempts[i] = AuthAttempt(mechanism, login, tls, success)
                return
        attempts.append(AuthAttempt(mechanism, login, tls, success))


class _RecordingSMTP(SMTP):
    """aiosmtpd's SMTP session, recording every AUTH command before any check."""

    recorder: SmtpServer

    @syntax("AUTH <mechanism>")
    async def smtp_AUTH(self, arg: str) -> None:
        mechanism = arg.split()[0].upper() if arg.strip() else ""
        tls = self._tls_protocol is not None or self.recorder.tls == "tls"
        self.recorder.auth_attempts.append(AuthAttempt(mechanism, None, tls, None))
        await super().smtp_AUTH(arg)


class _Controller(Controller):
    """A Controller that binds port 0 and learns the port the kernel chose."""

    def __init__(self, recorder: SmtpServer, *args: Any, **kwargs: Any) -> None:
        self._recorder = recorder
        self._sessions: list[_RecordingSMTP] = []
        super().__init__(*args, **kwargs)

    def close_sessions(self) -> None:
        """Close the server side of every connection before the loop stops.

        Stopping the loop leaves open transports behind (a client may have
        closed its end a moment ago, before the server read the EOF); they would
        be garbage-collected later with a ResourceWarning in some other test.
        """

        async def close_all() -> None:
            for session in self._sessions:
                for transport in (session.transport, session._original_transport):
                    if transport is not None and not transport.is_closing():
                        transport.abort()
            for _ in range(100):
                if all(session.transport is None for session in self._sessions):
                    return
                await asyncio.sleep(0.01)

        asyncio.run_coroutine_threadsafe(close_all(), self.loop).result(timeout=5)

    def factory(self) -> SMTP:
        kwargs = dict(self.SMTP_kwargs)
        auth_required = kwargs.pop("auth_required", False)
        session = _RecordingSMTP(self.handler, **kwargs)
        session.recorder = self._recorder
        # aiosmtpd warns (UserWarning, an error under this suite's filters) when
        # AUTH is required without TLS; over implicit TLS, and in the tests that
        # offer AUTH in clear text on purpose, that is exactly what is wanted.
        session._auth_required = auth_required
        self._sessions.append(session)
        return session

    def _trigger_server(self) -> None:
        # With port 0 the stock controller would try to connect to port 0 to
        # warm up the server; read the bound port first.
        assert self.server is not None
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


def _server_context(ca: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("localhost", "127.0.0.1").configure_cert(context)
    return context


def start_smtpd(
    *,
    ca: trustme.CA | None = None,
    ca_file: str | None = None,
    starttls: bool = False,
    implicit_tls: bool = False,
    users: Mapping[str, str] | None = None,
    oauth_tokens: Mapping[str, str] | None = None,
    auth_require_tls: bool = True,
    auth_required: bool | None = None,
    auth_exclude: Iterable[str] = (),
    echo_auth: bool = False,
    mail_replies: Iterable[str] = (),
    rcpt_replies: Iterable[str] = (),
    data_replies: Iterable[str] = (),
) -> SmtpServer:
    """Start a server; the caller stops it (``smtpd_factory`` does so at teardown)."""
    if starttls and implicit_tls:
        raise ValueError("starttls and implicit_tls exclude each other")
    if (starttls or implicit_tls) and ca is None:
        raise ValueError("TLS needs a CA (the test_ca fixture)")
    tls = "tls" if implicit_tls else "starttls" if starttls else "none"
    server = SmtpServer("127.0.0.1", 0, ca_file if tls != "none" else None, tls)
    users = dict(users or {})
    oauth_tokens = dict(oauth_tokens or {})
    handler = _Handler(
        server,
        _Replies(MAIL=mail_replies, RCPT=rcpt_replies, DATA=data_replies),
        users,
        oauth_tokens,
        echo_auth,
    )
    kwargs: dict[str, Any] = {}
    context = _server_context(ca) if ca is not None and tls != "none" else None
    if tls == "starttls":
        kwargs["tls_context"] = context
    elif tls == "tls":
        kwargs["ssl_context"] = context
    excluded = [m.upper() for m in auth_exclude]
    if not oauth_tokens:
        # aiosmtpd offers every handler method named auth_*: hide XOAUTH2
        # unless the test asked for it.
        excluded.append("XOAUTH2")
    if excluded:
        kwargs["auth_exclude_mechanism"] = excluded
    if users or oauth_tokens:
        kwargs["authenticator"] = handler.authenticate
        # aiosmtpd counts only STARTTLS as TLS for auth_require_tls; an implicit
        # TLS connection is encrypted from the first byte, so AUTH is fine there.
        kwargs["auth_require_tls"] = auth_require_tls and tls != "tls"
        kwargs["auth_required"] = True if auth_required is None else auth_required
    controller = _Controller(
        server,
        handler,
        hostname="127.0.0.1",
        port=0,
        server_hostname=SERVER_NAME,
        ready_timeout=10.0,
        **kwargs,
    )
    controller.start()
    server.port = controller.port
    server._controller = controller
    return server


@pytest.fixture(scope="session")
def test_ca() -> trustme.CA:
    """The session's test CA; server certificates are for localhost and 127.0.0.1."""
    return trustme.CA()


@pytest.fixture(scope="session")
def test_ca_file(test_ca: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The test CA as a PEM file, for a config's ``ca_file``."""
    return write_ca_pem(test_ca, tmp_path_factory.mktemp("smtp-ca") / "ca.pem")


@pytest.fixture
def smtpd_factory(test_ca: trustme.CA, test_ca_file: str) -> Iterator[Callable[..., SmtpServer]]:
    """``smtpd_factory(**options) -> SmtpServer``; every server stops at teardown."""
    started: list[SmtpServer] = []

    def factory(**options: Any) -> SmtpServer:
        options.setdefault("ca", test_ca)
        options.setdefault("ca_file", test_ca_file)
        server = start_smtpd(**options)
        started.append(server)
        return server

    yield factory
    for server in started:
        server.stop()


@pytest.fixture
def smtpd(smtpd_factory: Callable[..., SmtpServer]) -> SmtpServer:
    """A plain loopback server: no TLS, no AUTH, accepts everything."""
    return smtpd_factory()
