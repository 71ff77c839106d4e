"""LangChain tools over the user's facts. Each returns a line of text for a model's context and,
as its artifact, the facts themselves for the offline answerer; both say the same numbers, written
once by the renderers below. Runs not entered by hand never leave `recent_runs`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from langchain_core.tools import StructuredTool

from workers.nutrition.coach.facts import (
    MANUAL,
    DayTargets,
    Facts,
    PlannedMeal,
    PlannedSession,
    ProfileFacts,
    RunFact,
    WorkoutFact,
)

MAX_RUNS = 10
MAX_WORKOUTS = 10
MAX_SESSIONS = 14
MAX_DAYS_BACK = 28


def num(value: float) -> str:
    """A number as the coach writes it everywhere: whole when whole, else one decimal."""
    rounded = round(value, 1)
    return str(int(rounded)) if rounded == int(rounded) else str(rounded)


def day_name(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def profile_line(profile: ProfileFacts | None) -> str:
    if profile is None:
        return "No profile yet."
    allergies = ", ".join(profile.allergies) or "none"
    return (
        f"Profile: weight {num(profile.weight_kg)} kg, goal {profile.goal.value} weight, "
        f"diet {profile.diet.value}, allergies: {allergies}."
    )


def targets_line(day: date, targets: DayTargets | None) -> str:
    if targets is None:
        return f"No nutrition targets for {day_name(day)} (no nutrition goal set)."
    kind = targets.kind.value.replace("_", " ")
    why = f": {targets.reason}" if targets.reason else ""
    return (
        f"Targets for {day_name(day)} ({kind} day{why}): {num(targets.kcal)} kcal, "
        f"protein {num(targets.protein_g)} g, carbohydrate {num(targets.carbohydrate_g)} g, "
        f"fat {num(targets.fat_g)} g."
    )


def meal_line(meal: PlannedMeal, *, slot: bool = True) -> str:
    servings = "serving" if meal.servings == 1 else "servings"
    return (
        f"{meal.slot + ': ' if slot else ''}{meal.recipe} ({num(meal.servings)} {servings}; "
        f"{num(meal.kcal)} kcal, protein {num(meal.protein_g)} g, "
        f"carbohydrate {num(meal.carbohydrate_g)} g)"
    )


def meals_line(day: date, meals: Sequence[PlannedMeal]) -> str:
    if not meals:
        return f"No meals planned for {day_name(day)}."
    return f"Meals planned for {day_name(day)}: " + "; ".join(map(meal_line, meals)) + "."


def session_line(session: PlannedSession) -> str:
    kind = session.kind.replace("_", " ")
    title = session.title if kind in session.title.lower() else f"{session.title} ({kind})"
    parts = [f"{day_name(session.day)}: {title}"]
    if session.planned_km is not None:
        parts.append(f"{num(session.planned_km)} km")
    if session.planned_minutes is not None:
        parts.append(f"{num(session.planned_minutes)} min")
    return ", ".join(parts)


def sessions_line(first: date, last: date, sessions: Sequence[PlannedSession]) -> str:
    span = f"from {day_name(first)} to {day_name(last)}"
    if not sessions:
        return f"No training sessions planned {span}."
    return f"Training sessions {span}: " + "; ".join(map(session_line, sessions)) + "."


def pace(seconds_per_km: float) -> str:
    minutes, seconds = divmod(round(seconds_per_km), 60)
    return f"{minutes}:{seconds:02d}/km"


def run_line(run: RunFact) -> str:
    per_km = run.pace_s_per_km or (run.minutes * 60 / run.km if run.km else None)
    details = [pace(per_km)] if per_km else []
    if run.avg_hr is not None:
        details.append(f"average heart rate {run.avg_hr}")
    extra = f" ({', '.join(details)})" if details else ""
    return f"{day_name(run.day)}: {num(run.km)} km in {num(run.minutes)} min{extra}"


def runs_line(days: int, runs: Sequence[RunFact]) -> str:
    span = f"in the last {days} days"
    if not runs:
        return f"No runs entered {span}."
    km = sum(run.km for run in runs)
    minutes = sum(run.minutes for run in runs)
    count = "1 run" if len(runs) == 1 else f"{len(runs)} runs"
    return (
        f"Runs entered {span}: {count}, {num(km)} km in {num(minutes)} min in total. "
        + "; ".join(map(run_line, runs))
        + "."
    )


def workout_line(workout: WorkoutFact) -> str:
    checked = "counted from video" if workout.verified else "entered by hand"
    exercise = workout.exercise.replace("_", " ")
    return f"{day_name(workout.day)}: {workout.reps} {exercise} reps ({checked})"


def workouts_line(days: int, workouts: Sequence[WorkoutFact]) -> str:
    span = f"in the last {days} days"
    if not workouts:
        return f"No rep workouts {span}."
    return f"Rep workouts {span}: " + "; ".join(map(workout_line, workouts)) + "."


def manual_only(runs: Sequence[RunFact]) -> list[RunFact]:
    """Runs the coach may use: Strava's terms forbid passing its data to a model."""
    return [run for run in runs if run.source == MANUAL]


@dataclass(frozen=True)
class CoachTools:
    profile: StructuredTool
    targets: StructuredTool
    meals: StructuredTool
    sessions: StructuredTool
    runs: StructuredTool
    workouts: StructuredTool

    def all(self) -> list[StructuredTool]:
        return [self.profile, self.targets, self.meals, self.sessions, self.runs, self.workouts]


def coach_tools(facts: Facts) -> CoachTools:
    async def profile() -> tuple[str, ProfileFacts | None]:
        found = await facts.profile()
        return profile_line(found), found

    async def day_targets(day: date) -> tuple[str, DayTargets | None]:
        found = await facts.targets(day)
        return targets_line(day, found), found

    async def planned_meals(day: date) -> tuple[str, list[PlannedMeal]]:
        found = await facts.meals(day)
        return meals_line(day, found), found

    async def training_sessions(first: date, last: date) -> tuple[str, list[PlannedSession]]:
        found = sorted(await facts.sessions(first, last), key=lambda s: s.day)[:MAX_SESSIONS]
        return sessions_line(first, last, found), found

    async def recent_runs(days: int) -> tuple[str, list[RunFact]]:
        days = max(1, min(days, MAX_DAYS_BACK))
        found = manual_only(await facts.recent_runs(days))[:MAX_RUNS]
        return runs_line(days, found), found

    async def recent_workouts(days: int) -> tuple[str, list[WorkoutFact]]:
        days = max(1, min(days, MAX_DAYS_BACK))
        found = (await facts.recent_workouts(days))[:MAX_WORKOUTS]
        return workouts_line(days, found), found

    return CoachTools(
        profile=_tool(profile, "The user's weight, weight goal, diet and allergies."),
        targets=_tool(day_targets, "The user's energy and macro targets for one day."),
        meals=_tool(planned_meals, "The meals in the user's meal plan for one day."),
        sessions=_tool(training_sessions, "The user's planned training sessions in a span."),
        runs=_tool(recent_runs, "Runs the user entered by hand in the last days."),
        workouts=_tool(recent_workouts, "The user's rep-based workouts in the last days."),
    )


def _tool(coroutine: Callable[..., Awaitable[Any]], description: str) -> StructuredTool:
    return StructuredTool.from_function(
        coroutine=coroutine,
        name=coroutine.__name__,
        description=description,
        response_format="content_and_artifact",
    )
