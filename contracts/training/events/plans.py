"""Events of training plans: a plan's life (created, generated, renamed, rescheduled, archived,
deleted) and its scheduled workouts (scheduled, moved, changed, removed, completed by a run and
cleared again)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import Field

from contracts.events import DomainEvent
from contracts.personal import PersonalText
from contracts.training.plans import GoalRace
from contracts.training.running import TrainingPaces
from contracts.training.sessions import Session


class PlanCreated(DomainEvent):
    """An athlete created a plan (empty, or the first event of a generated one)."""

    version = 2  # personal fields sealed (v1 carried them in clear)
    earlier_versions = (1,)

    plan_id: UUID
    athlete_id: UUID
    title: PersonalText
    start_date: date
    end_date: date
    goal: GoalRace | None = None
    paces: TrainingPaces | None = Field(
        default=None, description="The training paces a generated plan's targets come from."
    )
    generated: bool = Field(default=False, description="True when the plan generator made it.")


class PlanRenamed(DomainEvent):
    version = 2  # personal fields sealed (v1 carried them in clear)
    earlier_versions = (1,)

    plan_id: UUID
    athlete_id: UUID
    title: PersonalText


class PlanRescheduled(DomainEvent):
    """The plan's dates changed; every workout already lay within the new ones."""

    plan_id: UUID
    athlete_id: UUID
    start_date: date
    end_date: date


class PlanArchived(DomainEvent):
    """The plan is kept for the record and takes no more changes."""

    plan_id: UUID
    athlete_id: UUID


class PlanDeleted(DomainEvent):
    plan_id: UUID
    athlete_id: UUID


class WorkoutScheduled(DomainEvent):
    """A structured workout was put on a day of the plan."""

    version = 2  # personal fields sealed (v1 carried them in clear)
    earlier_versions = (1,)

    plan_id: UUID
    athlete_id: UUID
    workout_id: UUID
    date: date
    session: Session


class WorkoutMoved(DomainEvent):
    plan_id: UUID
    athlete_id: UUID
    workout_id: UUID
    date: date


class WorkoutChanged(DomainEvent):
    version = 2  # personal fields sealed (v1 carried them in clear)
    earlier_versions = (1,)

    plan_id: UUID
    athlete_id: UUID
    workout_id: UUID
    session: Session


class WorkoutRemoved(DomainEvent):
    plan_id: UUID
    athlete_id: UUID
    workout_id: UUID


class WorkoutCompleted(DomainEvent):
    """A recorded run completed a scheduled workout (same day, a run of a fitting distance)."""

    plan_id: UUID
    athlete_id: UUID
    workout_id: UUID
    run_id: UUID
    distance_km: float = Field(gt=0)
    duration_s: int = Field(gt=0)


class WorkoutCompletionCleared(DomainEvent):
    """The run that completed a workout was deleted or no longer fits it."""

    plan_id: UUID
    athlete_id: UUID
    workout_id: UUID
    run_id: UUID
