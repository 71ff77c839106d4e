"""Plan commands through the real command bus on the in-memory unit of work: a plan's life,
its workouts inside its dates, versions checked on every change, archived plans frozen,
someone else's plan missing, and generated plans made of ordinary plan events, paced from a
recent race or from the runner's recorded runs."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from commands.actors import Actor
from commands.errors import ConcurrencyError, ConflictError, NotFoundError, RuleViolationError
from contracts.training.commands import RecordRun
from contracts.training.events import (
    PlanCreated,
    WorkoutMoved,
    WorkoutRemoved,
    WorkoutScheduled,
)
from contracts.training.plans import (
    ArchivePlan,
    ChangeWorkout,
    CreatePlan,
    DeletePlan,
    GeneratePlan,
    MoveWorkout,
    RecentRace,
    RemoveWorkout,
    RenamePlan,
    ReschedulePlan,
    ScheduleWorkout,
)
from contracts.training.sessions import Session, Step
from tests.fakes import FakeDatabase, fake_bus

ATHLETE = uuid4()
ME = Actor.account(ATHLETE, "athlete")
START, END = date(2027, 3, 1), date(2027, 4, 30)
EASY = Session(kind="easy", title="Easy 8 km", steps=[Step(kind="steady", distance_m=8000)])


def create(plan_id: UUID, athlete: UUID = ATHLETE) -> CreatePlan:
    return CreatePlan(plan_id=plan_id, athlete_id=athlete, title="Spring",
                      start_date=START, end_date=END)  # fmt: skip


def schedule(
    plan_id: UUID, version: int, day: date = START, workout_id: UUID | None = None
) -> ScheduleWorkout:
    return ScheduleWorkout(plan_id=plan_id, athlete_id=ATHLETE, workout_id=workout_id or uuid4(),
                           date=day, session=EASY, expected_version=version)  # fmt: skip


async def test_a_plan_and_its_workouts_follow_the_plan_s_versions() -> None:
    database, plan_id, workout_id = FakeDatabase(), uuid4(), uuid4()
    bus = fake_bus(database)
    await bus.dispatch(create(plan_id), ME)
    scheduled = await bus.dispatch(schedule(plan_id, 1, workout_id=workout_id), ME)
    assert (scheduled.value.version, scheduled.value.workout_id) == (2, workout_id)
    moved = START + timedelta(days=2)
    await bus.dispatch(MoveWorkout(plan_id=plan_id, athlete_id=ATHLETE, workout_id=workout_id,
                                   date=moved, expected_version=2), ME)  # fmt: skip
    await bus.dispatch(ChangeWorkout(plan_id=plan_id, athlete_id=ATHLETE, workout_id=workout_id,
                                     session=EASY, expected_version=3), ME)  # fmt: skip
    await bus.dispatch(
        RemoveWorkout(plan_id=plan_id, athlete_id=ATHLETE, workout_id=workout_id), ME
    )
    kinds = [type(e).__name__ for e in database.events_of(str(plan_id))]
    assert kinds == ["PlanCreated", "WorkoutScheduled", "WorkoutMoved", "WorkoutChanged",
                     "WorkoutRemoved"]  # fmt: skip
    with pytest.raises(ConcurrencyError):
        await bus.dispatch(RenamePlan(plan_id=plan_id, athlete_id=ATHLETE, title="Late",
                                      expected_version=4), ME)  # fmt: skip


async def test_workouts_stay_inside_the_plan_and_a_reschedule_cannot_leave_one_out() -> None:
    database, plan_id = FakeDatabase(), uuid4()
    bus = fake_bus(database)
    await bus.dispatch(create(plan_id), ME)
    with pytest.raises(RuleViolationError, match="outside the plan"):
        await bus.dispatch(schedule(plan_id, 1, day=END + timedelta(days=1)), ME)
    await bus.dispatch(schedule(plan_id, 1, day=date(2027, 4, 20)), ME)
    later = ReschedulePlan(plan_id=plan_id, athlete_id=ATHLETE, start_date=START,
                           end_date=date(2027, 4, 10), expected_version=2)  # fmt: skip
    with pytest.raises(RuleViolationError, match="1 workout"):
        await bus.dispatch(later, ME)
    wider = later.model_copy(update={"end_date": date(2027, 6, 1)})
    assert (await bus.dispatch(wider, ME)).value.version == 3


async def test_an_archived_plan_takes_no_changes_and_a_deleted_one_is_gone() -> None:
    database, plan_id = FakeDatabase(), uuid4()
    bus = fake_bus(database)
    await bus.dispatch(create(plan_id), ME)
    await bus.dispatch(ArchivePlan(plan_id=plan_id, athlete_id=ATHLETE, expected_version=1), ME)
    with pytest.raises(ConflictError, match="archived"):
        await bus.dispatch(schedule(plan_id, 2), ME)
    await bus.dispatch(DeletePlan(plan_id=plan_id, athlete_id=ATHLETE), ME)
    with pytest.raises(ConflictError, match="deleted"):
        await bus.dispatch(DeletePlan(plan_id=plan_id, athlete_id=ATHLETE), ME)


async def test_someone_else_s_plan_and_an_unknown_workout_are_missing() -> None:
    database, plan_id = FakeDatabase(), uuid4()
    bus = fake_bus(database)
    other = uuid4()
    await bus.dispatch(create(plan_id, athlete=other), Actor.account(other, "athlete"))
    with pytest.raises(NotFoundError):
        await bus.dispatch(schedule(plan_id, 1), ME)
    await bus.dispatch(create(mine := uuid4()), ME)
    with pytest.raises(NotFoundError, match="workout"):
        await bus.dispatch(MoveWorkout(plan_id=mine, athlete_id=ATHLETE, workout_id=uuid4(),
                                       date=START, expected_version=1), ME)  # fmt: skip


def generate(plan_id: UUID, **changes: object) -> GeneratePlan:
    fields: dict[str, object] = {
        "plan_id": plan_id, "athlete_id": ATHLETE, "race": "half", "race_date": date(2027, 6, 6),
        "start_date": date(2027, 3, 1), "weekly_km": 30.0, "longest_run_km": 12.0,
        "days_per_week": 4, "long_run_day": 6, **changes,
    }  # fmt: skip
    return GeneratePlan.model_validate(fields)


async def test_a_generated_plan_is_ordinary_plan_events_and_can_be_edited() -> None:
    database, plan_id = FakeDatabase(), uuid4()
    bus = fake_bus(database)
    race = RecentRace(distance_km=10, time_s=50 * 60)
    made = await bus.dispatch(generate(plan_id, recent_race=race), ME)
    events = database.events_of(str(plan_id))
    created, workouts = events[0], events[1:]
    assert isinstance(created, PlanCreated)
    assert created.generated
    assert created.paces is not None
    assert created.paces.vdot == pytest.approx(40.0, abs=0.1)
    assert all(isinstance(e, WorkoutScheduled) for e in workouts)
    assert made.value.version == len(events)
    last = workouts[-1]
    assert isinstance(last, WorkoutScheduled)
    assert (last.date, last.session.kind) == (date(2027, 6, 6), "race")
    first = workouts[0]
    assert isinstance(first, WorkoutScheduled)
    await bus.dispatch(MoveWorkout(plan_id=plan_id, athlete_id=ATHLETE, workout_id=first.workout_id,
                                   date=first.date + timedelta(days=1),
                                   expected_version=len(events)), ME)  # fmt: skip
    await bus.dispatch(RemoveWorkout(plan_id=plan_id, athlete_id=ATHLETE,
                                     workout_id=first.workout_id), ME)  # fmt: skip
    assert isinstance(database.events_of(str(plan_id))[-2], WorkoutMoved)
    assert isinstance(database.events_of(str(plan_id))[-1], WorkoutRemoved)


async def test_without_a_race_the_paces_come_from_the_best_recent_run() -> None:
    database = FakeDatabase()
    bus = fake_bus(database)
    before = datetime(2026, 11, 20, 8, tzinfo=UTC)  # runs are in the past
    dates = {"start_date": date(2026, 12, 1), "race_date": date(2027, 3, 7)}
    for km, minutes in ((5, 25), (10, 50), (8, 48)):  # the 10 km in 50:00 is the best effort
        await bus.dispatch(RecordRun(run_id=uuid4(), athlete_id=ATHLETE, distance_km=km,
                                     duration_s=minutes * 60, started_at=before), ME)  # fmt: skip
    plan_id = uuid4()
    await bus.dispatch(generate(plan_id, **dates), ME)
    created = database.events_of(str(plan_id))[0]
    assert isinstance(created, PlanCreated)
    assert created.paces is not None
    assert created.paces.vdot == pytest.approx(40.0, abs=0.1)
    nothing_recorded = FakeDatabase()
    await fake_bus(nothing_recorded).dispatch(generate(plan_id, **dates), ME)
    guessed = nothing_recorded.events_of(str(plan_id))[0]
    assert isinstance(guessed, PlanCreated)
    assert guessed.paces is not None
    assert guessed.paces.vdot == pytest.approx(30 + 30 / 4)  # from 30 km a week


async def test_a_race_too_soon_is_a_rule_violation_with_the_reason() -> None:
    with pytest.raises(RuleViolationError, match="at least 8 weeks"):
        await fake_bus(FakeDatabase()).dispatch(generate(uuid4(), race_date=date(2027, 3, 20)), ME)
