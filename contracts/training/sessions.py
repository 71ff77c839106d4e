"""Structured workouts, as a plan schedules them: a kind of day and its steps (warm-up, repeats
of work and recovery, cool-down), each step a distance or a duration with an optional target
pace range or heart-rate zone. Planned distance and time are derived here, once, for every
reader (the plan view, the printable plan, the exports)."""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Tag, model_validator
from pydantic_core import PydanticCustomError

from contracts.personal import Personal
from contracts.types import Count, PlainText

SessionKind = Literal[
    "easy", "long", "tempo", "intervals", "hills", "race", "rest", "cross_training", "strength"
]
"""The kind of day a scheduled workout is."""
HARD_KINDS: frozenset[str] = frozenset({"long", "tempo", "intervals", "hills", "race"})
"""Kinds that are hard days: a generated plan never puts two of them back to back."""
RUN_KINDS: frozenset[str] = frozenset({"easy", "long", "tempo", "intervals", "hills", "race"})
"""Kinds a recorded run can complete."""
StepKind = Literal["warmup", "work", "recovery", "cooldown", "steady"]

MAX_STEP_M = 100_000
MAX_STEP_S = 6 * 3600
FASTEST_PACE_S, SLOWEST_PACE_S = 120, 1200
"""Target paces between 2:00 and 20:00 per km."""
MAX_STEPS, MAX_REPEATS = 40, 50


class PaceRange(BaseModel):
    """A target pace, seconds per kilometre, fastest first."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    fast_s_per_km: Annotated[int, Count(ge=FASTEST_PACE_S, le=SLOWEST_PACE_S)]
    slow_s_per_km: Annotated[int, Count(ge=FASTEST_PACE_S, le=SLOWEST_PACE_S)]

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.fast_s_per_km > self.slow_s_per_km:
            raise PydanticCustomError(
                "pace_order", "fast_s_per_km must not be slower than slow_s_per_km"
            )
        return self

    @property
    def middle_s_per_km(self) -> float:
        return (self.fast_s_per_km + self.slow_s_per_km) / 2


class Step(BaseModel):
    """One step: a distance or a duration (exactly one), with a target pace or heart-rate zone
    (at most one)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: StepKind
    distance_m: Annotated[int, Count(ge=1, le=MAX_STEP_M)] | None = None
    duration_s: Annotated[int, Count(ge=1, le=MAX_STEP_S)] | None = None
    pace: PaceRange | None = None
    hr_zone: Annotated[int, Count(ge=1, le=5)] | None = Field(
        default=None, description="Heart-rate zone 1 (recovery) to 5 (maximum)."
    )

    @model_validator(mode="after")
    def _one_measure(self) -> Self:
        if (self.distance_m is None) == (self.duration_s is None):
            raise PydanticCustomError("step_measure", "a step has either distance_m or duration_s")
        if self.pace is not None and self.hr_zone is not None:
            raise PydanticCustomError(
                "step_target", "a step targets a pace or a heart-rate zone, not both"
            )
        return self


class Repeat(BaseModel):
    """Steps done `times` times in a row (work and recovery intervals)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    times: Annotated[int, Count(ge=1, le=MAX_REPEATS)]
    steps: list[Step] = Field(min_length=1, max_length=10)


def _item_kind(value: object) -> str:
    if isinstance(value, Repeat) or (isinstance(value, dict) and "times" in value):
        return "repeat"
    return "step"


SessionItem = Annotated[
    Annotated[Step, Tag("step")] | Annotated[Repeat, Tag("repeat")], Discriminator(_item_kind)
]
"""A step, or a repeat (an object with `times`)."""


class Session(BaseModel):
    """A structured workout: what to do on a day."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: SessionKind
    title: Annotated[str, PlainText(max_length=120), Personal()]
    steps: list[SessionItem] = Field(default_factory=list, max_length=MAX_STEPS)
    notes: Annotated[str, PlainText(max_length=2000, multiline=True), Personal()] | None = None

    @model_validator(mode="after")
    def _rest_is_empty(self) -> Self:
        if self.kind == "rest" and self.steps:
            raise PydanticCustomError("rest_with_steps", "a rest day has no steps")
        return self


class Totals(BaseModel):
    distance_km: float = Field(description="Planned distance; steps by time count at target pace.")
    duration_s: int = Field(description="Planned time; steps by distance count at target pace.")
    complete: bool = Field(
        description="False when a step gives one measure and no pace to derive the other."
    )


def flat_steps(steps: list[Step | Repeat]) -> list[Step]:
    """The steps in the order they are run, repeats unrolled."""
    flat: list[Step] = []
    for item in steps:
        flat += item.steps * item.times if isinstance(item, Repeat) else [item]
    return flat


def totals(steps: list[Step | Repeat]) -> Totals:
    """Planned distance and time of a session."""
    metres = seconds = 0.0
    complete = True
    for step in flat_steps(steps):
        pace = step.pace.middle_s_per_km if step.pace else None
        if step.distance_m is not None:
            metres += step.distance_m
            if pace is None:
                complete = False
            else:
                seconds += step.distance_m / 1000 * pace
        elif step.duration_s is not None:
            seconds += step.duration_s
            if pace is None:
                complete = False
            else:
                metres += step.duration_s / pace * 1000
    return Totals(distance_km=round(metres / 1000, 3), duration_s=round(seconds), complete=complete)
