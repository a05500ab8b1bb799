"""The per-message worker alone: the time budget, the reading note and poison records,
with a real state store (the worker touches no server). The budget's seconds are
arguments, so a slow message can be a sleep of a second instead of ten."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mailer.config import load_config
from mailer.core.message import read_headers
from mailer.core.state import State
from mailer.service.context import Context
from mailer.service.judging import message_key
from mailer.service.worker import READING_FILE, Budget, ReadingNote, record_failed
from tests.dovecot_server import DovecotUser
from tests.service_support import invitation, write_config

NOWHERE = DovecotUser("127.0.0.1", 1, 2, "alex", "not-used", None)


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[Context]:
    context = Context(load_config(write_config(tmp_path, NOWHERE)))
    context.open_store()  # as the service does at start: the state directory exists
    yield context
    context.close_store()


async def test_work_within_the_budget_runs_on_the_worker_thread(ctx: Context) -> None:
    budget = Budget(ctx)
    mail = read_headers(invitation())
    try:
        name = await budget.run(1, 7, mail, lambda: threading.current_thread().name)
    finally:
        budget.close()
    assert name == "judge"
    assert ctx.store.get(message_key(ctx.account, mail)) is None
    assert not (ctx.state_dir / READING_FILE).exists()


async def test_over_the_budget_a_message_is_failed_and_the_worker_replaced(
    ctx: Context,
) -> None:
    budget = Budget(ctx, budget=0.6, suspect_after=0.2)
    mail = read_headers(invitation(message_id="<slow@corp.example>"))
    note = ReadingNote(ctx.state_dir)
    seen_note = threading.Event()

    def slow() -> str:
        deadline = time.monotonic() + 1.5
        while time.monotonic() < deadline:
            if note.exists():
                seen_note.set()
            time.sleep(0.02)
        return "too late"

    try:
        assert await budget.run(1, 8, mail, slow) is None
        assert await budget.run(1, 9, mail, lambda: "next") == "next"  # a fresh worker
    finally:
        budget.close()
    assert seen_note.is_set()  # noted while slow, for a restart after a kill
    assert not note.exists()
    row = ctx.store.get(message_key(ctx.account, mail))
    assert row is not None
    assert row.state is State.FAILED
    assert "longer than the budget" in (row.reason or "")


async def test_a_stop_while_a_slow_message_is_read_records_it(ctx: Context) -> None:
    budget = Budget(ctx, budget=30.0, suspect_after=0.2)
    mail = read_headers(invitation(message_id="<stuck@corp.example>"))
    finished = threading.Event()

    def stuck() -> None:
        time.sleep(1.5)
        finished.set()

    asyncio.get_running_loop().call_later(0.5, ctx.stopping.set)  # SIGTERM, as the loop sees it
    try:
        assert await budget.run(1, 10, mail, stuck) is None
        assert not finished.is_set()  # the stop did not wait for the message
    finally:
        budget.close()
    row = ctx.store.get(message_key(ctx.account, mail))
    assert row is not None
    assert row.state is State.FAILED
    assert "stopped while reading" in (row.reason or "")


async def test_a_stop_before_a_message_is_slow_leaves_it_for_next_time(ctx: Context) -> None:
    budget = Budget(ctx, suspect_after=5.0)
    mail = read_headers(invitation())
    ctx.stopping.set()
    try:
        assert await budget.run(1, 11, mail, lambda: time.sleep(0.3)) is None
    finally:
        budget.close()
    assert ctx.store.get(message_key(ctx.account, mail)) is None


def test_the_reading_note_round_trip(tmp_path: Path) -> None:
    note = ReadingNote(tmp_path)
    assert note.read() is None
    since = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
    note.write(42, 7, since)
    assert note.read() == (42, 7, since.isoformat())
    assert (tmp_path / READING_FILE).stat().st_mode & 0o077 == 0
    note.forget()
    assert not note.exists()
    (tmp_path / READING_FILE).write_text("{not json")
    with pytest.raises(ValueError, match="Expecting"):
        note.read()


def test_a_poison_record_is_failed_with_its_reason_and_a_dry_run_writes_none(
    ctx: Context, tmp_path: Path
) -> None:
    mail = read_headers(invitation(message_id="<poison@corp.example>"))
    record_failed(ctx, 3, 12, mail, "a header over the cap")
    row = ctx.store.get(message_key(ctx.account, mail))
    assert row is not None
    assert (row.state, row.reason, row.uid) == (State.FAILED, "a header over the cap", 12)
    dry = Context(load_config(write_config(tmp_path / "dry", NOWHERE)), dry_run=True)
    try:
        record_failed(dry, 3, 12, mail, "a header over the cap")
        assert dry.store.get(message_key(dry.account, mail)) is None
    finally:
        dry.close_store()
