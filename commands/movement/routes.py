"""Movement commands over HTTP: uploads handed out as presigned URLs, videos submitted for
analysis, workouts told by hand."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response

from commands.http import AccountSender, IdempotencyKey, answer, build, new_id
from commands.uploads import UploadTicket, upload_ticket
from contracts.commands import CommandAccepted
from contracts.movement.commands import (
    CorrectWorkout,
    DeleteUpload,
    DeleteWorkout,
    LandmarksSubmit,
    RecordWorkout,
    RequestUpload,
    SubmitLandmarks,
    SubmitVideo,
    UploadCreate,
    VideoSubmit,
    WorkoutCreate,
    WorkoutUpdate,
)
from contracts.movement.objects import upload_key
from contracts.types import INT32_MAX
from infra.http_blobs import Blobs
from infra.problems import ProblemError, problems
from infra.settings import Settings

router = APIRouter(prefix="/movement", tags=["movement"])


class UploadTooLargeError(ProblemError):
    status = 413
    problem_type = "upload-too-large"
    title = "Upload too large"


@router.post("/uploads", status_code=201, response_model=UploadTicket, responses=problems(413))
async def request_upload(
    body: UploadCreate,
    sender: AccountSender,
    blobs: Blobs,
    request: Request,
    response: Response,
    key: IdempotencyKey = None,
) -> UploadTicket:
    """Reserve an upload (a video, or a landmark document) and get a URL for it: the bytes go
    straight to storage, never through this API. The URL accepts only the declared content type
    and exact size."""
    settings: Settings = request.app.state.settings
    if body.size_bytes > settings.upload_max_bytes:
        raise UploadTooLargeError(f"a video may be at most {settings.upload_max_bytes} bytes")
    analysis_id = new_id(sender, key)
    command = build(
        RequestUpload, analysis_id=analysis_id, athlete_id=sender.account_id, **body.model_dump()
    )
    accepted = answer(await sender.send(command, key), response)
    return upload_ticket(
        blobs, settings, accepted, analysis_id, upload_key(sender.account_id, analysis_id),
        body.content_type, body.size_bytes,
    )  # fmt: skip


@router.post(
    "/uploads/{upload_id}/submit",
    status_code=202,
    response_model=CommandAccepted,
    responses=problems(404, 409, 503),
)
async def submit_video(
    upload_id: UUID,
    body: VideoSubmit,
    sender: AccountSender,
    response: Response,
    key: IdempotencyKey = None,
) -> CommandAccepted:
    """Have the uploaded video analysed; 409 if nothing was uploaded yet or it was submitted."""
    command = build(
        SubmitVideo,
        analysis_id=upload_id,
        athlete_id=sender.account_id,
        exercise=None if body.exercise == "detect" else body.exercise,
        body_weight_kg=body.body_weight_kg,
    )
    return answer(await sender.send(command, key), response)


@router.post(
    "/uploads/{upload_id}/submit-landmarks",
    status_code=202,
    response_model=CommandAccepted,
    responses=problems(404, 409, 503),
)
async def submit_landmarks(
    upload_id: UUID,
    body: LandmarksSubmit,
    sender: AccountSender,
    response: Response,
    key: IdempotencyKey = None,
) -> CommandAccepted:
    """Have an uploaded landmark document (`application/json`, in the format of MediaPipe's
    JavaScript pose landmarker) analysed beside the count the client showed; 409 if nothing was
    uploaded yet, it holds a video, or it was submitted."""
    command = build(
        SubmitLandmarks,
        analysis_id=upload_id,
        athlete_id=sender.account_id,
        exercise=None if body.exercise == "detect" else body.exercise,
        client_reps=body.client_reps,
        body_weight_kg=body.body_weight_kg,
    )
    return answer(await sender.send(command, key), response)


@router.delete("/uploads/{upload_id}", response_model=CommandAccepted, responses=problems(404, 409))
async def delete_upload(
    upload_id: UUID, sender: AccountSender, response: Response, key: IdempotencyKey = None
) -> CommandAccepted:
    """Delete an upload, its analysis and its files (a workout it proved stays); 409 while it
    is being analysed."""
    command = build(DeleteUpload, analysis_id=upload_id, athlete_id=sender.account_id)
    return answer(await sender.send(command, key), response)


@router.post("/workouts", status_code=201, response_model=CommandAccepted)
async def record_workout(
    body: WorkoutCreate, sender: AccountSender, response: Response, key: IdempotencyKey = None
) -> CommandAccepted:
    """Record a workout by hand; calories from MET x body weight x time when not given."""
    command = build(
        RecordWorkout, workout_id=new_id(sender, key), athlete_id=sender.account_id,
        **body.model_dump(),
    )  # fmt: skip
    return answer(await sender.send(command, key), response)


@router.put("/workouts/{workout_id}", response_model=CommandAccepted, responses=problems(404, 409))
async def correct_workout(
    workout_id: UUID,
    body: WorkoutUpdate,
    sender: AccountSender,
    response: Response,
    key: IdempotencyKey = None,
) -> CommandAccepted:
    """Replace a workout's details; 409 if it changed since `expected_version`."""
    command = build(
        CorrectWorkout, workout_id=workout_id, athlete_id=sender.account_id, **body.model_dump()
    )
    return answer(await sender.send(command, key), response)


@router.delete(
    "/workouts/{workout_id}", response_model=CommandAccepted, responses=problems(404, 409)
)
async def delete_workout(
    workout_id: UUID,
    sender: AccountSender,
    response: Response,
    key: IdempotencyKey = None,
    expected_version: Annotated[int | None, Query(ge=1, le=INT32_MAX)] = None,
) -> CommandAccepted:
    """Delete a workout; 409 if `expected_version` is given and stale."""
    command = build(DeleteWorkout, workout_id=workout_id, athlete_id=sender.account_id,
                    expected_version=expected_version)  # fmt: skip
    return answer(await sender.send(command, key), response)
