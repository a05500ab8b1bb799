"""Fault injection for the reliability tests: the process kills itself at a named step.

Only tests set ``POLITE_DECLINE_FAULT``; without it every call is a no-op. The value
is ``STEP`` or ``STEP:N``: die the N-th time the step is reached (the random stream
test draws STEP and N from a seeded generator, so a run is reproducible).

Steps: ``after_recognise``, ``after_append`` (before the state write),
``after_send_detected`` (before scheduling), ``smtp_data`` (while the DATA content is
being transmitted), ``after_smtp_250`` (before the state write).

``POLITE_DECLINE_STALL=TEXT`` stands in for a parser that never finishes: reading a
message that contains TEXT spins the CPU (for up to :data:`STALL_SECONDS`), so the
tests can hold the service in the middle of a message and see the time budget and
SIGTERM at work.
"""

from __future__ import annotations

import os
import signal
import time
from collections import Counter

__all__ = ["STALL_SECONDS", "STEPS", "fault_point", "stall_point"]

STALL_SECONDS = 120.0

STEPS = (
    "after_recognise",
    "after_append",
    "after_send_detected",
    "smtp_data",
    "after_smtp_250",
)

_hits: Counter[str] = Counter()


def fault_point(step: str, /) -> None:
    spec = os.environ.get("POLITE_DECLINE_FAULT")
    if not spec:
        return
    name, _, count = spec.partition(":")
    if name != step:
        return
    _hits[step] += 1
    if _hits[step] >= int(count or 1):
        # SIGKILL, like `kill -9`: no cleanup, no flush, no atexit: the worst case.
        os.kill(os.getpid(), signal.SIGKILL)


def stall_point(data: bytes, /) -> None:
    spec = os.environ.get("POLITE_DECLINE_STALL")
    if not spec or spec.encode() not in data:
        return
    deadline = time.monotonic() + STALL_SECONDS
    while time.monotonic() < deadline:  # busy, like pure-Python parsing
        pass
