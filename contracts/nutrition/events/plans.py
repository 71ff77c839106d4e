"""Events of meal plans: requested, being planned, generated or failed; swaps likewise."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import AwareDatetime

from contracts.events import DomainEvent
from contracts.nutrition.plans import MealPlanWeek, PlanRequest


class MealPlanRequested(DomainEvent):
    version = 2  # personal fields sealed (v1 carried them in clear)
    earlier_versions = (1,)

    plan_id: UUID
    athlete_id: UUID
    week_start: date
    requested_at: AwareDatetime
    request: PlanRequest


class MealPlanningStarted(DomainEvent):
    plan_id: UUID
    athlete_id: UUID


class MealPlanGenerated(DomainEvent):
    version = 2  # personal values sealed (own recipes' names, words not recognised)
    earlier_versions = (1,)

    plan_id: UUID
    athlete_id: UUID
    week: MealPlanWeek


class MealPlanFailed(DomainEvent):
    plan_id: UUID
    athlete_id: UUID
    reason: str


class MealSwapRequested(DomainEvent):
    """The swap worker gets the plan as it stands and what it was asked."""

    version = 3  # v2 sealed the request's personal fields, v3 the week's too
    earlier_versions = (1, 2)

    plan_id: UUID
    athlete_id: UUID
    swap_id: UUID
    date: date
    slot: str
    request: PlanRequest
    week: MealPlanWeek


class MealSwapped(DomainEvent):
    version = 2  # personal values sealed (own recipes' names, words not recognised)
    earlier_versions = (1,)

    plan_id: UUID
    athlete_id: UUID
    swap_id: UUID
    date: date
    slot: str
    replaced: str
    by: str
    week: MealPlanWeek


class MealSwapFailed(DomainEvent):
    plan_id: UUID
    athlete_id: UUID
    swap_id: UUID
    reason: str
