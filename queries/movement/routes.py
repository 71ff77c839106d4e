"""Movement queries over HTTP: an analysis's status and verdict, workouts, statistics."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request
from pydantic import AnyHttpUrl

from contracts.movement.commands import Exercise
from contracts.movement.reads import (
    ANALYSES,
    WORKOUTS,
    AnalysisPublic,
    ExerciseStatistics,
    WorkoutPage,
    WorkoutPublic,
)
from contracts.types import QueryInstant
from infra.http_auth import CurrentPrincipal
from infra.http_blobs import Blobs
from infra.problems import problems
from infra.settings import Settings
from queries.access import ReadMovement
from queries.cursors import CURSOR_PATTERN
from queries.http import Connection, Consistent, NotFoundError
from queries.movement import views

router = APIRouter(prefix="/movement", tags=["movement"])
From = Annotated[QueryInstant | None, Query(alias="from", description="Inclusive.")]
To = Annotated[QueryInstant | None, Query(alias="to", description="Exclusive.")]
OfExercise = Annotated[Exercise | None, Query(description="Only this exercise.")]


@router.get(
    "/analyses/{analysis_id}",
    response_model=AnalysisPublic,
    responses=problems(404),
    dependencies=[Consistent(ANALYSES)],
)
async def get_analysis(
    analysis_id: UUID,
    principal: CurrentPrincipal,
    conn: Connection,
    blobs: Blobs,
    request: Request,
) -> AnalysisPublic:
    """One of your uploads: its status, progress and, once done, the verdict with a link to
    the key-frame picture that expires; 404 if it does not exist or is not yours."""
    row = await views.get_analysis(conn, principal.account_id, analysis_id)
    if row is None:
        raise NotFoundError(f"analysis {analysis_id} not found")
    settings: Settings = request.app.state.settings
    key = row.pop("key_frame_key")
    link = (
        blobs.presigned_get(settings.s3_derived_bucket, key, expires_s=settings.derived_url_ttl_s)
        if key
        else None
    )
    return AnalysisPublic(**row, key_frame_url=AnyHttpUrl(link) if link else None)


@router.get(
    "/workouts",
    response_model=WorkoutPage,
    responses=problems(400),
    dependencies=[Consistent(WORKOUTS)],
)
async def list_workouts(
    subject: ReadMovement,
    conn: Connection,
    exercise: OfExercise = None,
    start: From = None,
    end: To = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=500, pattern=CURSOR_PATTERN)] = None,
) -> WorkoutPage:
    """Your workouts, newest first, optionally of one exercise and within [from, to)."""
    return await views.list_workouts(
        conn, subject.athlete_id, exercise=exercise, start=start, end=end, limit=limit,
        cursor=cursor,
    )  # fmt: skip


@router.get(
    "/workouts/{workout_id}",
    response_model=WorkoutPublic,
    responses=problems(404),
    dependencies=[Consistent(WORKOUTS)],
)
async def get_workout(workout_id: UUID, subject: ReadMovement, conn: Connection) -> WorkoutPublic:
    """One of your workouts; 404 if it does not exist or is not yours."""
    workout = await views.get_workout(conn, subject.athlete_id, workout_id)
    if workout is None:
        raise NotFoundError(f"workout {workout_id} not found")
    return workout


@router.get(
    "/statistics",
    response_model=list[ExerciseStatistics],
    dependencies=[Consistent(WORKOUTS)],
)
async def statistics(
    subject: ReadMovement,
    conn: Connection,
    exercise: OfExercise = None,
    start: From = None,
    end: To = None,
    period: Annotated[views.Period, Query(description="Totals per day, week or month.")] = "week",
) -> list[ExerciseStatistics]:
    """Per exercise: totals, best set, verified workouts, totals per period and the streak."""
    return await views.statistics(
        conn, subject.athlete_id, exercise=exercise, start=start, end=end, period=period
    )
