"""The MealPlan aggregate: a week of meals from request to ready (or failed), then swaps, one at
a time, each from requested to swapped (or failed). The planner worker reports by command; a
repeated report changes nothing."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from commands.aggregate import Owned
from commands.errors import ConflictError, RuleViolationError
from contracts.events import DomainEvent
from contracts.nutrition.events.plans import (
    MealPlanFailed,
    MealPlanGenerated,
    MealPlanningStarted,
    MealPlanRequested,
    MealSwapFailed,
    MealSwapped,
    MealSwapRequested,
)
from contracts.nutrition.plans import (
    CompleteMealPlan,
    CompleteMealSwap,
    FailMealPlan,
    FailMealSwap,
    MealPlanWeek,
    PlanRequest,
    RequestMealPlan,
    SwapMeal,
)


class MealPlan(Owned):
    stream_type = "meal_plan"
    noun = "meal plan"

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.status = "requested"
        self.request: PlanRequest | None = None
        self.week: MealPlanWeek | None = None
        self.swap: UUID | None = None
        self.swaps_done: set[UUID] = set()

    @classmethod
    def requested(cls, cmd: RequestMealPlan, request: PlanRequest, at: datetime) -> MealPlan:
        plan = cls(str(cmd.plan_id))
        plan.record(MealPlanRequested(plan_id=cmd.plan_id, athlete_id=cmd.athlete_id,
                                      week_start=cmd.week_start, requested_at=at,
                                      request=request))  # fmt: skip
        return plan

    @property
    def plan_id(self) -> UUID:
        return UUID(self.id)

    def start(self) -> None:
        if self.status == "requested":
            self.record(MealPlanningStarted(plan_id=self.plan_id, athlete_id=self.athlete_id))

    def complete(self, cmd: CompleteMealPlan) -> None:
        if self._settled("ready"):
            return
        self.record(MealPlanGenerated(plan_id=self.plan_id, athlete_id=self.athlete_id,
                                      week=cmd.week))  # fmt: skip

    def fail(self, cmd: FailMealPlan) -> None:
        if self._settled("failed"):
            return
        self.record(MealPlanFailed(plan_id=self.plan_id, athlete_id=self.athlete_id,
                                   reason=cmd.reason))  # fmt: skip

    def _settled(self, outcome: str) -> bool:
        if self.status in ("requested", "planning"):
            return False
        if self.status == outcome:
            return True
        raise ConflictError(f"meal plan {self.id} is already {self.status}")

    def request_swap(self, cmd: SwapMeal) -> None:
        self.check_owned_by(cmd.athlete_id)
        self.check_version(cmd.expected_version)
        if self.status != "ready" or self.week is None or self.request is None:
            raise ConflictError(f"meal plan {self.id} is {self.status}; swap once it is ready")
        if self.swap is not None:
            raise ConflictError("a swap of this plan is under way; wait for it")
        day = next((day for day in self.week.days if day.date == cmd.date), None)
        if day is None:
            raise RuleViolationError(f"{cmd.date} is not a day of this plan")
        if cmd.slot not in {meal.slot for meal in day.meals}:
            slots = ", ".join(meal.slot for meal in day.meals)
            raise RuleViolationError(f"no meal {cmd.slot!r} on {cmd.date}; the meals are {slots}")
        self.record(MealSwapRequested(
            plan_id=self.plan_id, athlete_id=self.athlete_id, swap_id=cmd.swap_id,
            date=cmd.date, slot=cmd.slot, request=self.request, week=self.week,
        ))  # fmt: skip

    def complete_swap(self, cmd: CompleteMealSwap) -> None:
        if self._swap_settled(cmd.swap_id):
            return
        assert self.week is not None
        day = next(day for day in self.week.days if day.date == self._swap_day)
        new_day = next(day for day in cmd.week.days if day.date == self._swap_day)
        replaced = next(meal.recipe_id for meal in day.meals if meal.slot == self._swap_slot)
        by = next(meal.recipe_id for meal in new_day.meals if meal.slot == self._swap_slot)
        self.record(MealSwapped(
            plan_id=self.plan_id, athlete_id=self.athlete_id, swap_id=cmd.swap_id,
            date=self._swap_day, slot=self._swap_slot, replaced=replaced, by=by, week=cmd.week,
        ))  # fmt: skip

    def fail_swap(self, cmd: FailMealSwap) -> None:
        if self._swap_settled(cmd.swap_id):
            return
        self.record(MealSwapFailed(plan_id=self.plan_id, athlete_id=self.athlete_id,
                                   swap_id=cmd.swap_id, reason=cmd.reason))  # fmt: skip

    def _swap_settled(self, swap_id: UUID) -> bool:
        if swap_id in self.swaps_done:
            return True
        if self.swap != swap_id:
            raise ConflictError(f"no swap {swap_id} is under way in meal plan {self.id}")
        return False

    _swap_day: date
    _swap_slot: str

    def apply(self, event: DomainEvent) -> None:
        match event:
            case MealPlanRequested():
                self.athlete_id, self.request = event.athlete_id, event.request
            case MealPlanningStarted():
                self.status = "planning"
            case MealPlanGenerated():
                self.status, self.week = "ready", event.week
            case MealPlanFailed():
                self.status = "failed"
            case MealSwapRequested():
                self.swap, self._swap_day, self._swap_slot = event.swap_id, event.date, event.slot
            case MealSwapped():
                self.week, self.swap = event.week, None
                self.swaps_done.add(event.swap_id)
            case MealSwapFailed():
                self.swap = None
                self.swaps_done.add(event.swap_id)
