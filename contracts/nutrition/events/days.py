"""Events of training-aware days: a day marked from training, unmarked, or set by hand."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from contracts.events import DomainEvent
from contracts.nutrition.days import DayKindName, TrainingKind


class TrainingDayMarked(DomainEvent):
    athlete_id: UUID
    source_id: UUID
    plan_id: UUID | None = None
    day: date
    kind: TrainingKind
    reason: str


class TrainingDayUnmarked(DomainEvent):
    athlete_id: UUID
    source_id: UUID
    day: date


class DayKindSet(DomainEvent):
    """The athlete set the day's kind by hand (`kind` null: back to what training says)."""

    athlete_id: UUID
    day: date
    kind: DayKindName | None
