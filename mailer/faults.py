"""Fault injection for the reliability tests: the process kills itself at a named step.

Only tests set ``POLITE_DECLINE_FAULT``; without it every call is a no-op. The value
is ``STEP`` or ``STEP:N``: die the N-th time the step is reached (the random stream
test draws STEP and N from a seeded generator, so a run is reproducible).

Steps: ``after_recognise``, ``after_append`` (before the state write),
``after_send_detected`` (before scheduling), ``smtp_data`` (while the DATA content is
being transmitted), ``after_smtp_250`` (before the state write).
"""

from __future__ import annotations

import os
import signal
from collections import Counter

__all__ = ["STEPS", "fault_point"]

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
