"""Watching and the main connection alone, against the private Dovecot: IDLE wakes the
loop, a restart reconnects and wakes it again, a stop ends every thread; the main
connection finds the folders, refuses UIDs of another UIDVALIDITY, reconnects."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from mailer.errors import MailboxAuthError, MailboxConnectionError, MailboxError
from mailer.service.watching import Watchers, reconnect_delay
from tests.service_support import invitation
from tests.stage_support import Stage

pytestmark = pytest.mark.dovecot


def watchers_for(stage: Stage) -> Watchers:
    main = stage.mailbox
    return Watchers(
        main.endpoint,
        main.credentials,
        idle_interval=60.0,
        poll_interval=5.0,
        stopping=stage.ctx.stopping,
    )


async def test_idle_wakes_the_loop_and_a_restart_reconnects(
    stages: Callable[..., Stage],
) -> None:
    stage = stages()
    watchers = watchers_for(stage)
    folders = await stage.mailbox.folders()
    watchers.start(folders)
    try:
        assert watchers.running
        await asyncio.sleep(1.0)  # both connections in IDLE
        watchers.changed.clear()
        await asyncio.to_thread(stage.box.append, "INBOX", invitation())
        await asyncio.wait_for(watchers.changed.wait(), 10)
        watchers.changed.clear()
        await asyncio.to_thread(stage.box.append, folders.sent, invitation(n=2))
        await asyncio.wait_for(watchers.changed.wait(), 10)  # Sent is watched too
        watchers.changed.clear()
        watchers.restart()  # as after trouble on the main connection
        await asyncio.wait_for(watchers.changed.wait(), 10)  # back: catch up
    finally:
        stage.ctx.stopping.set()
        watchers.stop()
        await watchers.close()
    assert not watchers.running


async def test_wait_for_change_returns_after_the_interval(stages: Callable[..., Stage]) -> None:
    watchers = watchers_for(stages())
    await watchers.wait_for_change(0.05)  # nothing changed: the Sent check interval
    watchers.changed.set()
    await watchers.wait_for_change(60)  # a change ends the wait at once
    assert not watchers.changed.is_set()


async def test_the_main_connection(stages: Callable[..., Stage]) -> None:
    stage = stages()
    main = stage.mailbox
    folders = await main.folders()
    assert (folders.drafts, folders.sent) == ("Drafts", "Sent")
    assert main.known_folders == folders
    stage.box.append("INBOX", invitation(message_id="<inv-m@corp.example>"))
    info = await main.run(lambda s: s.select("INBOX", readonly=True))
    (uid,) = await main.run(lambda s: s.uids_above(0))
    headers = await main.fetch_headers("INBOX", info.uidvalidity, [uid])
    assert b"<inv-m@corp.example>" in headers[uid].header
    bodies = await main.fetch_bodies("INBOX", info.uidvalidity, [uid])
    assert b"first interview" in bodies[uid].raw
    with pytest.raises(MailboxError, match="UIDVALIDITY"):
        await main.fetch_headers("INBOX", info.uidvalidity + 1, [uid])
    await main.drop()
    assert main.known_folders is None
    assert await main.folders() == folders  # connected again on the next call


def test_reconnect_delay_is_long_after_a_refused_login() -> None:
    refused = MailboxAuthError("login refused")
    gone = MailboxConnectionError("connection reset")
    assert reconnect_delay(refused, 40, rng_value=1.0) == 1800.0
    assert reconnect_delay(gone, 40, rng_value=1.0) == 300.0
    assert 0.5 <= reconnect_delay(gone, 1, rng_value=0.0) <= 1.0
