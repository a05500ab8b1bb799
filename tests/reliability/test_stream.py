"""A seeded stream of 1,000 messages while the daemon is killed again and again.

200 invitations and 800 other messages (list mail, notifications, personal mail,
auto-replies) arrive in rounds; in each round the daemon runs with a fault drawn
from ``random.Random(seed)`` (a step and a count: it SIGKILLs itself there) and, if
it survives, is killed from outside after a drawn delay. Between rounds the user
sends some of the drafts. Then one clean pass. The invariants are checked on what
the servers hold (Drafts, Sent, aiosmtpd), not on what the daemon believes.

Set ``RELIABILITY_SEED`` to replay another stream.
"""

from __future__ import annotations

import email
import email.policy
import os
import random
import time
from collections import Counter
from pathlib import Path

import pytest

from mailer.faults import STEPS
from tests.dovecot_server import DovecotUser
from tests.reliability.support import (
    bulk_append,
    db_rows,
    generate_stream,
    in_reply_to_counts,
    integrity,
    invitation_text,
    other_message,
    send_drafts,
    set_option,
)
from tests.service_support import Daemon, Mailbox, write_config
from tests.smtpd_server import SmtpServer

pytestmark = pytest.mark.dovecot

SEED = int(os.environ.get("RELIABILITY_SEED", "20261126"))
ROUNDS = 10


def test_seeded_stream_with_random_kills(
    tmp_path: Path,
    mailbox: DovecotUser,
    box: Mailbox,
    smtpd: SmtpServer,
    capsys: pytest.CaptureFixture[str],
) -> None:
    rng = random.Random(SEED)
    stream = generate_stream(SEED)
    invitations = set(stream.invitation_ids)
    config = write_config(tmp_path, mailbox, smtp_port=smtpd.port)
    daemon = Daemon(set_option(config, 'delay = "2s"', 'delay = "0s"'))
    size = -(-len(stream.messages) // ROUNDS)
    kills = Counter[str]()
    started = time.monotonic()
    for r in range(ROUNDS):
        chunk = [raw for _, raw in stream.messages[r * size : (r + 1) * size]]
        fault = f"{rng.choice(STEPS)}:{rng.randint(1, 6)}"
        deadline = rng.uniform(0.5, 4.0)
        daemon.start(env={"POLITE_DECLINE_FAULT": fault})
        bulk_append(mailbox, "INBOX", chunk)
        end = time.monotonic() + deadline
        while daemon.alive and time.monotonic() < end:
            time.sleep(0.05)
        if daemon.alive:
            daemon.kill()
            kills["outside"] += 1
        else:
            assert daemon.wait() == -9, daemon.logs()[-2000:]
            kills[fault.partition(":")[0]] += 1
        # The user answers a few of the drafts between crashes.
        send_drafts(box, limit=rng.randint(0, 12))

    # The clean pass (twice: the second must change nothing).
    for _ in range(2):
        assert daemon.start("--once").wait(120) == 0, daemon.logs()[-3000:]
    elapsed = time.monotonic() - started

    drafts = [m for _, m, _ in box.messages("Drafts")]
    sent = [m for _, m, _ in box.messages("Sent")]
    in_drafts = in_reply_to_counts(drafts)
    declines = [m for m in sent if str(m["In-Reply-To"]) in invitations]
    in_sent = in_reply_to_counts(declines)
    per_invitation = in_drafts + in_sent
    wrongly_drafted = set(per_invitation) - invitations
    duplicates = sum(c - 1 for c in per_invitation.values() if c > 1)
    lost_drafts = invitations - set(per_invitation)

    decline_ids = {str(m["Message-ID"]) for m in declines}
    followups = Counter(
        str(email.message_from_bytes(m.raw, policy=email.policy.default)["In-Reply-To"])
        for m in smtpd.received
    )
    duplicates += sum(c - 1 for c in followups.values() if c > 1)
    rows = db_rows(daemon.config, "SELECT message_id, state, sent_message_id FROM invitations")
    by_state = Counter(str(state) for _, state, _ in rows)
    lost_followups = set()
    for mid, state, sent_mid in rows:
        if mid not in invitations or str(mid) not in in_sent:
            continue
        got = followups.get(str(sent_mid), 0)
        # followed_up: exactly one arrived; uncertain: at most one (never resent);
        # any other state for a sent decline is a lost follow-up.
        expected = {"followed_up": (1,), "uncertain": (0, 1)}.get(str(state), ())
        if got not in expected:
            lost_followups.add(mid)
    summary = (
        f"reliability stream seed={SEED}: invitations={len(invitations)} "
        f"others={len(stream.messages) - len(invitations)} drafts={sum(per_invitation.values())} "
        f"sent_declines={len(decline_ids)} followups={len(smtpd.messages)} "
        f"followed_up={by_state['followed_up']} uncertain={by_state['uncertain']} "
        f"duplicates={duplicates} "
        f"losses={len(lost_drafts) + len(lost_followups)} "
        f"kills={sum(kills.values())} ({', '.join(f'{k}={v}' for k, v in sorted(kills.items()))}) "
        f"in {elapsed:.0f} s"
    )
    with capsys.disabled():
        print("\n" + summary)
    assert not wrongly_drafted, sorted(wrongly_drafted)[:5]
    assert duplicates == 0, summary
    assert not lost_drafts, sorted(lost_drafts)[:5]
    assert not lost_followups, sorted(lost_followups)[:5]
    assert len(smtpd.messages) + by_state["uncertain"] >= len(decline_ids) - len(lost_followups)
    # Nothing but invitations ever got a row past "seen" (the guard and recogniser).
    assert by_state["drafted"] + by_state["followed_up"] + by_state["uncertain"] == len(
        invitations
    ), by_state
    assert integrity(daemon.config) == "ok"


def test_inbox_beyond_the_first_batch(
    tmp_path: Path, mailbox: DovecotUser, box: Mailbox, smtpd: SmtpServer
) -> None:
    """Regression: drafting selected Drafts, and the next batch of INBOX UIDs was then
    fetched from Drafts; everything after the first 200 messages was silently lost."""
    raws = [other_message(i, "personal") for i in range(450)]
    for at in (0, 250, 449):
        raws[at] = invitation_text(at)
    bulk_append(mailbox, "INBOX", raws)
    daemon = Daemon(write_config(tmp_path, mailbox, smtp_port=smtpd.port))
    assert daemon.start("--once").wait(60) == 0
    drafted = in_reply_to_counts(m for _, m, _ in box.messages("Drafts"))
    assert sorted(drafted) == sorted(
        f"<inv-{at}@{d}>" for at, d in ((0, _domain(0)), (250, _domain(250)), (449, _domain(449)))
    )
    assert set(drafted.values()) == {1}


def _domain(n: int) -> str:
    msg = email.message_from_bytes(invitation_text(n), policy=email.policy.default)
    return str(msg["Message-ID"]).split("@")[1].rstrip(">")
