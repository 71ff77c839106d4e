"""Rep counting on synthetic athletes with known counts, over many random sets (hypothesis; slow,
as the profile's number of sets decides their time)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workers.pose.engine import analyze_landmarks
from workers.pose.exercises import EXERCISES
from workers.pose.testing import Script, generate

NAMES = sorted(EXERCISES)
# How many examples: the hypothesis profile decides (tests/conftest.py; HYPOTHESIS_PROFILE).
SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


def scripts(noise: float, dropped: float, occluded: float) -> st.SearchStrategy[Script]:
    return st.builds(
        Script,
        exercise=st.sampled_from(NAMES),
        reps=st.integers(min_value=0, max_value=12),
        seed=st.integers(min_value=0, max_value=2**32 - 1),
        fps=st.sampled_from([15.0, 24.0, 30.0, 60.0]),
        partials=st.integers(min_value=0, max_value=3),
        noise=st.just(noise),
        dropped=st.just(dropped),
        occluded=st.just(occluded),
    )


@pytest.mark.slow
@SETTINGS
@given(scripts(noise=0.0, dropped=0.0, occluded=0.0))
def test_clean_sets_are_counted_exactly(script: Script) -> None:
    analysis = analyze_landmarks(generate(script), script.exercise)
    assert analysis.reps == script.reps


@pytest.mark.slow
@SETTINGS
@given(scripts(noise=0.002, dropped=0.05, occluded=0.05))
def test_moderately_noisy_sets_with_dropped_frames_are_counted_exactly(script: Script) -> None:
    analysis = analyze_landmarks(generate(script), script.exercise)
    assert analysis.reps == script.reps


@pytest.mark.slow
@SETTINGS
@given(
    exercise=st.sampled_from([n for n in NAMES if n != "jump_rope"]),
    partials=st.integers(min_value=1, max_value=6),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
)
def test_partial_reps_never_count(exercise: str, partials: int, seed: int) -> None:
    script = Script(exercise, reps=0, partials=partials, seed=seed, noise=0.001)
    analysis = analyze_landmarks(generate(script), exercise)
    assert analysis.reps == 0
    assert analysis.partial_attempts == partials


@pytest.mark.slow
@SETTINGS
@given(scripts(noise=0.001, dropped=0.0, occluded=0.0).filter(lambda s: s.reps >= 3))
def test_the_exercise_is_recognised_when_not_given(script: Script) -> None:
    analysis = analyze_landmarks(generate(script))
    assert analysis.detected
    assert analysis.exercise == script.exercise
    assert analysis.reps == script.reps


@pytest.mark.parametrize("exercise", NAMES)
def test_each_rep_has_ordered_times_and_tempo(exercise: str) -> None:
    analysis = analyze_landmarks(generate(Script(exercise, reps=5, seed=3)), exercise)
    assert len(analysis.rep_details) == 5
    for rep in analysis.rep_details:
        assert rep.start_s < rep.turn_s < rep.end_s
        assert rep.down_s == pytest.approx(rep.turn_s - rep.start_s, abs=2e-3)
        assert rep.up_s == pytest.approx(rep.end_s - rep.turn_s, abs=2e-3)
    ends = [rep.end_s for rep in analysis.rep_details]
    starts = [rep.start_s for rep in analysis.rep_details]
    assert all(end <= start for end, start in zip(ends, starts[1:], strict=False))
