"""What every stage of the service shares: the config's values, the clock, the state
store, the stop flag and the random source for jitter.

One :class:`Context` per :class:`~mailer.service.Service`; the stages read it and
never replace its parts. The store is opened on first use and closed at shutdown.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable
from datetime import UTC, datetime

from mailer.adapters.store import StateStore
from mailer.adapters.templating import load_templates
from mailer.config import Config

__all__ = ["INBOX", "Context", "service_log", "utc_now"]

INBOX = "INBOX"

#: Every stage logs under one name, so that log lines read the same whichever module
#: of the package wrote them (the name is part of each line).
service_log = logging.getLogger("mailer.service")


def utc_now() -> datetime:
    return datetime.now(UTC)


class Context:
    """The service's settings and shared state, for the stages to read."""

    def __init__(
        self,
        config: Config,
        /,
        *,
        dry_run: bool = False,
        clock: Callable[[], datetime] = utc_now,
    ) -> None:
        self.config = config
        self.dry_run = dry_run
        self.clock = clock
        self.identity = config.identity_value
        self.settings = config.decline_settings
        self.templates = load_templates(config.decline.templates_dir or None)
        self.state_dir = config.daemon.state_path
        self.account = config.account
        #: Set once to stop: read by the loop, the stages and the watcher threads.
        self.stopping = asyncio.Event()
        self.rng = random.Random()
        self._store: StateStore | None = None

    def now(self) -> datetime:
        return self.clock()

    @property
    def store(self) -> StateStore:
        return self.open_store()

    def open_store(self) -> StateStore:
        """The state store, opened on first use (``StateError`` when it cannot be)."""
        if self._store is None:
            self._store = StateStore.open(self.state_dir)
        return self._store

    def close_store(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
