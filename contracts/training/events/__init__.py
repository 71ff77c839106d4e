"""Events of the training context, a module per topic: runs, plans, shoes."""

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
from contracts.training.events.shoes import (
    ShoeAdded,
    ShoeLimitSet,
    ShoeMadeDefault,
    ShoeRenamed,
    ShoeRetired,
)

__all__ = [
    "PlanArchived",
    "PlanCreated",
    "PlanDeleted",
    "PlanRenamed",
    "PlanRescheduled",
    "RunCorrected",
    "RunDeleted",
    "RunRecorded",
    "ShoeAdded",
    "ShoeLimitSet",
    "ShoeMadeDefault",
    "ShoeRenamed",
    "ShoeRetired",
    "WorkoutChanged",
    "WorkoutCompleted",
    "WorkoutCompletionCleared",
    "WorkoutMoved",
    "WorkoutRemoved",
    "WorkoutScheduled",
]
