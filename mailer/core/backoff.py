"""Capped exponential backoff with jitter, as a pure function.

The caller supplies the random number, so the delay is reproducible in tests and
the function needs no random source of its own.
"""

from __future__ import annotations

import math

__all__ = ["retry_delay"]


def retry_delay(attempt: int, /, *, base: float, cap: float, rng_value: float) -> float:
    """Seconds to wait before retry number ``attempt`` (1 = the first retry).

    The ceiling doubles with each attempt, starting at ``base`` and never above
    ``cap``. The delay lies in ``[ceiling / 2, ceiling]`` ("equal jitter"):
    jitter spreads the retries of many clients after a shared outage, and the
    lower half-bound keeps a retry from hitting a server that just said 421
    again at once (RFC 5321 4.2.1: 4xx means "try again later").
    """
    if attempt < 1:
        raise ValueError(f"attempt must be >= 1, not {attempt}")
    if not base > 0:
        raise ValueError(f"base must be > 0, not {base}")
    if not cap >= base:
        raise ValueError(f"cap ({cap}) must be >= base ({base})")
    if not 0.0 <= rng_value <= 1.0:
        raise ValueError(f"rng_value must be in [0, 1], not {rng_value}")
    # Compare exponents instead of computing base * 2**(attempt - 1), which
    # overflows a float for large attempt numbers.
    ceiling = cap if attempt - 1 >= math.log2(cap / base) else base * 2.0 ** (attempt - 1)
    half = ceiling / 2.0
    return half + half * rng_value
