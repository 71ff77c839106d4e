"""What a printed plan shows, as the plan stood when its export was requested: the PDF worker
renders this snapshot, so the document matches the plan's events at that moment."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel

from contracts.personal import PersonalText
from contracts.training.plans import GoalRace
from contracts.training.running import TrainingPaces
from contracts.training.sessions import Session


class SnapshotWorkout(BaseModel):
    workout_id: UUID
    date: date
    session: Session


class PlanSnapshot(BaseModel):
    plan_id: UUID
    title: PersonalText
    start_date: date
    end_date: date
    goal: GoalRace | None
    paces: TrainingPaces | None
    workouts: list[SnapshotWorkout]
