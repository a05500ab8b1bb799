"""The daemon in this process, against the private Dovecot: the stages composed, one
cycle, the lock, a stop, the health file. (The same service as a subprocess, killed
and restarted, is tests/test_service.py and tests/reliability/.)"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from mailer.adapters.health import read_health
from mailer.config import load_config
from mailer.core.state import State
from mailer.errors import StateLockedError
from mailer.service import Service
from tests.dovecot_server import DovecotUser, free_port
from tests.service_support import Mailbox, invitation, write_config

pytestmark = pytest.mark.dovecot


@pytest.fixture
def service_for(tmp_path: Path, mailbox: DovecotUser) -> Callable[..., Service]:
    def make(**config: str) -> Service:
        return Service(load_config(write_config(tmp_path, mailbox, **config)))

    return make


async def test_one_cycle_drafts_and_releases_the_lock(
    service_for: Callable[..., Service], mailbox: DovecotUser
) -> None:
    box = Mailbox(mailbox)
    try:
        box.append("INBOX", invitation(message_id="<inv-once@corp.example>"))
        service = service_for()
        assert await service.run(once=True) == 0
        assert box.count("Drafts") == 1
    finally:
        box.close()
    again = service_for()  # the lock was released, the store closed
    assert await again.run(once=True) == 0
    [row] = again.ctx.store.rows(State.DRAFTED)
    again.ctx.close_store()
    assert row.message_id == "<inv-once@corp.example>"
    assert read_health(again.ctx.state_dir) is None


async def test_a_running_service_stops_when_asked_and_holds_its_lock(
    service_for: Callable[..., Service],
) -> None:
    service = service_for()
    task = asyncio.create_task(service.run())
    for _ in range(100):
        if service.watchers.running:
            break
        await asyncio.sleep(0.1)
    assert service.watchers.running  # the first cycle is done: watching
    with pytest.raises(StateLockedError):
        await service_for().run(once=True)
    service.stop()
    assert await asyncio.wait_for(task, 15) == 0
    assert not service.watchers.running


async def test_a_missing_folder_is_reported_in_the_health_file(
    service_for: Callable[..., Service],
) -> None:
    service = service_for(imap_extra='drafts_folder = "No such folder"')
    assert await service.run(once=True) == 1
    health = read_health(service.ctx.state_dir)
    assert health is not None
    assert "No such folder" in health[0]


async def test_an_unreachable_server_is_reported_and_not_fatal(
    tmp_path: Path, mailbox: DovecotUser
) -> None:
    away = replace(mailbox, port=free_port())
    service = Service(load_config(write_config(tmp_path, away)))
    assert await service.run(once=True) == 1
    health = read_health(service.ctx.state_dir)
    assert health is not None
    assert health[0].startswith("IMAP: ")
