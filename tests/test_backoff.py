"""retry_delay: capped exponential backoff with equal jitter (pure)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mailer.core.backoff import retry_delay


def test_doubles_per_attempt_until_the_cap() -> None:
    ceilings = [retry_delay(n, base=30, cap=600, rng_value=1.0) for n in range(1, 9)]
    assert ceilings == [30, 60, 120, 240, 480, 600, 600, 600]


def test_jitter_spans_the_upper_half_of_the_ceiling() -> None:
    assert retry_delay(3, base=10, cap=1000, rng_value=0.0) == 20
    assert retry_delay(3, base=10, cap=1000, rng_value=0.5) == 30
    assert retry_delay(3, base=10, cap=1000, rng_value=1.0) == 40


def test_huge_attempt_numbers_do_not_overflow() -> None:
    assert retry_delay(10_000, base=1, cap=3600, rng_value=1.0) == 3600


@given(
    attempt=st.integers(min_value=1, max_value=5000),
    base=st.floats(min_value=0.001, max_value=1000),
    factor=st.floats(min_value=1, max_value=10_000),
    rng_value=st.floats(min_value=0, max_value=1),
)
def test_always_within_bounds(attempt: int, base: float, factor: float, rng_value: float) -> None:
    cap = base * factor
    delay = retry_delay(attempt, base=base, cap=cap, rng_value=rng_value)
    assert base / 2 <= delay <= cap * (1 + 1e-9)


@given(attempt=st.integers(min_value=1, max_value=60), rng_value=st.floats(0, 1))
def test_never_shrinks_as_attempts_grow(attempt: int, rng_value: float) -> None:
    now = retry_delay(attempt, base=2, cap=900, rng_value=rng_value)
    later = retry_delay(attempt + 1, base=2, cap=900, rng_value=rng_value)
    assert later >= now


@pytest.mark.parametrize(
    ("attempt", "base", "cap", "rng_value"),
    [(0, 1, 10, 0.5), (1, 0, 10, 0.5), (1, 5, 1, 0.5), (1, 1, 10, -0.1), (1, 1, 10, 1.5)],
)
def test_rejects_nonsense(attempt: int, base: float, cap: float, rng_value: float) -> None:
    with pytest.raises(ValueError):  # noqa: PT011
        retry_delay(attempt, base=base, cap=cap, rng_value=rng_value)
