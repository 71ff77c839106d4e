"""The supervisor waits 1, 2, 4 … seconds, at most 30, before starting a crashed process again,
and forgives a process that stayed up for a minute."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from infra.runtime.restart_policy import RestartPolicy

policy = RestartPolicy()


def test_the_delay_doubles_from_one_second_up_to_thirty() -> None:
    assert [policy.delay_s(crashes) for crashes in range(1, 9)] == [1, 2, 4, 8, 16, 30, 30, 30]


def test_a_process_that_keeps_crashing_for_days_waits_thirty_seconds() -> None:
    assert policy.delay_s(100_000) == 30


def test_a_crash_soon_after_a_start_is_one_more_in_a_row() -> None:
    assert policy.crashes_in_a_row(before=3, uptime_s=59.9) == 4


def test_a_process_that_stayed_up_a_minute_starts_over_at_one_second() -> None:
    crashes = policy.crashes_in_a_row(before=7, uptime_s=60)
    assert crashes == 1
    assert policy.delay_s(crashes) == 1


def test_the_first_crash_waits_one_second() -> None:
    assert policy.delay_s(policy.crashes_in_a_row(before=0, uptime_s=0)) == 1


@given(st.integers(min_value=1, max_value=10_000))
def test_the_delay_never_shrinks_nor_passes_the_cap(crashes: int) -> None:
    assert policy.delay_s(crashes) <= policy.delay_s(crashes + 1) <= policy.max_delay_s


@given(
    st.floats(min_value=0.01, max_value=10),
    st.floats(min_value=10, max_value=600),
    st.integers(min_value=1, max_value=200),
)
def test_any_policy_stays_between_its_first_delay_and_its_cap(
    first: float, cap: float, crashes: int
) -> None:
    custom = RestartPolicy(first_delay_s=first, max_delay_s=cap)
    assert first <= custom.delay_s(crashes) <= cap
