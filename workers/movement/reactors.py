"""The movement reactors: a submitted video or landmark document goes to its analysis job; an
upload is expired when due, and a deleted or expired one has its files removed."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from contracts.movement.events import (
    LandmarksSubmitted,
    UploadDeleted,
    UploadExpired,
    UploadRequested,
    VideoSubmitted,
)
from contracts.movement.objects import upload_key
from workers.movement.analysis import (
    ANALYSE_LANDMARKS,
    ANALYSE_VIDEO,
    LandmarksAnalysisJob,
    VideoAnalysisJob,
)
from workers.movement.lifecycle import EXPIRE_UPLOAD, REMOVE_UPLOAD, UploadDeadline, UploadFiles
from workers.reactors import Reaction, Reactor

videos = Reactor("movement.videos")
uploads = Reactor("movement.uploads")


@uploads.on(UploadRequested)
async def expire_when_due(event: UploadRequested, reaction: Reaction) -> None:
    wait_s = (event.expires_at - datetime.now(UTC)).total_seconds()
    await reaction.enqueue(
        EXPIRE_UPLOAD, UploadDeadline(analysis_id=event.analysis_id), delay_s=max(wait_s, 0.0)
    )


@uploads.on(UploadDeleted)
async def remove_deleted(event: UploadDeleted, reaction: Reaction) -> None:
    await _remove(event.analysis_id, event.athlete_id, reaction)


@uploads.on(UploadExpired)
async def remove_expired(event: UploadExpired, reaction: Reaction) -> None:
    await _remove(event.analysis_id, event.athlete_id, reaction)


async def _remove(analysis_id: UUID, athlete_id: UUID, reaction: Reaction) -> None:
    key = upload_key(athlete_id, analysis_id)
    files = UploadFiles(analysis_id=analysis_id, athlete_id=athlete_id, object_key=key)
    await reaction.enqueue(REMOVE_UPLOAD, files)


@videos.on(VideoSubmitted)
async def analyse_submitted(event: VideoSubmitted, reaction: Reaction) -> None:
    await reaction.enqueue(
        ANALYSE_VIDEO,
        VideoAnalysisJob(
            analysis_id=event.analysis_id, athlete_id=event.athlete_id,
            object_key=event.object_key, exercise=event.exercise,
            body_weight_kg=event.body_weight_kg,
        ),
    )  # fmt: skip


@videos.on(LandmarksSubmitted)
async def analyse_submitted_landmarks(event: LandmarksSubmitted, reaction: Reaction) -> None:
    await reaction.enqueue(
        ANALYSE_LANDMARKS,
        LandmarksAnalysisJob(
            analysis_id=event.analysis_id, athlete_id=event.athlete_id,
            object_key=event.object_key, exercise=event.exercise,
            body_weight_kg=event.body_weight_kg, client_reps=event.client_reps,
        ),
    )  # fmt: skip
