"""The nutrition context's reactors: `nutrition.work` hands requested plans, swaps, recipes and
coach messages to their jobs (one consumer group for all four: each is one enqueue), and
`nutrition.training_days` marks the days of the training context's long runs and hard sessions
for more carbohydrate."""

from __future__ import annotations

from contracts.nutrition.days import (
    MarkTrainingDay,
    UnmarkPlanDays,
    UnmarkTrainingDay,
    training_kind_of_run,
    training_kind_of_session,
)
from contracts.nutrition.events import (
    CoachMessageSent,
    MealPlanRequested,
    MealSwapRequested,
    RecipeSubmitted,
)
from contracts.training.events import (
    PlanDeleted,
    RunCorrected,
    RunDeleted,
    RunRecorded,
    WorkoutChanged,
    WorkoutMoved,
    WorkoutRemoved,
    WorkoutScheduled,
)
from contracts.training.sessions import SessionKind
from workers.nutrition.coaching import COACH_REPLY
from workers.nutrition.jobs import ANALYSE_RECIPE, PLAN_WEEK, SWAP_MEAL
from workers.reactors import Reaction, Reactor

work = Reactor("nutrition.work")
training_days = Reactor("nutrition.training_days")


@work.on(MealPlanRequested)
async def plan_requested(event: MealPlanRequested, reaction: Reaction) -> None:
    await reaction.enqueue(PLAN_WEEK, event)


@work.on(MealSwapRequested)
async def swap_requested(event: MealSwapRequested, reaction: Reaction) -> None:
    await reaction.enqueue(SWAP_MEAL, event)


@work.on(RecipeSubmitted)
async def recipe_submitted(event: RecipeSubmitted, reaction: Reaction) -> None:
    await reaction.enqueue(ANALYSE_RECIPE, event)


@work.on(CoachMessageSent)
async def message_sent(event: CoachMessageSent, reaction: Reaction) -> None:
    await reaction.enqueue(COACH_REPLY, event)


@training_days.on(WorkoutScheduled)
async def workout_scheduled(event: WorkoutScheduled, reaction: Reaction) -> None:
    kind = training_kind_of_session(event.session.kind)
    if kind is not None:
        await reaction.send(MarkTrainingDay(
            athlete_id=event.athlete_id, source_id=event.workout_id, plan_id=event.plan_id,
            day=event.date, kind=kind, reason=_scheduled(event.session.kind),
        ))  # fmt: skip


@training_days.on(WorkoutMoved)
async def workout_moved(event: WorkoutMoved, reaction: Reaction) -> None:
    await reaction.send(MarkTrainingDay(athlete_id=event.athlete_id,
                                        source_id=event.workout_id, day=event.date))  # fmt: skip


@training_days.on(WorkoutChanged)
async def workout_changed(event: WorkoutChanged, reaction: Reaction) -> None:
    kind = training_kind_of_session(event.session.kind)
    if kind is None:
        await reaction.send(UnmarkTrainingDay(athlete_id=event.athlete_id,
                                              source_id=event.workout_id))  # fmt: skip
        return
    await reaction.send(MarkTrainingDay(
        athlete_id=event.athlete_id, source_id=event.workout_id, kind=kind,
        reason=_scheduled(event.session.kind),
    ))  # fmt: skip


def _scheduled(kind: SessionKind) -> str:
    """Why a workout makes its day what it is, by its kind: never its title, the athlete's
    text (sealed in the plan's events), which would travel in clear in the day's mark."""
    return f"{kind.replace('_', ' ')} session scheduled"


@training_days.on(WorkoutRemoved)
async def workout_removed(event: WorkoutRemoved, reaction: Reaction) -> None:
    await reaction.send(UnmarkTrainingDay(athlete_id=event.athlete_id, source_id=event.workout_id))


async def _run(event: RunRecorded | RunCorrected, reaction: Reaction) -> None:
    if event.source != "manual":  # Strava's data is kept from nutrition and so from the coach
        return
    kind = training_kind_of_run(event.distance_km, event.duration_s)
    if kind is None:
        await reaction.send(UnmarkTrainingDay(athlete_id=event.athlete_id, source_id=event.run_id))
        return
    await reaction.send(MarkTrainingDay(
        athlete_id=event.athlete_id, source_id=event.run_id, day=event.started_at.date(),
        kind=kind, reason=f"{event.distance_km:.1f} km run recorded",
    ))  # fmt: skip


@training_days.on(PlanDeleted)
async def plan_deleted(event: PlanDeleted, reaction: Reaction) -> None:
    await reaction.send(UnmarkPlanDays(athlete_id=event.athlete_id, plan_id=event.plan_id))


@training_days.on(RunRecorded)
async def run_recorded(event: RunRecorded, reaction: Reaction) -> None:
    await _run(event, reaction)


@training_days.on(RunCorrected)
async def run_corrected(event: RunCorrected, reaction: Reaction) -> None:
    await _run(event, reaction)


@training_days.on(RunDeleted)
async def run_deleted(event: RunDeleted, reaction: Reaction) -> None:
    await reaction.send(UnmarkTrainingDay(athlete_id=event.athlete_id, source_id=event.run_id))
