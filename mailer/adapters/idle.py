"""Watching one IMAP folder for changes: IDLE (RFC 2177) with our own reader, or NOOP.

Each watched folder has a connection of its own (:class:`IdleWatcher`, opened with
:meth:`~mailer.adapters.imap.ImapSession.connect` and then read here): after SELECT
this module owns the socket, reads the untagged responses itself
(:func:`split_responses`, bounded against a server that streams without end) and
reports whether the folder changed (:func:`is_change_response`). The commands that
read and write mail are :mod:`mailer.adapters.imap`'s.
"""

from __future__ import annotations

import contextlib
import io
import re
import select
import socket
import ssl
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Literal, Self

from mailer.adapters.credentials import CredentialProvider
from mailer.adapters.imap import ImapEndpoint, ImapSession, boundary, one_line
from mailer.errors import MailboxConnectionError, MailboxError, PoliteDeclineError

__all__ = [
    "DEFAULT_IDLE_INTERVAL",
    "DEFAULT_POLL_INTERVAL",
    "IdleEvent",
    "IdleWatcher",
    "is_change_response",
    "split_responses",
]

# RFC 2177: a client must re-issue IDLE at least every 29 minutes; NAT boxes and
# providers drop quiet connections much sooner, so re-issue every 9.
DEFAULT_IDLE_INTERVAL = 9 * 60.0
DEFAULT_POLL_INTERVAL = 120.0
# Guards for the IDLE reader: a server that streams without CRLF is broken or hostile.
_MAX_LINE = 1024 * 1024
_MAX_LITERAL = 16 * 1024 * 1024
_LITERAL_AT_END = re.compile(rb"\{(\d+)\+?\}$")
_CHANGE = re.compile(rb"^\* (?:\d+ (?:EXISTS|RECENT|EXPUNGE|FETCH)\b|VANISHED\b)", re.IGNORECASE)
_BYE = re.compile(rb"^\* BYE\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class IdleEvent:
    """What :meth:`IdleWatcher.wait` saw.

    ``changed``: EXISTS, RECENT, EXPUNGE or FETCH arrived (``responses`` holds them);
    ``timeout``: nothing happened; ``stopped``: :meth:`IdleWatcher.stop` was called.
    """

    kind: Literal["changed", "timeout", "stopped"]
    responses: tuple[bytes, ...] = field(default=())


def split_responses(buffer: bytes, /) -> tuple[list[bytes], bytes]:
    """Split complete server responses off ``buffer``; return them and the rest.

    A response ends at CRLF unless the line ends with a literal ``{n}`` (RFC 3501
    4.3), whose ``n`` octets and the rest of the line belong to it. Servers may split
    a response across any number of writes (pymap writes each token separately), so
    an incomplete tail is returned untouched for the next read.
    """
    responses: list[bytes] = []
    start = 0
    while True:
        scan = start
        while True:
            eol = buffer.find(b"\r\n", scan)
            if eol < 0:
                if len(buffer) - start > _MAX_LINE:
                    raise MailboxConnectionError("IMAP server sent an over-long line")
                return responses, buffer[start:]
            literal = _LITERAL_AT_END.search(buffer, scan, eol)
            if literal is None:
                responses.append(buffer[start:eol])
                start = eol + 2
                break
            size = int(literal.group(1))
            if size > _MAX_LITERAL:
                raise MailboxConnectionError("IMAP server sent an over-long literal")
            if len(buffer) < eol + 2 + size:
                return responses, buffer[start:]
            scan = eol + 2 + size


def is_change_response(line: bytes, /) -> bool:
    """True for untagged EXISTS, RECENT, EXPUNGE, FETCH (RFC 3501 7.3, 7.4) or
    VANISHED (RFC 7162): the folder changed."""
    return _CHANGE.match(line) is not None


class IdleWatcher:
    """Waits for changes in one folder, on a connection of its own.

    IDLE (RFC 2177) when the server has it, with our own response reader: the
    stock ``idle_check`` fails on responses split across writes (imapclient 519)
    and busy-loops after BYE (565). This reader buffers partial lines and literals,
    and treats BYE or EOF as a dead connection (MailboxConnectionError). IDLE is
    re-issued every ``idle_interval`` seconds; the DONE/OK exchange doubles as a
    liveness check under the read timeout. Without IDLE, NOOP every
    ``poll_interval`` seconds.

    :meth:`stop` may be called from any thread; everything else belongs to the
    thread that calls :meth:`wait`.
    """

    def __init__(
        self,
        session: ImapSession,
        /,
        *,
        folder: str = "INBOX",
        idle_interval: float = DEFAULT_IDLE_INTERVAL,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        use_idle: bool = True,
    ) -> None:
        if idle_interval <= 0 or poll_interval <= 0:
            raise ValueError("intervals must be positive")
        self._session = session
        self.folder = folder
        self.idle_interval = idle_interval
        self.poll_interval = poll_interval
        self.folder_info = session.select(folder, readonly=True)
        self.uses_idle = use_idle and "IDLE" in session.capabilities()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._stopped = threading.Event()
        self._buffer = b""
        self._tag_number = 0
        self._idle_tag: bytes | None = None
        self._idle_started = 0.0
        self._next_poll = time.monotonic() + poll_interval
        self._broken = False
        self._adopt_imaplib_buffer()
        # IDLE starts right away, not at the first wait(): mail that arrives in
        # between must not be missed, and not every server reports it when IDLE
        # begins (pymap does not).
        self._pending: list[bytes] = self._start_idle() if self.uses_idle else []

    @classmethod
    def connect(
        cls,
        endpoint: ImapEndpoint,
        credentials: CredentialProvider,
        /,
        *,
        folder: str = "INBOX",
        idle_interval: float = DEFAULT_IDLE_INTERVAL,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        use_idle: bool = True,
    ) -> IdleWatcher:
        """Open a new connection and watch ``folder`` on it (selected read-only)."""
        session = ImapSession.connect(endpoint, credentials)
        try:
            return cls(
                session,
                folder=folder,
                idle_interval=idle_interval,
                poll_interval=poll_interval,
                use_idle=use_idle,
            )
        except BaseException:
            session.close()
            raise

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def stop(self) -> None:
        """Make a running (or the next) :meth:`wait` return ``stopped`` promptly."""
        self._stopped.set()
        with contextlib.suppress(OSError):
            self._wake_w.send(b"x")

    def close(self) -> None:
        """End IDLE politely when the connection still works, then log out."""
        if self._idle_tag is not None and not self._broken:
            with contextlib.suppress(PoliteDeclineError):
                self._end_idle(deadline=time.monotonic() + 2.0)
        if self._broken:
            self._session.abandon()
        self._session.close()
        self._wake_r.close()
        self._wake_w.close()

    def wait(self, timeout: float, /) -> IdleEvent:
        """Block up to ``timeout`` seconds for a change in the folder."""
        if self._broken:
            raise MailboxConnectionError("the IMAP watch connection is broken")
        try:
            if self.uses_idle:
                return self._wait_idle(timeout)
            return self._wait_poll(timeout)
        except MailboxConnectionError:
            self._broken = True
            raise

    # -- IDLE -----------------------------------------------------------------------

    def _wait_idle(self, timeout: float) -> IdleEvent:
        deadline = time.monotonic() + timeout
        if self._stopped.is_set():
            return IdleEvent("stopped")
        changes, self._pending = self._pending, []
        if self._idle_tag is None:
            changes += self._start_idle()
        while not changes:
            reissue_at = self._idle_started + self.idle_interval
            now = time.monotonic()
            if now >= reissue_at:
                changes += self._end_idle(deadline=now + self._read_timeout)
                changes += self._start_idle()
                continue
            if now >= deadline:
                return IdleEvent("timeout")
            lines = self._read(min(deadline, reissue_at))
            if lines is None:
                return IdleEvent("stopped")
            changes += self._untagged(lines)
        return IdleEvent("changed", tuple(changes))

    @property
    def _read_timeout(self) -> float:
        return self._session.endpoint.read_timeout

    def _start_idle(self) -> list[bytes]:
        self._tag_number += 1
        tag = b"PDI%d" % self._tag_number
        self._send(tag + b" IDLE\r\n")
        self._idle_started = time.monotonic()
        deadline = self._idle_started + self._read_timeout
        changes: list[bytes] = []
        while True:
            lines = self._read(deadline, stoppable=False) or []
            if not lines and time.monotonic() >= deadline:
                raise MailboxConnectionError("IMAP server did not answer IDLE in time")
            for index, line in enumerate(lines):
                if line.startswith(b"+"):
                    self._idle_tag = tag
                    # Anything after the continuation is already IDLE news.
                    return changes + self._untagged(lines[index + 1 :])
                if line.startswith(tag + b" "):
                    raise MailboxError(f"IDLE refused: {one_line(line)}")
                changes += self._untagged([line])

    def _end_idle(self, *, deadline: float) -> list[bytes]:
        tag = self._idle_tag
        assert tag is not None
        self._idle_tag = None
        self._send(b"DONE\r\n")
        changes: list[bytes] = []
        while True:
            lines = self._read(deadline, stoppable=False) or []
            if not lines and time.monotonic() >= deadline:
                raise MailboxConnectionError("IMAP server did not end IDLE in time")
            for line in lines:
                if line.startswith(tag + b" "):
                    if not line[len(tag) + 1 :].upper().startswith(b"OK"):
                        raise MailboxError(f"IDLE ended badly: {one_line(line)}")
                    return changes
                changes += self._untagged([line])

    def _untagged(self, lines: Sequence[bytes]) -> list[bytes]:
        changes = []
        for line in lines:
            if _BYE.match(line):
                raise MailboxConnectionError(f"IMAP server closed the session: {one_line(line)}")
            if is_change_response(line):
                changes.append(line)
        return changes

    def _adopt_imaplib_buffer(self) -> None:
        """Take over bytes imaplib already read past SELECT's completion.

        From here on this reader owns the socket; anything imaplib's buffered
        reader holds (an EXISTS that arrived in the same segment as the tagged OK)
        would otherwise be invisible to select() and lost. The socket is made
        non-blocking for the look so that an empty buffer costs nothing.
        """
        reader = getattr(self._session.client._imap, "file", None)
        if not isinstance(reader, io.BufferedReader):
            return
        sock = self._session.client.socket()
        timeout = sock.gettimeout()
        sock.setblocking(False)
        try:
            held = reader.peek(1)
            if held:
                self._buffer += reader.read(len(held))
        except (BlockingIOError, ssl.SSLWantReadError):
            pass
        except OSError as exc:
            raise MailboxConnectionError(f"reading IMAP responses: {one_line(exc)}") from None
        finally:
            sock.settimeout(timeout)

    def _send(self, data: bytes) -> None:
        with boundary("IDLE"):
            self._session.client.socket().sendall(data)

    def _read(self, deadline: float, *, stoppable: bool = True) -> list[bytes] | None:
        """Complete responses, [] at the deadline, None when stopped; raises on EOF."""
        sock = self._session.client.socket()
        while True:
            responses, self._buffer = split_responses(self._buffer)
            if responses:
                return responses
            # TLS may hold decrypted bytes that select() cannot see.
            pending = isinstance(sock, ssl.SSLSocket) and sock.pending() > 0
            if not pending:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return []
                watch = [sock, self._wake_r] if stoppable else [sock]
                with boundary("waiting for IMAP responses"):
                    ready, _, _ = select.select(watch, [], [], remaining)
                if self._wake_r in ready:
                    with contextlib.suppress(OSError):
                        self._wake_r.recv(64)
                    return None
                if not ready:
                    return []
            with boundary("reading IMAP responses"):
                data = sock.recv(65536)
            if not data:
                raise MailboxConnectionError("IMAP server closed the connection")
            self._buffer += data

    # -- polling --------------------------------------------------------------------

    def _wait_poll(self, timeout: float) -> IdleEvent:
        deadline = time.monotonic() + timeout
        while True:
            if self._stopped.is_set():
                return IdleEvent("stopped")
            now = time.monotonic()
            if now >= self._next_poll:
                self._next_poll = now + self.poll_interval
                responses = self._session.noop()
                changes = self._untagged(responses)
                if changes:
                    return IdleEvent("changed", tuple(changes))
                continue
            if now >= deadline:
                return IdleEvent("timeout")
            ready, _, _ = select.select(
                [self._wake_r], [], [], min(deadline, self._next_poll) - now
            )
            if ready:
                with contextlib.suppress(OSError):
                    self._wake_r.recv(64)
