"""The invitation state machine: every transition in one table, nothing else allowed."""

from __future__ import annotations

import importlib
import itertools

import pytest

from mailer.core.state import (
    DRAFT_STATES,
    TERMINAL_STATES,
    TRANSITIONS,
    Event,
    State,
    allowed_events,
    invitation_key,
    transition,
)
from mailer.errors import InvalidTransitionError, StateError


def run(*events: Event, start: State = State.SEEN) -> State:
    state = start
    for event in events:
        state = transition(state, event)
    return state


def test_happy_path_to_followed_up() -> None:
    assert (
        run(
            Event.BEGIN_DRAFT,
            Event.DRAFT_STORED,
            Event.SENT_DETECTED,
            Event.SCHEDULE,
            Event.CLAIM,
            Event.SEND_OK,
        )
        is State.FOLLOWED_UP
    )


@pytest.mark.parametrize(
    ("events", "end"),
    [
        ((Event.SKIP,), State.SKIPPED),
        ((Event.FAIL,), State.FAILED),
        ((Event.BEGIN_DRAFT, Event.FAIL), State.FAILED),
        ((Event.BEGIN_DRAFT, Event.DRAFT_STORED, Event.USER_ANSWERED), State.ANSWERED_BY_USER),
        # Clients re-save drafts: vanish, come back, then get sent.
        (
            (
                Event.BEGIN_DRAFT,
                Event.DRAFT_STORED,
                Event.DRAFT_VANISHED,
                Event.DRAFT_REAPPEARED,
                Event.SENT_DETECTED,
            ),
            State.SENT,
        ),
        # Sent from a client that removed the draft first.
        (
            (Event.BEGIN_DRAFT, Event.DRAFT_STORED, Event.DRAFT_VANISHED, Event.SENT_DETECTED),
            State.SENT,
        ),
        (
            (Event.BEGIN_DRAFT, Event.DRAFT_STORED, Event.DRAFT_VANISHED, Event.DISCARD),
            State.DISCARDED,
        ),
        # Crash between APPEND and the state write; the user sent it meanwhile.
        ((Event.BEGIN_DRAFT, Event.SENT_DETECTED), State.SENT),
    ],
)
def test_watcher_paths(events: tuple[Event, ...], end: State) -> None:
    assert run(*events) is end


@pytest.mark.parametrize(
    ("events", "end"),
    [
        ((Event.CLAIM, Event.SEND_FAILED), State.FAILED),
        ((Event.CLAIM, Event.SEND_UNCERTAIN), State.UNCERTAIN),
        ((Event.CLAIM, Event.SEND_UNCERTAIN, Event.CONFIRMED_SENT), State.FOLLOWED_UP),
        ((Event.CLAIM, Event.SEND_UNCERTAIN, Event.CANCEL), State.CANCELLED),
        ((Event.CLAIM, Event.RETRY, Event.CLAIM, Event.SEND_OK), State.FOLLOWED_UP),
        ((Event.CLAIM, Event.CANCEL), State.CANCELLED),
        ((Event.TOO_LATE,), State.FAILED),
        ((Event.CANCEL,), State.CANCELLED),
    ],
)
def test_outbox_paths(events: tuple[Event, ...], end: State) -> None:
    assert run(*events, start=State.SCHEDULED) is end


def test_not_allowed_raises_with_the_allowed_events() -> None:
    with pytest.raises(InvalidTransitionError, match="'claim' is not allowed in state 'drafted'"):
        transition(State.DRAFTED, Event.CLAIM)
    with pytest.raises(InvalidTransitionError, match=r"final state"):
        transition(State.FOLLOWED_UP, Event.CANCEL)
    # The error belongs to the package's tree.
    with pytest.raises(StateError):
        transition(State.DISCARDED, Event.BEGIN_DRAFT)


def test_unknown_names_raise() -> None:
    with pytest.raises(InvalidTransitionError, match="unknown"):
        transition("nonsense", Event.SKIP)
    with pytest.raises(InvalidTransitionError, match="unknown"):
        transition(State.SEEN, "explode")


def test_strings_are_accepted() -> None:
    assert transition("scheduled", "claim") is State.SENDING


def test_table_is_the_whole_truth() -> None:
    for state, event in itertools.product(State, Event):
        if (state, event) in TRANSITIONS:
            assert transition(state, event) is TRANSITIONS[(state, event)]
            assert event in allowed_events(state)
        else:
            with pytest.raises(InvalidTransitionError):
                transition(state, event)


def test_never_drafted_twice_and_no_send_after_the_end() -> None:
    # Nothing leads back to drafting once a draft was begun: at most one draft, ever.
    assert [src for (src, ev) in TRANSITIONS if ev is Event.BEGIN_DRAFT] == [State.SEEN]
    # Only a claimed row can be sent.
    assert {src for (src, ev) in TRANSITIONS if ev is Event.SEND_OK} == {State.SENDING}
    assert {
        State.SKIPPED,
        State.ANSWERED_BY_USER,
        State.DISCARDED,
        State.FOLLOWED_UP,
        State.FAILED,
        State.CANCELLED,
    } == TERMINAL_STATES
    assert State.DRAFTING in DRAFT_STATES
    # Every state is reachable from "seen".
    reached = {State.SEEN}
    frontier = [State.SEEN]
    while frontier:
        s = frontier.pop()
        for ev in allowed_events(s):
            t = transition(s, ev)
            if t not in reached:
                reached.add(t)
                frontier.append(t)
    assert reached == set(State)


def test_invitation_key_is_stable_and_short() -> None:
    a = invitation_key("me@example.org", "<abc@hr.example>")
    assert a == invitation_key("ME@example.org", " <abc@hr.example> ")
    assert a.startswith("m-")
    assert len(a) == 18
    assert a != invitation_key("other@example.org", "<abc@hr.example>")
    h = invitation_key(
        "me@example.org",
        None,
        from_addr="hr@acme.example",
        date="Tue, 3 Nov 2026 10:00:00 +0100",
        subject="Interview",
        body_prefix="Dear Sam",
    )
    assert h.startswith("h-")
    assert h == invitation_key(
        "me@example.org",
        None,
        from_addr="HR@acme.example",
        date="Tue, 3 Nov 2026 10:00:00 +0100",
        subject="Interview",
        body_prefix="Dear Sam",
    )
    assert h != invitation_key("me@example.org", None, from_addr="hr@acme.example")


@pytest.mark.parametrize(
    "module",
    [
        "mailer.core.state",
        "mailer.core.match",
        "mailer.core.schedule",
        "mailer.adapters.store",
        "mailer.adapters.lock",
    ],
)
def test_exports(module: str) -> None:
    mod = importlib.import_module(module)
    for name in mod.__all__:
        assert hasattr(mod, name), f"{module}.{name}"
