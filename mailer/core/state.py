"""The life of one invitation, as one state machine with every transition in one table.

::

    seen ──skip──────────────────────────────▶ skipped          (guard said no, with rule)
     │ └─fail────────────────────────────────▶ failed           (poison message, APPEND refused)
     │ begin_draft
     ▼
    drafting ──draft_stored──▶ drafted ◀──draft_reappeared── draft_missing
       (an APPEND may be in    │   └──────draft_vanished──────────▶ │
        flight: look for the   │ sent_detected                      │ discard (no send in time)
        draft's Message-ID     ▼                                    ▼
        before appending)     sent ◀─────sent_detected──────── discarded (never drafted again)
                               │ schedule
                               ▼
                            scheduled ──claim──▶ sending ──send_ok──────▶ followed_up
                               ▲  │               │ ├──send_failed──────▶ failed
                               │  │ too_late      │ ├──send_uncertain───▶ uncertain ─confirmed─┐
                               │  └─────────────▶ failed                                       │
                               └─────retry────────┘ (4xx: due again later)       followed_up ◀─┘

    A reply to the invitation that is not the decline (``user_answered``) leads from
    any pre-send state to ``answered_by_user``; ``cancel`` (by the user, a recruiter's
    reply, a robot address, or a recent follow-up to the same person) leads from
    ``sent``, ``scheduled``, ``sending`` (before the SMTP transaction) and ``uncertain``
    to ``cancelled``.

The follow-up outbox (``scheduled -> sending -> followed_up | failed | uncertain |
cancelled``) lives in the same machine because an invitation has at most one
follow-up: the outbox row *is* the invitation row. ``sending`` is entered only by
the conditional claim in the store, so at most one process ever sends.

A crash while ``sending`` is recovered as ``send_uncertain``: APScheduler deletes a
one-off job before it runs, so the outbox, not the job store, says what may have
gone out, and an uncertain follow-up is never resent blindly (RFC 5321 gives no way
to ask a server whether it accepted a message after a dropped connection).
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Mapping
from types import MappingProxyType

from mailer.errors import InvalidTransitionError

__all__ = [
    "DRAFT_STATES",
    "FOLLOWUP_STATES",
    "TERMINAL_STATES",
    "TRANSITIONS",
    "Event",
    "State",
    "allowed_events",
    "invitation_key",
    "transition",
]


class State(enum.StrEnum):
    SEEN = "seen"
    SKIPPED = "skipped"
    DRAFTING = "drafting"
    DRAFTED = "drafted"
    DRAFT_MISSING = "draft_missing"
    SENT = "sent"
    ANSWERED_BY_USER = "answered_by_user"
    DISCARDED = "discarded"
    SCHEDULED = "scheduled"
    SENDING = "sending"
    FOLLOWED_UP = "followed_up"
    UNCERTAIN = "uncertain"
    FAILED = "failed"
    CANCELLED = "cancelled"


class Event(enum.StrEnum):
    SKIP = "skip"  # the guard refused the draft
    FAIL = "fail"  # the invitation cannot be drafted (poison message, APPEND refused)
    BEGIN_DRAFT = "begin_draft"  # about to APPEND the draft
    DRAFT_STORED = "draft_stored"  # APPEND succeeded, or the draft was found in Drafts
    DRAFT_VANISHED = "draft_vanished"  # the draft is no longer in Drafts
    DRAFT_REAPPEARED = "draft_reappeared"  # a draft with its Message-ID is back
    DISCARD = "discard"  # vanished and no sent decline within the limit
    SENT_DETECTED = "sent_detected"  # the decline is in Sent
    USER_ANSWERED = "user_answered"  # the user replied, but not with the decline
    SCHEDULE = "schedule"  # a follow-up is queued in the outbox
    CLAIM = "claim"  # one process takes the follow-up to send it
    SEND_OK = "send_ok"  # the SMTP server accepted the follow-up
    SEND_FAILED = "send_failed"  # 5xx, or the retries ran out
    SEND_UNCERTAIN = "send_uncertain"  # dropped after DATA, or a crash mid-send
    RETRY = "retry"  # 4xx or connection failure before DATA: due again later
    TOO_LATE = "too_late"  # the daemon was down past the late-send limit
    CONFIRMED_SENT = "confirmed_sent"  # the uncertain follow-up was found in Sent
    CANCEL = "cancel"  # the follow-up must not go out (reason recorded)


S = State
E = Event

# Every allowed transition; anything not listed raises InvalidTransitionError.
TRANSITIONS: Mapping[tuple[State, Event], State] = MappingProxyType(
    {
        (S.SEEN, E.SKIP): S.SKIPPED,
        (S.SEEN, E.FAIL): S.FAILED,
        (S.SEEN, E.BEGIN_DRAFT): S.DRAFTING,
        # The user may answer before we draft (e.g. while the daemon was down).
        (S.SEEN, E.USER_ANSWERED): S.ANSWERED_BY_USER,
        (S.DRAFTING, E.DRAFT_STORED): S.DRAFTED,
        (S.DRAFTING, E.FAIL): S.FAILED,
        # A crash between APPEND and the state write, and the user sent it meanwhile.
        (S.DRAFTING, E.SENT_DETECTED): S.SENT,
        (S.DRAFTING, E.USER_ANSWERED): S.ANSWERED_BY_USER,
        (S.DRAFTED, E.DRAFT_VANISHED): S.DRAFT_MISSING,
        (S.DRAFTED, E.SENT_DETECTED): S.SENT,
        (S.DRAFTED, E.USER_ANSWERED): S.ANSWERED_BY_USER,
        # Clients re-save drafts: a vanished draft is not a signal by itself.
        (S.DRAFT_MISSING, E.DRAFT_REAPPEARED): S.DRAFTED,
        (S.DRAFT_MISSING, E.SENT_DETECTED): S.SENT,
        (S.DRAFT_MISSING, E.USER_ANSWERED): S.ANSWERED_BY_USER,
        (S.DRAFT_MISSING, E.DISCARD): S.DISCARDED,
        (S.SENT, E.SCHEDULE): S.SCHEDULED,
        (S.SENT, E.CANCEL): S.CANCELLED,
        (S.SCHEDULED, E.CLAIM): S.SENDING,
        (S.SCHEDULED, E.TOO_LATE): S.FAILED,
        (S.SCHEDULED, E.CANCEL): S.CANCELLED,
        (S.SENDING, E.SEND_OK): S.FOLLOWED_UP,
        (S.SENDING, E.SEND_FAILED): S.FAILED,
        (S.SENDING, E.SEND_UNCERTAIN): S.UNCERTAIN,
        (S.SENDING, E.RETRY): S.SCHEDULED,
        # Checks made after the claim but before any SMTP command (recent follow-up
        # to the same person, recruiter replied) still stop it.
        (S.SENDING, E.CANCEL): S.CANCELLED,
        (S.UNCERTAIN, E.CONFIRMED_SENT): S.FOLLOWED_UP,
        # The user looked and decided; nothing is ever resent from here.
        (S.UNCERTAIN, E.CANCEL): S.CANCELLED,
    }
)

TERMINAL_STATES: frozenset[State] = frozenset(
    s for s in State if not any(src is s for src, _ in TRANSITIONS)
)
# States in which a draft exists or may exist in Drafts.
DRAFT_STATES: frozenset[State] = frozenset({S.DRAFTING, S.DRAFTED, S.DRAFT_MISSING})
# States that belong to the follow-up outbox.
FOLLOWUP_STATES: frozenset[State] = frozenset(
    {S.SCHEDULED, S.SENDING, S.FOLLOWED_UP, S.UNCERTAIN, S.CANCELLED}
)


def transition(current: State | str, event: Event | str, /) -> State:
    """Return the state that ``event`` leads to from ``current``.

    Raises :class:`InvalidTransitionError` for an unknown state or event, or a
    change the machine does not allow.
    """
    try:
        state = State(current)
        ev = Event(event)
    except ValueError as exc:
        raise InvalidTransitionError(f"unknown state or event: {exc}") from None
    try:
        return TRANSITIONS[(state, ev)]
    except KeyError:
        allowed = ", ".join(sorted(allowed_events(state))) or "none (final state)"
        raise InvalidTransitionError(
            f"{ev.value!r} is not allowed in state {state.value!r} (allowed: {allowed})"
        ) from None


def allowed_events(state: State | str, /) -> frozenset[Event]:
    """The events that ``state`` accepts."""
    s = State(state)
    return frozenset(ev for src, ev in TRANSITIONS if src is s)


def invitation_key(
    account: str,
    message_id: str | None,
    /,
    *,
    from_addr: str = "",
    date: str = "",
    subject: str = "",
    body_prefix: str = "",
) -> str:
    """The stable key of an invitation: short enough to type in ``cancel KEY``.

    Keyed by account and Message-ID (``m-`` prefix). A message without one (RFC 5322
    3.6.4 only says SHOULD) is keyed by a hash of From, Date, Subject and the start of
    its body (``h-`` prefix), which stay the same each time the message is fetched.
    64 bits of SHA-256 make an accidental collision in one mailbox negligible.
    """
    if message_id:
        material = "\x00".join(("m", account.lower(), message_id.strip()))
        prefix = "m-"
    else:
        material = "\x00".join(
            ("h", account.lower(), from_addr.lower(), date, subject, body_prefix[:512])
        )
        prefix = "h-"
    return prefix + hashlib.sha256(material.encode("utf-8", "surrogateescape")).hexdigest()[:16]
