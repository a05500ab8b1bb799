"""The long-running service: inbox to Drafts, Sent to follow-up, one stage a module.

The pure core decides (recognise, extract, guard, compose, match, schedule, state
machine); the service only moves values between the core and the adapters (IMAP,
SMTP, the state store, APScheduler) and keeps the order of writes that makes a crash
at any point safe. The pipeline, stage by stage:

=====================  ======================================================
``daemon``             :class:`Service`: composes the stages; lock, cycle, stop,
                       signals, health (the current problem, for ``status``)
``watching``           IDLE on INBOX and Sent, polling, reconnects with backoff
``mailbox``            the one IMAP connection that reads and writes, on its thread
``inbox``              scan INBOX from the cursor, screen headers, fetch candidates
``worker``             the per-message worker: time budget, reading note, poison
``judging``            one message to a judgement: recognise, extract, guard, compose
``drafting``           record; the thread checked against Sent; the draft appended
``sent``               Sent read for sent declines and answers; Drafts presence
``replies``            a recruiter's reply cancels the thank-you
``followup``           schedule, send once, retry, file in Sent, uncertain sends
``timer``              APScheduler's in-memory job store, filled from the outbox
``recovery``           what a crash left half done: reading, sending, drafting
``context``            what the stages share: config, clock, store, stop flag
=====================  ======================================================

One cycle runs: recovery of a message being read when killed, the inbox, Sent,
drafts left in ``drafting``, Drafts, replies (and, with ``--once``, the due
follow-ups). The order is part of the safety: see :meth:`Service.cycle`.
"""

from __future__ import annotations

from mailer.service.context import utc_now
from mailer.service.daemon import Service
from mailer.service.mailbox import BATCH, MAX_BODY_BYTES
from mailer.service.timer import run_followup_job
from mailer.service.worker import MESSAGE_BUDGET, MESSAGE_SUSPECT_AFTER, READING_FILE

# ``run_followup_job`` must stay importable as ``mailer.service:run_followup_job``:
# APScheduler resolves its jobs by that path (mailer.service.timer.JOB).
__all__ = [
    "BATCH",
    "MAX_BODY_BYTES",
    "MESSAGE_BUDGET",
    "MESSAGE_SUSPECT_AFTER",
    "READING_FILE",
    "Service",
    "run_followup_job",
    "utc_now",
]
