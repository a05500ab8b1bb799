"""Fixtures local to the reliability suite (the shared servers come from tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.dovecot_server import DovecotUser
from tests.service_support import Mailbox


@pytest.fixture
def box(mailbox: DovecotUser) -> Iterator[Mailbox]:
    """The user's own mail client on a fresh mailbox."""
    client = Mailbox(mailbox)
    yield client
    client.close()
