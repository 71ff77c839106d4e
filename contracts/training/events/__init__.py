"""Events of the training context, a module per topic: runs, plans."""

from contracts.training.events.plans import (
    PlanArchived,
    PlanCreated,
    PlanDeleted,
    PlanRenamed,
    PlanRescheduled,
    WorkoutChanged,
    WorkoutCompleted,
    WorkoutCompletionCleared,
    WorkoutMoved,
    WorkoutRemoved,
    WorkoutScheduled,
)
from contracts.training.events.runs import RunCorrected, RunDeleted, RunRecorded

__all__ = [
    "PlanArchived",
    "PlanCreated",
    "PlanDeleted",
    "PlanRenamed",
    "PlanRescheduled",
    "RunCorrected",
    "RunDeleted",
    "RunRecorded",
    "WorkoutChanged",
    "WorkoutCompleted",
    "WorkoutCompletionCleared",
    "WorkoutMoved",
    "WorkoutRemoved",
    "WorkoutScheduled",
]
