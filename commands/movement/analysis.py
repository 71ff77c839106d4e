"""The VideoAnalysis aggregate: one upload, from the URL handed out to the engine's verdict."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Self
from uuid import UUID

from commands.aggregate import Owned
from commands.errors import ConflictError, NotFoundError
from contracts.events import DomainEvent
from contracts.movement.commands import (
    LANDMARKS_TYPE,
    CompleteAnalysis,
    ConfirmUploadRemoved,
    DeleteUpload,
    ExpireUpload,
    FailAnalysis,
    FailUploadRemoval,
    ReportAnalysisProgress,
    RequestUpload,
    SubmitLandmarks,
    SubmitVideo,
)
from contracts.movement.events import (
    AnalysisCompleted,
    AnalysisFailed,
    AnalysisProgressed,
    LandmarksSubmitted,
    UploadDeleted,
    UploadExpired,
    UploadRemovalFailed,
    UploadRemoved,
    UploadRequested,
    VideoSubmitted,
)
from contracts.movement.objects import upload_key


class Stage(StrEnum):
    REQUESTED = "requested"
    SUBMITTED = "submitted"
    COMPLETED = "completed"
    FAILED = "failed"
    DELETED = "deleted"
    EXPIRED = "expired"


class VideoAnalysis(Owned):
    stream_type = "video_analysis"
    noun = "upload"

    object_key: str
    size_bytes: int
    content_type: str
    client_reps: int | None = None
    stage: Stage = Stage.REQUESTED
    fraction: float = 0.0
    submitted_at: datetime

    removed: bool = False

    @classmethod
    def request(cls, cmd: RequestUpload, expiry: timedelta) -> Self:
        analysis = cls(str(cmd.analysis_id))
        analysis.record(
            UploadRequested(
                analysis_id=cmd.analysis_id, athlete_id=cmd.athlete_id,
                object_key=upload_key(cmd.athlete_id, cmd.analysis_id),
                content_type=cmd.content_type, size_bytes=cmd.size_bytes,
                expires_at=datetime.now(UTC) + expiry,
            )
        )  # fmt: skip
        return analysis

    def delete(self, cmd: DeleteUpload) -> None:
        self.check_owned_by(cmd.athlete_id)
        if self.stage is Stage.DELETED:
            raise NotFoundError(f"upload {self.id} does not exist")
        if self.stage is Stage.SUBMITTED:
            raise ConflictError(f"upload {self.id} is being analysed; delete it once it is done")
        self.record(UploadDeleted(analysis_id=cmd.analysis_id, athlete_id=self.athlete_id))

    def expire(self, cmd: ExpireUpload) -> None:
        if self.stage is Stage.REQUESTED:
            self.record(UploadExpired(analysis_id=cmd.analysis_id, athlete_id=self.athlete_id))

    def removal_failed(self, cmd: FailUploadRemoval) -> None:
        if self.stage in (Stage.DELETED, Stage.EXPIRED) and not self.removed:
            self.record(
                UploadRemovalFailed(
                    analysis_id=cmd.analysis_id, athlete_id=self.athlete_id, reason=cmd.reason
                )
            )

    def confirm_removed(self, cmd: ConfirmUploadRemoved) -> None:
        if self.stage in (Stage.DELETED, Stage.EXPIRED) and not self.removed:
            self.record(UploadRemoved(analysis_id=cmd.analysis_id, athlete_id=self.athlete_id))

    @property
    def holds_landmarks(self) -> bool:
        return self.content_type == LANDMARKS_TYPE

    def _check_submittable(self, athlete_id: UUID, uploaded_bytes: int | None) -> None:
        self.check_owned_by(athlete_id)
        if self.stage is Stage.DELETED:
            raise NotFoundError(f"upload {self.id} does not exist")
        if self.stage is Stage.EXPIRED:
            raise ConflictError(f"upload {self.id} expired before it was submitted; upload again")
        if self.stage is not Stage.REQUESTED:
            raise ConflictError(f"upload {self.id} was submitted already")
        if uploaded_bytes is None:
            raise ConflictError(f"nothing was uploaded for {self.id} yet: PUT the file first")
        if uploaded_bytes != self.size_bytes:
            raise ConflictError(
                f"upload {self.id} holds {uploaded_bytes} bytes, not {self.size_bytes} as declared"
            )

    def submit(self, cmd: SubmitVideo, uploaded_bytes: int | None) -> None:
        self._check_submittable(cmd.athlete_id, uploaded_bytes)
        if self.holds_landmarks:
            raise ConflictError(f"upload {self.id} holds landmarks: submit it as landmarks")
        self.record(
            VideoSubmitted(
                analysis_id=cmd.analysis_id, athlete_id=self.athlete_id,
                object_key=self.object_key, exercise=cmd.exercise,
                body_weight_kg=cmd.body_weight_kg, submitted_at=datetime.now(UTC),
            )
        )  # fmt: skip

    def submit_landmarks(self, cmd: SubmitLandmarks, uploaded_bytes: int | None) -> None:
        self._check_submittable(cmd.athlete_id, uploaded_bytes)
        if not self.holds_landmarks:
            raise ConflictError(f"upload {self.id} holds a video: submit it as a video")
        self.record(
            LandmarksSubmitted(
                analysis_id=cmd.analysis_id, athlete_id=self.athlete_id,
                object_key=self.object_key, exercise=cmd.exercise,
                body_weight_kg=cmd.body_weight_kg, client_reps=cmd.client_reps,
                submitted_at=datetime.now(UTC),
            )
        )  # fmt: skip

    def progress(self, cmd: ReportAnalysisProgress) -> None:
        # Progress that arrives late (after the outcome, or behind a larger one) changes nothing.
        if self.stage is Stage.SUBMITTED and cmd.fraction > self.fraction:
            self.record(
                AnalysisProgressed(
                    analysis_id=cmd.analysis_id, athlete_id=self.athlete_id, fraction=cmd.fraction
                )
            )

    def complete(self, cmd: CompleteAnalysis) -> None:
        self._check_running()
        self.record(
            AnalysisCompleted(
                analysis_id=cmd.analysis_id, athlete_id=self.athlete_id, result=cmd.result,
                key_frame_key=cmd.key_frame_key,
            )
        )  # fmt: skip

    def fail(self, cmd: FailAnalysis) -> None:
        self._check_running()
        self.record(
            AnalysisFailed(
                analysis_id=cmd.analysis_id, athlete_id=self.athlete_id, reason=cmd.reason
            )
        )

    def _check_running(self) -> None:
        if self.stage is not Stage.SUBMITTED:
            raise ConflictError(f"analysis {self.id} is {self.stage.value}, not running")

    def apply(self, event: DomainEvent) -> None:
        match event:
            case UploadRequested():
                self.athlete_id = event.athlete_id
                self.object_key = event.object_key
                self.size_bytes = event.size_bytes
                self.content_type = event.content_type
            case VideoSubmitted():
                self.stage = Stage.SUBMITTED
                self.submitted_at = event.submitted_at
            case LandmarksSubmitted():
                self.stage = Stage.SUBMITTED
                self.submitted_at = event.submitted_at
                self.client_reps = event.client_reps
            case AnalysisProgressed():
                self.fraction = event.fraction
            case AnalysisCompleted():
                self.stage = Stage.COMPLETED
            case AnalysisFailed():
                self.stage = Stage.FAILED
            case UploadDeleted():
                self.stage = Stage.DELETED
            case UploadExpired():
                self.stage = Stage.EXPIRED
            case UploadRemoved():
                self.removed = True
            case UploadRemovalFailed():
                pass
