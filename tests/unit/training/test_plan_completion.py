"""Completion through the real command bus on the in-memory unit of work: a run completes the
workout of its day when its distance fits, the nearest of several; a correction moves or
clears the match; a deleted run opens the workout again; archived plans and other people's
plans are never touched; a repeated match changes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from uuid import UUID, uuid4

from commands.actors import Actor
from contracts.training.commands import RecordRun
from contracts.training.completion import MatchRun, MatchWorkout, UnmatchRun, within_tolerance
from contracts.training.events import WorkoutCompleted, WorkoutCompletionCleared
from contracts.training.plans import ArchivePlan, CreatePlan, ScheduleWorkout
from contracts.training.sessions import Session, Step
from tests.fakes import FakeDatabase, fake_bus

ATHLETE = uuid4()
ME = Actor.account(ATHLETE, "athlete")
REACTOR = Actor.system("reactor:training.completion")
DAY = date(2027, 3, 3)


def run_session(kind: str, km: float) -> Session:
    return Session(kind=kind, title=f"{kind} {km}", steps=[
        Step(kind="steady", distance_m=round(km * 1000))])  # fmt: skip


async def plan_with(database: FakeDatabase, *workouts: tuple[str, float], athlete: UUID = ATHLETE,
                    day: date = DAY) -> tuple[UUID, list[UUID]]:  # fmt: skip
    bus, plan_id = fake_bus(database), uuid4()
    actor = Actor.account(athlete, "athlete")
    create = CreatePlan(plan_id=plan_id, athlete_id=athlete, title="P",
                        start_date=day.replace(day=1), end_date=day.replace(day=28))  # fmt: skip
    await bus.dispatch(create, actor)
    ids = []
    for version, (kind, km) in enumerate(workouts, start=1):
        ids.append(uuid4())
        await bus.dispatch(ScheduleWorkout(plan_id=plan_id, athlete_id=athlete, workout_id=ids[-1],
                                           date=day, session=run_session(kind, km),
                                           expected_version=version), actor)  # fmt: skip
    return plan_id, ids


def match(run_id: UUID, km: float, day: date = DAY) -> MatchRun:
    return MatchRun(run_id=run_id, athlete_id=ATHLETE, day=day, distance_km=km,
                    duration_s=round(km * 330))  # fmt: skip


def completions(database: FakeDatabase, plan_id: UUID) -> list[tuple[str, UUID]]:
    return [(type(e).__name__, e.workout_id) for e in database.events_of(str(plan_id))
            if isinstance(e, WorkoutCompleted | WorkoutCompletionCleared)]  # fmt: skip


def test_the_tolerance_is_a_quarter_or_one_and_a_half_km() -> None:
    assert within_tolerance(12.4, 10)
    assert not within_tolerance(12.6, 10)
    assert within_tolerance(4.4, 3)
    assert not within_tolerance(4.6, 3)


async def test_a_run_completes_the_nearest_fitting_workout_of_its_day_once() -> None:
    database = FakeDatabase()
    plan_id, (easy, tempo, gym) = await plan_with(database, ("easy", 6), ("tempo", 10),
                                                  ("strength", 9))  # fmt: skip
    bus, run = fake_bus(database), uuid4()
    await bus.dispatch(match(run, 9.2), REACTOR)
    await bus.dispatch(match(run, 9.2), REACTOR)  # redelivered: nothing new
    assert completions(database, plan_id) == [("WorkoutCompleted", tempo)]
    other_day, too_far = uuid4(), uuid4()
    await bus.dispatch(match(other_day, 6, day=date(2027, 3, 4)), REACTOR)
    await bus.dispatch(match(too_far, 3.0), REACTOR)  # 6 km easy: 3 km is too short
    assert completions(database, plan_id) == [("WorkoutCompleted", tempo)]
    assert easy
    assert gym


async def test_a_correction_moves_the_match_and_a_deletion_clears_it() -> None:
    database = FakeDatabase()
    plan_id, (easy, tempo) = await plan_with(database, ("easy", 6), ("tempo", 10))
    bus, run = fake_bus(database), uuid4()
    await bus.dispatch(match(run, 6.2), REACTOR)
    await bus.dispatch(match(run, 10.1), REACTOR)  # corrected: it was the tempo run
    await bus.dispatch(match(run, 30.0), REACTOR)  # corrected again: fits nothing
    await bus.dispatch(match(run, 6.0), REACTOR)
    await bus.dispatch(UnmatchRun(run_id=run, athlete_id=ATHLETE), REACTOR)
    assert completions(database, plan_id) == [
        ("WorkoutCompleted", easy), ("WorkoutCompletionCleared", easy),
        ("WorkoutCompleted", tempo), ("WorkoutCompletionCleared", tempo),
        ("WorkoutCompleted", easy), ("WorkoutCompletionCleared", easy),
    ]  # fmt: skip


async def test_a_workout_completed_by_one_run_is_not_taken_by_another() -> None:
    database = FakeDatabase()
    plan_id, (easy,) = await plan_with(database, ("easy", 6))
    bus, first, second = fake_bus(database), uuid4(), uuid4()
    await bus.dispatch(match(first, 6), REACTOR)
    await bus.dispatch(match(second, 6), REACTOR)
    assert completions(database, plan_id) == [("WorkoutCompleted", easy)]


async def test_archived_plans_and_other_people_s_plans_are_left_alone() -> None:
    database = FakeDatabase()
    archived, _ = await plan_with(database, ("easy", 6))
    await fake_bus(database).dispatch(
        ArchivePlan(plan_id=archived, athlete_id=ATHLETE, expected_version=2), ME
    )
    someone, _ = await plan_with(database, ("easy", 6), athlete=uuid4())
    await fake_bus(database).dispatch(match(uuid4(), 6), REACTOR)
    assert completions(database, archived) == completions(database, someone) == []


async def test_a_workout_scheduled_on_the_day_of_a_run_is_completed_by_it() -> None:
    database = FakeDatabase()
    bus = fake_bus(database)
    run_id, past = uuid4(), date(2026, 11, 18)  # a run is in the past
    started = datetime.combine(past, time(7), UTC)
    await bus.dispatch(RecordRun(run_id=run_id, athlete_id=ATHLETE, distance_km=8.2,
                                 duration_s=2700, started_at=started), ME)  # fmt: skip
    plan_id, (workout,) = await plan_with(database, ("easy", 8), day=past)
    await bus.dispatch(MatchWorkout(plan_id=plan_id, workout_id=workout, athlete_id=ATHLETE,
                                    day=past), REACTOR)  # fmt: skip
    await bus.dispatch(MatchRun(run_id=run_id, athlete_id=ATHLETE, day=past, distance_km=8.2,
                                duration_s=2700), REACTOR)  # fmt: skip
    assert completions(database, plan_id) == [("WorkoutCompleted", workout)]
