"""The Plan aggregate: a training plan and the workouts scheduled on its days. Every change is
checked against the plan's version; an archived plan takes no more changes."""

from __future__ import annotations

from datetime import date
from typing import Self
from uuid import NAMESPACE_URL, UUID, uuid5

from commands.aggregate import Owned
from commands.errors import ConflictError, NotFoundError, RuleViolationError
from commands.training.planning.generator import GeneratedPlan
from contracts.events import DomainEvent
from contracts.training.events import (
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
from contracts.training.plans import (
    MAX_WORKOUTS,
    ArchivePlan,
    ChangeWorkout,
    CreatePlan,
    DeletePlan,
    GeneratePlan,
    GoalRace,
    MoveWorkout,
    RemoveWorkout,
    RenamePlan,
    ReschedulePlan,
    ScheduleWorkout,
)
from contracts.training.running import TrainingPaces
from contracts.training.sessions import Session


class Plan(Owned):
    stream_type = "plan"
    noun = "plan"

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.start_date = self.end_date = date.min
        self.archived = False
        self.goal_date: date | None = None
        self.title = ""
        self.goal: GoalRace | None = None
        self.paces: TrainingPaces | None = None
        self.workouts: dict[UUID, date] = {}
        self.sessions: dict[UUID, Session] = {}
        self.completed_by: dict[UUID, UUID] = {}
        """Workout id -> the run that completed it."""

    @classmethod
    def create(cls, cmd: CreatePlan) -> Self:
        plan = cls(str(cmd.plan_id))
        plan.record(PlanCreated(plan_id=cmd.plan_id, athlete_id=cmd.athlete_id, title=cmd.title,
                                start_date=cmd.start_date, end_date=cmd.end_date,
                                goal=cmd.goal))  # fmt: skip
        return plan

    @classmethod
    def generated(cls, cmd: GeneratePlan, made: GeneratedPlan) -> Self:
        """A generated plan: ordinary plan events, editable like any other plan."""
        plan = cls(str(cmd.plan_id))
        goal = GoalRace(name=cmd.race_name, distance_km=made.distance_km, date=cmd.race_date)
        plan.record(PlanCreated(plan_id=cmd.plan_id, athlete_id=cmd.athlete_id, title=made.title,
                                start_date=cmd.start_date, end_date=cmd.race_date, goal=goal,
                                paces=made.paces, generated=True))  # fmt: skip
        for number, item in enumerate(made.workouts):
            workout_id = uuid5(NAMESPACE_URL, f"pacer:plan:{cmd.plan_id}:workout:{number}")
            plan.record(WorkoutScheduled(plan_id=cmd.plan_id, athlete_id=cmd.athlete_id,
                                         workout_id=workout_id, date=item.day,
                                         session=item.session))  # fmt: skip
        return plan

    def rename(self, cmd: RenamePlan) -> None:
        self._check_change(cmd.athlete_id, cmd.expected_version)
        self.record(PlanRenamed(plan_id=cmd.plan_id, athlete_id=self.athlete_id, title=cmd.title))

    def reschedule(self, cmd: ReschedulePlan) -> None:
        self._check_change(cmd.athlete_id, cmd.expected_version)
        outside = [d for d in self.workouts.values() if not cmd.start_date <= d <= cmd.end_date]
        if outside:
            raise RuleViolationError(
                f"{len(outside)} workout(s) fall outside {cmd.start_date} to {cmd.end_date}, "
                f"the first on {min(outside)}: move or remove them first"
            )
        if self.goal_date is not None and not cmd.start_date <= self.goal_date <= cmd.end_date:
            raise RuleViolationError(f"the goal race on {self.goal_date} must stay in the plan")
        self.record(PlanRescheduled(plan_id=cmd.plan_id, athlete_id=self.athlete_id,
                                    start_date=cmd.start_date, end_date=cmd.end_date))  # fmt: skip

    def archive(self, cmd: ArchivePlan) -> None:
        self._check_change(cmd.athlete_id, cmd.expected_version)
        self.record(PlanArchived(plan_id=cmd.plan_id, athlete_id=self.athlete_id))

    def delete(self, cmd: DeletePlan) -> None:
        self.check_owned_by(cmd.athlete_id)
        if cmd.expected_version is not None:
            self.check_version(cmd.expected_version)
        self.check_not_deleted()
        self.record(PlanDeleted(plan_id=cmd.plan_id, athlete_id=self.athlete_id))

    def schedule(self, cmd: ScheduleWorkout) -> None:
        self._check_change(cmd.athlete_id, cmd.expected_version)
        if cmd.workout_id in self.workouts:
            raise ConflictError(f"workout {cmd.workout_id} is already in the plan")
        if len(self.workouts) >= MAX_WORKOUTS:
            raise RuleViolationError(f"a plan holds at most {MAX_WORKOUTS} workouts")
        self._check_inside(cmd.date)
        self.record(WorkoutScheduled(plan_id=cmd.plan_id, athlete_id=self.athlete_id,
                                     workout_id=cmd.workout_id, date=cmd.date,
                                     session=cmd.session))  # fmt: skip

    def move(self, cmd: MoveWorkout) -> None:
        self._check_change(cmd.athlete_id, cmd.expected_version)
        self._check_workout(cmd.workout_id)
        self._check_inside(cmd.date)
        self.record(WorkoutMoved(plan_id=cmd.plan_id, athlete_id=self.athlete_id,
                                 workout_id=cmd.workout_id, date=cmd.date))  # fmt: skip

    def change(self, cmd: ChangeWorkout) -> None:
        self._check_change(cmd.athlete_id, cmd.expected_version)
        self._check_workout(cmd.workout_id)
        self.record(WorkoutChanged(plan_id=cmd.plan_id, athlete_id=self.athlete_id,
                                   workout_id=cmd.workout_id, session=cmd.session))  # fmt: skip

    def remove(self, cmd: RemoveWorkout) -> None:
        self.check_owned_by(cmd.athlete_id)
        if cmd.expected_version is not None:
            self.check_version(cmd.expected_version)
        self._check_open()
        self._check_workout(cmd.workout_id)
        self.record(WorkoutRemoved(plan_id=cmd.plan_id, athlete_id=self.athlete_id,
                                   workout_id=cmd.workout_id))  # fmt: skip

    def complete(self, workout_id: UUID, run_id: UUID, distance_km: float, duration_s: int) -> None:
        """Record that a run completed a workout (the completion reactor's match). The match was
        made on the read model, which may lag: a plan archived or deleted since, a workout
        removed or completed by another run since, is left as it is."""
        open_ = not (self.deleted or self.archived) and workout_id in self.workouts
        if not open_ or workout_id in self.completed_by:
            return
        self.record(WorkoutCompleted(plan_id=UUID(self.id), athlete_id=self.athlete_id,
                                     workout_id=workout_id, run_id=run_id,
                                     distance_km=distance_km, duration_s=duration_s))  # fmt: skip

    def clear_completion(self, workout_id: UUID, run_id: UUID) -> None:
        """The run no longer completes the workout; nothing to do when it did not."""
        if self.deleted or self.completed_by.get(workout_id) != run_id:
            return
        self.record(WorkoutCompletionCleared(plan_id=UUID(self.id), athlete_id=self.athlete_id,
                                             workout_id=workout_id, run_id=run_id))  # fmt: skip

    def _check_change(self, athlete_id: UUID, expected_version: int) -> None:
        self.check_owned_by(athlete_id)
        self.check_version(expected_version)
        self._check_open()

    def _check_open(self) -> None:
        self.check_not_deleted()
        if self.archived:
            raise ConflictError(f"plan {self.id} is archived")

    def _check_workout(self, workout_id: UUID) -> None:
        if workout_id not in self.workouts:
            raise NotFoundError(f"workout {workout_id} is not in plan {self.id}")

    def _check_inside(self, day: date) -> None:
        if not self.start_date <= day <= self.end_date:
            raise RuleViolationError(
                f"{day} is outside the plan ({self.start_date} to {self.end_date})"
            )

    def apply(self, event: DomainEvent) -> None:
        match event:
            case PlanCreated():
                self.athlete_id = event.athlete_id
                self.title, self.goal, self.paces = event.title, event.goal, event.paces
                self.start_date, self.end_date = event.start_date, event.end_date
                self.goal_date = event.goal.date if event.goal else None
            case PlanRescheduled():
                self.start_date, self.end_date = event.start_date, event.end_date
            case PlanArchived():
                self.archived = True
            case PlanDeleted():
                self.deleted = True
            case WorkoutScheduled():
                self.workouts[event.workout_id] = event.date
                self.sessions[event.workout_id] = event.session
            case WorkoutMoved():
                self.workouts[event.workout_id] = event.date
            case WorkoutChanged():
                self.sessions[event.workout_id] = event.session
            case WorkoutRemoved():
                del self.workouts[event.workout_id]
                del self.sessions[event.workout_id]
                self.completed_by.pop(event.workout_id, None)
            case WorkoutCompleted():
                self.completed_by[event.workout_id] = event.run_id
            case WorkoutCompletionCleared():
                self.completed_by.pop(event.workout_id, None)
            case PlanRenamed():
                self.title = event.title
