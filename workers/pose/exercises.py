"""The supported exercises, each a small declarative definition: which signal to follow, the
thresholds of a rep, how deep a good rep goes, the form checks and the MET value.

MET values: 2011 Compendium of Physical Activities (Ainsworth et al.), codes 02020 (calisthenics,
vigorous: push-ups, jumping jacks), 02022 (calisthenics, moderate: squats) and 15551 (rope
jumping, moderate pace)."""

from __future__ import annotations

from dataclasses import dataclass

from workers.pose.counter import RepRule
from workers.pose.errors import PoseInputError


@dataclass(frozen=True)
class Exercise:
    name: str
    title: str
    signal: str
    """Name of the signal in `workers.pose.signals` the reps are counted on."""
    rule: RepRule
    good_depth: float
    """A counted rep that does not reach this value gets a partial-range cue."""
    range_label: str
    met: float
    checks: tuple[str, ...] = ()
    adapt_range: float | None = None
    """A clip that never reaches `rule.depth` but moves this much is counted on thresholds
    fitted to its own range (`activity.fitted_rule`); None: never."""


PUSH_UP = Exercise(
    name="push_up",
    title="Push-up",
    signal="elbow",
    rule=RepRule(rest=145, depth=110, valley=True, min_rep_s=0.4),
    good_depth=95,
    range_label="lowest elbow angle (°)",
    met=8.0,
    checks=("hips", "arms_even"),
    adapt_range=35.0,
)
SQUAT = Exercise(
    name="squat",
    title="Squat",
    signal="knee",
    rule=RepRule(rest=150, depth=120, valley=True, min_rep_s=0.35),
    good_depth=100,
    range_label="lowest knee angle (°)",
    met=3.8,
    adapt_range=30.0,
)
JUMPING_JACK = Exercise(
    name="jumping_jack",
    title="Jumping jack",
    signal="arms",
    rule=RepRule(rest=55, depth=120, valley=False, min_rep_s=0.3, partial_margin=15),
    good_depth=145,
    range_label="highest arm raise (°)",
    met=8.0,
    checks=("arms_even",),
    adapt_range=66.0,
)
JUMP_ROPE = Exercise(
    name="jump_rope",
    title="Jump rope",
    signal="hop",
    rule=RepRule(rest=0.08, depth=0.15, valley=False, min_rep_s=0.15, partial_margin=0.03),
    good_depth=0.15,
    range_label="highest hop (shoulder widths)",
    met=11.8,
)

EXERCISES: dict[str, Exercise] = {e.name: e for e in (PUSH_UP, SQUAT, JUMPING_JACK, JUMP_ROPE)}


class UnknownExerciseError(PoseInputError):
    """The exercise is not one the engine supports."""


def exercise(name: str) -> Exercise:
    try:
        return EXERCISES[name]
    except KeyError:
        supported = ", ".join(EXERCISES)
        raise UnknownExerciseError(f"unknown exercise {name!r}; supported: {supported}") from None
