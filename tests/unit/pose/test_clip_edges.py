"""Where a clip begins and ends: a rep cut off as the athlete stands up still counts, one cut off
at the bottom does not; a rep filmed across a camera cut counts once; a quick rep is a rep; a
hop or two in a clip nobody named is no set."""

from __future__ import annotations

import itertools

import numpy as np
from numpy.typing import NDArray

from workers.pose.counter import RepRule, count, left_moving
from workers.pose.engine import analyze_landmarks
from workers.pose.testing import Script, generate

RULE = RepRule(rest=150, depth=120, min_rep_s=0.35)


def knee(*angles: float, fps: float = 30.0) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """A knee angle going through `angles`, linearly, 6 frames from one to the next."""
    steps = [np.linspace(a, b, 6, endpoint=False) for a, b in itertools.pairwise(angles)]
    values = np.concatenate(steps)
    values = np.append(values, angles[-1])
    return np.arange(values.size) / fps, values


def test_a_rep_cut_off_on_the_way_up_counts_once_it_is_half_way_back() -> None:
    for ending, expected in ((110.0, 1), (70.0, 0), (45.0, 0)):
        times, values = knee(175, 175, 120, 40, ending)
        reps, _ = count(times, values, RULE)
        assert len(reps) == expected, ending


def test_a_rep_filmed_across_a_camera_cut_counts_once_wherever_the_cut_falls() -> None:
    # Down in the first shot, up in the second, the cut before or after the bottom.
    for before, after in (((175, 175, 130), (125, 60, 170, 176)), ((175, 175, 60, 80), (90, 176))):
        first_times, first = knee(*before)
        reps, _ = count(first_times, first, RULE)
        carried = left_moving(first, RULE, reps)
        assert reps == []
        assert carried is not None
        second_times, second = knee(*after)
        assert len(count(second_times, second, RULE, carried)[0]) == 1
        assert count(second_times, second, RULE)[0] == []  # not carried: half a rep is none


def test_nothing_is_carried_from_a_shot_that_ends_at_rest_or_on_a_counted_rep() -> None:
    for angles in ((175, 100, 60, 120, 176), (175, 100, 60, 130)):  # at rest; half-way back up
        times, values = knee(*angles)
        reps, _ = count(times, values, RULE)
        assert len(reps) == 1
        assert left_moving(values, RULE, reps) is None


def test_a_quick_deep_squat_is_a_rep_and_a_glitch_is_not() -> None:
    quick_times, quick = knee(177, 150, 30, 150, 177)  # 0.4 s below rest
    glitch_times = np.arange(12) / 30.0
    glitch = np.array([177, 177, 177, 177, 110, 177, 177, 177, 177, 177, 177, 177], float)
    assert len(count(quick_times, quick, RULE)[0]) == 1
    assert count(glitch_times, glitch, RULE)[0] == []


def test_two_hops_in_an_unnamed_clip_are_not_a_jump_rope_set() -> None:
    two = generate(Script("jump_rope", reps=2, seed=4))
    many = generate(Script("jump_rope", reps=12, seed=4))

    detected_two = analyze_landmarks(two)
    named_two = analyze_landmarks(two, "jump_rope")

    assert (detected_two.reps, named_two.reps) == (0, 2)
    assert analyze_landmarks(many).reps == 12
