"""The one IMAP connection that fetches, searches and appends, on its own thread.

imapclient is blocking and not thread-safe: every call on this connection runs on one
dedicated thread (:meth:`Mailbox.run`), in the order the stages ask. Methods whose
name ends in ``_blocking`` run on that thread, inside a job; the rest are awaited
from the event loop. The IDLE watchers have connections of their own
(:mod:`mailer.service.watching`).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from mailer.adapters.credentials import CredentialProvider
from mailer.adapters.imap import FetchedBody, FetchedHeader, Folders, ImapEndpoint, ImapSession
from mailer.core.message import MAX_HEADER_BYTES
from mailer.errors import MailboxError

__all__ = ["BATCH", "MAX_BODY_BYTES", "Mailbox"]

T = TypeVar("T")

#: Messages fetched per round trip; bounds memory on a first start over a big inbox.
BATCH = 200
#: Bodies larger than this are read only this far: enough for the text parts.
MAX_BODY_BYTES = 512 * 1024


class Mailbox:
    """The service's main IMAP connection: opened on first use, dropped on trouble."""

    def __init__(self, endpoint: ImapEndpoint, credentials: CredentialProvider) -> None:
        self.endpoint = endpoint
        self.credentials = credentials
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="imap")
        self._session: ImapSession | None = None
        self._folders: Folders | None = None

    @property
    def known_folders(self) -> Folders | None:
        """The folders found on the current connection, if found yet (no IMAP call)."""
        return self._folders

    async def call(self, fn: Callable[..., T], /, *args: Any) -> T:
        """``fn(*args)`` on the IMAP thread."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._thread, fn, *args)

    async def run(self, fn: Callable[[ImapSession], T], /) -> T:
        """``fn(session)`` on the IMAP thread, connecting first when needed."""
        return await self.call(lambda: fn(self.session_blocking()))

    async def folders(self) -> Folders:
        return await self.call(self.folders_blocking)

    async def drop(self) -> None:
        """Forget the connection (after trouble): the next call connects again."""
        await self.call(self._drop_blocking)

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await self.drop()
        self._thread.shutdown(wait=False, cancel_futures=True)

    async def fetch_headers(
        self, folder: str, uidvalidity: int, uids: Sequence[int]
    ) -> dict[int, FetchedHeader]:
        """Header blocks, cut at the header cap, of ``uids`` in ``folder``."""
        return await self.call(self._headers_blocking, folder, uidvalidity, uids)

    async def fetch_bodies(
        self, folder: str, uidvalidity: int, uids: Sequence[int]
    ) -> dict[int, FetchedBody]:
        """Messages, cut at :data:`MAX_BODY_BYTES`, of ``uids`` in ``folder``."""
        return await self.call(self._bodies_blocking, folder, uidvalidity, uids)

    # -- on the IMAP thread

    def session_blocking(self) -> ImapSession:
        if self._session is None:
            self._session = ImapSession.connect(self.endpoint, self.credentials)
            self._folders = None
        return self._session

    def folders_blocking(self) -> Folders:
        session = self.session_blocking()
        if self._folders is None:
            self._folders = session.find_folders()
        return self._folders

    def _drop_blocking(self) -> None:
        session, self._session = self._session, None
        self._folders = None
        if session is not None:
            with contextlib.suppress(Exception):
                session.close()

    def _selected_blocking(self, folder: str, uidvalidity: int) -> ImapSession:
        """The session with ``folder`` selected again. Drafting selects Drafts on this
        same connection, so a UID FETCH must never rely on an earlier SELECT; and UIDs
        mean nothing under another UIDVALIDITY (RFC 3501 2.3.1.1)."""
        session = self.session_blocking()
        info = session.select(folder, readonly=True)
        if info.uidvalidity != uidvalidity:
            raise MailboxError(f"the UIDVALIDITY of {folder!r} changed during a scan")
        return session

    def _headers_blocking(
        self, folder: str, uidvalidity: int, uids: Sequence[int]
    ) -> dict[int, FetchedHeader]:
        session = self._selected_blocking(folder, uidvalidity)
        return session.fetch_headers(uids, max_bytes=MAX_HEADER_BYTES)

    def _bodies_blocking(
        self, folder: str, uidvalidity: int, uids: Sequence[int]
    ) -> dict[int, FetchedBody]:
        session = self._selected_blocking(folder, uidvalidity)
        return session.fetch_bodies(uids, max_bytes=MAX_BODY_BYTES)
