"""The inbox stage alone, against the private Dovecot: scan from the cursor, screen
headers, record poison, hand each judged candidate on. What becomes of a judgement
(drafting) is a seam: a recorder stands in for it."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from mailer.adapters.imap import Folders
from mailer.core.message import MAX_HEADER_FIELDS
from mailer.core.model import Category
from mailer.core.state import State
from mailer.service.inbox import Inbox
from mailer.service.judging import Judgement
from mailer.service.worker import Budget
from tests.service_support import invitation
from tests.stage_support import Stage

pytestmark = pytest.mark.dovecot

LIST_MAIL = (
    b"From: Letters <letters@tools.example>\r\nTo: alex@example.org\r\n"
    b"Subject: Interview with our maintainer\r\nMessage-ID: <l-1@tools.example>\r\n"
    b"List-Id: <tools.letters.example>\r\nList-Post: <mailto:letters@tools.example>\r\n"
    b"\r\nA conversation about the interview.\r\n"
)
HEADER_BOMB = (
    b"From: Rita <rita@corp.example>\r\nTo: alex@example.org\r\nSubject: Interview\r\n"
    b"Message-ID: <bomb@corp.example>\r\n"
    + b"X-Filler: x\r\n" * (MAX_HEADER_FIELDS + 10)
    + b"\r\nWe would like to invite you to an interview.\r\n"
)


class Recorder:
    def __init__(self) -> None:
        self.judged: list[tuple[Judgement, int]] = []

    async def __call__(
        self, judged: Judgement, folders: Folders, uidvalidity: int, uid: int
    ) -> None:
        self.judged.append((judged, uid))


def inbox_for(stage: Stage, recorder: Recorder) -> tuple[Inbox, Budget]:
    budget = Budget(stage.ctx)
    return Inbox(stage.ctx, stage.mailbox, budget, recorder), budget


async def test_a_scan_hands_on_candidates_drops_list_mail_and_records_poison(
    stages: Callable[..., Stage],
) -> None:
    stage = stages()
    stage.ctx.open_store()
    for raw in (invitation(message_id="<inv-i@corp.example>"), LIST_MAIL, HEADER_BOMB):
        stage.box.append("INBOX", raw)
    recorder = Recorder()
    inbox, budget = inbox_for(stage, recorder)
    folders = await stage.mailbox.folders()
    try:
        await inbox.scan(folders)
        [(judged, uid)] = recorder.judged
        assert uid == 1
        assert judged.verdict is not None
        assert judged.verdict.category is Category.INVITATION
        assert judged.draft is not None
        failed = stage.ctx.store.rows(State.FAILED)
        assert [row.uid for row in failed] == [3]
        assert "fields" in (failed[0].reason or "")
        info = await stage.mailbox.run(lambda s: s.select("INBOX", readonly=True))
        assert stage.ctx.store.get_cursor(stage.ctx.account, "INBOX", info.uidvalidity) == 3

        await inbox.scan(folders)  # nothing above the cursor: nothing read again
        assert len(recorder.judged) == 1
        stage.box.append("INBOX", invitation(n=2))
        await inbox.scan(folders)
        assert [uid for _, uid in recorder.judged] == [1, 4]
    finally:
        budget.close()


async def test_the_screen_fetches_bodies_only_for_candidates(stages: Callable[..., Stage]) -> None:
    stage = stages()
    for raw in (LIST_MAIL, invitation(), HEADER_BOMB):
        stage.box.append("INBOX", raw)
    inbox, budget = inbox_for(stage, Recorder())
    budget.close()
    info = await stage.mailbox.run(lambda s: s.select("INBOX", readonly=True))
    fetched = await inbox.screen(info.uidvalidity, [1, 2, 3])
    assert [f.uid for f in fetched] == [2, 3]
    candidate, bomb = fetched
    assert candidate.problem is None
    assert b"first interview" in candidate.raw  # the body, for the judge
    assert candidate.mail.headers_only  # its header view travels with it
    assert bomb.problem is not None
    assert b"We would like" not in bomb.raw  # never more than the header block


async def test_a_first_scan_of_an_empty_inbox_starts_from_here(
    stages: Callable[..., Stage],
) -> None:
    stage = stages()
    inbox, budget = inbox_for(stage, Recorder())
    budget.close()
    await inbox.scan(await stage.mailbox.folders())
    info = await stage.mailbox.run(lambda s: s.select("INBOX", readonly=True))
    assert stage.ctx.store.get_cursor(stage.ctx.account, "INBOX", info.uidvalidity) == 0


async def test_a_stop_leaves_the_cursor_where_it_was(stages: Callable[..., Stage]) -> None:
    stage = stages()
    stage.box.append("INBOX", invitation())
    recorder = Recorder()
    inbox, budget = inbox_for(stage, recorder)
    stage.ctx.stopping.set()
    try:
        await inbox.scan(await stage.mailbox.folders())
    finally:
        budget.close()
    assert recorder.judged == []
    info = await stage.mailbox.run(lambda s: s.select("INBOX", readonly=True))
    assert stage.ctx.store.get_cursor(stage.ctx.account, "INBOX", info.uidvalidity) is None
