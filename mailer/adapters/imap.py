"""A thin, blocking IMAP adapter over imapclient.

imapclient is blocking and not thread-safe: the daemon runs one :class:`ImapSession`
per thread (``asyncio.to_thread`` or a dedicated thread), and watches a folder on a
connection of its own through :class:`~mailer.adapters.idle.IdleWatcher`, which
shares :func:`boundary` and :func:`one_line` for its errors.

What this module promises the rest of the package:

- TLS with certificate checks (implicit TLS or required STARTTLS); plain text only to
  a loopback host. Every socket has a connect and a read timeout, so a dead peer
  never hangs a thread (imapclient issues 403, 449).
- The user's mail is only read: folders are selected read-only (EXAMINE) and bodies
  fetched with ``BODY.PEEK`` so ``\\Seen`` is never set (RFC 3501 6.4.5). There is no
  STORE, EXPUNGE, MOVE or DELETE here at all; the only write is APPEND of our own
  drafts and Sent copies.
- Nothing from an inbound message reaches an IMAP command unchecked: imapclient sends
  CR/LF inside search values as they are (issue 657), so Message-IDs and folder names
  pass strict validators first and :class:`~mailer.errors.UnsafeValueError` is raised
  otherwise.
- imapclient and socket exceptions are converted here into the package's error tree
  with one-line messages that never contain a secret.
"""

from __future__ import annotations

import ast
import contextlib
import re
import socket
import ssl
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from types import TracebackType
from typing import Any, Literal, Self

from imapclient import IMAPClient, SocketTimeout
from imapclient import exceptions as imap_exceptions

from mailer.adapters.credentials import Credential, CredentialProvider
from mailer.core.net import is_loopback_host
from mailer.errors import (
    FolderNotFoundError,
    MailboxAuthError,
    MailboxConnectionError,
    MailboxError,
    PoliteDeclineError,
    UnsafeValueError,
)
from mailer.redact import redact

__all__ = [
    "DEFAULT_MAX_BODY_BYTES",
    "DEFAULT_MAX_HEADER_BYTES",
    "DRAFTS_NAMES",
    "SENT_NAMES",
    "AppendResult",
    "FetchedBody",
    "FetchedHeader",
    "FolderInfo",
    "Folders",
    "ImapEndpoint",
    "ImapSession",
    "Security",
    "parse_appenduid",
    "validate_folder_name",
    "validate_message_id",
]

Security = Literal["tls", "starttls", "none"]

# Bodies are fetched as a partial fetch of at most this many octets (RFC 3501 6.4.5
# ``BODY[]<0.N>``): an invitation never needs more, and a 40 MB attachment must not
# end up in memory.
DEFAULT_MAX_BODY_BYTES = 2 * 1024 * 1024
# Header blocks likewise (``BODY[HEADER]<0.N>``): five messages with 20 MB of
# headers each must not cost 100 MB. What is cut is judged by the caller.
DEFAULT_MAX_HEADER_BYTES = 256 * 1024
# Keep each FETCH/SEARCH command line short (RFC 7162 3.2.1.5 suggests 8 kB lines).
_BATCH = 500
_MAX_FOLDER_NAME = 1024
_MAX_MESSAGE_ID = 250

# Well-known names, tried in this order when the server has no SPECIAL-USE
# attributes (RFC 6154). Compared case-insensitively, with or without an ``INBOX.``
# or ``INBOX/`` prefix (Courier-style and Cyrus-style hierarchies).
DRAFTS_NAMES: tuple[str, ...] = (
    "Drafts",
    "Draft",
    "Entwürfe",
    "Brouillons",
    "Borradores",
    "Bozze",
    "Concepten",
    "Utkast",
    "Kladder",
    "Rascunhos",
    "[Gmail]/Drafts",
    "[Google Mail]/Drafts",
    "[Google Mail]/Entwürfe",
    "[Gmail]/Brouillons",
    "[Gmail]/Borradores",
    "[Gmail]/Bozze",
)
SENT_NAMES: tuple[str, ...] = (
    "Sent",
    "Sent Items",
    "Sent Messages",
    "Sent Mail",
    "Gesendet",
    "Gesendete Objekte",
    "Gesendete Elemente",
    "Envoyés",
    "Éléments envoyés",
    "Messages envoyés",
    "Enviados",
    "Elementos enviados",
    "Inviati",
    "Posta inviata",
    "Verzonden",
    "Verzonden items",
    "Skickat",
    "Skickade objekt",
    "[Gmail]/Sent Mail",
    "[Google Mail]/Sent Mail",
    "[Google Mail]/Gesendet",
    "[Gmail]/Messages envoyés",
    "[Gmail]/Enviados",
    "[Gmail]/Posta inviata",
)


# --------------------------------------------------------------------------- values


@dataclass(frozen=True, kw_only=True)
class ImapEndpoint:
    """Where and how to connect. ``drafts_folder``/``sent_folder`` override discovery."""

    host: str
    port: int
    security: Security = "tls"
    username: str
    ca_file: str | None = None
    drafts_folder: str | None = None
    sent_folder: str | None = None
    connect_timeout: float = 15.0
    read_timeout: float = 60.0

    def __post_init__(self) -> None:
        if self.security not in ("tls", "starttls", "none"):
            raise ValueError(f"security must be tls, starttls or none, not {self.security!r}")
        if not 0 < self.port < 65536:
            raise ValueError(f"port out of range: {self.port}")
        if self.connect_timeout <= 0 or self.read_timeout <= 0:
            raise ValueError("timeouts must be positive")
        for name in (self.drafts_folder, self.sent_folder):
            if name is not None:
                validate_folder_name(name)

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"


FoundBy = Literal["config", "attribute", "name"]


@dataclass(frozen=True, slots=True)
class Folders:
    """The folders drafts go to and sends are noticed in (server names, decoded).

    ``drafts_by`` and ``sent_by`` say how each was found, for ``check``: ``config``
    (the imap.*_folder override), ``attribute`` (SPECIAL-USE, RFC 6154) or ``name``.
    """

    drafts: str
    sent: str
    drafts_by: FoundBy = field(default="name", compare=False)
    sent_by: FoundBy = field(default="name", compare=False)


@dataclass(frozen=True, slots=True)
class FolderInfo:
    """What SELECT/EXAMINE says. ``uidnext`` is None on a server that omits it."""

    uidvalidity: int
    uidnext: int | None
    exists: int


@dataclass(frozen=True, slots=True)
class AppendResult:
    """The APPENDUID response code (RFC 4315 3): where the appended message lives."""

    uidvalidity: int
    uid: int


@dataclass(frozen=True, slots=True)
class FetchedHeader:
    uid: int
    header: bytes  # the raw header block, CRLF-terminated, with the blank line
    size: int  # RFC822.SIZE of the whole message
    internaldate: datetime | None  # timezone-aware


@dataclass(frozen=True, slots=True)
class FetchedBody:
    uid: int
    raw: bytes  # the whole message, or its first ``max_bytes`` octets
    size: int  # RFC822.SIZE of the whole message
    truncated: bool


# ----------------------------------------------------------------------- validators

_FOLDER_FORBIDDEN = re.compile(r"[\r\n\x00]")
# RFC 5322 3.6.4 msg-id, restricted further to what is safe as an IMAP atom
# (RFC 3501 9, ASTRING-CHAR): printable ASCII without SP, quotes, backslash, parens,
# braces, list wildcards; exactly one "@"; angle brackets only around it.
_ID_CHARS = r"!#$&'+,\-./0-9:;=?A-Z\[\]^_`a-z|~"
_MESSAGE_ID = re.compile(rf"<[{_ID_CHARS}]+@[{_ID_CHARS}]+>")


_ANY_MESSAGE_ID = re.compile(r"<[^<>\s]+>")


def validate_folder_name(name: str, /) -> str:
    """Return ``name`` if it is safe in an IMAP command, else raise UnsafeValueError."""
    if not name or len(name) > _MAX_FOLDER_NAME or _FOLDER_FORBIDDEN.search(name):
        raise UnsafeValueError(f"unsafe IMAP folder name {name[:80]!r}")
    return name


def validate_message_id(value: str, /) -> str:
    """Return ``value`` if it is a strict ``<local@domain>`` Message-ID.

    Inbound Message-IDs end up in SEARCH commands, which imapclient sends with any
    CR/LF left as they are: ``<a@b>\\r\\nA1 DELETE INBOX`` would run a second
    command. Anything outside the strict pattern is refused, not repaired.
    """
    if len(value) > _MAX_MESSAGE_ID or not _MESSAGE_ID.fullmatch(value):
        raise UnsafeValueError(f"refusing unsafe Message-ID {value[:80]!r} in an IMAP command")
    return value


# -------------------------------------------------------------------- pure parsers

_BYTES_LITERAL = re.compile(r"\bb'(?:[^'\\]|\\.)*'|\bb\"(?:[^\"\\]|\\.)*\"")
_APPENDUID = re.compile(rb"\[APPENDUID (\d+) (\d+)\]", re.IGNORECASE)


def parse_appenduid(response: bytes | str | None, /) -> AppendResult | None:
    """Read ``[APPENDUID uidvalidity uid]`` from an APPEND completion (RFC 4315).

    None when the server has no UIDPLUS (or appended several messages at once).
    """
    if response is None:
        return None
    if isinstance(response, str):
        response = response.encode("ascii", "replace")
    match = _APPENDUID.search(response)
    if match is None:
        return None
    return AppendResult(int(match.group(1)), int(match.group(2)))


def _folder_keys(name: str, delimiter: str | None) -> set[str]:
    """The forms under which a listed folder matches a well-known name."""
    normal = unicodedata.normalize("NFC", name).casefold()
    keys = {normal}
    for sep in {delimiter or "/", ".", "/"}:
        prefix = "inbox" + sep
        if normal.startswith(prefix):
            keys.add(normal[len(prefix) :])
    return keys


def _pick_by_name(listing: Sequence[tuple[str, str | None]], names: Iterable[str]) -> str | None:
    keyed = [(_folder_keys(name, delim), name) for name, delim in listing]
    for wanted in names:
        key = unicodedata.normalize("NFC", wanted).casefold()
        for keys, name in keyed:
            if key in keys:
                return name
    return None


def one_line(text: object, secrets: Iterable[str] = ()) -> str:
    """A single, bounded line for an error message, with secrets blanked out."""
    message = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    # A server may echo the secret quoted or inside a base64 SASL blob.
    message = redact(message, secrets)
    message = " ".join(message.split())
    return message[:300]


def _server_text(text: str) -> str:
    """The server's words: imapclient passes on imaplib's ``str(b'...')``, so a
    refused login reads ``b'[AUTHENTICATIONFAILED] ...'``; decode such literals."""

    def decoded(match: re.Match[str]) -> str:
        try:
            value = ast.literal_eval(match.group(0))
        except (ValueError, SyntaxError):
            return match.group(0)
        return value.decode("utf-8", "replace") if isinstance(value, bytes) else match.group(0)

    return _BYTES_LITERAL.sub(decoded, text)


# ---------------------------------------------------------------------- the session


class ImapSession:
    """One logged-in IMAP connection. Use from one thread at a time."""

    def __init__(self, client: Any, endpoint: ImapEndpoint, /) -> None:
        self._client = client
        self.endpoint = endpoint
        self._folders: Folders | None = None
        self._secrets: tuple[str, ...] = ()

    # -- connecting -----------------------------------------------------------------

    @classmethod
    def connect(cls, endpoint: ImapEndpoint, credentials: CredentialProvider, /) -> ImapSession:
        """Connect, secure the channel, log in. Raises MailboxConnectionError or
        MailboxAuthError (one line, never the secret)."""
        where = endpoint.address
        context: ssl.SSLContext | None = None
        if endpoint.security == "none":
            if not is_loopback_host(endpoint.host):
                raise MailboxConnectionError(
                    f"refusing unencrypted IMAP to {where}: plain text is allowed only to a "
                    'loopback host; set imap.security = "tls" or "starttls"'
                )
        else:
            # The system store plus the configured extra CA (create_default_context
            # with cafile= would load that file *instead of* the system store).
            context = ssl.create_default_context()
            if endpoint.ca_file:
                try:
                    context.load_verify_locations(cafile=endpoint.ca_file)
                except (OSError, ssl.SSLError) as exc:
                    raise MailboxConnectionError(
                        f"cannot load imap.ca_file {endpoint.ca_file}: {one_line(exc)}"
                    ) from None
        timeout = SocketTimeout(connect=endpoint.connect_timeout, read=endpoint.read_timeout)
        with boundary(f"connecting to IMAP server {where}"):
            client = IMAPClient(
                endpoint.host,
                port=endpoint.port,
                ssl=endpoint.security == "tls",
                ssl_context=context,
                timeout=timeout,
            )
        session = cls(client, endpoint)
        try:
            # imaplib writes a literal and its closing CRLF separately: without
            # TCP_NODELAY each APPEND waits for Nagle plus delayed ACK (~40 ms).
            with contextlib.suppress(OSError):
                client.socket().setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if endpoint.security == "starttls":
                with boundary(f"STARTTLS with {where}"):
                    offered = b"STARTTLS" in client.capabilities()
                    if not offered:
                        # RFC 3501 6.2.1 / RFC 2595: never fall back to plain text.
                        raise MailboxConnectionError(
                            f"IMAP server {where} does not offer STARTTLS; refusing to "
                            'log in without TLS (use imap.security = "tls" if it has '
                            "an implicit-TLS port)"
                        )
                    client.starttls(context)
            # Timezone-aware INTERNALDATEs instead of naive local times.
            client.normalise_times = False
            session._login(credentials)
        except BaseException:
            session._shutdown()
            raise
        return session

    def _login(self, credentials: CredentialProvider) -> None:
        endpoint = self.endpoint
        credential = credentials()
        if credential.kind == "oauth2":
            with boundary(f"connecting to {endpoint.address}"):
                offered = b"AUTH=XOAUTH2" in self.client.capabilities()
            if not offered:
                raise MailboxAuthError(
                    f"IMAP server {endpoint.address} does not offer XOAUTH2; use a password "
                    "(or an app password) instead of an OAuth2 token command"
                )
        for attempt in (1, 2):
            self._secrets = (*self._secrets, credential.secret)
            try:
                with boundary(f"logging in to {endpoint.address}", self._secrets):
                    self._authenticate(credential)
                return
            except _LoginRefused as refused:
                # A refused OAuth2 token has usually just expired: ask the provider
                # once more (it re-runs the token command) and retry.
                if credential.kind == "oauth2" and attempt == 1:
                    credential = credentials()
                    continue
                raise MailboxAuthError(
                    f"IMAP server {endpoint.address} refused the {credential.kind} for "
                    f"{endpoint.username}: {one_line(refused.text, self._secrets)}"
                ) from None

    def _authenticate(self, credential: Credential) -> None:
        try:
            if credential.kind == "oauth2":
                self._client.sasl_login("XOAUTH2", _xoauth2(self.endpoint.username, credential))
            else:
                self._client.login(self.endpoint.username, credential.secret)
        except imap_exceptions.LoginError as exc:
            raise _LoginRefused(_server_text(str(exc))) from None

    # -- lifecycle ------------------------------------------------------------------

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """LOGOUT, or just drop the socket when the server is gone."""
        if self._client is None:
            return
        try:
            self._client.logout()
        except Exception:  # a dead connection has nothing to log out of
            self._shutdown()
        self._client = None

    def _shutdown(self) -> None:
        if self._client is not None:
            with contextlib.suppress(Exception):
                self._client.shutdown()

    def abandon(self) -> None:
        """Drop a broken connection without LOGOUT: nothing would answer it."""
        self._shutdown()
        self._client = None

    @property
    def client(self) -> Any:
        """The underlying IMAPClient (for the IDLE reader in this module)."""
        if self._client is None:
            raise MailboxConnectionError("the IMAP session is closed")
        return self._client

    # -- queries --------------------------------------------------------------------

    def capabilities(self) -> frozenset[str]:
        with boundary("CAPABILITY"):
            raw = self.client.capabilities()
        return frozenset(c.decode("ascii", "replace").upper() for c in raw)

    def noop(self) -> list[bytes]:
        """NOOP; returns the untagged responses as lines like ``b"* 3 EXISTS"``."""
        with boundary("NOOP"):
            _, responses = self.client.noop()
        return [_unparse(r) for r in responses]

    def find_folders(self) -> Folders:
        """Drafts and Sent: the configured override, else SPECIAL-USE (RFC 6154),
        else a well-known name; one LIST per session, cached."""
        if self._folders is not None:
            return self._folders
        with boundary("LIST"):
            listed = self.client.list_folders()
        usable: list[tuple[str, str | None]] = []
        special: dict[str, str] = {}
        for flags, delimiter, name in listed:
            attrs = {f.decode("ascii", "replace").lower() for f in flags}
            if "\\noselect" in attrs or "\\nonexistent" in attrs:
                continue
            delim = delimiter.decode("ascii", "replace") if delimiter else None
            usable.append((name, delim))
            for attr in ("\\drafts", "\\sent"):
                if attr in attrs:
                    special.setdefault(attr, name)
        drafts, drafts_by = self._resolve(
            "drafts", self.endpoint.drafts_folder, special.get("\\drafts"), DRAFTS_NAMES, usable
        )
        sent, sent_by = self._resolve(
            "sent", self.endpoint.sent_folder, special.get("\\sent"), SENT_NAMES, usable
        )
        self._folders = Folders(
            validate_folder_name(drafts), validate_folder_name(sent), drafts_by, sent_by
        )
        return self._folders

    def _resolve(
        self,
        kind: Literal["drafts", "sent"],
        override: str | None,
        special: str | None,
        names: Sequence[str],
        usable: Sequence[tuple[str, str | None]],
    ) -> tuple[str, FoundBy]:
        existing = [n for n, _ in usable]
        shown = ", ".join(repr(n) for n in existing[:20]) + (" ..." if len(existing) > 20 else "")
        if override is not None:
            if override in existing:
                return override, "config"
            raise FolderNotFoundError(
                f"imap.{kind}_folder = {override!r} does not exist on {self.endpoint.address}; "
                f"folders there: {shown}"
            )
        if special is not None:
            return special, "attribute"
        found = _pick_by_name(usable, names)
        if found is None:
            attr = "\\Drafts" if kind == "drafts" else "\\Sent"
            raise FolderNotFoundError(
                f"no {kind} folder found on {self.endpoint.address} (no {attr} SPECIAL-USE "
                f'attribute and no well-known name); set imap.{kind}_folder = "NAME" in '
                f"the config file to one of: {shown}"
            )
        return found, "name"

    def select(self, folder: str, /, *, readonly: bool = True) -> FolderInfo:
        """SELECT (or EXAMINE when ``readonly``, the default: nothing can change)."""
        validate_folder_name(folder)
        with boundary(f"selecting {folder!r}"):
            info = self.client.select_folder(folder, readonly=readonly)
        uidnext = info.get(b"UIDNEXT")
        return FolderInfo(
            uidvalidity=int(info[b"UIDVALIDITY"]),
            uidnext=int(uidnext) if uidnext is not None else None,
            exists=int(info.get(b"EXISTS", 0)),
        )

    def uids_above(self, last_uid: int, /) -> list[int]:
        """UIDs greater than ``last_uid`` in the selected folder, ascending."""
        if last_uid < 0:
            raise ValueError("last_uid must not be negative")
        # RFC 3501 6.4.8: "n:*" always includes the highest UID even when it is
        # below n, so the answer is filtered.
        return [u for u in self._search(["UID", f"{last_uid + 1}:*"]) if u > last_uid]

    def uids_since(self, day: date, /) -> list[int]:
        """UIDs of messages whose internal date is on or after ``day`` (RFC 3501 SINCE)."""
        return self._search(["SINCE", day])

    def _search(self, criteria: list[Any]) -> list[int]:
        with boundary("SEARCH"):
            found = self.client.search(criteria)
        return sorted(int(u) for u in found)

    def fetch_headers(
        self, uids: Iterable[int], /, *, max_bytes: int = DEFAULT_MAX_HEADER_BYTES
    ) -> dict[int, FetchedHeader]:
        """Header blocks (``BODY.PEEK[HEADER]<0.max_bytes>``: never sets ``\\Seen``),
        sizes, dates. A header block longer than ``max_bytes`` comes back cut, without
        the empty line that ends a whole one (RFC 3501 6.4.5 partial fetch)."""
        if max_bytes <= 0:
            raise ValueError("max_bytes must be positive")
        out: dict[int, FetchedHeader] = {}
        for batch in _batches(uids):
            with boundary("FETCH headers"):
                data = self.client.fetch(
                    batch,
                    [f"BODY.PEEK[HEADER]<0.{max_bytes}>".encode(), b"RFC822.SIZE", b"INTERNALDATE"],
                )
            for uid, item in data.items():
                header = item.get(b"BODY[HEADER]<0>")
                if header is None:
                    header = item.get(b"BODY[HEADER]")
                if header is None:
                    continue
                internal = item.get(b"INTERNALDATE")
                out[int(uid)] = FetchedHeader(
                    uid=int(uid),
                    header=bytes(header),
                    size=int(item.get(b"RFC822.SIZE", len(header))),
                    internaldate=internal if isinstance(internal, datetime) else None,
                )
        return out

    def fetch_bodies(
        self, uids: Iterable[int], /, *, max_bytes: int = DEFAULT_MAX_BODY_BYTES
    ) -> dict[int, FetchedBody]:
        """Whole messages with ``BODY.PEEK[]<0.max_bytes>`` (never sets ``\\Seen``).

        A partial fetch (RFC 3501 6.4.5) bounds memory: a message larger than
        ``max_bytes`` comes back cut at that many octets with ``truncated`` set; its
        headers and first parts are still there, which is all a recogniser reads.
        """
        if max_bytes <= 0:
            raise ValueError("max_bytes must be positive")
        out: dict[int, FetchedBody] = {}
        for batch in _batches(uids):
            with boundary("FETCH bodies"):
                data = self.client.fetch(
                    batch, [f"BODY.PEEK[]<0.{max_bytes}>".encode(), b"RFC822.SIZE"]
                )
            for uid, item in data.items():
                raw = item.get(b"BODY[]<0>")
                if raw is None:
                    raw = item.get(b"BODY[]")
                if raw is None:
                    continue
                size = int(item.get(b"RFC822.SIZE", len(raw)))
                out[int(uid)] = FetchedBody(
                    uid=int(uid), raw=bytes(raw), size=size, truncated=size > len(raw)
                )
        return out

    def message_ids(self, folder: str, /) -> set[str]:
        """Every Message-ID in ``folder`` (lower-cased), in one pass: cheaper than a
        SEARCH per id when many drafts are checked at once."""
        info = self.select(folder, readonly=True)
        if not info.exists:
            return set()
        uids = self._search(["ALL"])
        found: set[str] = set()
        for batch in _batches(uids):
            with boundary("FETCH Message-IDs"):
                data = self.client.fetch(batch, [b"BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]<0.4096>"])
            for item in data.values():
                raw = next((v for k, v in item.items() if k.startswith(b"BODY[HEADER")), b"")
                found.update(
                    m.lower()
                    for m in _ANY_MESSAGE_ID.findall(bytes(raw or b"").decode("ascii", "replace"))
                )
        return found

    def fetch_flags(self, uids: Iterable[int], /) -> dict[int, frozenset[str]]:
        out: dict[int, frozenset[str]] = {}
        for batch in _batches(uids):
            with boundary("FETCH flags"):
                data = self.client.fetch(batch, [b"FLAGS"])
            for uid, item in data.items():
                flags = item.get(b"FLAGS", ())
                out[int(uid)] = frozenset(
                    f.decode("utf-8", "replace") if isinstance(f, bytes) else str(f) for f in flags
                )
        return out

    def find_by_message_id(self, folder: str, message_id: str, /) -> list[int]:
        """UIDs in ``folder`` whose Message-ID header contains ``message_id``.

        Selects ``folder`` read-only (replacing the current selection). The value is
        validated first (UnsafeValueError): see :func:`validate_message_id`.
        """
        validate_message_id(message_id)
        self.select(folder, readonly=True)
        return self._search(["HEADER", "Message-ID", message_id])

    def find_replies_to(self, folder: str, message_id: str, /) -> list[int]:
        """UIDs in ``folder`` whose In-Reply-To or References mention ``message_id``."""
        validate_message_id(message_id)
        self.select(folder, readonly=True)
        return self._search(
            ["OR", "HEADER", "In-Reply-To", message_id, "HEADER", "References", message_id]
        )

    def append(
        self,
        folder: str,
        raw: bytes,
        /,
        *,
        flags: Sequence[str] = ("\\Draft", "\\Seen"),
        when: datetime | None = None,
    ) -> AppendResult | None:
        """APPEND our own message; returns APPENDUID, or None without UIDPLUS.

        APPEND is not idempotent: after a failure whose outcome is unknown, look for
        the message's own Message-ID (:meth:`find_by_message_id`) before retrying.
        """
        validate_folder_name(folder)
        for flag in flags:
            if not re.fullmatch(r"\\?[A-Za-z0-9$_.-]+", flag):
                raise UnsafeValueError(f"unsafe IMAP flag {flag[:40]!r}")
        with boundary(f"APPEND to {folder!r}"):
            response = self.client.append(folder, raw, flags=tuple(flags), msg_time=when)
        return parse_appenduid(response)


def _xoauth2(username: str, credential: Credential) -> Any:
    """The SASL XOAUTH2 client (Google's and Microsoft's OAuth2 for IMAP).

    Unlike imapclient's ``oauth2_login``, the token is sent once: a refused token
    gets an error challenge, which the client answers with an empty response
    (as RFC 7628 3.2.3 prescribes for OAUTHBEARER), not with the token again.
    """
    sent = False

    def step(challenge: bytes) -> bytes:
        nonlocal sent
        if sent:
            return b""
        sent = True
        return f"user={username}\x01auth=Bearer {credential.secret}\x01\x01".encode()

    return step


class _LoginRefused(Exception):
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


def _batches(uids: Iterable[int]) -> Iterator[list[int]]:
    ordered = sorted(set(uids))
    for i in range(0, len(ordered), _BATCH):
        yield ordered[i : i + _BATCH]


def _unparse(response: Any) -> bytes:
    """imapclient's parsed untagged tuple back into a line like ``b"* 3 EXISTS"``."""
    if isinstance(response, tuple):
        parts = [p if isinstance(p, bytes) else str(p).encode() for p in response[:2]]
        return b"* " + b" ".join(parts)
    return b"* " + (response if isinstance(response, bytes) else str(response).encode())


@contextlib.contextmanager
def boundary(action: str, secrets: Iterable[str] = ()) -> Iterator[None]:
    """Convert imapclient, ssl and socket exceptions into the package's tree."""
    secrets = tuple(secrets)
    try:
        yield
    except (PoliteDeclineError, _LoginRefused):
        raise
    except ssl.SSLCertVerificationError as exc:
        reason = exc.verify_message or "certificate verify failed"
        raise MailboxConnectionError(
            f"{action}: TLS certificate not trusted ({one_line(reason)}); set imap.ca_file "
            "to the CA that signed it"
        ) from None
    except imap_exceptions.IMAPClientAbortError as exc:
        raise MailboxConnectionError(f"{action}: {one_line(exc, secrets)}") from None
    except imap_exceptions.IMAPClientError as exc:
        raise MailboxError(f"{action}: {one_line(exc, secrets)}") from None
    except (OSError, EOFError) as exc:
        # "Connection refused" rather than "[Errno 111] Connection refused".
        plain = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        detail = one_line(plain, secrets) or type(exc).__name__
        raise MailboxConnectionError(f"{action}: {detail}") from None
