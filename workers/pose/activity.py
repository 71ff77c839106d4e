"""Which movements are the exercise: thresholds fitted to the clip's own range, and reps that
happen in a pose the exercise cannot be done in (a push-up while standing up to talk, a squat
that is really a bend to pick up a bar) or apart from the set (the bounce before the rope
starts) left out."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from workers.pose.counter import Movement, RepRule
from workers.pose.exercises import Exercise
from workers.pose.signals import Array

REST_SHARE, DEPTH_SHARE = 0.25, 0.55
"""Adapted thresholds, as shares of the clip's range measured from the resting end."""
PUSH_UP_TILT = 35.0
"""A push-up is done with the trunk at least this far from upright (degrees)."""
SQUAT_TILT = 60.0
"""Beyond this trunk lean the knees bend for a hinge (picking something up), not a squat."""
RUN_GAP, SMALL_HOP, RUN_LENGTH = 2.2, 0.6, 6


def fitted_rule(chosen: Exercise, signal: Array, foreshortened: bool) -> RepRule:
    """The exercise's rule, or, when the clip never reaches its depth but still moves through
    `adapt_range` or more, thresholds at fixed shares of the clip's own range. Joint angles
    (elbows, knees) adapt only in views that foreshorten them (front and oblique: both sides
    seen); a side view shows their true angle, so a shallow movement there is a partial."""
    rule = chosen.rule
    seen = signal[~np.isnan(signal)]
    if chosen.adapt_range is None or seen.size < 5:
        return rule
    if chosen.signal in ("elbow", "knee") and not foreshortened:
        return rule
    sign = 1.0 if rule.valley else -1.0
    values = sign * seen
    top, bottom = float(np.percentile(values, 95)), float(np.percentile(values, 3))
    reach = top - bottom
    if reach < chosen.adapt_range:
        return rule
    rest, depth = top - REST_SHARE * reach, top - DEPTH_SHARE * reach
    if bottom <= sign * rule.depth:
        if chosen.signal not in ("elbow", "knee"):
            return rule
        # The clip reaches the depth, but a turned camera foreshortens each rep by a different
        # amount: a rep that stops a little short of the depth is measured, not done, short.
        return replace(rule, depth=sign * max(sign * rule.depth, min(depth, sign * rule.rest)))
    return replace(rule, rest=sign * rest, depth=sign * depth, partial_margin=0.0)


def in_pose(chosen: Exercise, rep: Movement, tilt: Array) -> bool:
    """Whether the trunk's lean during the rep fits the exercise."""
    lean = tilt[rep.start_index : rep.end_index + 1]
    if np.mean(np.isnan(lean)) > 0.5:
        # The trunk unseen: no push-up (it is the lying trunk that shows one); squats are
        # often filmed with the shoulders or hips at the edge of the picture.
        return chosen.name != "push_up"
    median = float(np.nanmedian(lean))
    if chosen.name == "push_up":
        return median >= PUSH_UP_TILT
    if chosen.name == "squat":
        return float(np.nanmax(lean)) <= SQUAT_TILT
    return True


def in_rhythm(reps: list[Movement]) -> list[Movement]:
    """For jump rope: drop a first or last hop that is both apart from the others and lower
    than them (a bounce before the rope starts, a hop after it stops)."""
    if len(reps) < RUN_LENGTH:  # too few to know the rhythm
        return reps
    interval = float(np.median(np.diff([r.turn_s for r in reps])))
    height = float(np.median([r.extreme for r in reps]))

    def stray(rep: Movement, neighbour: Movement) -> bool:
        apart = abs(rep.turn_s - neighbour.turn_s) > RUN_GAP * interval
        return apart and rep.extreme < SMALL_HOP * height

    kept = reps[1:] if stray(reps[0], reps[1]) else list(reps)
    return kept[:-1] if stray(kept[-1], kept[-2]) else kept
