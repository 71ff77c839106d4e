"""Training-aware days: which days of an athlete's calendar carry more carbohydrate. The nutrition
context marks them from the training context's events (a long run or a hard session scheduled or
recorded on a day); the athlete may set any day's kind by hand, which wins over the marks."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from contracts.commands import Command, CommandAccepted
from contracts.types import Day, PlainText

TrainingKind = Literal["long_run", "hard_session"]
DayKindName = Literal["normal", "rest", "long_run", "hard_session"]
LONG_RUN_KM = 18.0
LONG_RUN_S = 90 * 60
"""A recorded run this long (or longer) makes its day a long-run day."""


def training_kind_of_session(kind: str) -> TrainingKind | None:
    """The nutrition day a scheduled workout of this kind makes (see `SessionKind`)."""
    if kind == "long":
        return "long_run"
    if kind in {"tempo", "intervals", "hills", "race"}:
        return "hard_session"
    return None


def training_kind_of_run(distance_km: float, duration_s: int) -> TrainingKind | None:
    return "long_run" if distance_km >= LONG_RUN_KM or duration_s >= LONG_RUN_S else None


class MarkTrainingDay(Command[CommandAccepted]):
    """The training context put a long run or a hard session on a day (sent by the nutrition
    context's reactor); `source_id` is the workout or run that did. A move names only the new
    `day`, a change only the new `kind`: the mark keeps the rest (none yet: nothing to do)."""

    athlete_id: UUID
    source_id: UUID
    plan_id: UUID | None = Field(default=None, description="The training plan of a workout.")
    day: Day | None = None
    kind: TrainingKind | None = None
    reason: Annotated[str, PlainText(max_length=160)] | None = None


class UnmarkTrainingDay(Command[CommandAccepted]):
    """The workout or run behind a mark moved, changed or went."""

    athlete_id: UUID
    source_id: UUID


class UnmarkPlanDays(Command[CommandAccepted]):
    """A training plan was deleted: the days its workouts marked are no longer marked."""

    athlete_id: UUID
    plan_id: UUID


class DayKindBody(BaseModel):
    """Body of `PUT /nutrition/days/{day}`."""

    model_config = ConfigDict(extra="forbid")

    kind: DayKindName | None = Field(
        description="The day's kind for meal planning; null goes back to what training says."
    )


class SetDayKind(Command[CommandAccepted], DayKindBody):
    athlete_id: UUID
    day: Day
