"""Movement commands through the real command bus on the in-memory unit of work: an upload's
life from reservation to verdict, the workout a verdict proves, and manual workouts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import get_args
from uuid import UUID, uuid4

import pytest

from commands.actors import Actor
from commands.errors import ConcurrencyError, ConflictError, NotFoundError
from commands.movement.workout import workout_of
from contracts.movement.commands import (
    EXERCISE_MET,
    CompleteAnalysis,
    ConfirmUploadRemoved,
    CorrectWorkout,
    DeleteUpload,
    Exercise,
    ExpireUpload,
    FailAnalysis,
    RecordWorkout,
    ReportAnalysisProgress,
    RequestUpload,
    SubmitLandmarks,
    SubmitVideo,
)
from contracts.movement.events import (
    WorkoutRecorded,
)
from contracts.movement.objects import upload_key
from contracts.movement.results import AnalysisResult
from infra.blobs import BlobNotFoundError, BlobStoreUnavailableError
from infra.consumers import is_transient
from tests.fakes import FakeDatabase, InMemoryUploads, fake_bus
from workers.jobs import one_line
from workers.movement.analysis import ANALYSE_VIDEO, UploadGoneError
from workers.pose import EXERCISES, PoseInputError

ATHLETE, OTHER = uuid4(), uuid4()
ME, THEM = Actor.account(ATHLETE, "athlete"), Actor.account(OTHER, "athlete")
JOB = Actor.system("job:movement.analyse_video")
SIZE = 12_345


def result(reps: int = 7) -> AnalysisResult:
    return AnalysisResult(
        exercise="squat", exercise_title="Squat", detected=True, reps=reps, partial_attempts=0,
        range_label="lowest knee angle", rep_details=[], cues=[], duration_s=20.0, active_s=15.0,
        calories_kcal=4.2, body_weight_kg=70.0, confidence=0.9, frames=600, frames_with_pose=590,
    )  # fmt: skip


class Upload:
    def __init__(self) -> None:
        self.database, self.uploads = FakeDatabase(), InMemoryUploads()
        self.bus = fake_bus(self.database, dependencies={"uploads": self.uploads})
        self.id = uuid4()

    async def reserve(self) -> None:
        await self.bus.dispatch(
            RequestUpload(analysis_id=self.id, athlete_id=ATHLETE, content_type="video/mp4",
                          size_bytes=SIZE), ME,
        )  # fmt: skip

    def arrive(self, size: int = SIZE) -> None:
        self.uploads.sizes[upload_key(ATHLETE, self.id)] = size

    async def submit(self, athlete: UUID = ATHLETE) -> None:
        actor = Actor.account(athlete, "athlete")
        await self.bus.dispatch(
            SubmitVideo(analysis_id=self.id, athlete_id=athlete, exercise=None), actor
        )

    def history(self) -> list[str]:
        return [type(event).__name__ for event in self.database.events_of(str(self.id))]


async def test_an_upload_is_submitted_once_it_arrived_then_analysed_into_a_verified_workout() -> (
    None
):
    upload = Upload()
    await upload.reserve()
    with pytest.raises(ConflictError, match="PUT the file first"):
        await upload.submit()
    upload.arrive()
    await upload.submit()
    for fraction in (0.5, 0.3, 1.0):  # a late, smaller progress changes nothing
        await upload.bus.dispatch(
            ReportAnalysisProgress(analysis_id=upload.id, fraction=fraction), JOB
        )
    await upload.bus.dispatch(
        CompleteAnalysis(analysis_id=upload.id, result=result(), key_frame_key="k.png"), JOB
    )

    assert upload.history() == ["UploadRequested", "VideoSubmitted", "AnalysisProgressed",
                                "AnalysisProgressed", "AnalysisCompleted"]  # fmt: skip
    [workout] = upload.database.events_of(str(workout_of(upload.id)))
    assert isinstance(workout, WorkoutRecorded)
    assert (workout.athlete_id, workout.exercise, workout.reps, workout.source, workout.verified,
            workout.analysis_id) == (ATHLETE, "squat", 7, "video", True, upload.id)  # fmt: skip
    with pytest.raises(ConflictError, match="completed, not running"):
        await upload.bus.dispatch(FailAnalysis(analysis_id=upload.id, reason="late"), JOB)


async def test_an_upload_of_another_size_someone_elses_or_submitted_twice_is_refused() -> None:
    upload = Upload()
    await upload.reserve()
    upload.arrive(SIZE + 1)
    with pytest.raises(ConflictError, match="not 12345 as declared"):
        await upload.submit()
    upload.arrive()
    with pytest.raises(NotFoundError):
        await upload.submit(OTHER)
    await upload.submit()
    with pytest.raises(ConflictError, match="submitted already"):
        await upload.submit()
    await upload.bus.dispatch(FailAnalysis(analysis_id=upload.id, reason="no person found"), JOB)
    assert upload.history()[-1] == "AnalysisFailed"


async def test_a_manual_workout_gets_its_calories_from_met_weight_and_time() -> None:
    database = FakeDatabase()
    bus = fake_bus(database)
    workout_id = uuid4()
    when = datetime.now(UTC) - timedelta(hours=1)
    await bus.dispatch(
        RecordWorkout(workout_id=workout_id, athlete_id=ATHLETE, exercise="jump_rope", reps=300,
                      duration_s=600, performed_at=when, body_weight_kg=50), ME,
    )  # fmt: skip
    with pytest.raises(ConcurrencyError):
        await bus.dispatch(
            CorrectWorkout(workout_id=workout_id, athlete_id=ATHLETE, exercise="jump_rope",
                           reps=310, duration_s=600, performed_at=when, expected_version=2), ME,
        )  # fmt: skip
    with pytest.raises(NotFoundError):
        await bus.dispatch(
            CorrectWorkout(workout_id=workout_id, athlete_id=OTHER, exercise="jump_rope",
                           reps=310, duration_s=600, performed_at=when, expected_version=1), THEM,
        )  # fmt: skip

    [recorded] = database.events_of(str(workout_id))
    assert isinstance(recorded, WorkoutRecorded)
    assert recorded.calories_kcal == pytest.approx(11.8 * 50 * 600 / 3600, abs=0.01)
    assert (recorded.source, recorded.verified) == ("manual", False)


def test_the_contracts_name_the_engines_exercises_and_their_mets() -> None:
    assert set(get_args(Exercise)) == set(EXERCISES)
    assert {name: exercise.met for name, exercise in EXERCISES.items()} == EXERCISE_MET


async def test_an_upload_is_deleted_unless_running_expires_unless_submitted_and_is_removed_once(
) -> None:  # fmt: skip
    running, waiting = Upload(), Upload()
    for upload in (running, waiting):
        await upload.reserve()
        upload.arrive()
    await running.submit()
    with pytest.raises(ConflictError, match="being analysed"):
        await running.bus.dispatch(DeleteUpload(analysis_id=running.id, athlete_id=ATHLETE), ME)
    await running.bus.dispatch(ExpireUpload(analysis_id=running.id), JOB)  # submitted in time
    await waiting.bus.dispatch(ExpireUpload(analysis_id=waiting.id), JOB)
    with pytest.raises(ConflictError, match="expired"):
        await waiting.submit()
    for _ in range(2):
        await waiting.bus.dispatch(ConfirmUploadRemoved(analysis_id=waiting.id), JOB)

    assert running.history() == ["UploadRequested", "VideoSubmitted"]
    assert waiting.history() == ["UploadRequested", "UploadExpired", "UploadRemoved"]
    with pytest.raises(NotFoundError):
        await waiting.bus.dispatch(DeleteUpload(analysis_id=waiting.id, athlete_id=OTHER), THEM)


async def test_landmarks_are_verified_when_the_client_count_is_within_one_rep() -> None:
    outcomes = {}
    for client_reps in (6, 9):
        upload = Upload()
        await upload.bus.dispatch(
            RequestUpload(analysis_id=upload.id, athlete_id=ATHLETE,
                          content_type="application/json", size_bytes=SIZE), ME,
        )  # fmt: skip
        upload.arrive()
        with pytest.raises(ConflictError, match="holds landmarks"):
            await upload.submit()
        await upload.bus.dispatch(
            SubmitLandmarks(analysis_id=upload.id, athlete_id=ATHLETE, exercise="squat",
                            client_reps=client_reps), ME,
        )  # fmt: skip
        await upload.bus.dispatch(CompleteAnalysis(analysis_id=upload.id, result=result(7)), JOB)
        [workout] = upload.database.events_of(str(workout_of(upload.id)))
        assert isinstance(workout, WorkoutRecorded)
        outcomes[client_reps] = (workout.reps, workout.client_reps, workout.verified,
                                 workout.source)  # fmt: skip

    assert outcomes == {6: (7, 6, True, "landmarks"), 9: (7, 9, False, "landmarks")}


def test_storage_out_of_reach_is_an_outage_that_jobs_retry_and_a_missing_upload_is_not() -> None:
    assert is_transient(BlobStoreUnavailableError("connection refused"))
    assert not is_transient(BlobNotFoundError("NoSuchKey"))
    assert issubclass(UploadGoneError, PoseInputError)  # reported to the athlete, not retried
    assert set(ANALYSE_VIDEO.bad_input) == {PoseInputError}


@pytest.mark.parametrize(
    "message", ["line one\nline two\ttabbed", "nul\x00inside", "x" * 2000, "", " \n "]
)
def test_any_error_message_becomes_a_reason_the_failure_command_accepts(message: str) -> None:
    reason = one_line(message)
    assert FailAnalysis(analysis_id=uuid4(), reason=reason).reason == reason
    assert len(reason) <= 500
