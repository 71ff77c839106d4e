"""The analysis jobs: fetch the upload, make sure it is a video (or a landmark document) a
person can be counted in, run the pose engine, keep the key frame, and report the verdict by
command."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any
from uuid import UUID

import filetype  # type: ignore[import-untyped]
from pydantic import BaseModel

from contracts.commands import Command
from contracts.movement.commands import (
    DEFAULT_BODY_WEIGHT_KG,
    CompleteAnalysis,
    FailAnalysis,
    ReportAnalysisProgress,
)
from contracts.movement.objects import key_frame_key
from contracts.movement.results import AnalysisResult
from infra.blobs import BlobNotFoundError
from workers.jobs import Job, Work
from workers.pose import PoseInputError
from workers.storage import buckets

MAX_VIDEO_S = 600


class NotAVideoError(PoseInputError):
    """The upload's content is not a video, whatever its name or declared type."""


class UploadGoneError(PoseInputError):
    """The upload was deleted before it could be analysed."""


class VideoTooLongError(PoseInputError):
    """Longer than an analysis may be."""


class VideoAnalysisJob(BaseModel):
    analysis_id: UUID
    athlete_id: UUID
    object_key: str
    exercise: str | None
    body_weight_kg: float | None


class LandmarksAnalysisJob(VideoAnalysisJob):
    client_reps: int


def analyse(job: VideoAnalysisJob, work: Work) -> Command[Any]:
    from workers.pose import analyze_video  # the engine (OpenCV, MediaPipe) where it works

    storage = work.tool(buckets)
    with tempfile.TemporaryDirectory(prefix="pacer-video-") as folder:
        video = Path(folder) / "upload"
        try:
            work.wait(storage.store.download_to(storage.uploads, job.object_key, video))
        except BlobNotFoundError:
            raise UploadGoneError(
                "the uploaded video is no longer there; upload it again"
            ) from None
        check_video(video)
        picture = Path(folder) / "key-frame.png"
        analysis = analyze_video(
            video, job.exercise, body_weight_kg=job.body_weight_kg or DEFAULT_BODY_WEIGHT_KG,
            overlay_png=picture, progress=work.progress,
        )  # fmt: skip
        key = key_frame_key(job.athlete_id, job.analysis_id)
        work.wait(storage.store.put_file(storage.derived, key, picture, content_type="image/png"))
    result = AnalysisResult.model_validate(analysis.model_dump())
    return CompleteAnalysis(analysis_id=job.analysis_id, result=result, key_frame_key=key)


def analyse_landmarks_upload(job: LandmarksAnalysisJob, work: Work) -> Command[Any]:
    from workers.pose import analyze_landmarks, load_json  # the engine where it works

    with tempfile.TemporaryDirectory(prefix="pacer-landmarks-") as folder:
        sequence = load_json(fetched(job, work, Path(folder) / "landmarks.json"))
    analysis = analyze_landmarks(
        sequence, job.exercise, body_weight_kg=job.body_weight_kg or DEFAULT_BODY_WEIGHT_KG
    )
    result = AnalysisResult.model_validate(analysis.model_dump())
    return CompleteAnalysis(analysis_id=job.analysis_id, result=result)


def fetched(job: VideoAnalysisJob, work: Work, path: Path) -> Path:
    """The upload, streamed into `path`."""
    storage = work.tool(buckets)
    try:
        work.wait(storage.store.download_to(storage.uploads, job.object_key, path))
    except BlobNotFoundError:
        raise UploadGoneError("the upload is no longer there; upload it again") from None
    return path


def check_video(path: Path) -> None:
    """By the content, not the name: the container's signature, then a duration within limits."""
    from workers.pose.video import probe  # OpenCV: where a video is read

    kind = filetype.guess(str(path))
    if kind is None or not kind.mime.startswith("video/"):
        found = f"its content is {kind.mime}" if kind is not None else "no known file format"
        raise NotAVideoError(f"the upload is not a video ({found})")
    info = probe(path)
    if info.fps > 0 and info.frames / info.fps > MAX_VIDEO_S:
        minutes = info.frames / info.fps / 60
        raise VideoTooLongError(
            f"the video lasts {minutes:.1f} minutes; at most {MAX_VIDEO_S // 60} can be analysed"
        )


ANALYSE_VIDEO: Job[VideoAnalysisJob] = Job(
    name="movement.analyse_video",
    payload=VideoAnalysisJob,
    run=analyse,
    failed=lambda job, reason: FailAnalysis(analysis_id=job.analysis_id, reason=reason),
    bad_input=(PoseInputError,),
    progress=lambda job, fraction: ReportAnalysisProgress(
        analysis_id=job.analysis_id, fraction=fraction
    ),
    time_limit_s=900.0,
)


ANALYSE_LANDMARKS: Job[LandmarksAnalysisJob] = Job(
    name="movement.analyse_landmarks",
    payload=LandmarksAnalysisJob,
    run=analyse_landmarks_upload,
    failed=lambda job, reason: FailAnalysis(analysis_id=job.analysis_id, reason=reason),
    bad_input=(PoseInputError,),
    time_limit_s=120.0,
)
